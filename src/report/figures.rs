//! The report's figures, aggregated with polars.

use super::LineRecord;
use crate::verdict::Verdict;
use polars::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One row of a breakdown table.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The sector, supplier, country, rule or verdict.
    pub key: String,
    /// Lines.
    pub rows: u64,
    /// Presumed lines.
    pub presumed: u64,
    /// Review lines.
    pub review: u64,
    /// Declared value per currency.
    pub value: Vec<(String, Decimal)>,
    /// Declared value of presumed and review lines per currency.
    pub at_risk: Vec<(String, Decimal)>,
}

/// All breakdowns of a report.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// By verdict.
    pub by_verdict: Vec<GroupRow>,
    /// By high-priority sector ("(none)" for lines outside them).
    pub by_sector: Vec<GroupRow>,
    /// By supplier.
    pub by_supplier: Vec<GroupRow>,
    /// By country of origin.
    pub by_country: Vec<GroupRow>,
    /// By rule code (active findings).
    pub by_rule: Vec<GroupRow>,
    /// The ten suppliers with the most value at risk (in the main currency).
    pub top_suppliers: Vec<GroupRow>,
    /// The currency with the most value at risk, used for charts.
    pub main_currency: String,
    /// Some value had more than four decimal places (rounded in the breakdowns only).
    pub inexact: bool,
}

const SCALE: u32 = 4;

fn units(d: Decimal, inexact: &mut bool) -> i64 {
    if d.normalize().scale() > SCALE {
        *inexact = true;
    }
    (d.round_dp(SCALE) * Decimal::from(10_i64.pow(SCALE)))
        .to_i64()
        .unwrap_or(0)
}

fn from_units(u: i64) -> Decimal {
    Decimal::new(u, SCALE).normalize().round_dp(SCALE)
}

/// Long table: one row per (line, key).
fn frame(
    lines: &[LineRecord],
    keys: &dyn Fn(&LineRecord) -> Vec<String>,
    inexact: &mut bool,
) -> PolarsResult<DataFrame> {
    let (mut k, mut cur, mut u, mut has, mut risk, mut pres, mut rev) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for l in lines {
        let value = l.value.map(|d| units(d, inexact));
        for key in keys(l) {
            k.push(key);
            cur.push(l.currency.clone());
            u.push(value.unwrap_or(0));
            has.push(value.is_some());
            risk.push(l.verdict != Verdict::Clear);
            pres.push(l.verdict == Verdict::Presumed);
            rev.push(l.verdict == Verdict::Review);
        }
    }
    df!(
        "key" => k,
        "currency" => cur,
        "units" => u,
        "has_value" => has,
        "risk" => risk,
        "presumed" => pres,
        "review" => rev,
    )
}

fn group(df: &DataFrame) -> PolarsResult<Vec<GroupRow>> {
    let counts = df
        .clone()
        .lazy()
        .group_by([col("key")])
        .agg([
            len().alias("rows"),
            col("presumed").cast(DataType::Int64).sum().alias("p"),
            col("review").cast(DataType::Int64).sum().alias("r"),
        ])
        .collect()?;
    let sums = df
        .clone()
        .lazy()
        .filter(col("has_value"))
        .group_by([col("key"), col("currency")])
        .agg([
            col("units").sum().alias("total"),
            col("units").filter(col("risk")).sum().alias("at_risk"),
        ])
        .collect()?;
    let keys = counts.column("key")?.str()?;
    let rows = counts.column("rows")?.cast(&DataType::Int64)?;
    let rows = rows.i64()?;
    let p = counts.column("p")?.i64()?;
    let r = counts.column("r")?.i64()?;
    let mut out: Vec<GroupRow> = Vec::with_capacity(counts.height());
    for i in 0..counts.height() {
        out.push(GroupRow {
            key: keys.get(i).unwrap_or("").to_string(),
            rows: rows.get(i).unwrap_or(0) as u64,
            presumed: p.get(i).unwrap_or(0) as u64,
            review: r.get(i).unwrap_or(0) as u64,
            value: Vec::new(),
            at_risk: Vec::new(),
        });
    }
    let sk = sums.column("key")?.str()?;
    let sc = sums.column("currency")?.str()?;
    let st = sums.column("total")?.i64()?;
    let sr = sums.column("at_risk")?.i64()?;
    for i in 0..sums.height() {
        let key = sk.get(i).unwrap_or("");
        if let Some(g) = out.iter_mut().find(|g| g.key == key) {
            let c = sc.get(i).unwrap_or("").to_string();
            g.value
                .push((c.clone(), from_units(st.get(i).unwrap_or(0))));
            let risk = sr.get(i).unwrap_or(0);
            if risk != 0 {
                g.at_risk.push((c, from_units(risk)));
            }
        }
    }
    for g in &mut out {
        g.value.sort();
        g.at_risk.sort();
    }
    Ok(out)
}

fn risk_in(g: &GroupRow, currency: &str) -> Decimal {
    g.at_risk
        .iter()
        .filter(|(c, _)| c == currency)
        .map(|(_, d)| *d)
        .sum()
}

/// Compute every breakdown.
pub fn figures(lines: &[LineRecord]) -> Result<Figures, crate::Error> {
    let run = || -> PolarsResult<Figures> {
        let mut inexact = false;
        let by = |keys: &dyn Fn(&LineRecord) -> Vec<String>,
                  inexact: &mut bool|
         -> PolarsResult<Vec<GroupRow>> { group(&frame(lines, keys, inexact)?) };
        let mut by_verdict = by(&|l| vec![l.verdict.to_string()], &mut inexact)?;
        by_verdict.sort_by_key(|g| Verdict::ALL.iter().position(|v| v.as_str() == g.key));
        let by_sector = by(
            &|l| {
                let s: Vec<String> = l.sectors().iter().map(|s| s.to_string()).collect();
                if s.is_empty() {
                    vec!["(none)".into()]
                } else {
                    s
                }
            },
            &mut inexact,
        )?;
        let by_supplier = by(
            &|l| {
                vec![if l.supplier.is_empty() {
                    "(no supplier)".into()
                } else {
                    l.supplier.clone()
                }]
            },
            &mut inexact,
        )?;
        let by_country = by(
            &|l| {
                vec![if l.country.is_empty() {
                    "(not given)".into()
                } else {
                    l.country.to_uppercase()
                }]
            },
            &mut inexact,
        )?;
        let by_rule = by(
            &|l| {
                let mut c: Vec<String> = l
                    .findings
                    .iter()
                    .filter(|f| f.waived.is_none())
                    .map(|f| f.code.clone())
                    .collect();
                c.sort();
                c.dedup();
                if c.is_empty() {
                    vec!["(no finding)".into()]
                } else {
                    c
                }
            },
            &mut inexact,
        )?;
        // The main currency: most value at risk.
        let mut totals: Vec<(String, Decimal)> = Vec::new();
        for g in &by_verdict {
            for (c, d) in &g.at_risk {
                match totals.iter_mut().find(|(x, _)| x == c) {
                    Some(t) => t.1 += *d,
                    None => totals.push((c.clone(), *d)),
                }
            }
        }
        totals.sort_by_key(|t| std::cmp::Reverse(t.1));
        let main_currency = totals.first().map(|t| t.0.clone()).unwrap_or_default();
        let mut top: Vec<GroupRow> = by_supplier
            .iter()
            .filter(|g| !g.at_risk.is_empty())
            .cloned()
            .collect();
        top.sort_by(|a, b| {
            risk_in(b, &main_currency)
                .cmp(&risk_in(a, &main_currency))
                .then(b.rows.cmp(&a.rows))
                .then(a.key.cmp(&b.key))
        });
        top.truncate(10);
        let sort = |mut v: Vec<GroupRow>| {
            v.sort_by(|a, b| {
                (b.presumed + b.review)
                    .cmp(&(a.presumed + a.review))
                    .then(b.rows.cmp(&a.rows))
                    .then(a.key.cmp(&b.key))
            });
            v
        };
        Ok(Figures {
            by_verdict,
            by_sector: sort(by_sector),
            by_supplier: sort(by_supplier),
            by_country: sort(by_country),
            by_rule: sort(by_rule),
            top_suppliers: top,
            main_currency,
            inexact,
        })
    };
    run().map_err(|e| crate::Error::Report {
        what: "report figures",
        message: e.to_string(),
    })
}
