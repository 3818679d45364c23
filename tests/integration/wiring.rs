//! The binary's own wiring (issue 18): settings resolved once (config, `--as-of`,
//! `SOURCE_DATE_EPOCH`), the `entity` command reading the pack's severities, and reports
//! that are the same bytes when their date is pinned.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut c = Command::cargo_bin("uflpa-screen").expect("binary");
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> String {
    root()
        .join("sample-manifests")
        .join(name)
        .display()
        .to_string()
}

fn report(dir: &Path, name: &str, extra: &[&str], env: Option<&str>) -> Vec<u8> {
    let out = dir.join(name);
    let mut c = bin();
    if let Some(e) = env {
        c.env("SOURCE_DATE_EPOCH", e);
    }
    c.args(["report", "-o", out.to_str().unwrap()])
        .args(extra)
        .arg(sample("seafood.csv"))
        .arg(sample("solar-malaysia.csv"))
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

#[test]
fn reports_with_a_pinned_date_are_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["html", "md", "xlsx"] {
        let a = report(
            dir.path(),
            &format!("a.{ext}"),
            &["--as-of", "2026-01-15"],
            None,
        );
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = report(
            dir.path(),
            &format!("b.{ext}"),
            &["--as-of", "2026-01-15"],
            None,
        );
        assert_eq!(a, b, "{ext} differs between two runs with the same --as-of");
        // SOURCE_DATE_EPOCH for 2026-01-15 12:00 UTC gives the same report.
        let c = report(dir.path(), &format!("c.{ext}"), &[], Some("1768478400"));
        assert_eq!(a, c, "{ext}: SOURCE_DATE_EPOCH and --as-of disagree");
    }
    let md =
        String::from_utf8(report(dir.path(), "d.md", &["--as-of", "2026-01-15"], None)).unwrap();
    assert!(md.contains("2026-01-15"), "the report prints its date");
}

#[test]
fn as_of_decides_which_waivers_have_expired() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample("seafood.csv"), dir.path().join("s.csv")).unwrap();
    std::fs::write(
        dir.path().join("uflpa.toml"),
        "[[waiver]]\ncode = \"XJ106\"\nshipment = \"QDLA2609001\"\nline = \"2\"\nreason = \"audited\"\nreviewer = \"qa\"\nexpires = 2027-06-30\ndetermination = \"CBP applicability review AR-2026-0142\"\n",
    )
    .unwrap();
    let run = |as_of: &str| {
        bin()
            .current_dir(dir.path())
            .args(["screen", "--format", "csv", "--as-of", as_of, "s.csv"])
            .output()
            .unwrap()
    };
    let before = run("2027-06-30");
    assert_eq!(before.status.code(), Some(0), "waived on its last day");
    let after = run("2027-07-01");
    assert_eq!(after.status.code(), Some(1), "expired the day after");
    assert!(String::from_utf8_lossy(&after.stderr).contains("expired on 2027-06-30"));
}

#[test]
fn a_bad_as_of_or_source_date_epoch_is_a_usage_error() {
    bin()
        .args(["screen", "--as-of", "15/01/2026", &sample("seafood.csv")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--as-of 15/01/2026: expected a YYYY-MM-DD date",
        ));
    bin()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["screen", &sample("seafood.csv")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SOURCE_DATE_EPOCH=yesterday"));
}

#[test]
fn the_entity_command_follows_the_packs_severities() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("rules/uflpa");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        if !e.file_type().unwrap().is_file() {
            continue;
        }
        let mut text = std::fs::read_to_string(e.path()).unwrap();
        if e.file_name() == "pack.toml" {
            // EL301 (exact name) made a review in this copy of the pack.
            let at = text.find("code = \"EL301\"").unwrap();
            let sev = at + text[at..].find("severity = \"presumed\"").unwrap();
            text.replace_range(
                sev..sev + "severity = \"presumed\"".len(),
                "severity = \"review\"",
            );
        }
        std::fs::write(dir.path().join(e.file_name()), text).unwrap();
    }
    let name = "Hoshine Silicon Industry (Shanshan) Co., Ltd.";
    let embedded = bin().args(["entity", name]).output().unwrap();
    assert_eq!(embedded.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&embedded.stdout).contains("presumed EL301"));
    let edited = bin()
        .args(["entity", "--rules", dir.path().to_str().unwrap(), name])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&edited.stdout);
    assert!(text.contains("review   EL301"), "{text}");
    assert_eq!(edited.status.code(), Some(0), "nothing presumed: exit 0");
}

#[test]
fn a_bad_fail_on_in_the_config_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("uflpa.toml"), "fail_on = \"always\"\n").unwrap();
    bin()
        .current_dir(dir.path())
        .args(["screen", &sample("seafood.csv")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "fail_on = \"always\": expected presumed, review or never",
        ));
}
