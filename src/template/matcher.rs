//! Walks the layout's rows once, top to bottom, and fills the document's
//! fields from the template's labels.

mod pairs;

use super::fit::{Fit, measure};
use super::table::{Column, EXTRA, TableReader, header_columns, sub_header};
use super::values::{contacts, unit_in, without_entity_kind};
use super::{FundsBlock, GoalBlock, Template, grid};
use crate::layout::{Cell, FormLayout, Row};
use crate::model::{Document, Funds, Goal, LabelGuess, SCHEMA, Warning};
use crate::normalize::{
    clean_opt, clean_text, is_blank_value, join_text, parse_amount, parse_percent, parse_year,
};
use crate::vocab::{key_of, vocabulary};

/// Rows above the current one kept for a header's upper lines.
const ABOVE_KEPT: usize = 3;

/// How well a template fits a layout: a title match counts most, then the
/// labels found. Zero means it does not fit at all.
pub fn score_template(layout: &FormLayout, t: &Template) -> usize {
    let title = title_lines(layout).any(|l| t.title.is_match(&l));
    let cells = || {
        layout
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .map(|c| clean_text(&c.text))
    };
    let labels = cells()
        .filter(|text| {
            let key = key_of(text);
            t.fields.iter().any(|(_, re)| re.is_match_keyed(text, &key))
        })
        .count();
    let header = t
        .table
        .as_ref()
        .is_some_and(|tb| layout.rows.iter().any(|r| header_columns(tb, r).is_some()));
    usize::from(title) * 100 + usize::from(header) * 10 + labels
}

/// True when the layout holds the template's indicator table header.
pub fn has_table_header(layout: &FormLayout, t: &Template) -> bool {
    t.table
        .as_ref()
        .is_some_and(|tb| layout.rows.iter().any(|r| header_columns(tb, r).is_some()))
}

/// Candidate title lines: free lines above the table, else the first rows' text.
fn title_lines(layout: &FormLayout) -> impl Iterator<Item = String> + '_ {
    let free = layout
        .lines
        .iter()
        .filter(|l| l.above_table)
        .map(|l| clean_text(&l.text));
    let rows = layout
        .rows
        .iter()
        .take(2)
        .flat_map(|r| r.cells.iter().map(|c| clean_text(&c.text)));
    free.chain(rows)
}

/// Fills a document from the layout with one template.
pub fn match_layout(layout: &FormLayout, t: &Template) -> Document {
    match_layout_fit(layout, t).0
}

/// Fills a document from the layout with one template, and says how well
/// the template fit: which of the form's label cells some field took.
pub fn match_layout_fit(layout: &FormLayout, t: &Template) -> (Document, Fit) {
    let mut m = Matcher::new(t);
    m.taken = layout
        .rows
        .iter()
        .map(|r| vec![false; r.cells.len()])
        .collect();
    m.extra = m.taken.clone();
    m.title_block(layout);
    for (i, row) in layout.rows.iter().enumerate() {
        m.current = i;
        m.row(row);
        m.above.push(row.clone());
        if m.above.len() > ABOVE_KEPT {
            m.above.remove(0);
        }
    }
    m.finish_table();
    for line in layout.lines.iter().filter(|l| !l.above_table) {
        m.contacts_in(&line.text);
    }
    let fit = measure(layout.rows.iter().zip(&m.taken).flat_map(|(r, taken)| {
        r.cells
            .iter()
            .zip(taken)
            .map(|(c, &t)| (c.text.as_str(), t))
    }));
    let cells = m
        .taken
        .iter()
        .zip(&m.extra)
        .map(|(t, e)| t.iter().zip(e).map(|(t, e)| *t || *e).collect())
        .collect();
    let fit = crate::template::fit::Fit {
        cells,
        headed: m.headed,
        ..fit
    };
    let mut doc = m.doc;
    doc.warnings.splice(0..0, layout.warnings.iter().cloned());
    (doc, fit)
}

enum State {
    Free,
    Funds(Vec<Column>),
    /// The task grid; true while its header may continue on the next row.
    Grid(Vec<Column>, bool),
    Goal(Vec<Column>),
    Table(Box<TableReader>),
}

struct Matcher<'t> {
    t: &'t Template,
    doc: Document,
    state: State,
    /// The key/value field last filled, and its value cell's columns, so a
    /// value cut by a page break can be continued.
    last_value: Option<(String, usize, usize)>,
    /// Grid column of the table's score column, for the 总分 row.
    score_column: Option<Column>,
    /// Per row, per cell: whether some field took the cell (label or value).
    taken: Vec<Vec<bool>>,
    /// Per row, per cell: whether the cell sits under a column no field
    /// takes (its value went to a row's `extra`); not counted in the fit.
    extra: Vec<Vec<bool>>,
    /// Index of the row being read.
    current: usize,
    /// Columns of the open block (money, goal, table), for the fit.
    block_columns: Vec<Column>,
    /// Block fields whose column a header named (`funds.actual`,
    /// `indicators.score`), for the accounting stage.
    headed: Vec<String>,
    /// The money table's header was just read: a row under it may continue it.
    funds_fresh: bool,
    /// A block printed as label and value cells, still being read.
    pending: pairs::Pending,
    /// The last rows read, nearest last (a header's upper lines).
    above: Vec<Row>,
    /// The upper lines of the table's header, as `pairs` keys them.
    upper_lines: Vec<String>,
}

impl<'t> Matcher<'t> {
    fn new(t: &'t Template) -> Matcher<'t> {
        let doc = Document {
            schema: SCHEMA.into(),
            form: Some(t.form.clone()),
            ..Document::default()
        };
        Matcher {
            t,
            doc,
            state: State::Free,
            last_value: None,
            score_column: None,
            taken: Vec::new(),
            extra: Vec::new(),
            current: 0,
            block_columns: Vec::new(),
            headed: Vec::new(),
            funds_fresh: false,
            pending: pairs::Pending::default(),
            above: Vec::new(),
            upper_lines: Vec::new(),
        }
    }

    /// Records a block's header columns: the fields they name, and the
    /// headers only key words named.
    fn head_columns(&mut self, block: &str, cols: &[Column]) {
        head(&mut self.headed, block, cols);
        guesses(&mut self.doc, block, cols);
    }

    /// Marks every cell of the current row as taken.
    fn take_row(&mut self) {
        if let Some(row) = self.taken.get_mut(self.current) {
            row.iter_mut().for_each(|t| *t = true);
        }
    }

    /// Marks the cells of a block row that some field took: those under one
    /// of the block's columns, and the template's own labels.
    fn take_block_row(&mut self, row: &Row) {
        for (i, cell) in row.cells.iter().enumerate() {
            let under = |extra: bool| {
                self.block_columns
                    .iter()
                    .any(|c| c.field.starts_with(EXTRA) == extra && cell.overlaps(c.col, c.span))
            };
            if under(false) || self.is_known_label(&clean_text(&cell.text)) {
                self.take(i);
            } else if under(true)
                && let Some(e) = self.extra.get_mut(self.current).and_then(|r| r.get_mut(i))
            {
                *e = true;
            }
        }
    }

    /// A label any part of the template names (fields, blocks, table header).
    fn is_known_label(&self, text: &str) -> bool {
        let t = self.t;
        let key = key_of(text);
        self.is_label_keyed(text, &key)
            || t.funds
                .as_ref()
                .is_some_and(|f| f.label.is_match_keyed(text, &key))
            || t.goal
                .as_ref()
                .is_some_and(|g| g.label.is_match_keyed(text, &key))
            || t.table.as_ref().is_some_and(|tb| {
                tb.header.is_match_keyed(text, &key)
                    || tb.end.is_match_keyed(text, &key)
                    || tb.total.matches_key(&key)
            })
    }

    /// Marks one cell of the current row as taken.
    fn take(&mut self, cell: usize) {
        if let Some(t) = self
            .taken
            .get_mut(self.current)
            .and_then(|r| r.get_mut(cell))
        {
            *t = true;
        }
    }

    fn title_block(&mut self, layout: &FormLayout) {
        // A title block printed inside the table's first rows is taken there.
        for (r, row) in layout.rows.iter().take(2).enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let text = clean_text(&cell.text);
                if self.t.title.is_match(&text)
                    || crate::title::is_form_title(&text)
                    || unit_in(&text).is_some()
                {
                    self.current = r;
                    self.take(c);
                }
            }
        }
        self.current = 0;
        // A line shaped as a form's title (自评表, 目标表 …) first, else one
        // the template's title pattern names.
        self.doc.title = title_lines(layout)
            .find(|text| crate::title::is_form_title(text))
            .or_else(|| title_lines(layout).find(|text| self.t.title.is_match(text)));
        for text in title_lines(layout) {
            if self.doc.year.is_none() {
                self.doc.year = parse_year(&text);
            }
            if self.doc.unit.is_none() {
                self.doc.unit = unit_in(&text);
            }
        }
        for line in layout.lines.iter().filter(|l| l.above_table) {
            self.line_above(&line.text);
        }
    }

    fn row(&mut self, row: &Row) {
        // A key/value cell continues on the next page only when it was the
        // last thing read before the break: any other row ends it.
        let last_value = self.last_value.take();
        self.read_row(row, last_value);
    }

    fn read_row(&mut self, row: &Row, last_value: Option<(String, usize, usize)>) {
        if let State::Table(reader) = &self.state {
            let first = first_text(row);
            let end = self
                .t
                .table
                .as_ref()
                .is_some_and(|tb| tb.end.is_match(&first));
            if end && reader.is_fresh() && self.listing_total(row) {
                return;
            }
            let upper = self.repeats_upper_line(row);
            let State::Table(reader) = &mut self.state else {
                return;
            };
            if let Some(tb) = self.t.table.as_ref().filter(|_| !end) {
                if let Some(sub) = reader.is_fresh().then(|| sub_header(tb, row)).flatten() {
                    head(&mut self.headed, "indicators", &sub);
                    guesses(&mut self.doc, "indicators", &sub);
                    reader.add_sub_header(sub);
                    self.block_columns = reader.columns().to_vec();
                } else {
                    reader.push(row, upper || header_columns(tb, row).is_some());
                }
                self.take_block_row(row);
                return;
            }
            self.finish_table();
            if self.total_row(row) {
                return;
            }
        }
        if self.funds_header_continues(row)
            || self.grid_header_continues(row)
            || self.start_block(row)
        {
            self.take_block_row(row);
            return;
        }
        let consumed = match &self.state {
            State::Funds(cols) => {
                let cols = cols.clone();
                self.funds_fresh = false;
                self.funds_row(&cols, row)
            }
            State::Goal(cols) => {
                let cols = cols.clone();
                self.goal_row(&cols, row)
            }
            State::Grid(cols, _) => {
                let cols = cols.clone();
                self.grid_row(&cols, row)
            }
            _ => false,
        };
        if consumed {
            self.take_block_row(row);
        } else {
            self.state = State::Free;
            self.last_value = last_value;
            self.free_row(row);
        }
    }

    /// A row that continues the money table's header just read (its second
    /// or third header row): the columns it names are taken on; true when it did.
    fn funds_header_continues(&mut self, row: &Row) -> bool {
        let (State::Funds(cols), true, Some(fb)) = (&self.state, self.funds_fresh, &self.t.funds)
        else {
            return false;
        };
        let Some(more) = funds_sub_header(fb, row, cols) else {
            return false;
        };
        self.head_columns("funds", &more);
        self.block_columns = more.clone();
        self.state = State::Funds(more);
        true
    }

    /// A row that continues the task grid's header (总额 | 财政拨款 | 其他资金
    /// under 全年预算数): true when it did.
    fn grid_header_continues(&mut self, row: &Row) -> bool {
        let State::Grid(cols, true) = &self.state else {
            return false;
        };
        let Some(more) = grid::sub_header(cols, row) else {
            return false;
        };
        self.head_columns("tasks", &more);
        self.block_columns = more.clone();
        self.state = State::Grid(more, false);
        true
    }

    /// One row of the task grid: a task, or the 合计 row that closes it.
    fn grid_row(&mut self, cols: &[Column], row: &Row) -> bool {
        self.state = State::Grid(cols.to_vec(), false);
        if self.has_label(row) {
            return false;
        }
        let no = self.doc.tasks.last().map_or(1, |t| t.no + 1);
        match grid::read_row(cols, row, no) {
            Some(grid::GridRow::Task(task)) => {
                if task.no == no
                    && !self
                        .doc
                        .warnings
                        .iter()
                        .any(|w| w.code == "task_number_inferred")
                    && !task.name.as_deref().is_some_and(|n| {
                        vocabulary()
                            .task_prefix
                            .iter()
                            .any(|p| n.starts_with(p.as_str()))
                    })
                {
                    self.doc.warnings.push(grid::numbered_by_order(row.page));
                }
                self.doc.tasks.push(task);
                true
            }
            Some(grid::GridRow::Total(funds)) => {
                self.doc.funds.push(funds);
                self.state = State::Free;
                true
            }
            None => false,
        }
    }

    /// Recognises a block's header row and switches state; true when it did.
    fn start_block(&mut self, row: &Row) -> bool {
        if let Some(tb) = &self.t.table
            && let Some(mut cols) = header_columns(tb, row)
        {
            self.upper_header(tb, row.page, &mut cols);
            self.score_column = cols.iter().find(|c| c.field == "score").cloned();
            self.head_columns("indicators", &cols);
            self.block_columns = cols.clone();
            self.state = State::Table(Box::new(TableReader::new(cols)));
            return true;
        }
        if let Some(cols) = grid::header(self.t, row) {
            self.head_columns("tasks", &cols);
            self.block_columns = cols.clone();
            self.state = State::Grid(cols, true);
            return true;
        }
        if let Some(fb) = &self.t.funds
            && let Some(cols) = funds_header(fb, row)
        {
            if self.doc.unit.is_none() {
                self.doc.unit = row.cells.iter().find_map(|c| unit_in(&clean_text(&c.text)));
            }
            self.head_columns("funds", &cols);
            self.block_columns = cols.clone();
            self.state = State::Funds(cols);
            self.funds_fresh = true;
            return true;
        }
        if let Some(gb) = &self.t.goal
            && let Some(cols) = goal_header(gb, row)
        {
            self.block_columns = cols.clone();
            self.state = State::Goal(cols);
            return true;
        }
        false
    }

    /// A 合计 row right under the header of a table that lists projects with
    /// their money (合计 | 417.41 under 资金总额): the listing's total, not
    /// the table's end. Its figures are kept as `<row label>/<header>`;
    /// true when it was one.
    fn listing_total(&mut self, row: &Row) -> bool {
        let figures: Vec<(usize, String)> = row
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .skip(1)
            .filter_map(|(i, c)| {
                let col = self
                    .block_columns
                    .iter()
                    .find(|col| col.is_extra() && c.overlaps(col.col, col.span))?;
                parse_amount(&c.text).map(|_| (i, col.header.clone()))
            })
            .collect();
        let all = row.cells.iter().filter(|c| !c.is_empty()).count();
        if figures.is_empty() || figures.len() + 1 != all {
            return false;
        }
        let Some(at) = row.cells.iter().position(|c| !c.is_empty()) else {
            return false;
        };
        let label = clean_text(&row.cells[at].text);
        self.take(at);
        for (i, header) in figures {
            self.doc
                .extra
                .insert(format!("{label}/{header}"), clean_text(&row.cells[i].text));
            self.take(i);
        }
        true
    }

    /// The row that closes the table with its total (总分, 合计): the score
    /// under the table's score column, else the row's last number.
    fn total_row(&mut self, row: &Row) -> bool {
        let Some(tb) = self.t.table.as_ref() else {
            return false;
        };
        let Some(label) = row
            .cells
            .iter()
            .position(|c| !c.is_empty() && tb.total.matches(&c.text))
        else {
            return false;
        };
        self.take(label);
        let mut score_at = None;
        if let Some(v) = self.total_score_cell(row, label) {
            self.doc.total_score = parse_amount(&v.text);
            score_at = row.cells.iter().position(|c| std::ptr::eq(c, v));
            if let Some(vi) = score_at {
                self.take(vi);
            }
        }
        // The row's other figures (the weights' 100) under the table's
        // columns: kept as `<row label>/<header>`.
        let row_label = clean_text(&row.cells[label].text);
        for (i, cell) in row.cells.iter().enumerate() {
            if i == label || Some(i) == score_at || cell.is_empty() {
                continue;
            }
            if let Some(col) = self
                .block_columns
                .iter()
                .find(|c| !c.header.is_empty() && cell.overlaps(c.col, c.span))
            {
                let key = format!("{row_label}/{}", col.header);
                self.doc.extra.insert(key, clean_text(&cell.text));
                self.take(i);
            }
        }
        true
    }

    fn finish_table(&mut self) {
        if let State::Table(reader) = std::mem::replace(&mut self.state, State::Free) {
            let (tasks, indicators, warnings) = reader.finish(self.doc.indicators.len());
            self.doc.tasks.extend(tasks);
            self.doc.indicators.extend(indicators);
            self.doc.warnings.extend(warnings);
        }
    }

    fn funds_row(&mut self, cols: &[Column], row: &Row) -> bool {
        if self.has_label(row) {
            return false;
        }
        let source_col = cols.iter().find(|c| c.field == "source");
        let source = source_col
            .and_then(|sc| row.cells.iter().find(|c| c.overlaps(sc.col, sc.span)))
            .or_else(|| {
                row.cells
                    .iter()
                    .find(|c| !c.is_empty() && parse_amount(&c.text).is_none())
            });
        let Some(source) = source.and_then(|c| clean_opt(&c.text)) else {
            return false;
        };
        let mut f = Funds {
            source,
            ..Funds::default()
        };
        let index = self.doc.funds.len();
        let mut used: Vec<(*const Cell, &str)> = Vec::new();
        for col in cols {
            let Some(cell) = row.cells.iter().find(|c| c.overlaps(col.col, col.span)) else {
                continue;
            };
            if !set_funds_field(&mut f, &col.field, &cell.text) {
                let path = format!("funds[{index}].{}", col.field);
                self.doc.warnings.push(
                    Warning::new(
                        "value_type",
                        format!("{path}: {:?} is not a number", clean_text(&cell.text)),
                        Some(row.page),
                    )
                    .naming([path]),
                );
            }
            if col.field != "source" && !cell.is_empty() {
                if let Some((_, other)) = used.iter().find(|(c, _)| std::ptr::eq(*c, cell)) {
                    let paths = [
                        format!("funds[{index}].{other}"),
                        format!("funds[{index}].{}", col.field),
                    ];
                    self.doc.warnings.push(
                        Warning::new(
                            "cell_straddles_columns",
                            format!(
                                "{}: one cell ({:?}) sits under two columns",
                                paths.join(" and "),
                                clean_text(&cell.text)
                            ),
                            Some(row.page),
                        )
                        .naming(paths),
                    );
                }
                used.push((cell, col.field.as_str()));
            }
        }
        self.doc.funds.push(f);
        true
    }

    fn goal_row(&mut self, cols: &[Column], row: &Row) -> bool {
        if self.has_label(row)
            && !self.t.goal.as_ref().is_some_and(|g| {
                row.cells
                    .iter()
                    .any(|c| g.label.is_match(&clean_text(&c.text)))
            })
        {
            return false;
        }
        let goal = self.doc.goal.get_or_insert_with(Goal::default);
        let mut any = false;
        for col in cols {
            let Some(cell) = row
                .cells
                .iter()
                .find(|c| c.overlaps(col.col, col.span) && !c.is_empty())
            else {
                continue;
            };
            let slot = if col.field == "expected" {
                &mut goal.expected
            } else {
                &mut goal.achieved
            };
            *slot = Some(match slot.take() {
                Some(prev) => join_text(&prev, &cell.text),
                None => cell.text.clone(),
            });
            any = true;
        }
        any
    }

    /// True when a cell of the row is one of the template's labels.
    fn has_label(&self, row: &Row) -> bool {
        row.cells.iter().any(|c| {
            let text = clean_text(&c.text);
            let key = key_of(&text);
            self.is_label_keyed(&text, &key)
                || self
                    .t
                    .goal
                    .as_ref()
                    .is_some_and(|g| g.label.is_match_keyed(&text, &key))
                || self
                    .t
                    .funds
                    .as_ref()
                    .is_some_and(|f| f.label.is_match_keyed(&text, &key))
        })
    }

    fn free_row(&mut self, row: &Row) {
        if self.pairs_row(row) {
            return;
        }
        let mut found = false;
        for (i, cell) in row.cells.iter().enumerate() {
            let text = clean_text(&cell.text);
            let key = key_of(&text);
            let Some((field, _)) = self
                .t
                .fields
                .iter()
                .find(|(_, re)| re.is_match_keyed(&text, &key))
            else {
                if self.goal_pair(row, i, &text)
                    || self.goal_label(row, i, &text)
                    || self.money_label(row, i, &text)
                    || self.packed_indicators(row, i, &text)
                {
                    found = true;
                    continue;
                }
                if let Some((field, value)) = self.label_and_value(&text) {
                    found = true;
                    self.take(i);
                    self.set_field(&field, &value);
                    self.last_value = Some((field, cell.col, cell.colspan));
                }
                continue;
            };
            found = true;
            self.take(i);
            // A label merged down over lines its neighbour is not (单位名称
            // over a three-line header beside 年度预算申请) heads a column:
            // no value beside it.
            let value = if field == "total_score" {
                self.total_score_cell(row, i)
            } else {
                row.cells[i + 1..]
                    .iter()
                    .find(|c| !self.is_label_text(&clean_text(&c.text)))
                    .filter(|c| c.rowspan >= cell.rowspan)
            };
            if let Some(v) = value {
                self.set_field(field, &v.text);
                self.last_value = Some((field.clone(), v.col, v.colspan));
                if let Some(vi) = row.cells.iter().position(|c| std::ptr::eq(c, v)) {
                    self.take(vi);
                }
            }
        }
        if !found {
            self.continue_value(row);
        }
        // A role or phone label in a cell of its own is followed by its value's cell.
        let v = vocabulary();
        let joined: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                let t = clean_text(&c.text);
                if v.roles.iter().chain(&v.phone).any(|r| *r == t) {
                    format!("{t}：")
                } else {
                    t
                }
            })
            .collect();
        if self.contacts_in(&joined.join(" ")) {
            self.take_row();
        }
    }

    /// Goals printed one under the other: 年初设定目标 | text, then
    /// 年度目标完成情况 | text, as label and value cells.
    fn goal_pair(&mut self, row: &Row, i: usize, text: &str) -> bool {
        let Some(g) = self.t.goal.as_ref() else {
            return false;
        };
        let expected = g.expected.is_match(text);
        if !expected && !g.achieved.is_match(text) {
            return false;
        }
        let Some(v) = row.cells.get(i + 1).filter(|c| !c.is_empty()) else {
            return false;
        };
        let value = clean_text(&v.text);
        let goal = self.doc.goal.get_or_insert_with(Goal::default);
        let slot = if expected {
            &mut goal.expected
        } else {
            &mut goal.achieved
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(value);
        self.take(i);
        self.take(i + 1);
        true
    }

    /// A label and its value in one cell (`评价结论：优`, or a scan whose
    /// ruling between the two was lost: `实施单位南湖区教育后勤服务中心`): the
    /// text after a key/value label that starts the cell.
    fn label_and_value(&self, text: &str) -> Option<(String, String)> {
        if text.chars().count() < 4 {
            return None;
        }
        let (field, len) = self.t.fields.iter().find_map(|(f, p)| {
            p.labels
                .labels
                .iter()
                .filter(|l| l.chars().count() >= 4)
                .find(|l| text.starts_with(l.as_str()))
                .map(|l| (f.clone(), l.len()))
        })?;
        let rest = text[len..].trim_start_matches([':', '：', ' ']);
        (rest.chars().count() >= 2 && field != "total_score").then(|| (field, rest.to_string()))
    }

    fn is_label_text(&self, text: &str) -> bool {
        self.is_label_keyed(text, &key_of(text))
    }

    /// True when a field's label is the text (with its [`key_of`]).
    fn is_label_keyed(&self, text: &str, key: &str) -> bool {
        self.t
            .fields
            .iter()
            .any(|(_, re)| re.is_match_keyed(text, key))
    }

    /// 总分's value sits under the table's score column; else the last number.
    fn total_score_cell<'r>(&self, row: &'r Row, label: usize) -> Option<&'r Cell> {
        let under_score = self.score_column.as_ref().and_then(|sc| {
            row.cells
                .iter()
                .find(|c| c.overlaps(sc.col, sc.span) && !c.is_empty())
        });
        under_score.or_else(|| {
            row.cells[label + 1..]
                .iter()
                .rev()
                .find(|c| parse_amount(&c.text).is_some())
        })
    }

    /// A value cell cut by a page break continues at the top of the next page,
    /// under an empty label cell.
    fn continue_value(&mut self, row: &Row) {
        let Some((field, col, span)) = self.last_value.clone() else {
            return;
        };
        if !row.page_top {
            return;
        }
        if let Some(ci) = row
            .cells
            .iter()
            .position(|c| c.overlaps(col, span) && !c.is_empty())
        {
            let prev = self.text_field(&field).unwrap_or_default();
            let joined = join_text(&prev, &row.cells[ci].text);
            self.set_field(&field, &joined);
            self.take(ci);
        }
    }

    fn text_field(&self, field: &str) -> Option<String> {
        match field {
            "entity" => self.doc.entity.clone(),
            "project" => self.doc.project.clone(),
            "supervisor" => self.doc.supervisor.clone(),
            "implementer" => self.doc.implementer.clone(),
            "unit" => self.doc.unit.clone(),
            "problems" => self.doc.problems.clone(),
            "improvements" => self.doc.improvements.clone(),
            "conclusion" => self.doc.conclusion.clone(),
            _ => None,
        }
    }

    fn set_field(&mut self, field: &str, raw: &str) {
        let v = clean_opt(raw);
        match field {
            "entity" => self.doc.entity = v.map(|e| without_entity_kind(&e)),
            "project" => self.doc.project = v,
            "supervisor" => self.doc.supervisor = v,
            "implementer" => self.doc.implementer = v,
            "unit" => self.doc.unit = v,
            "problems" => self.doc.problems = v,
            "improvements" => self.doc.improvements = v,
            "conclusion" => self.doc.conclusion = v,
            "total_score" => self.doc.total_score = parse_amount(raw),
            _ => {}
        }
    }

    /// Adds the contacts named in `text`; true when it names any.
    fn contacts_in(&mut self, text: &str) -> bool {
        let found = contacts(&self.t.contact_roles, text);
        let any = !found.is_empty();
        for c in found {
            if !self.doc.contacts.iter().any(|d| d.role == c.role) {
                self.doc.contacts.push(c);
            }
        }
        any
    }
}

/// Records the fields a block's header named (`indicators.score`).
fn head(headed: &mut Vec<String>, block: &str, cols: &[Column]) {
    for c in cols {
        let name = format!("{block}.{}", c.field);
        if !headed.contains(&name) {
            headed.push(name);
        }
    }
}

/// Names in `source.label_guesses` the headers of `cols` that only key
/// words named, each once.
fn guesses(doc: &mut Document, block: &str, cols: &[Column]) {
    for c in cols.iter().filter(|c| c.guessed) {
        let guess = LabelGuess {
            label: c.header.clone(),
            field: format!("{block}.{}", c.field),
        };
        if !doc.source.label_guesses.contains(&guess) {
            doc.source.label_guesses.push(guess);
        }
    }
}

fn first_text(row: &Row) -> String {
    row.cells
        .iter()
        .map(|c| clean_text(&c.text))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// Sets a money row's field from its cell; false when the cell holds text
/// that is not the column's kind of value (a word in an amount column).
fn set_funds_field(f: &mut Funds, field: &str, text: &str) -> bool {
    if let Some(header) = field.strip_prefix(super::table::EXTRA) {
        if let Some(v) = clean_opt(text) {
            f.extra.insert(header.to_string(), v);
        }
        return true;
    }
    let slot = match field {
        "initial_budget" => &mut f.initial_budget,
        "adjustment" => &mut f.adjustment,
        "full_year_budget" => &mut f.full_year_budget,
        "actual" => &mut f.actual,
        "weight" => &mut f.weight,
        "score" => &mut f.score,
        "execution_rate" | "adjustment_rate" => {
            let rate = parse_percent(text);
            if field == "execution_rate" {
                f.execution_rate = rate;
            } else {
                f.adjustment_rate = rate;
            }
            return rate.is_some() || is_blank_value(text);
        }
        _ => return true,
    };
    *slot = parse_amount(text);
    slot.is_some() || is_blank_value(text)
}

/// The money table's header: at least two amount columns found. The source
/// column is the one labelled 资金来源, else the empty header cell before the
/// first amount column.
fn funds_header(fb: &FundsBlock, row: &Row) -> Option<Vec<Column>> {
    let mut cols = funds_columns(fb, row, &[]);
    if cols.iter().filter(|c| c.field != "source").count() < 2 {
        return None;
    }
    let has_source = cols.iter().any(|c| c.field == "source");
    let first_amount = cols.iter().map(|c| c.col).min().unwrap_or(0);
    let extra = super::table::extra_columns(row, &cols, |text| {
        fb.label.is_match(&clean_text(text)) || unit_in(&clean_text(text)).is_some()
    });
    // Before the first amount, an unnamed header cell heads the sources.
    cols.extend(
        extra
            .into_iter()
            .filter(|c| has_source || c.col + c.span > first_amount),
    );
    if !has_source {
        if let Some(empty) = row
            .cells
            .iter()
            .rev()
            .find(|c| c.is_empty() && c.col < first_amount)
        {
            cols.push(column("source", empty));
        } else if first_amount > 0 && row.cell_at(first_amount - 1).is_none() {
            // A rendition prints no empty cells: the column before the first
            // amount, when no header cell covers it, holds the sources.
            cols.push(Column {
                field: "source".into(),
                header: String::new(),
                role: super::Role::Row,
                col: first_amount - 1,
                span: 1,
                guessed: false,
            });
        }
    }
    Some(cols)
}

/// The money columns a row's cells name, each field once and none of
/// `taken`: by the fields' labels, then, for the cells no label names, by
/// their key words.
fn funds_columns(fb: &FundsBlock, row: &Row, taken: &[Column]) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    let free = |f: &String, cols: &[Column]| {
        !cols
            .iter()
            .chain(taken)
            .any(|c| &c.field == f && !c.is_extra())
    };
    let mut unnamed = Vec::new();
    for cell in &row.cells {
        let text = clean_text(&cell.text);
        let key = key_of(&text);
        match fb
            .columns
            .iter()
            .find(|(f, re)| re.is_match_keyed(&text, &key) && free(f, &cols))
        {
            Some((field, _)) => cols.push(column(field, cell)),
            None if !key.is_empty() => unnamed.push(cell),
            None => {}
        }
    }
    for cell in unnamed {
        let key = key_of(&clean_text(&cell.text));
        let open = fb
            .columns
            .iter()
            .filter(|(f, _)| free(f, &cols))
            .map(|(f, p)| (f, &p.labels));
        if let Some(field) = crate::vocab::best_keyed(open, &key) {
            let mut c = column(field, cell);
            c.guessed = true;
            cols.push(c);
        }
    }
    cols.sort_by_key(|c| c.col);
    cols
}

/// A header row under the money table's first (a header printed over two
/// or three rows: 预算安排 over ① 年初部门预算安排金额 …, then a row of
/// formulas `③=①+②`): no amount in it, and each cell with text either
/// names a column or holds only marks. Returns the columns with the new
/// row's on top: a column it names replaces the ones it sits under that
/// named no field (预算安排), and its cells that name no field become extra
/// columns in their place. `None` when the row is not such a row.
fn funds_sub_header(fb: &FundsBlock, row: &Row, cols: &[Column]) -> Option<Vec<Column>> {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.is_empty()
        || filled
            .iter()
            .any(|c| parse_amount(&c.text).is_some() || fb.label.is_match(&clean_text(&c.text)))
    {
        return None;
    }
    let marks_only = filled
        .iter()
        .all(|c| key_of(&clean_text(&c.text)).is_empty());
    if marks_only {
        return Some(cols.to_vec());
    }
    let named = funds_columns(fb, row, cols);
    if named.is_empty() {
        return None;
    }
    let mut out: Vec<Column> = cols
        .iter()
        .filter(|c| !(c.is_extra() && filled.iter().any(|cell| cell.overlaps(c.col, c.span))))
        .cloned()
        .collect();
    let extra = super::table::extra_columns(row, &named, |_| false)
        .into_iter()
        .filter(|e| !key_of(&e.header).is_empty());
    out.extend(named);
    out.extend(extra);
    out.sort_by_key(|c| c.col);
    Some(out)
}

fn goal_header(gb: &GoalBlock, row: &Row) -> Option<Vec<Column>> {
    let expected = row
        .cells
        .iter()
        .find(|c| gb.expected.is_match(&clean_text(&c.text)))?;
    // The achievements' header follows the targets'; a cell before them is
    // the block's own label (年度总体目标完成情况 beside or over both).
    let matching = || {
        row.cells
            .iter()
            .filter(|c| c.col != expected.col && gb.achieved.is_match(&clean_text(&c.text)))
    };
    let achieved = matching()
        .find(|c| c.col > expected.col)
        .or_else(|| matching().next())?;
    Some(vec![
        column("expected", expected),
        column("achieved", achieved),
    ])
}

fn column(field: &str, cell: &Cell) -> Column {
    Column {
        field: field.to_string(),
        header: clean_text(&cell.text),
        role: super::Role::Row,
        col: cell.col,
        span: cell.colspan.max(1),
        guessed: false,
    }
}
