//! Reading manifests: dialects, encodings, typed values, rejects, and the accounting rule
//! that every input row ends up exactly once in the results or in the rejects.

use crate::support::screen_bytes;
use uflpa_screen::Verdict;
use uflpa_screen::input::{Column, DecimalStyle, ReadOptions, RejectKind};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

#[test]
fn every_row_is_screened_or_rejected_exactly_once() {
    let csv = "\
shipment_id,line,supplier,supplier_address,value,currency
S1,1,Acme,\"Urumqi, China\",100.00,USD
S1,2,Acme,Shanghai,abc,USD
S1,3,Acme,Shanghai
S1,4,Acme,Shanghai,50.00,USD,extra
,,,,,
S2,1,\"Multi
line name\",Shanghai,12.50,USD
S2,2,Beta,Kashgar,1.234,USD
S2,3,Gamma,Shanghai,\"1,234.50\",USD
";
    let (rows, rejects, summary) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    let mut seen: Vec<u64> = rows
        .iter()
        .map(|r| r.0)
        .chain(
            rejects
                .iter()
                .filter(|r| r.kind != RejectKind::Cell)
                .map(|r| r.row),
        )
        .collect();
    seen.sort();
    assert_eq!(seen, (1..=8).collect::<Vec<u64>>(), "each data row once");
    assert_eq!(summary.rows_read, 8);
    assert_eq!(summary.screened() + summary.rejected + summary.blank, 8);
    let reasons: Vec<(u64, &str)> = rejects.iter().map(|r| (r.row, r.reason.as_str())).collect();
    // Row 2's value cannot be read: the row is screened, the cell listed.
    assert!(
        reasons
            .iter()
            .any(|(r, m)| *r == 2 && m.contains("DQ501: 'abc' is not a number")),
        "{reasons:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.0 == 2 && r.2.contains(&"DQ501".to_string()))
    );
    assert_eq!(summary.cells, 1);
    assert!(
        reasons
            .iter()
            .any(|(r, m)| *r == 3 && m.contains("expected 6 fields")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(r, m)| *r == 4 && m.contains("found 7")),
        "{reasons:?}"
    );
    let blank = rejects.iter().find(|r| r.row == 5).unwrap();
    assert_eq!(blank.kind, RejectKind::Blank);
    // The file's convention is decimal point (from "1,234.50"), so "1.234" is one point two three four.
    assert!(rows.iter().any(|r| r.0 == 7 && r.1 == Verdict::Presumed));
    assert_eq!(summary.count(Verdict::Presumed), 2);
}

#[test]
fn rejects_name_line_column_and_raw_text() {
    let csv = "supplier,value\nAcme,12.00\nBeta,twelve\n";
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert_eq!((rows.len(), rejects.len()), (2, 1));
    let r = &rejects[0];
    assert_eq!(r.kind, RejectKind::Cell);
    assert_eq!((r.row, r.source_line), (2, 3));
    assert_eq!(r.column.as_deref(), Some("value"));
    assert_eq!(r.raw, "Beta,twelve");
}

#[test]
fn unclosed_quote_that_swallows_rows_is_rejected() {
    let csv =
        "supplier,address,value\nAcme,\"Shanghai,1.00\nBeta,Urumqi,2.00\nGamma,Kashgar,3.00\n";
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert!(rows.is_empty(), "{rows:?}");
    assert_eq!(rejects.len(), 1);
    assert!(
        rejects[0].reason.contains("quote") || rejects[0].reason.contains("fields"),
        "{}",
        rejects[0].reason
    );
}

#[test]
fn bom_crlf_and_delimiters_are_detected() {
    for (name, bytes) in [
        (
            "bom+crlf",
            b"\xEF\xBB\xBFsupplier,supplier_address\r\nAcme,\"Urumqi, China\"\r\n".to_vec(),
        ),
        (
            "semicolon",
            b"supplier;supplier_address\nAcme;Urumqi, China\n".to_vec(),
        ),
        (
            "tab",
            b"supplier\tsupplier_address\nAcme\tUrumqi, China\n".to_vec(),
        ),
        (
            "pipe",
            b"supplier|supplier_address\nAcme|Urumqi, China\n".to_vec(),
        ),
    ] {
        let (rows, rejects, _) =
            screen_bytes(&bytes, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(rejects.is_empty(), "{name}: {rejects:?}");
        assert_eq!(rows.len(), 1, "{name}");
        assert_eq!(
            rows[0].1,
            Verdict::Presumed,
            "{name}: header must be recognised, BOM stripped"
        );
    }
}

#[test]
fn gbk_and_windows_1252_are_detected() {
    let (gbk, _, _) = encoding_rs::GBK.encode("供应商,地址\n阿克苏华兴纺织有限公司,新疆阿克苏市\n青岛海滨针织,山东省青岛市市北区新疆路8号\n");
    let (rows, rejects, _) = screen_bytes(&gbk, &opts()).unwrap();
    assert!(rejects.is_empty());
    assert_eq!(
        rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        vec![Verdict::Presumed, Verdict::Clear]
    );

    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("supplier,supplier_address\nMüller GmbH,\"Straße 5, München, Germany\"\nÜrümqi Trading,Ürümqi\n");
    let (rows, rejects, _) = screen_bytes(&latin, &opts()).unwrap();
    assert!(rejects.is_empty());
    assert_eq!(
        rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        vec![Verdict::Clear, Verdict::Presumed]
    );
}

#[test]
fn gbk_read_as_utf8_is_rejected_per_row_with_a_hint() {
    let mut bytes = b"supplier,supplier_address\nAcme,Shanghai\n".to_vec();
    bytes.extend_from_slice(&encoding_rs::GBK.encode("阿克苏,新疆\n").0);
    let o = ReadOptions {
        encoding: Some(encoding_rs::UTF_8),
        ..opts()
    };
    let (rows, rejects, _) = screen_bytes(&bytes, &o).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rejects.len(), 1);
    assert!(
        rejects[0].reason.contains("not valid UTF-8") && rejects[0].reason.contains("--encoding"),
        "{}",
        rejects[0].reason
    );
}

#[test]
fn decimal_commas_and_thousands_separators() {
    let csv = "supplier;value;currency\nA;1.234,50;EUR\nB;54.000,00;EUR\nC;1.234;EUR\n";
    let (rows, rejects, summary) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(rows.len(), 3);
    let eur: rust_decimal::Decimal = summary
        .value_of(Verdict::Clear)
        .iter()
        .map(|(_, d)| *d)
        .sum();
    assert_eq!(
        eur.to_string(),
        "56468.50",
        "1.234 in a decimal-comma file is 1234"
    );

    // With no unambiguous value in the file, "1,234" is rejected rather than guessed.
    let csv = "supplier,value\nA,\"1,234\"\n";
    let (_, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert!(
        rejects[0].reason.contains("ambiguous"),
        "{}",
        rejects[0].reason
    );
    let o = ReadOptions {
        decimal: DecimalStyle::Point,
        ..opts()
    };
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &o).unwrap();
    assert!(rejects.is_empty() && rows.len() == 1);
}

#[test]
fn currency_symbols_and_conflicts() {
    let csv = "supplier,value,currency\nA,$1200.00,\nB,€ 99.50,EUR\nC,€ 99.50,USD\n";
    let (rows, rejects, summary) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert_eq!(rows.len(), 3, "the row with the conflict is screened");
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].kind, RejectKind::Cell);
    assert!(rejects[0].reason.contains("EUR") && rejects[0].reason.contains("USD"));
    let cur: Vec<&str> = summary
        .value_of(Verdict::Clear)
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(cur, vec!["EUR", "USD"]);
}

#[test]
fn dates_in_several_formats() {
    let csv = "supplier,entry_date\nA,2026-03-05\nB,05.03.2026\nC,5 Mar 2026\nD,2026-02-30\n";
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert_eq!(rows.len(), 4, "the row with the bad date is screened");
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].kind, RejectKind::Cell);
    assert_eq!(rejects[0].column.as_deref(), Some("entry_date"));
    // Slash dates take their order from the file's unambiguous ones.
    let csv = "supplier,entry_date\nA,09/02/2026\nB,09/16/2026\n";
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert_eq!((rows.len(), rejects.len()), (2, 0));
    let csv = "supplier,entry_date\nA,09/02/2026\n";
    let (_, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert!(rejects[0].reason.contains("ambiguous"));
}

#[test]
fn nul_bytes_and_oversized_fields_are_rejected() {
    let mut csv = b"supplier,supplier_address\nA,Shang\0hai\n".to_vec();
    csv.extend_from_slice(format!("B,{}\n", "x".repeat(2000)).as_bytes());
    let o = ReadOptions {
        max_field_bytes: 1000,
        ..opts()
    };
    let (rows, rejects, _) = screen_bytes(&csv, &o).unwrap();
    assert!(rows.is_empty());
    assert!(rejects[0].reason.contains("NUL"));
    assert!(rejects[1].reason.contains("over the limit"));
}

#[test]
fn a_supplier_master_list_with_only_names_and_addresses_screens() {
    let csv = "Vendor Name,Address\nAksu Huaxing Textile,\"Aksu, Xinjiang\"\nAcme,\"Ohio, USA\"\n";
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert!(rejects.is_empty());
    assert_eq!(
        rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        vec![Verdict::Presumed, Verdict::Clear]
    );
}

#[test]
fn a_second_party_column_is_screened_too() {
    let csv = "Seller,Exporter,description\nAcme Trading,Xinjiang Tianrun Cotton Co.,widgets\n";
    let (rows, _, _) = screen_bytes(csv.as_bytes(), &opts()).unwrap();
    assert_eq!(
        rows[0].1,
        Verdict::Presumed,
        "the exporter column must not be ignored"
    );
}

#[test]
fn map_covers_unusual_headers_and_unknown_ones_fail() {
    let csv = "Ship From Party,Ship From Location\nAcme,\"Kashgar, China\"\n";
    let o = ReadOptions {
        maps: vec![
            (Column::Supplier, "Ship From Party".into()),
            (Column::SupplierAddress, "Ship From Location".into()),
        ],
        ..opts()
    };
    let (rows, _, _) = screen_bytes(csv.as_bytes(), &o).unwrap();
    assert_eq!(rows[0].1, Verdict::Presumed);

    let e = screen_bytes(csv.as_bytes(), &opts())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("input.csv") && e.contains("Ship From Party") && e.contains("--map"),
        "{e}"
    );

    let o = ReadOptions {
        maps: vec![(Column::Supplier, "Nope".into())],
        ..opts()
    };
    let e = screen_bytes("supplier\nA\n".as_bytes(), &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no input has a column 'Nope'"), "{e}");
}

#[test]
fn empty_and_header_only_files() {
    let e = screen_bytes(b"", &opts()).unwrap_err().to_string();
    assert!(e.contains("input.csv") && e.contains("empty"), "{e}");
    let e = screen_bytes(b"\xEF\xBB\xBF", &opts())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no header"), "{e}");
    let (rows, rejects, summary) = screen_bytes(b"supplier,supplier_address\n", &opts()).unwrap();
    assert!(rows.is_empty() && rejects.is_empty() && summary.rows_read == 0);
}

#[test]
fn random_binary_is_an_error_not_a_panic() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let r = screen_bytes(&bytes, &opts());
    match r {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok((rows, rejects, s)) => assert_eq!(rows.len() as u64 + rejects.len() as u64, s.rows_read),
    }
}
