//! The outcome memo and the threaded pipeline give the same answers as screening every row.

use crate::support::{screener, temp_file};
use uflpa_screen::engine::OutcomeMemo;
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
