//! Copy a rule pack with N synthetic entities added to its Entity List, to measure how the
//! cost of screening grows with the size of the list (docs/performance.md).
//!
//! ```text
//! cargo run --release --example grow_entity_list -- rules/uflpa /tmp/pack-5k 5000
//! uflpa-screen screen --rules /tmp/pack-5k ...
//! ```
//!
//! The synthetic names look like Chinese company names ("Tailong Hengfeng Textile Co., Ltd.")
//! built from syllables that the sample and generated manifests do not use, so they add matching
//! work (shared words such as "Textile", "Co.", "Ltd.") without changing any verdict.

use std::fmt::Write as _;

const SYLL: &[&str] = &[
    "bai", "chang", "dong", "en", "gao", "hu", "jiu", "kai", "lan", "mao", "nan", "ou", "pei",
    "qin", "ren", "song", "tu", "wan", "xu", "yan", "zhao", "zeng", "qiu", "lu",
];
const TRADE: &[&str] = &[
    "Textile",
    "Cotton",
    "Polysilicon",
    "Aluminum",
    "Chemical",
    "Agricultural Products",
    "Industrial",
    "Trading",
];

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: grow_entity_list SRC_PACK_DIR OUT_DIR N");
        std::process::exit(2);
    }
    let (src, out) = (
        std::path::Path::new(&args[1]),
        std::path::Path::new(&args[2]),
    );
    let n: usize = args[3].parse().expect("N is a number");
    std::fs::create_dir_all(out)?;
    for entry in std::fs::read_dir(src)? {
        let p = entry?.path();
        if p.is_file() {
            std::fs::copy(&p, out.join(p.file_name().expect("a file name")))?;
        }
    }
    let mut list = std::fs::read_to_string(out.join("entity-list.csv"))?;
    let s = SYLL.len();
    for i in 0..n {
        let (a, b, c) = (i % s, (i / s) % s, (i / (s * s)) % s);
        let name = format!(
            "{}{} {}{} {} Co., Ltd.",
            capital(SYLL[a]),
            SYLL[b],
            capital(SYLL[c]),
            SYLL[(a + b + c) % s],
            TRADE[i % TRADE.len()]
        );
        writeln!(
            list,
            "\"{name}\",,,,v,2026-08-03,synthetic entry {i} for benchmarks,,"
        )
        .expect("writing to a String");
    }
    std::fs::write(out.join("entity-list.csv"), list)?;
    let pack = std::fs::read_to_string(out.join("pack.toml"))?;
    let mut lines: Vec<String> = Vec::new();
    for line in pack.lines() {
        match line.strip_prefix("entities = ") {
            Some(k) => {
                let k: usize = k.trim().parse().expect("entities is a number");
                lines.push(format!("entities = {}", k + n));
            }
            None => lines.push(line.to_string()),
        }
    }
    std::fs::write(out.join("pack.toml"), lines.join("\n") + "\n")?;
    Ok(())
}
