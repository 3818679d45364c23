//! Property tests: for any input, no panic; every row in the results or the rejects exactly
//! once; the same output for any thread count; value parsers and normalisers total; text for
//! people and for XML safe whatever the values (issue 20).

use crate::support::{screener, temp_file};
use proptest::prelude::*;
use std::path::PathBuf;
use uflpa_screen::input::RejectKind;
use uflpa_screen::input::{ReadOptions, Reject, Row, Source};
use uflpa_screen::run::{self, RunOptions, Sink, Summary};
use uflpa_screen::{Outcome, Verdict};

#[derive(Default)]
struct Rows(Vec<(u64, Verdict, Vec<String>)>);
impl Sink for Rows {
    fn begin(&mut self, _: &[Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: usize, row: &Row, o: &Outcome) -> std::io::Result<()> {
        self.0.push((
            row.row,
            o.verdict,
            o.findings
                .iter()
                .map(|f| format!("{} {}", f.code, f.reason))
                .collect(),
        ));
        Ok(())
    }
    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// The same rows as [`Rows`], gathered by a [`run::RowCollector`] on the screening threads
/// (as the Python package gathers Arrow columns), one part per batch.
#[derive(Default)]
struct Collected(Rows);
struct Part(Vec<(u64, Verdict, Vec<String>)>);
struct Collector;
impl run::RowCollector for Collector {
    fn part(&self, _file: usize) -> Box<dyn run::CollectedRows> {
        Box::new(Part(Vec::new()))
    }
}
impl run::CollectedRows for Part {
    fn row(&mut self, row: &Row, o: &std::sync::Arc<Outcome>) {
        let mut r = Rows::default();
        let _ = r.row(0, row, o);
        self.0.extend(r.0);
    }
    fn finish(self: Box<Self>) -> Box<dyn std::any::Any + Send> {
        Box::new(self.0)
    }
}
impl Sink for Collected {
    fn begin(&mut self, _: &[Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: usize, _: &Row, _: &Outcome) -> std::io::Result<()> {
        Err(std::io::Error::other("a sink with a collector got a row"))
    }
    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
    fn collector(&self) -> Option<std::sync::Arc<dyn run::RowCollector>> {
        Some(std::sync::Arc::new(Collector))
    }
    fn collected(
        &mut self,
        part: Box<dyn std::any::Any + Send>,
        rows: usize,
    ) -> std::io::Result<()> {
        let part = part
            .downcast::<Vec<(u64, Verdict, Vec<String>)>>()
            .map_err(|_| std::io::Error::other("not our part"))?;
        assert_eq!(part.len(), rows);
        self.0.0.extend(*part);
        Ok(())
    }
}

type Screened = (Vec<(u64, Verdict, Vec<String>)>, Vec<Reject>, Summary);

fn screen(bytes: &[u8], threads: usize) -> Option<Screened> {
    screen_into(bytes, threads, false)
}

/// `collect`: through a sink with a [`run::RowCollector`] instead of [`Sink::row`].
fn screen_into(bytes: &[u8], threads: usize, collect: bool) -> Option<Screened> {
    let (_d, path) = temp_file("p.csv", bytes);
    let readers = run::open_all(&[path], &ReadOptions::default()).ok()?;
    let mut rows = Rows::default();
    let mut collected = Collected::default();
    let sink: &mut dyn Sink = if collect { &mut collected } else { &mut rows };
    let mut rejects: Vec<(PathBuf, Reject)> = Vec::new();
    let s = run::screen_all_with(
        screener(),
        readers,
        sink,
        &mut rejects,
        RunOptions {
            threads,
            ..RunOptions::default()
        },
        run::Upstream::default(),
    )
    .ok()?;
    let got = if collect { collected.0.0 } else { rows.0 };
    Some((got, rejects.into_iter().map(|r| r.1).collect(), s))
}

/// CSV-ish text: a header the tool knows, then rows built from risky pieces.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("Urumqi".to_string()),
        Just("Xinjiang Road, Qingdao".to_string()),
        Just("Aksu".to_string()),
        Just("新疆".to_string()),
        Just("Camel Group Co Ltd".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("1,234.50".to_string()),
        Just("1.234,50".to_string()),
        Just("\u{0}".to_string()),
        Just("\r".to_string()),
        Just("30617".to_string()),
        Just("1.60521E+09".to_string()),
        Just("79228162514264337593543950335".to_string()),
        Just("Korla".to_string()),
        Just("841000".to_string()),
        "[a-zA-Z0-9 ]{0,12}",
        "\\PC{0,6}",
    ];
    // Headers as files have them (issue 13): plain, after Excel's sep= line or a title
    // block, with a trailing delimiter, an address over several columns, a facility list.
    let header = prop_oneof![
        Just("supplier,supplier_address,description,value\n"),
        Just("sep=,\r\nsupplier,supplier_address,description,value,\r\n"),
        Just("Report\r\n\r\nsupplier,supplier_address,hts_code,value\r\n"),
        Just("shipper_party_name,shipper_party_address_1,city,state_province,zip_code,hts_code\n"),
        Just("name,address,country,sector,product_type\r"),
    ];
    (header, proptest::collection::vec(piece, 0..60)).prop_map(|(header, pieces)| {
        let mut s = String::from(header);
        for p in pieces {
            s.push_str(&p);
        }
        s.into_bytes()
    })
}

/// Any text, heavy in the characters that attack terminals, CI logs and XML.
fn hostile_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        any::<char>(),
        (0u32..0x20).prop_map(|u| char::from_u32(u).unwrap()),
        (0x7Fu32..0xA0).prop_map(|u| char::from_u32(u).unwrap()),
        Just('\u{2028}'),
        Just('\u{2029}'),
        Just('\u{202E}'),
        Just('\u{2066}'),
        Just('\u{FFFE}'),
        Just('\u{FFFF}'),
        Just(':'),
        Just('%'),
        Just('<'),
        Just('&'),
    ];
    proptest::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

/// A manifest whose shipment id, supplier and goods are `a`, `b` and `c`, one presumed line.
fn hostile_manifest(a: &str, b: &str, c: &str) -> Vec<u8> {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    format!(
        "shipment_id,line,supplier,supplier_address,description\n{},1,{},\"Urumqi, Xinjiang\",{}\n",
        q(a),
        q(b),
        q(c)
    )
    .into_bytes()
}

/// The table or GitHub output of `bytes`, through the library's own sinks.
fn human_output(bytes: &[u8], format: uflpa_screen::output::Format) -> Option<String> {
    let (_d, path) = temp_file("h.csv", bytes);
    let readers = run::open_all(&[path], &ReadOptions::default()).ok()?;
    let mut buf: Vec<u8> = Vec::new();
    {
        let mut sink = uflpa_screen::output::sink(
            format,
            Box::new(&mut buf),
            screener().pack(),
            false,
            Some(uflpa_screen::Severity::Presumed),
            &Default::default(),
            uflpa_screen::output::Layout::Current,
        );
        let mut rejects: Vec<(PathBuf, Reject)> = Vec::new();
        run::screen_all_with(
            screener(),
            readers,
            sink.as_mut(),
            &mut rejects,
            RunOptions::default(),
            run::Upstream::default(),
        )
        .ok()?;
    }
    String::from_utf8(buf).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn text_for_people_has_no_control_character_no_line_break_and_is_idempotent(s in hostile_text()) {
        use uflpa_screen::text::{for_humans, is_hazard};
        let h = for_humans(&s);
        prop_assert!(!h.chars().any(is_hazard), "{:?}", h);
        prop_assert!(!h.contains('\n') && !h.contains('\r'));
        let twice = for_humans(&h).into_owned();
        prop_assert_eq!(twice.as_str(), h.as_ref());
        if !s.chars().any(is_hazard) {
            prop_assert_eq!(h.as_ref(), s.as_str());
        }
    }

    #[test]
    fn xml_escape_leaves_only_characters_xml_allows_and_no_markup(s in hostile_text()) {
        use uflpa_screen::output::{xml_allowed, xml_escape};
        let e = xml_escape(&s);
        prop_assert!(e.chars().all(xml_allowed), "{:?}", e);
        prop_assert!(!e.contains(['<', '>', '"', '\'']));
        for (i, _) in e.match_indices('&') {
            let rest = &e[i..];
            prop_assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|x| rest.starts_with(x)),
                "{:?}", e
            );
        }
    }

    #[test]
    fn values_never_start_a_line_of_the_table_or_of_github_annotations(
        a in hostile_text(), b in hostile_text(), c in hostile_text()
    ) {
        use uflpa_screen::output::Format;
        let bytes = hostile_manifest(&a, &b, &c);
        if let Some(t) = human_output(&bytes, Format::Table) {
            for line in t.lines() {
                prop_assert!(!line.chars().any(uflpa_screen::text::is_hazard), "{:?}", line);
            }
        }
        if let Some(g) = human_output(&bytes, Format::Github) {
            for line in g.lines() {
                prop_assert!(!line.chars().any(uflpa_screen::text::is_hazard), "{:?}", line);
                prop_assert!(
                    ["::error file=", "::warning file=", "::notice file=", "::notice title=uflpa-screen::"]
                        .iter()
                        .any(|p| line.starts_with(p)),
                    "{:?}", line
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic_and_every_row_is_accounted_for(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Some((rows, rejects, s)) = screen(&bytes, 1) {
            // Records: each screened once or a record (or blank) reject; cells are extra.
            let records: Vec<_> = rejects.iter().filter(|r| r.kind != RejectKind::Cell).collect();
            prop_assert_eq!(rows.len() as u64 + records.len() as u64, s.rows_read);
            prop_assert_eq!(s.screened() + s.rejected + s.blank, s.rows_read);
            for c in rejects.iter().filter(|r| r.kind == RejectKind::Cell) {
                prop_assert!(rows.iter().any(|r| r.0 == c.row), "a cell reject of a row not screened");
            }
            let mut ids: Vec<u64> = rows.iter().map(|r| r.0).chain(records.iter().map(|r| r.row)).collect();
            ids.sort_unstable();
            prop_assert_eq!(ids, (1..=s.rows_read).collect::<Vec<u64>>());
        }
    }

    #[test]
    fn csvish_input_is_accounted_for_and_identical_for_any_thread_count(bytes in csvish()) {
        let one = screen(&bytes, 1);
        let three = screen(&bytes, 3);
        // A sink with a collector (rows gathered on the screening threads) gets the same rows.
        let collected = screen_into(&bytes, 3, true);
        match (one, three, collected) {
            (Some((r1, j1, mut s1)), Some((r3, j3, mut s3)), Some((rc, jc, mut sc))) => {
                // Each run used its own temporary file.
                s1.files.clear();
                s3.files.clear();
                sc.files.clear();
                let records = j1.iter().filter(|r| r.kind != RejectKind::Cell).count();
                prop_assert_eq!(r1.len() as u64 + records as u64, s1.rows_read);
                prop_assert_eq!(s1.screened() + s1.rejected + s1.blank, s1.rows_read);
                prop_assert_eq!(s1.cells, (j1.len() - records) as u64);
                prop_assert_eq!(&r1, &r3);
                prop_assert_eq!(&j1, &j3);
                prop_assert_eq!(&r1, &rc);
                prop_assert_eq!(&j1, &jc);
                prop_assert_eq!(&s1, &sc);
                prop_assert_eq!(s1, s3);
            }
            (None, None, None) => {}
            _ => prop_assert!(false, "one thread count or sink failed and another did not"),
        }
    }

    #[test]
    fn value_and_date_parsers_are_total(s in "\\PC{0,24}") {
        use uflpa_screen::input::value::{parse_date, parse_money, parse_quantity};
        use uflpa_screen::input::{DateOrder, DecimalStyle};
        for style in [DecimalStyle::Auto, DecimalStyle::Point, DecimalStyle::Comma] {
            let _ = parse_money(&s, style);
            let _ = parse_quantity(&s, style);
        }
        for order in [DateOrder::Auto, DateOrder::MonthFirst, DateOrder::DayFirst] {
            let _ = parse_date(&s, order);
        }
    }

    #[test]
    fn folding_is_idempotent_and_matchers_are_total(s in "\\PC{0,40}") {
        use uflpa_screen::matchers::region::{Country, TextKind};
        let f = uflpa_screen::text::fold(&s);
        prop_assert_eq!(uflpa_screen::text::fold(&f), f.clone());
        let (f2, map) = uflpa_screen::text::fold_with_map(&s);
        prop_assert_eq!(&f2, &f);
        prop_assert_eq!(map.len(), f.len() + 1);
        for kind in [TextKind::Address, TextKind::Name, TextKind::Goods] {
            let _ = screener().scan_text("t", &s, kind, &Country::Unknown);
        }
        let _ = screener().entity().candidates(&s, 3);
        let _ = uflpa_screen::matchers::entity::normalise(&s);
    }

    #[test]
    fn money_round_trips(units in 0u64..10_000_000_000, cents in 0u64..100) {
        use uflpa_screen::input::value::parse_money;
        use uflpa_screen::input::DecimalStyle;
        let plain = format!("{units}.{cents:02}");
        let grouped = uflpa_screen::output::human_amount(plain.parse().unwrap());
        let want: rust_decimal::Decimal = plain.parse().unwrap();
        prop_assert_eq!(parse_money(&grouped, DecimalStyle::Point).unwrap().amount, want);
        let euro = grouped.replace(',', " ").replace('.', ",").replace(' ', ".");
        prop_assert_eq!(parse_money(&euro, DecimalStyle::Comma).unwrap().amount, want);
    }
}

/// Several batches (2,048 rows each) in flight at once: a collector's parts arrive in input
/// order, with the rows, rejects and summary of a plain sink on one thread.
#[test]
fn a_collector_gets_every_batch_in_input_order() {
    let mut csv = String::from("shipment_id,line,supplier,supplier_address\n");
    for i in 0..5000 {
        match i {
            100 => csv.push_str(",,,\n"),
            3000 => csv.push_str("S,1,ragged\n"),
            _ if i % 7 == 0 => csv.push_str(&format!("S{i},1,Acme {i},\"Urumqi, Xinjiang\"\n")),
            _ => csv.push_str(&format!("S{i},1,Acme {i},\"Ningbo, Zhejiang\"\n")),
        }
    }
    let (r1, j1, mut s1) = screen_into(csv.as_bytes(), 1, false).expect("screened");
    let (rc, jc, mut sc) = screen_into(csv.as_bytes(), 3, true).expect("screened");
    s1.files.clear();
    sc.files.clear();
    assert_eq!(r1.len(), 4998);
    assert_eq!(j1.len(), 2, "{j1:?}");
    assert!(r1.iter().any(|r| r.1 == Verdict::Presumed));
    assert_eq!(r1, rc);
    assert_eq!(j1, jc);
    assert_eq!(s1, sc);
}
