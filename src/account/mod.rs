//! Accounting stage: after a template read a form, every non-empty printed
//! cell is a field's value, a label the vocabulary knows, a header, a row's
//! `extra`, a document-level `extra` pair, or listed in the document's
//! `unread`; and every field evalform doubts is named (a warning's `fields`,
//! and `confidence`).
//!
//! [`unread`] finds the cells nothing took; [`doubt`] names the fields whose
//! reading is in doubt; [`confidence`] gathers every doubt into one map.

pub mod confidence;
pub mod doubt;
pub mod unread;

use crate::layout::FormLayout;
use crate::model::Document;
use crate::normalize::parse_amount;
use crate::template::Template;
use crate::template::fit::Fit;

/// Accounts for the cells of `layout` that `fit` says no field took, and
/// names the fields the read doubts. Runs before the arithmetic checks.
pub fn account(doc: &mut Document, layout: &FormLayout, fit: &Fit) {
    unread::account_cells(doc, layout, &fit.cells);
    doubt::name_doubts(doc, layout, &fit.headed);
}

/// Why a read came out empty, when it did: the template has an indicator
/// table but none was found, or a money block whose amounts were not read
/// while the form prints numbers no field took. Such a read is a failure,
/// never a document that looks complete.
pub fn empty_read(doc: &Document, template: &Template) -> Option<String> {
    if template.table.is_some() && doc.indicators.is_empty() {
        return Some("no indicator table was found (its header row was not recognised)".into());
    }
    let amounts = |f: &crate::model::Funds| {
        [
            f.initial_budget,
            f.adjustment,
            f.full_year_budget,
            f.actual,
            f.execution_rate,
        ]
        .iter()
        .any(Option::is_some)
    };
    let unread_numbers = doc
        .unread
        .iter()
        .filter(|u| parse_amount(&u.text).is_some())
        .count();
    let funds_unread = !doc.funds.is_empty()
        && doc.funds.iter().all(|f| !amounts(f))
        && (unread_numbers >= 2
            || doc.warnings.iter().any(|w| {
                w.code == "value_type" && w.fields.iter().any(|p| p.starts_with("funds"))
            }));
    (template.funds.is_some() && funds_unread).then(|| {
        format!(
            "the money block's amounts were not read ({} rows read, {unread_numbers} printed numbers no field took)",
            doc.funds.len()
        )
    })
}
