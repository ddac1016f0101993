//! Blocks printed as label and value cells rather than under column
//! headers, as target tables (绩效目标表) print them: a goal label with its
//! text beside or below it (年度总体目标 | text; 当年整体绩效目标 over
//! text), a money block whose label spans rows of `source | amount` pairs
//! (项目资金（万元） | 年度资金总额： | 118.01 / 其中：财政拨款 | 118.01 …),
//! and `label：value` lines above the table (单位名称：…).

use super::Matcher;
use crate::layout::Row;
use crate::model::{Funds, Goal, Indicator, Warning};
use crate::normalize::{clean_opt, clean_text, parse_amount};
use crate::template::TableBlock;
use crate::template::table::{Column, extra_columns, header_columns};

/// Characters a text beside 绩效指标 has at least to be the indicators
/// written out, not a header.
const PACKED_AT_LEAST: usize = 12;

/// Lines of a header above its lowest one that may hold merged columns.
const UPPER_LINES: usize = 2;

/// A row's printed cells, cleaned, in order: what a repeated line shares.
fn line_key(row: &Row) -> String {
    row.cells
        .iter()
        .map(|c| clean_text(&c.text))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("|")
}

/// Fields a `label：value` line above the table may fill.
const LINE_FIELDS: [&str; 4] = ["entity", "project", "supervisor", "implementer"];

/// Where a block printed as pairs goes on: the goal's text in the next row
/// under these columns, or the money block's rows up to this one.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Pending {
    /// Goal text below the goal label: (first column, span).
    pub goal_below: Option<(usize, usize)>,
    /// The money block's label spans rows up to this index; the first money
    /// row it read, for the weight printed beside the block; the first grid
    /// column its pairs are read from.
    pub money: Option<(usize, usize, usize)>,
}

impl Matcher<'_> {
    /// A row inside a block printed as pairs (money rows under a label that
    /// spans them, the goal text under its label): read, true.
    pub(super) fn pairs_row(&mut self, row: &Row) -> bool {
        if let Some((col, span)) = self.pending.goal_below.take()
            && let Some((i, cell)) = row
                .cells
                .iter()
                .enumerate()
                .find(|(_, c)| !c.is_empty() && c.col < col + span && col < c.col + c.colspan)
            && !self.is_label_text(&clean_text(&cell.text))
        {
            let goal = self.doc.goal.get_or_insert_with(Goal::default);
            if goal.expected.is_none() {
                goal.expected = clean_opt(&cell.text);
                self.take(i);
                return row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
            }
        }
        match self.pending.money {
            Some((last, first, col)) if self.current <= last => {
                self.money_pairs(row, 0, first, col);
                true
            }
            _ => false,
        }
    }

    /// A goal label (年度总体目标, 总体目标) with its text in the next cell
    /// to the right, else in the row below: the target table's one goal.
    pub(super) fn goal_label(&mut self, row: &Row, i: usize, text: &str) -> bool {
        let Some(g) = self.t.goal.as_ref() else {
            return false;
        };
        if !g.label.is_match(text) || self.doc.goal.as_ref().is_some_and(|g| g.expected.is_some()) {
            return false;
        }
        self.take(i);
        let beside = row.cells[i + 1..]
            .iter()
            .position(|c| !c.is_empty())
            .map(|p| i + 1 + p)
            .filter(|&v| !self.is_label_text(&clean_text(&row.cells[v].text)));
        match beside {
            Some(v) => {
                let goal = self.doc.goal.get_or_insert_with(Goal::default);
                goal.expected = clean_opt(&row.cells[v].text);
                self.take(v);
            }
            None => {
                let c = &row.cells[i];
                self.pending.goal_below = Some((c.col, c.colspan.max(1)));
            }
        }
        true
    }

    /// Indicators all written as free text in one cell beside the block's
    /// label (绩效指标 | 产出指标：…；效益指标：…), no header, no columns:
    /// one indicator whose name keeps the whole text, warned; true when
    /// the row was that.
    pub(super) fn packed_indicators(&mut self, row: &Row, i: usize, text: &str) -> bool {
        let Some(tb) = self.t.table.as_ref() else {
            return false;
        };
        if !tb.name_fallback.matches(text) || !self.doc.indicators.is_empty() {
            return false;
        }
        let filled: Vec<usize> = (i + 1..row.cells.len())
            .filter(|&c| !row.cells[c].is_empty())
            .collect();
        let [v] = filled[..] else {
            return false;
        };
        let value = clean_text(&row.cells[v].text);
        if value.chars().count() < PACKED_AT_LEAST
            || !value.contains("指标")
            || self.is_known_label(&value)
            || header_columns(tb, row).is_some()
        {
            return false;
        }
        self.take(i);
        self.take(v);
        let path = "indicators[0].name";
        self.doc.warnings.push(
            Warning::new(
                "indicators_packed",
                format!(
                    "{path}: the indicators are written as one text ({} characters) with no columns; kept whole",
                    value.chars().count()
                ),
                Some(row.page),
            )
            .naming([path]),
        );
        self.doc.indicators.push(Indicator {
            name: Some(value),
            pages: row.cells[v].pages.clone(),
            ..Indicator::default()
        });
        true
    }

    /// A money block's label (项目资金（万元）) with `source | amount` pairs
    /// beside it, on its row and the rows it spans: one money row per pair,
    /// the amount as the year's budget. Where the block is printed twice
    /// side by side, the project's whole budget and the year's (年度资金申请总额),
    /// the year's is read; the other is left unread.
    pub(super) fn money_label(&mut self, row: &Row, i: usize, text: &str) -> bool {
        let Some(fb) = self.t.funds.as_ref() else {
            return false;
        };
        if !fb.label.is_match(text) || !self.doc.funds.is_empty() {
            return false;
        }
        let pairs = pairs_in(row, i + 1);
        if pairs.is_empty() {
            return false;
        }
        self.take(i);
        if self.doc.unit.is_none() {
            self.doc.unit = super::unit_in(text);
        }
        let first = self.doc.funds.len();
        let rows = row.cells[i].rowspan.max(1);
        let year: Vec<usize> = pairs
            .iter()
            .filter(|(s, _)| row.cells[*s].text.contains("年度"))
            .map(|(s, _)| row.cells[*s].col)
            .collect();
        let col = match year.as_slice() {
            [col] if pairs.len() > 1 => *col,
            _ => 0,
        };
        self.pending.money = Some((self.current + rows - 1, first, col));
        self.money_pairs(row, i + 1, first, col);
        true
    }

    /// Reads a row's `source | amount` pairs from cell `from` on; a cell
    /// naming the block's weight (执行率分值（10）) gives the first row's.
    fn money_pairs(&mut self, row: &Row, from: usize, first: usize, col: usize) {
        for (s, a) in pairs_in(row, from) {
            if row.cells[s].col < col {
                continue;
            }
            let mut source = clean_text(&row.cells[s].text);
            source = source.trim_end_matches([':', '：']).to_string();
            if let Some(rest) = source.strip_prefix("其中") {
                source = rest.trim_start_matches([':', '：']).to_string();
            }
            self.doc.funds.push(Funds {
                source,
                full_year_budget: parse_amount(&row.cells[a].text),
                ..Funds::default()
            });
            self.take(s);
            self.take(a);
        }
        for (i, c) in row.cells.iter().enumerate().skip(from) {
            if let Some(w) = block_weight(&clean_text(&c.text))
                && let Some(f) = self.doc.funds.get_mut(first)
            {
                f.weight = Some(w);
                self.take(i);
            }
        }
    }

    /// A header of two or three lines whose upper lines hold cells merged
    /// down beside the lowest line's (单位（项目）名称, 资金总额, 绩效目标
    /// over two lines, 一级指标 … on the second): those are columns too, of
    /// a row's `extra` (a listing of projects moves them to their fields).
    /// The upper lines are remembered, so a page that repeats them drops them.
    pub(super) fn upper_header(&mut self, tb: &TableBlock, page: u32, cols: &mut Vec<Column>) {
        let mut upper: Vec<Column> = Vec::new();
        for k in 1..=self.above.len().min(UPPER_LINES) {
            let row = &self.above[self.above.len() - k];
            if row.page != page {
                break;
            }
            let merged = Row {
                cells: row
                    .cells
                    .iter()
                    .filter(|c| c.rowspan > k)
                    .cloned()
                    .collect(),
                ..row.clone()
            };
            let taken: Vec<Column> = cols.iter().chain(&upper).cloned().collect();
            let found = extra_columns(&merged, &taken, |t| tb.name_fallback.matches(t));
            if found.is_empty() {
                continue;
            }
            // Every cell of an upper line is a header: a column's, or a
            // group's over several (年度预算申请 over 资金总额 …).
            let at = self.current.saturating_sub(k);
            for (i, c) in row.cells.iter().enumerate() {
                if !c.is_empty()
                    && let Some(t) = self.taken.get_mut(at).and_then(|r| r.get_mut(i))
                {
                    *t = true;
                }
            }
            let key = line_key(row);
            self.upper_lines.push(key);
            upper.extend(found);
        }
        cols.extend(upper);
        cols.sort_by_key(|c| c.col);
    }

    /// A row that repeats an upper line of the table's header (at the top
    /// of a later page).
    pub(super) fn repeats_upper_line(&self, row: &Row) -> bool {
        if self.upper_lines.is_empty() {
            return false;
        }
        let key = line_key(row);
        !key.is_empty() && self.upper_lines.contains(&key)
    }

    /// `单位名称：重庆市商务委员会` printed above the table: the field, when
    /// the table did not fill it; the value ends at the first space.
    pub(super) fn line_above(&mut self, text: &str) {
        let Some((field, value)) = self.label_and_value(&clean_text(text)) else {
            return;
        };
        let empty = match field.as_str() {
            "entity" => self.doc.entity.is_none(),
            "project" => self.doc.project.is_none(),
            "supervisor" => self.doc.supervisor.is_none(),
            "implementer" => self.doc.implementer.is_none(),
            _ => false,
        };
        // The value ends at a space or at the line's next label (单位：万元).
        let value = value.split_whitespace().next().unwrap_or_default();
        let value = value
            .find("单位")
            .filter(|&at| {
                at > 0
                    && value[at..]
                        .trim_start_matches("单位")
                        .starts_with([':', '：'])
            })
            .map_or(value, |at| &value[..at]);
        if empty && LINE_FIELDS.contains(&field.as_str()) && !value.is_empty() {
            self.set_field(&field, value);
        }
    }
}

/// `(source cell, amount cell)` pairs from cell `from` on: a text cell
/// followed by an amount (or a dash).
fn pairs_in(row: &Row, from: usize) -> Vec<(usize, usize)> {
    let cells = &row.cells;
    let is_amount = |t: &str| {
        let t = clean_text(t);
        parse_amount(&t).is_some() || matches!(t.as_str(), "-" | "—" | "－")
    };
    let mut out = Vec::new();
    let mut i = from;
    while i + 1 < cells.len() {
        let label = clean_text(&cells[i].text);
        if !label.is_empty()
            && !is_amount(&label)
            && block_weight(&label).is_none()
            && is_amount(&cells[i + 1].text)
        {
            out.push((i, i + 1));
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// The weight a money block prints beside its rows: `执行率分值（10）`.
fn block_weight(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !t.contains("分值") {
        return None;
    }
    let open = t.rfind(['(', '（'])?;
    let inner = t[open..].trim_start_matches(['(', '（']);
    let inner = inner.trim_end_matches([')', '）']);
    inner.parse().ok()
}
