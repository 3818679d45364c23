//! The report as a sequence of blocks (headings, paragraphs, tables, line cards), built once
//! from [`ReportData`] and rendered by the HTML, Markdown and PDF writers, so that every
//! format has the same sections in the same order.

use super::{Group, ReportData, money, plural};
use crate::verdict::Verdict;
use rust_decimal::Decimal;

/// One block of the report.
#[derive(Debug, Clone)]
pub enum Block {
    /// The report's title.
    Title(String),
    /// A section heading (with an anchor id).
    Section(String, &'static str),
    /// A sub-heading.
    Sub(String),
    /// A paragraph.
    Para(String),
    /// A paragraph in bold.
    Strong(String),
    /// Small print.
    Meta(String),
    /// Numbered steps.
    Steps(Vec<String>),
    /// Bullets.
    List(Vec<String>),
    /// Boxes to tick.
    Checklist(Vec<String>),
    /// A table: header, rows, which columns are numbers (right-aligned).
    Table(Vec<String>, Vec<Vec<String>>, Vec<bool>),
    /// One line with its findings.
    Card(Card),
    /// A bar chart (HTML only; other formats have the table beside it).
    Chart(String, Vec<(String, Decimal, &'static str)>, String),
    /// The first page ends here.
    PageBreak,
}

/// A line and its findings.
#[derive(Debug, Clone)]
pub struct Card {
    /// The line's name.
    pub title: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// Supplier, goods, origin, value.
    pub facts: String,
    /// (code, text) per finding.
    pub findings: Vec<(String, String)>,
    /// What to do next for this line.
    pub next: String,
}

fn money_of(t: &super::Tally) -> String {
    let m = money(&t.money());
    if t.without_value > 0 && t.lines > 0 {
        format!(
            "{m} ({} without a value)",
            plural(t.without_value, "line", "lines")
        )
    } else {
        m
    }
}

/// The blocks of a report.
pub fn blocks(d: &ReportData) -> Vec<Block> {
    let mut b = Vec::new();
    let sm = &d.summary;
    b.push(Block::Title("UFLPA screening report".into()));
    b.push(Block::Meta(format!(
        "Date {} · rule pack {} (facts checked as of {}) · UFLPA Entity List as of {} ({} entities, SHA-256 {}) · uflpa-screen {}",
        d.date,
        d.pack.version,
        d.pack.facts_as_of,
        d.pack.entity_list_as_of,
        d.pack.entities,
        d.pack.entity_list_sha256,
        env!("CARGO_PKG_VERSION")
    )));
    let names: Vec<String> = d
        .inputs
        .iter()
        .map(|i| super::display_name(&i.path.display().to_string()))
        .collect();
    b.push(Block::Meta(format!(
        "Inputs: {} ({} read; SHA-256 of each under Inputs)",
        names.join(", "),
        plural(sm.rows_read, "row", "rows")
    )));

    // First page: the decision.
    b.push(Block::Section("Decision".into(), "decision"));
    let mut rows = Vec::new();
    for v in Verdict::ALL {
        let value: Vec<(String, Decimal)> = sm
            .value_of(v)
            .into_iter()
            .map(|(c, x)| (c.to_string(), x))
            .collect();
        rows.push(vec![v.to_string(), sm.count(v).to_string(), money(&value)]);
    }
    rows.push(vec![
        "rejected (unreadable, not screened)".into(),
        sm.rejected.to_string(),
        String::new(),
    ]);
    b.push(Block::Table(
        vec!["verdict".into(), "lines".into(), "declared value".into()],
        rows,
        vec![false, true, true],
    ));
    let risk: Vec<(String, Decimal)> = sm
        .value_at_risk()
        .into_iter()
        .map(|(c, x)| (c.to_string(), x))
        .collect();
    b.push(Block::Strong(format!(
        "Declared value at risk (presumed + review): {}",
        money(&risk)
    )));
    let mut notes = Vec::new();
    let without = d.lines_without_value();
    if without > 0 {
        notes.push(format!(
            "{} of {} without a declared value: not in the values above, so the value at risk may be higher.",
            plural(without, "line", "lines"),
            sm.screened()
        ));
    }
    if sm.waived > 0 || !d.waivers.is_empty() {
        notes.push(format!(
            "{} accepted by waivers of uflpa.toml (see Waivers: who accepted which risk, why, until when).",
            plural(sm.waived, "finding was", "findings were")
        ));
    }
    let expired = d.expired_waivers();
    if !expired.is_empty() {
        notes.push(format!(
            "{} expired before {} and no longer {}: {}. Renew or remove {}.",
            plural(expired.len() as u64, "waiver", "waivers"),
            d.date,
            if expired.len() == 1 {
                "applies"
            } else {
                "apply"
            },
            expired
                .iter()
                .map(|w| format!("{} for {} (until {})", w.code, w.scope, w.expires))
                .collect::<Vec<_>>()
                .join("; "),
            if expired.len() == 1 { "it" } else { "them" }
        ));
    }
    let unused = d.unused_waivers();
    if !unused.is_empty() {
        notes.push(format!(
            "{} matched no finding in this run (unused): {}. Correct or remove {}.",
            plural(unused.len() as u64, "waiver", "waivers"),
            unused
                .iter()
                .map(|w| format!("{} for {}", w.code, w.scope))
                .collect::<Vec<_>>()
                .join("; "),
            if unused.len() == 1 { "it" } else { "them" }
        ));
    }
    if sm.rejected > 0 || sm.cells > 0 {
        notes.push(format!(
            "{} and {} could not be read (see Rejected records).",
            plural(sm.rejected, "record", "records"),
            plural(sm.cells, "cell", "cells")
        ));
    }
    for n in notes {
        b.push(Block::Para(n));
    }

    b.push(Block::Sub("Recommended action".into()));
    let mut table = Vec::new();
    for g in Group::ALL {
        let t = d.group(g);
        if g == Group::Waived && t.lines == 0 {
            continue;
        }
        table.push(vec![
            g.short().to_string(),
            t.lines.to_string(),
            money_of(&t),
        ]);
    }
    b.push(Block::Table(
        vec!["group".into(), "lines".into(), "declared value".into()],
        table,
        vec![false, true, true],
    ));
    for g in Group::ALL {
        let t = d.group(g);
        if t.lines == 0 && g != Group::Clear {
            continue;
        }
        b.push(Block::Strong(format!(
            "{} ({}, {})",
            g.title(),
            plural(t.lines, "line", "lines"),
            money_of(&t)
        )));
        b.push(Block::Steps(
            g.action().iter().map(|s| s.to_string()).collect(),
        ));
        if g == Group::Waived {
            b.push(Block::List(
                d.waivers
                    .iter()
                    .filter(|w| w.waives_lines)
                    .map(|w| {
                        let on = if w.determination.is_empty() {
                            String::new()
                        } else {
                            format!(" on {}", w.determination)
                        };
                        format!(
                            "{} for {}: accepted by {} until {}{on}: {} ({} in this run)",
                            w.code,
                            w.scope,
                            w.reviewer,
                            w.expires,
                            w.reason,
                            plural(w.used, "finding", "findings")
                        )
                    })
                    .collect(),
            ));
        }
        if g == Group::Review && !d.needs.is_empty() {
            b.push(Block::List(
                d.needs
                    .iter()
                    .map(|(k, t)| format!("{}: waiting for {k}", plural(t.lines, "line", "lines")))
                    .collect(),
            ));
        }
    }
    b.push(Block::Meta(
        "A clear line had no signal in the data given; it is not proof that its supply chain is free of Xinjiang inputs. Re-check the DHS UFLPA Entity List and CBP guidance before relying on a result.".into(),
    ));
    b.push(Block::PageBreak);

    // Documents by supplier.
    b.push(Block::Section(
        "Documents to request, by supplier".into(),
        "documents",
    ));
    if d.suppliers.is_empty() {
        b.push(Block::Para("None: no line needs documents.".into()));
    }
    for s in &d.suppliers {
        let verdict = s.verdict.map_or("", |v| v.as_str());
        b.push(Block::Sub(format!(
            "{} ({}; worst verdict {verdict})",
            s.supplier,
            plural(s.lines, "line", "lines")
        )));
        let mut names = s.line_names.join("; ");
        if s.lines > s.line_names.len() as u64 {
            names.push_str(&format!(
                "; and {} more",
                plural(s.lines - s.line_names.len() as u64, "line", "lines")
            ));
        }
        b.push(Block::Meta(format!("Lines: {names}")));
        for r in s.identity_requests() {
            b.push(Block::Para(r.intro));
            b.push(Block::Checklist(r.documents));
        }
        if !s.documents.is_empty() {
            b.push(Block::Para(if s.entity_list {
                "For its other lines, documents an applicability review expects that are not on file:".into()
            } else {
                "Documents an applicability review expects that are not on file:".into()
            }));
            b.push(Block::Checklist(s.documents.clone()));
        }
        for (tier, docs) in &s.tiers {
            b.push(Block::Para(format!("Upstream {tier}:")));
            b.push(Block::Checklist(docs.clone()));
        }
    }
    if d.suppliers_total > d.suppliers.len() as u64 {
        b.push(Block::Meta(format!(
            "{} with lines to document {} not listed here; their lines and missing documents are in {}.",
            plural(
                d.suppliers_total - d.suppliers.len() as u64,
                "more supplier",
                "more suppliers"
            ),
            if d.suppliers_total - d.suppliers.len() as u64 == 1 {
                "is"
            } else {
                "are"
            },
            d.companion.as_deref().unwrap_or("the Excel report's Lines sheet")
        )));
    }

    // Waivers.
    b.push(Block::Section("Waivers: accepted risk".into(), "waivers"));
    if d.waivers.is_empty() {
        b.push(Block::Para("No waiver in uflpa.toml.".into()));
    } else {
        b.push(Block::Table(
            [
                "rule",
                "applies to",
                "accepted by",
                "why",
                "until",
                "CBP determination",
                "findings accepted",
            ]
            .map(String::from)
            .to_vec(),
            d.waivers
                .iter()
                .map(|w| {
                    vec![
                        w.code.clone(),
                        w.scope.clone(),
                        w.reviewer.clone(),
                        w.reason.clone(),
                        if w.expired {
                            format!("{} (expired: not applied)", w.expires)
                        } else if w.used == 0 {
                            format!("{} (unused: matched no finding)", w.expires)
                        } else {
                            w.expires.clone()
                        },
                        if w.determination.is_empty() {
                            "-".into()
                        } else {
                            w.determination.clone()
                        },
                        w.used.to_string(),
                    ]
                })
                .collect(),
            vec![false, false, false, false, false, false, true],
        ));
    }
    if d.waived.total > 0 {
        b.push(Block::Sub(format!(
            "Findings accepted by a waiver ({})",
            d.waived.total
        )));
        b.push(Block::Table(
            ["line", "supplier", "rule", "finding", "waiver"]
                .map(String::from)
                .to_vec(),
            d.waived
                .items
                .iter()
                .map(|w| {
                    vec![
                        w.line.clone(),
                        w.supplier.clone(),
                        w.code.clone(),
                        w.reason.clone(),
                        w.waiver.clone(),
                    ]
                })
                .collect(),
            vec![false; 5],
        ));
        if d.waived.capped() {
            b.push(Block::Meta(format!(
                "The first {} of {} waived findings are listed; every one is in {}.",
                d.waived.items.len(),
                d.waived.total,
                d.companion
                    .as_deref()
                    .unwrap_or("the Lines sheet of the Excel report")
            )));
        }
    }
    for w in &sm.waiver_issues {
        b.push(Block::Meta(w.clone()));
    }

    // Rejects.
    b.push(Block::Section("Rejected records".into(), "rejects"));
    if d.rejects.total == 0 {
        b.push(Block::Para("None: every record was read.".into()));
    } else {
        b.push(Block::Para(format!(
            "{} could not be read. A rejected record was not screened: check it by hand. A row with an unreadable cell was screened on its other cells.",
            plural(d.rejects.total, "record or cell", "records or cells")
        )));
        b.push(Block::Table(
            ["file", "line", "row", "kind", "column", "reason"]
                .map(String::from)
                .to_vec(),
            d.rejects
                .items
                .iter()
                .map(|r| {
                    vec![
                        r.file.clone(),
                        r.source_line.to_string(),
                        r.row.to_string(),
                        r.kind.clone(),
                        r.column.clone(),
                        r.reason.clone(),
                    ]
                })
                .collect(),
            vec![false, true, true, false, false, false],
        ));
        if d.rejects.capped() {
            b.push(Block::Meta(format!(
                "The first {} of {} are listed; write them all with --rejects PATH.",
                d.rejects.items.len(),
                d.rejects.total
            )));
        }
    }

    // Lines.
    b.push(Block::Section(
        format!("Lines under the presumption ({})", d.presumed.total),
        "presumed",
    ));
    if d.presumed.total == 0 {
        b.push(Block::Para("None.".into()));
    }
    capped_note(
        &mut b,
        d,
        d.presumed.items.len(),
        d.presumed.total,
        "presumed lines",
    );
    for l in &d.presumed.items {
        b.push(Block::Card(card(l)));
    }
    b.push(Block::Section(
        format!("Lines to review, by what is missing ({})", d.review.total),
        "review",
    ));
    if d.review.total == 0 {
        b.push(Block::Para("None.".into()));
    }
    capped_note(
        &mut b,
        d,
        d.review.items.len(),
        d.review.total,
        "review lines",
    );
    for (what, lines) in d.review_groups() {
        b.push(Block::Sub(format!(
            "Waiting for {what} ({})",
            plural(lines.len() as u64, "line", "lines")
        )));
        for l in lines {
            b.push(Block::Card(card(l)));
        }
    }

    // Figures.
    b.push(Block::Section("Figures".into(), "figures"));
    let f = &d.figures;
    let c = f.main_currency.as_str();
    if !c.is_empty() {
        let colour = |v: &str| match v {
            "presumed" => "#cf222e",
            "review" => "#bf8700",
            _ => "#2da44e",
        };
        let items = f
            .by_verdict
            .iter()
            .map(|g| {
                let v: Decimal = g
                    .value
                    .iter()
                    .filter(|(x, _)| x == c)
                    .map(|(_, d)| *d)
                    .sum();
                (g.key.clone(), v, colour(&g.key))
            })
            .collect();
        b.push(Block::Chart(
            format!("Declared value by verdict ({c})"),
            items,
            c.to_string(),
        ));
        let items: Vec<(String, Decimal, &'static str)> = f
            .by_sector
            .iter()
            .filter(|g| g.key != "(none)" && !g.key.ends_with(super::figures::WAIVED_SUFFIX))
            .map(|g| {
                let v: Decimal = g
                    .at_risk
                    .iter()
                    .filter(|(x, _)| x == c)
                    .map(|(_, d)| *d)
                    .sum();
                (g.key.clone(), v, "#8250df")
            })
            .collect();
        if !items.is_empty() {
            b.push(Block::Chart(
                format!("Value at risk by high-priority sector ({c})"),
                items,
                c.to_string(),
            ));
        }
    }
    for (title, key, rows, limit) in [
        (
            "Suppliers with the most value at risk",
            "supplier",
            &f.top_suppliers,
            10,
        ),
        ("By high-priority sector", "sector", &f.by_sector, 20),
        ("By country of origin", "country", &f.by_country, 20),
        ("By rule", "rule", &f.by_rule, 40),
        ("By supplier", "supplier", &f.by_supplier, 25),
    ] {
        b.push(Block::Sub(title.into()));
        let mut t: Vec<Vec<String>> = rows
            .iter()
            .take(limit)
            .map(|g| {
                vec![
                    g.key.clone(),
                    g.rows.to_string(),
                    g.presumed.to_string(),
                    g.review.to_string(),
                    money(&g.value),
                    money(&g.at_risk),
                ]
            })
            .collect();
        if rows.len() > limit {
            t.push(vec![
                format!("and {} more", rows.len() - limit),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        b.push(Block::Table(
            [
                key,
                "lines",
                "presumed",
                "review",
                "declared value",
                "value at risk",
            ]
            .map(String::from)
            .to_vec(),
            t,
            vec![false, true, true, true, true, true],
        ));
    }
    if f.suppliers_folded > 0 {
        b.push(Block::Meta(format!(
            "Suppliers beyond the first {} distinct names are summed under \"(other suppliers)\" ({}).",
            super::MAX_KEYS,
            plural(f.suppliers_folded, "line", "lines")
        )));
    }

    // Legal basis and sources.
    b.push(Block::Section("Legal basis and sources".into(), "sources"));
    b.push(Block::Para(
        "Each rule cited above, with the statute, guidance or Federal Register notice it rests on. Entity List findings name their own Federal Register notice.".into(),
    ));
    b.push(Block::List(
        d.cited()
            .iter()
            .map(|(code, title, cite)| format!("{code} {title}: {cite}"))
            .collect(),
    ));
    if !d.sources.is_empty() {
        b.push(Block::Sub(
            "CBP and FLETF guidance and whether its text was checked".into(),
        ));
        b.push(Block::List(
            d.sources
                .iter()
                .map(|(title, date, url, note)| {
                    let url = if url.is_empty() {
                        "link not known".to_string()
                    } else {
                        url.clone()
                    };
                    format!("{title}, {date}, {url}. {note}")
                })
                .collect(),
        ));
    }

    // Inputs.
    b.push(Block::Section("Inputs".into(), "inputs"));
    b.push(Block::Table(
        ["file", "SHA-256", "columns read"]
            .map(String::from)
            .to_vec(),
        d.inputs
            .iter()
            .map(|i| {
                let mut read = i.read.join("; ");
                if !i.unread.is_empty() {
                    read.push_str(&format!(
                        "; not read (party or place data feeding nothing): {}",
                        i.unread.join(", ")
                    ));
                }
                vec![i.path.display().to_string(), i.sha256.clone(), read]
            })
            .collect(),
        vec![false, false, false],
    ));
    if !sm.file_issues.is_empty() {
        b.push(Block::Sub("Supply-chain and evidence file issues".into()));
        b.push(Block::List(
            sm.file_issues.iter().map(|i| i.to_string()).collect(),
        ));
    }
    if let Some(c) = &d.companion {
        b.push(Block::Meta(format!(
            "Every line, with its findings and missing documents: {c} (written beside this report)."
        )));
    }
    b.push(Block::Meta(format!(
        "Generated by uflpa-screen {}.",
        env!("CARGO_PKG_VERSION")
    )));
    b
}

fn capped_note(b: &mut Vec<Block>, d: &ReportData, shown: usize, total: u64, what: &str) {
    if total > shown as u64 {
        b.push(Block::Meta(format!(
            "The first {shown} of {total} {what} are shown in full; every line is in {}.",
            d.companion
                .as_deref()
                .unwrap_or("the Lines sheet of the Excel report")
        )));
    }
}

fn card(l: &super::LineRecord) -> Card {
    let mut facts = Vec::new();
    if !l.supplier.is_empty() {
        facts.push(format!("Supplier: {}", l.supplier));
    }
    if !l.description.is_empty() {
        facts.push(format!("Goods: {}", crate::text::clip(&l.description, 160)));
    }
    if !l.hts.is_empty() {
        facts.push(format!("HTS {}", l.hts));
    }
    if !l.country.is_empty() {
        facts.push(format!("Origin: {}", l.country));
    }
    if let Some(v) = l.value {
        facts.push(format!("Value: {}", money(&[(l.currency.clone(), v)])));
    }
    let findings = l
        .findings
        .iter()
        .map(|f| {
            let text = match &f.waived {
                Some(w) => format!("{} ({w})", f.reason),
                None => f.reason.clone(),
            };
            (f.code.clone(), text)
        })
        .collect();
    let next = match l.group() {
        Group::EntityList => "Next: confirm the identity of the listed party, then an exception request or re-export (Recommended action).".to_string(),
        Group::Xinjiang => "Next: hold; trace the supply chain (documents under the supplier) for an applicability review, or request an exception.".to_string(),
        Group::Review => format!("Next: documents under the supplier; waiting for {}.", l.need),
        Group::Waived | Group::Clear => String::new(),
    };
    Card {
        title: l.label(),
        verdict: l.verdict,
        facts: facts.join(" · "),
        findings,
        next,
    }
}
