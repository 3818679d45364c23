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

// ---- lists import -------------------------------------------------------------------------

use uflpa_screen::lists::import::{self, SourceFormat};

fn imported(name: &str) -> import::Imported {
    let pack = uflpa_screen::RulePack::embedded().unwrap();
    import::import(
        name,
        &fixture(name),
        "0000",
        &pack.entities,
        &pack.notices,
        None,
    )
    .unwrap()
}

fn entry<'a>(list: &'a lists::ListFile, name: &str) -> &'a lists::ListEntry {
    list.entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("{name} not imported: {:#?}", list.entries))
}

#[test]
fn the_dhs_page_saved_as_html_and_as_csv_import_the_same_entities() {
    let html = imported("dhs-uflpa-entity-list.html");
    let csv = imported("dhs-uflpa-entity-list.csv");
    assert_eq!(html.format, SourceFormat::DhsHtml);
    assert_eq!(csv.format, SourceFormat::DhsCsv);
    // 14 rows in three section tables: XPCC and Daqo appear in two sections (Daqo under two
    // spellings) and Ninestar's cell names eight subsidiaries: 12 + 8 entities.
    assert_eq!(html.list.entries.len(), 20);
    assert_eq!(html.list.entries, csv.list.entries);
    let l = &html.list;
    // The page's own "Last updated" date; the CSV has none and says so.
    assert_eq!(l.provenance.as_of.to_string(), "2026-08-03");
    assert!(
        csv.notes
            .iter()
            .any(|n| n.contains("newest effective date"))
    );
    assert_eq!(l.provenance.source, "https://www.dhs.gov/uflpa-entity-list");
    assert!(l.provenance.notes[0].contains("dhs-uflpa-entity-list.html"));

    let xpcc = entry(l, "Xinjiang Production and Construction Corps");
    assert_eq!(xpcc.aliases, ["XPCC", "Xinjiang Corps", "Bingtuan"]);
    assert_eq!(xpcc.scope, "and its subordinate and affiliated entities");
    assert_eq!(xpcc.sections, ["i", "v"]);
    let daqo = entry(l, "Xinjiang Daqo New Energy, Co. Ltd");
    assert_eq!(daqo.sections, ["i", "v"]);
    assert_eq!(daqo.date_added.unwrap().to_string(), "2022-06-21");
    let hoshine = entry(l, "Hoshine Silicon Industry (Shanshan) Co., Ltd");
    assert_eq!(hoshine.scope, "and subsidiaries");
    assert_eq!(hoshine.aliases, ["Hesheng Silicon Industry (Shanshan) Co."]);
    // <br> in the cell, former and other names.
    let meiling = entry(l, "Changhong Meiling Co., Ltd.");
    assert_eq!(
        meiling.aliases,
        [
            "Hefei Meiling Co., Ltd.",
            "Hefei Meiling Group Holdings Limited"
        ]
    );
    // A subsidiary named in Ninestar's cell is listed in its own right, same section and date.
    let pantum = entry(l, "Zhuhai Pantum Electronics Co. Ltd.");
    assert_eq!(pantum.sections, ["ii"]);
    assert_eq!(pantum.date_added.unwrap().to_string(), "2023-06-12");
    // &amp; decoded, &nbsp; in a date read.
    entry(l, "Zhuhai G&G Digital Technology Co., Ltd.");
    assert_eq!(
        entry(l, "Hetian Haolin Hair Accessories Co. Ltd.")
            .date_added
            .unwrap()
            .to_string(),
        "2022-06-21"
    );
}

#[test]
fn an_import_merges_with_what_the_pack_knows_and_cites_the_federal_register() {
    let l = imported("dhs-uflpa-entity-list.html").list;
    // Chinese names from the pack (DHS publishes none).
    assert!(
        entry(&l, "Zhuhai Pantum Electronics Co. Ltd.")
            .names_zh
            .contains(&"珠海奔图电子有限公司".to_string())
    );
    // DHS shows the date of the rename (2026-08-03); the presumption runs from the first
    // listing, which the pack knows.
    let goens = entry(&l, "Xinjiang Goens Energy Technology Co., Ltd.");
    assert_eq!(goens.date_added.unwrap().to_string(), "2022-06-21");
    // Citations from the Federal Register table, never an internal placeholder.
    let camel = entry(&l, "Camel Group Co., Ltd.");
    assert!(
        camel.citation.contains("88 FR 50902")
            && camel.citation.contains("FR Doc. 2023-16361")
            && camel.citation.contains("https://www.federalregister.gov/"),
        "{}",
        camel.citation
    );
    let tianshan = entry(
        &l,
        "Xinjiang Production and Construction Corps Eighth Division Tianshan Aluminum Co., Ltd.",
    );
    assert!(tianshan.citation.contains("FR Doc. 2026-15628"));
    for e in &l.entries {
        assert!(!e.citation.is_empty(), "{}", e.name);
        assert!(
            !e.citation.contains("not found"),
            "{}: {}",
            e.name,
            e.citation
        );
    }
    // What the pack has that the import lacks is said, not dropped silently.
    let notes = imported("dhs-uflpa-entity-list.html").notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("entities of the rule pack's list are not in the imported file")),
        "{notes:?}"
    );
}

#[test]
fn opensanctions_exports_import_the_same_entities_in_both_formats() {
    let ftm = imported("opensanctions-us_dhs_uflpa.ftm.json");
    let csv = imported("opensanctions-us_dhs_uflpa.simple.csv");
    assert_eq!(ftm.format, SourceFormat::OpenSanctionsFtm);
    assert_eq!(csv.format, SourceFormat::OpenSanctionsCsv);
    assert_eq!(ftm.list.provenance.as_of.to_string(), "2026-08-10");
    assert_eq!(ftm.list.entries.len(), csv.list.entries.len());
    for (a, b) in ftm.list.entries.iter().zip(&csv.list.entries) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.sections, b.sections, "{}", a.name);
        assert_eq!(a.date_added, b.date_added, "{}", a.name);
        assert_eq!(a.source_id, b.source_id, "{}", a.name);
        let (mut x, mut y) = (a.aliases.clone(), b.aliases.clone());
        x.sort();
        y.sort();
        assert_eq!(x, y, "{}", a.name);
    }
    let l = &ftm.list;
    // Two OpenSanctions entities for one listed company (XPCC in (i) and (ii)/(v)) are one
    // entry, with every section.
    let xpcc = entry(l, "Xinjiang Production and Construction Corps");
    assert_eq!(xpcc.sections, ["i", "ii", "v"]);
    assert!(xpcc.source_id.starts_with("us-uflpa-"));
    // The simple CSV has no notes column: the pack's scope wording fills it, and says so.
    let hoshine = csv
        .list
        .entries
        .iter()
        .find(|e| e.name.starts_with("Hoshine"))
        .unwrap();
    assert_eq!(hoshine.scope, "and subsidiaries");
    assert!(csv.notes.iter().any(|n| n.contains("scope wording")));
}

#[test]
fn an_import_writes_a_list_that_reads_back_and_diffs_against_the_old_one() {
    let l = imported("dhs-uflpa-entity-list.html").list;
    let text = lists::write(&l);
    let back = lists::read("entity-list.csv", &text).unwrap();
    assert_eq!(back.entries.len(), 20);
    assert_eq!(back.provenance.count, 20);
    // The old list of the diff fixture against the import: the 2026 additions show.
    let old = lists::read("list-old.csv", &fixture("list-old.csv")).unwrap();
    let changes = lists::diff(&old, &back);
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::Added(e) if e.name.contains("Tianshan Aluminum")))
    );
}

#[test]
fn files_that_are_not_a_list_are_refused_with_the_file_and_what_was_expected() {
    let pack = uflpa_screen::RulePack::embedded().unwrap();
    let fr = &pack.notices;
    let e =
        import::import("orders.csv", "po,qty\n1,2\n", "", &pack.entities, fr, None).unwrap_err();
    assert_eq!(e.file, "orders.csv");
    assert!(e.to_string().contains("expected the DHS page"), "{e}");
    let e = import::import(
        "list.csv",
        "Section,Name of Entity,Effective Date\n2(d)(2)(B)(i),Foo Co.,someday\n",
        "",
        &pack.entities,
        fr,
        None,
    )
    .unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (2, "Effective Date"), "{e}");
    let e = import::import(
        "page.html",
        "<html><body><p>moved</p></body></html>",
        "",
        &pack.entities,
        fr,
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("no table"), "{e}");
    let e = import::import("os.json", "{\"id\": 1}\n", "", &pack.entities, fr, None).unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (1, "json"), "{e}");
}

// ---- the commands: lists import, screen --lists, --changed-since ----------------------------

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("uflpa-screen").expect("binary")
}

fn data(name: &str) -> String {
    format!("{}/tests/data/lists/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Two columns of `screen --format csv` per row, the exit code and stderr.
fn two_columns(cmd: &mut Command, a: &str, b: &str) -> (Vec<(String, String)>, i32, String) {
    let out = cmd.output().unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (ai, bi) = (col(a), col(b));
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[ai].to_string(), r[bi].to_string())
        })
        .collect();
    (
        rows,
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `screen --format csv` (supplier, verdict) per row, the exit code and stderr.
fn verdicts_by_supplier(cmd: &mut Command) -> (Vec<(String, String)>, i32, String) {
    two_columns(cmd, "supplier", "verdict")
}

const SUPPLIERS: &str = "supplier,supplier_address,country\n\
Hangzhou Union Biotechnology Co. Ltd.,\"Hangzhou, Zhejiang\",CN\n\
Camel Group Co. Ltd.,\"Xiangyang, Hubei\",CN\n\
Ningbo Bright Textiles Co. Ltd.,\"Ningbo, Zhejiang\",CN\n\
Shandong Meijia Group Co. Ltd.,\"Rizhao, Shandong\",CN\n\
Example Newly Listed Trading Co. Ltd.,\"Shenzhen, Guangdong\",CN\n";

#[test]
fn an_imported_list_is_screened_with_and_its_provenance_shown() {
    let dir = tempfile::tempdir().unwrap();
    // The saved page with one more row, as DHS might publish tomorrow.
    let page = fixture("dhs-uflpa-entity-list.html").replace(
        "<tr><td>Camel Group Co., Ltd.</td><td>August 2, 2023</td></tr>",
        "<tr><td>Camel Group Co., Ltd.</td><td>August 2, 2023</td></tr>\n<tr><td>Example Newly Listed Trading Co., Ltd. (also known as ENL Trading)</td><td>November 20, 2026</td></tr>",
    );
    let saved = dir
        .path()
        .join("UFLPA Entity List _ Homeland Security.html");
    std::fs::write(&saved, page).unwrap();
    let lists_dir = dir.path().join("lists");
    let out = bin()
        .args(["lists", "import"])
        .arg(&saved)
        .arg("-o")
        .arg(&lists_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("imported 21 entities"), "{said}");
    let written = std::fs::read_to_string(lists_dir.join("entity-list.csv")).unwrap();
    assert!(written.contains("\"Example Newly Listed Trading Co., Ltd.\",ENL Trading"));
    let manifest = dir.path().join("suppliers.csv");
    std::fs::write(&manifest, SUPPLIERS).unwrap();

    // Without the list: the new entity is unknown.
    let (rows, _, _) = verdicts_by_supplier(
        bin()
            .args(["screen", "--format", "csv", "--as-of", "2026-11-29"])
            .arg(&manifest),
    );
    assert_eq!(rows[4].1, "clear", "{rows:?}");
    // With it: presumed, and the list's provenance is the one shown.
    let (rows, code, err) = verdicts_by_supplier(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--as-of",
                "2026-11-29",
                "--lists",
            ])
            .arg(&lists_dir)
            .arg(&manifest),
    );
    assert_eq!(rows[4].1, "presumed", "{rows:?}\n{err}");
    assert_eq!(rows[1].1, "presumed", "Camel Group stays listed");
    assert_eq!(code, 1);
    assert!(
        err.contains("using Entity List") && err.contains("as of 2026-08-03, 21 entities"),
        "{err}"
    );
    let table = bin()
        .args(["screen", "--as-of", "2026-11-29", "--lists"])
        .arg(&lists_dir)
        .arg(&manifest)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("UFLPA Entity List as of 2026-08-03 (21 entities"),
        "{table}"
    );
    assert!(
        table.contains("FR Doc. 2023-16361"),
        "Camel Group cited from the FR table: {table}"
    );

    // The same from uflpa.toml, run from a subdirectory: the list path is the config's.
    std::fs::write(dir.path().join("uflpa.toml"), "[lists]\ndir = \"lists\"\n").unwrap();
    let sub = dir.path().join("data");
    std::fs::create_dir(&sub).unwrap();
    let (rows, _, err) = verdicts_by_supplier(bin().current_dir(&sub).args([
        "screen",
        "--format",
        "csv",
        "--as-of",
        "2026-11-29",
        "../suppliers.csv",
    ]));
    assert_eq!(rows[4].1, "presumed", "{err}");

    // An old list warns; a larger allowance (or a fresh list) does not.
    let (_, _, err) = verdicts_by_supplier(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--as-of",
                "2027-06-01",
                "--lists",
            ])
            .arg(&lists_dir)
            .arg(&manifest),
    );
    assert!(
        err.contains("as of 2026-08-03, 302 days before 2027-06-01 (more than 180)"),
        "{err}"
    );
    let (_, _, err) = verdicts_by_supplier(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--as-of",
                "2027-06-01",
                "--max-list-age",
                "400",
                "--lists",
            ])
            .arg(&lists_dir)
            .arg(&manifest),
    );
    assert!(!err.contains("days before"), "{err}");
}

#[test]
fn changed_since_shows_only_the_lines_a_new_list_changes() {
    let dir = tempfile::tempdir().unwrap();
    let new_dir = dir.path().join("lists");
    std::fs::create_dir(&new_dir).unwrap();
    std::fs::copy(data("list-new.csv"), new_dir.join("entity-list.csv")).unwrap();
    let manifest = dir.path().join("suppliers.csv");
    std::fs::write(&manifest, SUPPLIERS).unwrap();
    let (rows, code, err) = verdicts_by_supplier(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--as-of",
                "2024-12-01",
                "--lists",
            ])
            .arg(&new_dir)
            .arg("--changed-since")
            .arg(data("list-old.csv"))
            .arg(&manifest),
    );
    // Hangzhou Union Biotechnology was added on 2024-11-25; Shandong Meijia is not on the
    // new list (the fixture's synthetic removal); Camel Group is on both; the rest on neither.
    assert_eq!(
        rows,
        [
            (
                "Hangzhou Union Biotechnology Co. Ltd.".to_string(),
                "presumed".to_string()
            ),
            (
                "Shandong Meijia Group Co. Ltd.".to_string(),
                "clear".to_string()
            ),
        ],
        "{err}"
    );
    assert_eq!(code, 1, "a line turned presumed: the gate fails");
    assert!(err.contains("2 of 5 lines have another verdict"), "{err}");
    assert!(err.contains("suppliers.csv:2  clear -> presumed"), "{err}");
    assert!(
        err.contains("Hangzhou Union Biotechnology Co., Ltd."),
        "the new entity is named: {err}"
    );
    // The new finding says what it is new against.
    let out = bin()
        .args([
            "screen",
            "--format",
            "jsonl",
            "--as-of",
            "2024-12-01",
            "--lists",
        ])
        .arg(&new_dir)
        .arg("--changed-since")
        .arg(data("list-old.csv"))
        .arg(&manifest)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("new since") && text.contains("(was clear)"),
        "{text}"
    );

    // Same list both sides: nothing changed, exit 0.
    let (rows, code, _) = verdicts_by_supplier(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--as-of",
                "2024-12-01",
                "--lists",
            ])
            .arg(&new_dir)
            .arg("--changed-since")
            .arg(data("list-new.csv"))
            .arg(&manifest),
    );
    assert!(rows.is_empty());
    assert_eq!(code, 0);
    // Standard input cannot be read twice.
    bin()
        .args(["screen", "--changed-since"])
        .arg(data("list-old.csv"))
        .arg("-")
        .write_stdin(SUPPLIERS)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("give files, not standard input"));
}

#[test]
fn list_commands_name_the_file_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("orders.csv");
    std::fs::write(&bad, "po,qty\n1,2\n").unwrap();
    bin()
        .args(["lists", "import"])
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("orders.csv:1: format"));
    assert!(!dir.path().join("out").join("entity-list.csv").exists());
    // --lists without a list in it.
    std::fs::write(dir.path().join("m.csv"), SUPPLIERS).unwrap();
    bin()
        .args(["screen", "--lists"])
        .arg(dir.path())
        .arg(dir.path().join("m.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no entity-list.csv, wro.csv or xpcc-affiliates.csv in it",
        ));
}

// ---- the user's other lists: CBP WROs and Findings, XPCC affiliates -------------------------

/// `screen --format csv` (verdict, codes) per row, with stderr.
fn verdicts_and_codes(cmd: &mut Command) -> (Vec<(String, String)>, String) {
    let (rows, _, err) = two_columns(cmd, "verdict", "codes");
    (rows, err)
}

/// (verdict, codes) of one line.
type VerdictCodes = (String, String);

/// The fixtures' WRO and XPCC lists in a list directory, and a manifest of lines that
/// each list must catch and look-alikes it must not; the (verdict, codes) per line with the
/// lists, the same without them, the CSV text, and stderr.
fn screened_with_user_lists() -> (Vec<VerdictCodes>, Vec<VerdictCodes>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    std::fs::copy(data("wro.csv"), lists_dir.join("wro.csv")).unwrap();
    std::fs::copy(
        data("xpcc-affiliates.csv"),
        lists_dir.join("xpcc-affiliates.csv"),
    )
    .unwrap();
    let manifest = dir.path().join("m.csv");
    std::fs::write(
        &manifest,
        "supplier,supplier_address,country,hts_code,description\n\
Example Rubber Gloves Sdn Bhd,\"Klang, Selangor\",MY,4015.19.0510,nitrile examination gloves\n\
EXAMPLE RUBBER GLOVES SDN BHD,\"Klang, Selangor\",MY,3926.20.9050,plastic aprons\n\
Example Seafood Processing Co. Ltd.,Samut Sakhon,TH,8481.80.1030,brass valves\n\
Example Cotton Farm Cooperative,Exampleland,XX,5201.00.1800,raw cotton\n\
EXAMPLE REGIMENT 121 COTTON GINNING CO LTD,\"Shenzhen, Guangdong\",CN,8481.80.1030,brass valves\n\
Example Rubber Products Sdn Bhd,\"Klang, Selangor\",MY,4015.19.0510,nitrile gloves\n\
Example Seafood Trading Co. Ltd.,Samut Sakhon,TH,8481.80.1030,brass valves\n\
Example Regiment Cotton Trading Co Ltd,\"Shenzhen, Guangdong\",CN,8481.80.1030,brass valves\n",
    )
    .unwrap();
    let (with, err) = verdicts_and_codes(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--exit-zero",
                "--as-of",
                "2026-11-29",
                "--lists",
            ])
            .arg(&lists_dir)
            .arg(&manifest),
    );
    assert!(
        err.contains("wro.csv (9 orders)") && err.contains("xpcc-affiliates.csv (6 companies)"),
        "{err}"
    );
    let (without, _) = verdicts_and_codes(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--exit-zero",
                "--as-of",
                "2026-11-29",
            ])
            .arg(&manifest),
    );
    let out = bin()
        .args(["screen", "--format", "csv", "--exit-zero", "--lists"])
        .arg(&lists_dir)
        .arg(&manifest)
        .output()
        .unwrap();
    (
        with,
        without,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        err,
    )
}

fn vc(v: &str, c: &str) -> (String, String) {
    (v.to_string(), c.to_string())
}

#[test]
fn wr701_a_producer_under_an_order_in_force_is_review_for_the_goods_it_covers() {
    let (with, without, text, _) = screened_with_user_lists();
    // A WRO in force (modified) on the producer, goods under its HTS prefix.
    assert_eq!(with[0], vc("review", "WR701"));
    // A Finding in force.
    assert_eq!(with[3], vc("review", "WR701;HP202"));
    // A revoked order raises nothing; look-alike names of other companies neither.
    assert_eq!(with[2], vc("clear", ""));
    assert_eq!(with[5], vc("clear", ""));
    assert_eq!(with[6], vc("clear", ""));
    assert!(
        without.iter().all(|(_, c)| !c.contains("WR7")),
        "{without:?}"
    );
    assert!(
        text.contains(
            "named by a CBP WRO of 2023-05-02 (modified) covering disposable rubber gloves"
        ),
        "{text}"
    );
    assert!(text.contains("apart from the UFLPA presumption"));
    bin().args(["explain", "WR701"]).assert().success();
}

#[test]
fn wr702_the_same_producer_with_goods_outside_the_order_is_shown_not_counted() {
    let (with, _, text, _) = screened_with_user_lists();
    assert_eq!(with[1], vc("clear", "WR702"));
    assert!(text.contains("not this line's HTS code"), "{text}");
    bin().args(["explain", "WR702"]).assert().success();
}

#[test]
fn el305_a_company_the_users_file_names_as_an_xpcc_affiliate_is_presumed() {
    let (with, without, text, _) = screened_with_user_lists();
    assert_eq!(with[4], vc("presumed", "XJ107;EL305"));
    // A name sharing words with it is not it.
    assert_eq!(with[7], vc("clear", ""));
    assert!(!with[7].1.contains("EL305"), "{:?}", with[7]);
    assert!(
        without.iter().all(|(_, c)| !c.contains("EL305")),
        "{without:?}"
    );
    assert!(
        text.contains("on the XPCC affiliate list") && text.contains("subsidiary (regiment farm)")
    );
    bin().args(["explain", "EL305"]).assert().success();
}

#[test]
fn user_lists_with_faults_are_refused_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    std::fs::write(
        lists_dir.join("wro.csv"),
        "# comment\nproducer,merchandise,status,type\nFoo Ltd,gloves,pending,WRO\n",
    )
    .unwrap();
    let manifest = dir.path().join("m.csv");
    std::fs::write(&manifest, SUPPLIERS).unwrap();
    bin()
        .args(["screen", "--lists"])
        .arg(&lists_dir)
        .arg(&manifest)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("wro.csv:3: status: 'pending'"));
    std::fs::write(
        lists_dir.join("wro.csv"),
        "producer,merchandise\nFoo Ltd,gloves\n",
    )
    .unwrap();
    bin()
        .args(["screen", "--lists"])
        .arg(&lists_dir)
        .arg(&manifest)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "wro.csv:1: status: column missing",
        ));
}

// ---- what the first trial found --------------------------------------------------------------

#[test]
fn a_date_the_import_cannot_read_is_refused_never_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let page = fixture("dhs-uflpa-entity-list.html")
        .replace("<td>August 2, 2023</td>", "<td>Agust 2, 2023</td>");
    let saved = dir.path().join("page.html");
    std::fs::write(&saved, page).unwrap();
    let out = bin()
        .args(["lists", "import"])
        .arg(&saved)
        .arg("-o")
        .arg(dir.path().join("l"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Effective Date: 'Agust 2, 2023' is not a date"),
        "{err}"
    );
    // The line of the page where the cell is.
    let line = fixture("dhs-uflpa-entity-list.html")
        .lines()
        .position(|l| l.contains("August 2, 2023"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("page.html:{line}:")), "{err}");
    assert!(!dir.path().join("l").exists());
    // An empty date in the CSV copy as well.
    let csv = fixture("dhs-uflpa-entity-list.csv").replace(
        "\"Camel Group Co., Ltd.\",8/2/2023",
        "\"Camel Group Co., Ltd.\",",
    );
    let pack = uflpa_screen::RulePack::embedded().unwrap();
    let e = import::import("t.csv", &csv, "", &pack.entities, &pack.notices, None).unwrap_err();
    assert_eq!(e.key, "Effective Date", "{e}");
    assert!(e.message.contains("empty"), "{e}");
}

#[test]
fn a_list_with_crlf_line_ends_reads_as_written() {
    let text = fixture("list-new.csv").replace('\n', "\r\n");
    let l = lists::read("crlf.csv", &text).unwrap();
    assert_eq!(l.entries.len(), l.provenance.count);
}

#[test]
fn a_partial_imported_list_warns_that_entities_are_no_longer_screened() {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    std::fs::copy(data("list-new.csv"), lists_dir.join("entity-list.csv")).unwrap();
    let manifest = dir.path().join("m.csv");
    std::fs::write(&manifest, SUPPLIERS).unwrap();
    let out = bin()
        .args(["screen", "--exit-zero", "--as-of", "2024-12-01", "--lists"])
        .arg(&lists_dir)
        .arg(&manifest)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("of the embedded UFLPA Entity List (as of 2026-08-10) are not in")
            && err.contains("no longer screened"),
        "{err}"
    );
    // --changed-since takes a list directory as --lists does.
    let old = dir.path().join("old");
    std::fs::create_dir(&old).unwrap();
    std::fs::copy(data("list-old.csv"), old.join("entity-list.csv")).unwrap();
    let (rows, _, err) = verdicts_by_supplier(
        bin()
            .args([
                "screen",
                "--format",
                "csv",
                "--as-of",
                "2024-12-01",
                "--lists",
            ])
            .arg(&lists_dir)
            .arg("--changed-since")
            .arg(&old)
            .arg(&manifest),
    );
    assert_eq!(rows.len(), 2, "{err}");
}

#[test]
fn an_import_over_an_older_list_says_so_and_keeps_the_ids_of_renamed_entities() {
    let dir = tempfile::tempdir().unwrap();
    let lists_dir = dir.path().join("lists");
    std::fs::create_dir(&lists_dir).unwrap();
    std::fs::copy(data("list-old.csv"), lists_dir.join("entity-list.csv")).unwrap();
    let old = lists::read("old", &fixture("list-old.csv")).unwrap();
    let meiling_id = old
        .entries
        .iter()
        .find(|e| e.name.starts_with("Hefei Meiling"))
        .unwrap()
        .source_id
        .clone();
    let out = bin()
        .args(["lists", "import"])
        .arg(data("dhs-uflpa-entity-list.html"))
        .arg("-o")
        .arg(&lists_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("replaces") && err.contains("as of 2024-09-30"),
        "{err}"
    );
    let new = lists::read(
        "new",
        &std::fs::read_to_string(lists_dir.join("entity-list.csv")).unwrap(),
    )
    .unwrap();
    let meiling = new
        .entries
        .iter()
        .find(|e| e.name.starts_with("Changhong Meiling"))
        .unwrap();
    assert_eq!(meiling.source_id, meiling_id, "renamed, same id");
}

#[test]
fn user_list_values_that_would_silently_change_what_an_order_covers_are_refused() {
    let head =
        "producer,aliases,merchandise,country,hts_prefixes,status,date,type,citation,url,note\n";
    for (row, key, says) in [
        (
            "Foo Toys Co,,toys,China,95O3,active,2025-01-01,WRO,c,u,n",
            "hts_prefixes",
            "'95O3' is not an HTS prefix",
        ),
        (
            "Foo Toys Co,,toys,China,9503,active,2025-13-01,WRO,c,u,n",
            "date",
            "'2025-13-01' is not a date",
        ),
        (
            "Foo Toys Co,,toys,China,9503,active,11/2/2025,WRO,c,u,n",
            "date",
            "is not a date",
        ),
        (
            "Trading Co Ltd,,toys,China,9503,active,,WRO,c,u,n",
            "producer",
            "generic business words only",
        ),
        (
            "Foo Toys Co,Trading Co,toys,China,9503,active,,WRO,c,u,n",
            "aliases",
            "generic business words only",
        ),
    ] {
        let e =
            uflpa_screen::lists::user::read_wro("wro.csv", &format!("{head}{row}\n")).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, key), "{row}: {e}");
        assert!(e.message.contains(says), "{row}: {e}");
    }
    // A good row with CBP's own status words.
    let ok = uflpa_screen::lists::user::read_wro(
        "wro.csv",
        &format!(
            "{head}Foo Toys Co,,toys,China,9503|9504.90,Partially Active,2025-01,Finding,c,u,n\n"
        ),
    )
    .unwrap();
    assert_eq!(ok[0].hts_prefixes, ["9503", "950490"]);
    assert_eq!(
        ok[0].status,
        uflpa_screen::lists::user::OrderStatus::Modified
    );
    let e = uflpa_screen::lists::user::read_xpcc(
        "x.csv",
        "name,aliases,names_zh,relationship,source\nExample Co Ltd,,,affiliate,research\n",
    );
    assert!(
        e.is_ok(),
        "a name with one distinctive word is accepted: {e:?}"
    );
    let e = uflpa_screen::lists::user::read_xpcc(
        "x.csv",
        "name,aliases,names_zh,relationship,source\nTrading Co Ltd,,,affiliate,research\n",
    )
    .unwrap_err();
    assert_eq!(e.key, "name");
}

/// Issue 15, a new user's finding: an imported list without sections gave "(sections ;
/// added ..." in findings and in `lists diff`. The empty part is left out.
#[test]
fn issue_15_user_a_list_without_sections_quotes_no_empty_sections() {
    let mut list = lists::read("list-new.csv", &fixture("list-new.csv")).unwrap();
    for e in &mut list.entries {
        e.sections.clear();
    }
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("lists");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("entity-list.csv"), lists::write(&list)).unwrap();
    std::fs::write(
        d.path().join("m.csv"),
        "supplier,country_of_origin\n\"Camel Group Co., Ltd.\",CN\n",
    )
    .unwrap();
    let o = assert_cmd::Command::cargo_bin("uflpa-screen")
        .unwrap()
        .current_dir(d.path())
        .args(["screen", "--exit-zero", "--lists", "lists", "m.csv"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("Camel Group Co., Ltd. (added 2023-08-02 by the"),
        "{out}"
    );
    assert!(!out.contains("sections ;"), "{out}");

    let old = format!(
        "{}/tests/data/lists/list-old.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = assert_cmd::Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["lists", "diff", &old])
        .arg(dir.join("entity-list.csv"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("added         Hangzhou Union Biotechnology Co., Ltd. (added 2024-11-25)"),
        "{out}"
    );
    assert!(!out.contains("(sections"), "{out}");
}
