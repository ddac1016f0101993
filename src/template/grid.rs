//! The task grid: a department form's 年度主要任务完成情况 printed as one row
//! per task with its money (任务名称 | 主要内容 | 完成情况 | 全年预算数 总额 /
//! 财政拨款 / 其他资金 | 全年执行数 … | 分值 | 执行率 | 得分), closed by a
//! 金额合计 row. Each row is a task (`funds` its 全年预算数 总额, the other
//! columns in its `extra`); the 合计 row is a money row.

use super::Template;
use super::table::{Column, EXTRA, task_name_in, task_number};
use crate::layout::{Cell, Row};
use crate::model::{Funds, Task, Warning};
use crate::normalize::{clean_opt, clean_text, parse_amount, parse_percent};
use crate::vocab::{best_keyed, key_of, vocabulary};

/// The table's group fields a grid row fills.
const TASK_FIELDS: [&str; 3] = ["task_no", "task_expected", "task_achieved"];

/// A sub-header under a money column that still means the column (总额).
const WHOLE: [&str; 4] = ["总额", "合计", "小计", "总计"];

/// The grid's header row: a task name column, its content or its
/// achievement, at least one money column, and no indicator name column.
pub fn header(t: &Template, row: &Row) -> Option<Vec<Column>> {
    let tb = t.table.as_ref()?;
    let fb = t.funds.as_ref()?;
    let mut cols: Vec<Column> = Vec::new();
    let has = |cols: &[Column], f: &str| cols.iter().any(|c| c.field == f);
    for cell in row.cells.iter().filter(|c| !c.is_empty()) {
        let text = clean_text(&cell.text);
        let key = key_of(&text);
        if tb
            .columns
            .iter()
            .any(|(f, _, p)| f == "name" && p.is_match_keyed(&text, &key))
        {
            return None;
        }
        let task = tb.columns.iter().find(|(f, _, p)| {
            TASK_FIELDS.contains(&f.as_str()) && !has(&cols, f) && p.is_match_keyed(&text, &key)
        });
        if let Some((f, _, _)) = task {
            cols.push(column(f, &text, cell, false));
            continue;
        }
        let money = fb.columns.iter().filter(|(f, _)| f != "source");
        if let Some((f, _)) = money
            .clone()
            .find(|(f, p)| !has(&cols, f) && p.is_match_keyed(&text, &key))
        {
            cols.push(column(f, &text, cell, false));
        } else if let Some(f) = best_keyed(
            money
                .filter(|(f, _)| !has(&cols, f))
                .map(|(f, p)| (f, &p.labels)),
            &key,
        ) {
            cols.push(column(f, &text, cell, true));
        } else {
            cols.push(column(&format!("{EXTRA}{text}"), &text, cell, false));
        }
    }
    let money = cols
        .iter()
        .filter(|c| !c.is_extra() && !TASK_FIELDS.contains(&c.field.as_str()))
        .count();
    let ok = has(&cols, "task_no")
        && (has(&cols, "task_expected") || has(&cols, "task_achieved"))
        && money >= 1;
    ok.then_some(cols)
}

/// A second header row under the grid's money columns (总额 | 财政拨款 |
/// 其他资金): the columns with each split one in its parts. `None` when
/// the row is not such a row.
pub fn sub_header(cols: &[Column], row: &Row) -> Option<Vec<Column>> {
    let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.is_empty() || filled.iter().any(|c| parse_amount(&c.text).is_some()) {
        return None;
    }
    let parent = |cell: &Cell| {
        cols.iter()
            .find(|c| c.span > cell.colspan.max(1) && cell.overlaps(c.col, c.span))
    };
    if !filled.iter().all(|c| parent(c).is_some()) {
        return None;
    }
    let mut out: Vec<Column> = cols
        .iter()
        .filter(|c| !filled.iter().any(|cell| cell.overlaps(c.col, c.span)))
        .cloned()
        .collect();
    for cell in filled {
        let Some(p) = parent(cell) else { continue };
        let text = clean_text(&cell.text);
        let header = format!("{}/{text}", p.header);
        let whole = WHOLE.contains(&key_of(&text).as_ref()) && !p.is_extra();
        let field = if whole {
            p.field.clone()
        } else {
            format!("{EXTRA}{header}")
        };
        out.push(Column {
            field,
            header,
            role: p.role,
            col: cell.col,
            span: cell.colspan.max(1),
            guessed: p.guessed && whole,
        });
    }
    out.sort_by_key(|c| c.col);
    Some(out)
}

/// What one grid row holds.
pub enum GridRow {
    Task(Task),
    /// The 金额合计 row: a money row.
    Total(Funds),
}

/// Reads one row of the grid; `no` is the task's number by order.
pub fn read_row(cols: &[Column], row: &Row, no: i64) -> Option<GridRow> {
    let value = |c: &Column| {
        row.cells
            .iter()
            .find(|cell| cell.overlaps(c.col, c.span) && !cell.is_empty())
            .and_then(|cell| clean_opt(&cell.text))
    };
    let first = row
        .cells
        .iter()
        .find_map(|c| clean_opt(&c.text))
        .unwrap_or_default();
    if is_total(&first) {
        let mut f = Funds {
            source: first,
            ..Funds::default()
        };
        for c in cols {
            let Some(v) = value(c) else { continue };
            match c.field.as_str() {
                "full_year_budget" => f.full_year_budget = parse_amount(&v),
                "actual" => f.actual = parse_amount(&v),
                "initial_budget" => f.initial_budget = parse_amount(&v),
                "adjustment" => f.adjustment = parse_amount(&v),
                "execution_rate" => f.execution_rate = parse_percent(&v),
                "weight" => f.weight = parse_amount(&v),
                "score" => f.score = parse_amount(&v),
                _ if TASK_FIELDS.contains(&c.field.as_str()) => {}
                _ => {
                    f.extra.insert(c.header.clone(), v);
                }
            }
        }
        return Some(GridRow::Total(f));
    }
    let mut task = Task {
        no,
        pages: vec![row.page],
        ..Task::default()
    };
    let mut any = false;
    for c in cols {
        let Some(v) = value(c) else { continue };
        any = true;
        match c.field.as_str() {
            "task_no" => {
                let prefixed = vocabulary()
                    .task_prefix
                    .iter()
                    .any(|p| v.starts_with(p.as_str()));
                match task_number(&v).filter(|_| prefixed) {
                    Some(n) => {
                        task.no = n;
                        task.name = task_name_in(&v);
                    }
                    None => task.name = Some(v),
                }
            }
            "task_expected" => task.expected = Some(v),
            "task_achieved" => task.achieved = Some(v),
            "full_year_budget" => task.funds = parse_amount(&v),
            _ => {
                task.extra.insert(c.header.clone(), v);
            }
        }
    }
    any.then_some(GridRow::Task(task))
}

/// The warning for tasks numbered by their order (no 任务N label printed).
pub fn numbered_by_order(page: u32) -> Warning {
    Warning::new(
        "task_number_inferred",
        "the task grid prints no 任务N labels: its tasks are numbered by their order",
        Some(page),
    )
}

/// A grid row that totals the tasks (金额合计, 合计).
fn is_total(text: &str) -> bool {
    let v = vocabulary();
    v.table_total.matches(text) || key_of(text).ends_with("合计")
}

fn column(field: &str, header: &str, cell: &Cell, guessed: bool) -> Column {
    Column {
        field: field.to_string(),
        header: header.to_string(),
        role: super::Role::Group,
        col: cell.col,
        span: cell.colspan.max(1),
        guessed,
    }
}
