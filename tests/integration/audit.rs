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

fn verify(record: &Path, cwd: &Path) -> (i32, String, String) {
    let o = bin()
        .current_dir(cwd)
        .args(["audit", "verify", record.to_str().unwrap()])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
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
    assert!(
        std::fs::read_dir(dir.join("records"))
            .unwrap()
            .next()
            .is_none(),
        "the directory is empty"
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
    let o = bin()
        .current_dir(&dir)
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
        .unwrap();
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
