//! Hostile and careless input on the real binary (issue 20): nothing overwritten, nothing
//! injected into what people and CI read, a gate that a closed pipe or a signal cannot turn
//! into a pass or a mess. One test per kind of fault: the example that found it and at least
//! one look-alike of the same kind.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("uflpa-screen").expect("binary")
}

fn exe() -> PathBuf {
    assert_cmd::cargo::cargo_bin("uflpa-screen")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A manifest with one presumed line.
const PRESUMED: &str = "shipment_id,line,supplier,supplier_address,description\n\
                        S-1,1,Acme Ltd,\"Urumqi, Xinjiang, China\",cotton yarn\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Run `screen` with `args`; the file `keep` must be refused with exit 2 and stay unchanged.
fn refused(args: &[&str], keep: &Path, want: &str) {
    let before = std::fs::read(keep).unwrap();
    let mut full = vec!["screen"];
    full.extend_from_slice(args);
    bin()
        .args(&full)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(want));
    assert_eq!(
        std::fs::read(keep).unwrap(),
        before,
        "{} was changed by {args:?}",
        keep.display()
    );
}

#[test]
fn no_path_the_run_reads_is_written_and_no_two_outputs_share_a_path() {
    let d = tempfile::tempdir().unwrap();
    let m = write(d.path(), "m.csv", PRESUMED);
    // The example: the baseline written over the manifest.
    refused(
        &["--write-baseline", s(&m), s(&m)],
        &m,
        "refusing to overwrite input file",
    );
    // -o over the configuration, the baseline, a rule-pack file.
    let cfg = write(d.path(), "cfg.toml", "fail_on = \"presumed\"\n");
    refused(
        &["-o", s(&cfg), "--config", s(&cfg), s(&m)],
        &cfg,
        "is the configuration this run reads",
    );
    let b = d.path().join("b.json");
    bin()
        .args(["screen", "--exit-zero", "--write-baseline", s(&b), s(&m)])
        .assert()
        .code(0);
    refused(
        &["--format", "json", "-o", s(&b), "--baseline", s(&b), s(&m)],
        &b,
        "is the --baseline this run reads",
    );
    let pack = d.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/uflpa");
    for n in uflpa_screen::rules::FILE_NAMES {
        std::fs::copy(src.join(n), pack.join(n)).unwrap();
    }
    let el = pack.join("entity-list.csv");
    refused(
        &["-o", s(&el), "--rules", s(&pack), s(&m)],
        &el,
        "is the rule-pack file this run reads",
    );
    // The rules directory named by the configuration counts too.
    let cfg2 = write(
        d.path(),
        "cfg2.toml",
        &format!("rules = \"{}\"\n", s(&pack).replace('\\', "/")),
    );
    let gaz = pack.join("gazetteer.csv");
    refused(
        &["--rejects", s(&gaz), "--config", s(&cfg2), s(&m)],
        &gaz,
        "rule-pack file",
    );
    // Two outputs on one path: -o and --rejects (the rejects would replace the output).
    let x = write(d.path(), "x.csv", "old\n");
    refused(
        &["-o", s(&x), "--rejects", s(&x), s(&m)],
        &x,
        "are the same file",
    );
    // ... also when neither exists yet, spelled differently.
    let y = d.path().join("y.csv");
    let y2 = d.path().join("sub/../y.csv");
    std::fs::create_dir(d.path().join("sub")).unwrap();
    bin()
        .args(["screen", "-o", s(&y), "--write-baseline", s(&y2), s(&m)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("are the same file"));
    assert!(!y.exists());
    // A hard link and a symlink to the manifest are the manifest.
    let hard = d.path().join("hard.csv");
    std::fs::hard_link(&m, &hard).unwrap();
    refused(
        &["-o", s(&hard), s(&m)],
        &m,
        "refusing to overwrite input file",
    );
    #[cfg(unix)]
    {
        let soft = d.path().join("soft.csv");
        std::os::unix::fs::symlink(&m, &soft).unwrap();
        refused(
            &["--rejects", s(&soft), s(&m)],
            &m,
            "refusing to overwrite input file",
        );
    }
    // The supply chain and evidence, through `..`, under `report`.
    let chain = write(
        d.path(),
        "chain.csv",
        "shipment_id,line,tier,role,party,address,country,material\n",
    );
    let before = std::fs::read(&chain).unwrap();
    bin()
        .args([
            "report",
            "--format",
            "md",
            "-o",
            s(&d.path().join("sub/../chain.csv")),
            "--supply-chain",
            s(&chain),
            s(&m),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is the --supply-chain this run reads",
        ));
    assert_eq!(std::fs::read(&chain).unwrap(), before);
}

/// `mkfifo PATH`, or None where the tool is missing.
#[cfg(unix)]
fn mkfifo(p: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
#[test]
fn outputs_that_are_not_regular_files_are_written_through_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let d = tempfile::tempdir().unwrap();
    let m = write(d.path(), "m.csv", PRESUMED);
    // A FIFO: the reader gets the output, the FIFO stays a FIFO.
    let fifo = d.path().join("out.fifo");
    assert!(mkfifo(&fifo), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    bin()
        .args(["screen", "--format", "csv", "-o", s(&fifo), s(&m)])
        .assert()
        .code(1);
    let got = reader.join().unwrap();
    assert!(got.starts_with("row,") && got.contains("presumed"), "{got}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A symlink to /proc/self/fd/1 (the example): the output goes to standard output
    // (a pipe here) and the link stays.
    let link = d.path().join("stdout-link");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let out = bin()
        .args(["screen", "--format", "csv", "-o", s(&link), s(&m)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("row,"));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A character device of our own (as root: a null device made in the temp dir).
    let null = d.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made && std::fs::OpenOptions::new().write(true).open(&null).is_ok() {
        bin()
            .args(["screen", "--format", "jsonl", "-o", s(&null), s(&m)])
            .assert()
            .code(1);
        let t = std::fs::metadata(&null).unwrap().file_type();
        assert!(t.is_char_device(), "the device was replaced");
        // Two outputs on one device replace nothing, so they may share it.
        bin()
            .args([
                "screen",
                "-o",
                s(&null),
                "--write-baseline",
                s(&null),
                s(&m),
            ])
            .assert()
            .code(0); // --write-baseline accepts the findings it records
        assert!(
            std::fs::metadata(&null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    } else {
        eprintln!("mknod not permitted here: the character-device case is covered by the FIFO");
    }
    // A symlink to a regular file: the file gets the output, the link stays a link.
    let real = write(d.path(), "real.csv", "old\n");
    let to_real = d.path().join("to-real.csv");
    std::os::unix::fs::symlink(&real, &to_real).unwrap();
    bin()
        .args(["screen", "--format", "csv", "-o", s(&to_real), s(&m)])
        .assert()
        .code(1);
    assert!(
        std::fs::symlink_metadata(&to_real)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("row,"));
    assert!(no_temp_files(d.path()));
}

fn no_temp_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().all(|e| {
        let n = e.unwrap().file_name();
        let n = n.to_string_lossy();
        !(n.starts_with(".uflpa-screen-") && n.ends_with(".tmp"))
    })
}

/// No control character but newline, no line that a CI runner would take for a command.
fn assert_clean(what: &str, text: &str) {
    for (i, line) in text.lines().enumerate() {
        assert!(
            !line.chars().any(uflpa_screen::text::is_hazard),
            "{what} line {}: control character in {line:?}",
            i + 1
        );
        assert!(
            !line.trim_start().starts_with("::"),
            "{what} line {}: a value started its own line: {line:?}",
            i + 1
        );
    }
}

#[test]
fn values_cannot_inject_lines_or_terminal_sequences_into_human_output() {
    let d = tempfile::tempdir().unwrap();
    // The example: a shipment id holding a newline and a workflow command, and a
    // supplier name with an OSC retitle and an ANSI clear-screen.
    let m = write(
        d.path(),
        "m.csv",
        "shipment_id,line,supplier,supplier_address,description,value\n\
         \"S-1\n::error file=x.csv,line=1::forged\",1,\"Acme \u{1b}]0;pwned\u{7}\u{1b}[2J Ltd\",\"Urumqi, Xinjiang, China\",\"cotton\u{85}::warning::forged\",100\n\
         S-2,\"2\r::error::forged\",\"Beta \u{202e}dtl\",\"Kashgar, Xinjiang\",\"yarn\u{2028}::notice::forged\",1\n",
    );
    for format in ["table", "github"] {
        let out = bin()
            .args(["screen", "--format", format, s(&m)])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        // Still shown, escaped.
        assert!(text.contains("\\u{1b}") || format == "github", "{text}");
        // Every line starts with the tool's own text, never with a value's.
        for line in text.lines() {
            assert!(!line.chars().any(uflpa_screen::text::is_hazard), "{line:?}");
            if format == "github" {
                assert!(
                    line.starts_with("::error file=")
                        || line.starts_with("::warning file=")
                        || line.starts_with("::notice file=")
                        || line.starts_with("::notice title=uflpa-screen::"),
                    "{line:?}"
                );
            } else {
                assert!(!line.trim_start().starts_with("::"), "{line:?}");
            }
        }
        assert_clean(format, &String::from_utf8(out.stderr).unwrap());
    }
    // Messages on stderr: a reject reason quoting a raw value, a supply-chain warning
    // quoting a shipment id, in every format.
    let m2 = write(
        d.path(),
        "m2.csv",
        "shipment_id,line,supplier,value\nS-1,1,Acme,\"12\u{1b}[2J\n::error::forged\"\n",
    );
    let chain = write(
        d.path(),
        "chain.csv",
        "shipment_id,line,tier,role,party,address,country,material\n\
         \"ZZ\n::error::forged\",1,1,mill,\"Mill \u{1b}[31m\",Hanoi,VN,yarn\n",
    );
    for format in [
        "table", "csv", "jsonl", "json", "sarif", "junit", "github", "gitlab",
    ] {
        let out = bin()
            .args([
                "screen",
                "--format",
                format,
                "--max-rejects",
                "5",
                "--supply-chain",
                s(&chain),
                s(&m2),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        // Since issue 13 an unreadable value is a cell of a screened row, not a rejected row.
        assert!(
            err.contains("rejected: ") || err.contains("unreadable cell: "),
            "{format}: {err}"
        );
        assert!(err.contains("warning: "), "{format}: {err}");
        assert_clean(&format!("stderr of {format}"), &err);
    }
    // Fatal errors quoting a value: a configuration value and a --map header.
    let cfg = write(
        d.path(),
        "cfg.toml",
        "fail_on = \"x\\n::error::forged\\u001b[2J\"\n",
    );
    let out = bin()
        .args(["screen", "--config", s(&cfg), s(&m2)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("fail_on"), "{err}");
    assert_clean("config error", &err);
    let out = bin()
        .args([
            "screen",
            "--map",
            "supplier=Vendor\n::error::forged\u{1b}]0;t\u{7}",
            s(&m2),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_clean("--map error", &String::from_utf8(out.stderr).unwrap());
    // A lookup by hand echoes its text in its reasons.
    let out = bin()
        .args(["check", "Urumqi\n::error::forged \u{1b}[2J Xinjiang"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_clean("check", &String::from_utf8(out.stdout).unwrap());
}

#[test]
fn junit_and_html_are_well_formed_whatever_the_values() {
    let d = tempfile::tempdir().unwrap();
    // U+FFFE and U+FFFF (the example), and C0 controls, which XML 1.0 forbids too.
    let m = write(
        d.path(),
        "m.csv",
        "shipment_id,line,supplier,supplier_address,description\n\
         S-\u{FFFE}1,1,Acme \u{FFFF} \u{1}Ltd,\"Urumqi, Xinjiang\",cotton \u{8}\u{1b}[2J\n",
    );
    let out = bin()
        .args(["screen", "--format", "junit", s(&m)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains("<failure"), "{xml}");
    assert!(
        xml.chars().all(uflpa_screen::output::xml_allowed),
        "a character XML 1.0 forbids: {xml:?}"
    );
    let html = d.path().join("r.html");
    bin()
        .args(["report", "-o", s(&html), s(&m)])
        .assert()
        .code(0);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.chars().all(uflpa_screen::output::xml_allowed));
}

/// A manifest of `n` presumed rows.
fn presumed_rows(n: usize) -> String {
    let mut t = String::from("shipment_id,line,supplier,supplier_address,description\n");
    for i in 0..n {
        t.push_str(&format!(
            "S-{i},1,Acme {i} Ltd,\"Urumqi, Xinjiang, China\",cotton yarn lot {i}\n"
        ));
    }
    t
}

/// Start the binary with stdout a pipe, read one line, close the pipe; the exit code.
fn exit_after_one_line(args: &[&str]) -> Option<i32> {
    use std::io::BufRead;
    let mut child = std::process::Command::new(exe())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // The reader goes away, as `| head -1` does.
    child.wait().unwrap().code()
}

#[test]
fn a_closed_pipe_does_not_turn_a_failing_gate_into_a_pass() {
    let d = tempfile::tempdir().unwrap();
    // Much more output than a pipe buffers, so the writer does meet the closed pipe.
    let m = write(d.path(), "m.csv", &presumed_rows(5_000));
    for format in ["table", "csv", "jsonl", "github"] {
        assert_eq!(
            exit_after_one_line(&["screen", "--format", format, s(&m)]),
            Some(1),
            "--format {format} | head -1"
        );
    }
    // --exit-zero is still 0, and a lookup with a verdict keeps it too.
    assert_eq!(
        exit_after_one_line(&["screen", "--exit-zero", "--format", "csv", s(&m)]),
        Some(0)
    );
    assert_eq!(
        exit_after_one_line(&["rules"]),
        Some(0),
        "a command without a gate"
    );
}

#[cfg(unix)]
fn signal_leaves_nothing(signal: &str, code: i32) {
    let d = tempfile::tempdir().unwrap();
    let m = write(d.path(), "big.csv", &presumed_rows(300_000));
    let out = d.path().join("out.csv");
    let rej = d.path().join("rejects.csv");
    let mut child = std::process::Command::new(exe())
        .args([
            "screen",
            "--format",
            "csv",
            "--threads",
            "1",
            "-o",
            s(&out),
            "--rejects",
            s(&rej),
            s(&m),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the temporary files exist, then stop the run.
    let started = std::time::Instant::now();
    while no_temp_files(d.path()) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no temporary file appeared"
        );
        assert!(child.try_wait().unwrap().is_none(), "finished too early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
    assert!(no_temp_files(d.path()), "{signal} left a temporary file");
    assert!(!out.exists() && !rej.exists(), "{signal} left an output");
}

#[cfg(unix)]
#[test]
fn a_stopped_run_leaves_no_temporary_or_partial_file() {
    signal_leaves_nothing("-TERM", 143);
    signal_leaves_nothing("-INT", 130);
}

#[test]
fn a_waiver_with_a_blank_scope_is_an_error_not_a_waiver_of_everything() {
    let d = tempfile::tempdir().unwrap();
    // A supplier list: no shipment column at all.
    let m = write(
        d.path(),
        "suppliers.csv",
        "supplier,supplier_address,description\nAcme Ltd,\"Urumqi, Xinjiang, China\",yarn\n\
         Beta Ltd,\"Kashgar, Xinjiang\",cotton\n",
    );
    let waiver = |scope: &str| {
        format!(
            "[[waiver]]\ncode = \"XJ101\"\n{scope}\nreason = \"r\"\nreviewer = \"a@b\"\nexpires = \"2099-01-01\"\ndetermination = \"AR-1\"\n\
             [[waiver]]\ncode = \"XJ102\"\n{scope}\nreason = \"r\"\nreviewer = \"a@b\"\nexpires = \"2099-01-01\"\ndetermination = \"AR-1\"\n"
        )
    };
    // The example, then blanks, a line, and a supplier that folds to nothing.
    for (scope, key) in [
        ("shipment = \"\"", "shipment"),
        ("shipment = \"   \"", "shipment"),
        ("supplier = \"\"", "supplier"),
        ("supplier = \"\\t\"", "supplier"),
        ("shipment = \"S-1\"\nline = \"\"", "line"),
        ("supplier = \"--- / ---\"", "supplier"),
    ] {
        let cfg = write(d.path(), "uflpa.toml", &waiver(scope));
        bin()
            .args(["screen", "--config", s(&cfg), s(&m)])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("waiver 1 (XJ101)")
                    .and(predicate::str::contains(format!("{key} = ")))
                    .and(predicate::str::contains("waiver 2 (XJ102)")),
            );
    }
    // A real scope still waives only its own rows.
    let cfg = write(d.path(), "uflpa.toml", &waiver("supplier = \"Acme Ltd\""));
    bin()
        .args(["screen", "--config", s(&cfg), s(&m)])
        .assert()
        .code(1);
}

/// A copy of the shipped pack with one file edited.
fn pack_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/uflpa");
    for n in uflpa_screen::rules::FILE_NAMES {
        let text = std::fs::read_to_string(src.join(n)).unwrap();
        let text = if n == file { edit(&text) } else { text };
        std::fs::write(d.path().join(n), text).unwrap();
    }
    d
}

#[test]
fn rule_pack_csvs_are_parsed_strictly_with_file_line_and_column() {
    let first = "\"Aksu Aodu Sugar Industry Co., Ltd.\",";
    // The example: the closing quote of a listed name lost, which merged it with the
    // next records.
    type Edit = Box<dyn Fn(&str) -> String>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "entity-list.csv",
            Box::new(move |t: &str| t.replacen(first, "\"Aksu Aodu Sugar Industry Co., Ltd.,", 1)),
            "the field opened at column 1",
        ),
        // A quote inside an unquoted field.
        (
            "entity-list.csv",
            Box::new(move |t: &str| t.replacen(first, "Aksu \"Aodu\" Sugar Industry Co. Ltd.,", 1)),
            "a quote inside an unquoted field",
        ),
        // Text after a closing quote.
        (
            "entity-list.csv",
            Box::new(move |t: &str| t.replacen(first, "\"Aksu Aodu Sugar Industry Co.\" Ltd.,", 1)),
            "text after the quote that closes",
        ),
        // A record with a field too many (gazetteer), and one too few (context).
        (
            "gazetteer.csv",
            Box::new(|t: &str| t.replacen("Xinjiang,region", "Xinjiang,region,extra", 1)),
            "gazetteer.csv:",
        ),
    ];
    for (file, edit, want) in cases {
        let d = pack_with(file, edit);
        let out = bin()
            .args(["rules", "--rules", s(d.path())])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{want}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(want) && err.contains(file), "{want}: {err}");
        if want != "gazetteer.csv:" {
            assert!(err.contains("column "), "{err}");
            let line = err
                .split(&format!("{file}:"))
                .nth(1)
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse::<usize>().ok());
            assert!(line.is_some_and(|n| n > 1), "no line number: {err}");
        }
    }
    // A quote left open to the end of its line.
    let d = pack_with("context.csv", |t| format!("{t}\"Urumqi Road,CN\n"));
    bin()
        .args(["rules", "--rules", s(d.path())])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("context.csv:").and(predicate::str::contains("is not closed")),
        );
    // The shipped pack itself is strict-clean (its copy loads).
    let d = pack_with("pack.toml", str::to_string);
    bin()
        .args(["rules", "--rules", s(d.path())])
        .assert()
        .code(0);
}

/// Seconds the binary took on `args` (it must succeed with `--exit-zero`).
fn timed(args: &[&str]) -> f64 {
    let t = std::time::Instant::now();
    bin().args(args).assert().code(0);
    t.elapsed().as_secs_f64()
}

/// A coarse guard against the quadratic supply chains of issue 20 (the figures are in
/// benches/hostile.sh): 30,000 tiers on one line, and 30,000 rows whose `parent` is filled,
/// each took minutes before; now seconds, even in a debug build on a busy machine.
#[test]
fn long_chains_and_chains_with_parents_take_linear_time() {
    let d = tempfile::tempdir().unwrap();
    let n = 30_000;
    let m = write(
        d.path(),
        "m.csv",
        "shipment_id,line,supplier,description,hts\nS-1,1,Hanoi Knit JSC,cotton shirts,6109.10\n",
    );
    let mut one_line =
        String::from("shipment_id,line,tier,role,party,address,country,material,parent\n");
    for k in 1..=n {
        let role = if k == n { "cotton farm" } else { "spinner" };
        let parent = if k > 1 {
            format!("Mill {}", k - 1)
        } else {
            String::new()
        };
        one_line.push_str(&format!(
            "S-1,1,{k},{role},Mill {k},\"Street {k}, Faisalabad\",PK,yarn,{parent}\n"
        ));
    }
    let tiers = write(d.path(), "tiers.csv", &one_line);
    let secs = timed(&[
        "screen",
        "--exit-zero",
        "--format",
        "csv",
        "-o",
        s(&d.path().join("o1.csv")),
        "--supply-chain",
        s(&tiers),
        s(&m),
    ]);
    assert!(secs < 90.0, "{n} tiers on one line took {secs:.1} s");
    let mut manifest = String::from("shipment_id,line,supplier,description\n");
    let mut chain =
        String::from("shipment_id,line,tier,role,party,address,country,material,parent\n");
    for i in 0..n / 3 {
        manifest.push_str(&format!("S-{i},1,Hanoi Knit JSC,cotton shirts\n"));
        for k in 1..=3 {
            let parent = if k > 1 {
                format!("Mill {i}-{}", k - 1)
            } else {
                String::new()
            };
            chain.push_str(&format!(
                "S-{i},1,{k},spinner,Mill {i}-{k},Faisalabad,PK,yarn,{parent}\n"
            ));
        }
    }
    let m2 = write(d.path(), "m2.csv", &manifest);
    let c2 = write(d.path(), "c2.csv", &chain);
    let secs = timed(&[
        "screen",
        "--exit-zero",
        "--format",
        "csv",
        "-o",
        s(&d.path().join("o2.csv")),
        "--supply-chain",
        s(&c2),
        s(&m2),
    ]);
    assert!(secs < 90.0, "{n} chain rows with parents took {secs:.1} s");
}

/// The XML of every part of an .xlsx file, concatenated.
fn xlsx_text(path: &Path) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut t = String::new();
        if f.name().ends_with(".xml") {
            f.read_to_string(&mut t).unwrap();
            all.push_str(&t);
        }
    }
    all
}

#[test]
fn excel_report_clips_cells_at_excels_limit_and_says_so() {
    let d = tempfile::tempdir().unwrap();
    // A 40,000-character supplier name (the example) and a reason quoting a long
    // address (Chinese: two bytes per UTF-16 unit, one unit per character).
    let long_name = format!("Acme {} Ltd", "X".repeat(40_000));
    let long_addr = format!("Urumqi, Xinjiang {}", "新".repeat(33_000));
    let m = write(
        d.path(),
        "m.csv",
        &format!(
            "shipment_id,line,supplier,supplier_address,description\n\
             S-1,1,{long_name},\"Urumqi, Xinjiang\",yarn\nS-2,1,Beta,\"{long_addr}\",yarn\n"
        ),
    );
    let x = d.path().join("r.xlsx");
    bin()
        .args(["report", "--max-field-bytes", "200000", "-o", s(&x), s(&m)])
        .assert()
        .code(0);
    let xml = xlsx_text(&x);
    assert!(
        xml.contains("…[clipped: longer than Excel allows]"),
        "no marker"
    );
    assert!(
        xml.contains("clipped cells"),
        "no note on the Summary sheet"
    );
    // No cell over the limit: every string in the shared strings table fits.
    for cell in xml
        .split("<t>")
        .skip(1)
        .chain(xml.split("<t xml:space=\"preserve\">").skip(1))
    {
        let text = cell.split("</t>").next().unwrap();
        assert!(
            text.encode_utf16().count() <= 32_767 + 64,
            "a cell of {} units",
            text.len()
        );
    }
    // Short values are not touched.
    let short = write(d.path(), "short.csv", PRESUMED);
    let x2 = d.path().join("r2.xlsx");
    bin()
        .args(["report", "-o", s(&x2), s(&short)])
        .assert()
        .code(0);
    let xml = xlsx_text(&x2);
    assert!(!xml.contains("clipped"));
}
