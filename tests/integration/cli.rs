//! The real binary on the shipped samples and on bad input: verdicts, exit codes, outputs.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn bin() -> Command {
    Command::cargo_bin("uflpa-screen").expect("binary")
}

fn sample(name: &str) -> String {
    format!("{}/sample-manifests/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Verdict column of `screen --format csv`.
fn verdicts(file: &str) -> (Vec<String>, i32) {
    let out = bin()
        .args(["screen", "--format", "csv", &sample(file)])
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let h = rdr.headers().unwrap().clone();
    let vi = h.iter().position(|c| c == "verdict").unwrap();
    let v = rdr.records().map(|r| r.unwrap()[vi].to_string()).collect();
    (v, out.status.code().unwrap())
}

#[test]
fn every_sample_manifest_screens_as_documented() {
    let expected: &[(&str, &[&str], i32)] = &[
        (
            "aluminum.csv",
            &["presumed", "presumed", "review", "review", "review"],
            1,
        ),
        (
            "apparel-bangladesh.csv",
            &["review", "presumed", "review", "clear", "presumed"],
            1,
        ),
        (
            "apparel-vietnam.csv",
            &[
                "presumed", "review", "presumed", "review", "clear", "presumed", "clear",
                "presumed",
            ],
            1,
        ),
        (
            "electronics-entity-list.csv",
            &[
                "presumed", "presumed", "presumed", "presumed", "clear", "review", "clear",
                // A branch of a listed company is the company (issue 14).
                "presumed",
            ],
            1,
        ),
        (
            "china-suppliers-gbk.csv",
            &[
                "presumed", "clear", "review", "presumed", "clear", "presumed", "review", "clear",
            ],
            1,
        ),
        ("ordinary-goods.csv", &["clear"; 9], 0),
        (
            "pvc-flooring.csv",
            &[
                "presumed", "review", "review", "clear", "presumed", "review",
            ],
            1,
        ),
        (
            "seafood.csv",
            &["review", "presumed", "review", "review", "clear"],
            1,
        ),
        (
            "solar-malaysia.csv",
            &[
                "presumed", "review", "presumed", "clear", "review", "presumed", "review",
            ],
            1,
        ),
        (
            "tomato-paste.csv",
            &[
                "presumed", "review", "presumed", "review", "clear", "review", "presumed",
            ],
            1,
        ),
    ];
    let shipped: Vec<String> =
        std::fs::read_dir(format!("{}/sample-manifests", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".csv"))
            .collect();
    for name in &shipped {
        assert!(
            expected.iter().any(|(n, _, _)| n == name),
            "sample {name} has no expectation in this test"
        );
    }
    for (file, want, code) in expected {
        let (got, exit) = verdicts(file);
        assert_eq!(&got, want, "{file}");
        assert_eq!(exit, *code, "{file} exit code");
    }
}

#[test]
fn default_table_lists_flagged_lines_and_value_at_risk() {
    bin()
        .args(["screen", &sample("apparel-vietnam.csv")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PRESUMED  "))
        .stdout(predicate::str::contains("XJ106 presumed"))
        .stdout(predicate::str::contains(
            "presumed         4 rows   USD 209,100.00",
        ))
        .stdout(predicate::str::contains(
            "Declared value at risk (presumed + review): USD 297,100.00",
        ));
}

#[test]
fn fail_on_and_exit_zero() {
    let f = sample("ordinary-goods.csv");
    bin()
        .args(["screen", "--fail-on", "review", &f])
        .assert()
        .code(0);
    let f = sample("seafood.csv");
    bin()
        .args(["screen", "--fail-on", "never", &f])
        .assert()
        .code(0);
    bin().args(["screen", "--exit-zero", &f]).assert().code(0);
    bin().args(["screen", &f]).assert().code(1);
    // A file with review lines only: exit 0 by default, 1 with --fail-on review.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, "supplier,description\nAcme,cotton shirts\n").unwrap();
    bin().args(["screen", p.to_str().unwrap()]).assert().code(0);
    bin()
        .args(["screen", "--fail-on", "review", p.to_str().unwrap()])
        .assert()
        .code(1);
}

#[test]
fn csv_output_columns_and_clean_stdout() {
    let out = bin()
        .args(["screen", "--format", "csv", &sample("seafood.csv")])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with(
            "row,shipment_id,line,verdict,codes,reasons,value_decimal,value_currency,entry_date_parsed,Bill of Lading,input.Line,"
        ),
        "{header}"
    );
    assert!(!text.contains("rows read"), "summary must go to stderr");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("5 rows read: 1 presumed, 3 review, 1 clear, 0 rejected")
    );
}

/// Issue 17: JSON Lines holds rows only (one shape, so `pl.read_ndjson` loads it); the
/// summary goes to `--summary FILE`; `--legacy-output` puts it back at the end.
#[test]
fn jsonl_output_is_rows_only_and_the_summary_goes_to_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let sum = dir.path().join("summary.json");
    let out = bin()
        .args(["screen", "--format", "jsonl", "--summary"])
        .arg(&sum)
        .arg(sample("pvc-flooring.csv"))
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6, "one object per row, nothing else");
    assert!(lines.iter().all(|l| l["type"] == "row"));
    assert_eq!(lines[0]["verdict"], "presumed");
    assert_eq!(lines[0]["findings"][0]["code"], "XJ106");
    assert!(
        lines[0]["findings"][0].get("baseline").is_none(),
        "no baseline, no state"
    );
    assert_eq!(lines[0]["fields"]["vendor"], "Haiphong Vinyl Flooring Co.");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sum).unwrap()).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["rows_read"], 6);
    assert_eq!(summary["verdicts"]["presumed"]["rows"], 2);
    // The old layout, for one release.
    let out = bin()
        .args(["screen", "--format", "jsonl", "--legacy-output"])
        .arg(sample("pvc-flooring.csv"))
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[6]["type"], "summary");
    assert_eq!(lines[6]["verdicts"]["presumed"]["rows"], 2);
}

/// Issue 17: input columns named like the tool's own (ignoring case) are renamed `input.NAME`,
/// the typed columns hold the value as a plain decimal, its currency and the entry date, and
/// `--legacy-output` writes the 0.1 header.
#[test]
fn csv_output_renames_clashing_input_columns_and_types_value_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("m.csv");
    std::fs::write(
        &input,
        "shipment_id;Line;Verdict;entry_date;supplier;value;currency\n\
         S1;1;x;31.01.2025;Acme GmbH;54.000,00;EUR\n\
         S1;2;y;;Acme GmbH;;\n",
    )
    .unwrap();
    let out = bin()
        .args(["screen", "--format", "csv", "--exit-zero"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "row",
            "shipment_id",
            "line",
            "verdict",
            "codes",
            "reasons",
            "value_decimal",
            "value_currency",
            "entry_date_parsed",
            "input.shipment_id",
            "input.Line",
            "input.Verdict",
            "entry_date",
            "supplier",
            "value",
            "currency"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][6], "54000.00");
    assert_eq!(&rows[0][7], "EUR");
    assert_eq!(&rows[0][8], "2025-01-31");
    assert_eq!(&rows[0][14], "54.000,00", "the text as written is kept");
    assert_eq!(&rows[0][11], "x");
    assert_eq!((&rows[1][6], &rows[1][7], &rows[1][8]), ("", "", ""));
    let legacy = bin()
        .args([
            "screen",
            "--format",
            "csv",
            "--exit-zero",
            "--legacy-output",
        ])
        .arg(&input)
        .output()
        .unwrap();
    let text = String::from_utf8(legacy.stdout).unwrap();
    assert!(
        text.starts_with(
            "row,shipment_id,line,verdict,codes,reasons,shipment_id,Line,Verdict,entry_date,"
        ),
        "{text}"
    );
}

#[test]
fn several_files_get_a_file_column() {
    let out = bin()
        .args([
            "screen",
            "--format",
            "csv",
            &sample("seafood.csv"),
            &sample("aluminum.csv"),
        ])
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(&rdr.headers().unwrap()[0], "file");
    assert_eq!(rdr.records().count(), 10);
}

#[test]
fn rejects_file_and_max_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "supplier,value\nAcme,1.00\nBeta,abc\nGamma,2.00,extra\n",
    )
    .unwrap();
    let rejects = dir.path().join("rejects.csv");
    bin()
        .args([
            "screen",
            "--rejects",
            rejects.to_str().unwrap(),
            input.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1 row could not be read"));
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.starts_with("file,line,row,column,kind,reason,raw\n"),
        "{text}"
    );
    assert!(
        text.contains(",3,2,value,cell,DQ501: 'abc' is not a number"),
        "{text}"
    );
    assert!(text.contains(",4,3,,record,\"expected 2 fields"), "{text}");
    bin()
        .args(["screen", "--max-rejects", "2", input.to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("rejected: ")
                .and(predicate::str::contains("in.csv:3 (row 2): column 'value'")),
        );
}

#[test]
fn output_is_atomic_and_inputs_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous result\n").unwrap();
    // A run that fails (missing input) leaves the previous output untouched and no temp file.
    bin()
        .args([
            "screen",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            &sample("seafood.csv"),
            "/nonexistent.csv",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent.csv"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous result\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
    // A good run replaces it.
    bin()
        .args([
            "screen",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            &sample("seafood.csv"),
        ])
        .assert()
        .code(1);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("row,"));
    // The output may not be an input.
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "supplier\nAcme\n").unwrap();
    bin()
        .args([
            "screen",
            "-o",
            input.to_str().unwrap(),
            input.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite input file"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "supplier\nAcme\n");
}

#[test]
fn usage_errors_exit_2_with_a_clear_message() {
    bin().args(["screen"]).assert().code(2);
    bin()
        .args(["screen", "--map", "nonsense=X", &sample("seafood.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown column 'nonsense'"));
    bin()
        .args(["screen", "--encoding", "klingon", &sample("seafood.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding"));
    bin()
        .args(["explain", "ZZ999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule ZZ999"));
}

#[test]
fn rules_and_explain() {
    bin()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("XJ101  presumed  xinjiang-named"));
    bin().args(["explain", "xj102"]).assert().code(0).stdout(
        predicate::str::contains("What it checks")
            .and(predicate::str::contains("Legal basis and sources"))
            .and(predicate::str::contains("Pub. L. 117-78")),
    );
}

/// Copy the shipped pack into a temp dir, apply an edit, and run with --rules.
fn broken_pack(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/uflpa");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        if !e.file_type().unwrap().is_file() {
            continue; // gen/: the generators and their inputs, not part of the pack
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let text = if e.file_name() == file {
            edit(text)
        } else {
            text
        };
        std::fs::write(dir.path().join(e.file_name()), text).unwrap();
    }
    let p = dir.path().to_str().unwrap().to_string();
    (dir, p)
}

#[test]
fn a_rules_dir_overrides_the_embedded_pack_and_bad_packs_fail_with_file_line_key() {
    let (_d, ok) = broken_pack("pack.toml", |t| {
        t.replace("version = \"2026.11.0\"", "version = \"test-1\"")
    });
    bin()
        .args(["rules", "--rules", &ok])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("uflpa test-1"));

    type Edit = Box<dyn Fn(String) -> String>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "pack.toml",
            Box::new(|t| {
                t.replacen(
                    "severity = \"presumed\"",
                    "severity = \"presumed\"\ncolour = \"red\"",
                    1,
                )
            }),
            "unknown field `colour`",
        ),
        (
            "pack.toml",
            Box::new(|t| t.replace("code = \"XJ102\"", "code = \"XJ101\"")),
            "`XJ101`: duplicate rule code",
        ),
        (
            "signals.toml",
            Box::new(|t| t.replacen("regex = '(?:^|[^0-9])(8[34]", "regex = '((8[34]", 1)),
            "postcode.regex",
        ),
        (
            "sectors.toml",
            Box::new(|t| t.replace("\"2815.11\"", "\"28x5.11\"")),
            "caustic-soda.hts",
        ),
        (
            "gazetteer.csv",
            Box::new(|t| t.replacen("Xinjiang,region", "Xinjiang,regio", 1)),
            "gazetteer.csv:",
        ),
        (
            "context.csv",
            Box::new(|t| {
                t.replacen(
                    "pattern,country,province,note",
                    "pattern,country,province,note,extra",
                    1,
                )
            }),
            "`extra`: unknown column",
        ),
    ];
    for (file, edit, want) in cases {
        let (_d, dir) = broken_pack(file, edit);
        bin()
            .args(["screen", "--rules", &dir, &sample("seafood.csv")])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(file).and(predicate::str::contains(want)));
    }
    // Line numbers are given where the format allows.
    let (_d, dir) = broken_pack("sectors.toml", |t| t.replace("\"2815.11\"", "\"28x5.11\""));
    let out = bin().args(["rules", "--rules", &dir]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("sectors.toml:") && err.contains(": `caustic-soda.hts`"),
        "{err}"
    );
}

#[test]
fn help_lists_exit_codes() {
    let out = bin().args(["screen", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("screen_help", text);
}

#[test]
fn check_a_single_text() {
    bin()
        .args(["check", "Aksu, Pavlodar Region, Kazakhstan"])
        .assert()
        .code(0)
        .stdout("clear\n");
    bin()
        .args(["check", "--as", "name", "Xinjiang Tianrun Cotton Co."])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("presumed"));
    // A country the tool cannot read is a usage error, not no country at all (trial 5:
    // `--country Narnia` was taken silently); Hong Kong is a country to give.
    for bad in ["Narnia", "XX", "TBD"] {
        bin()
            .args(["check", "--as", "goods", "--country", bad, "cotton"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("--country \"{bad}\"")));
    }
    for good in ["HK", "Viet Nam", "cn"] {
        bin()
            .args(["check", "--as", "goods", "--country", good, "cotton"])
            .assert()
            .code(0);
    }
    // An empty text says so, not "blank row".
    bin()
        .args(["check", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the text is empty"));
}

/// Speed trial (issue 19): a foreign country of origin is where the finished goods were made;
/// it does not clear an ambiguous place named for an input in a later clause. A Chinese one
/// still places it; a place in the first clause still reads with the country given.
#[test]
fn a_foreign_origin_does_not_clear_an_input_named_in_a_later_clause() {
    let goods = |country: &str, text: &str| {
        bin()
            .args(["check", "--as", "goods", "--country", country, text])
            .assert()
    };
    for (country, text) in [
        ("VN", "Ceramic tiles; glaze frit from Aksu"),
        ("BD", "Sweaters; yarn from Huafu, Aksu; dyed in Bangladesh"),
    ] {
        goods(country, text)
            .stdout(predicate::str::starts_with("review"))
            .stdout(predicate::str::contains("Aksu"));
    }
    // With China as the origin the input reads as Xinjiang's Aksu: presumed (a name shared
    // only with places abroad, in Chinese goods; a review before trial 9).
    goods("CN", "Apples; from Aksu")
        .stdout(predicate::str::starts_with("presumed"))
        .stdout(predicate::str::contains("'Aksu' is Aksu"));
    // Named with its own country, the input is placed there.
    goods("VN", "Tiles; glaze frit from Aksu, Kazakhstan")
        .code(0)
        .stdout("clear\n");
}

/// Speed trial (issue 19): a one-letter slip in a legal form is dropped like the legal form,
/// so a listed company with "Corporatoin" or "Lmited" is still the listed company.
#[test]
fn a_typo_in_a_legal_form_does_not_make_a_listed_name_longer() {
    for name in [
        "Ninestar Corporatoin",
        "Camel Group Co Lmited",
        "NINESTAR CORPORTION",
    ] {
        bin()
            .args(["check", "--as", "name", name])
            .assert()
            .code(1)
            .stdout(predicate::str::starts_with("presumed"));
    }
    // A real word that is not a legal form is an extra word: another company, a review.
    bin()
        .args(["check", "--as", "name", "Ninestar Compressor"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("review"))
        .stdout(predicate::str::contains("EL303"));
}

#[test]
fn output_is_identical_for_any_thread_count_across_batches() {
    let src = std::fs::read_to_string(sample("apparel-vietnam.csv")).unwrap();
    let mut lines = src.lines();
    let header = lines.next().unwrap();
    let body: Vec<&str> = lines.collect();
    let mut big = format!("{header}\n");
    for i in 0..5000 {
        big.push_str(body[i % body.len()]);
        big.push('\n');
    }
    // A bad row in the middle, so that rejects are counted across threads too.
    big.push_str("ENT-X,1,2026-13-45,,,,,,,,,,,,\n");
    big.push_str("ENT-Y,1,,,,,,,,,,,,,,,,,,,,\n");
    for i in 0..3000 {
        big.push_str(body[(i * 7) % body.len()]);
        big.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.csv");
    std::fs::write(&p, big).unwrap();
    let second = sample("solar-malaysia.csv");
    for format in ["jsonl", "csv", "sarif"] {
        let run = |t: &str| {
            let out = bin()
                .args(["screen", "--format", format, "--threads", t])
                .arg(&p)
                .arg(&second)
                .output()
                .unwrap();
            (
                out.stdout,
                String::from_utf8(out.stderr).unwrap(),
                out.status.code(),
            )
        };
        let one = run("1");
        if format != "sarif" {
            let lines = one.0.iter().filter(|&&b| b == b'\n').count();
            assert!(lines > 8000, "{format}: {lines} lines");
        }
        assert!(one.1.contains("1 rejected"), "{}", one.1);
        assert_eq!(one, run("2"), "{format}");
        assert_eq!(one, run("4"), "{format}");
    }
}

/// Issue 15, a new user's findings: docs/ci.md's list of `uflpa.toml` keys lacked `[audit]`
/// and `[lists]`, and docs/report.md still said the audit record was not built. Every key
/// and table of the commented default (`uflpa-screen init`) is named in docs/ci.md.
#[test]
fn issue_15_user_docs_name_every_config_key_and_the_audit_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let ci = read("docs/ci.md");
    let keys_at = ci
        .find("Keys: `rules`")
        .expect("the Keys sentence of docs/ci.md");
    let keys = &ci[keys_at..keys_at + ci[keys_at..].find("\n\n").unwrap()];
    let mut wanted = Vec::new();
    let mut in_table = false;
    for line in uflpa_screen::config::TEMPLATE.lines() {
        let l = line.trim_start_matches('#').trim();
        if l.starts_with('[') && l.ends_with(']') && !l.contains(' ') {
            in_table = true;
            wanted.push(l.to_string());
        } else if !in_table {
            if let Some((k, _)) = l.split_once(" = ") {
                if k.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    wanted.push(k.to_string());
                }
            }
        }
    }
    wanted.dedup();
    for k in [
        "rules",
        "fail_on",
        "[audit]",
        "[lists]",
        "[map]",
        "[[waiver]]",
    ] {
        assert!(
            wanted.contains(&k.to_string()),
            "{k} in the template: {wanted:?}"
        );
    }
    for k in &wanted {
        assert!(
            keys.contains(&format!("`{k}`")),
            "docs/ci.md does not name {k}: {keys}"
        );
    }
    let report = read("docs/report.md");
    assert!(!report.contains("Not built yet"), "docs/report.md");
    assert!(!report.contains("is not implemented"), "docs/report.md");
    assert!(
        report.contains("--audit DIR"),
        "docs/report.md names the audit record"
    );
}

/// Trial 9: `-o -` wrote a file named "-"; it is standard output, as `-` is standard input.
#[test]
fn output_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("m.csv");
    std::fs::write(&input, "supplier,supplier_address\nAcme,Urumqi\n").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["screen", "--exit-zero", "--format", "csv", "-o", "-"])
        .arg(&input)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("presumed"));
    assert!(!dir.path().join("-").exists());
}
