//! The outcome memo and the threaded pipeline give the same answers as screening every row.

use crate::support::{screener, temp_file};
use uflpa_screen::engine::{Finding, OutcomeMemo};
use uflpa_screen::input::{ReadOptions, Row, RowReader};

fn rows_of(path: &std::path::Path) -> Vec<Row> {
    let mut r = RowReader::open(path, &ReadOptions::default()).expect("opens");
    let mut out = Vec::new();
    while let Some(item) = r.next_row() {
        if let Ok(Ok(row)) = item {
            out.push(row);
        }
    }
    out
}

#[test]
fn remembered_outcomes_equal_fresh_ones_on_every_sample() {
    let mut checked = 0;
    // A tiny memo, so that it fills and is emptied many times.
    let mut memo = OutcomeMemo::with_limit(5);
    for entry in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-manifests")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let rows = rows_of(&path);
        // Twice over, so that the second pass is answered from the memo where it can be.
        for row in rows.iter().chain(&rows).chain(rows.iter().rev()) {
            let fresh = screener().screen(row);
            let cached = screener().screen_cached(row, &mut memo);
            assert_eq!(fresh, *cached, "{}: row {}", path.display(), row.row);
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked}");
    assert!(memo.hits > 0 && memo.misses > 0, "{memo:?}");
}

#[test]
fn el301_memo_keeps_the_entry_date_note_of_each_row() {
    // The same supplier on three dates: the listing note depends on the entry date, so a
    // remembered outcome must not carry one row's note to another.
    let csv = "supplier,importer,entry_date\n\
               Camel Group Co. Ltd,A,2023-01-05\n\
               Camel Group Co. Ltd,B,2024-01-05\n\
               Camel Group Co. Ltd,C,2023-01-05\n\
               Camel Group Co. Ltd,D,2024-01-05\n";
    let (_d, path) = temp_file("m.csv", csv.as_bytes());
    let rows = rows_of(&path);
    let mut memo = OutcomeMemo::default();
    let notes: Vec<bool> = rows
        .iter()
        .map(|r| {
            let o = screener().screen_cached(r, &mut memo);
            assert_eq!(*o, screener().screen(r));
            o.findings
                .iter()
                .any(|f| f.reason.contains("precedes the listing"))
        })
        .collect();
    assert_eq!(notes, [true, false, true, false]);
}

#[test]
fn rows_that_differ_only_outside_the_screened_fields_share_an_outcome() {
    // `exporter` is a second supplier column: screened too, so part of the key.
    let csv = "supplier,supplier_address,importer,value,description,exporter\n\
               Acme Textiles,\"Aksu, Xinjiang\",One,10.00,cotton yarn,\n\
               Acme Textiles,\"Aksu, Xinjiang\",Two,99.00,cotton yarn,\n\
               Acme Textiles,\"Aksu, Xinjiang\",Two,99.00,cotton yarn,Kashgar Mill\n\
               Acme Textiles,\"Aksu, Kazakhstan\",Two,99.00,cotton yarn,\n";
    let (_d, path) = temp_file("m.csv", csv.as_bytes());
    let rows = rows_of(&path);
    assert_eq!(rows.len(), 4);
    let mut memo = OutcomeMemo::default();
    let outcomes: Vec<_> = rows
        .iter()
        .map(|r| screener().screen_cached(r, &mut memo))
        .collect();
    assert!(std::sync::Arc::ptr_eq(&outcomes[0], &outcomes[1]));
    assert!(!std::sync::Arc::ptr_eq(&outcomes[1], &outcomes[2]));
    assert!(!std::sync::Arc::ptr_eq(&outcomes[1], &outcomes[3]));
    assert_eq!((memo.hits, memo.misses), (1, 3));
    for (r, o) in rows.iter().zip(&outcomes) {
        assert_eq!(**o, screener().screen(r), "row {}", r.row);
    }
}

/// The standard error of `screen --stats --threads 1` on `csv` (CSV out to a file).
fn stats_of(csv: &str) -> String {
    let (_dir, path) = temp_file("stats.csv", csv.as_bytes());
    let out = assert_cmd::Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(["screen", "--exit-zero", "--stats", "--threads", "1"])
        .args(["--format", "csv", "-o"])
        .arg(path.with_extension("out.csv"))
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

/// `--stats` reports the outcome memo and each matcher memo with a hit rate, and a text
/// asked about twice is answered from the description memo only on its second repeat.
#[test]
fn stats_report_every_memo() {
    let csv = "supplier,supplier_address,country_of_origin,description\n\
               A Co,\"1 Road, Hanoi, Vietnam\",VN,shirts PO 1\n\
               B Co,\"1 Road, Hanoi, Vietnam\",VN,shirts PO 2\n\
               C Co,\"1 Road, Hanoi, Vietnam\",VN,shirts PO 1\n\
               D Co,\"1 Road, Hanoi, Vietnam\",VN,shirts PO 1\n";
    let err = stats_of(csv);
    assert!(
        err.contains("outcome memo answered 0 of 4 rows (0.0%)"),
        "{err}"
    );
    // The same address in every row, asked twice a row: only the first row's asks miss.
    assert!(err.contains("addresses 75.0% of 8"), "{err}");
    // Four names, each new.
    assert!(err.contains("party names 0.0% of 4"), "{err}");
    assert!(err.contains("countries 75.0% of 8"), "{err}");
    // "shirts PO 1" three times: stored the second time, answered the third.
    assert!(err.contains("descriptions 25.0% of 4"), "{err}");
}

/// Rows whose joined address (or value text) is the same but whose parts differ must not
/// share an outcome: a finding names the column that holds its match, and a data-quality
/// finding quotes the cell (found by a trial of issue 19: the row after another got the
/// other's column name, or its unreadable value).
#[test]
fn a_composed_column_and_a_quoted_cell_are_part_of_the_key() {
    // Each row screened through one memo, checked against a fresh screen; per row, what the
    // findings of `code` say in `part` (joined).
    fn through_memo(csv: &str, code: &str, part: fn(&Finding) -> &str) -> Vec<String> {
        let (_d, path) = temp_file("m.csv", csv.as_bytes());
        let mut memo = OutcomeMemo::default();
        rows_of(&path)
            .iter()
            .map(|r| {
                let o = screener().screen_cached(r, &mut memo);
                assert_eq!(*o, screener().screen(r), "row {}", r.row);
                let parts: Vec<&str> = o
                    .findings
                    .iter()
                    .filter(|f| f.code.starts_with(code))
                    .map(part)
                    .collect();
                parts.join(",")
            })
            .collect()
    }
    let fields = through_memo(
        "row_id,Supplier,Supplier Address 1,Supplier City,Supplier Country,COO,HTS,Description\n\
         A,Acme Ltd,Urumqi,,,CN,9503.00.0073,Plush toys\n\
         B,Acme Ltd,,Urumqi,,CN,9503.00.0073,Plush toys\n\
         C,Acme Ltd,\"No. 5 Road, Kashgar\",Xinjiang,,CN,9503.00.0073,Plush toys\n\
         D,Acme Ltd,No. 5 Road,\"Kashgar, Xinjiang\",,CN,9503.00.0073,Plush toys\n",
        "XJ",
        |f| &f.field,
    );
    assert_eq!(fields.len(), 4);
    assert_eq!(fields[0], "Supplier Address 1");
    assert_eq!(fields[1], "Supplier City");
    let quoted = through_memo(
        "supplier,value,currency\nAcme Ltd,EUR 100,USD\nAcme Ltd,EUR 999,USD\n",
        "DQ",
        |f| &f.matched,
    );
    assert_eq!(quoted, ["EUR 100", "EUR 999"]);
}

/// `--stats` says how long a memo rested: on rows that never repeat, the outcome memo stops
/// looking rows up after one window of 16,384 (issue 19).
#[test]
fn stats_say_when_a_memo_rests() {
    let mut csv = String::from("supplier,description\n");
    for i in 0..17_000 {
        csv.push_str(&format!("Firm {i} Trading,goods {i}\n"));
    }
    let err = stats_of(&csv);
    assert!(
        err.contains("outcome memo answered 0 of 17000 rows (0.0%, resting for 616)"),
        "{err}"
    );
}
