//! The normalised entity list format and `lists diff` (issue 14), on the fixtures in
//! tests/data/lists/ (list-old.csv as of 2024-09-30, list-new.csv as of 2024-11-25).

use uflpa_screen::lists::{self, Change};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/lists/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn normalised_lists_read_with_their_provenance() {
    let new = lists::read("list-new.csv", &fixture("list-new.csv")).unwrap();
    assert_eq!(
        new.provenance.source,
        "https://www.dhs.gov/uflpa-entity-list"
    );
    assert_eq!(new.provenance.as_of.to_string(), "2024-11-25");
    assert_eq!(new.provenance.count, new.entries.len());
    assert!(new.provenance.notes.len() >= 2);
    let hoshine = new
        .entries
        .iter()
        .find(|e| e.name.starts_with("Hoshine"))
        .unwrap();
    assert_eq!(hoshine.scope, "and subsidiaries");
    assert_eq!(hoshine.sections, ["i", "v"]);
    // Written again, it reads back the same (same hash: the rows were already sorted).
    let again = lists::write(&new);
    let back = lists::read("again.csv", &again).unwrap();
    assert_eq!(back.entries, new.entries);
    assert_eq!(back.provenance.sha256, new.provenance.sha256);
}

#[test]
fn a_list_changed_after_it_was_written_is_refused_naming_line_and_key() {
    let text = fixture("list-new.csv");
    // Each kind of fault, named by its key and line.
    let edited = text.replace("Ashele Copper,,", "Ashele Coper,,");
    let cut = text[..text.len() - 40].to_string();
    let cases: Vec<(&str, String, &str)> = vec![
        ("an edited row", edited, "sha256"),
        ("a cut file", cut, "sha256"),
        (
            "a wrong count",
            text.replace("# count: 9", "# count: 8"),
            "count",
        ),
        (
            "no as_of",
            text.replace("# as_of: 2024-11-25\n", ""),
            "as_of",
        ),
        (
            "a bad as_of",
            text.replace("# as_of: 2024-11-25", "# as_of: 25/11/2024"),
            "as_of",
        ),
        (
            "an unknown key",
            text.replacen("# source:", "# sauce:", 1),
            "sauce",
        ),
        (
            "another format",
            text.replace("entity list 1", "entity list 2"),
            "format",
        ),
    ];
    for (what, t, key) in cases {
        let e = lists::read("x.csv", &t).expect_err(what);
        assert_eq!(e.key, key, "{what}: {e}");
        assert!(
            e.line >= 1 && e.to_string().starts_with("x.csv:"),
            "{what}: {e}"
        );
    }
}

#[test]
fn lists_diff_names_added_removed_renamed_and_alias_changes() {
    let old = lists::read("list-old.csv", &fixture("list-old.csv")).unwrap();
    let new = lists::read("list-new.csv", &fixture("list-new.csv")).unwrap();
    let changes = lists::diff(&old, &new);
    let added: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Added(e) => Some(e.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        added,
        [
            "Baowu Group Xinjiang Bayi Iron and Steel Co., Ltd.",
            "Hangzhou Union Biotechnology Co., Ltd."
        ]
    );
    assert!(changes.contains(&Change::Renamed {
        from: "Hefei Meiling Co., Ltd.".into(),
        to: "Changhong Meiling Co., Ltd.".into()
    }));
    assert!(changes.iter().any(|c| matches!(c,
        Change::AliasesChanged { name, removed, added }
            if name.starts_with("Xinjiang East Hope") && removed == &["Xinjiang Nonferrous"] && added.is_empty())));
    assert!(
        changes.iter().any(
            |c| matches!(c, Change::Removed(e) if e.name == "Shandong Meijia Group Co., Ltd.")
        )
    );
    // The rename keeps the old name as an alias: that is not an alias change too.
    assert!(!changes.iter().any(|c| matches!(c,
        Change::AliasesChanged { name, .. } if name.starts_with("Changhong"))));
    // A list against itself changes nothing.
    assert!(lists::diff(&new, &new).is_empty());
}

#[test]
fn lists_diff_command_prints_each_change_and_exits_1_on_a_difference() {
    let dir = format!("{}/tests/data/lists", env!("CARGO_MANIFEST_DIR"));
    let run = |a: &str, b: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_uflpa-screen"))
            .args([
                "lists",
                "diff",
                &format!("{dir}/{a}"),
                &format!("{dir}/{b}"),
            ])
            .output()
            .unwrap()
    };
    let out = run("list-old.csv", "list-new.csv");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("renamed       Hefei Meiling Co., Ltd. -> Changhong Meiling Co., Ltd."),
        "{text}"
    );
    assert!(
        text.contains("removed       Shandong Meijia Group Co., Ltd."),
        "{text}"
    );
    assert!(text.contains("5 change(s)"), "{text}");
    let same = run("list-new.csv", "list-new.csv");
    assert_eq!(same.status.code(), Some(0));
    // Not a list: exit 2 and the file, line and key on stderr.
    let bad = run("list-old.csv", "wro.csv");
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("wro.csv:1: header"), "{err}");
}
