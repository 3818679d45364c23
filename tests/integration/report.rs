//! The compliance officer's report: HTML and Markdown for every sample, figures that agree
//! with `screen`, escaping of hostile manifest text, and the HTML loading in headless
//! Chromium without console errors.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("sample-manifests"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    v.sort();
    v
}

fn report(files: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec!["report".into(), "-o".into(), out.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| f.display().to_string()));
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(&args)
        .output()
        .unwrap()
}

/// Rows per verdict, and (shipment, line, row) of presumed lines.
type Screened = (Vec<(String, u64)>, Vec<(String, String, u64)>);

/// What `screen --format jsonl` says of a file.
fn screened(file: &Path) -> Screened {
    let out = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args([
            "screen",
            "--format",
            "jsonl",
            "--legacy-output",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.last().unwrap();
    let counts = ["presumed", "review", "clear"]
        .iter()
        .map(|v| {
            (
                v.to_string(),
                summary["verdicts"][v]["rows"].as_u64().unwrap(),
            )
        })
        .collect();
    let presumed = lines
        .iter()
        .filter(|l| l["type"] == "row" && l["verdict"] == "presumed")
        .map(|l| {
            (
                l["shipment_id"].as_str().unwrap_or("").to_string(),
                l["line"].as_str().unwrap_or("").to_string(),
                l["row"].as_u64().unwrap(),
            )
        })
        .collect();
    (counts, presumed)
}

#[test]
fn every_sample_gets_an_html_and_a_markdown_report_that_agree_with_screen() {
    let dir = tempfile::tempdir().unwrap();
    for s in samples() {
        let html = dir.path().join("r.html");
        let md = dir.path().join("r.md");
        let o = report(&[&s], &html, &[]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            s.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let o = report(&[&s], &md, &[]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let html = std::fs::read_to_string(&html).unwrap();
        let md = std::fs::read_to_string(&md).unwrap();
        let (counts, presumed) = screened(&s);
        for (v, n) in &counts {
            assert!(
                html.contains(&format!(
                    "<td><span class=\"{v}\">{v}</span></td><td class=n>{n}</td>"
                )),
                "{}: {v} {n}",
                s.display()
            );
            assert!(
                md.contains(&format!("| {v} | {n} |")),
                "{}: {v} {n}",
                s.display()
            );
        }
        assert!(html.contains(&format!("Lines under the presumption ({})", presumed.len())));
        for (ship, line, row) in &presumed {
            let id = if ship.is_empty() {
                format!("(row {row})")
            } else {
                format!("Shipment {ship} line {line}")
            };
            assert!(
                html.contains(&id),
                "{}: presumed line {id} missing from the HTML",
                s.display()
            );
            assert!(
                md.contains(&id) || md.contains(&format!("row {row}")),
                "{}: {id} missing from Markdown",
                s.display()
            );
        }
        // Provenance: rule pack, Entity List date, input hash, date.
        assert!(
            html.contains("uflpa 2026.11.0") && html.contains("UFLPA Entity List as of 2026-08-10")
        );
        let sha = uflpa_screen::report::InputFile::hash(&s).unwrap().sha256;
        assert!(html.contains(&sha) && md.contains(&sha));
        assert!(!html.contains("<script"), "no script in the report");
    }
}

#[test]
fn report_totals_match_the_run_summary_in_rust_decimal() {
    use uflpa_screen::report::{Limits, ReportSink};
    let path = root().join("sample-manifests/apparel-vietnam.csv");
    let readers = uflpa_screen::run::open_all(&[path], &Default::default()).unwrap();
    let screener = crate::support::screener();
    let mut sink = ReportSink::new(screener.pack(), Limits::default(), None);
    let mut rej: Vec<(PathBuf, uflpa_screen::input::Reject)> = Vec::new();
    let summary = uflpa_screen::run::screen_all(screener, readers, &mut sink, &mut rej).unwrap();
    let date = uflpa_screen::input::Date {
        year: 2026,
        month: 11,
        day: 20,
    };
    let (data, _) = sink.finish_report(None, Vec::new(), summary.clone(), date);
    let f = &data.figures;
    for g in &f.by_verdict {
        let v = uflpa_screen::Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == g.key)
            .unwrap();
        assert_eq!(g.rows, summary.count(v));
        let want: Vec<(String, rust_decimal::Decimal)> = summary
            .value_of(v)
            .into_iter()
            .map(|(c, d)| (c.to_string(), d))
            .collect();
        assert_eq!(g.value, want, "{}", g.key);
    }
    let cotton = f
        .by_sector
        .iter()
        .find(|g| g.key == "Cotton and cotton products")
        .unwrap();
    assert_eq!(cotton.rows, 6);
    assert_eq!(f.main_currency, "USD");
    // The first-page groups add up to the verdicts.
    use uflpa_screen::report::Group;
    assert_eq!(
        data.group(Group::EntityList).lines + data.group(Group::Xinjiang).lines,
        summary.count(uflpa_screen::Verdict::Presumed)
    );
    assert_eq!(
        data.group(Group::Review).lines,
        summary.count(uflpa_screen::Verdict::Review)
    );
}

#[test]
fn hostile_manifest_text_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(
        &m,
        "supplier,supplier_address,description,value,currency\n\"<script>alert(1)</script> Co\",\"Urumqi, China\",\"=HYPERLINK(\"\"http://x\"\")\",10.00,USD\n\"| evil [x](http://e) `c`\",\"Kashgar\",\"@SUM(A1)\",5.00,USD\n",
    )
    .unwrap();
    let html = dir.path().join("r.html");
    assert_eq!(report(&[&m], &html, &[]).status.code(), Some(0));
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(
        !h.contains("<script>alert"),
        "supplier must be shown as text"
    );
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt; Co"));
    let md = dir.path().join("r.md");
    assert_eq!(report(&[&m], &md, &[]).status.code(), Some(0));
    let t = std::fs::read_to_string(&md).unwrap();
    assert!(t.contains("\\<script\\>") && !t.contains("<script>"), "{t}");
    assert!(t.contains("\\| evil \\[x\\](http://e) \\`c\\`"), "{t}");
    // CSV output neutralises formulas.
    let out = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", "--format", "csv", m.to_str().unwrap()])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(csv.contains(",'@SUM(A1),"), "{csv}");
}

#[test]
fn the_report_needs_a_known_format_and_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let s = root().join("sample-manifests/seafood.csv");
    let o = report(&[&s], &dir.path().join("r.docx"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".html, .md, .xlsx or .pdf"));
    let copy = dir.path().join("m.csv");
    std::fs::copy(&s, &copy).unwrap();
    let o = report(&[&copy], &copy, &["--format", "html"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&s).unwrap());
}

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

#[test]
fn the_html_report_loads_in_headless_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        // .ci/run installs Chromium, so CI always runs this test; a developer machine
        // without it is told how to run it.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium: .ci/run installs Debian's chromium package"
        );
        eprintln!("skipped: no Chromium (apt-get install chromium) to load the HTML report in");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = root().join("sample-manifests/supply-chain");
    let html = dir.path().join("report.html");
    let o = report(
        &[&d.join("manifest.csv")],
        &html,
        &[
            "--supply-chain",
            d.join("supply-chain.csv").to_str().unwrap(),
            "--evidence",
            d.join("evidence.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let profile = dir.path().join("profile");
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", html.display()),
        ])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        dom.contains("UFLPA screening report") && dom.contains("Lines under the presumption"),
        "the page did not load: {log}"
    );
    let console_errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console errors: {console_errors:#?}"
    );
}

#[test]
fn the_excel_workbook_has_a_sheet_per_section_and_quote_prefixes_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(&m, "supplier,supplier_address,description,value,currency\n\"=cmd|' /C calc'!A0\",\"Urumqi, China\",cotton shirts,10.00,USD\n").unwrap();
    let x = dir.path().join("r.xlsx");
    let o = report(&[&m], &x, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&x).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip");
    // Unpack with the system's unzip-free way: the zip crate is not a dependency, so look
    // for the sheet names and the quote-prefix style in the (deflated) parts via unzip -p.
    let listing = std::process::Command::new("python3")
        .args(["-c", "import zipfile,sys;z=zipfile.ZipFile(sys.argv[1]);print(z.read('xl/workbook.xml').decode());print(z.read('xl/styles.xml').decode());print(z.read('xl/sharedStrings.xml').decode())", x.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&listing.stdout);
    for sheet in [
        "Summary",
        "Presumed",
        "Review",
        "Documents",
        "Figures",
        "Inputs",
    ] {
        assert!(
            text.contains(&format!("name=\"{sheet}\"")),
            "sheet {sheet} missing: {text}"
        );
    }
    assert!(
        text.contains("quotePrefix=\"1\""),
        "formula-like cells carry Excel's quote prefix"
    );
    assert!(text.contains("=cmd|"), "the text is kept, as text");
}

// ---------------------------------------------------------------- issue 15

/// A tool the tests need (pdftotext, a Python with openpyxl): required when
/// `UFLPA_REQUIRE_TOOLS` is set (`.ci/test` sets it, so CI never skips), else the test says it
/// is skipped.
fn tool_required() -> bool {
    std::env::var_os("UFLPA_REQUIRE_TOOLS").is_some()
}

fn pdf_text(pdf: &Path) -> Option<(String, u32)> {
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output();
    let info = std::process::Command::new("pdfinfo").arg(pdf).output();
    match (text, info) {
        (Ok(t), Ok(i)) if t.status.success() && i.status.success() => {
            let info = String::from_utf8_lossy(&i.stdout).to_string();
            let pages = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|p| p.trim().parse().ok())
                .unwrap_or(0);
            Some((String::from_utf8_lossy(&t.stdout).to_string(), pages))
        }
        _ => {
            assert!(
                !tool_required(),
                "pdftotext/pdfinfo (poppler-utils) are required: .ci/test installs them"
            );
            eprintln!("skipped: pdftotext (poppler-utils) is not installed");
            None
        }
    }
}

/// Every text cell of a workbook (shared and inline strings).
fn xlsx_strings(x: &Path) -> String {
    let o = std::process::Command::new("python3")
        .args([
            "-c",
            "import zipfile,sys;z=zipfile.ZipFile(sys.argv[1]);print('\\n'.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml')))",
            x.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn ok(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Issue 15: internal notes never reach a reader: not in any report format, not in
/// `explain`, not in an Entity List finding; every Entity List finding names its Federal
/// Register notice (document number and link) or says it could not be confirmed; the legal
/// basis is never cut.
#[test]
fn issue_15_no_internal_marker_in_any_report_or_explanation() {
    use uflpa_screen::report::INTERNAL_MARKERS;
    let dir = tempfile::tempdir().unwrap();
    let files = samples();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let mut texts: Vec<(String, String)> = Vec::new();
    for ext in ["html", "md", "xlsx", "pdf"] {
        let out = dir.path().join(format!("r.{ext}"));
        ok(&report(&refs, &out, &["--as-of", "2026-11-20"]));
        let text = match ext {
            "xlsx" => xlsx_strings(&out),
            "pdf" => match pdf_text(&out) {
                Some((t, _)) => t,
                None => continue,
            },
            _ => std::fs::read_to_string(&out).unwrap(),
        };
        texts.push((ext.to_string(), text));
    }
    let pack = uflpa_screen::RulePack::embedded().unwrap();
    for r in &pack.rules {
        let o = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .args(["explain", &r.code])
            .output()
            .unwrap();
        texts.push((
            format!("explain {}", r.code),
            String::from_utf8_lossy(&o.stdout).to_string(),
        ));
    }
    let o = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["entity", "Aksu Biaoxin Fiber Co., Ltd."])
        .output()
        .unwrap();
    texts.push((
        "entity".into(),
        String::from_utf8_lossy(&o.stdout).to_string(),
    ));
    for (what, text) in &texts {
        for m in INTERNAL_MARKERS {
            assert!(
                !text.contains(m),
                "{what} contains the internal marker {m:?}"
            );
        }
    }
    let md = &texts.iter().find(|t| t.0 == "md").unwrap().1;
    // Entity List findings name their notice with its link.
    let el: Vec<&str> = md.lines().filter(|l| l.contains("`EL30")).collect();
    assert!(!el.is_empty());
    for l in el {
        assert!(
            (l.contains("FR Doc.") && l.contains("https://www.federalregister.gov/"))
                || l.contains("could not be confirmed"),
            "{l}"
        );
    }
    // The legal basis is whole, and the current CBP guidance is cited and said unchecked.
    let sources = md.split("## Legal basis and sources").nth(1).unwrap();
    assert!(!sources.contains('…'), "a legal basis was cut");
    assert!(sources.contains("5560-0526") && sources.contains("not checked"));
    assert!(sources.contains("https://www.govinfo.gov/"));
}

fn waiver_dir() -> (tempfile::TempDir, PathBuf) {
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
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        "supplier,supplier_address,value\nAcme,Shanghai,10.00\nGamma,Shanghai,30.00,extra\n",
    )
    .unwrap();
    let p = dir.path().to_path_buf();
    (dir, p)
}

/// Issue 15: waivers (who accepted which risk, why, until when) and every rejected record
/// (file, line, reason) are sections of every format.
#[test]
fn issue_15_waivers_and_rejects_are_sections_in_every_format() {
    let (_d, dir) = waiver_dir();
    for ext in ["html", "md", "xlsx", "pdf"] {
        let out = dir.join(format!("r.{ext}"));
        let o = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .current_dir(&dir)
            .args([
                "report",
                "--max-rejects",
                "5",
                "--as-of",
                "2026-11-20",
                "-o",
                out.to_str().unwrap(),
                "s.csv",
                "bad.csv",
            ])
            .output()
            .unwrap();
        ok(&o);
        let text = match ext {
            "xlsx" => xlsx_strings(&out),
            "pdf" => match pdf_text(&out) {
                Some((t, _)) => t.split_whitespace().collect::<Vec<_>>().join(" "),
                None => continue,
            },
            _ => std::fs::read_to_string(&out).unwrap(),
        };
        let text = text.replace("&amp;", "&");
        if ext != "xlsx" {
            assert!(text.contains("Waivers: accepted risk"), "{ext}");
            assert!(text.contains("Rejected records"), "{ext}");
        }
        for want in [
            "compliance@example.com",
            "audit A-77",
            "AR-2026-0142",
            "QDLA2609001",
            "bad.csv",
        ] {
            assert!(text.contains(want), "{ext}: {want} missing");
        }
        if ext != "xlsx" {
            assert!(text.contains("2099-12-31"), "{ext}: expiry missing");
        }
        // The rejected record: its reason is given.
        assert!(
            text.contains("fields") || text.contains("field"),
            "{ext}: the reject's reason is missing"
        );
        assert!(!text.contains("are shown below"), "{ext}");
    }
}

/// Issue 15: headings say what they are: no "By supplier: supplier", no "(1 lines)", no
/// directories of local paths (those stay in the Inputs table).
#[test]
fn issue_15_headings_have_no_key_suffix_bad_plural_or_local_path() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("one.csv");
    std::fs::write(
        &m,
        "shipment_id,line,supplier,supplier_address,description,value,currency\nE1,1,Korla Textile Co,\"Korla, Xinjiang, China\",cotton yarn,100.00,USD\nE2,1,Viet Knit,\"Hanoi, Vietnam\",cotton shirts,50.00,USD\n",
    )
    .unwrap();
    for ext in ["html", "md"] {
        let out = dir.path().join(format!("r.{ext}"));
        ok(&report(&[&m], &out, &[]));
        let t = std::fs::read_to_string(&out).unwrap();
        let headings: Vec<&str> = t
            .lines()
            .filter(|l| l.starts_with('#') || l.contains("<h2") || l.contains("<h3"))
            .collect();
        assert!(!headings.is_empty());
        for h in &headings {
            assert!(!h.contains(": supplier") && !h.contains(": sector"), "{h}");
            assert!(!h.contains("(1 lines)"), "{h}");
            assert!(
                !h.contains(dir.path().to_str().unwrap()),
                "a local path in a heading: {h}"
            );
        }
        assert!(t.contains("1 line"), "{ext}");
        assert!(!t.contains("(1 lines)"), "{ext}");
    }
}

/// Issue 15: the Entity List group gets identity documents and the exception or re-export
/// step, not the tracing checklist; documents are asked once per supplier.
#[test]
fn issue_15_entity_list_lines_get_identity_then_exception_and_documents_are_per_supplier() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.md");
    let el = root().join("sample-manifests/electronics-entity-list.csv");
    let ap = root().join("sample-manifests/apparel-vietnam.csv");
    ok(&report(&[&el, &ap], &out, &[]));
    let t = std::fs::read_to_string(&out).unwrap();
    let first = t.split("\n---\n").next().unwrap();
    assert!(first.contains("Presumed: a party is on the UFLPA Entity List"));
    assert!(first.contains("Confirm the identity first") && first.contains("re-export"));
    assert!(first.contains("Hold the goods") || !t.contains("Xinjiang link"));
    let docs = t
        .split("## Documents to request, by supplier")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    // One request list per supplier: a supplier heading appears once.
    let heads: Vec<&str> = docs.lines().filter(|l| l.starts_with("### ")).collect();
    let mut names: Vec<&str> = heads
        .iter()
        .map(|h| h.split(" (").next().unwrap())
        .collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(n, names.len(), "a supplier listed twice: {heads:?}");
    assert!(docs.contains("Business registration of the producer"));
    // The tracing checklist is not repeated under each line.
    let lines = t.split("## Lines under the presumption").nth(1).unwrap();
    assert!(!lines.contains("- [ ] Purchase orders"));
}

/// Issue 15: Excel as a compliance officer uses it, checked with openpyxl: frozen headers,
/// filters, number and date formats, column widths, and a Lines sheet with every line.
#[test]
fn issue_15_excel_formats_checked_with_openpyxl() {
    let python = std::env::var("UFLPA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        assert!(
            !tool_required(),
            "openpyxl is required: .ci/test installs tests/requirements.txt into a venv"
        );
        eprintln!("skipped: {python} has no openpyxl");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    let files = samples();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    ok(&report(&refs, &out, &["--as-of", "2026-11-20"]));
    let o = std::process::Command::new(&python)
        .args([
            root().join("tests/report/check_xlsx.py").to_str().unwrap(),
            out.to_str().unwrap(),
            "68",
        ])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Issue 15: `-o report.pdf` without a browser; its text and page count are checked.
#[test]
fn issue_15_pdf_report_text_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let files = samples();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    // No browser on the path: the PDF does not need one.
    let o = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .env("PATH", "/nonexistent")
        .args([
            "report",
            "--as-of",
            "2026-11-20",
            "-o",
            out.to_str().unwrap(),
        ])
        .args(refs.iter().map(|p| p.to_str().unwrap()))
        .output()
        .unwrap();
    ok(&o);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let Some((text, pages)) = pdf_text(&out) else {
        return;
    };
    assert!(pages >= 5, "{pages} pages");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "UFLPA screening report",
        "Decision",
        "Recommended action",
        "Declared value at risk (presumed + review): EUR 231,300.00, USD 5,300,300.00",
        "Documents to request, by supplier",
        "Waivers: accepted risk",
        "Rejected records",
        "Legal basis and sources",
        &format!("page 1 of {pages}"),
    ] {
        assert!(flat.contains(want), "PDF text lacks {want:?}");
    }
}

/// Issue 15 / 20: a report's details are capped (the HTML stays readable at a million lines):
/// the page says so and names the companion CSV, which holds every line.
#[test]
fn issue_15_capped_details_name_a_companion_csv_with_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("many.csv");
    let mut text = String::from("shipment_id,line,supplier,supplier_address,value,currency\n");
    for i in 0..450 {
        text.push_str(&format!(
            "E{i},1,Supplier {i},\"Kashgar, Xinjiang, China\",10.00,USD\n"
        ));
    }
    std::fs::write(&m, text).unwrap();
    let out = dir.path().join("r.html");
    let o = report(&[&m], &out, &[]);
    ok(&o);
    let h = std::fs::read_to_string(&out).unwrap();
    assert!(h.contains("The first 200 of 450 presumed lines are shown in full"));
    assert!(h.contains("r.lines.csv"));
    assert_eq!(h.matches("<div class=card>").count(), 200);
    let csv = std::fs::read_to_string(dir.path().join("r.lines.csv")).unwrap();
    assert_eq!(csv.lines().count(), 451, "a header and every line");
    assert!(String::from_utf8_lossy(&o.stderr).contains("r.lines.csv"));
}

fn screen_table(extra: &[&str], env: &[(&str, &str)]) -> String {
    let mut c = Command::cargo_bin("uflpa-screen").unwrap();
    c.args(["screen", "--exit-zero"]).args(extra);
    c.arg(root().join("sample-manifests/apparel-vietnam.csv"));
    c.arg(root().join("sample-manifests/china-suppliers-gbk.csv"));
    c.env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

/// Issue 15: the table fits 80 and 120 columns, wrapping at word boundaries.
#[test]
fn issue_15_table_wraps_at_word_boundaries_within_the_width() {
    for width in [80usize, 120] {
        let t = screen_table(&[], &[("COLUMNS", &width.to_string())]);
        assert!(t.contains("Autonomous Region"), "{t}");
        for l in t
            .lines()
            .filter(|l| !l.starts_with("Summary") && !l.starts_with("Rule pack"))
        {
            assert!(l.chars().count() <= width, "{width}: {l:?}");
            assert!(!l.ends_with("Autonomou"), "cut mid-word: {l}");
        }
    }
}

/// Issue 15: colour when asked (or on a terminal), never with NO_COLOR under auto; `--only`.
#[test]
fn issue_15_table_colour_and_only() {
    let plain = screen_table(&[], &[]);
    assert!(!plain.contains('\u{1b}'), "no colour into a pipe");
    let coloured = screen_table(&["--color", "always"], &[]);
    assert!(coloured.contains("\u{1b}[1;31mPRESUMED\u{1b}[0m"));
    let auto = screen_table(&["--color", "auto"], &[("NO_COLOR", "1")]);
    assert!(!auto.contains('\u{1b}'));
    let only = screen_table(&["--only", "review"], &[]);
    assert!(only.contains("\nREVIEW") || only.starts_with("REVIEW"));
    assert!(!only.contains("PRESUMED "), "{only}");
    let both = screen_table(&["--only", "presumed,review"], &[]);
    assert!(both.contains("PRESUMED") && both.contains("REVIEW"));
}

/// Issue 15: `check` gives the verdict `screen` gives for the same text.
#[test]
fn issue_15_check_agrees_with_screen() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, column, text) in [
        ("goods", "description", "100% cotton t-shirts"),
        ("goods", "description", "polysilicon wafers"),
        (
            "address",
            "supplier_address",
            "Aksu, Pavlodar Region, Kazakhstan",
        ),
        (
            "address",
            "supplier_address",
            "No. 8 Renmin Road, Kashgar, Xinjiang",
        ),
        ("name", "supplier", "Ninestar Corporation"),
        ("name", "supplier", "Acme Trading LLC"),
    ] {
        let c = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .args(["check", "--as", kind, text])
            .output()
            .unwrap();
        let check = String::from_utf8_lossy(&c.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let m = dir.path().join("m.csv");
        std::fs::write(&m, format!("{column}\n\"{text}\"\n")).unwrap();
        let s = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .args(["screen", "--format", "jsonl", m.to_str().unwrap()])
            .output()
            .unwrap();
        let row: serde_json::Value =
            serde_json::from_str(String::from_utf8_lossy(&s.stdout).lines().next().unwrap())
                .unwrap();
        assert_eq!(check, row["verdict"].as_str().unwrap(), "{kind} {text}");
    }
}

#[test]
fn issue_15_trial_upstream_rejects_count_on_the_first_page_and_links_end_before_punctuation() {
    // A supply-chain file with an unreadable record: the report's first page and stderr count
    // it with the manifests' (the trial saw "0 rejected" beside a section listing it).
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("chain.csv");
    let text =
        std::fs::read_to_string(root().join("sample-manifests/supply-chain/supply-chain.csv"))
            .unwrap();
    std::fs::write(&sc, format!("{text}HCM-2026-0901,1,\"2,yarn\n")).unwrap();
    let manifest = root().join("sample-manifests/supply-chain/manifest.csv");
    let out = dir.path().join("r.md");
    let o = report(
        &[&manifest],
        &out,
        &[
            "--supply-chain",
            &sc.display().to_string(),
            "--max-rejects",
            "5",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("; 1 rejected;"), "{err}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("1 record"),
        "the first page counts the upstream reject"
    );
    // -o with an upper-case extension.
    let pdf = dir.path().join("R.MD");
    ok(&report(&[&manifest], &pdf, &[]));
    // Links in the HTML end before the punctuation that follows them.
    let html = dir.path().join("r.html");
    ok(&report(
        &[&root().join("sample-manifests/apparel-vietnam.csv")],
        &html,
        &[],
    ));
    let page = std::fs::read_to_string(&html).unwrap();
    for bad in ["):\"", ")\"", ".\">", ",\">", ";\">"] {
        assert!(
            !page.contains(&format!("uflpa-strategy{bad}")),
            "a link with trailing punctuation: uflpa-strategy{bad}"
        );
    }
}

/// The Python that has openpyxl (`UFLPA_TEST_PYTHON`, set by .ci/test), or `None` (the test
/// is skipped, unless the tools are required).
fn openpyxl_python() -> Option<String> {
    let python = std::env::var("UFLPA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has {
        return Some(python);
    }
    assert!(
        !tool_required(),
        "openpyxl is required: .ci/test installs tests/requirements.txt into a venv"
    );
    eprintln!("skipped: {python} has no openpyxl");
    None
}

/// The section of a Markdown report under the `### ` heading that starts with `name`.
fn md_section<'t>(md: &'t str, name: &str) -> &'t str {
    let start = md
        .find(&format!("### {name}"))
        .unwrap_or_else(|| panic!("no section {name}"));
    let rest = &md[start + 4..];
    let end = rest
        .find("\n### ")
        .or_else(|| rest.find("\n## "))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Issue 15 (trial): an Entity List match found upstream (a supply-chain tier) or in the goods
/// text asks the direct supplier for the identity papers of the listed party, naming the party
/// and its tier; a match on the entry itself asks for the producer's own papers.
#[test]
fn issue_15_trial_entity_list_match_upstream_or_in_goods_names_the_listed_party_and_tier() {
    let dir = tempfile::tempdir().unwrap();
    let sc = root().join("sample-manifests/supply-chain");
    for ext in ["md", "xlsx"] {
        let out = dir.path().join(format!("sc.{ext}"));
        ok(&report(
            &[&sc.join("manifest.csv")],
            &out,
            &[
                "--supply-chain",
                sc.join("supply-chain.csv").to_str().unwrap(),
                "--evidence",
                sc.join("evidence.csv").to_str().unwrap(),
            ],
        ));
    }
    let md = std::fs::read_to_string(dir.path().join("sc.md")).unwrap();
    let penang = md_section(&md, "Penang Module Technology Sdn Bhd");
    for want in [
        "Entity List match upstream: HOSHINE SILICON IND (SHANSHAN) CO LTD (tier 3, wafer and polysilicon supplier) matches the listed entity Hoshine Silicon Industry (Shanshan) Co., Ltd.",
        "Ask Penang Module Technology Sdn Bhd for the identity papers of this tier 3 party",
        "- [ ] Business registration of HOSHINE SILICON IND (SHANSHAN) CO LTD (tier 3)",
    ] {
        assert!(penang.contains(want), "{want:?} missing in:\n{penang}");
    }
    assert!(
        !penang.contains("whether this supplier or its producer is the listed entity"),
        "the direct supplier is not the listed party:\n{penang}"
    );
    let xlsx = xlsx_strings(&dir.path().join("sc.xlsx"));
    assert!(xlsx.contains("identity, tier 3"), "Documents sheet");
    assert!(
        xlsx.contains("Business registration of HOSHINE SILICON IND (SHANSHAN) CO LTD (tier 3)")
    );

    // In the goods text: the supplier is asked who made what the text names.
    let out = dir.path().join("pvc.md");
    ok(&report(
        &[&root().join("sample-manifests/pvc-flooring.csv")],
        &out,
        &[],
    ));
    let md = std::fs::read_to_string(&out).unwrap();
    let haiphong = md_section(&md, "Haiphong Vinyl Flooring Co.");
    assert!(
        haiphong.contains("Entity List match in the goods text: 'xinjiang zhongtai chemical'")
            && haiphong.contains("the listed entity Xinjiang Zhongtai Chemical")
            && haiphong.contains("at a tier the data does not show")
            && haiphong.contains("Ask Haiphong Vinyl Flooring Co. who made"),
        "{haiphong}"
    );
    assert!(
        !haiphong.contains("whether this supplier or its producer"),
        "{haiphong}"
    );

    // On the entry: the producer's own papers, asked once for the supplier and manufacturer.
    let out = dir.path().join("el.md");
    ok(&report(
        &[&root().join("sample-manifests/electronics-entity-list.csv")],
        &out,
        &[],
    ));
    let md = std::fs::read_to_string(&out).unwrap();
    let ninestar = md_section(&md, "Ninestar Corporation");
    assert!(
        ninestar.contains("Ninestar Corporation (Manufacturer and Vendor Name on the entry) matches the listed entity Ninestar Corporation"),
        "{ninestar}"
    );
    assert_eq!(
        ninestar
            .matches("- [ ] Business registration of the producer")
            .count(),
        1
    );
}

fn waivers_trial_dir() -> (tempfile::TempDir, PathBuf) {
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
reason = "Labour agency audited (audit A-77)"
reviewer = "compliance@example.com"
expires = 2099-12-31
determination = "CBP applicability review AR-2026-0142"

[[waiver]]
code = "HP207"
supplier = "Qingdao Ocean Star Foods Co. Ltd"
reason = "Catch certificates (C-1)"
reviewer = "old@example.com"
expires = 2025-01-31

[[waiver]]
code = "HP202"
supplier = "Nobody Ltd"
reason = "Never used"
reviewer = "unused@example.com"
expires = 2099-01-01
"#,
    )
    .unwrap();
    let p = dir.path().to_path_buf();
    (dir, p)
}

fn report_in(dir: &Path, out: &str, files: &[&str]) -> std::process::Output {
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .current_dir(dir)
        .args(["report", "--as-of", "2026-11-20", "-o", out])
        .args(files)
        .output()
        .unwrap()
}

/// Issue 15 (trial): the workbook's Waivers sheet is one table of the waivers, with the date
/// in "until", the reviewer in "by", and expired and unused ones marked; the findings they
/// accepted are a table of their own sheet with their "until" and "by" (checked with openpyxl).
#[test]
fn issue_15_trial_excel_waivers_sheet_marks_expired_and_unused_with_dates() {
    let Some(python) = openpyxl_python() else {
        return;
    };
    let (_d, dir) = waivers_trial_dir();
    ok(&report_in(&dir, "r.xlsx", &["s.csv"]));
    for script in ["check_xlsx_waivers.py", "check_xlsx.py"] {
        let mut args = vec![
            root()
                .join("tests/report")
                .join(script)
                .display()
                .to_string(),
            dir.join("r.xlsx").display().to_string(),
        ];
        if script == "check_xlsx.py" {
            args.push("5".into());
        }
        let o = std::process::Command::new(&python)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{script}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Issue 15 (trial): the first page names expired and unused waivers and counts the lines
/// without a declared value, in every format.
#[test]
fn issue_15_trial_first_page_names_expired_and_unused_waivers_and_lines_without_value() {
    let (_d, dir) = waivers_trial_dir();
    // Two lines without a value.
    std::fs::write(
        dir.join("novalue.csv"),
        "shipment_id,line,supplier,supplier_address,description\nE1,1,Korla Textile Co,\"Korla, Xinjiang, China\",cotton yarn\nE2,1,Acme,\"Hanoi, Vietnam\",screws\n",
    )
    .unwrap();
    for ext in ["md", "html", "pdf"] {
        let out = format!("r.{ext}");
        ok(&report_in(&dir, &out, &["s.csv", "novalue.csv"]));
        let text = match ext {
            "pdf" => match pdf_text(&dir.join(&out)) {
                Some((t, _)) => t,
                None => continue,
            },
            _ => std::fs::read_to_string(dir.join(&out)).unwrap(),
        };
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = match ext {
            "md" => flat.split(" --- ").next().unwrap().to_string(),
            "html" => flat
                .split("<div class=pagebreak>")
                .next()
                .unwrap()
                .to_string(),
            _ => flat.split("page 1 of").next().unwrap().to_string(),
        };
        for want in [
            "2 lines of 7 without a declared value",
            "1 waiver expired before 2026-11-20 and no longer applies: HP207 for supplier Qingdao Ocean Star Foods Co. Ltd (until 2025-01-31)",
            "1 waiver matched no finding in this run (unused): HP202 for supplier Nobody Ltd",
        ] {
            assert!(
                first.contains(want),
                "{ext}: {want:?} not on the first page:\n{first}"
            );
        }
    }
    // The Waivers section marks them too.
    let md = std::fs::read_to_string(dir.join("r.md")).unwrap();
    assert!(md.contains("2025-01-31 (expired: not applied)"));
    assert!(md.contains("2099-01-01 (unused: matched no finding)"));
}

/// Issue 15 (trial): review groups are named by the sectors' titles, never their ids, in
/// plain words, and their order does not depend on how many lines each has or on the order
/// of the inputs.
#[test]
fn issue_15_trial_review_groups_use_sector_titles_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    let files = samples();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let out = dir.path().join("r.md");
    ok(&report(&refs, &out, &[]));
    let md = std::fs::read_to_string(&out).unwrap();
    let pack = uflpa_screen::RulePack::embedded().unwrap();
    let waiting: Vec<&str> = md.lines().filter(|l| l.contains("waiting for")).collect();
    assert!(waiting.len() > 5, "{waiting:?}");
    for l in md
        .lines()
        .filter(|l| l.contains("aiting for") || l.starts_with("| ") || l.starts_with("### "))
    {
        for s in pack.sectors.iter().filter(|s| s.id.contains('-')) {
            assert!(!l.contains(&s.id), "sector id {} as a label: {l}", s.id);
        }
        assert!(!l.contains("waiting for cotton origin not traced"), "{l}");
    }
    assert!(md.contains("waiting for evidence of a Xinjiang-free origin (Caustic soda)"));
    assert!(
        md.contains("| Caustic soda |"),
        "the figures name the sector by its title"
    );
    // The first page's list and the review section's groups: the same order, which follows
    // the rule pack's sectors, not the counts.
    let first: Vec<String> = md
        .lines()
        .filter_map(|l| {
            l.strip_prefix("- ")
                .and_then(|l| l.split_once(": waiting for "))
        })
        .map(|(_, what)| what.to_string())
        .collect();
    let section: Vec<String> = md
        .lines()
        .filter_map(|l| l.strip_prefix("### Waiting for "))
        .map(|l| l.rsplit_once(" (").unwrap().0.to_string())
        .collect();
    assert_eq!(first, section);
    let ordered: Vec<usize> = first
        .iter()
        .filter_map(|f| {
            pack.sectors
                .iter()
                .position(|s| f == &format!("evidence of a Xinjiang-free origin ({})", s.title))
        })
        .collect();
    assert!(ordered.len() >= 5, "{first:?}");
    assert!(ordered.windows(2).all(|w| w[0] < w[1]), "{first:?}");
    // Inputs in the opposite order: the same groups in the same order.
    let reversed: Vec<&Path> = refs.iter().rev().copied().collect();
    let out2 = dir.path().join("r2.md");
    ok(&report(&reversed, &out2, &[]));
    let md2 = std::fs::read_to_string(&out2).unwrap();
    let first2: Vec<String> = md2
        .lines()
        .filter_map(|l| {
            l.strip_prefix("- ")
                .and_then(|l| l.split_once(": waiting for "))
        })
        .map(|(_, what)| what.to_string())
        .collect();
    assert_eq!(first, first2);
    // A supply chain that stops short: the cotton is to be traced, in words.
    let sc = root().join("sample-manifests/supply-chain");
    let out3 = dir.path().join("sc.md");
    ok(&report(
        &[&sc.join("manifest.csv")],
        &out3,
        &[
            "--supply-chain",
            sc.join("supply-chain.csv").to_str().unwrap(),
        ],
    ));
    let md3 = std::fs::read_to_string(&out3).unwrap();
    assert!(
        md3.contains("waiting for the cotton to be traced to its origin"),
        "{}",
        md3.lines()
            .filter(|l| l.contains("aiting"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Issue 15 (trial): the PDF's links are link annotations, and its table columns are as wide
/// as their longest word, so rule codes and e-mail addresses are never cut.
#[test]
fn issue_15_trial_pdf_links_are_clickable_and_tokens_are_not_cut() {
    let (_d, dir) = waivers_trial_dir();
    ok(&report_in(&dir, "r.pdf", &["s.csv"]));
    let pdf = dir.join("r.pdf");
    let Some((text, _)) = pdf_text(&pdf) else {
        return;
    };
    let urls = std::process::Command::new("pdfinfo")
        .args(["-url", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let urls = String::from_utf8_lossy(&urls.stdout);
    assert!(
        urls.contains("https://www.dhs.gov/uflpa-strategy")
            && urls.contains("https://www.govinfo.gov/"),
        "{urls}"
    );
    // The link ends before the punctuation that follows it.
    assert!(!urls.contains("uflpa-strategy)"), "{urls}");
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for email in [
        "compliance@example.com",
        "old@example.com",
        "unused@example.com",
    ] {
        assert!(
            tokens.contains(&email),
            "{email} cut in the waivers table:\n{text}"
        );
    }
    for t in &tokens {
        let cut_code = t.is_ascii()
            && t.len() >= 3
            && t.len() <= 4
            && t[..2].bytes().all(|b| b.is_ascii_uppercase())
            && t[2..].bytes().all(|b| b.is_ascii_digit());
        assert!(!cut_code, "a rule code cut: {t}");
    }
    assert!(tokens.contains(&"HP207") && tokens.contains(&"XJ106"));
}

/// Issue 15 (trial): "1 row", not "1 rows", in the report and the messages.
#[test]
fn issue_15_trial_plurals_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("one.csv");
    std::fs::write(
        &m,
        "shipment_id,line,supplier,supplier_address,description,value,currency\nE1,1,Korla Textile Co,\"Korla, Xinjiang, China\",cotton yarn,100.00,USD\n",
    )
    .unwrap();
    let bad =
        regex::Regex::new(r"\b1 (rows|lines|records|findings|cells|suppliers|bytes|waivers)\b")
            .unwrap();
    for ext in ["md", "html"] {
        let out = dir.path().join(format!("r.{ext}"));
        let o = report(&[&m], &out, &[]);
        ok(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("1 row read: 1 presumed"), "{err}");
        assert!(err.contains(": 1 line: "), "{err}");
        assert!(!bad.is_match(&err), "{err}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!bad.is_match(&text), "{ext}: {:?}", bad.find(&text));
    }
    let o = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", "--color", "never", m.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Summary: 1 row read from"), "{out}");
    assert!(!bad.is_match(&out), "{out}");
}

/// Issue 15 (trial): an `-o` in a directory that does not exist is named as the user gave it,
/// never by the temporary file tried beside it.
#[test]
fn issue_15_trial_bad_output_directory_names_the_path_given() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(&m, "supplier\nAcme\n").unwrap();
    for args in [
        vec!["report", "-o", "nodir/r.html"],
        vec!["screen", "--format", "csv", "-o", "nodir/r.csv"],
        vec!["screen", "--rejects", "nodir/rejects.csv"],
    ] {
        let o = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .current_dir(dir.path())
            .args(&args)
            .arg("m.csv")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        let given = args.iter().find(|a| a.starts_with("nodir/")).unwrap();
        assert!(
            err.contains(&format!(
                "error: {given}: cannot create it: the directory nodir does not exist"
            )),
            "{err}"
        );
        assert!(
            !err.contains(".uflpa-screen-") && !err.contains(".tmp"),
            "{err}"
        );
    }
}

/// Issue 15, a new user's finding: with a supply chain, the documents checklist showed only
/// "Upstream tier 1:", "Upstream tier 2:". Each tier is named by its role and party.
#[test]
fn issue_15_user_upstream_tiers_are_named_by_role_and_party() {
    let dir = tempfile::tempdir().unwrap();
    let sc = root().join("sample-manifests/supply-chain");
    let md = dir.path().join("r.md");
    let xlsx = dir.path().join("r.xlsx");
    for out in [&md, &xlsx] {
        let o = report(
            &[&sc.join("manifest.csv")],
            out,
            &[
                "--supply-chain",
                sc.join("supply-chain.csv").to_str().unwrap(),
                "--evidence",
                sc.join("evidence.csv").to_str().unwrap(),
            ],
        );
        ok(&o);
    }
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(!text.contains("Upstream tier 1:"), "{text}");
    assert!(
        text.contains("Upstream tier 3 (yarn spinner, Aksu Huaxing Textile Co. Ltd):"),
        "{text}"
    );
    assert!(
        text.contains("Upstream tier 1 (garment maker, Saigon Knit Co. Ltd):"),
        "{text}"
    );
    let strings = xlsx_strings(&xlsx);
    assert!(
        strings.contains("tier 3 (yarn spinner, Aksu Huaxing Textile Co. Ltd)"),
        "the workbook's Documents sheet names the tier too"
    );
}

/// A manifest whose waivers accept every finding of one line (seafood, HP207) and the
/// apparel finding of a line that stays under review for its other findings (HP201).
fn waived_lines_dir() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().to_path_buf();
    std::fs::copy(
        root().join("sample-manifests/seafood.csv"),
        dir.join("seafood.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("shirts.csv"),
        "supplier,supplier_address,description,country_of_origin,hts,value,currency\n\
         Shanshan Garments,\"Shanshan, China\",cotton t-shirts,CN,6109.10,100.00,USD\n",
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

[[waiver]]
code = "HP201"
supplier = "Shanshan Garments"
reason = "Apparel traced to Texas cotton: report TR-7"
reviewer = "compliance@example.com"
expires = 2099-12-31
"#,
    )
    .unwrap();
    (d, dir)
}

/// One row of a Markdown table whose first cell is `key`: its cells.
fn md_row<'t>(section: &'t str, key: &str) -> Option<Vec<&'t str>> {
    section
        .lines()
        .find(|l| l.starts_with(&format!("| {key} |")))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
}

/// Issue 15, a new user's finding: a line whose findings were all waived showed under "(no
/// finding)" in the By-rule table and "Clear: nothing found" in the recommended action, and
/// a waived HP201 counted as review in the By-sector table. A waived line is accepted risk,
/// shown with its waiver; a waived finding never counts as presumed or review.
#[test]
fn issue_15_user_waived_lines_are_accepted_risk_not_nothing_found() {
    let (_d, dir) = waived_lines_dir();
    let o = report_in(&dir, "r.md", &["shirts.csv", "seafood.csv"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("1 waived, 1 clear"), "{err}");
    let md = std::fs::read_to_string(dir.join("r.md")).unwrap();

    // Recommended action: the waived line in its own group, with the waiver that accepted it.
    let action = md_section(&md, "Recommended action");
    assert_eq!(md_row(action, "waived").unwrap()[1], "1", "{action}");
    assert_eq!(md_row(action, "clear").unwrap()[1], "1", "{action}");
    assert!(
        action.contains(
            "**Waived: accepted risk, every finding accepted by a waiver (1 line, USD 88,000.00)**"
        ),
        "{action}"
    );
    assert!(
        action.contains("- HP207 for supplier Qingdao Ocean Star Foods Co. Ltd: accepted by compliance@example.com until 2099-12-31: Catch certificates on file (audit A-12)"),
        "{action}"
    );
    assert!(
        !action.contains("- HP201 for supplier Shanshan"),
        "that waiver left its line under review: {action}"
    );

    // By rule: the waived code under its own key, not "(no finding)".
    let rules = md_section(&md, "By rule");
    let hp207w = md_row(rules, "HP207 (waived)").expect("HP207 (waived) row");
    assert_eq!(&hp207w[1..4], ["2", "0", "0"], "{rules}");
    assert_eq!(hp207w[5], "-", "no value at risk: {rules}");
    let none = md_row(rules, "(no finding)").expect("the salmon filters line");
    assert_eq!(none[1], "1", "only the line without any finding: {rules}");

    // By sector: the waived apparel finding is not a review.
    let sectors = md_section(&md, "By high-priority sector");
    assert!(md_row(sectors, "Apparel").is_none(), "{sectors}");
    let apparel = md_row(sectors, "Apparel (waived)").expect("Apparel (waived) row");
    assert_eq!(&apparel[1..4], ["1", "0", "0"], "{sectors}");
    let seafood = md_row(sectors, "Seafood").expect("Seafood row");
    assert_eq!(
        &seafood[1..4],
        ["2", "0", "2"],
        "the two unwaived lines: {sectors}"
    );
}

/// Issue 15, a new user's finding: the Inputs table left out the configuration whose waivers
/// changed outcomes. It is listed with its SHA-256 (and a list directory's files too).
#[test]
fn issue_15_user_inputs_list_the_configuration_with_its_hash() {
    let (_d, dir) = waived_lines_dir();
    let lists = dir.join("lists");
    std::fs::create_dir(&lists).unwrap();
    std::fs::copy(
        root().join("tests/data/lists/wro.csv"),
        lists.join("wro.csv"),
    )
    .unwrap();
    let o = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .current_dir(&dir)
        .args(["report", "--lists", "lists", "-o", "r.md", "seafood.csv"])
        .output()
        .unwrap();
    ok(&o);
    let md = std::fs::read_to_string(dir.join("r.md")).unwrap();
    let inputs = &md[md.find("## Inputs").unwrap()..];
    let sha = |p: &Path| uflpa_screen::report::InputFile::hash(p).unwrap().sha256;
    let conf = md_row(inputs, "uflpa.toml").expect("the configuration is an input");
    assert_eq!(conf[1], sha(&dir.join("uflpa.toml")));
    assert!(conf[2].starts_with("configuration: 2 waivers"), "{inputs}");
    assert!(
        inputs.contains(&sha(&lists.join("wro.csv"))),
        "the list file with its hash: {inputs}"
    );
}

/// Issue 15, a new user's finding: `--only clear` with no clear line said "No line falls
/// under the presumption or needs review." The message follows the selection.
#[test]
fn issue_15_user_empty_table_message_follows_only() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m.csv");
    std::fs::write(
        &m,
        "supplier,supplier_address,value,currency\nAcme,\"Kashgar, Xinjiang\",10.00,EUR\n",
    )
    .unwrap();
    let table = |only: &str| {
        let o = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .args(["screen", "--exit-zero", "--only", only])
            .arg(&m)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    assert!(
        table("clear").starts_with("No line is clear.\n"),
        "{}",
        table("clear")
    );
    assert!(table("review").starts_with("No line needs review.\n"));
    assert!(
        table("review,clear").starts_with("No line needs review or is clear.\n"),
        "{}",
        table("review,clear")
    );
    assert!(table("presumed").starts_with("PRESUMED"));
}

/// Issue 15, a new user's finding: the summary's value column did not line up ("3 rows   USD"
/// against "1 row   EUR"): the unit is padded.
#[test]
fn issue_15_user_table_summary_values_line_up() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m.csv");
    std::fs::write(
        &m,
        "supplier,supplier_address,value,currency\n\
         Acme,\"Kashgar, Xinjiang\",10.00,EUR\n\
         Beta,Shanghai,1.00,USD\nGamma,Shanghai,2.00,USD\nDelta,Shanghai,3.00,USD\n",
    )
    .unwrap();
    let o = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", "--exit-zero"])
        .arg(&m)
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    let presumed = out.lines().find(|l| l.starts_with("  presumed")).unwrap();
    let clear = out.lines().find(|l| l.starts_with("  clear")).unwrap();
    assert!(
        presumed.contains("1 row ") && clear.contains("3 rows"),
        "{out}"
    );
    assert_eq!(
        presumed.find("EUR"),
        clear.find("USD"),
        "the values start in one column:\n{presumed}\n{clear}"
    );
}

/// Issue 15, a new user's finding: XJ107 quoted `supplier 'SHANSHAN)'`, the closing
/// parenthesis of "IND (SHANSHAN) CO LTD" in the quoted match.
#[test]
fn issue_15_user_a_quoted_place_has_no_stray_parenthesis() {
    for (text, quoted) in [
        ("HOSHINE SILICON IND (SHANSHAN) CO LTD", "'SHANSHAN'"),
        ("Shanshan Textiles（Shanshan）Co", "'Shanshan'"),
    ] {
        let o = Command::cargo_bin("uflpa-screen")
            .unwrap()
            .args(["check", text])
            .output()
            .unwrap();
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(
            out.contains(&format!("XJ107 review supplier_address {quoted} ")),
            "{out}"
        );
        assert!(!out.contains(")'") && !out.contains("）'"), "{out}");
    }
}
