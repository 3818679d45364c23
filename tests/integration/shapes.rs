//! Issue 13: the files people actually have (spreadsheet exports, broker systems,
//! supplier-disclosure portals), each run on the real binary with its verdicts asserted.

use assert_cmd::Command;
use std::path::Path;

fn bin() -> Command {
    Command::cargo_bin("uflpa-screen").expect("binary")
}

/// Run `screen` on `bytes` (written as `name`) with `args`: (exit code, stdout, stderr,
/// rejects CSV).
pub fn run(name: &str, bytes: &[u8], args: &[&str]) -> (i32, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    run_path(&path, args)
}

/// [`run`] on a file that exists.
pub fn run_path(path: &Path, args: &[&str]) -> (i32, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let mut all = vec![
        "screen",
        "--exit-zero",
        "--max-rejects",
        "1000",
        "--rejects",
        rejects.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    all.push(path.to_str().unwrap());
    let out = bin().args(&all).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(&rejects).unwrap_or_default(),
    )
}

/// The verdict column of `--format csv` output.
pub fn verdicts(csv: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h = r.headers().unwrap().clone();
    let v = h.iter().position(|c| c == "verdict").unwrap();
    r.records().map(|x| x.unwrap()[v].to_string()).collect()
}

fn with_endings(text: &str, eol: &str) -> Vec<u8> {
    text.replace('\n', eol).into_bytes()
}

#[test]
fn line_numbers_are_physical_lines_for_lf_crlf_and_cr() {
    // Line 1 header, 2 a row, 3-4 a quoted field over two lines, 5 blank, 6 a bad row.
    let text = "supplier,supplier_address,hts_code\nAcme,\"Korla, Xinjiang\",6109\n\"Two\nLines\",Urumqi,6109\n\nBad,Shanghai,6109,extra\n";
    for eol in ["\n", "\r\n", "\r"] {
        let bytes = with_endings(text, eol);
        let (_, out, _, rejects) = run("m.csv", &bytes, &["--format", "jsonl"]);
        let lines: Vec<u64> = out
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "row")
            .map(|v| v["source_line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, vec![2, 3], "{eol:?}");
        assert!(rejects.contains("m.csv,6,3,"), "{eol:?}: {rejects}");
        let (_, gh, _, _) = run("m.csv", &bytes, &["--format", "github"]);
        assert!(gh.contains("line=2,"), "{eol:?}: {gh}");
        assert!(gh.contains("line=3,"), "{eol:?}: {gh}");
        let (_, sarif, _, _) = run("m.csv", &bytes, &["--format", "sarif"]);
        assert!(sarif.contains("\"startLine\": 3"), "{eol:?}");
        let (_, junit, _, _) = run("m.csv", &bytes, &["--format", "junit"]);
        assert!(junit.contains("line=\"3\""), "{eol:?}: {junit}");
    }
}

#[test]
fn excel_sep_line_and_trailing_delimiter() {
    for eol in ["\n", "\r\n"] {
        let text = "sep=;\nsupplier;supplier_address;description;\nAcme;Korla, Xinjiang;cotton shirts;\nBeta;Hanoi;ceramic mugs\n";
        let (code, out, err, rejects) =
            run("sep.csv", &with_endings(text, eol), &["--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(verdicts(&out), vec!["presumed", "clear"], "{err}");
        assert!(err.contains("skipped above it: line 1 'sep=;'"), "{err}");
        assert!(
            err.contains("empty column name at the end of the header"),
            "{err}"
        );
        assert!(!rejects.lines().skip(1).any(|l| !l.is_empty()), "{rejects}");
    }
    // Several trailing delimiters, and rows with and without them.
    let (_, out, err, _) = run(
        "t.csv",
        b"supplier,description,,\nAcme,x,,\nXinjiang Co,y\nB,z,,  \n",
        &["--format", "csv"],
    );
    assert_eq!(verdicts(&out), vec!["clear", "presumed", "clear"], "{err}");
}

#[test]
fn title_block_above_the_header_is_skipped_and_said() {
    let text = "Monthly import report\nPrepared by: Compliance\n\nsupplier,supplier_address,value,currency\nKorla Textile Co,\"Korla, Xinjiang\",100.00,USD\nHanoi Co,Hanoi,5.00,USD\n";
    for eol in ["\n", "\r\n", "\r"] {
        let (code, out, err, _) = run(
            "title.csv",
            &with_endings(text, eol),
            &["--format", "jsonl"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("the header is on line 4"), "{err}");
        assert!(err.contains("line 1 'Monthly import report'"), "{err}");
        assert!(out.contains("\"source_line\":5"), "{out}");
    }
    // Forced: the same file with --header-row, and a line that is not a row start.
    let bytes = text.as_bytes();
    let (_, out, _, _) = run(
        "title.csv",
        bytes,
        &["--format", "csv", "--header-row", "4"],
    );
    assert_eq!(verdicts(&out), vec!["presumed", "clear"]);
    let (code, _, err, _) = run("title.csv", bytes, &["--header-row", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("title.csv") && err.contains("--header-row 3"),
        "{err}"
    );
    // A semicolon table under a title.
    let (_, out, err, _) = run(
        "semi.csv",
        "Report\n\nsupplier;supplier_address\nA;Kashgar\n".as_bytes(),
        &["--format", "csv"],
    );
    assert_eq!(verdicts(&out), vec!["presumed"], "{err}");
}
