//! Issue 13: the files people actually have (spreadsheet exports, broker systems,
//! supplier-disclosure portals), each run on the real binary with its verdicts asserted.

use assert_cmd::Command;
use std::path::Path;

fn bin() -> Command {
    Command::cargo_bin("uflpa-screen").expect("binary")
}

/// Run `screen` on `bytes` (written as `name`) with `args`: (exit code, stdout, stderr,
/// rejects CSV).
pub fn run(name: &str, bytes: &[u8], args: &[&str]) -> (i32, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    run_path(&path, args)
}

/// [`run`] on a file that exists.
pub fn run_path(path: &Path, args: &[&str]) -> (i32, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let mut all = vec![
        "screen",
        "--exit-zero",
        "--max-rejects",
        "1000",
        "--rejects",
        rejects.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    all.push(path.to_str().unwrap());
    let out = bin().args(&all).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(&rejects).unwrap_or_default(),
    )
}

/// The verdict column of `--format csv` output.
pub fn verdicts(csv: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h = r.headers().unwrap().clone();
    let v = h.iter().position(|c| c == "verdict").unwrap();
    r.records().map(|x| x.unwrap()[v].to_string()).collect()
}

fn with_endings(text: &str, eol: &str) -> Vec<u8> {
    text.replace('\n', eol).into_bytes()
}

#[test]
fn line_numbers_are_physical_lines_for_lf_crlf_and_cr() {
    // Line 1 header, 2 a row, 3-4 a quoted field over two lines, 5 blank, 6 a bad row.
    let text = "supplier,supplier_address,hts_code\nAcme,\"Korla, Xinjiang\",6109\n\"Two\nLines\",Urumqi,6109\n\nBad,Shanghai,6109,extra\n";
    for eol in ["\n", "\r\n", "\r"] {
        let bytes = with_endings(text, eol);
        let (_, out, _, rejects) = run("m.csv", &bytes, &["--format", "jsonl"]);
        let lines: Vec<u64> = out
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "row")
            .map(|v| v["source_line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, vec![2, 3], "{eol:?}");
        assert!(rejects.contains("m.csv,6,3,"), "{eol:?}: {rejects}");
        let (_, gh, _, _) = run("m.csv", &bytes, &["--format", "github"]);
        assert!(gh.contains("line=2,"), "{eol:?}: {gh}");
        assert!(gh.contains("line=3,"), "{eol:?}: {gh}");
        let (_, sarif, _, _) = run("m.csv", &bytes, &["--format", "sarif"]);
        assert!(sarif.contains("\"startLine\": 3"), "{eol:?}");
        let (_, junit, _, _) = run("m.csv", &bytes, &["--format", "junit"]);
        assert!(junit.contains("line=\"3\""), "{eol:?}: {junit}");
        let (_, gitlab, _, _) = run("m.csv", &bytes, &["--format", "gitlab"]);
        assert!(gitlab.contains("\"begin\": 3"), "{eol:?}: {gitlab}");
        // The reports name each line as file:line.
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("m.csv");
        std::fs::write(&input, &bytes).unwrap();
        let md = dir.path().join("r.md");
        bin()
            .args([
                "report",
                "-o",
                md.to_str().unwrap(),
                input.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let md = std::fs::read_to_string(&md).unwrap();
        assert!(md.contains("m.csv line 3 (row 2)"), "{eol:?}: {md}");
    }
}

#[test]
fn excel_sep_line_and_trailing_delimiter() {
    for eol in ["\n", "\r\n"] {
        let text = "sep=;\nsupplier;supplier_address;description;\nAcme;Korla, Xinjiang;cotton shirts;\nBeta;Hanoi;ceramic mugs\n";
        let (code, out, err, rejects) =
            run("sep.csv", &with_endings(text, eol), &["--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(verdicts(&out), vec!["presumed", "clear"], "{err}");
        assert!(err.contains("skipped above it: line 1 'sep=;'"), "{err}");
        assert!(
            err.contains("empty column name at the end of the header"),
            "{err}"
        );
        assert!(!rejects.lines().skip(1).any(|l| !l.is_empty()), "{rejects}");
    }
    // Several trailing delimiters, and rows with and without them.
    let (_, out, err, _) = run(
        "t.csv",
        b"supplier,description,,\nAcme,x,,\nXinjiang Co,y\nB,z,,  \n",
        &["--format", "csv"],
    );
    assert_eq!(verdicts(&out), vec!["clear", "presumed", "clear"], "{err}");
}

#[test]
fn title_block_above_the_header_is_skipped_and_said() {
    let text = "Monthly import report\nPrepared by: Compliance\n\nsupplier,supplier_address,value,currency\nKorla Textile Co,\"Korla, Xinjiang\",100.00,USD\nHanoi Co,Hanoi,5.00,USD\n";
    for eol in ["\n", "\r\n", "\r"] {
        let (code, out, err, _) = run(
            "title.csv",
            &with_endings(text, eol),
            &["--format", "jsonl"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("the header is on line 4"), "{err}");
        assert!(err.contains("line 1 'Monthly import report'"), "{err}");
        assert!(out.contains("\"source_line\":5"), "{out}");
    }
    // Forced: the same file with --header-row, and a line that is not a row start.
    let bytes = text.as_bytes();
    let (_, out, _, _) = run(
        "title.csv",
        bytes,
        &["--format", "csv", "--header-row", "4"],
    );
    assert_eq!(verdicts(&out), vec!["presumed", "clear"]);
    let (code, _, err, _) = run("title.csv", bytes, &["--header-row", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("title.csv") && err.contains("--header-row 3"),
        "{err}"
    );
    // A semicolon table under a title.
    let (_, out, err, _) = run(
        "semi.csv",
        "Report\n\nsupplier;supplier_address\nA;Kashgar\n".as_bytes(),
        &["--format", "csv"],
    );
    assert_eq!(verdicts(&out), vec!["presumed"], "{err}");
}

/// (verdict, codes) of each row of a `--format jsonl` run.
fn rows_of(jsonl: &str) -> Vec<(String, Vec<String>)> {
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["type"] == "row")
        .map(|v| {
            (
                v["verdict"].as_str().unwrap().to_string(),
                v["codes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn dq501_unreadable_cells_do_not_hide_the_row() {
    // A bad value, a bad date, a bad quantity and a bad HTS code: each row is screened on
    // the rest (a Xinjiang manufacturer is still presumed), the cell listed as `cell`.
    let text = "shipment_id,manufacturer,entry_date,quantity,hts_code,description,value,currency\n\
S1,Aksu Huafu Textiles Co,2026-02-30,10,6109.10,shirts,100.00,USD\n\
S2,Urumqi Cotton Mill,2026-03-01,ten,6109.10,shirts,abc,USD\n\
S3,Kashgar Co,2026-03-01,10,61A9,ceramic mugs,5.00,USD\n\
S4,Hanoi Cup Co,2026-03-01,10,6912.00,ceramic mugs,5.00,USD\n";
    let (code, out, err, rejects) = run("dq.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = rows_of(&out);
    assert_eq!(rows.len(), 4);
    for (v, codes) in &rows[..3] {
        assert_eq!(v, "presumed", "{codes:?}");
        assert!(codes.contains(&"DQ501".to_string()), "{codes:?}");
    }
    assert_eq!(rows[3].0, "clear");
    // Two unread cells on row 2; the rejects file says `cell` for each, with the column.
    let cells: Vec<&str> = rejects.lines().filter(|l| l.contains(",cell,")).collect();
    assert_eq!(cells.len(), 4, "{rejects}");
    assert!(
        rejects.contains("dq.csv,2,1,entry_date,cell,DQ501"),
        "{rejects}"
    );
    assert!(
        rejects.contains("dq.csv,3,2,quantity,cell,DQ501"),
        "{rejects}"
    );
    assert!(rejects.contains("dq.csv,3,2,value,cell,DQ501"), "{rejects}");
    assert!(
        rejects.contains("dq.csv,4,3,hts_code,cell,DQ501"),
        "{rejects}"
    );
    assert!(err.contains("4 unreadable cells"), "{err}");
    assert!(err.contains("0 rejected"), "{err}");
    // An unreadable HTS code blocks the sector decision: review at least, even when the
    // rest of the line is clean.
    let (_, out, _, _) = run(
        "h.csv",
        b"supplier,hts_code,description\nHanoi Co,61A9,goods\n",
        &["--format", "jsonl"],
    );
    assert_eq!(rows_of(&out)[0].0, "review");
}

#[test]
fn dq502_hts_codes_that_lost_their_leading_zero() {
    // Seafood (0306.17) and red dates (0813.40) as a spreadsheet leaves them.
    for (hts, desc) in [
        ("30617", "frozen shrimp"),
        ("306.17.0040", "frozen"),
        ("3061700", "frozen"),
        ("813403000", "dried fruit"),
        ("813.40", "dried fruit"),
    ] {
        let text = format!("supplier,hts_code,description\nHai Phong Foods,{hts},{desc}\n");
        let (_, out, err, _) = run("s.csv", text.as_bytes(), &["--format", "jsonl"]);
        let rows = rows_of(&out);
        assert_eq!(rows[0].0, "review", "{hts}: {err}");
        assert!(
            rows[0].1.contains(&"DQ502".to_string()),
            "{hts}: {:?}",
            rows[0].1
        );
        assert!(
            rows[0].1.iter().any(|c| c.starts_with("HP2")),
            "{hts}: {:?}",
            rows[0].1
        );
        assert!(out.contains("read as 0"), "{hts}");
    }
    // A 4-digit heading with dots keeps its chapter; even digit counts are as written.
    for hts in ["6109.1", "9403.60", "94036080"] {
        let text = format!("supplier,hts_code,description\nHanoi Co,{hts},goods\n");
        let (_, out, _, _) = run("s.csv", text.as_bytes(), &["--format", "jsonl"]);
        assert!(!rows_of(&out)[0].1.contains(&"DQ502".to_string()), "{hts}");
    }
}

#[test]
fn dq503_excel_mangled_hts_code_still_screens_the_manufacturer() {
    let text = "shipment_id,manufacturer,hts_code,description\n\
S1,Xinjiang Zhongtai Chemical Co Ltd,1.60521E+09,prepared fish\n\
S2,Hanoi Foods,6.1091E+9,goods\n";
    for eol in ["\n", "\r\n"] {
        let (code, out, err, rejects) = run(
            "x.csv",
            text.replace('\n', eol).as_bytes(),
            &["--format", "jsonl"],
        );
        assert_eq!(code, 0, "{err}");
        let rows = rows_of(&out);
        assert_eq!(rows[0].0, "presumed", "{err}");
        assert!(rows[0].1.contains(&"EL301".to_string()));
        assert!(rows[0].1.contains(&"DQ503".to_string()));
        // Never guessed: no sector by HTS code, and the line asks for review.
        assert_eq!(rows[1].0, "review");
        assert_eq!(rows[1].1, vec!["DQ503"]);
        assert!(
            rejects.contains("x.csv,3,2,hts_code,cell,\"DQ503"),
            "{rejects}"
        );
    }
    // The report counts the line under the presumption.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.csv");
    std::fs::write(&input, text).unwrap();
    let report = dir.path().join("r.md");
    let out = bin()
        .args([
            "report",
            "-o",
            report.to_str().unwrap(),
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let md = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        md.contains("presumption (1)"),
        "{}\n{md}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn dq504_implausible_values_never_overflow_the_totals() {
    let max = "79228162514264337593543950335";
    let text = format!(
        "supplier,value,currency\nA,{max},USD\nB,{max},USD\nC,-{max},USD\nD,1000000000000001,USD\nE,1000000000000000,USD\nF,12.50,USD\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let sum = dir.path().join("summary.json");
    for format in ["jsonl", "csv", "table", "json", "sarif"] {
        let (code, out, err, rejects) = run(
            "v.csv",
            text.as_bytes(),
            &["--format", format, "--summary", sum.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{format}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(rejects.matches(",cell,DQ504").count(), 4, "{rejects}");
        if format == "jsonl" {
            let rows = rows_of(&out);
            assert_eq!(rows.len(), 6);
            assert!(rows[..4].iter().all(|r| r.1 == vec!["DQ504"]));
            assert_eq!(rows[4].0, "clear");
            // Only the plausible values are summed.
            let summary = std::fs::read_to_string(&sum).unwrap();
            assert!(summary.contains("1000000000000012.50"), "{summary}");
            // The implausible values are not typed; the plausible ones are.
            let values: Vec<serde_json::Value> = out
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["value"].clone())
                .collect();
            assert!(values[..4].iter().all(serde_json::Value::is_null), "{out}");
            assert_eq!(values[5], "12.50");
        }
    }
}

#[test]
fn bill_of_lading_address_over_several_columns_is_screened_whole() {
    let text = "bol_number,shipper_party_name,shipper_party_address_1,shipper_party_address_2,city,state_province,zip_code,consignee_name,consignee_address,city,description\n\
B1,Tarim Trading Co,No. 8 Renmin Road,Building 3,Korla,Xinjiang,841000,US Importer LLC,1 Main St,Los Angeles,cotton yarn\n\
B2,Hanoi Yarn,1 Pho Hue,,Hanoi,,100000,US Importer LLC,1 Main St,Los Angeles,ceramic mugs\n\
B3,Ordinary Co,1 Road,,Korla,,,US Importer LLC,1 Main St,Los Angeles,ceramic mugs\n\
B4,Ordinary Co,1 Road,,,Xinjiang Uygur Autonomous Region,,US Importer LLC,1 Main St,Los Angeles,ceramic mugs\n";
    let (code, out, err, _) = run("bol.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = rows_of(&out);
    assert_eq!(rows[0].0, "presumed", "{err}");
    assert_eq!(rows[1].0, "clear");
    // The city alone, and the province alone, are each screened.
    assert_eq!(rows[2].0, "presumed", "{:?}", rows[2]);
    assert!(rows[3].1.contains(&"XJ101".to_string()), "{:?}", rows[3]);
    // Findings name the column that holds the match.
    assert!(out.contains("\"field\":\"city\""), "{out}");
    assert!(out.contains("\"field\":\"zip_code\""), "{out}");
    // What was read, and the consignee's address carried, not screened.
    assert!(
        err.contains("supplier_address <- 'shipper_party_address_1' + 'shipper_party_address_2' + 'city' + 'state_province' + 'zip_code'"),
        "{err}"
    );
    assert!(
        err.contains(
            "consignee address (carried, not screened) <- 'consignee_address' + 'city (2)'"
        ),
        "{err}"
    );
    // Factory (manufacturer) parts named by their prefix, anywhere in the file.
    let text = "factory_name,description,factory_city,factory_province,factory_country\nAn Textile,yarn,Hotan,,CN\n";
    let (_, out, err, _) = run("f.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(rows_of(&out)[0].0, "presumed", "{err}");
    assert!(
        err.contains(
            "manufacturer_address <- 'factory_city' + 'factory_province' + 'factory_country'"
        ),
        "{err}"
    );
}

#[test]
fn repeated_map_appends_and_unread_party_columns_are_named() {
    let text = "Seller,Ship From Party,Loading Place City,Notify Party Name,description\nA Co,No. 1 Road,Hotan,B,ceramic mugs\n";
    let (_, out, err, _) = run("m.csv", text.as_bytes(), &["--format", "csv"]);
    assert_eq!(verdicts(&out), vec!["clear"]);
    assert!(
        err.contains("'Ship From Party', 'Loading Place City', 'Notify Party Name' look like goods, party or place data but feed nothing"),
        "{err}"
    );
    let (_, out, err, _) = run(
        "m.csv",
        text.as_bytes(),
        &[
            "--format",
            "csv",
            "--map",
            "supplier_address=Ship From Party",
            "--map",
            "supplier_address=Loading Place City",
        ],
    );
    assert_eq!(verdicts(&out), vec!["presumed"], "{err}");
    assert!(
        err.contains("supplier_address <- 'Ship From Party' + 'Loading Place City'"),
        "{err}"
    );
    // A typed column cannot be read from two.
    let (code, _, err, _) = run(
        "m.csv",
        b"supplier,v1,v2\nA,1,2\n",
        &["--map", "value=v1", "--map", "value=v2"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--map value= names two columns"), "{err}");
}

#[test]
fn supplier_disclosure_portal_facility_list() {
    let text = "name,address,country,sector,product_type\n\
Xinjiang Zhongtai Chemical Co Ltd,\"No. 1 Road, Urumqi\",CN,Chemicals,PVC resin\n\
Hoshine Silicon Industry Co Ltd,Jiaxing,China,Silicon,metal\n\
Hanoi Ceramics,Hanoi,VN,Homeware,ceramic mugs\n";
    let (code, out, err, _) = run("facilities.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = rows_of(&out);
    assert_eq!(rows[0].0, "presumed");
    assert_eq!(rows[1].0, "presumed", "{:?}", rows[1]);
    assert!(
        rows[1].1.iter().any(|c| c.starts_with("EL")),
        "{:?}",
        rows[1]
    );
    assert_eq!(rows[2].0, "clear");
    assert!(
        err.contains("supplier <- 'name'; supplier_address <- 'address'; country_of_origin <- 'country'; description <- 'sector' + 'product_type'"),
        "{err}"
    );
}

/// A workbook written with rust_xlsxwriter: a title block, then a manifest whose HTS,
/// value and postcode cells are numbers, a date cell and a serial date, and a second sheet.
fn workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.set_name("Summary").unwrap();
    s.write_string(0, 0, "Import report, March 2026").unwrap();
    // Row 3 (Excel's numbering) is the header.
    let header = [
        "shipment_id",
        "manufacturer",
        "hts_code",
        "description",
        "value",
        "currency",
        "entry_date",
        "zip_code",
    ];
    for (c, h) in header.iter().enumerate() {
        s.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let rows: [(&str, &str, f64, &str, f64); 3] = [
        (
            "S1",
            "Xinjiang Zhongtai Chemical Co Ltd",
            1605210012.0,
            "prepared fish",
            48600.5,
        ),
        ("S2", "Hai Phong Seafood", 30617.0, "frozen", 0.1),
        ("S3", "Hanoi Ceramics", 6912.0, "ceramic mugs", 12.0),
    ];
    for (i, (id, m, hts, d, v)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        s.write_string(r, 0, *id).unwrap();
        s.write_string(r, 1, *m).unwrap();
        s.write_number(r, 2, *hts).unwrap();
        s.write_string(r, 3, *d).unwrap();
        s.write_number(r, 4, *v).unwrap();
        s.write_string(r, 5, "USD").unwrap();
        if i == 0 {
            let d = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
            s.write_datetime_with_format(r, 6, &d, &date).unwrap();
        } else {
            s.write_number(r, 6, 46082.0).unwrap();
        }
        s.write_number(r, 7, 841000.0).unwrap();
    }
    // The row Excel mangled: the HTS cell is the text a CSV round trip leaves.
    s.write_string(6, 0, "S4").unwrap();
    s.write_string(6, 1, "Xinjiang Zhongtai Chemical Co Ltd")
        .unwrap();
    s.write_string(6, 2, "1.60521E+09").unwrap();
    s.write_string(6, 3, "prepared fish").unwrap();
    let other = book.add_worksheet();
    other.set_name("Lines").unwrap();
    other.write_string(0, 0, "supplier").unwrap();
    other.write_string(0, 1, "supplier_address").unwrap();
    other.write_string(1, 0, "Ordinary Co").unwrap();
    other.write_string(1, 1, "Kashgar, Xinjiang").unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_workbook_is_read_by_its_content() {
    let dir = tempfile::tempdir().unwrap();
    // Named .dat: told by its content.
    let path = dir.path().join("manifest.dat");
    workbook(&path);
    let (code, out, err, rejects) = run_path(&path, &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("the header is on line 3"), "{err}");
    let rows: Vec<serde_json::Value> = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["type"] == "row")
        .collect();
    assert_eq!(rows.len(), 4, "{out}");
    // Number cells as their shortest decimal text; the HTS number read back to its digits.
    assert_eq!(rows[0]["verdict"], "presumed");
    assert_eq!(rows[0]["fields"]["hts_code"], "1605210012");
    assert_eq!(rows[0]["value"], "48600.5");
    assert_eq!(rows[0]["fields"]["zip_code"], "841000");
    assert_eq!(rows[0]["fields"]["entry_date"], "2026-03-01");
    assert_eq!(rows[0]["source_line"], 4);
    assert!(
        rows[0]["codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "HP207")
    );
    // A number cell that lost its leading zero, and a serial date.
    assert_eq!(rows[1]["verdict"], "review");
    assert!(
        rows[1]["codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "DQ502")
    );
    assert_eq!(rows[1]["fields"]["entry_date"], "2026-03-01");
    assert_eq!(rows[1]["value"], "0.1");
    assert_eq!(rows[2]["verdict"], "clear");
    // The Excel-mangled HTS row is screened on its manufacturer.
    assert_eq!(rows[3]["verdict"], "presumed");
    assert!(
        rows[3]["codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "DQ503")
    );
    assert!(
        rejects.contains("manifest.dat,7,4,hts_code,cell"),
        "{rejects}"
    );
    // --sheet picks another sheet; a sheet that is not there is a clear error.
    let (_, out, err, _) = run_path(&path, &["--format", "csv", "--sheet", "Lines"]);
    assert_eq!(verdicts(&out), vec!["presumed"], "{err}");
    let (code, _, err, _) = run_path(&path, &["--sheet", "Nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("manifest.dat") && err.contains("Summary, Lines"),
        "{err}"
    );
    // A ZIP archive that is not a workbook, and a truncated workbook: errors, not panics.
    let bytes = std::fs::read(&path).unwrap();
    let (code, _, err, _) = run("cut.xlsx", &bytes[..bytes.len() / 2], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cut.xlsx") && !err.contains("panicked"),
        "{err}"
    );
    let (code, _, err, _) = run("n.csv", b"PK\x03\x04 not really a zip", &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("n.csv") && !err.contains("panicked"), "{err}");
}

#[test]
fn region_encodings_are_detected_or_named() {
    fn enc(e: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
        e.encode(text).0.into_owned()
    }
    let big5 = enc(
        encoding_rs::BIG5,
        "供應商,地址\n新疆紡織股份有限公司,新疆阿克蘇市\n臺灣貿易有限公司,臺北市中山區\n",
    );
    let sjis = enc(
        encoding_rs::SHIFT_JIS,
        "仕入先,住所\n東京繊維株式会社,東京都中央区日本橋1丁目\nさくら商事,新疆ウイグル自治区ウルムチ市\n",
    );
    let euckr = enc(
        encoding_rs::EUC_KR,
        "공급업체,주소\n한국섬유 주식회사,서울특별시 강남구\n삼성물산,중국 신장 Urumqi\n",
    );
    let mut utf16 = Vec::new();
    for u in "supplier,supplier_address\nAcme,Hanoi\nTarim Co,\"Korla, Xinjiang\"\n".encode_utf16()
    {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for (name, bytes, want, label) in [
        ("big5.csv", &big5, ["presumed", "clear"], "big5"),
        ("sjis.csv", &sjis, ["clear", "presumed"], "shift_jis"),
        ("euckr.csv", &euckr, ["clear", "presumed"], "euc-kr"),
        ("utf16.csv", &utf16, ["clear", "presumed"], "utf-16le"),
    ] {
        let (code, out, err, _) = run(name, bytes, &["--format", "csv"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(verdicts(&out), want, "{name}: {err}");
        let (_, out, err, _) = run(name, bytes, &["--format", "csv", "--encoding", label]);
        assert_eq!(verdicts(&out), want, "{name} --encoding {label}: {err}");
    }
}

#[test]
fn dash_reads_standard_input() {
    let text = "supplier,supplier_address\nAcme,Hanoi\nTarim Co,\"Korla, Xinjiang\"\n";
    let out = bin()
        .args(["screen", "--format", "csv", "--exit-zero", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(verdicts(&stdout), vec!["clear", "presumed"], "{out:?}");
    // A workbook on standard input.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.xlsx");
    workbook(&path);
    let out = bin()
        .args([
            "screen",
            "--format",
            "csv",
            "--exit-zero",
            "--sheet",
            "Lines",
            "-",
        ])
        .write_stdin(std::fs::read(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        verdicts(&String::from_utf8_lossy(&out.stdout)),
        vec!["presumed"],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issue 20: a header longer than the first MiB is read whole (it used to be cut at the
/// sample, and every row rejected), in time linear in its columns.
#[test]
fn a_header_of_many_columns_is_read_whole() {
    let n = 200_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("col{i},"));
    }
    // The screened column comes after the first MiB.
    text.push_str("supplier\n");
    text.push_str(&",".repeat(n));
    text.push_str("Xinjiang Tianrun Cotton Co\n");
    text.push_str(&",".repeat(n));
    text.push_str("Hanoi Co\n");
    assert!(text.len() > 2 << 20);
    let (code, out, err, rejects) = run("wide.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = rows_of(&out);
    assert_eq!(rows.len(), 2, "{err}");
    assert_eq!(rows[0].0, "presumed");
    assert!(!rejects.lines().skip(1).any(|l| !l.is_empty()), "{rejects}");
}

/// Issue 20: a field over --max-field-bytes is rejected while it is read, not after it was
/// buffered (see docs/manifest-format.md, "Limits and memory", for the memory figure).
#[test]
fn an_oversized_field_is_rejected_while_reading() {
    let mut text = String::from("supplier,description\r\nA,\"");
    text.push_str(&"x\r\n".repeat(2_000_000));
    text.push_str("\"\r\nXinjiang Co,ok\r\n");
    let (code, out, err, rejects) = run(
        "big.csv",
        text.as_bytes(),
        &["--format", "jsonl", "--max-field-bytes", "1000"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(rows_of(&out).len(), 1);
    assert!(out.contains("\"source_line\":2000003"), "{err}");
    assert!(
        rejects.contains(
            "big.csv,2,1,description,record,\"field is 6000000 bytes, over the limit of 1000"
        ),
        "{rejects}"
    );
}

/// A blank row wider than the header is still a blank row, not a ragged record.
#[test]
fn wide_blank_rows_are_blank() {
    let (code, out, err, rejects) = run(
        "b.csv",
        b"supplier,description\nXinjiang Co,x\n,,,,,,\n",
        &["--format", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(verdicts(&out), vec!["presumed"]);
    assert!(rejects.contains(",blank,"), "{rejects}");
    assert!(!rejects.contains(",record,"), "{rejects}");
}

/// Trial 12: "Product Details", "Description of Goods", "Made In" and "Country of
/// Manufacture" fed nothing, and only the last was named in a warning: a file whose goods
/// said "yarn spun in Kashgar" came out clear. They are read now, and a goods-like column
/// that still feeds nothing is named.
#[test]
fn goods_and_origin_headers_as_buyers_write_them_are_read_or_named() {
    let text = "Supplier Name,Product Details,Made In\nFoo Co,\"Cotton T-shirts, yarn spun in Kashgar\",Vietnam\n";
    let (_, out, err, _) = run("p.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(rows_of(&out)[0].0, "presumed", "{err}");
    assert!(err.contains("description <- 'Product Details'"), "{err}");
    assert!(err.contains("country_of_origin <- 'Made In'"), "{err}");
    let text = "Supplier,Address,Description of Goods,Country of Manufacture\nFoo,Hanoi,Cotton yarn from Korla,Vietnam\n";
    let (_, out, err, _) = run("h.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert_eq!(rows_of(&out)[0].0, "presumed", "{err}");
    assert!(!err.contains("feed nothing"), "{err}");
    // Still unknown, but named.
    let text = "supplier,item_text_desc,fibre_content\nFoo,yarn spun in Kashgar,cotton\n";
    let (_, _, err, _) = run("u.csv", text.as_bytes(), &["--format", "jsonl"]);
    assert!(
        err.contains("'item_text_desc', 'fibre_content' look like goods, party or place data but feed nothing"),
        "{err}"
    );
}

/// Trial 12: a quote opened and closed a line later joined two rows into one, silently
/// ("2 rows read", the second row's supplier inside the first's address). The row is
/// screened as read and carries DQ505 (info) naming the lines; a field over two lines with no
/// delimiter in its later line (a plain multi-line description) does not.
#[test]
fn dq505_a_quote_left_open_that_joins_rows_is_noted() {
    let text = "supplier,supplier_address,description,country_of_origin\nFoo Co,\"Hanoi, Vietnam,Chairs,VN\nBar Co,Hefei\",Laptops,CN\nBaz Co,\"Hanoi, Vietnam\",Tables,VN\nQux Co,Hanoi,\"Oak tables\nwith drawers\",VN\n";
    let (_, out, err, _) = run("q.csv", text.as_bytes(), &["--format", "jsonl"]);
    let rows = rows_of(&out);
    assert_eq!(rows.len(), 3, "{err}");
    assert_eq!(rows[0].1, vec!["DQ505"], "{out}");
    assert!(out.contains("over 2 lines (2-3)"), "{out}");
    assert!(rows[1].1.is_empty() && rows[2].1.is_empty(), "{out}");
}
