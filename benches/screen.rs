//! criterion benches: each matcher on typical and look-alike texts, and the engine end to end
//! on generated rows. `cargo bench` runs them; docs/performance.md has the whole-file figures.
//! The memos of the matchers are per thread: every bench below first warms them, so these
//! measure the steady state of a manifest whose suppliers repeat, except `*_uncached` ones,
//! which use a fresh text every iteration.

use criterion::{Criterion, criterion_group, criterion_main};

/// The binary's allocator (src/main.rs), so that the costs here are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::hint::black_box;
use uflpa_screen::matchers::region::{Country, TextKind};
use uflpa_screen::{RulePack, Screener};

fn screener() -> Screener {
    Screener::new(RulePack::embedded().expect("pack")).expect("compiles")
}

const ADDRESSES: &[&str] = &[
    "Aksu Textile Industrial City, Aksu, Xinjiang, China",
    "No. 8 Xinjiang Road, Shibei District, Qingdao, Shandong, China",
    "Futian Market District 4, Yiwu, Jinhua, Zhejiang 322000, China",
    "Lot 12, Tan Thuan EPZ, Ho Chi Minh City, Viet Nam",
    "新疆昌吉州玛纳斯县工业园区 832200",
    "Bistupur, Jamshedpur 831001, Jharkhand, India",
];

fn region(c: &mut Criterion) {
    let s = screener();
    c.bench_function("region/address_warm", |b| {
        b.iter(|| {
            for a in ADDRESSES {
                black_box(s.region().scan(
                    black_box(a),
                    TextKind::Address,
                    &Country::Unknown,
                    false,
                ));
            }
        })
    });
    let mut n = 0u64;
    c.bench_function("region/address_uncached", |b| {
        b.iter(|| {
            n += 1;
            let a = format!("Room {n}, {}", ADDRESSES[(n % 6) as usize]);
            black_box(
                s.region()
                    .scan(&a, TextKind::Address, &Country::Unknown, false),
            )
        })
    });
}

fn entity(c: &mut Criterion) {
    let s = screener();
    c.bench_function("entity/listed_name_uncached", |b| {
        b.iter(|| {
            black_box(
                s.entity()
                    .candidates(black_box("HOSHINE SILICON IND (SHANSHAN) CO LTD"), 1),
            )
        })
    });
    c.bench_function("entity/unlisted_name_uncached", |b| {
        b.iter(|| {
            black_box(
                s.entity()
                    .candidates(black_box("Zhejiang Xinhong Textile Co., Ltd. 12345"), 1),
            )
        })
    });
    c.bench_function("entity/best_warm", |b| {
        b.iter(|| black_box(s.entity().best(black_box("Saigon Knit Co. Ltd"))))
    });
}

fn sector(c: &mut Criterion) {
    let s = screener();
    c.bench_function("sector/hts", |b| {
        b.iter(|| black_box(s.sector().by_hts(black_box("6109100012"), "6109.10.0012")))
    });
    let mut n = 0u64;
    c.bench_function("sector/description_uncached", |b| {
        b.iter(|| {
            n += 1;
            black_box(
                s.sector()
                    .by_text(&format!("Men's knit T-shirts, 100% cotton, lot {n}")),
            )
        })
    });
}

fn end_to_end(c: &mut Criterion) {
    let s = screener();
    let dir = std::env::temp_dir().join("uflpa-bench");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("m.csv");
    let mut csv = String::from(
        "shipment_id,line,supplier,supplier_address,country_of_origin,hts_code,description,value,currency\n",
    );
    for i in 0..2000 {
        let a = ADDRESSES[i % ADDRESSES.len()].replace('"', "");
        csv.push_str(&format!(
            "S{i},1,Supplier {},\"{a}\",CN,6109.10.0012,cotton T-shirts,\"1,234.50\",USD\n",
            i % 50
        ));
    }
    std::fs::write(&path, csv).expect("write");
    c.bench_function("end_to_end/2000_rows", |b| {
        b.iter(|| {
            let readers =
                uflpa_screen::run::open_all(std::slice::from_ref(&path), &Default::default())
                    .expect("open");
            let mut sink = uflpa_screen::report::ReportSink::new(
                s.pack(),
                uflpa_screen::report::Limits::default(),
                None,
            );
            let mut rejects: Vec<(std::path::PathBuf, uflpa_screen::input::Reject)> = Vec::new();
            black_box(
                uflpa_screen::run::screen_all(&s, readers, &mut sink, &mut rejects).expect("run"),
            )
        })
    });
}

/// One row of each kind as the engine screens it with no memo at all (a fresh matcher memo
/// per call, no outcome memo): the cost a row pays when nothing about it repeats, in one
/// number per kind (issue 19).
fn per_row(c: &mut Criterion) {
    let s = screener();
    let dir = std::env::temp_dir().join("uflpa-bench");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("per-row.csv");
    std::fs::write(
        &path,
        "shipment_id,line,supplier,supplier_address,manufacturer,manufacturer_address,country_of_origin,hts_code,description,value,currency\n\
         S1,1,Ningbo Hengda Garment Co. Ltd,\"No. 88 Jiangnan Road, Yinzhou District, Ningbo, Zhejiang 315100, China\",Ningbo Hengda Garment Co. Ltd,\"No. 88 Jiangnan Road, Ningbo\",CN,8481.80.1030,brass gate valves DN50 PO 7731 carton marks NHG-22,\"12,400.00\",USD\n\
         S2,1,Penang Cell Technology Sdn Bhd,\"Bayan Lepas, Penang, Malaysia\",Xinjiang Daqo New Energy Co. Ltd,\"Shihezi, Xinjiang, China\",MY,8541.42.0010,PV cells (not assembled) lot 4471,\"96,000.00\",USD\n\
         S3,1,Anhui Baolong Information Co,\"Hefei, Anhui, China\",Anhui Baolong Information Co,\"Hefei, Anhui\",CN,8471.30.0100,notebook computers,\"54,000.00\",USD\n",
    )
    .expect("write");
    let rows: Vec<uflpa_screen::input::Row> =
        uflpa_screen::run::open_all(std::slice::from_ref(&path), &Default::default())
            .expect("open")
            .remove(0)
            .map(|r| r.expect("reads").expect("a row"))
            .collect();
    let ctx = uflpa_screen::engine::LineContext::default();
    for (name, row) in [
        "per_row/clear",
        "per_row/presumed",
        "per_row/entity_near_miss",
    ]
    .iter()
    .zip(&rows)
    {
        c.bench_function(name, |b| b.iter(|| black_box(s.screen_line(row, &ctx))));
    }
    // What each row is (a bench of the wrong kind of row would measure nothing useful).
    let verdicts: Vec<String> = rows
        .iter()
        .map(|r| s.screen_line(r, &ctx).verdict.to_string())
        .collect();
    assert_eq!(
        verdicts,
        ["clear", "presumed", "review"],
        "per-row bench rows"
    );
}

criterion_group!(benches, region, entity, sector, end_to_end, per_row);
criterion_main!(benches);
