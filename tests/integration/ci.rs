//! CI use: output formats (snapshot per format, SARIF validated against the official 2.1.0
//! schema), uflpa.toml (unknown keys, init), waivers (applied, expired, unused), baselines,
//! watch lists.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn bin_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("uflpa-screen").unwrap();
    c.current_dir(dir);
    c
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn format(f: &str) -> String {
    let out = bin_in(root())
        .args(["screen", "--format", f, "sample-manifests/seafood.csv"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!("format_sarif", format("sarif"));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!("format_junit", format("junit"));
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!("format_github", format("github"));
}

#[test]
fn snapshot_gitlab() {
    insta::assert_snapshot!("format_gitlab", format("gitlab"));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("format_json", format("json"));
}

/// The official SARIF 2.1.0 schema, compiled.
fn sarif_validator() -> jsonschema::Validator {
    // The official schema's `run.language` pattern has a known erratum, a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`), which a strict validator refuses to compile.
    // It is corrected in memory to the intended `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$`; the file under
    // tests/data stays as published. Our output has no `language` property either way.
    let text = include_str!("../data/sarif-schema-2.1.0.json");
    let erratum = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        text.contains(erratum),
        "the schema changed; revisit this test"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&text.replace(erratum, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#)).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    for sample in [
        "seafood.csv",
        "electronics-entity-list.csv",
        "china-suppliers-gbk.csv",
    ] {
        let out = bin_in(root())
            .args([
                "screen",
                "--format",
                "sarif",
                &format!("sample-manifests/{sample}"),
            ])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{sample}: {errors:#?}");
        assert!(
            !doc["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty());
    }
    // A document the schema must reject, so the check can fail.
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {}}]});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn gitlab_fingerprints_are_stable_when_rows_move() {
    let dir = tempfile::tempdir().unwrap();
    let a = "shipment_id,line,supplier,supplier_address\nS1,1,Acme,\"Urumqi, China\"\nS2,1,Beta,\"Ohio, USA\"\n";
    let b = "shipment_id,line,supplier,supplier_address\nS0,1,Zed,\"Ohio, USA\"\nS2,1,Beta,\"Ohio, USA\"\nS1,1,Acme,\"Urumqi, China\"\n";
    let fp = |text: &str| {
        std::fs::write(dir.path().join("m.csv"), text).unwrap();
        let out = bin_in(dir.path())
            .args(["screen", "--format", "gitlab", "m.csv"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        fp(a),
        fp(b),
        "the same finding keeps its fingerprint when its row number changes"
    );
}

#[test]
fn config_unknown_keys_are_errors_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("uflpa.toml"), "fail_on = \"review\"\n\n[severity]\nHP208 = \"info\"\n\n[[waiver]]\ncode = \"HP207\"\nsupplier = \"X\"\nreason = \"r\"\nreviewer = \"me\"\nexpires = \"2099-01-01\"\ncolour = \"red\"\n").unwrap();
    std::fs::copy(
        root().join("sample-manifests/seafood.csv"),
        dir.path().join("s.csv"),
    )
    .unwrap();
    bin_in(dir.path())
        .args(["screen", "s.csv"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("uflpa.toml:12:1")
                .and(predicate::str::contains("unknown field `colour`")),
        );
    std::fs::write(
        dir.path().join("uflpa.toml"),
        "[severity]\nHP208 = \"loud\"\n",
    )
    .unwrap();
    bin_in(dir.path())
        .args(["screen", "s.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HP208 = \"loud\""));
}

#[test]
fn init_writes_a_default_that_loads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    bin_in(dir.path()).args(["init"]).assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("uflpa.toml")).unwrap();
    assert!(text.contains("[[waiver]]") && text.contains("[watch]"));
    std::fs::copy(
        root().join("sample-manifests/ordinary-goods.csv"),
        dir.path().join("o.csv"),
    )
    .unwrap();
    bin_in(dir.path())
        .args(["screen", "o.csv"])
        .assert()
        .code(0);
    bin_in(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists"));
}

#[test]
fn waivers_are_reported_expired_ones_do_not_apply_and_unused_ones_are_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sample-manifests/seafood.csv"),
        dir.path().join("s.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("uflpa.toml"),
        r#"
[[waiver]]
code = "XJ106"
shipment = "QDLA2609001"
line = "2"
reason = "Labour agency audited: workers were not transferred from Xinjiang (audit A-77)"
reviewer = "compliance@example.com"
expires = 2099-12-31
determination = "CBP applicability review AR-2026-0142"

[[waiver]]
code = "HP207"
supplier = "Nordic Catch AS"
reason = "Norwegian catch, vessel logs on file"
reviewer = "compliance@example.com"
expires = "2020-01-01"

[[waiver]]
code = "HP207"
supplier = "No Such Supplier Ltd"
reason = "typo in the supplier name"
reviewer = "compliance@example.com"
expires = "2099-12-31"
"#,
    )
    .unwrap();
    let out = bin_in(dir.path())
        .args([
            "screen",
            "--format",
            "jsonl",
            "--summary",
            "sum.json",
            "s.csv",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the only presumed finding is waived: {stderr}"
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let f = &rows[1]["findings"][0];
    assert_eq!(f["code"], "XJ106");
    assert!(
        f["waived"].as_str().unwrap().contains("audit A-77"),
        "waived, not hidden: {f}"
    );
    assert!(
        f["waived"]
            .as_str()
            .unwrap()
            .contains("on CBP applicability review AR-2026-0142"),
        "the determination is shown: {f}"
    );
    assert_eq!(rows[1]["verdict"], "review", "HP207 still stands");
    assert_eq!(
        rows[3]["verdict"], "review",
        "the expired waiver does not apply"
    );
    assert!(
        stderr.contains("waiver 2: HP207 for supplier 'Nordic Catch AS' expired on 2020-01-01"),
        "{stderr}"
    );
    assert!(
        stderr.contains("waiver 3: HP207 for supplier 'No Such Supplier Ltd' matched no finding"),
        "{stderr}"
    );
    assert!(!stderr.contains("waiver 1:"), "{stderr}");
    assert!(rows.iter().all(|r| r["type"] == "row"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sum.json")).unwrap())
            .unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["waived"], 1);
    // In CSV too the waived finding carries its waiver (a trial of issue 19 found the
    // reasons cell silent about it).
    let out = bin_in(dir.path())
        .args(["screen", "--format", "csv", "s.csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("XJ106"))
        .expect("the XJ106 line");
    assert!(
        line.contains("; waived") && line.contains("on CBP applicability review AR-2026-0142"),
        "{line}"
    );
}

#[test]
fn a_waiver_needs_a_reason_a_reviewer_an_expiry_and_a_scope() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sample-manifests/seafood.csv"),
        dir.path().join("s.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("uflpa.toml"),
        "[[waiver]]\ncode = \"XJ106\"\nreason = \"\"\nreviewer = \"me\"\nexpires = \"soon\"\n",
    )
    .unwrap();
    bin_in(dir.path())
        .args(["screen", "s.csv"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("reason and reviewer must not be empty")
                .and(predicate::str::contains("needs a supplier or a shipment"))
                .and(predicate::str::contains("not a YYYY-MM-DD date")),
        );
    std::fs::write(dir.path().join("uflpa.toml"), "[[waiver]]\ncode = \"XJ106\"\nshipment = \"S\"\nreviewer = \"me\"\nexpires = \"2099-01-01\"\n").unwrap();
    bin_in(dir.path())
        .args(["screen", "s.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing field `reason`"));
}

#[test]
fn a_waiver_of_a_presumed_finding_names_its_cbp_determination() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sample-manifests/seafood.csv"),
        dir.path().join("s.csv"),
    )
    .unwrap();
    let waiver = "[[waiver]]\ncode = \"XJ106\"\nshipment = \"QDLA2609001\"\nreason = \"audited\"\nreviewer = \"qa\"\nexpires = 2099-12-31\n";
    std::fs::write(dir.path().join("uflpa.toml"), waiver).unwrap();
    bin_in(dir.path())
        .args(["screen", "s.csv"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("waiver 1 (XJ106): XJ106 findings are presumed")
                .and(predicate::str::contains("add determination = ")),
        );
    // Blank is no determination; a review rule (HP207) needs none.
    std::fs::write(
        dir.path().join("uflpa.toml"),
        format!("{waiver}determination = \" \"\n"),
    )
    .unwrap();
    bin_in(dir.path())
        .args(["screen", "s.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("determination = \" \" is blank"));
    std::fs::write(
        dir.path().join("uflpa.toml"),
        "[[waiver]]\ncode = \"HP207\"\nsupplier = \"Nordic Catch AS\"\nreason = \"vessel logs\"\nreviewer = \"qa\"\nexpires = 2099-12-31\n",
    )
    .unwrap();
    bin_in(dir.path())
        .args(["screen", "--format", "json", "s.csv"])
        .assert()
        .code(1);
    // An expiry with a time, or a number, is an error at its line.
    for (v, want) in [
        ("2099-12-31T10:00:00", "without a time"),
        ("20991231", "a TOML date or a string"),
    ] {
        std::fs::write(
            dir.path().join("uflpa.toml"),
            format!("[[waiver]]\ncode = \"HP207\"\nsupplier = \"Nordic Catch AS\"\nreason = \"r\"\nreviewer = \"qa\"\nexpires = {v}\n"),
        )
        .unwrap();
        bin_in(dir.path())
            .args(["screen", "s.csv"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("uflpa.toml:6:").and(predicate::str::contains(want)));
    }
}

#[test]
fn a_new_presumed_supplier_turns_a_green_baseline_run_red() {
    let dir = tempfile::tempdir().unwrap();
    let before = "shipment_id,line,supplier,supplier_address,description\nP1,1,Acme,\"Kashgar, China\",widgets\nP2,1,Beta,\"Ohio, USA\",cotton shirts\n";
    std::fs::write(dir.path().join("suppliers.csv"), before).unwrap();
    // The known finding is accepted into the baseline: writing it is a success (issue 16).
    bin_in(dir.path())
        .args([
            "screen",
            "--write-baseline",
            "baseline.json",
            "suppliers.csv",
        ])
        .assert()
        .code(0);
    // --write-json writes the same document without accepting anything.
    bin_in(dir.path())
        .args(["screen", "--write-json", "run.json", "suppliers.csv"])
        .assert()
        .code(1);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("run.json")).unwrap())
            .unwrap();
    assert_eq!(json["summary"]["verdicts"]["presumed"], 1);
    bin_in(dir.path())
        .args(["screen", "--baseline", "baseline.json", "suppliers.csv"])
        .assert()
        .code(0);
    // A new supplier under the presumption: red.
    let after = format!("{before}P3,1,Xinjiang Tianrun Cotton Co.,\"Shanghai, China\",yarn\n");
    std::fs::write(dir.path().join("suppliers.csv"), after).unwrap();
    bin_in(dir.path())
        .args(["screen", "--baseline", "baseline.json", "suppliers.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "1 failing finding not in the baseline",
        ));
    // --exit-zero for report-only runs.
    bin_in(dir.path())
        .args([
            "screen",
            "--baseline",
            "baseline.json",
            "--exit-zero",
            "suppliers.csv",
        ])
        .assert()
        .code(0);
}

/// Screen `rows` (supplier, supplier_address, description) with the watch lists of one config.
fn watched(rows: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("uflpa.toml"),
        "[watch]\nsuppliers = [{ name = \"Example Trading Co\", reason = \"under investigation\", severity = \"presumed\" }]\nplaces = [{ name = \"Tibet\", reason = \"policy\" }]\nkeywords = [{ name = \"tires\", reason = \"listed in CBP's detention attachment\" }]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("m.csv"),
        format!("supplier,supplier_address,description\n{rows}"),
    )
    .unwrap();
    let out = bin_in(dir.path())
        .args(["screen", "--format", "csv", "m.csv"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn wl601_watch_supplier_catches_and_lookalikes() {
    let l = watched(
        "EXAMPLE TRADING CO LTD,\"Ohio, USA\",widgets\nExample Tradings Company,\"Ohio, USA\",widgets\n",
    );
    assert!(l[0].contains("presumed,WL601"), "{}", l[0]);
    assert!(l[1].contains(",clear,"), "{}", l[1]);
}

#[test]
fn wl602_watch_place_catches_and_lookalikes() {
    let l = watched("Acme,\"Lhasa, Tibet\",widgets\nAcme,\"Tibetan Street, Kathmandu\",widgets\n");
    assert!(l[0].contains("review,WL602"), "{}", l[0]);
    assert!(l[1].contains(",clear,"), "{}", l[1]);
}

#[test]
fn wl603_watch_keyword_catches_and_lookalikes() {
    let l = watched("Acme,\"Ohio, USA\",truck tires\nAcme,\"Ohio, USA\",tireless workers poster\n");
    assert!(l[0].contains("review,WL603"), "{}", l[0]);
    assert!(l[1].contains(",clear,"), "{}", l[1]);
}

#[test]
fn wl601_wl602_wl603_have_explanations() {
    for code in ["WL601", "WL602", "WL603"] {
        bin_in(root())
            .args(["explain", code])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("watch"));
    }
}

/// A repository (a `.git` directory) with a manifest under `data/` and a `uflpa.toml` at
/// its root; P1 (Kashgar) and P2 (Urumqi) are presumed, P3 is clear.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("data/q3")).unwrap();
    std::fs::write(
        root.join("data/m.csv"),
        "shipment_id,line,supplier,supplier_address,description\n\
         P1,1,Acme,\"Kashgar, China\",widgets\n\
         P2,1,Beta,\"Urumqi, China\",widgets\n\
         P3,1,Gamma,\"Ohio, USA\",widgets\n",
    )
    .unwrap();
    std::fs::write(
        root.join("uflpa.toml"),
        "[[waiver]]\ncode = \"XJ102\"\nshipment = \"P2\"\nreason = \"audited\"\nreviewer = \"qa\"\nexpires = 2099-12-31\ndetermination = \"CBP applicability review AR-2026-0142\"\n",
    )
    .unwrap();
    dir
}

fn codes_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn run_from_a_subdirectory_finds_the_config_and_matches_the_baseline() {
    let dir = repository();
    let root = dir.path();
    // Sanity: P2 is waived by the root config, so only P1 fails.
    let out = bin_in(root)
        .args(["screen", "--format", "json", "data/m.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", codes_of(&out));
    assert!(codes_of(&out).contains("uflpa-screen: using config uflpa.toml"));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["waived"], 1, "the waiver applies: {doc}");
    bin_in(root)
        .args(["screen", "--write-baseline", "b.json", "data/m.csv"])
        .assert()
        .code(0);
    // The same check from data/q3: the config two levels up is found and used (the
    // waiver applies), and the baseline written from the root matches.
    let sub = root.join("data/q3");
    let out = bin_in(&sub)
        .args([
            "screen",
            "--format",
            "json",
            "--baseline",
            "../../b.json",
            "../m.csv",
        ])
        .output()
        .unwrap();
    let stderr = codes_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("uflpa-screen: using config ../../uflpa.toml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("0 failing findings not in the baseline"),
        "{stderr}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["waived"], 1, "the waiver applies: {doc}");
    let states: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["baseline"].as_str().unwrap())
        .collect();
    assert!(
        !states.is_empty() && states.iter().all(|s| *s == "unchanged"),
        "{states:?}"
    );
    // Without a repository root and a config, the current directory is the anchor; a
    // config above the repository root is not used.
    std::fs::remove_file(root.join("uflpa.toml")).unwrap();
    let out = bin_in(&sub)
        .args(["screen", "--format", "json", "../m.csv"])
        .output()
        .unwrap();
    assert!(
        !codes_of(&out).contains("using config"),
        "{}",
        codes_of(&out)
    );
}

#[test]
fn baselines_written_before_fingerprints_were_anchored_still_match() {
    // Written where the file's path as given and relative to the anchor are the same
    // (no repository, no config: the anchor is the current directory) ...
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(
        work.join("m.csv"),
        "shipment_id,line,supplier,supplier_address\nP1,1,Acme,\"Kashgar, China\"\n",
    )
    .unwrap();
    bin_in(&work)
        .args(["screen", "--write-baseline", "b.json", "m.csv"])
        .assert()
        .code(0);
    let before: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("b.json")).unwrap()).unwrap();
    // ... then a repository root above: the fingerprint now hashes "work/m.csv", and the old
    // one (the path as given, "m.csv") is still recognised.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let out = bin_in(&work)
        .args([
            "screen",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "m.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", codes_of(&out));
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(
        before["findings"][0]["fingerprint"], after["findings"][0]["fingerprint"],
        "the fingerprint changed with the anchor"
    );
    assert_eq!(after["findings"][0]["baseline"], "unchanged");
}

/// The repository's manifest baselined, then P1 removed and P4 (a new presumed line) added.
fn baselined_then_changed() -> tempfile::TempDir {
    let dir = repository();
    let root = dir.path();
    std::fs::remove_file(root.join("uflpa.toml")).unwrap();
    bin_in(root)
        .args(["screen", "--write-baseline", "b.json", "data/m.csv"])
        .assert()
        .code(0);
    std::fs::write(
        root.join("data/m.csv"),
        "shipment_id,line,supplier,supplier_address,description\n\
         P2,1,Beta,\"Urumqi, China\",widgets\n\
         P3,1,Gamma,\"Ohio, USA\",widgets\n\
         P4,1,Delta,\"Hotan, China\",widgets\n",
    )
    .unwrap();
    dir
}

fn screen_with_baseline(root: &Path, format: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = bin_in(root)
        .args(["screen", "--format", format, "--baseline", "b.json"])
        .args(extra)
        .arg("data/m.csv")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn with_a_baseline_only_new_findings_are_errors_in_github_gitlab_and_junit() {
    let dir = baselined_then_changed();
    let root = dir.path();
    let (code, gh) = screen_with_baseline(root, "github", &[]);
    assert_eq!(code, Some(1));
    let errors: Vec<&str> = gh.lines().filter(|l| l.starts_with("::error")).collect();
    assert_eq!(errors.len(), 1, "{gh}");
    assert!(
        errors[0].contains("line=4,") && errors[0].contains("new"),
        "{gh}"
    );
    assert!(
        !gh.contains("line=2,"),
        "the known P2 finding is not annotated: {gh}"
    );
    assert!(
        gh.contains("1 new finding fails the run; 1 finding in the baseline is not annotated"),
        "{gh}"
    );

    let (_, gl) = screen_with_baseline(root, "gitlab", &[]);
    let issues: serde_json::Value = serde_json::from_str(&gl).unwrap();
    let sev: Vec<(String, String)> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["location"]["lines"]["begin"].to_string(),
                i["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        sev,
        [("2".into(), "info".into()), ("4".into(), "blocker".into())],
        "{gl}"
    );

    let (_, junit) = screen_with_baseline(root, "junit", &[]);
    assert!(junit.contains("failures=\"1\""), "{junit}");
    assert_eq!(junit.matches("<failure ").count(), 1, "{junit}");
    assert!(junit.contains("(in the baseline)"), "{junit}");
}

#[test]
fn sarif_carries_baseline_state_for_every_result_and_still_validates() {
    let dir = baselined_then_changed();
    let (code, text) = screen_with_baseline(dir.path(), "sarif", &[]);
    assert_eq!(code, Some(1));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let mut states: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["baselineState"].as_str().unwrap_or("MISSING").to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"].to_string(),
            )
        })
        .collect();
    states.sort();
    assert_eq!(
        states,
        [
            ("absent".into(), "2".into()),
            ("new".into(), "4".into()),
            ("unchanged".into(), "2".into()),
        ],
        "P1 (line 2 of the old file) is gone, P2 known, P4 new: {text}"
    );
    // Without a baseline there is no baselineState.
    let out = bin_in(dir.path())
        .args(["screen", "--format", "sarif", "data/m.csv"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("baselineState"));
}

/// Issue 16: JSON Lines rows carry each finding's baseline state, as SARIF does.
#[test]
fn jsonl_findings_carry_baseline_state() {
    let dir = baselined_then_changed();
    let (code, text) = screen_with_baseline(dir.path(), "jsonl", &[]);
    assert_eq!(code, Some(1));
    let mut states: Vec<(String, u64, String)> = Vec::new();
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(row["type"], "row", "rows only: {line}");
        for f in row["findings"].as_array().unwrap() {
            states.push((
                f["baseline"].as_str().unwrap_or("MISSING").to_string(),
                row["source_line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            ));
        }
    }
    states.sort();
    let (new, unchanged): (Vec<_>, Vec<_>) = states.iter().partition(|s| s.0 == "new");
    assert!(
        states.iter().all(|s| s.0 == "new" || s.0 == "unchanged"),
        "{states:?}"
    );
    // The same split as SARIF's: the finding on line 4 is new, the one on line 2 known.
    assert!(new.iter().any(|s| s.1 == 4), "{states:?}");
    assert!(unchanged.iter().any(|s| s.1 == 2), "{states:?}");
    assert!(new.iter().all(|s| s.1 != 2), "{states:?}");
    // Without a baseline there is no state.
    let out = bin_in(dir.path())
        .args(["screen", "--format", "jsonl", "data/m.csv"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"baseline\""));
}

#[test]
fn annotation_levels_follow_fail_on() {
    // An Entity-List look-alike or a sector keyword is review; with --fail-on review it is
    // an error, below the gate a warning.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sample-manifests/seafood.csv"),
        dir.path().join("s.csv"),
    )
    .unwrap();
    let levels = |fail_on: &str| {
        let out = bin_in(dir.path())
            .args([
                "screen",
                "--format",
                "github",
                "--fail-on",
                fail_on,
                "s.csv",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let count = |k: &str| text.lines().filter(|l| l.starts_with(k)).count();
        (count("::error"), count("::warning"), out.status.code())
    };
    let (e_presumed, w_presumed, _) = levels("presumed");
    let (e_review, w_review, code) = levels("review");
    let (e_never, w_never, never_code) = levels("never");
    assert!(
        w_presumed > 0,
        "review findings are warnings below the gate"
    );
    assert_eq!(
        e_review,
        e_presumed + w_presumed,
        "with --fail-on review they are errors"
    );
    assert_eq!(w_review, 0);
    assert_eq!(code, Some(1));
    assert_eq!(
        (e_never, never_code),
        (0, Some(0)),
        "nothing fails: no error"
    );
    assert_eq!(w_never, e_presumed + w_presumed);
}

#[test]
fn the_job_summary_is_appended_when_github_step_summary_is_set() {
    let dir = baselined_then_changed();
    let root = dir.path();
    std::fs::write(
        root.join("uflpa.toml"),
        "[[waiver]]\ncode = \"XJ101\"\nshipment = \"P9\"\nreason = \"audited\"\nreviewer = \"qa\"\nexpires = 2026-02-10\ndetermination = \"CBP exception EX-7\"\n",
    )
    .unwrap();
    let summary = root.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = bin_in(root)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args([
            "screen",
            "--format",
            "github",
            "--as-of",
            "2026-01-20",
            "--baseline",
            "b.json",
            "data/m.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", codes_of(&out));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("earlier step\n### uflpa-screen"),
        "appended: {md}"
    );
    assert!(
        md.contains("Result: **failed**: 1 finding fails at fail-on presumed."),
        "{md}"
    );
    assert!(md.contains("| 3 | 2 | 0 | 1 | 0 | 0 |"), "counts: {md}");
    assert!(
        md.contains("New findings (1 not in the baseline; 1 in it are not listed)"),
        "{md}"
    );
    assert!(
        md.contains("| data/m.csv | 4 | P4 line 1 | XJ102 | presumed |"),
        "{md}"
    );
    assert!(
        md.contains("Waivers expiring within 30 days of 2026-01-20")
            && md.contains("| XJ101 | shipment P9 | 2026-02-10 | qa | CBP exception EX-7 |"),
        "{md}"
    );
    // Not set: nothing written anywhere, stdout is annotations only.
    let out = bin_in(root)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["screen", "--format", "github", "data/m.csv"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .all(|l| l.starts_with("::"))
    );
}

#[test]
fn missing_files_are_named_with_a_hint() {
    let dir = repository();
    let root = dir.path();
    for (args, want) in [
        (
            vec!["--baseline", "missing.json", "data/m.csv"],
            "error: missing.json: No such file or directory (write one with --write-baseline missing.json)",
        ),
        (
            vec!["--config", "none.toml", "data/m.csv"],
            "error: none.toml: No such file or directory (`uflpa-screen init none.toml` writes",
        ),
        (
            vec!["data/nope.csv"],
            "error: data/nope.csv: No such file or directory (the manifest path is relative to the current directory, ",
        ),
        (
            vec!["--supply-chain", "t.csv", "data/m.csv"],
            "error: t.csv: No such file or directory (the --supply-chain path is relative",
        ),
        (
            vec!["--evidence", "e.csv", "data/m.csv"],
            "error: e.csv: No such file or directory (the --evidence path is relative",
        ),
    ] {
        bin_in(root)
            .arg("screen")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(want));
    }
}

#[test]
fn ci_locations_are_repository_relative_wherever_the_command_runs() {
    // The CI trial: run in data/q3 with ../m.csv, annotations said file=../m.csv, which GitHub
    // cannot attach to the pull request's file.
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("data/q3")).unwrap();
    std::fs::write(
        repo.join("data/m.csv"),
        "supplier,supplier_address,country\nTianshan Textile Trading Co,\"88 Youhao Road, Urumqi\",CN\n",
    )
    .unwrap();
    for (format, want) in [
        ("github", "file=data/m.csv,"),
        ("sarif", "\"uri\": \"data/m.csv\""),
        ("junit", "file=\"data/m.csv\""),
        ("gitlab", "\"path\": \"data/m.csv\""),
    ] {
        let out = bin_in(&repo.join("data/q3"))
            .args(["screen", "--format", format, "../m.csv"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(want), "{format}: {text}");
        assert!(!text.contains("../m.csv"), "{format}: {text}");
    }
}
