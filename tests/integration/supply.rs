//! Supply chains (`--supply-chain`) and evidence (`--evidence`): the presumption follows an
//! input through every tier; traceability of high-priority lines; documentation gaps;
//! orphan and contradictory rows reported.

use assert_cmd::Command;
use predicates::prelude::*;

fn dir() -> String {
    format!(
        "{}/sample-manifests/supply-chain",
        env!("CARGO_MANIFEST_DIR")
    )
}

struct Line {
    verdict: String,
    codes: String,
    reasons: String,
    missing: String,
}

fn screen(manifest: &str, chain: Option<&str>, evidence: Option<&str>) -> (Vec<Line>, String, i32) {
    let mut args = vec!["screen".to_string(), "--format".into(), "csv".into()];
    if let Some(c) = chain {
        args.push("--supply-chain".into());
        args.push(c.into());
    }
    if let Some(e) = evidence {
        args.push("--evidence".into());
        args.push(e.into());
    }
    args.push(manifest.into());
    let out = Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args(&args)
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n);
    let (v, c, r, m) = (
        col("verdict").unwrap(),
        col("codes").unwrap(),
        col("reasons").unwrap(),
        col("missing_documents"),
    );
    let lines = rdr
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            Line {
                verdict: rec[v].to_string(),
                codes: rec[c].to_string(),
                reasons: rec[r].to_string(),
                missing: m.map(|m| rec[m].to_string()).unwrap_or_default(),
            }
        })
        .collect();
    (
        lines,
        String::from_utf8_lossy(&out.stderr).to_string(),
        out.status.code().unwrap(),
    )
}

fn sample() -> (Vec<Line>, String, i32) {
    let d = dir();
    screen(
        &format!("{d}/manifest.csv"),
        Some(&format!("{d}/supply-chain.csv")),
        Some(&format!("{d}/evidence.csv")),
    )
}

#[test]
fn sc401_traced_clean_line_is_clear_and_says_where_it_was_traced() {
    let (lines, _, _) = sample();
    let l = &lines[0];
    assert_eq!(l.verdict, "clear");
    assert_eq!(l.codes, "SC401");
    assert!(l.reasons.contains("traced to the raw material at tier 4: cotton lint (US Upland) from Lubbock Cotton Gin Cooperative, Lubbock, Texas, US"), "{}", l.reasons);
    // Without the supply chain the same line is a sector review.
    let d = dir();
    let (plain, _, _) = screen(&format!("{d}/manifest.csv"), None, None);
    assert_eq!(plain[0].verdict, "review");
    assert_eq!(plain[0].codes, "HP201;HP202");
}

#[test]
fn sc402_untraced_line_stays_review_and_names_what_is_missing() {
    let (lines, _, _) = sample();
    let l = &lines[1];
    assert_eq!(l.verdict, "review");
    assert!(l.codes.contains("SC402"), "{}", l.codes);
    assert!(l.reasons.contains("cotton origin not traced: the chain stops at tier 2 (fabric mill, Guangzhou Xintang Denim Mill), before the raw material"), "{}", l.reasons);
}

#[test]
fn a_tier_3_input_from_xinjiang_makes_the_line_presumed_naming_the_tier() {
    let (lines, _, code) = sample();
    let l = &lines[2];
    assert_eq!(l.verdict, "presumed");
    assert!(l.reasons.contains("supply chain tier 3 (yarn spinner, Aksu Huaxing Textile Co. Ltd) address 'Aksu' is Aksu"), "{}", l.reasons);
    assert_eq!(code, 1);
}

#[test]
fn a_row_with_an_empty_line_applies_to_every_line_of_its_shipment() {
    let (lines, _, _) = sample();
    for l in &lines[4..6] {
        assert_eq!(l.verdict, "presumed");
        assert!(
            l.codes.contains("EL301"),
            "Hoshine at tier 3 is on the Entity List: {}",
            l.codes
        );
        assert!(
            l.reasons
                .contains("supply chain tier 3 (wafer and polysilicon supplier"),
            "{}",
            l.reasons
        );
    }
    assert_eq!(
        lines[3].verdict, "clear",
        "backpacks: no sector, nothing upstream"
    );
}

#[test]
fn missing_documents_follow_the_sector_and_the_evidence_on_file() {
    let (lines, _, _) = sample();
    assert_eq!(lines[0].missing, "", "a clear line needs no list");
    let jeans = &lines[1].missing;
    for want in [
        "payment_records",
        "supply_chain_map",
        "production_records (tier 2)",
        "raw_material_origin",
        "cotton_gin_records",
        "cotton_worker_records",
    ] {
        assert!(jeans.contains(want), "{want} missing from {jeans}");
    }
    for on_file in [
        "purchase_order",
        "commercial_invoice",
        "packing_list",
        "bill_of_lading",
        "production_records (tier 1)",
    ] {
        assert!(
            !jeans.split(';').any(|d| d == on_file),
            "{on_file} is on file: {jeans}"
        );
    }
    let solar = &lines[4].missing;
    assert!(
        solar.contains("polysilicon_records") && !solar.contains("cotton"),
        "{solar}"
    );
    assert!(solar.contains("production_records (tier 3)"), "{solar}");
}

#[test]
fn orphans_contradictions_and_unknown_documents_are_reported() {
    let (_, err, _) = sample();
    assert!(
        err.contains("supply-chain.csv:15: shipment HCM-2026-0777 line 1 matches no manifest line"),
        "{err}"
    );
    assert!(
        err.contains(
            "Guangzhou Xintang Denim Mill appears again at tier 2 with another country or address"
        ),
        "{err}"
    );
    assert!(
        err.contains("country 'VN' contradicts the address (CN vs VN)")
            || err.contains("country 'VN' contradicts the address"),
        "{err}"
    );
    assert!(err.contains("evidence.csv:16: document type 'certificate of fumigation' is not one the rule pack knows"), "{err}");
}

#[test]
fn no_chain_rows_and_gaps_are_not_traced() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.csv");
    let c = tmp.path().join("c.csv");
    std::fs::write(&m, "shipment_id,line,supplier,hts_code,description\nS1,1,Acme,6109.10,cotton T-shirts\nS1,2,Acme,6109.10,cotton T-shirts\nS1,3,Acme,9403.60,tables\n").unwrap();
    std::fs::write(
        &c,
        "shipment_id,line,tier,role,party,address,country,material,parent\nS1,2,1,garment maker,Acme,Dhaka,BD,shirts,\nS1,2,3,raw material,Texas Gin,\"Lubbock, Texas\",US,cotton lint,Nowhere Spinning\n",
    )
    .unwrap();
    let (lines, err, _) = screen(m.to_str().unwrap(), Some(c.to_str().unwrap()), None);
    assert!(
        lines[0]
            .reasons
            .contains("cotton origin not traced: no supply-chain rows for shipment S1 line 1"),
        "{}",
        lines[0].reasons
    );
    assert!(
        lines[1].reasons.contains("the chain skips tier 2"),
        "{}",
        lines[1].reasons
    );
    assert_eq!(lines[2].verdict, "clear");
    assert!(
        err.contains("parent 'Nowhere Spinning' is not a party of this line's chain"),
        "{err}"
    );
}

#[test]
fn entity_list_party_upstream_is_presumed_even_outside_xinjiang() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.csv");
    let c = tmp.path().join("c.csv");
    std::fs::write(
        &m,
        "shipment_id,line,supplier,description\nS1,1,Acme,UPS units\n",
    )
    .unwrap();
    std::fs::write(
        &c,
        "shipment_id,line,tier,role,party,country\nS1,1,2,battery maker,CAMEL GROUP CO LTD,CN\n",
    )
    .unwrap();
    let (lines, _, code) = screen(m.to_str().unwrap(), Some(c.to_str().unwrap()), None);
    assert_eq!(lines[0].verdict, "presumed");
    assert!(
        lines[0]
            .reasons
            .contains("supply chain tier 2 (battery maker, CAMEL GROUP CO LTD) party"),
        "{}",
        lines[0].reasons
    );
    assert_eq!(code, 1);
}

#[test]
fn a_bad_supply_chain_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.csv");
    let c = tmp.path().join("c.csv");
    std::fs::write(&m, "shipment_id,line,supplier\nS1,1,Acme\n").unwrap();
    std::fs::write(&c, "shipment_id,party\nS1,Acme\n").unwrap();
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args([
            "screen",
            "--supply-chain",
            c.to_str().unwrap(),
            m.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("c.csv")
                .and(predicates::str::contains("missing column tier")),
        );
    std::fs::write(&c, "shipment_id,line,tier,party\nS1,1,first,Acme\n").unwrap();
    Command::cargo_bin("uflpa-screen")
        .unwrap()
        .args([
            "screen",
            "--supply-chain",
            c.to_str().unwrap(),
            m.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("'first' is not a tier number"));
}

#[test]
fn waived_sectors_and_unreadable_cells_ask_for_no_tracing_documents() {
    // The report's trial: a waived cotton finding still asked for cotton documents, and a
    // line in review only for a value that could not be read got the whole tracing list.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("m.csv"),
        "shipment_id,line,supplier,supplier_address,country_of_origin,hts_code,description,value,currency\n\
S1,1,Ningbo Shanshan Yarn Co,\"Ningbo, Zhejiang\",CN,5205.12.1000,cotton yarn with PVC coating,\"1,000.00\",USD\n\
S2,1,Solingen Tools GmbH,\"Solingen, Germany\",DE,8205.40.0000,screwdrivers,12.5.00,EUR\n\
S3,1,Ningbo Shanshan Spinning Co,\"Ningbo, Zhejiang\",CN,5205.12.1000,cotton yarn with PVC coating,\"1,000.00\",USD\n",
    )
    .unwrap();
    std::fs::write(
        p.join("ev.csv"),
        "shipment_id,line,tier,document_type,reference\n",
    )
    .unwrap();
    std::fs::write(
        p.join("uflpa.toml"),
        "[[waiver]]\ncode = \"HP202\"\nsupplier = \"Ningbo Shanshan Yarn Co\"\nreason = \"traced\"\nreviewer = \"a@b.c\"\nexpires = 2099-01-01\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("uflpa-screen")
        .unwrap()
        .current_dir(p)
        .args([
            "screen",
            "--format",
            "csv",
            "--exit-zero",
            "--max-rejects",
            "9",
            "--evidence",
            "ev.csv",
            "m.csv",
        ])
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (md, codes) = (col("missing_documents"), col("codes"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let docs = |i: usize| rows[i][md].to_string();
    // Both lines stay in review for PVC; on the first the cotton finding (HP202) is waived,
    // so the cotton documents go and the general ones stay.
    assert_eq!(&rows[0][col("verdict")], "review", "{:?}", rows[0]);
    let (waived, other) = (docs(0), docs(2));
    assert!(other.contains("cotton_gin_records"), "not waived: {other}");
    assert!(!waived.contains("cotton_gin_records"), "waived: {waived}");
    assert!(waived.contains("supply_chain_map"), "waived: {waived}");
    // Only an unreadable value: nothing to trace.
    assert!(rows[1][codes].contains("DQ501"), "{:?}", rows[1]);
    assert_eq!(docs(1), "", "{:?}", rows[1]);
}
