//! The rule registry is the public contract: codes are stable, every rule is explained,
//! documented and tested.

use crate::support::screener;

#[test]
fn rule_codes_are_stable() {
    let codes: Vec<String> = screener()
        .pack()
        .rules
        .iter()
        .map(|r| format!("{} {} {}", r.code, r.severity, r.name))
        .collect();
    insta::assert_snapshot!("rule_codes", codes.join("\n"));
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let want = uflpa_screen::rules::docs::markdown(screener().pack());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test docs_rules_md` (or `uflpa-screen rules --markdown > docs/rules.md`)"
    );
}

#[test]
fn every_rule_has_catch_and_lookalike_tests() {
    let tests = [
        include_str!("region.rs"),
        include_str!("sector.rs"),
        include_str!("entity.rs"),
        include_str!("supply.rs"),
        include_str!("ci.rs"),
        include_str!("shapes.rs"),
        include_str!("lists.rs"),
    ]
    .concat();
    for r in &screener().pack().rules {
        let lower = r.code.to_lowercase();
        assert!(
            tests.contains(&format!("fn {lower}_")),
            "rule {} has no test function named {lower}_...",
            r.code
        );
        assert!(
            tests.contains(&format!("\"{}\"", r.code)),
            "rule {} is never asserted by code",
            r.code
        );
    }
}

#[test]
fn every_engine_code_is_in_the_registry() {
    for code in uflpa_screen::rules::Code::ALL {
        assert!(screener().pack().rule(code.as_str()).is_some(), "{code}");
    }
}
