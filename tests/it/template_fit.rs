//! Template fit: a form read with the template it was made for takes nearly
//! all of its label cells; read with the wrong one, `source.template_fit`
//! says so — a `template_fit_low` warning naming the labels nothing took, or
//! an error instead of a near-empty document.

use std::path::Path;

use evalform::extract::Limits;
use evalform::pipeline::documents_from_pdf;
use evalform::source::read_pages;
use evalform::template::Template;
use evalform::template::fit::{FAIL_BELOW, WARN_BELOW};

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// A built-in template, or (`forced:ID`) that template retitled to accept
/// the other form's title: a form forced through the wrong template, as a
/// user's `--template` copy with only its title changed would do.
fn template(id: &str) -> Template {
    let (forced, id) = match id.strip_prefix("forced:") {
        Some(id) => (true, id),
        None => (false, id),
    };
    let (_, text) = evalform::template::BUILTIN
        .iter()
        .find(|(name, _)| name.trim_end_matches(".toml") == id)
        .expect("built-in template");
    if !forced {
        return Template::parse(text).unwrap();
    }
    let retitled = text
        .replace(
            "title = [\"项目支出绩效自评表\"]",
            "title = [\"绩效自评表\"]",
        )
        .replace(
            "title = [\"部门整体支出绩效自评表\"]",
            "title = [\"绩效自评表\"]",
        );
    assert_ne!(&retitled, text, "{id}: title line not found");
    Template::parse(&retitled).unwrap()
}

/// Reads a sample with only the given template.
fn read_with(name: &str, id: &str) -> Result<evalform::Document, evalform::Error> {
    let path = sample(name);
    let bytes = std::fs::read(&path).unwrap();
    let pdf = read_pages(&bytes, &Limits::default()).unwrap();
    documents_from_pdf(&path, &pdf, &[template(id)]).map(|mut d| d.remove(0))
}

const FORMS: [(&str, &str, &str); 4] = [
    ("gz-tianhe-wgly-2022", "gz_dept", "national_project"),
    ("gz-panyu-swj-2021", "gz_dept", "national_project"),
    ("proj-lygtnt-2022", "national_project", "gz_dept"),
    ("proj-xddb-2021", "national_project", "gz_dept"),
];

#[test]
fn the_right_template_fits_and_is_not_flagged() {
    for (form, right, _) in FORMS {
        for variant in ["lo", "xls", "cid"] {
            let name = format!("{form}.{variant}.pdf");
            let doc = read_with(&name, right).unwrap();
            let fit = doc.source.template_fit.expect("fit recorded");
            assert!(fit >= WARN_BELOW, "{name}: fit {fit}");
            assert!(
                !doc.warnings.iter().any(|w| w.code == "template_fit_low"),
                "{name}: {:?}",
                doc.warnings
            );
        }
    }
}

/// The wrong template's read is flagged: an error naming the untaken labels,
/// or a document whose `template_fit` is below the warning threshold with a
/// `template_fit_low` warning naming them.
fn assert_flagged(name: &str, id: &str) {
    match read_with(name, id) {
        Ok(doc) => {
            let fit = doc.source.template_fit.expect("fit recorded");
            assert!(fit < WARN_BELOW, "{name} with {id}: fit {fit}");
            let w = doc
                .warnings
                .iter()
                .find(|w| w.code == "template_fit_low")
                .unwrap_or_else(|| panic!("{name} with {id}: no template_fit_low warning"));
            assert!(w.message.contains("no field took:"), "{}", w.message);
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("no form template matches"),
                "{name} with {id}: {msg}"
            );
        }
    }
}

#[test]
fn the_wrong_template_is_flagged_by_its_fit() {
    for (form, _, wrong) in FORMS {
        for variant in ["lo", "xls", "cid"] {
            let name = format!("{form}.{variant}.pdf");
            assert_flagged(&name, wrong);
            assert_flagged(&name, &format!("forced:{wrong}"));
        }
    }
}

/// A project form read by the department template matches it (its 绩效指标
/// block passes for the department table's header) but leaves most of its
/// labels untaken: flagged, with the labels a template would need.
#[test]
fn a_project_form_read_as_a_department_form_names_the_untaken_labels() {
    let doc = read_with("proj-lygtnt-2022.lo.pdf", "gz_dept").unwrap();
    let fit = doc.source.template_fit.unwrap();
    assert!((FAIL_BELOW..WARN_BELOW).contains(&fit), "fit {fit}");
    let w = doc
        .warnings
        .iter()
        .find(|w| w.code == "template_fit_low")
        .expect("flagged");
    // 三级指标 is the vocabulary's name label, which every template knows;
    // the levels above it are the project layout's own.
    for label in ["项目名称", "主管部门", "一级指标"] {
        assert!(w.message.contains(label), "{label}: {}", w.message);
    }
}

/// Far below the threshold the read is refused; near it, flagged. Either
/// way the labels a template would need are named.
#[test]
fn a_department_form_forced_through_the_project_template_is_refused_or_flagged() {
    let msg = match read_with("gz-tianhe-wgly-2022.cid.pdf", "forced:national_project") {
        Err(err) => err.to_string(),
        Ok(doc) => {
            let fit = doc.source.template_fit.expect("fit recorded");
            assert!(fit < WARN_BELOW, "fit {fit}");
            assert!(doc.tasks.is_empty() && doc.indicators.is_empty());
            doc.warnings
                .iter()
                .find(|w| w.code == "template_fit_low")
                .map(|w| w.message.clone())
                .expect("flagged")
        }
    };
    assert!(msg.contains("label cells"), "{msg}");
    assert!(
        msg.contains("主要任务"),
        "the untaken labels are named: {msg}"
    );
}
