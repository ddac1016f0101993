//! `evalform batch` as a process: exit codes, isolation in worker processes, and
//! a run killed with SIGKILL at several points that, restarted, ends with the
//! same bytes as an uninterrupted run. Runs `evalform-hooks` with its test
//! extractor (`EVALFORM_TEST_EXTRACTOR=fake`), so no PDFs are needed; the
//! shipped `evalform` is shown to ignore the hooks.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::snapshot;

/// `evalform` with the test hooks (built by the tests alone).
const BIN: &str = env!("CARGO_BIN_EXE_evalform-hooks");
/// The shipped binary.
const SHIPPED: &str = env!("CARGO_BIN_EXE_evalform");

fn form(i: usize) -> String {
    serde_json::json!({
        "schema": "evalform/1", "form": "project", "title": format!("项目支出绩效自评表 {i}"),
        "year": 2021, "entity": null, "project": format!("项目, \"{i}\""), "supervisor": null,
        "implementer": null, "unit": "万元",
        "funds": [{"source": "合计", "initial_budget": 100 + i, "adjustment": null,
                   "full_year_budget": 120.5, "actual": 99.75 + i as f64, "execution_rate": 96.48,
                   "adjustment_rate": null, "weight": 10, "score": 9.5}],
        "goal": {"expected": "预期\n第二行", "achieved": "完成"},
        "tasks": [], "indicators": [{"task": null, "level1": "产出指标", "level2": "数量指标",
            "name": "人数", "formula": null, "target": "≥90%", "actual": "91.3%",
            "weight": 6, "score": 6, "note": null}],
        "problems": null, "improvements": null, "total_score": 90 + i % 10,
        "contacts": [{"role": "项目负责人", "name": "张三", "phone": "020-1234"}]
    })
    .to_string()
}

fn make_inputs(root: &Path, n: usize) -> PathBuf {
    let input = root.join("in");
    for i in 0..n {
        let path = input.join(format!("d{}/f{i:02}.txt", i % 2));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, form(i)).unwrap();
    }
    fs::write(input.join("bad.pdf"), "not a pdf").unwrap();
    fs::write(input.join("panic.pdf"), "PANIC").unwrap();
    input
}

fn batch(input: &Path, out: &Path, slow_ms: u64) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["batch", "-j", "2", "--no-progress", "-o"])
        .arg(out)
        .arg(input)
        .env("EVALFORM_TEST_EXTRACTOR", "fake")
        .env("EVALFORM_TEST_SLOW_MS", slow_ms.to_string())
        .env("RUST_BACKTRACE", "0");
    cmd
}

fn run(mut cmd: Command) -> Output {
    cmd.output().expect("evalform runs")
}

fn records(out: &Path) -> usize {
    fs::read_dir(out.join(".evalform/records"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Starts a batch and SIGKILLs it once `ready` holds (or after `limit`).
fn kill_when(mut cmd: Command, limit: Duration, ready: impl Fn() -> bool) {
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    while !ready() && start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
}

#[test]
fn killed_runs_resume_to_the_same_bytes_as_an_uninterrupted_run() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 16);
    let reference = tmp.path().join("reference");
    let done = run(batch(&input, &reference, 0));
    assert_eq!(done.status.code(), Some(1), "two inputs fail");

    let out = tmp.path().join("out");
    // During setup, after a few files, after most files, and at fixed times
    // that may fall into the final table assembly.
    kill_when(batch(&input, &out, 40), Duration::ZERO, || false);
    for target in [3, 9, 15] {
        kill_when(batch(&input, &out, 40), Duration::from_secs(60), || {
            records(&out) >= target
        });
    }
    for ms in [5, 20, 60] {
        kill_when(batch(&input, &out, 0), Duration::from_millis(ms), || false);
    }
    let finished = run(batch(&input, &out, 0));
    assert_eq!(finished.status.code(), Some(1));
    let (got, want) = (snapshot(&out), snapshot(&reference));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
    for ((name, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{name} differs after interrupted runs");
    }
    assert_eq!(want.iter().filter(|f| f.0.starts_with("json/")).count(), 16);
}

#[test]
fn worker_processes_contain_timeouts_and_memory_blowups() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("good.txt"), form(1)).unwrap();
    fs::write(input.join("hog.pdf"), "ALLOC 2048").unwrap();
    fs::write(input.join("slow.pdf"), "SLEEP 20000").unwrap();
    let out = tmp.path().join("out");
    let mut cmd = batch(&input, &out, 0);
    cmd.args(["--timeout", "2", "--max-memory", "256"]);
    let output = run(cmd);
    assert_eq!(output.status.code(), Some(1));
    let errors = fs::read_to_string(out.join("errors.csv")).unwrap();
    assert!(errors.contains("hog.pdf,"), "{errors}");
    assert!(
        errors.contains(",memory,exceeded the memory limit of 256 MiB"),
        "{errors}"
    );
    assert!(
        errors.contains(",timeout,exceeded the time limit of 2 s"),
        "{errors}"
    );
    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 1);
}

#[test]
fn exit_codes_say_all_good_some_failed_or_bad_usage() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.txt"), form(1)).unwrap();
    let ok = run(batch(&input, &tmp.path().join("o1"), 0));
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");

    let missing = run(batch(&tmp.path().join("nope"), &tmp.path().join("o2"), 0));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope"));
    assert!(
        !tmp.path().join("o2").exists(),
        "no output for a usage error"
    );

    let mut bad_shard = batch(&input, &tmp.path().join("o3"), 0);
    bad_shard.args(["--shard", "3/2"]);
    assert_eq!(run(bad_shard).status.code(), Some(2));
}

#[test]
fn ocr_mode_reaches_the_workers() {
    // Under `--ocr never` an image-only scan has no text: recorded, and the
    // batch goes on to the born-digital file.
    let root = common::scratch("batch_ocr_never");
    let out = root.join("out");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let result = run({
        let mut cmd = Command::new(BIN);
        cmd.args(["batch", "--ocr", "never", "--no-progress", "-o"])
            .arg(&out)
            .arg(samples.join("scans/proj-xddb-2021.scan150.pdf"))
            .arg(samples.join("proj-xddb-2021.lo.pdf"));
        cmd
    });
    assert_eq!(result.status.code(), Some(1), "some failed");
    let errors = fs::read_to_string(out.join("errors.csv")).unwrap();
    assert!(
        errors.contains("scan150.pdf") && errors.contains("no text on any page"),
        "{errors}"
    );
    let documents = fs::read_to_string(out.join("documents.csv")).unwrap();
    assert_eq!(
        documents.lines().count(),
        2,
        "header and the born-digital form"
    );
}

/// The worker pid the fake extractor reported for `name` in errors.csv.
fn worker_pid(errors: &str, name: &str) -> u32 {
    let line = errors
        .lines()
        .find(|l| l.contains(name) && l.contains("worker "))
        .unwrap_or_else(|| panic!("{name} not in {errors}"));
    let tail = &line[line.rfind("worker ").unwrap() + 7..];
    tail.trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap()
}

#[test]
fn one_worker_reads_file_after_file_and_is_replaced_after_each_failure() {
    let tmp = crate::scratch::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    // With -j 1 the files go in path order (contents differ: no duplicates).
    for (name, body) in [
        ("a1.pdf", "PID a1".to_string()),
        ("a2.pdf", "PID a2".into()),
        ("a3.txt", form(3)),
        ("a4.pdf", "PID a4".into()),
        ("b1.pdf", "PANIC".into()),
        ("b2.pdf", "PID b2".into()),
        ("c1.pdf", "ALLOC 2048".into()),
        ("c2.pdf", "PID c2".into()),
        ("d1.pdf", "SLEEP 20000".into()),
        ("d2.pdf", "PID d2".into()),
        ("d3.txt", form(4)),
    ] {
        fs::write(input.join(name), body).unwrap();
    }
    let out = tmp.path().join("out");
    let mut cmd = Command::new(BIN);
    cmd.args(["batch", "-j", "1", "--no-progress", "--timeout", "2"])
        .args(["--max-memory", "256", "-o"])
        .arg(&out)
        .arg(&input)
        .env("EVALFORM_TEST_EXTRACTOR", "fake")
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let batch_pid = child.id();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let errors = fs::read_to_string(out.join("errors.csv")).unwrap();
    let pid = |name| worker_pid(&errors, name);
    assert_ne!(pid("a1.pdf"), batch_pid, "files are read in workers");
    assert_eq!(pid("a1.pdf"), pid("a2.pdf"), "one worker, file after file");
    assert_eq!(pid("a2.pdf"), pid("a4.pdf"), "a converted file keeps it");
    assert_ne!(pid("a4.pdf"), pid("b2.pdf"), "replaced after a panic");
    assert_ne!(
        pid("b2.pdf"),
        pid("c2.pdf"),
        "replaced after running out of memory"
    );
    assert_ne!(pid("c2.pdf"), pid("d2.pdf"), "replaced after a timeout");
    for expected in [",panic,", ",memory,", ",timeout,"] {
        assert!(errors.contains(expected), "{expected} missing: {errors}");
    }
    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 2);
}

#[test]
fn the_shipped_binary_has_no_test_hooks() {
    // The inputs and hooks of the tests above: `evalform` reads every file
    // with the pipeline (nothing panics, nothing waits 20 s per file), where
    // `evalform-hooks` reads them with the stand-in extractor.
    let tmp = crate::scratch::tempdir().unwrap();
    let input = make_inputs(tmp.path(), 2);
    let out = tmp.path().join("out");
    let hooks = batch(&input, &out, 20_000);
    let started = Instant::now();
    let shipped = Command::new(SHIPPED)
        .args(["batch", "-j", "2", "--no-progress", "--timeout", "60", "-o"])
        .arg(&out)
        .arg(&input)
        .envs(hooks.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the slow hook held the shipped binary: {:?}",
        started.elapsed()
    );
    assert_eq!(shipped.status.code(), Some(1), "{shipped:?}");
    let errors = fs::read_to_string(out.join("errors.csv")).unwrap();
    for hooked in [",panic,", ",timeout,", "fake extractor"] {
        assert!(!errors.contains(hooked), "{hooked} in {errors}");
    }
    assert_eq!(fs::read_dir(out.join("json")).unwrap().count(), 0);

    let hooked_out = tmp.path().join("hooked");
    let hooked = run(batch(&input, &hooked_out, 0));
    assert_eq!(hooked.status.code(), Some(1), "{hooked:?}");
    let errors = fs::read_to_string(hooked_out.join("errors.csv")).unwrap();
    assert!(errors.contains(",panic,"), "{errors}");
    assert_eq!(fs::read_dir(hooked_out.join("json")).unwrap().count(), 2);
}

#[test]
fn read_options_reach_the_workers() {
    // A forced encoding that does not fit fails in the worker; the same file
    // without it converts, and so does a rerun that changes the option back.
    let tmp = crate::scratch::tempdir().unwrap();
    let out = tmp.path().join("out");
    let text = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/text/proj-xddb-2021.txt");
    let with = |extra: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.args(["batch", "--no-progress", "-o"])
            .arg(&out)
            .args(extra)
            .arg(&text);
        run(cmd)
    };
    assert_eq!(with(&["--encoding", "utf-16le"]).status.code(), Some(1));
    let errors = fs::read_to_string(out.join("errors.csv")).unwrap();
    assert!(errors.contains("not valid UTF-16LE"), "{errors}");
    assert_eq!(
        with(&[]).status.code(),
        Some(0),
        "the option's change redoes the file"
    );
    let missing = tmp.path().join("no-such-template.toml");
    // A template that does not load is a usage error, said once, before any file.
    let result = with(&["--template", missing.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("no-such-template.toml"), "{err}");
}
