//! The repeating table of tasks and indicators, read row by row with the joins
//! a page break needs: a merged task cell that straddles the break is one
//! task, a row cut by the break is one indicator, a repeated header is dropped.

use super::{Role, TableBlock};
use crate::layout::{Cell, Row};
use crate::model::{Indicator, Task, Warning};
use crate::normalize::{
    clean_opt, clean_text, is_blank_value, join_text, parse_amount, parse_quantity,
};

/// A column of the table: which field, its role, and the grid columns it covers.
#[derive(Debug, Clone)]
pub struct Column {
    pub field: String,
    /// The header cell's text as printed (cleaned); empty when no cell
    /// printed it.
    pub header: String,
    pub role: Role,
    pub col: usize,
    pub span: usize,
    /// Named by key words, not by a label the vocabulary knows.
    pub guessed: bool,
}

impl Column {
    /// A column no field takes (its values go to a row's `extra`).
    pub fn is_extra(&self) -> bool {
        self.field.starts_with(EXTRA)
    }
}

/// Matches a header row against the table's patterns: the columns found, or
/// `None` when the row is not this table's header. A header that prints no
/// name label (三级指标, 关键指标) names the name column with the block's own
/// label (绩效指标).
pub fn header_columns(block: &TableBlock, row: &Row) -> Option<Vec<Column>> {
    let labelled = row
        .cells
        .iter()
        .any(|c| block.header.is_match(&clean_text(&c.text)));
    let mut cols = columns_in(block, row);
    if !labelled && !content_names_indicators(&mut cols) {
        return None;
    }
    if !cols.iter().any(|c| c.field == "name")
        && block.columns.iter().any(|c| c.0 == "name")
        && let Some(cell) = row
            .cells
            .iter()
            .find(|c| block.name_fallback.matches(&c.text))
    {
        cols.push(Column {
            field: "name".into(),
            header: clean_text(&cell.text),
            role: Role::Row,
            col: cell.col,
            span: cell.colspan.max(1),
            guessed: false,
        });
        cols.sort_by_key(|c| c.col);
    }
    if cols.len() < block.min_columns {
        return None;
    }
    let extra = extra_columns(row, &cols, |text| block.name_fallback.matches(text));
    cols.extend(extra);
    cols.sort_by_key(|c| c.col);
    Some(cols)
}

/// A header with no name label whose indicators are named in its 指标内容
/// column, under 一级指标 and 二级指标: that column becomes the name
/// column; true when it did.
fn content_names_indicators(cols: &mut [Column]) -> bool {
    let has = |f: &str| cols.iter().any(|c| c.field == f);
    if has("name") || !has("level1") || !has("level2") {
        return false;
    }
    match cols.iter_mut().find(|c| c.field == "formula") {
        Some(c) => {
            c.field = "name".into();
            true
        }
        None => false,
    }
}

/// An indicator's name without the number printed before it (`指标1：`).
fn without_number(name: String) -> String {
    let v = crate::vocab::vocabulary();
    let Some(rest) = v
        .name_prefix
        .iter()
        .find_map(|p| name.strip_prefix(p.as_str()))
    else {
        return name;
    };
    let digits =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if digits.len() == rest.len() {
        return name;
    }
    match digits.strip_prefix(['：', ':', '、', '.', '．']) {
        Some(after) if !after.trim().is_empty() => after.trim_start().to_string(),
        _ => name,
    }
}

/// The field of a column no schema field takes, named by its header as
/// printed (`extra:是否核心`).
pub const EXTRA: &str = "extra:";

/// The header row's cells that name no field and sit over no field's
/// column: columns whose values go to a row's `extra`. `skip` says which
/// cells are a block's own label rather than a column's header.
pub fn extra_columns(row: &Row, cols: &[Column], skip: impl Fn(&str) -> bool) -> Vec<Column> {
    row.cells
        .iter()
        .filter(|c| !c.is_empty() && !cols.iter().any(|col| c.overlaps(col.col, col.span)))
        .filter(|c| !skip(&c.text))
        .map(|c| Column {
            field: format!("{EXTRA}{}", clean_text(&c.text)),
            header: clean_text(&c.text),
            role: Role::Row,
            col: c.col,
            span: c.colspan.max(1),
            guessed: false,
        })
        .collect()
}

/// The `extra` map of a row's fields: each extra column's non-empty value.
pub fn extra_of(fields: &[(String, Part)]) -> crate::model::Extra {
    fields
        .iter()
        .filter_map(|(f, p)| Some((f.strip_prefix(EXTRA)?.to_string(), clean_opt(&p.text)?)))
        .collect()
}

/// The columns a row's cells name, each field once, in the row's order:
/// by the fields' labels, then, for the cells no label names, by their key
/// words.
fn columns_in(block: &TableBlock, row: &Row) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    let mut unnamed = Vec::new();
    for cell in &row.cells {
        let text = clean_text(&cell.text);
        let key = crate::vocab::key_of(&text);
        let found = block.columns.iter().find(|(field, _, re)| {
            re.is_match_keyed(&text, &key) && !cols.iter().any(|c| &c.field == field)
        });
        match found {
            Some((field, role, _)) => cols.push(Column {
                field: field.clone(),
                header: text.clone(),
                role: *role,
                col: cell.col,
                span: cell.colspan.max(1),
                guessed: false,
            }),
            None if !text.is_empty() => unnamed.push(cell),
            None => {}
        }
    }
    for cell in unnamed {
        let text = clean_text(&cell.text);
        let key = crate::vocab::key_of(&text);
        let free = block
            .columns
            .iter()
            .filter(|(f, _, _)| !cols.iter().any(|c| &c.field == f))
            .map(|(f, role, p)| ((f, *role), &p.labels));
        if let Some((field, role)) = crate::vocab::best_keyed(free, &key) {
            cols.push(Column {
                field: field.clone(),
                header: text,
                role,
                col: cell.col,
                span: cell.colspan.max(1),
                guessed: true,
            });
        }
    }
    cols.sort_by_key(|c| c.col);
    cols
}

/// A second header row under the first (指标性质 | 指标值 | 度量单位 under a
/// merged 年度指标值): every cell with text names a column.
pub fn sub_header(block: &TableBlock, row: &Row) -> Option<Vec<Column>> {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.is_empty() {
        return None;
    }
    let cols = columns_in(block, row);
    (cols.len() == filled.len()).then_some(cols)
}

/// Text of one cell being assembled, with the pages it came from.
#[derive(Debug, Default, Clone)]
pub struct Part {
    text: String,
    pages: Vec<u32>,
}

impl Part {
    fn from_cell(cell: Option<&Cell>) -> Part {
        cell.map_or_else(Part::default, |c| Part {
            text: c.text.clone(),
            pages: if c.is_empty() {
                Vec::new()
            } else {
                c.pages.clone()
            },
        })
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Appends the continuation of a cut cell; the same text drawn again on
    /// both sides of the break is read once.
    fn extend(&mut self, cell: &Cell) {
        if cell.is_empty() || clean_text(&cell.text) == clean_text(&self.text) {
            return;
        }
        self.text = join_text(&self.text, &cell.text);
        for p in &cell.pages {
            if !self.pages.contains(p) {
                self.pages.push(*p);
            }
        }
    }
}

#[derive(Debug, Default)]
struct Group {
    fields: Fields,
}

impl Group {
    fn get(&self, field: &str) -> Option<&Part> {
        self.fields.iter().find(|f| f.0 == field).map(|f| &f.1)
    }
}

/// Named parts of one task or indicator.
type Fields = Vec<(String, Part)>;

/// An indicator being assembled: its task group, the merged level cells it
/// sits under (by index into `TableReader::levels`), its own cells.
struct IndicatorRow {
    group: Option<usize>,
    levels: Vec<(String, usize)>,
    fields: Fields,
    /// Fields read from one cell that sits under both their columns.
    straddles: Vec<(String, String)>,
}

/// Reads the table's rows into tasks and indicators.
pub struct TableReader {
    columns: Vec<Column>,
    groups: Vec<Group>,
    /// Every merged level cell met; text found later (the label of a cell
    /// that straddles a page break) reaches the rows read before it.
    levels: Vec<Part>,
    /// Per level cell: whether an indicator row sits under it yet. A level
    /// cell with none continues at the top of the next page (its text cut).
    level_used: Vec<bool>,
    /// The level cell each inherit column is under now.
    current_levels: Vec<(String, usize)>,
    rows: Vec<IndicatorRow>,
    /// A header repeated at the top of a page was dropped: the row after it
    /// is the first of its page.
    carry_page_top: bool,
    pub warnings: Vec<Warning>,
}

impl TableReader {
    pub fn new(columns: Vec<Column>) -> TableReader {
        TableReader {
            columns,
            groups: Vec::new(),
            levels: Vec::new(),
            level_used: Vec::new(),
            current_levels: Vec::new(),
            rows: Vec::new(),
            carry_page_top: false,
            warnings: Vec::new(),
        }
    }

    /// True while no data row has been read (a second header row may follow).
    pub fn is_fresh(&self) -> bool {
        self.rows.is_empty() && self.groups.is_empty()
    }

    /// The columns read so far.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Columns of a second header row replace the merged header cell above them.
    pub fn add_sub_header(&mut self, sub: Vec<Column>) {
        self.columns.retain(|c| {
            !sub.iter()
                .any(|s| s.field == c.field || (c.span > 1 && overlaps(c, s)))
        });
        self.columns.extend(sub);
        self.columns.sort_by_key(|c| c.col);
    }

    fn cells_of<'r>(&self, row: &'r Row, role: Role) -> Vec<(Column, Option<&'r Cell>)> {
        self.columns
            .iter()
            .filter(|c| c.role == role)
            .map(|c| {
                (
                    c.clone(),
                    row.cells.iter().find(|cell| cell.overlaps(c.col, c.span)),
                )
            })
            .collect()
    }

    /// Takes one row of the table; a header row repeated on a later page
    /// (`is_header`, as the caller matched it) and a row without any text are
    /// dropped.
    pub fn push(&mut self, row: &Row, is_header: bool) {
        if is_header || row.cells.iter().all(Cell::is_empty) {
            self.carry_page_top |= row.page_top;
            return;
        }
        if self.carry_page_top && !row.page_top {
            self.carry_page_top = false;
            let first_of_page = Row {
                page_top: true,
                ..row.clone()
            };
            return self.push(&first_of_page, false);
        }
        self.carry_page_top = false;
        let cells = self.cells_of(row, Role::Row);
        let cut = row.page_top
            && self
                .rows
                .last()
                .is_some_and(|last| is_cut(&last.fields, &cells));
        self.push_group(row);
        self.push_inherited(row, cut);
        self.push_indicator(cells, cut);
    }

    fn push_group(&mut self, row: &Row) {
        let cells = self.cells_of(row, Role::Group);
        let Some((key_col, key_cell)) = cells.first().cloned() else {
            return;
        };
        let Some(key_cell) = key_cell else {
            return; // covered by the task cell of a row above
        };
        let continues = row.page_top
            && self.groups.last().is_some_and(|g| {
                let label = g
                    .get(&key_col.field)
                    .map(|p| clean_text(&p.text))
                    .unwrap_or_default();
                key_cell.is_empty() || label.is_empty() || label == clean_text(&key_cell.text)
            });
        if continues {
            let Some(group) = self.groups.last_mut() else {
                return;
            };
            for (col, cell) in cells {
                if let (Some(cell), Some(part)) =
                    (cell, group.fields.iter_mut().find(|f| f.0 == col.field))
                {
                    part.1.extend(cell);
                }
            }
        } else {
            let fields = cells
                .iter()
                .map(|(c, cell)| (c.field.clone(), Part::from_cell(*cell)))
                .collect();
            self.groups.push(Group { fields });
        }
    }

    /// `cut`: the row continues an indicator cut by the page break, so its
    /// level cells continue too.
    fn push_inherited(&mut self, row: &Row, cut: bool) {
        for (col, cell) in self.cells_of(row, Role::Inherit) {
            let Some(cell) = cell else { continue };
            let current = self
                .current_levels
                .iter()
                .find(|f| f.0 == col.field)
                .map(|f| f.1);
            match current {
                Some(id)
                    if row.page_top
                        && (cut
                            || !self.level_used[id]
                            || cell.is_empty()
                            || self.levels[id].is_empty()
                            || clean_text(&self.levels[id].text) == clean_text(&cell.text)) =>
                {
                    self.levels[id].extend(cell)
                }
                _ => {
                    self.levels.push(Part::from_cell(Some(cell)));
                    self.level_used.push(false);
                    let id = self.levels.len() - 1;
                    self.current_levels.retain(|f| f.0 != col.field);
                    self.current_levels.push((col.field.clone(), id));
                }
            }
        }
    }

    fn push_indicator(&mut self, cells: Vec<(Column, Option<&Cell>)>, cut: bool) {
        if cells.iter().all(|(_, c)| c.is_none_or(|c| c.is_empty())) {
            return;
        }
        if cut {
            if let Some(last) = self.rows.last_mut() {
                for (col, cell) in cells {
                    if let (Some(cell), Some(part)) =
                        (cell, last.fields.iter_mut().find(|f| f.0 == col.field))
                    {
                        part.1.extend(cell);
                    }
                }
            }
            return;
        }
        let group = self.groups.len().checked_sub(1);
        let mut straddles = Vec::new();
        for (i, (a, cell_a)) in cells.iter().enumerate() {
            let Some(cell_a) = cell_a.filter(|c| !c.is_empty()) else {
                continue;
            };
            for (b, cell_b) in &cells[i + 1..] {
                if cell_b.is_some_and(|c| std::ptr::eq(c, cell_a))
                    && !a.field.starts_with(EXTRA)
                    && !b.field.starts_with(EXTRA)
                {
                    straddles.push((a.field.clone(), b.field.clone()));
                }
            }
        }
        let fields = cells
            .iter()
            .map(|(c, cell)| (c.field.clone(), Part::from_cell(*cell)))
            .collect();
        for (_, id) in &self.current_levels {
            self.level_used[*id] = true;
        }
        self.rows.push(IndicatorRow {
            group,
            levels: self.current_levels.clone(),
            fields,
            straddles,
        });
    }

    /// The tasks and indicators read, with task numbers resolved; the
    /// warnings name indicators as `indicators[first + i]`.
    pub fn finish(mut self, first: usize) -> (Vec<Task>, Vec<Indicator>, Vec<Warning>) {
        let has_groups = self.columns.iter().any(|c| c.role == Role::Group);
        let numbers = self.task_numbers();
        let tasks = if has_groups {
            self.groups
                .iter()
                .zip(&numbers)
                .map(|(g, &no)| task_of(g, no))
                .collect()
        } else {
            Vec::new()
        };
        let indicators = self
            .rows
            .iter()
            .map(|r| {
                let task = r
                    .group
                    .filter(|_| has_groups)
                    .and_then(|g| numbers.get(g).copied());
                let levels: Fields = r
                    .levels
                    .iter()
                    .map(|(field, id)| (field.clone(), self.levels[*id].clone()))
                    .collect();
                indicator_of(task, &levels, &r.fields)
            })
            .collect();
        for (i, r) in self.rows.iter().enumerate() {
            for (a, b) in &r.straddles {
                let paths = [
                    format!("indicators[{}].{a}", first + i),
                    format!("indicators[{}].{b}", first + i),
                ];
                self.warnings.push(
                    Warning::new(
                        "cell_straddles_columns",
                        format!(
                            "{}: read from one cell under both columns",
                            paths.join(" and ")
                        ),
                        r.fields.iter().find_map(|f| f.1.pages.first().copied()),
                    )
                    .naming(paths),
                );
            }
            for field in ["weight", "score"] {
                if let Some(p) = field_of(&r.fields, field)
                    .filter(|p| !is_blank_value(&p.text) && parse_amount(&p.text).is_none())
                {
                    let path = format!("indicators[{}].{field}", first + i);
                    self.warnings.push(
                        Warning::new(
                            "value_type",
                            format!("{path}: {:?} is not a number", clean_text(&p.text)),
                            p.pages.first().copied(),
                        )
                        .naming([path]),
                    );
                }
            }
        }
        (tasks, indicators, std::mem::take(&mut self.warnings))
    }

    /// Task numbers from the `任务N` labels; a missing one is the previous plus one.
    fn task_numbers(&mut self) -> Vec<i64> {
        let mut numbers = Vec::with_capacity(self.groups.len());
        let mut prev = 0;
        for g in &self.groups {
            let label = g
                .get("task_no")
                .map(|p| clean_text(&p.text))
                .unwrap_or_default();
            let no = match task_number(&label) {
                Some(n) => n,
                None => {
                    let page = g
                        .fields
                        .iter()
                        .flat_map(|f| f.1.pages.first())
                        .next()
                        .copied();
                    self.warnings.push(Warning {
                        code: "task_number_inferred".into(),
                        message: format!("task label missing or unreadable ({label:?}); numbered {} from its order", prev + 1),
                        page,
                        fields: Vec::new(),
                    });
                    prev + 1
                }
            };
            numbers.push(no);
            prev = no;
        }
        numbers
    }
}

/// The top row of a page continues the indicator cut at the bottom of the
/// previous page when its name cell is empty, or when a value cell holds text
/// on one side of the break only (a complete row has a target and an actual).
fn is_cut(last: &[(String, Part)], cells: &[(Column, Option<&Cell>)]) -> bool {
    let now_empty = |field: &str| {
        cells
            .iter()
            .find(|(c, _)| c.field == field)
            .is_none_or(|(_, cell)| cell.is_none_or(Cell::is_empty))
    };
    let last_empty = |field: &str| {
        last.iter()
            .find(|f| f.0 == field)
            .is_none_or(|f| f.1.is_empty())
    };
    if now_empty("name") {
        return true;
    }
    let printed = |f: &&str| cells.iter().any(|(c, _)| c.field == *f);
    // A row's one-line numbers (分值, 得分) are drawn on one side of the
    // break together, its wrapped texts on both.
    let numbers: Vec<&str> = ["weight", "score"].into_iter().filter(printed).collect();
    if !numbers.is_empty() && numbers.iter().all(|f| now_empty(f) != last_empty(f)) {
        return true;
    }
    ["target", "actual"]
        .into_iter()
        .filter(printed)
        .any(|f| now_empty(f) != last_empty(f))
}

/// The number of a task's label (`任务1`, `任务１`, `任务三`): its first run
/// of digits or of Chinese numerals.
pub(super) fn task_number(label: &str) -> Option<i64> {
    let folded: String = label
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    const NUMERALS: &str = "一二三四五六七八九十";
    let start = folded.find(|c: char| c.is_ascii_digit() || NUMERALS.contains(c))?;
    let rest = &folded[start..];
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        return rest[..end].parse().ok();
    }
    let end = rest
        .find(|c: char| !NUMERALS.contains(c))
        .unwrap_or(rest.len());
    chinese_number(&rest[..end])
}

/// The name a task's label cell prints after its number:
/// `任务1：促进就业创业` → `促进就业创业` (also wrapped, `任务 1：促进就\n业创业`).
pub(super) fn task_name_in(label: &str) -> Option<String> {
    let text = clean_text(label);
    let rest = crate::vocab::vocabulary()
        .task_prefix
        .iter()
        .find_map(|p| text.trim_start().strip_prefix(p.as_str()))?;
    let rest = rest.trim_start_matches(|c: char| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || "零一二三四五六七八九十".contains(c)
    });
    let name = rest.trim_start_matches(|c: char| c.is_whitespace() || "：:、.．-—".contains(c));
    clean_opt(name)
}

fn chinese_number(s: &str) -> Option<i64> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as i64)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        [d] => digit(*d),
        _ => None,
    }
}

fn field_of<'a>(fields: &'a [(String, Part)], name: &str) -> Option<&'a Part> {
    fields.iter().find(|f| f.0 == name).map(|f| &f.1)
}

fn text_field(fields: &[(String, Part)], name: &str) -> Option<String> {
    field_of(fields, name).and_then(|p| clean_opt(&p.text))
}

fn pages_of(parts: &[&[(String, Part)]]) -> Vec<u32> {
    let mut pages: Vec<u32> = parts
        .iter()
        .flat_map(|f| f.iter().flat_map(|p| p.1.pages.iter().copied()))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

fn task_of(g: &Group, no: i64) -> Task {
    Task {
        no,
        name: text_field(&g.fields, "task_name")
            .or_else(|| field_of(&g.fields, "task_no").and_then(|p| task_name_in(&p.text))),
        expected: text_field(&g.fields, "task_expected"),
        achieved: text_field(&g.fields, "task_achieved"),
        funds: field_of(&g.fields, "task_funds").and_then(|p| parse_amount(&p.text)),
        pages: pages_of(&[&g.fields]),
        extra: Default::default(),
    }
}

fn overlaps(a: &Column, b: &Column) -> bool {
    a.col < b.col + b.span && b.col < a.col + a.span
}

/// The target: one cell, or printed over 指标性质 | 指标值 | 度量单位 and
/// written together (`≥` `13` `台` → `≥13台`; a kind such as 定性 is dropped).
fn target_of(fields: &[(String, Part)]) -> Option<crate::model::Quantity> {
    let value = field_of(fields, "target").map(|p| clean_text(&p.text));
    let op = field_of(fields, "target_op").map(|p| clean_text(&p.text));
    let unit = field_of(fields, "target_unit").map(|p| clean_text(&p.text));
    if op.is_none() && unit.is_none() {
        return value.and_then(|v| parse_quantity(&v));
    }
    let value = value.unwrap_or_default();
    let op = op.filter(|o| is_comparator(o)).unwrap_or_default();
    let unit = unit
        .filter(|u| !matches!(u.as_str(), "" | "—" | "-" | "/" | "无"))
        .filter(|u| !value.ends_with(u.as_str()))
        .unwrap_or_default();
    let value = if op.is_empty() {
        value
    } else {
        value.trim_start_matches(op.as_str()).to_string()
    };
    parse_quantity(&format!("{op}{value}{unit}"))
}

fn is_comparator(s: &str) -> bool {
    matches!(
        s,
        "≥" | "≧" | ">=" | "＞" | ">" | "≤" | "≦" | "<=" | "＜" | "<" | "=" | "﹦" | "＝"
    )
}

fn indicator_of(
    task: Option<i64>,
    inherited: &[(String, Part)],
    fields: &[(String, Part)],
) -> Indicator {
    Indicator {
        task,
        level1: text_field(inherited, "level1"),
        level2: text_field(inherited, "level2"),
        name: text_field(fields, "name").map(without_number),
        formula: text_field(fields, "formula"),
        target: target_of(fields),
        actual: field_of(fields, "actual").and_then(|p| parse_quantity(&p.text)),
        weight: field_of(fields, "weight").and_then(|p| parse_amount(&p.text)),
        score: field_of(fields, "score").and_then(|p| parse_amount(&p.text)),
        note: text_field(fields, "note"),
        pages: pages_of(&[fields]),
        extra: extra_of(fields),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_labels() {
        assert_eq!(task_number("任务1"), Some(1));
        assert_eq!(task_number("任务１２"), Some(12));
        assert_eq!(task_number("任务三"), Some(3));
        assert_eq!(task_number("任务十二"), Some(12));
        assert_eq!(task_number(""), None);
    }

    #[test]
    fn task_names_in_label_cells() {
        assert_eq!(task_number("任务1：促进就业创业"), Some(1));
        assert_eq!(
            task_name_in("任务1：促进就业创业").as_deref(),
            Some("促进就业创业")
        );
        assert_eq!(
            task_name_in("任务 1：促进就\n业创业").as_deref(),
            Some("促进就业创业")
        );
        assert_eq!(task_name_in("任务十二、稳岗").as_deref(), Some("稳岗"));
        assert_eq!(task_name_in("任务2"), None);
        assert_eq!(task_name_in(""), None);
    }

    fn column(field: &str, col: usize) -> Column {
        Column {
            field: field.into(),
            header: field.into(),
            role: Role::Row,
            col,
            span: 1,
            guessed: false,
        }
    }

    fn cell(text: &str, col: usize) -> Cell {
        Cell {
            text: text.into(),
            col,
            colspan: 1,
            rowspan: 1,
            pages: vec![2],
            ..Cell::default()
        }
    }

    /// `texts` under name, target, actual, weight, score.
    fn is_cut_between(last: [&str; 5], now: [&str; 5]) -> bool {
        let fields = ["name", "target", "actual", "weight", "score"];
        let last: Vec<(String, Part)> = fields
            .iter()
            .zip(last)
            .map(|(f, t)| (f.to_string(), Part::from_cell(Some(&cell(t, 0)))))
            .collect();
        let cells: Vec<Cell> = now.iter().enumerate().map(|(i, t)| cell(t, i)).collect();
        let now: Vec<(Column, Option<&Cell>)> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (column(f, i), Some(&cells[i])))
            .collect();
        is_cut(&last, &now)
    }

    #[test]
    fn a_row_cut_mid_text_keeps_its_numbers_on_one_side() {
        // texts wrapped on both sides, 分值 and 得分 on the next page
        assert!(is_cut_between(
            ["工程结算不超过", "≤3620万", "3402.15", "", ""],
            ["预算", "元", "万元", "5", "5"]
        ));
        // or on the first page
        assert!(is_cut_between(
            ["环卫作业市场", "建立健", "基本建", "10", "8"],
            ["化运行机制", "全", "立", "", ""]
        ));
        // two whole rows
        assert!(!is_cut_between(
            ["设备完好率", "≥96%", "98.2%", "10", "10"],
            ["系统软件反应速度", "≤4秒", "3.1秒", "10", "10"]
        ));
        // one number missing on one side only is no cut
        assert!(!is_cut_between(
            ["设备完好率", "≥96%", "98.2%", "10", ""],
            ["系统软件反应速度", "≤4秒", "3.1秒", "10", "10"]
        ));
    }
}
