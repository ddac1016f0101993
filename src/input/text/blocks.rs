//! Which header rows open which blocks, and what each column holds, read
//! from the vocabulary (`templates/vocabulary.toml`): a row is a block's
//! header when most of its cells are that block's column labels; each
//! column's kind follows from the field its label names.

use std::ops::Deref;

use crate::vocab::{ColKind, Entries, Labels, Vocabulary, kind_of, vocabulary};

/// A few column indices, kept inline so a group's spec stays `Copy`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColSet {
    cols: [usize; 4],
    len: usize,
}

impl ColSet {
    fn push(&mut self, col: usize) {
        if self.len < self.cols.len() {
            self.cols[self.len] = col;
            self.len += 1;
        }
    }
}

impl Deref for ColSet {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.cols[..self.len]
    }
}

/// Blocks whose rows group under a merged label cell (the 主要任务 block).
#[derive(Debug, Clone, Copy)]
pub struct GroupSpec {
    /// Column of the group label (`任务N`).
    pub label_col: usize,
    /// Prefix of a group label; a number follows it.
    pub label_prefix: &'static str,
    /// Columns whose merged text belongs to the whole group (expected, achieved).
    pub text_cols: ColSet,
    /// Columns whose merged value belongs to the whole group (task funds).
    pub value_cols: ColSet,
}

/// One block of a form as its header row lays it out: the kind of each
/// column, the column every data row fills.
#[derive(Debug, Clone)]
pub struct BlockSpec {
    /// `funds`, `goal` or `table`.
    pub id: &'static str,
    pub kinds: Vec<ColKind>,
    /// Column that every data row fills (the row's name); empty means "continued".
    pub key_col: usize,
    pub group: Option<GroupSpec>,
}

impl BlockSpec {
    pub fn width(&self) -> usize {
        self.kinds.len()
    }
}

/// A block of the vocabulary: its label, its columns, the field every row fills.
struct Kind {
    id: &'static str,
    label: &'static Labels,
    columns: Vec<&'static Entries>,
    key: &'static str,
}

fn kinds() -> [Kind; 3] {
    let v = vocabulary();
    [
        Kind {
            id: "funds",
            label: &v.funds_label,
            columns: vec![&v.funds],
            key: "source",
        },
        Kind {
            id: "goal",
            label: &v.goal_label,
            columns: vec![&v.goal],
            key: "expected",
        },
        Kind {
            id: "table",
            label: &v.table_label,
            columns: vec![&v.group, &v.inherit, &v.row],
            key: "name",
        },
    ]
}

/// What a header cell is to a block.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Empty,
    Label,
    Field(&'static str),
    Other,
}

fn slots(kind: &Kind, cells: &[String]) -> Vec<Slot> {
    let mut used: Vec<&str> = Vec::new();
    cells
        .iter()
        .map(|c| {
            if c.trim().is_empty() {
                return Slot::Empty;
            }
            let field = kind.columns.iter().find_map(|e| {
                e.iter()
                    .find(|(f, l)| !used.contains(&f.as_str()) && l.matches(c))
                    .map(|(f, _)| f.as_str())
            });
            match field {
                Some(f) => {
                    used.push(f);
                    Slot::Field(f)
                }
                None if kind.label.matches(c) => Slot::Label,
                None => Slot::Other,
            }
        })
        .collect()
}

/// The block whose header this row is, laid out: at least two of the row's
/// cells name the block's columns, and at least half of its cells are the
/// block's labels. Where several blocks qualify, the one most cells name.
/// Also returns the column of the row's first cell (a header printed
/// without its leading label cell starts further right).
pub fn header_spec(cells: &[String]) -> Option<(BlockSpec, usize)> {
    let width = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let cells = &cells[..width];
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    let mut best: Option<(usize, Kind, Vec<Slot>)> = None;
    for kind in kinds() {
        let s = slots(&kind, cells);
        let hits = s.iter().filter(|x| matches!(x, Slot::Field(_))).count();
        let labels = hits + s.iter().filter(|x| **x == Slot::Label).count();
        if hits >= 2 && labels * 2 >= filled && best.as_ref().is_none_or(|b| hits > b.0) {
            best = Some((hits, kind, s));
        }
    }
    let (_, kind, mut slots) = best?;
    let has_key = slots.contains(&Slot::Field(kind.key));
    // A header whose first cell is a column (not the block's label cell) lost
    // its leading cells: the label column, and a funds block's source column.
    let mut offset = 0;
    if let Some(Slot::Field(f)) = slots.first()
        && kind_of(f) != ColKind::Label
    {
        offset = 1;
        if !has_key && kind.id == "funds" {
            offset = 2;
            slots.insert(0, Slot::Field(kind.key));
        }
        slots.insert(0, Slot::Label);
    } else if !has_key {
        // The empty header cell right before the first column is the key's.
        let first = slots.iter().position(|s| matches!(s, Slot::Field(_)));
        if let Some(i) = first.and_then(|f| f.checked_sub(1))
            && slots[i] == Slot::Empty
        {
            slots[i] = Slot::Field(kind.key);
        }
    }
    let kinds: Vec<ColKind> = slots
        .iter()
        .map(|s| match s {
            Slot::Field(f) => kind_of(f),
            Slot::Empty | Slot::Label => ColKind::Label,
            Slot::Other => ColKind::Text,
        })
        .collect();
    let col_of = |field: &str| {
        slots
            .iter()
            .position(|s| matches!(s, Slot::Field(f) if *f == field))
    };
    let key_col = col_of(kind.key)
        .or_else(|| kinds.iter().position(|k| *k != ColKind::Label))
        .unwrap_or(0);
    let group = col_of("task_no").map(|label_col| {
        let mut text_cols = ColSet::default();
        let mut value_cols = ColSet::default();
        for f in ["task_expected", "task_achieved"] {
            if let Some(c) = col_of(f) {
                text_cols.push(c);
            }
        }
        if let Some(c) = col_of("task_funds") {
            value_cols.push(c);
        }
        GroupSpec {
            label_col,
            label_prefix: vocabulary()
                .task_prefix
                .first()
                .map_or("任务", String::as_str),
            text_cols,
            value_cols,
        }
    });
    Some((
        BlockSpec {
            id: kind.id,
            kinds,
            key_col,
            group,
        },
        offset,
    ))
}

/// A row's first cell that lies outside every block (it ends the current
/// block): a key/value label, the goal's label, a total or a signature.
pub fn is_stop_label(text: &str) -> bool {
    let v = vocabulary();
    let key = crate::vocab::label_key(text);
    if key.is_empty() {
        return false;
    }
    Vocabulary::field_of(&v.fields, text).is_some()
        || v.goal_label.matches_key(&key)
        || v.roles.contains(&key)
}

/// A total row's label (总分, 合计): it ends the indicator table.
pub fn is_total_label(text: &str) -> bool {
    vocabulary().table_total.matches(text)
}

/// `任务3` → 3 (markup and spaces ignored).
pub fn label_number(text: &str) -> Option<u32> {
    let key = crate::vocab::label_key(text);
    vocabulary()
        .task_prefix
        .iter()
        .find_map(|p| key.strip_prefix(p.as_str()))
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn the_task_block_is_read_from_its_labels() {
        let (spec, offset) = header_spec(&row(&[
            "主要任务",
            "年初预期目标",
            "目标完成情况",
            "关键指标",
            "计算公式或指标内容",
            "预期实现值",
            "指标完成情况",
            "任务涉及资金",
        ]))
        .expect("a header");
        assert_eq!((spec.id, offset, spec.key_col), ("table", 0, 3));
        use ColKind::*;
        assert_eq!(
            spec.kinds,
            [Label, Text, Text, Name, Text, Quantity, Quantity, Number]
        );
        let g = spec.group.expect("groups");
        assert_eq!(
            (g.label_col, &*g.text_cols, &*g.value_cols),
            (0, &[1, 2][..], &[7][..])
        );
    }

    #[test]
    fn a_funds_header_without_a_source_label_gets_its_empty_cell() {
        let (spec, offset) = header_spec(&row(&[
            "",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ]))
        .expect("a header");
        assert_eq!((spec.id, offset, spec.key_col), ("funds", 0, 1));
        let (spec, offset) =
            header_spec(&row(&["年初预算数(A)", "全年执行数(B)", "执行率(B/A)"])).unwrap();
        assert_eq!((spec.id, offset, spec.width()), ("funds", 2, 5));
    }

    #[test]
    fn other_variants_open_blocks_too() {
        let (spec, _) = header_spec(&row(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "权重",
            "完成值",
            "得分",
            "未完成原因分析",
        ]))
        .unwrap();
        assert_eq!((spec.id, spec.key_col), ("table", 3));
        let (spec, _) = header_spec(&row(&["", "年初设定目标", "年度总体目标完成情况"])).unwrap();
        assert_eq!(spec.id, "goal");
        assert!(header_spec(&row(&["任务1", "落实值班制度。", "组织开展", "响应时间"])).is_none());
    }

    #[test]
    fn labels_outside_blocks_and_task_numbers() {
        assert!(is_stop_label("项目名称"));
        assert!(is_stop_label("填报人："));
        assert!(is_stop_label("<p>总分</p>"));
        assert!(!is_stop_label("一般公共预算"));
        assert_eq!(label_number("<p>任务2</p>"), Some(2));
        assert_eq!(label_number("任务"), None);
        assert_eq!(label_number("任务3：促进就业创业"), Some(3));
    }
}
