//! The SQL DDL matches the CSV tables. With `EVALFORM_WAREHOUSE_TESTS=1` (CI),
//! a batch output (with `--parquet`) is loaded into a real PostgreSQL, into
//! SQLite and into DuckDB by `scripts/ci-warehouse.sh`, which checks row
//! counts and amounts against the JSON and the Parquet rows against the CSVs. Otherwise that part is skipped, and the DDL is still checked with the
//! `sqlite3` CLI when it is installed.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Command;

use evalform::emit::csv::Table;
use evalform::emit::sql::{Dialect, ddl};

const BIN: &str = env!("CARGO_BIN_EXE_evalform");
/// `evalform` with the test hooks: its batch reads truth-shaped JSON files.
const HOOKED: &str = env!("CARGO_BIN_EXE_evalform-hooks");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn sqlite_accepts_the_ddl_with_the_csv_columns_in_order() {
    let mut sql = ddl(Dialect::Sqlite);
    for table in Table::ALL {
        sql.push_str(&format!(
            "SELECT '{0}', group_concat(name, ',') FROM pragma_table_info('{0}');\n",
            table.name()
        ));
    }
    let Some(out) = common::sqlite(Path::new(":memory:"), &sql) else {
        crate::need::present("sqlite3", false);
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for table in Table::ALL {
        let columns: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
        let line = format!("{}|{}", table.name(), columns.join(","));
        assert!(text.lines().any(|l| l == line), "{line} not in\n{text}");
    }
}

#[test]
fn schema_subcommand_prints_ddl_and_json_schema() {
    let out = Command::new(BIN)
        .args(["schema", "--sql", "postgres"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        ddl(Dialect::Postgres)
    );
    let out = Command::new(BIN).arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["properties"]["schema"]["const"], "evalform/1");
    let bad = Command::new(BIN)
        .args(["schema", "--sql", "oracle"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// A batch output made with the test extractor from the sample truth files
/// (and one failing file), so the load does not depend on PDF extraction.
fn fake_batch(root: &Path) -> std::path::PathBuf {
    let input = root.join("in");
    fs::create_dir_all(&input).unwrap();
    let samples = Path::new(ROOT).join("samples/shared");
    for entry in fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".json") && name != "manifest.json" {
            // A directory walk takes PDFs and text files; the test extractor
            // reads the truth JSON whatever the file is called.
            fs::copy(&path, input.join(name.replace(".json", ".txt"))).unwrap();
        }
    }
    fs::write(input.join("broken.pdf"), "%PDF-1.7 truncated").unwrap();
    // An amount with four decimals: a bare NUMERIC in DuckDB would keep three.
    let mut precise: serde_json::Value =
        serde_json::from_slice(&fs::read(samples.join("gz-liwan-yjj-2021.json")).unwrap()).unwrap();
    precise["funds"][0]["actual"] = 8964.0812.into();
    precise["title"] = "四位小数".into();
    fs::write(input.join("precise.txt"), precise.to_string()).unwrap();
    let out = root.join("out");
    let status = Command::new(HOOKED)
        .args(["batch", "--no-progress", "--csv-bom", "--parquet", "-o"])
        .arg(&out)
        .arg(&input)
        .env("EVALFORM_TEST_EXTRACTOR", "fake")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "the broken file fails");
    let converted = fs::read_dir(out.join("json"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(
        converted >= 3,
        "the truth files were converted: {converted}"
    );
    out
}

/// Whether the PostgreSQL and SQLite loads run (`EVALFORM_WAREHOUSE_TESTS=1`);
/// says so when they are skipped.
fn warehouse_tests_on() -> bool {
    let on = std::env::var("EVALFORM_WAREHOUSE_TESTS").as_deref() == Ok("1");
    if !on {
        eprintln!("skipped: set EVALFORM_WAREHOUSE_TESTS=1 to load PostgreSQL, SQLite and DuckDB");
    }
    on
}

/// Loads a batch output directory into PostgreSQL, SQLite and DuckDB with
/// `scripts/ci-warehouse.sh`, which checks the loads against the JSON.
fn assert_warehouse_matches(out: &Path) {
    let status = Command::new("bash")
        .arg(Path::new(ROOT).join("scripts/ci-warehouse.sh"))
        .arg(out)
        .env("EVALFORM_BIN", BIN)
        .status()
        .unwrap();
    assert!(status.success(), "ci-warehouse.sh failed");
}

#[test]
fn warehouse_load_matches_the_json() {
    if !warehouse_tests_on() {
        return;
    }
    let tmp = crate::scratch::tempdir().unwrap();
    let out = fake_batch(tmp.path());
    assert_warehouse_matches(&out);
}

#[test]
fn warehouse_load_of_the_bundled_samples_matches_the_json() {
    if !warehouse_tests_on() {
        return;
    }
    let tmp = crate::scratch::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = Command::new(BIN)
        .args(["batch", "--no-progress", "--parquet", "-o"])
        .arg(&out)
        .arg(Path::new(ROOT).join("samples"))
        .status()
        .unwrap();
    // samples/bad holds a PDF that is not a form, on purpose.
    assert_eq!(status.code(), Some(1));
    let converted = fs::read_dir(out.join("json"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(
        converted >= 16,
        "the sample forms were converted: {converted}"
    );
    assert_warehouse_matches(&out);
}
