//! `--template FILE`: a user's own template is tried first, and a broken one
//! is reported with the file and the reason.

use crate::common;

use common::{bin, extract_json, scratch, shared_samples};

#[test]
fn own_template_is_preferred_and_named_in_the_output() {
    let dir = scratch("user_template");
    let builtin = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/national_project.toml"
    ))
    .unwrap();
    let own = builtin.replacen("id = \"national_project\"", "id = \"jiangxi_project\"", 1);
    assert_ne!(own, builtin);
    let path = dir.join("jiangxi.toml");
    std::fs::write(&path, own).unwrap();
    let form = shared_samples().join("proj-jbgw-2021.lo.pdf");
    let doc = extract_json(&[
        form.as_os_str(),
        std::ffi::OsStr::new("--template"),
        path.as_os_str(),
    ]);
    assert_eq!(doc["source"]["template"], "jiangxi_project");
    assert_eq!(doc["indicators"].as_array().map(Vec::len), Some(14));
}

#[test]
fn broken_template_names_the_file_and_the_problem() {
    let dir = scratch("broken_template");
    let path = dir.join("broken.toml");
    std::fs::write(&path, "id = \"x\"\nform = \"project\"\ntitle = \"项目\"\n[table]\nheader = \"(\"\nend = \"x\"\n[table.row]\nname = \"a\"\n").unwrap();
    let out = bin()
        .arg("extract")
        .arg(shared_samples().join("proj-jbgw-2021.lo.pdf"))
        .arg("--template")
        .arg(&path)
        .output()
        .unwrap();
    // A usage error: checked before any file is read.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.toml") && err.contains("bad pattern"),
        "{err}"
    );
}
