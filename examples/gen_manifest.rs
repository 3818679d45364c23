//! Generate a realistic synthetic manifest for benchmarks and load tests.
//!
//! ```text
//! cargo run --release --example gen_manifest -- ROWS OUT.csv [SEED] [distinct]
//! ```
//!
//! With `distinct`, most supplier names are unique Chinese-style names ("Zhejiang Xinhong
//! Textile Co., Ltd. 12345"), the worst case for name matching: nothing repeats.
//!
//! With `realistic`, rows look like a year of bill-of-lading data: party names are drawn from
//! a long-tailed distribution over ROWS / 5 parties (a few ship often, most rarely), each
//! party always with its own address (street numbers, districts, cities in China, Vietnam,
//! Bangladesh, Malaysia, India, Turkey; about 2% in Xinjiang), and descriptions are free text
//! with purchase orders, styles, quantities, cartons and marks, so that almost no two are
//! the same.
//!
//! With `--chain CHAIN.csv` a supply-chain file is written too: three upstream tiers per line
//! (fabric or cell maker, spinner or wafer maker, raw material), about 2% of them in Xinjiang.
//! `cargo run --release --example gen_manifest -- 100000 m.csv 42 --chain chain.csv` makes a
//! 100,000-line manifest with a 300,000-row supply chain. `--tiers N` (with `--chain`) gives
//! every line N upstream tiers instead of three: the first, N - 2 intermediate processors, and
//! the raw material (N = 1: the raw material only). `--parents` fills the `parent` column:
//! each tier names the tier before it as the party it supplies.
//!
//! Rows look like the shipped samples: suppliers and manufacturers in Vietnam, Bangladesh,
//! Malaysia and many Chinese provinces, about 2% with a Xinjiang address or input, look-alikes
//! (Xinjiang Road in Qingdao, Yiwu in Zhejiang, Aksu in Kazakhstan), HTS codes across the
//! high-priority sectors and ordinary goods, values with thousands separators. A row is about
//! 250 bytes, so 1,000,000 rows make a file of about 250 MB. The same seed gives the same file.

use std::io::{BufWriter, Write};

/// xorshift64*: small, fast and deterministic; no dependency needed for test data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Pinyin syllables for made-up Chinese company names.
const SYLL: &[&str] = &[
    "xin", "hong", "tai", "hua", "long", "feng", "sheng", "da", "jin", "yuan", "mei", "kang",
    "rui", "heng", "tian", "an", "bao", "cheng", "de", "fu", "guang", "hai", "jia", "li", "ming",
    "ning", "qiang", "shun", "wei", "xiang", "yong", "zhong",
];

/// Trades in made-up company names.
const TRADE: &[&str] = &[
    "Textile",
    "Garment",
    "Trading",
    "Industrial",
    "Technology",
    "Import & Export",
    "New Material",
    "Foods",
    "Electronics",
    "Packaging",
    "Hardware",
    "Plastics",
];

const PARTIES: &[(&str, &str, &str)] = &[
    (
        "Hung Yen Garment JSC",
        "Pho Noi A Industrial Park, Hung Yen, Vietnam",
        "VN",
    ),
    (
        "Saigon Knit Co. Ltd",
        "Lot 12, Tan Thuan EPZ, Ho Chi Minh City, Viet Nam",
        "VN",
    ),
    (
        "Rahman Knit Composite Ltd",
        "Plot 14, BSCIC, Narayanganj, Bangladesh",
        "BD",
    ),
    (
        "Kulim Solar Sdn Bhd",
        "Lot 5, Kulim Hi-Tech Park, 09000 Kulim, Kedah, Malaysia",
        "MY",
    ),
    (
        "Qingdao Haibin Knitting Co. Ltd",
        "No. 8 Xinjiang Road, Shibei District, Qingdao, Shandong, China",
        "CN",
    ),
    (
        "Yiwu Sunrise Crafts Co. Ltd",
        "Futian Market District 4, Yiwu, Jinhua, Zhejiang 322000, China",
        "CN",
    ),
    (
        "Foshan Alu Profiles Co. Ltd",
        "Nanhai District, Foshan, Guangdong, China",
        "CN",
    ),
    (
        "Changzhou Greenfloor Co. Ltd",
        "Wujin District, Changzhou, Jiangsu, China",
        "CN",
    ),
    (
        "Ningbo Shanshan Home Co. Ltd",
        "Yinzhou District, Ningbo, Zhejiang, China",
        "CN",
    ),
    (
        "Aksu Ferroalloy Trading LLP",
        "Aksu, Pavlodar Region, Kazakhstan",
        "KZ",
    ),
    (
        "Bole Coffee Exporters PLC",
        "Bole Road, Addis Ababa, Ethiopia",
        "ET",
    ),
    (
        "Jamshedpur Brassware Pvt Ltd",
        "Bistupur, Jamshedpur 831001, Jharkhand, India",
        "IN",
    ),
    (
        "Rosenheim Holzwaren GmbH",
        "Kufsteiner Str. 5, 83022 Rosenheim, Germany",
        "DE",
    ),
    ("Nordic Catch AS", "Alesund, Norway", "NO"),
    (
        "California Sunfresh Packers",
        "Los Banos, California, USA",
        "US",
    ),
    ("上海德尔塔化工有限公司", "上海市静安区新疆路485号", "CN"),
];

const XINJIANG: &[(&str, &str)] = &[
    (
        "Aksu Huaxing Textile Co. Ltd",
        "Aksu Textile Industrial City, Aksu, Xinjiang, China",
    ),
    (
        "Xinjiang Tianye Plastics Trading Co.",
        "No. 36 Beiquan Road, Shihezi 832000, China",
    ),
    (
        "新疆屯河番茄制品有限公司",
        "新疆昌吉州玛纳斯县工业园区 832200",
    ),
    (
        "Korla Spinning Mill",
        "Korla Economic Zone, Bayingolin, China",
    ),
    ("Kashgar Garment Co.", "Tel +86 998 2345678, Kashgar"),
];

const GOODS: &[(&str, &str)] = &[
    ("6109.10.0012", "Men's knit T-shirts, 100% cotton"),
    ("6110.20.2079", "Women's cotton cardigans"),
    ("6203.42.4011", "Men's denim jeans"),
    ("5205.12.1000", "Cotton yarn Ne 30/1 combed"),
    ("8541.43.0010", "Monocrystalline PV modules 550W"),
    ("2002.90.8010", "Tomato paste 28-30 brix, drums"),
    ("7604.29.1010", "Aluminium extrusion profiles 6063-T5"),
    ("3918.10.1000", "SPC vinyl plank flooring 5mm"),
    ("0304.75.1000", "Frozen Alaska pollock fillets"),
    ("7208.51.0060", "Hot-rolled steel plate"),
    ("8507.60.0020", "Lithium-ion battery packs 48V"),
    ("9503.00.0073", "Plush toys"),
    ("9403.60.8081", "Wooden side tables"),
    ("9505.10.2500", "Christmas ornaments (glass)"),
    ("4202.92.3131", "Backpacks, polyester shell"),
    ("8714.94.9000", "Bicycle brake levers"),
    ("0901.11.0025", "Green coffee beans (Arabica)"),
    ("9405.11.4000", "Ceiling lamps"),
];

fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = std::env::args().collect();
    let chain_path = args.iter().position(|a| a == "--chain").map(|i| {
        let p = args.get(i + 1).cloned().expect("--chain needs a path");
        args.drain(i..=i + 1);
        p
    });
    let parents = match args.iter().position(|a| a == "--parents") {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let tiers_n: usize = match args.iter().position(|a| a == "--tiers") {
        Some(i) => {
            let n = args
                .get(i + 1)
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .expect("--tiers needs a number of at least 1");
            args.drain(i..=i + 1);
            n
        }
        None => 3,
    };
    if args.len() < 3 {
        eprintln!("usage: gen_manifest ROWS OUT.csv [SEED]");
        std::process::exit(2);
    }
    let rows: u64 = args[1].parse().expect("ROWS is a number");
    let seed: u64 = args
        .get(3)
        .map_or(42, |s| s.parse().expect("SEED is a number"));
    let distinct = args.get(4).is_some_and(|a| a == "distinct");
    let realistic = args.get(4).is_some_and(|a| a == "realistic");
    let n_parties = (rows / 5).max(10);
    const PROV: &[&str] = &[
        "Zhejiang",
        "Jiangsu",
        "Guangdong",
        "Shandong",
        "Fujian",
        "Hebei",
        "Ningbo",
        "Suzhou",
    ];
    // The first eight trades (the `distinct` mode's list, kept so its files stay the same).
    let trade = &TRADE[..8];
    let mut rng = Rng(seed.max(1));
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[2])?);
    writeln!(
        w,
        "Entry No,Line,Entry Date,Importer,Supplier,Supplier Address,Manufacturer,Manufacturer Address,COO,HTS,Description,Qty,Unit,Value,Currency"
    )?;
    let mut chain = match &chain_path {
        Some(p) => {
            let mut c = BufWriter::with_capacity(1 << 20, std::fs::File::create(p)?);
            writeln!(
                c,
                "shipment_id,line,tier,role,party,address,country,material,parent"
            )?;
            Some(c)
        }
        None => None,
    };
    let importers = [
        "Northbound Apparel Inc.",
        "SunGrid Energy LLC",
        "Maple Home Goods Ltd",
        "Golden Valley Foods Corp",
    ];
    for i in 0..rows {
        let entry = format!("ENT-{:07}", i / 4);
        let line = i % 4 + 1;
        let date = format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let (sup, sup_addr, coo) = PARTIES[rng.below(PARTIES.len() as u64) as usize];
        let unique;
        let sup = if distinct {
            unique = format!(
                "{} {}{} {} Co., Ltd. {}",
                rng.pick(PROV),
                capital(rng.pick(SYLL)),
                rng.pick(SYLL),
                rng.pick(trade),
                rng.below(100_000)
            );
            unique.as_str()
        } else {
            sup
        };
        let (real_sup, real_addr, real_coo);
        let (sup, sup_addr, coo) = if realistic {
            // log-uniform rank: the first parties ship often, the long tail rarely.
            let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            let rank = ((n_parties as f64).powf(u) as u64)
                .saturating_sub(1)
                .min(n_parties - 1);
            (real_sup, real_addr, real_coo) = party(rank, seed);
            (real_sup.as_str(), real_addr.as_str(), real_coo)
        } else {
            (sup, sup_addr, coo)
        };
        let (mut mfr, mut mfr_addr) = (sup, sup_addr);
        let (hts, desc) = GOODS[rng.below(GOODS.len() as u64) as usize];
        let mut desc = desc.to_string();
        if realistic {
            let marks: String = sup
                .split(' ')
                .take(3)
                .filter_map(|w| w.chars().next())
                .collect();
            desc = format!(
                "{desc}; PO {} style {}{:04} {} PCS in {} CTNS, marks {}/{:05}",
                10_000 + rng.below(90_000),
                (b'A' + rng.below(26) as u8) as char,
                rng.below(10_000),
                100 + rng.below(20_000),
                1 + rng.below(900),
                marks.to_uppercase(),
                rng.below(100_000)
            );
        }
        match if realistic { 99 } else { rng.below(100) } {
            0 | 1 => {
                let (n, a) = XINJIANG[rng.below(XINJIANG.len() as u64) as usize];
                mfr = n;
                mfr_addr = a;
            }
            2 => desc.push_str("; yarn from Xinjiang"),
            _ => {}
        }
        let qty = 100 + rng.below(20_000);
        let cents = 50_000 + rng.below(50_000_000);
        let value = format!("{}.{:02}", group(cents / 100), cents % 100);
        let importer = rng.pick(&importers);
        if let Some(c) = chain.as_mut() {
            let tiers: [(&str, &str, &str, &str); 3] = match rng.below(100) {
                0 | 1 => [
                    (
                        "fabric mill",
                        "Ningbo Fleece Textile Co.",
                        "Beilun District, Ningbo, Zhejiang",
                        "CN",
                    ),
                    (
                        "yarn spinner",
                        "Aksu Huaxing Textile Co. Ltd",
                        "Aksu Textile Industrial City, Aksu",
                        "CN",
                    ),
                    (
                        "raw material",
                        "Aksu Seed Cotton Station",
                        "Awati County, Aksu",
                        "CN",
                    ),
                ],
                2 => [
                    (
                        "cell maker",
                        "Kulim Cell Sdn Bhd",
                        "Kulim Hi-Tech Park, Kedah",
                        "MY",
                    ),
                    (
                        "wafer and polysilicon supplier",
                        "HOSHINE SILICON IND (SHANSHAN) CO LTD",
                        "Shanshan County, Turpan",
                        "CN",
                    ),
                    ("raw material", "Quartz Mine", "Unknown", "CN"),
                ],
                _ => [
                    (
                        "fabric mill",
                        "Dong Nai Knitting Mill Co.",
                        "Nhon Trach Industrial Park, Dong Nai",
                        "VN",
                    ),
                    (
                        "yarn spinner",
                        "Faisalabad Combed Yarns Ltd",
                        "Sargodha Road, Faisalabad",
                        "PK",
                    ),
                    (
                        "raw material",
                        "Lubbock Cotton Gin Cooperative",
                        "Lubbock, Texas",
                        "US",
                    ),
                ],
            };
            // The first tier, intermediate processors, the raw material.
            let mut chain_rows: Vec<(String, String, &str, &str)> = Vec::new();
            if tiers_n >= 2 {
                let (role, party, addr, country) = tiers[0];
                chain_rows.push((role.to_string(), party.to_string(), addr, country));
            }
            for k in 0..tiers_n.saturating_sub(2) {
                let (role, party, addr, country) = tiers[1];
                let (role, party) = if k == 0 {
                    (role.to_string(), party.to_string())
                } else {
                    (
                        format!("{role} (stage {})", k + 1),
                        format!("{party} {}", k + 1),
                    )
                };
                chain_rows.push((role, party, addr, country));
            }
            let (role, party, addr, country) = tiers[2];
            chain_rows.push((role.to_string(), party.to_string(), addr, country));
            for (k, (role, party, addr, country)) in chain_rows.iter().enumerate() {
                // With --parents each tier names the one it supplies (the tier before).
                let parent = match (parents, k) {
                    (true, k) if k > 0 => q(&chain_rows[k - 1].1),
                    _ => String::new(),
                };
                writeln!(
                    c,
                    "{entry},{line},{},{role},{},{},{country},input,{parent}",
                    k + 2,
                    q(party),
                    q(addr)
                )?;
            }
        }
        writeln!(
            w,
            "{entry},{line},{date},{importer},{},{},{},{},{coo},{hts},{},{qty},PCS,\"{value}\",USD",
            q(sup),
            q(sup_addr),
            q(mfr),
            q(mfr_addr),
            q(&desc)
        )?;
    }
    if let Some(mut c) = chain {
        c.flush()?;
    }
    w.flush()
}

/// The party of a rank in the realistic mode: always the same name, address and country
/// for the same rank and seed.
fn party(rank: u64, seed: u64) -> (String, String, &'static str) {
    const CN: &[(&str, &str)] = &[
        ("Shaoxing", "Zhejiang"),
        ("Ningbo", "Zhejiang"),
        ("Suzhou", "Jiangsu"),
        ("Nantong", "Jiangsu"),
        ("Dongguan", "Guangdong"),
        ("Foshan", "Guangdong"),
        ("Qingdao", "Shandong"),
        ("Quanzhou", "Fujian"),
        ("Baoding", "Hebei"),
        ("Wuhan", "Hubei"),
    ];
    const XJ: &[&str] = &[
        "Urumqi", "Aksu", "Korla", "Kashgar", "Shihezi", "Changji", "Hotan",
    ];
    const ABROAD: &[(&str, &str, &str, &str)] = &[
        ("Garment JSC", "Industrial Park", "Hung Yen, Vietnam", "VN"),
        (
            "Knit Composite Ltd",
            "BSCIC",
            "Narayanganj, Bangladesh",
            "BD",
        ),
        (
            "Solar Sdn Bhd",
            "Hi-Tech Park",
            "Kulim, Kedah, Malaysia",
            "MY",
        ),
        (
            "Exports Pvt Ltd",
            "SIDCO Estate",
            "Tiruppur, Tamil Nadu, India",
            "IN",
        ),
        ("Tekstil A.S.", "Organize Sanayi", "Bursa, Turkey", "TR"),
    ];
    let mut r = Rng((rank.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed).max(1));
    let word = format!("{}{}{}", capital(r.pick(SYLL)), r.pick(SYLL), r.pick(SYLL));
    let street = 1 + r.below(999);
    match r.below(100) {
        0 | 1 => {
            let city = r.pick(XJ);
            (
                format!("Xinjiang {word} {} Co., Ltd.", r.pick(TRADE)),
                format!(
                    "No. {street} {} Road, {city}, Xinjiang, China",
                    capital(r.pick(SYLL))
                ),
                "CN",
            )
        }
        2..=61 => {
            let (city, prov) = CN[r.below(CN.len() as u64) as usize];
            (
                format!("{prov} {word} {} Co., Ltd.", r.pick(TRADE)),
                format!(
                    "No. {street} {} Road, {} District, {city}, {prov}, China",
                    capital(r.pick(SYLL)),
                    capital(r.pick(SYLL))
                ),
                "CN",
            )
        }
        _ => {
            let (kind, park, place, c) = ABROAD[r.below(ABROAD.len() as u64) as usize];
            (
                format!("{word} {kind}"),
                format!("Plot {street}, {park}, {place}"),
                c,
            )
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn q(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
