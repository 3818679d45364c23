//! The labelled region set (issue 12): hundreds of manifest lines written the way trade
//! documents arrive, by script and kind, with look-alikes. Every Xinjiang line must be
//! `presumed`, no look-alike may be, and every garbled (mojibake) line must be at least
//! `review`. The figures per category are printed (`cargo test labelled -- --nocapture`).

use crate::support::screen_bytes;
use std::collections::BTreeMap;
use uflpa_screen::Verdict;

#[test]
fn labelled_region_set_meets_the_bar() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/region-labelled.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let cols = [
        "supplier",
        "supplier_address",
        "manufacturer",
        "manufacturer_address",
        "country_of_origin",
        "description",
    ];
    let idx: Vec<usize> = cols
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).unwrap())
        .collect();
    let (cat_i, exp_i) = (
        headers.iter().position(|h| h == "category").unwrap(),
        headers.iter().position(|h| h == "expected").unwrap(),
    );
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(cols).unwrap();
    for rec in &records {
        w.write_record(idx.iter().map(|&i| &rec[i])).unwrap();
    }
    let bytes = w.into_inner().unwrap();
    let (screened, rejects, _) = screen_bytes(&bytes, &Default::default()).unwrap();
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(screened.len(), records.len());
    // category -> (lines, right, Xinjiang lines, of them presumed, look-alikes, of them presumed)
    let mut by_cat: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (rec, (_, v, why)) in records.iter().zip(&screened) {
        let v = *v;
        let fields: Vec<&str> = idx.iter().map(|&i| &rec[i]).collect();
        let expected = &rec[exp_i];
        let ok = match expected {
            "presumed" => v == Verdict::Presumed,
            "not_presumed" => v != Verdict::Presumed,
            "not_clear" => v != Verdict::Clear,
            other => panic!("unknown expectation {other}"),
        };
        let e = by_cat.entry(rec[cat_i].to_string()).or_default();
        e[0] += 1;
        match expected {
            "presumed" => {
                e[2] += 1;
                e[3] += usize::from(v == Verdict::Presumed);
            }
            "not_presumed" => {
                e[4] += 1;
                e[5] += usize::from(v == Verdict::Presumed);
            }
            _ => {}
        }
        if ok {
            e[1] += 1;
        } else {
            wrong.push(format!(
                "{} [{}] expected {expected}, got {v}: {:?} {:?}",
                &rec[cat_i],
                fields.join(" | "),
                why,
                &rec[rec.len() - 1]
            ));
        }
    }
    println!(
        "{:<28} {:>6} {:>6} {:>16} {:>16}",
        "category", "lines", "right", "presumed recall", "false presumed"
    );
    let pct = |a: usize, b: usize| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{a}/{b} {:.0}%", 100.0 * a as f64 / b as f64)
        }
    };
    for (c, [n, r, xj, xj_p, look, look_p]) in &by_cat {
        println!(
            "{c:<28} {n:>6} {r:>6} {:>16} {:>16}",
            pct(*xj_p, *xj),
            pct(*look_p, *look)
        );
    }
    assert!(
        wrong.is_empty(),
        "{} of the labelled lines are wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
