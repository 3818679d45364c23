//! The breakage corpus (tests/corpus/): every file gets a stated outcome, checked on the real
//! binary: how many rows are screened and with which verdicts, which rows are rejected and
//! why, or which clear error (exit 2, naming the file) it gets. Never a panic.

use assert_cmd::Command;

struct Run {
    code: i32,
    verdicts: Vec<String>,
    rejects: Vec<(String, String, String)>, // (line, kind, reason)
    stderr: String,
}

fn run(file: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let path = format!("{}/tests/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut args = vec![
        "screen",
        "--format",
        "csv",
        "--exit-zero",
        "--max-rejects",
        "1000",
        "--rejects",
        rejects.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.push(&path);
    let out = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    let mut verdicts = Vec::new();
    if !out.stdout.is_empty() {
        let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
        let vi = rdr
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "verdict")
            .unwrap();
        verdicts = rdr.records().map(|r| r.unwrap()[vi].to_string()).collect();
    }
    let mut rej = Vec::new();
    if let Ok(mut rdr) = csv::Reader::from_path(&rejects) {
        for r in rdr.records() {
            let r = r.unwrap();
            rej.push((r[1].to_string(), r[4].to_string(), r[5].to_string()));
        }
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        verdicts,
        rejects: rej,
        stderr,
    }
}

fn error(file: &str, want: &str) {
    let r = run(file, &[]);
    assert_eq!(r.code, 2, "{file}: {}", r.stderr);
    assert!(
        r.stderr.contains(file) && r.stderr.contains(want),
        "{file}: {}",
        r.stderr
    );
    assert!(r.verdicts.is_empty());
}

#[test]
fn empty_bom_only_and_unusable_headers_are_clear_errors() {
    error("empty.csv", "empty");
    error("bom-only.csv", "no header");
    error("no-known-columns.csv", "none of the columns");
}

#[test]
fn header_only_screens_nothing_and_succeeds() {
    let r = run("header-only.csv", &[]);
    assert_eq!((r.code, r.verdicts.len(), r.rejects.len()), (0, 0, 0));
    assert!(r.stderr.contains("0 rows read"));
}

#[test]
fn crlf_and_mixed_line_endings() {
    assert_eq!(run("crlf.csv", &[]).verdicts, ["presumed", "clear"]);
    assert_eq!(
        run("mixed-line-endings.csv", &[]).verdicts,
        ["presumed", "clear", "presumed"]
    );
}

#[test]
fn ragged_rows_are_rejected_with_their_lines() {
    let r = run("ragged.csv", &[]);
    assert_eq!(r.verdicts, ["clear", "presumed"]);
    assert_eq!(r.rejects.len(), 2);
    assert_eq!(
        (r.rejects[0].0.as_str(), r.rejects[1].0.as_str()),
        ("3", "4")
    );
    assert!(r.rejects[0].2.contains("expected 3 fields") && r.rejects[0].2.contains("found 2"));
    assert!(r.rejects[1].2.contains("found 4"));
}

#[test]
fn an_unclosed_quote_is_one_reject_naming_the_swallowed_lines() {
    let r = run("unclosed-quote.csv", &[]);
    assert!(r.verdicts.is_empty());
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(r.rejects[0].0, "2");
    assert!(
        r.rejects[0].2.contains("quote") || r.rejects[0].2.contains("fields"),
        "{}",
        r.rejects[0].2
    );
}

#[test]
fn quotes_inside_unquoted_fields_and_embedded_newlines_are_read() {
    assert_eq!(run("quote-in-unquoted.csv", &[]).verdicts, ["presumed"]);
    let r = run("embedded-newline.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"]);
    assert!(r.rejects.is_empty());
}

#[test]
fn nul_bytes_reject_their_row() {
    let r = run("nul-byte.csv", &[]);
    assert_eq!(r.verdicts, ["clear"]);
    assert_eq!(r.rejects.len(), 1);
    assert!(r.rejects[0].2.contains("NUL"));
}

#[test]
fn duplicate_headers_keep_both_columns_and_screen_both_parties() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o.csv");
    let path = format!(
        "{}/tests/corpus/duplicate-headers.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args([
            "screen",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            &path,
        ])
        .assert()
        .code(1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("row,shipment_id,line,verdict,codes,reasons,value_decimal,value_currency,entry_date_parsed,supplier,note,supplier (2),note (2),supplier_address"), "{text}");
    assert!(
        text.contains("presumed"),
        "the second supplier column is screened: {text}"
    );
}

#[test]
fn a_10_mb_field_is_rejected_under_the_default_limit_and_read_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.csv");
    let mut s = String::from("supplier,description\nAcme,\"");
    s.push_str(&"cotton ".repeat(10 * 1024 * 1024 / 7));
    s.push_str("\"\nBeta,widgets\n");
    std::fs::write(&p, s).unwrap();
    let out = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", "--format", "csv", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("over the limit of 1048576"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "the other row is still screened");
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args([
            "screen",
            "--format",
            "csv",
            "--max-field-bytes",
            "20000000",
            p.to_str().unwrap(),
        ])
        .assert()
        .code(0);
}

#[test]
fn gbk_is_detected_and_gbk_read_as_utf8_is_rejected_with_a_hint() {
    assert_eq!(run("gbk.csv", &[]).verdicts, ["presumed", "clear"]);
    // Forced to UTF-8, the GBK header cannot be read: a clear error with the fix. (A GBK row
    // under a UTF-8 header is rejected per row: see reading.rs.)
    let r = run("gbk.csv", &["--encoding", "utf-8"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("gbk.csv")
            && r.stderr.contains("not valid UTF-8")
            && r.stderr.contains("--encoding gb18030"),
        "{}",
        r.stderr
    );
    assert_eq!(run("windows-1252.csv", &[]).verdicts, ["clear", "presumed"]);
    assert_eq!(run("utf16le-bom.csv", &[]).verdicts, ["presumed"]);
}

#[test]
fn semicolons_decimal_commas_thousands_and_currency_symbols() {
    let r = run("semicolon-decimal-comma.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"]);
    let r = run("thousands-separators.csv", &[]);
    // "1.234.567,89" contradicts the file's decimal points: the cell is unread (not
    // misread), the row screened on the rest.
    assert_eq!(r.verdicts.len(), 4);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(r.rejects[0].1, "cell");
    assert!(r.rejects[0].2.contains("decimal comma"), "{:?}", r.rejects);
    let r = run("currency-symbols.csv", &[]);
    assert_eq!(r.verdicts.len(), 5);
    assert_eq!(
        r.rejects.len(),
        1,
        "£ in a USD row is a conflict: {:?}",
        r.rejects
    );
    assert!(r.rejects[0].2.contains("GBP") && r.rejects[0].2.contains("USD"));
}

#[test]
fn several_date_formats() {
    let r = run("date-formats.csv", &[]);
    assert_eq!(r.verdicts.len(), 10);
    assert!(r.rejects.iter().all(|x| x.1 == "cell"), "{:?}", r.rejects);
    assert_eq!(r.rejects.len(), 2);
    assert!(
        r.rejects[0].2.contains("not a valid calendar date"),
        "{:?}",
        r.rejects
    );
    assert!(r.rejects[1].2.contains("not a date"), "{:?}", r.rejects);
}

#[test]
fn trailing_blank_rows_are_listed_but_do_not_fail() {
    let r = run("excel-trailing-blank-rows.csv", &[]);
    assert_eq!(r.verdicts, ["clear"]);
    assert_eq!(r.rejects.iter().filter(|x| x.1 == "blank").count(), 2);
    let path = format!(
        "{}/tests/corpus/excel-trailing-blank-rows.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", &path])
        .assert()
        .code(0);
}

#[test]
fn random_binary_is_a_clear_error_or_fully_accounted() {
    let r = run("random-binary.bin", &[]);
    assert!(r.code == 2 || r.code == 0, "{}", r.stderr);
    if r.code == 2 {
        assert!(
            r.stderr.contains("random-binary.bin") || r.stderr.contains("rows could not be read"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn max_rows_stops_with_a_clear_error() {
    let path = format!(
        "{}/tests/corpus/mixed-line-endings.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", "--max-rows", "2", &path])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("more than 2 rows"));
}

/// Hostile values screen as data; the table, GitHub annotations and JUnit show them escaped.
#[test]
fn hostile_values_are_data_and_never_reach_people_raw() {
    for (file, want) in [
        (
            "workflow-command-injection.csv",
            ["presumed", "presumed", "clear"],
        ),
        ("terminal-escapes.csv", ["presumed", "presumed", "clear"]),
    ] {
        let r = run(file, &[]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        assert_eq!(r.verdicts, want, "{file}");
        let path = format!("{}/tests/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
        for format in ["table", "github", "junit"] {
            let out = Command::cargo_bin("uflpa-screen")
                .unwrap()
                .args(["screen", "--exit-zero", "--format", format, &path])
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(!text.is_empty(), "{file} {format}");
            for line in text.lines() {
                // Only the GitHub format's own annotations start with `::`.
                assert!(
                    !line.trim_start().starts_with("::")
                        || (format == "github"
                            && (line.starts_with("::error file=")
                                || line.starts_with("::warning file=")
                                || line.starts_with("::notice "))),
                    "{file} {format}: {line:?}"
                );
                assert!(!line.contains("\n::"), "{file} {format}: {line:?}");
                let forbidden = |c: char| match format {
                    // JUnit is XML: tab, line feed and carriage return are allowed there.
                    "junit" => !uflpa_screen::output::xml_allowed(c),
                    _ => uflpa_screen::text::is_hazard(c),
                };
                assert!(!line.chars().any(forbidden), "{file} {format}: {line:?}");
            }
        }
    }
}

/// Issue 13: the shapes of files compliance teams have (see tests/corpus/README.md).
#[test]
fn issue_13_spreadsheet_exports_broker_tables_and_portal_lists() {
    let r = run("excel-sep-line.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"], "{}", r.stderr);
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    assert!(r.stderr.contains("'sep=;'"), "{}", r.stderr);

    let r = run("title-block-trailing-delimiter.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"], "{}", r.stderr);
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);
    assert!(r.stderr.contains("the header is on line 4"), "{}", r.stderr);

    let r = run("bol-address-columns.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"], "{}", r.stderr);
    assert!(
        r.stderr.contains("'city' + 'state_province' + 'zip_code'"),
        "{}",
        r.stderr
    );

    let r = run("facility-list.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"], "{}", r.stderr);

    let r = run("excel-mangled-cells.csv", &[]);
    assert_eq!(r.verdicts, ["presumed", "review", "review"], "{}", r.stderr);
    let kinds: Vec<(&str, &str)> = r
        .rejects
        .iter()
        .map(|x| (x.0.as_str(), x.1.as_str()))
        .collect();
    assert_eq!(kinds, [("2", "cell"), ("3", "cell"), ("4", "cell")]);
    assert!(r.rejects[0].2.contains("DQ503"));
    assert!(r.rejects[1].2.contains("DQ501"));
    assert!(r.rejects[2].2.contains("DQ504"));

    let r = run("cr-only.csv", &[]);
    assert_eq!(r.verdicts, ["clear", "presumed"], "{}", r.stderr);
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(
        (r.rejects[0].0.as_str(), r.rejects[0].1.as_str()),
        ("5", "record")
    );

    let r = run("suppliers.ods", &[]);
    assert_eq!(r.verdicts, ["presumed", "clear"], "{}", r.stderr);
    assert!(r.stderr.contains("the header is on line 2"), "{}", r.stderr);
    let r = run("manifest.xls", &[]);
    assert_eq!(r.verdicts, ["presumed", "review"], "{}", r.stderr);
    assert!(r.rejects.is_empty(), "{:?}", r.rejects);

    for f in ["big5.csv", "shift-jis.csv", "euc-kr.csv"] {
        let r = run(f, &[]);
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        assert_eq!(
            r.verdicts.iter().filter(|v| *v == "presumed").count(),
            1,
            "{f}: {:?}",
            r.verdicts
        );
    }
}
