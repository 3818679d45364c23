//! Issue 15: the audit record of a run (`--audit DIR`, `[audit] dir`) and `audit verify`.

use assert_cmd::Command;
use sha2::Digest;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("uflpa-screen").expect("binary")
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-manifests")
        .join(name)
}

fn sha256(p: &Path) -> String {
    sha2::Sha256::digest(std::fs::read(p).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The records in `dir` (and nothing else may be there: no temporary file).
fn records(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.sort();
    for p in &v {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.starts_with("uflpa-audit-") && name.ends_with(".json"),
            "unexpected file in the audit directory: {name}"
        );
    }
    v
}

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A directory with the supply-chain sample, a waiver and a manifest with an unreadable row.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().to_path_buf();
    for f in ["manifest.csv", "supply-chain.csv", "evidence.csv"] {
        std::fs::copy(sample(&format!("supply-chain/{f}")), dir.join(f)).unwrap();
    }
    std::fs::copy(sample("seafood.csv"), dir.join("seafood.csv")).unwrap();
    std::fs::write(
        dir.join("bad.csv"),
        "supplier,supplier_address,value\nAcme,Shanghai,10.00\nGamma,Shanghai,30.00,extra\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("uflpa.toml"),
        r#"
[[waiver]]
code = "HP207"
supplier = "Qingdao Ocean Star Foods Co. Ltd"
reason = "Catch certificates on file (audit A-12)"
reviewer = "compliance@example.com"
expires = 2099-12-31
"#,
    )
    .unwrap();
    (d, dir)
}

/// `screen --audit records --exit-zero --lists lists seafood.csv` in `dir`.
fn screen_seafood_with_lists(dir: &Path) -> std::process::Output {
    bin()
        .current_dir(dir)
        .args([
            "screen",
            "--audit",
            "records",
            "--exit-zero",
            "--lists",
            "lists",
        ])
        .arg("seafood.csv")
        .output()
        .unwrap()
}

fn screen_with_audit(dir: &Path, extra: &[&str]) -> std::process::Output {
    bin()
        .current_dir(dir)
        .args([
            "screen",
            "--audit",
            "records",
            "--as-of",
            "2026-11-20",
            "--format",
            "csv",
            "-o",
            "out.csv",
            "--summary",
            "summary.json",
            "--rejects",
            "rejects.csv",
            "--max-rejects",
            "5",
            "--supply-chain",
            "supply-chain.csv",
            "--evidence",
            "evidence.csv",
        ])
        .args(extra)
        .args(["manifest.csv", "seafood.csv", "bad.csv"])
        .output()
        .unwrap()
}

#[test]
fn issue_15_audit_record_holds_every_field() {
    let (_d, dir) = workspace();
    let o = screen_with_audit(&dir, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let recs = records(&dir.join("records"));
    assert_eq!(recs.len(), 1, "one record per run");
    assert!(err.contains("audit record records/uflpa-audit-"), "{err}");
    let name = recs[0].file_name().unwrap().to_string_lossy().to_string();
    // uflpa-audit-YYYYMMDDTHHMMSSZ-<12 hex>.json
    let stamp = &name["uflpa-audit-".len()..];
    assert_eq!(&stamp[8..9], "T", "{name}");
    assert_eq!(&stamp[15..17], "Z-", "{name}");
    assert!(
        stamp[17..29].bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );
    let r = read_json(&recs[0]);

    assert_eq!(r["format"], "uflpa-screen audit record");
    assert_eq!(r["format_version"], 1);
    assert_eq!(r["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(r["command"], "screen");
    assert_eq!(r["exit_code"], 1);
    for t in ["started", "finished"] {
        let s = r[t].as_str().unwrap();
        assert_eq!(s.len(), 24, "{t} {s}");
        assert!(
            s.ends_with('Z') && &s[10..11] == "T" && &s[19..20] == ".",
            "{s}"
        );
    }
    assert!(r["started"].as_str() <= r["finished"].as_str());
    let pack = uflpa_screen::RulePack::embedded().unwrap();
    assert_eq!(r["rule_pack"]["version"], pack.meta.version.as_str());
    assert_eq!(r["rule_pack"]["source"], "embedded");
    assert_eq!(r["rule_pack"]["sha256"], pack.sha256.as_str());
    assert_eq!(r["entity_lists"][0]["name"], "UFLPA Entity List");
    assert_eq!(
        r["entity_lists"][0]["as_of"],
        pack.entity_list.as_of.as_str()
    );
    assert_eq!(
        r["entity_lists"][0]["sha256"],
        pack.entity_list.sha256.as_str()
    );

    // Every input with its role, SHA-256 and rows.
    let inputs = r["inputs"].as_array().unwrap();
    let roles: Vec<&str> = inputs.iter().map(|i| i["role"].as_str().unwrap()).collect();
    assert_eq!(
        roles,
        [
            "manifest",
            "manifest",
            "manifest",
            "supply chain",
            "evidence",
            "configuration"
        ]
    );
    for i in inputs {
        let p = Path::new(i["path"].as_str().unwrap());
        assert!(p.is_absolute(), "{p:?}");
        assert_eq!(i["sha256"], sha256(p).as_str(), "{p:?}");
    }
    assert_eq!(inputs[0]["rows"], 6, "manifest.csv has 6 lines");
    assert_eq!(inputs[1]["rows"], 5, "seafood.csv has 5 lines");
    assert_eq!(inputs[2]["rows"], 2);
    assert_eq!(inputs[2]["rejected"], 1);
    assert_eq!(inputs[3]["rows"], 15, "supply-chain.csv has 15 rows");
    assert_eq!(inputs[4]["rows"], 15, "evidence.csv has 15 rows");
    assert!(inputs[5]["rows"].is_null());

    // The effective settings, not argv.
    let opt = &r["options"];
    assert_eq!(opt["as_of"], "2026-11-20");
    assert_eq!(opt["fail_on"], "presumed");
    assert_eq!(opt["max_rejects"], 5);
    assert_eq!(opt["waivers"][0]["code"], "HP207");
    assert_eq!(opt["waivers"][0]["expires"], "2099-12-31");
    assert!(opt["rules"].is_null());
    assert_eq!(opt["exit_zero"], false);
    assert_eq!(opt["gates_exit_code"], true);
    // The thresholds in effect (the pack's), not null.
    let pack_thresholds = &pack.entity_list;
    for (key, want) in [
        ("presume_threshold", pack_thresholds.presume_threshold),
        ("review_threshold", pack_thresholds.review_threshold),
    ] {
        let got = opt[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {}", opt[key]));
        assert!((got - f64::from(want)).abs() < 1e-6, "{key}: {got}");
    }
    // Manifests carry their chunk digests; other inputs do not.
    assert!(inputs[0]["outcome_chunks"]["digests"].is_array());
    assert!(inputs[3].get("outcome_chunks").is_none());

    // Counts agree with the run's own summary.
    let summary = read_json(&dir.join("summary.json"));
    let c = &r["counts"];
    for v in ["presumed", "review", "clear"] {
        assert_eq!(c[v], summary["verdicts"][v]["rows"], "{v}");
    }
    assert_eq!(c["rows_read"], summary["rows_read"]);
    assert_eq!(c["rejected"], 1);
    assert!(c["waived_findings"].as_u64().unwrap() >= 1, "{c}");
    assert_eq!(r["outcomes_sha256"].as_str().unwrap().len(), 64);

    // Each output with the SHA-256 of what is on disk.
    let outputs = r["outputs"].as_array().unwrap();
    let opts: Vec<&str> = outputs
        .iter()
        .map(|o| o["option"].as_str().unwrap())
        .collect();
    assert_eq!(opts, ["-o", "--rejects", "--summary"]);
    for o in outputs {
        let p = Path::new(o["path"].as_str().unwrap());
        assert_eq!(o["sha256"], sha256(p).as_str(), "{p:?}");
        assert_eq!(o["bytes"], std::fs::metadata(p).unwrap().len());
    }
}

/// The digest is documented (docs/audit.md): it can be recomputed from the JSON Lines output.
#[test]
fn issue_15_audit_outcome_digest_is_the_documented_one() {
    let (_d, dir) = workspace();
    let o = bin()
        .current_dir(&dir)
        .args([
            "screen",
            "--audit",
            "records",
            "--format",
            "jsonl",
            "--exit-zero",
        ])
        .args(["manifest.csv", "seafood.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let r = read_json(&records(&dir.join("records"))[0]);
    let files = ["manifest.csv", "seafood.csv"];
    let mut h = sha2::Sha256::new();
    let mut lines = 0;
    for l in String::from_utf8(o.stdout.clone()).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        if v["type"] != "row" {
            continue;
        }
        let file = files.iter().position(|f| v["file"] == *f).unwrap();
        let mut codes: Vec<&str> = Vec::new();
        let mut waived: Vec<&str> = Vec::new();
        for f in v["findings"].as_array().unwrap() {
            let c = f["code"].as_str().unwrap();
            if !codes.contains(&c) {
                codes.push(c);
            }
            if !f["waived"].is_null() && !waived.contains(&c) {
                waived.push(c);
            }
        }
        h.update(format!(
            "{file}\t{}\t{}\t{}\t{}\n",
            v["source_line"],
            v["verdict"].as_str().unwrap(),
            codes.join(";"),
            waived.join(";")
        ));
        lines += 1;
    }
    assert_eq!(lines, 11);
    let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(r["outcomes_sha256"], digest.as_str());
    // Standard output is an output too, hashed as written.
    let out = &r["outputs"][0];
    assert_eq!(out["option"], "standard output");
    let want: String = sha2::Sha256::digest(&o.stdout)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(out["sha256"], want.as_str());
}

/// `audit verify RECORD`: (exit code, stdout, stderr).
fn verify(record: &Path, cwd: &Path) -> (i32, String, String) {
    verify_many(&[record], cwd)
}

#[test]
fn issue_15_audit_verify_confirms_an_unchanged_run_and_names_an_edited_input() {
    let (_d, dir) = workspace();
    assert_eq!(screen_with_audit(&dir, &[]).status.code(), Some(1));
    let rec = records(&dir.join("records")).remove(0);
    // From another directory: the record's paths are absolute.
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, out, err) = verify(&rec, elsewhere.path());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("confirmed:"), "{out}");
    assert!(
        out.contains("per-line outcomes: digest as recorded"),
        "{out}"
    );
    assert!(!out.contains("CHANGED") && !out.contains("DIFFER"), "{out}");

    // The same bytes count the same: rewriting a file unchanged still confirms.
    let seafood = dir.join("seafood.csv");
    let text = std::fs::read_to_string(&seafood).unwrap();
    std::fs::write(&seafood, &text).unwrap();
    assert_eq!(verify(&rec, &dir).0, 0);

    // One address moves to Xinjiang: the input and the outcomes differ, exit 1.
    let edited = text.replacen("Qingdao", "Kashgar Xinjiang", 1);
    assert_ne!(edited, text, "the sample names Qingdao");
    std::fs::write(&seafood, edited).unwrap();
    let (code, out, err) = verify(&rec, &dir);
    assert_eq!(code, 1, "{out}{err}");
    let changed: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("INPUT CHANGED"))
        .collect();
    assert_eq!(changed.len(), 1, "{out}");
    assert!(changed[0].contains("seafood.csv"), "{out}");
    assert!(
        out.contains("input unchanged: inputs[0] (manifest"),
        "{out}"
    );
    assert!(out.contains("PER-LINE OUTCOMES DIFFER"), "{out}");
    assert!(out.contains("COUNT DIFFERS: presumed"), "{out}");
    assert!(out.contains("NOT CONFIRMED"), "{out}");

    // A changed configuration is said, but the run is repeated with the recorded settings.
    std::fs::write(&seafood, &text).unwrap();
    std::fs::write(dir.join("uflpa.toml"), "").unwrap();
    let (code, out, _) = verify(&rec, &dir);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("note: inputs[5] (configuration"), "{out}");
}

#[test]
fn issue_15_audit_verify_says_when_the_rule_pack_differs() {
    let (_d, dir) = workspace();
    screen_with_audit(&dir, &[]);
    let rec = records(&dir.join("records")).remove(0);
    let mut r = read_json(&rec);
    r["rule_pack"]["sha256"] = "0".repeat(64).into();
    r["rule_pack"]["version"] = "2020.1.0".into();
    let other = dir.join("other.json");
    std::fs::write(&other, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    let (code, out, _) = verify(&other, &dir);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("RULE PACK DIFFERS") && out.contains("2020.1.0"),
        "{out}"
    );
}

#[test]
fn issue_15_audit_verify_exits_2_naming_the_file_and_key_of_a_bad_record() {
    let (_d, dir) = workspace();
    screen_with_audit(&dir, &[]);
    let rec = records(&dir.join("records")).remove(0);
    let good = read_json(&rec);
    let bad = dir.join("bad-record.json");
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (
            {
                let mut r = good.clone();
                r["inputs"][1]["sha256"] = "xyz".into();
                r
            },
            "inputs[1].sha256",
        ),
        (
            {
                let mut r = good.clone();
                r.as_object_mut().unwrap().remove("counts");
                r
            },
            "counts",
        ),
        (
            {
                let mut r = good.clone();
                r["counts"]["presumed"] = "many".into();
                r
            },
            "counts.presumed",
        ),
        (
            {
                let mut r = good.clone();
                r["options"]["as_of"] = "yesterday".into();
                r
            },
            "options.as_of",
        ),
        (
            {
                let mut r = good.clone();
                r["format_version"] = 9.into();
                r
            },
            "format_version",
        ),
    ];
    for (value, key) in cases {
        std::fs::write(&bad, serde_json::to_string(&value).unwrap()).unwrap();
        let (code, out, err) = verify(&bad, &dir);
        assert_eq!(code, 2, "{key}: {out}{err}");
        assert!(err.contains("bad-record.json"), "{key}: {err}");
        assert!(err.contains(&format!("key {key}:")), "{key}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    std::fs::write(&bad, "{\"format\": ").unwrap();
    let (code, _, err) = verify(&bad, &dir);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad-record.json") && err.contains("not JSON"),
        "{err}"
    );

    // An input the record names is gone: exit 2, naming the file and its key.
    std::fs::remove_file(dir.join("evidence.csv")).unwrap();
    let (code, _, err) = verify(&rec, &dir);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("evidence.csv") && err.contains("inputs[4].path"),
        "{err}"
    );
}

#[test]
fn issue_15_audit_dir_from_the_config_relative_to_it() {
    let d = tempfile::tempdir().unwrap();
    let conf = d.path().join("conf");
    let data = d.path().join("data");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(conf.join("uflpa.toml"), "[audit]\ndir = \"runs\"\n").unwrap();
    std::fs::copy(sample("seafood.csv"), data.join("s.csv")).unwrap();
    let o = bin()
        .current_dir(&data)
        .args([
            "report",
            "--config",
            "../conf/uflpa.toml",
            "-o",
            "r.md",
            "s.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = records(&conf.join("runs"));
    assert_eq!(recs.len(), 1, "written under the configuration's directory");
    assert!(!data.join("runs").exists());
    let r = read_json(&recs[0]);
    assert_eq!(r["command"], "report");
    assert_eq!(r["outputs"][0]["option"], "report -o");
    assert_eq!(
        r["outputs"][0]["sha256"],
        sha256(&data.join("r.md")).as_str()
    );
    // A second run: another record, never the same file.
    bin()
        .current_dir(&data)
        .args([
            "report",
            "--config",
            "../conf/uflpa.toml",
            "-o",
            "r.md",
            "s.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(records(&conf.join("runs")).len(), 2);
    // An unknown key of [audit] is an error with its line.
    std::fs::write(conf.join("uflpa.toml"), "[audit]\ndirectory = \"runs\"\n").unwrap();
    let o = bin()
        .current_dir(&data)
        .args(["screen", "--config", "../conf/uflpa.toml", "s.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("uflpa.toml:2:1"));
}

#[test]
fn issue_15_audit_record_is_not_written_when_output_fails() {
    let (_d, dir) = workspace();
    // Output to a device that refuses every byte: the run fails (exit 2) after screening.
    let o = bin()
        .current_dir(&dir)
        .args([
            "screen",
            "--audit",
            "records",
            "--format",
            "csv",
            "-o",
            "/dev/full",
        ])
        .arg("seafood.csv")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        records(&dir.join("records")).is_empty(),
        "no record, no temporary file"
    );
    // The run created the directory (and its parent): it leaves neither behind.
    assert!(
        !dir.join("records").exists(),
        "the directory it made is gone"
    );
    let o = bin()
        .current_dir(&dir)
        .args(["screen", "--audit", "new/records", "--format", "csv"])
        .args(["-o", "/dev/full", "seafood.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.join("new").exists(), "no empty parent left either");
    // A directory that was there before stays, empty as it was.
    std::fs::create_dir(dir.join("kept")).unwrap();
    let o = bin()
        .current_dir(&dir)
        .args(["screen", "--audit", "kept", "--format", "csv"])
        .args(["-o", "/dev/full", "seafood.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(records(&dir.join("kept")).is_empty());
    assert!(
        dir.join("kept").is_dir(),
        "a directory the run did not make stays"
    );

    // A directory that cannot be made fails before screening: no output is written.
    std::fs::write(dir.join("plain-file"), "x").unwrap();
    let o = bin()
        .current_dir(&dir)
        .args(["screen", "--audit", "plain-file/records", "-o", "never.csv"])
        .args(["--format", "csv", "seafood.csv"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--audit plain-file/records"), "{err}");
    assert!(!dir.join("never.csv").exists());

    // Standard input cannot be hashed for verify: refused with the reason.
    let o = bin()
        .current_dir(&dir)
        .args(["screen", "--audit", "records", "-"])
        .write_stdin("supplier\nAcme\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("standard input"));
}

#[test]
fn issue_15_audit_records_the_list_directory_and_verify_checks_it() {
    let (_d, dir) = workspace();
    let lists = dir.join("lists");
    std::fs::create_dir_all(&lists).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lists");
    std::fs::copy(data.join("list-new.csv"), lists.join("entity-list.csv")).unwrap();
    std::fs::copy(data.join("wro.csv"), lists.join("wro.csv")).unwrap();
    let o = screen_seafood_with_lists(&dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rec = records(&dir.join("records")).remove(0);
    let r = read_json(&rec);
    let names: Vec<&str> = r["entity_lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["UFLPA Entity List", "CBP WRO/Finding list"]);
    let el = &r["entity_lists"][0];
    assert!(
        el["path"]
            .as_str()
            .unwrap()
            .ends_with("lists/entity-list.csv"),
        "{el}"
    );
    assert_ne!(
        el["as_of"],
        uflpa_screen::RulePack::embedded()
            .unwrap()
            .entity_list
            .as_of
            .as_str()
    );
    assert_eq!(
        r["entity_lists"][1]["sha256"],
        sha256(&lists.join("wro.csv")).as_str()
    );
    assert!(r["options"]["lists"].as_str().unwrap().ends_with("/lists"));
    assert_eq!(verify(&rec, &dir).0, 0);
    // The WRO list changes (a comment line): the lists differ, said as such.
    let mut wro = std::fs::read_to_string(lists.join("wro.csv")).unwrap();
    wro.push('\n');
    std::fs::write(lists.join("wro.csv"), wro).unwrap();
    let (code, out, err) = verify(&rec, &dir);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("LIST DIFFERS: CBP WRO/Finding list"), "{out}");
}

/// The SHA-256 of text, lower-case hex.
fn sha256_text(s: &str) -> String {
    sha2::Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `audit verify` with several records: (exit code, stdout, stderr).
fn verify_many(records: &[&Path], cwd: &Path) -> (i32, String, String) {
    let o = bin()
        .current_dir(cwd)
        .args(["audit", "verify"])
        .args(records)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

/// Issue 15, a new user's finding: `audit verify` confirmed a record edited by hand. The
/// record's bytes are checked against the content hash in its name, and its exit code,
/// counts and options against each other.
#[test]
fn issue_15_audit_verify_says_record_edited() {
    let (_d, dir) = workspace();
    assert_eq!(screen_with_audit(&dir, &[]).status.code(), Some(1));
    let rec = records(&dir.join("records")).remove(0);
    let name = rec.file_name().unwrap().to_string_lossy().to_string();
    // The documented hash: the first 12 hex digits of the SHA-256 of the file's bytes.
    assert!(name.contains(&sha256(&rec)[..12]), "{name}");
    let original = std::fs::read_to_string(&rec).unwrap();
    let (code, out, err) = verify(&rec, &dir);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("record: its content matches the hash in its name"),
        "{out}"
    );

    // A count lowered by hand, in place.
    let mut r = read_json(&rec);
    let presumed = r["counts"]["presumed"].as_u64().unwrap();
    assert!(presumed > 0);
    r["counts"]["presumed"] = (presumed - 1).into();
    std::fs::write(&rec, serde_json::to_string_pretty(&r).unwrap() + "\n").unwrap();
    let (code, out, err) = verify(&rec, &dir);
    assert_eq!(code, 1, "{out}{err}");
    let edited: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("RECORD EDITED"))
        .collect();
    assert!(
        edited
            .iter()
            .any(|l| l.contains("does not match the hash in the file name")),
        "{out}"
    );
    assert!(
        edited.iter().any(|l| l.contains("counts.failing_rows")),
        "{out}"
    );
    assert!(
        edited.iter().any(|l| l.contains("counts.rows_read")),
        "{out}"
    );
    assert!(out.contains("NOT CONFIRMED"), "{out}");

    // The exit code and start time changed and the name's hash recomputed: the hash agrees,
    // the record does not agree with itself or its name's time.
    std::fs::remove_file(&rec).unwrap();
    let mut r: serde_json::Value = serde_json::from_str(&original).unwrap();
    r["exit_code"] = 0.into();
    r["started"] = "2020-01-01T00:00:00.000Z".into();
    let text = serde_json::to_string_pretty(&r).unwrap() + "\n";
    let stamp = &name["uflpa-audit-".len().."uflpa-audit-".len() + 15];
    let forged = dir.join("records").join(format!(
        "uflpa-audit-{stamp}Z-{}.json",
        &sha256_text(&text)[..12]
    ));
    std::fs::write(&forged, &text).unwrap();
    let (code, out, err) = verify(&forged, &dir);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("does not match the hash"), "{out}");
    assert!(
        out.contains("RECORD EDITED: exit_code is 0 but counts.failing_rows is"),
        "{out}"
    );
    assert!(
        out.contains("RECORD EDITED: started is 2020-01-01T00:00:00.000Z but the file name says"),
        "{out}"
    );

    // A renamed copy cannot be checked against its name: said, not an edit.
    let copy = dir.join("copy.json");
    std::fs::write(&copy, &original).unwrap();
    let (code, out, err) = verify(&copy, &dir);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("note: the file name copy.json is not a record's"),
        "{out}"
    );
}

/// Issue 15, a new user's finding: the README's `audit verify audit/uflpa-audit-*.json` gave
/// several records to a command that took one. Each is verified; the exit code is the worst.
#[test]
fn issue_15_audit_verify_takes_several_records_and_exits_with_the_worst() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("uflpa-screen audit verify audit/uflpa-audit-*.json"));
    let (_d, dir) = workspace();
    assert_eq!(screen_with_audit(&dir, &[]).status.code(), Some(1));
    let o = bin()
        .current_dir(&dir)
        .args(["screen", "--audit", "records", "--exit-zero", "seafood.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let recs = records(&dir.join("records"));
    assert_eq!(recs.len(), 2);
    let (code, out, err) = verify_many(&[&recs[0], &recs[1]], &dir);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("\naudit record ").count() + 1, 2, "{out}");
    assert_eq!(
        out.matches("confirmed: the same inputs").count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("2 records: 2 confirmed, 0 not confirmed, 0 could not be verified"),
        "{out}"
    );

    // An unreadable record among them: the others are still verified; exit 2.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let (code, out, err) = verify_many(&[&recs[0], &bad, &recs[1]], &dir);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("bad.json") && err.contains("key format"),
        "{err}"
    );
    assert_eq!(
        out.matches("confirmed: the same inputs").count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("3 records: 2 confirmed, 0 not confirmed, 1 could not be verified"),
        "{out}"
    );

    // One record no longer confirmed: exit 1.
    let seafood = dir.join("seafood.csv");
    let text = std::fs::read_to_string(&seafood).unwrap();
    std::fs::write(&seafood, text.replacen("Qingdao", "Kashgar Xinjiang", 1)).unwrap();
    let (code, out, _) = verify_many(&[&recs[0], &recs[1]], &dir);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("2 records: 0 confirmed, 2 not confirmed"),
        "{out}"
    );
}

/// Issue 15, a new user's finding: a configuration deleted since the run made `verify` exit
/// 2 although the record holds every setting. It is a note, as an edited one is.
#[test]
fn issue_15_audit_verify_notes_a_deleted_configuration() {
    let (_d, dir) = workspace();
    assert_eq!(screen_with_audit(&dir, &[]).status.code(), Some(1));
    let rec = records(&dir.join("records")).remove(0);
    std::fs::remove_file(dir.join("uflpa.toml")).unwrap();
    let (code, out, err) = verify(&rec, &dir);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("note: inputs[5] (configuration ") && out.contains("is no longer there"),
        "{out}"
    );
    assert!(out.contains("confirmed:"), "{out}");
}

/// Issue 15, a new user's findings: a list file that is gone gave "SHA-256 now (not in use ,
/// recorded 5c4f...". It says the file is no longer there; hashes end with "..." as the
/// input lines do. A WRO list of one order is "(1 order)" on stderr.
#[test]
fn issue_15_audit_verify_says_a_list_file_is_gone() {
    let (_d, dir) = workspace();
    let lists = dir.join("lists");
    std::fs::create_dir_all(&lists).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lists");
    std::fs::copy(data.join("list-new.csv"), lists.join("entity-list.csv")).unwrap();
    // The header and the first order only.
    let wro = std::fs::read_to_string(data.join("wro.csv")).unwrap();
    let mut one = String::new();
    let mut data_rows = 0;
    for l in wro.lines() {
        if !l.starts_with('#') && !l.starts_with("producer,") {
            data_rows += 1;
            if data_rows > 1 {
                continue;
            }
        }
        one.push_str(l);
        one.push('\n');
    }
    std::fs::write(lists.join("wro.csv"), one).unwrap();
    let o = screen_seafood_with_lists(&dir);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("wro.csv (1 order)"), "{err}");
    let rec = records(&dir.join("records")).remove(0);
    let recorded = read_json(&rec)["entity_lists"][1]["sha256"]
        .as_str()
        .unwrap()
        .to_string();

    // The list changes: both hashes, each with "...".
    std::fs::write(
        lists.join("wro.csv"),
        format!(
            "{}\n",
            std::fs::read_to_string(lists.join("wro.csv")).unwrap()
        ),
    )
    .unwrap();
    let (code, out, _) = verify(&rec, &dir);
    assert_eq!(code, 1, "{out}");
    let now = sha256(&lists.join("wro.csv"));
    assert!(
        out.contains(&format!(
            "wro.csv): SHA-256 now {}..., recorded {}...",
            &now[..12],
            &recorded[..12]
        )),
        "{out}"
    );

    // The list file is gone.
    std::fs::remove_file(lists.join("wro.csv")).unwrap();
    let (code, out, _) = verify(&rec, &dir);
    assert_eq!(code, 1, "{out}");
    let gone: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("LIST DIFFERS: CBP WRO/Finding list ("))
        .collect();
    assert_eq!(gone.len(), 1, "{out}");
    assert!(
        gone[0].ends_with(&format!(
            "wro.csv): the file is no longer there (recorded SHA-256 {}...)",
            &recorded[..12]
        )),
        "{out}"
    );
    assert!(!out.contains("not in use ,"), "{out}");
}

/// Issue 15, a new user's finding: "PER-LINE OUTCOMES DIFFER" did not say which lines. The
/// record keeps a digest per chunk of 1,024 screened lines of each manifest (documented, so
/// recomputed here); verify names the file and lines of the first 10 differing chunks.
#[test]
fn issue_15_audit_verify_names_the_lines_whose_outcomes_changed() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    // 11 chunks of 1,024 lines and one of 1: physical lines 2..=11266.
    let rows = 11 * 1024 + 1;
    let mut csv = String::from("supplier,supplier_address,description\n");
    for i in 0..rows {
        csv.push_str(&format!("Acme {i},Shanghai,widgets\n"));
    }
    std::fs::write(dir.join("m.csv"), &csv).unwrap();
    let o = bin()
        .current_dir(dir)
        .args([
            "screen",
            "--audit",
            "records",
            "--exit-zero",
            "--format",
            "csv",
        ])
        .args(["-o", "out.csv", "m.csv"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rec = records(&dir.join("records")).remove(0);
    let r = read_json(&rec);
    let chunks = &r["inputs"][0]["outcome_chunks"];
    assert_eq!(chunks["lines_per_chunk"], 1024);
    let digests = chunks["digests"].as_array().unwrap();
    assert_eq!(digests.len(), 12);
    // The documented digest of the first chunk: lines 2..=1025, all clear, no codes.
    let first: String = (2..=1025).map(|l| format!("0\t{l}\tclear\t\t\n")).collect();
    assert_eq!(digests[0], &sha256_text(&first)[..16]);
    assert!(r["inputs"][0]["outcome_chunks"].is_object());

    // One line of every chunk but the first moves to Xinjiang.
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    for k in 1..12 {
        let row = k * 1024 + 7; // 0-based data row; physical line row + 2
        let row = row.min(rows - 1);
        lines[row + 1] = format!("Acme {row},\"Kashgar, Xinjiang\",widgets");
    }
    std::fs::write(dir.join("m.csv"), lines.join("\n") + "\n").unwrap();
    let (code, out, err) = verify(&rec, dir);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("PER-LINE OUTCOMES DIFFER"), "{out}");
    assert!(
        out.contains("outcomes changed in 11 chunks of 1024 screened lines"),
        "{out}"
    );
    let m = dir.join("m.csv").canonicalize().unwrap();
    let m = m.display();
    assert!(!out.contains(&format!("{m}:2-1025")), "{out}");
    assert!(
        out.contains(&format!(
            "{m}:1026-2049 (inputs[0], screened lines from 1025)"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("{m}:10242-11265 ")), "{out}");
    assert!(
        !out.contains(&format!("{m}:11266")),
        "the first 10 only: {out}"
    );
    assert!(out.contains("... and 1 more chunk"), "{out}");
}

/// Issue 15, a new user's finding: records of `report` said `"fail_on": "never",
/// "exit_zero": true`, defaults the user never set. They keep what the user asked for and
/// say that the report does not gate; such a record verifies.
#[test]
fn issue_15_audit_report_records_what_the_user_asked_for() {
    let (_d, dir) = workspace();
    let report = |dir: &Path| {
        bin()
            .current_dir(dir)
            .args(["report", "--audit", "records", "-o", "r.md"])
            .args(["manifest.csv", "seafood.csv"])
            .output()
            .unwrap()
    };
    let o = report(&dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rec = records(&dir.join("records")).remove(0);
    let r = read_json(&rec);
    assert_eq!(r["command"], "report");
    assert_eq!(
        r["options"]["fail_on"], "presumed",
        "the default, not never"
    );
    assert_eq!(r["options"]["exit_zero"], false);
    assert_eq!(r["options"]["gates_exit_code"], false);
    assert_eq!(r["exit_code"], 0);
    assert!(r["counts"]["failing_rows"].as_u64().unwrap() > 0);
    assert_eq!(r["counts"]["failing_rows"], r["counts"]["presumed"]);
    let (code, out, err) = verify(&rec, &dir);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("RECORD EDITED"), "{out}");

    // fail_on of uflpa.toml is what the user asked for.
    std::fs::remove_dir_all(dir.join("records")).unwrap();
    let conf = std::fs::read_to_string(dir.join("uflpa.toml")).unwrap();
    std::fs::write(
        dir.join("uflpa.toml"),
        format!("fail_on = \"review\"\n{conf}"),
    )
    .unwrap();
    assert_eq!(report(&dir).status.code(), Some(0));
    let r = read_json(&records(&dir.join("records"))[0]);
    assert_eq!(r["options"]["fail_on"], "review");
    let c = &r["counts"];
    assert_eq!(
        c["failing_rows"].as_u64(),
        Some(c["presumed"].as_u64().unwrap() + c["review"].as_u64().unwrap())
    );

    // screen records gates_exit_code true.
    let o = screen_with_audit(&dir, &[]);
    assert_eq!(o.status.code(), Some(1));
    let screen_rec = records(&dir.join("records"))
        .into_iter()
        .map(|p| read_json(&p))
        .find(|r| r["command"] == "screen")
        .unwrap();
    assert_eq!(screen_rec["options"]["gates_exit_code"], true);
}
