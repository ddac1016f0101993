//! A target table that lists several projects in one table (项目名称 merged
//! down over each project's indicator rows, its money and goal beside it):
//! one document per project. The reader leaves those columns in the first
//! row's `extra` of each project; here each project's rows become a
//! document of their own, and its name, goal and money move to their fields.

use crate::model::{Document, Funds, Goal, Indicator, Warning};
use crate::normalize::{clean_opt, parse_amount};
use crate::vocab::{Vocabulary, key_of, vocabulary};

/// A header naming a project's money in a listing (年度资金总额（万元）).
const MONEY_HEADERS: [&str; 3] = ["资金总额", "资金合计", "项目总额"];

/// What a listing column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    Entity,
    Project,
    Goal,
    Money,
}

fn listed(header: &str) -> Option<Listed> {
    let v = vocabulary();
    let key = key_of(header);
    // 项目名称, and 单位（项目）名称 where units and projects share a column.
    let project = key.contains("项目") && key.ends_with("名称");
    if project || Vocabulary::field_of(&v.fields, header) == Some("project") {
        Some(Listed::Project)
    } else if Vocabulary::field_of(&v.fields, header) == Some("entity") {
        Some(Listed::Entity)
    } else if v.goal_label.matches_key(&key) || key.ends_with("绩效目标") {
        Some(Listed::Goal)
    } else if MONEY_HEADERS.iter().any(|m| key.contains(m)) {
        Some(Listed::Money)
    } else {
        None
    }
}

/// The documents a target table holds: itself, or one per project it lists.
pub fn split_projects(doc: Document) -> Vec<Document> {
    let target = doc.form.as_deref().is_some_and(|f| f.ends_with("_target"));
    // Where a project's name is printed; the same name again (its merged
    // cell cut by a page break) goes on with the same project.
    let mut starts: Vec<usize> = Vec::new();
    let mut last: Option<String> = None;
    for (n, i) in doc.indicators.iter().enumerate() {
        let name = i
            .extra
            .iter()
            .find(|(h, v)| listed(h) == Some(Listed::Project) && !v.trim().is_empty())
            .map(|(_, v)| crate::normalize::clean_text(v));
        if let Some(name) = name
            && last.as_ref() != Some(&name)
        {
            starts.push(n);
            last = Some(name);
        }
    }
    if !target || starts.is_empty() || doc.project.is_some() {
        return vec![doc];
    }
    let mut bounds: Vec<usize> = starts.clone();
    // Rows before the first project: one cut off by a page break when
    // they name indicators, else the header's second line.
    if bounds[0] > 0 && doc.indicators[..bounds[0]].iter().any(|i| i.name.is_some()) {
        bounds.insert(0, 0);
    }
    bounds.push(doc.indicators.len());
    // The entity's cell is merged over every project it lists.
    let mut entity = doc.entity.clone();
    bounds
        .windows(2)
        .enumerate()
        .map(|(n, w)| {
            let mut one = one_project(&doc, w[0], w[1], n == 0);
            match &one.entity {
                Some(e) => entity = Some(e.clone()),
                None => one.entity = entity.clone(),
            }
            one
        })
        .collect()
}

/// The document of rows `from..to`.
/// The document of rows `from..to`; the first one keeps the table's
/// unread cells.
fn one_project(doc: &Document, from: usize, to: usize, first: bool) -> Document {
    let mut out = Document {
        indicators: doc.indicators[from..to].to_vec(),
        warnings: Vec::new(),
        confidence: Default::default(),
        ocr_confidence: Default::default(),
        unread: if first {
            doc.unread.clone()
        } else {
            Vec::new()
        },
        ..doc.clone()
    };
    if !out.indicators.is_empty() {
        let mut first = out.indicators.remove(0);
        take_listed(&mut first, &mut out);
        out.indicators.insert(0, first);
    }
    let moved = |path: &str| shift(path, from, to);
    out.warnings = doc
        .warnings
        .iter()
        .filter_map(|w| {
            if w.fields.is_empty() {
                return Some(w.clone());
            }
            let fields: Vec<String> = w.fields.iter().filter_map(|f| moved(f)).collect();
            (!fields.is_empty()).then(|| Warning {
                fields,
                ..w.clone()
            })
        })
        .collect();
    out.confidence = doc
        .confidence
        .iter()
        .filter_map(|(p, c)| moved(p).map(|p| (p, *c)))
        .collect();
    out.ocr_confidence = doc
        .ocr_confidence
        .iter()
        .filter_map(|(p, c)| moved(p).map(|p| (p, *c)))
        .collect();
    out
}

/// Moves the listing's columns out of a project's first row into `doc`.
fn take_listed(row: &mut Indicator, doc: &mut Document) {
    let keys: Vec<String> = row.extra.keys().cloned().collect();
    for h in keys {
        let Some(kind) = listed(&h) else {
            continue;
        };
        let Some(value) = row.extra.remove(&h) else {
            continue;
        };
        match kind {
            Listed::Entity => doc.entity = clean_opt(&value),
            Listed::Project => doc.project = clean_opt(&value),
            Listed::Goal => {
                doc.goal.get_or_insert_with(Goal::default).expected = clean_opt(&value);
            }
            Listed::Money => {
                if doc.unit.is_none() && h.contains("万元") {
                    doc.unit = Some("万元".into());
                }
                doc.funds = vec![Funds {
                    source: key_of(&h).to_string(),
                    full_year_budget: parse_amount(&value),
                    ..Funds::default()
                }];
            }
        }
    }
}

/// A field path of the whole table as a path of rows `from..to`
/// (`indicators[7].target` → `indicators[2].target` from row 5); `None`
/// for another project's row. Paths outside the indicators stay.
fn shift(path: &str, from: usize, to: usize) -> Option<String> {
    let Some(rest) = path.strip_prefix("indicators[") else {
        return Some(path.to_string());
    };
    let close = rest.find(']')?;
    let n: usize = rest[..close].parse().ok()?;
    (from..to)
        .contains(&n)
        .then(|| format!("indicators[{}]{}", n - from, &rest[close + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(extra: &[(&str, &str)]) -> Indicator {
        Indicator {
            name: Some("x".into()),
            extra: extra
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Indicator::default()
        }
    }

    #[test]
    fn one_document_per_listed_project() {
        let doc = Document {
            form: Some("project_target".into()),
            indicators: vec![
                row(&[
                    ("项目名称", "甲项目"),
                    ("年度资金总额(万元)", "30.00"),
                    ("年度绩效目标", "目标甲"),
                    ("指标解释", "说明"),
                ]),
                row(&[]),
                row(&[("项目名称", "乙项目"), ("年度资金总额(万元)", "116.00")]),
            ],
            warnings: vec![Warning::new("w", "m", None).naming(["indicators[2].target"])],
            ..Document::default()
        };
        let docs = split_projects(doc);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].project.as_deref(), Some("甲项目"));
        assert_eq!(docs[0].indicators.len(), 2);
        assert_eq!(docs[0].funds[0].full_year_budget, Some(30.0));
        assert_eq!(docs[0].unit.as_deref(), Some("万元"));
        assert_eq!(
            docs[0].goal.as_ref().and_then(|g| g.expected.as_deref()),
            Some("目标甲")
        );
        assert_eq!(docs[0].indicators[0].extra.len(), 1, "指标解释 stays");
        assert!(docs[0].warnings.is_empty());
        assert_eq!(docs[1].warnings[0].fields, ["indicators[0].target"]);
        let selfeval = Document {
            form: Some("project".into()),
            ..docs[1].clone()
        };
        assert_eq!(split_projects(selfeval).len(), 1);
    }
}
