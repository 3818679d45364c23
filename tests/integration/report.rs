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
        .args(["screen", "--format", "jsonl", file.to_str().unwrap()])
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
    let cotton = f.by_sector.iter().find(|g| g.key == "cotton").unwrap();
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
