//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network),
//! readable on screen and in print; the first page (the decision) prints on its own page.
//! Everything that comes from a manifest is escaped; links in citations are links.

use super::ReportData;
use super::doc::{Block, blocks};
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
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}td.n{text-align:right;white-space:nowrap}
.presumed{color:#a40e26;font-weight:600}.review{color:#9a6700;font-weight:600}.clear{color:#1a7f37}
.meta{color:#57606a;font-size:.9rem;overflow-wrap:anywhere}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;margin:.6rem 0;break-inside:avoid}
.finding{margin:.15rem 0;overflow-wrap:anywhere}.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;background:#f6f8fa;padding:0 .25rem;border-radius:4px}
.next{color:#57606a;font-size:.85rem;margin-top:.2rem}ul.docs{list-style:none;padding-left:0;margin:.3rem 0}ul.docs li::before{content:"\2610  "}
li{overflow-wrap:anywhere}
svg text{font-family:inherit;font-size:12px}
.pagebreak{break-after:page}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.card{page-break-inside:avoid}}
"#;

/// Escape `t` and turn the http(s) links in it into anchors.
fn linked(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for (i, word) in t.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let start = word.find("https://").or_else(|| word.find("http://"));
        match start {
            Some(s) => {
                let url = &word[s..];
                // Sentence punctuation after a link is not part of it ("...strategy):").
                let trimmed = url.trim_end_matches(['.', ',', ';', ':', ')', ']', '"', '\'']);
                let tail = &url[trimmed.len()..];
                let _ = write!(
                    out,
                    "{}<a href=\"{}\">{}</a>{}",
                    e(&word[..s]),
                    e(trimmed),
                    e(trimmed),
                    e(tail)
                );
            }
            None => out.push_str(&e(word)),
        }
    }
    out
}

fn verdict_cell(v: &str) -> String {
    if Verdict::ALL.iter().any(|x| x.as_str() == v) {
        format!("<span class=\"{v}\">{v}</span>")
    } else {
        e(v)
    }
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

/// Render the HTML report.
pub fn html(d: &ReportData) -> String {
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
    for b in blocks(d) {
        match b {
            Block::Title(t) => {
                let _ = writeln!(s, "<h1>{}</h1>", e(&t));
            }
            Block::Section(t, id) => {
                let _ = writeln!(s, "<h2 id=\"{id}\">{}</h2>", e(&t));
            }
            Block::Sub(t) => {
                let _ = writeln!(s, "<h3>{}</h3>", e(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "<p>{}</p>", linked(&t));
            }
            Block::Strong(t) => {
                let _ = writeln!(s, "<p><strong>{}</strong></p>", linked(&t));
            }
            Block::Meta(t) => {
                let _ = writeln!(s, "<p class=meta>{}</p>", linked(&t));
            }
            Block::Steps(items) => {
                let _ = writeln!(s, "<ol>");
                for i in items {
                    let _ = writeln!(s, "<li>{}</li>", linked(&i));
                }
                let _ = writeln!(s, "</ol>");
            }
            Block::List(items) => {
                let _ = writeln!(s, "<ul>");
                for i in items {
                    let _ = writeln!(s, "<li>{}</li>", linked(&i));
                }
                let _ = writeln!(s, "</ul>");
            }
            Block::Checklist(items) => {
                let _ = writeln!(s, "<ul class=docs>");
                for i in items {
                    let _ = writeln!(s, "<li>{}</li>", e(&i));
                }
                let _ = writeln!(s, "</ul>");
            }
            Block::Table(head, rows, num) => {
                let _ = write!(s, "<table><tr>");
                for h in &head {
                    let _ = write!(s, "<th>{}</th>", e(h));
                }
                let _ = writeln!(s, "</tr>");
                for r in rows {
                    let _ = write!(s, "<tr>");
                    for (i, c) in r.iter().enumerate() {
                        if num.get(i).copied().unwrap_or(false) {
                            let _ = write!(s, "<td class=n>{}</td>", e(c));
                        } else if i == 0 {
                            let _ = write!(s, "<td>{}</td>", verdict_cell(c));
                        } else {
                            let _ = write!(s, "<td>{}</td>", linked(c));
                        }
                    }
                    let _ = writeln!(s, "</tr>");
                }
                let _ = writeln!(s, "</table>");
            }
            Block::Card(c) => {
                let _ = writeln!(
                    s,
                    "<div class=card><div><strong>{}</strong> &middot; {}</div>",
                    e(&c.title),
                    verdict_cell(c.verdict.as_str())
                );
                if !c.facts.is_empty() {
                    let _ = writeln!(s, "<div class=meta>{}</div>", e(&c.facts));
                }
                for (code, text) in &c.findings {
                    let _ = writeln!(
                        s,
                        "<div class=finding><span class=code>{}</span> {}</div>",
                        e(code),
                        linked(text)
                    );
                }
                if !c.next.is_empty() {
                    let _ = writeln!(s, "<div class=next>{}</div>", e(&c.next));
                }
                let _ = writeln!(s, "</div>");
            }
            Block::Chart(title, items, unit) => bars(&mut s, &title, &items, &unit),
            Block::PageBreak => {
                let _ = writeln!(s, "<div class=pagebreak></div>");
            }
        }
    }
    let _ = writeln!(s, "</body></html>");
    s
}
