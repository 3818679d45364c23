//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network),
//! readable on screen and in print. Everything that comes from a manifest is escaped.

use super::{Figures, GroupRow, LineRecord, ReportData, money};
use crate::output::xml_escape as e;
use crate::verdict::Verdict;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

const CSS: &str = r#"
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:70rem;color:#1f2328;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;white-space:nowrap}
.presumed{color:#a40e26;font-weight:600}.review{color:#9a6700;font-weight:600}.clear{color:#1a7f37}
.meta{color:#57606a;font-size:.9rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;margin:.6rem 0;break-inside:avoid}
.finding{margin:.15rem 0}.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;background:#f6f8fa;padding:0 .25rem;border-radius:4px}
.cite{color:#57606a;font-size:.8rem}ul.docs{list-style:none;padding-left:0;margin:.3rem 0}ul.docs li::before{content:"\2610  "}
svg text{font-family:inherit;font-size:12px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.card{page-break-inside:avoid}}
"#;

fn verdict_cell(v: Verdict) -> String {
    format!("<span class=\"{v}\">{v}</span>")
}

fn group_table(s: &mut String, title: &str, rows: &[GroupRow], limit: usize) {
    let _ = writeln!(s, "<h3>{}</h3>", e(title));
    let _ = writeln!(
        s,
        "<table><tr><th>{}</th><th>lines</th><th>presumed</th><th>review</th><th>declared value</th><th>value at risk</th></tr>",
        e(title.split(' ').next_back().unwrap_or(""))
    );
    for g in rows.iter().take(limit) {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            e(&g.key),
            g.rows,
            g.presumed,
            g.review,
            e(&money(&g.value)),
            e(&money(&g.at_risk))
        );
    }
    if rows.len() > limit {
        let _ = writeln!(
            s,
            "<tr><td colspan=6 class=meta>and {} more</td></tr>",
            rows.len() - limit
        );
    }
    let _ = writeln!(s, "</table>");
}

/// A horizontal bar chart of (label, amount, colour) in SVG.
fn bars(s: &mut String, title: &str, items: &[(String, Decimal, &str)], unit: &str) {
    let max = items.iter().map(|i| i.1).max().unwrap_or_default();
    let height = 24 * items.len().max(1) + 30;
    let _ = writeln!(
        s,
        "<figure><figcaption><strong>{}</strong></figcaption>",
        e(title)
    );
    let _ = writeln!(
        s,
        "<svg role=img aria-label=\"{}\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        e(title)
    );
    for (i, (label, amount, colour)) in items.iter().enumerate() {
        let y = 10 + i * 24;
        let w = if max.is_zero() {
            0.0
        } else {
            (*amount / max).to_f64().unwrap_or(0.0) * 360.0
        };
        let _ = writeln!(
            s,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"170\" y=\"{y}\" width=\"{:.1}\" height=\"16\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{}\">{} {}</text>",
            y + 12,
            e(&crate::text::clip(label, 26)),
            w.max(1.0),
            175.0 + w,
            y + 12,
            e(unit),
            e(&crate::output::human_amount(*amount))
        );
    }
    let _ = writeln!(s, "</svg></figure>");
}

fn line_head(l: &LineRecord) -> String {
    let mut id = format!("{} line {} (row {})", e(&l.file), l.source_line, l.row);
    if !l.shipment.is_empty() {
        id = format!(
            "Shipment {} line {} &middot; {id}",
            e(&l.shipment),
            e(&l.line)
        );
    }
    id
}

/// Render the HTML report.
pub fn html(d: &ReportData, f: &Figures) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(
        s,
        "<title>UFLPA screening report {}</title><style>{CSS}</style></head><body>",
        d.date
    );
    let _ = writeln!(s, "<h1>UFLPA screening report</h1>");
    let _ = writeln!(
        s,
        "<p class=meta>{} &middot; rule pack {} (facts as of {}) &middot; UFLPA Entity List as of {} ({} entities, SHA-256 <span class=code>{}</span>)</p>",
        d.date,
        e(&d.pack.version),
        e(&d.pack.facts_as_of),
        e(&d.pack.entity_list_as_of),
        d.pack.entities,
        e(&d.pack.entity_list_sha256)
    );

    // Summary.
    let sm = &d.summary;
    let _ = writeln!(
        s,
        "<h2>Summary</h2><table><tr><th>verdict</th><th>lines</th><th>declared value</th></tr>"
    );
    for v in Verdict::ALL {
        let value: Vec<(String, Decimal)> = sm
            .value_of(v)
            .into_iter()
            .map(|(c, x)| (c.to_string(), x))
            .collect();
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            verdict_cell(v),
            sm.count(v),
            e(&money(&value))
        );
    }
    let _ = writeln!(
        s,
        "<tr><td>rejected (unreadable)</td><td class=n>{}</td><td></td></tr>",
        sm.rejected
    );
    if sm.cells > 0 {
        let _ = writeln!(
            s,
            "<tr><td>unreadable cells (their lines are screened above)</td><td class=n>{}</td><td></td></tr>",
            sm.cells
        );
    }
    let _ = writeln!(s, "</table>");
    let risk: Vec<(String, Decimal)> = sm
        .value_at_risk()
        .into_iter()
        .map(|(c, x)| (c.to_string(), x))
        .collect();
    let _ = writeln!(
        s,
        "<p><strong>Declared value at risk (presumed + review): {}</strong></p>",
        e(&money(&risk))
    );
    if sm.waived > 0 {
        let _ = writeln!(
            s,
            "<p class=meta>{} findings are waived in uflpa.toml; they are shown below, marked waived.</p>",
            sm.waived
        );
    }

    // Charts, in the main currency.
    let c = f.main_currency.as_str();
    if !c.is_empty() {
        let colour = |v: &str| match v {
            "presumed" => "#cf222e",
            "review" => "#bf8700",
            _ => "#2da44e",
        };
        let items: Vec<(String, Decimal, &str)> = f
            .by_verdict
            .iter()
            .map(|g| {
                (
                    g.key.clone(),
                    g.value
                        .iter()
                        .filter(|(x, _)| x == c)
                        .map(|(_, d)| *d)
                        .sum(),
                    colour(&g.key),
                )
            })
            .collect();
        bars(
            &mut s,
            &format!("Declared value by verdict ({c})"),
            &items,
            c,
        );
        let items: Vec<(String, Decimal, &str)> = f
            .by_sector
            .iter()
            .filter(|g| g.key != "(none)")
            .map(|g| {
                (
                    g.key.clone(),
                    g.at_risk
                        .iter()
                        .filter(|(x, _)| x == c)
                        .map(|(_, d)| *d)
                        .sum(),
                    "#8250df",
                )
            })
            .collect();
        if !items.is_empty() {
            bars(
                &mut s,
                &format!("Value at risk by high-priority sector ({c})"),
                &items,
                c,
            );
        }
    }

    // Presumed lines.
    let presumed: Vec<&LineRecord> = d
        .lines
        .iter()
        .filter(|l| l.verdict == Verdict::Presumed)
        .collect();
    let _ = writeln!(
        s,
        "<h2>Lines under the presumption ({})</h2>",
        presumed.len()
    );
    if presumed.is_empty() {
        let _ = writeln!(s, "<p>None.</p>");
    }
    for l in &presumed {
        card(&mut s, d, l);
    }

    // Review lines by what is missing.
    let _ = writeln!(s, "<h2>Lines to review, by what is missing</h2>");
    let groups = d.review_groups();
    if groups.is_empty() {
        let _ = writeln!(s, "<p>None.</p>");
    }
    for (what, lines) in &groups {
        let _ = writeln!(s, "<h3>Missing: {} ({} lines)</h3>", e(what), lines.len());
        for l in lines {
            card(&mut s, d, l);
        }
    }

    // Figures.
    let _ = writeln!(s, "<h2>Figures</h2>");
    group_table(
        &mut s,
        "Suppliers with the most value at risk: supplier",
        &f.top_suppliers,
        10,
    );
    group_table(&mut s, "By high-priority sector: sector", &f.by_sector, 20);
    group_table(&mut s, "By country of origin: country", &f.by_country, 20);
    group_table(&mut s, "By rule: rule", &f.by_rule, 40);
    group_table(&mut s, "By supplier: supplier", &f.by_supplier, 25);
    if f.inexact {
        let _ = writeln!(
            s,
            "<p class=meta>Some values have more than four decimal places; the breakdowns round them to four, the summary totals are exact.</p>"
        );
    }

    // Inputs.
    let _ = writeln!(
        s,
        "<h2>Inputs</h2><table><tr><th>file</th><th>SHA-256</th><th>columns read</th></tr>"
    );
    for i in &d.inputs {
        let mut read = e(&i.read.join("; "));
        if !i.unread.is_empty() {
            read.push_str(&format!(
                "; <strong>not read</strong> (party or place data feeding nothing): {}",
                e(&i.unread.join(", "))
            ));
        }
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td><span class=code>{}</span></td><td>{read}</td></tr>",
            e(&i.path.display().to_string()),
            e(&i.sha256)
        );
    }
    let _ = writeln!(s, "</table>");
    if !sm.file_issues.is_empty() || !sm.waiver_issues.is_empty() {
        let _ = writeln!(s, "<h3>Data and configuration issues</h3><ul>");
        for i in &sm.file_issues {
            let _ = writeln!(s, "<li>{}</li>", e(&i.to_string()));
        }
        for w in &sm.waiver_issues {
            let _ = writeln!(s, "<li>{}</li>", e(w));
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(
        s,
        "<p class=meta>Generated by uflpa-screen {}. A line marked clear had no signal in the data given; it is not proof that its supply chain is free of Xinjiang inputs. Re-check the DHS UFLPA Entity List and CBP guidance before relying on a result.</p>",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(s, "</body></html>");
    s
}

fn card(s: &mut String, d: &ReportData, l: &LineRecord) {
    let _ = writeln!(
        s,
        "<div class=card><div><strong>{}</strong> &middot; {}</div>",
        line_head(l),
        verdict_cell(l.verdict)
    );
    let mut facts = Vec::new();
    if !l.supplier.is_empty() {
        facts.push(format!("Supplier: {}", e(&l.supplier)));
    }
    if !l.description.is_empty() {
        facts.push(format!(
            "Goods: {}",
            e(&crate::text::clip(&l.description, 120))
        ));
    }
    if !l.country.is_empty() {
        facts.push(format!("Origin: {}", e(&l.country)));
    }
    if let Some(v) = l.value {
        facts.push(format!("Value: {}", e(&money(&[(l.currency.clone(), v)]))));
    }
    let _ = writeln!(s, "<div class=meta>{}</div>", facts.join(" &middot; "));
    let mut cited: Vec<&str> = Vec::new();
    for f in &l.findings {
        let waived = f
            .waived
            .as_ref()
            .map(|w| format!(" <em>(waived: {})</em>", e(w)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<div class=finding><span class=code>{}</span> {}{waived}</div>",
            e(&f.code),
            e(&f.reason)
        );
        let first = !cited.contains(&f.code.as_str());
        cited.push(&f.code);
        if first && l.verdict == Verdict::Presumed && f.severity == crate::Severity::Presumed {
            if let Some((_, cite)) = d.rule(&f.code) {
                let _ = writeln!(
                    s,
                    "<div class=cite>Legal basis: {}</div>",
                    e(&crate::text::clip(cite, 400))
                );
            }
        }
    }
    if !l.missing_documents.is_empty() {
        let _ = writeln!(
            s,
            "<div>Documents for an applicability review, not on file:</div><ul class=docs>"
        );
        for m in &l.missing_documents {
            let _ = writeln!(s, "<li>{}</li>", e(&d.document(m)));
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "</div>");
}
