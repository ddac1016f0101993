//! The command line's conventions: usage errors exit 2 before any work, no
//! output overwrites another, a closed pipe ends quietly, text encodings are
//! detected or named in the error, `--quiet`/`--verbose`, completions,
//! `batch --files-from`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_evalform");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn form_txt() -> PathBuf {
    Path::new(ROOT).join("samples/text/proj-xddb-2021.txt")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn an_unknown_encoding_is_a_usage_error_before_any_file_is_read() {
    let tmp = crate::scratch::tempdir().unwrap();
    let out = run(&["extract", "--encoding", "klingon", s(&form_txt())]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("klingon"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let dir = tmp.path().join("out");
    let out = run(&[
        "batch",
        "--encoding",
        "klingon",
        "-o",
        s(&dir),
        s(&form_txt()),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.exists(), "no work done");
}

#[test]
fn a_bad_template_is_reported_once_with_exit_2() {
    let tmp = crate::scratch::tempdir().unwrap();
    let template = tmp.path().join("mine.toml");
    fs::write(&template, "id = \"x\"\nthis is not toml").unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for i in 0..3 {
        fs::copy(form_txt(), input.join(format!("f{i}.txt"))).unwrap();
    }
    let dir = tmp.path().join("out");
    let out = run(&[
        "batch",
        "--no-progress",
        "--template",
        s(&template),
        "-o",
        s(&dir),
        s(&input),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).matches("mine.toml").count(),
        1,
        "{}",
        stderr(&out)
    );
    assert!(!dir.exists(), "no file was tried");
    let out = run(&["extract", "--template", s(&template), s(&form_txt())]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn an_output_directory_that_is_a_file_is_a_usage_error() {
    let tmp = crate::scratch::tempdir().unwrap();
    let file = tmp.path().join("taken");
    fs::write(&file, "keep me").unwrap();
    let out = run(&["batch", "--no-progress", "-o", s(&file), s(&form_txt())]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a directory"), "{}", stderr(&out));
    let out = run(&["extract", "--format", "csv", "-o", s(&file), s(&form_txt())]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let shard = tmp.path().join("shard");
    fs::create_dir_all(&shard).unwrap();
    let out = run(&["merge", s(&file), s(&shard)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn inputs_with_the_same_name_get_distinct_documents() {
    let tmp = crate::scratch::tempdir().unwrap();
    for d in ["a", "b"] {
        fs::create_dir_all(tmp.path().join(d)).unwrap();
        fs::copy(form_txt(), tmp.path().join(d).join("form.txt")).unwrap();
    }
    let a = tmp.path().join("a/form.txt");
    let b = tmp.path().join("b/form.txt");
    let dir = tmp.path().join("out");
    let out = run(&["extract", s(&a), s(&b), "-o", &format!("{}/", s(&dir))]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a-form.json", "b-form.json"]);
    for (name, input) in [("a-form.json", &a), ("b-form.json", &b)] {
        let doc: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join(name)).unwrap()).unwrap();
        assert_eq!(doc["source"]["file"], s(input));
    }
    // The same path twice still gives two documents.
    let dir2 = tmp.path().join("out2");
    let out = run(&["extract", s(&a), s(&a), "-o", s(&dir2)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_dir(&dir2).unwrap().count(), 2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let f = form_txt();
    let mut child = Command::new(BIN)
        .args(["extract", s(&f), s(&f), s(&f)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read 10 bytes, then close the pipe, as `head -c 10` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
    assert!(err.is_empty(), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        let sigpipe = out.status.signal() == Some(13);
        assert!(sigpipe || out.status.code() == Some(0), "{:?}", out.status);
    }
}

#[test]
fn utf16_without_a_bom_reads_like_utf8() {
    let tmp = crate::scratch::tempdir().unwrap();
    let text = fs::read_to_string(form_txt()).unwrap();
    let want = run(&["extract", s(&form_txt())]);
    assert_eq!(want.status.code(), Some(0));
    let want: serde_json::Value = serde_json::from_slice(&want.stdout).unwrap();
    for (name, bytes) in [
        (
            "le.txt",
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.txt",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let path = tmp.path().join(name);
        fs::write(&path, bytes).unwrap();
        let out = run(&["extract", s(&path)]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["indicators"], want["indicators"], "{name}");
        assert_eq!(got["funds"], want["funds"], "{name}");
    }
}

#[test]
fn errors_name_the_encoding_guessed_and_empty_files() {
    let tmp = crate::scratch::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let out = run(&["extract", s(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("empty.txt") && stderr(&out).contains("is empty"),
        "{}",
        stderr(&out)
    );
    let blank = tmp.path().join("blank.txt");
    fs::write(&blank, " \n\n").unwrap();
    let out = run(&["extract", "--encoding", "utf-8", s(&blank)]);
    assert!(stderr(&out).contains("is empty"), "{}", stderr(&out));
    // Shift_JIS prose: valid GB18030 bytes, but no form.
    let sjis = tmp.path().join("sjis.txt");
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("これは日本語の文章です。表ではありません。");
    fs::write(&sjis, &bytes).unwrap();
    let out = run(&["extract", s(&sjis)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("decoded as gb18030, guessed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn quiet_and_verbose() {
    let tmp = crate::scratch::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let out = run(&[
        "-v",
        "extract",
        s(&form_txt()),
        "-o",
        &format!("{}/", s(&dir)),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("proj-xddb-2021.json"),
        "{}",
        stderr(&out)
    );
    let batch = tmp.path().join("batch");
    let out = run(&["batch", "--quiet", "-o", s(&batch), s(&form_txt())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "{}",
        stderr(&out)
    );
    let out = run(&["batch", "--no-progress", "-o", s(&batch), s(&form_txt())]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 files: 1 converted"));
    let out = run(&[
        "batch",
        "-v",
        "--no-progress",
        "-o",
        s(&batch),
        s(&form_txt()),
    ]);
    assert!(
        stderr(&out).contains("proj-xddb-2021.txt → json/proj-xddb-2021-"),
        "{}",
        stderr(&out)
    );
    assert_eq!(run(&["-q", "-v", "schema"]).status.code(), Some(2));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef evalform"),
        ("fish", "complete -c evalform"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script:.200}");
        assert!(
            script.contains("files-from"),
            "{shell}: the batch flags are there"
        );
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn batch_takes_a_list_of_files_from_a_file_or_stdin() {
    let tmp = crate::scratch::tempdir().unwrap();
    let good = form_txt();
    let other = Path::new(ROOT).join("samples/text/gz-panyu-swj-2021.txt");
    let list = tmp.path().join("list.txt");
    fs::write(&list, format!("{}\n\n{}\r\n", s(&good), s(&other))).unwrap();
    let out_dir = tmp.path().join("a");
    let out = run(&[
        "batch",
        "--no-progress",
        "--files-from",
        s(&list),
        "-o",
        s(&out_dir),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read_dir(out_dir.join("json")).unwrap().count(), 2);
    let out_dir = tmp.path().join("b");
    let mut child = Command::new(BIN)
        .args([
            "batch",
            "--no-progress",
            "--files-from",
            "-",
            "-o",
            s(&out_dir),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{}", s(&good)).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(fs::read_dir(out_dir.join("json")).unwrap().count(), 1);
    // A listed file that does not exist: usage error, nothing converted.
    fs::write(&list, "/no/such/form.txt\n").unwrap();
    let out_dir = tmp.path().join("c");
    let out = run(&[
        "batch",
        "--no-progress",
        "--files-from",
        s(&list),
        "-o",
        s(&out_dir),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
