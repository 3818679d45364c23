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

#[test]
fn sarif_validates_against_the_official_schema() {
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
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
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
        .args(["screen", "--format", "jsonl", "s.csv"])
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
    let summary = rows.last().unwrap();
    assert_eq!(summary["waived"], 1);
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
    // The known finding is accepted into the baseline.
    bin_in(dir.path())
        .args([
            "screen",
            "--write-baseline",
            "baseline.json",
            "suppliers.csv",
        ])
        .assert()
        .code(1);
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
            "1 failing findings not in the baseline",
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
