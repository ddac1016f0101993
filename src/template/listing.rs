//! A target table that lists several projects in one table (项目名称 merged
//! down over each project's indicator rows, its money and goal beside it):
//! one document per project. The reader leaves those columns in the first
//! row's `extra` of each project; here each project's rows become a
//! document of their own, and its name, goal and money move to their fields.
//! A row that names a unit and its money but no indicator (长沙市信访局 |
//! 417.41 over its projects) is the unit's, no project: its name is the
//! entity where none was read, its figures the documents' `extra`. A table
//! that lists one unit and no project column (a department's 单位名称 |
//! 资金总额 | 整体绩效目标 beside its indicators) is one document whose
//! first row gives its entity, goal and money.

use crate::model::{Document, Funds, Goal, Indicator, Warning};
use crate::normalize::{clean_opt, clean_text, parse_amount};
use crate::vocab::{Vocabulary, key_of, vocabulary};

/// What a listing column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    Entity,
    Project,
    Goal,
    Money,
    MoneyPart,
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
    } else if v.listing.money.iter().any(|m| key.contains(m.as_str())) {
        Some(Listed::Money)
    } else if v.listing.money_parts.iter().any(|m| key.starts_with(m.as_str())) {
        Some(Listed::MoneyPart)
    } else {
        None
    }
}

/// The documents a target table holds: itself, or one per project it lists.
pub fn split_projects(mut doc: Document) -> Vec<Document> {
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
    if !target || doc.project.is_some() {
        return vec![doc];
    }
    if starts.is_empty() {
        return vec![one_unit(doc)];
    }
    let mut bounds: Vec<usize> = starts.clone();
    // Rows before the first project: one cut off by a page break when
    // they name indicators, else the header's second line.
    if bounds[0] > 0 && doc.indicators[..bounds[0]].iter().any(|i| i.name.is_some()) {
        bounds.insert(0, 0);
    }
    bounds.push(doc.indicators.len());
    // A unit's own row (its name and money, no indicator) lists no project.
    for w in bounds.windows(2) {
        if is_unit_row(&doc.indicators[w[0]..w[1]]) {
            unit_row(&mut doc, w[0]);
        }
    }
    // The entity's cell is merged over every project it lists.
    let mut entity = doc.entity.clone();
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        if is_unit_row(&doc.indicators[w[0]..w[1]]) {
            continue;
        }
        let mut one = one_project(&doc, w[0], w[1], out.is_empty());
        match &one.entity {
            Some(e) => entity = Some(e.clone()),
            None => one.entity = entity.clone(),
        }
        out.push(one);
    }
    if out.is_empty() {
        return vec![doc];
    }
    out
}

/// Rows that hold a listing's columns and nothing of an indicator.
fn is_unit_row(rows: &[Indicator]) -> bool {
    rows.len() == 1 && {
        let i = &rows[0];
        i.name.is_none()
            && i.target.is_none()
            && i.level1.is_none()
            && i.level2.is_none()
            && i.formula.is_none()
    }
}

/// A unit's row: its name is the entity where none was read, its other
/// figures the document's `extra` (`长沙市信访局/资金总额`).
fn unit_row(doc: &mut Document, at: usize) {
    let row = doc.indicators[at].extra.clone();
    let Some(name) = row
        .iter()
        .find(|(h, _)| listed(h) == Some(Listed::Project))
        .and_then(|(_, v)| clean_opt(v))
    else {
        return;
    };
    if doc.entity.is_none() {
        doc.entity = Some(name.clone());
    }
    for (h, v) in &row {
        if listed(h) != Some(Listed::Project) {
            doc.extra.insert(format!("{name}/{h}"), v.clone());
        }
    }
}

/// A table of one unit's indicators whose first row carries the unit's
/// listing columns (单位名称, 资金总额, 整体绩效目标): those move to the
/// document's fields; the same values repeated on a later page's first row
/// are dropped.
fn one_unit(mut doc: Document) -> Document {
    if doc.indicators.is_empty()
        || !doc.indicators[0].extra.keys().any(|h| {
            matches!(
                listed(h),
                Some(Listed::Entity | Listed::Goal | Listed::Money)
            )
        })
    {
        return doc;
    }
    let mut first = doc.indicators.remove(0);
    let taken = take_listed(&mut first, &mut doc);
    doc.indicators.insert(0, first);
    drop_repeats(&mut doc.indicators[1..], &taken);
    drop_filled(&mut doc);
    doc
}

/// Removes from rows the listing values a project's first row gave.
fn drop_repeats(rows: &mut [Indicator], taken: &[(String, String)]) {
    for r in rows {
        r.extra.retain(|h, v| {
            !taken
                .iter()
                .any(|(th, tv)| th == h && clean_text(v) == clean_text(tv))
        });
    }
}

/// Drops the `required_missing` warnings of fields filled since.
fn drop_filled(doc: &mut Document) {
    let (entity, project) = (doc.entity.is_some(), doc.project.is_some());
    let filled = |f: &str| match f {
        "entity" => entity,
        "project" => project,
        _ => false,
    };
    doc.warnings
        .retain(|w| !(w.code == "required_missing" && w.fields.iter().all(|f| filled(f))));
}

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
        let taken = take_listed(&mut first, &mut out);
        out.indicators.insert(0, first);
        drop_repeats(&mut out.indicators[1..], &taken);
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
    drop_filled(&mut out);
    out
}

/// Moves the listing's columns out of a project's first row into `doc`:
/// the columns and values taken.
fn take_listed(row: &mut Indicator, doc: &mut Document) -> Vec<(String, String)> {
    let keys: Vec<String> = row.extra.keys().cloned().collect();
    let mut taken = Vec::new();
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
            Listed::MoneyPart => {
                doc.extra.insert(h.clone(), clean_text(&value));
            }
        }
        taken.push((h, value));
    }
    taken
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

    #[test]
    fn a_units_own_row_names_no_project() {
        let unit = Indicator {
            name: None,
            ..row(&[("单位（项目）名称", "某局"), ("资金总额", "417.41")])
        };
        let doc = Document {
            form: Some("project_target".into()),
            indicators: vec![
                unit,
                row(&[("单位（项目）名称", "甲项目"), ("资金总额", "35.78")]),
                row(&[("单位（项目）名称", "甲项目")]),
            ],
            warnings: vec![Warning::new("required_missing", "m", None).naming(["project"])],
            ..Document::default()
        };
        let docs = split_projects(doc);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].entity.as_deref(), Some("某局"));
        assert_eq!(docs[0].project.as_deref(), Some("甲项目"));
        assert_eq!(docs[0].indicators.len(), 2);
        assert!(
            docs[0].indicators[1].extra.is_empty(),
            "a repeat is dropped"
        );
        assert_eq!(
            docs[0].extra.get("某局/资金总额").map(String::as_str),
            Some("417.41")
        );
        assert!(docs[0].warnings.is_empty(), "the project was found");
    }

    #[test]
    fn one_units_listing_columns_move_to_its_fields() {
        let doc = Document {
            form: Some("department_target".into()),
            indicators: vec![
                row(&[
                    ("单位名称", "某局"),
                    ("资金总额", "1,935.36"),
                    ("一般公共预算", "1,935.36"),
                    ("整体绩效目标", "目标"),
                ]),
                row(&[("单位名称", "某局"), ("整体绩效目标", "目标")]),
            ],
            ..Document::default()
        };
        let docs = split_projects(doc);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.entity.as_deref(), Some("某局"));
        assert_eq!(d.funds.len(), 1, "the breakdown is no money row");
        assert_eq!(d.funds[0].full_year_budget, Some(1935.36));
        assert_eq!(
            d.extra.get("一般公共预算").map(String::as_str),
            Some("1,935.36")
        );
        assert!(d.indicators.iter().all(|i| i.extra.is_empty()));
    }
}
