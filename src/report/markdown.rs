//! The Markdown report, for tickets and e-mail. Text from manifests is escaped so that it
//! cannot open a table cell, a link, an HTML tag or code.

use super::{Figures, GroupRow, LineRecord, ReportData, money};
use crate::verdict::Verdict;
use rust_decimal::Decimal;
use std::fmt::Write;

/// Escape text for a Markdown table cell or paragraph ([`crate::text::markdown_escape`]).
pub fn md(s: &str) -> String {
    crate::text::markdown_escape(s)
}

fn table(s: &mut String, title: &str, key: &str, rows: &[GroupRow], limit: usize) {
    let _ = writeln!(
        s,
        "\n### {title}\n\n| {key} | lines | presumed | review | declared value | value at risk |\n|---|---:|---:|---:|---:|---:|"
    );
    for g in rows.iter().take(limit) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            md(&g.key),
            g.rows,
            g.presumed,
            g.review,
            md(&money(&g.value)),
            md(&money(&g.at_risk))
        );
    }
    if rows.len() > limit {
        let _ = writeln!(s, "\n... and {} more", rows.len() - limit);
    }
}

fn line(s: &mut String, d: &ReportData, l: &LineRecord) {
    let id = if l.shipment.is_empty() {
        format!("{} line {} (row {})", md(&l.file), l.source_line, l.row)
    } else {
        format!(
            "Shipment {} line {} ({} row {})",
            md(&l.shipment),
            md(&l.line),
            md(&l.file),
            l.row
        )
    };
    let value = l
        .value
        .map(|v| format!(", {}", md(&money(&[(l.currency.clone(), v)]))))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "\n**{id}**: {}{}{value}",
        l.verdict,
        if l.supplier.is_empty() {
            String::new()
        } else {
            format!(", {}", md(&l.supplier))
        }
    );
    let mut cited: Vec<&str> = Vec::new();
    for f in &l.findings {
        let waived = f
            .waived
            .as_ref()
            .map(|w| format!(" *(waived: {})*", md(w)))
            .unwrap_or_default();
        let _ = writeln!(s, "- `{}` {}{waived}", f.code, md(&f.reason));
        let first = !cited.contains(&f.code.as_str());
        cited.push(&f.code);
        if first && l.verdict == Verdict::Presumed && f.severity == crate::Severity::Presumed {
            if let Some((_, cite)) = d.rule(&f.code) {
                let _ = writeln!(s, "  - Legal basis: {}", md(&crate::text::clip(cite, 300)));
            }
        }
    }
    for m in &l.missing_documents {
        let _ = writeln!(s, "- [ ] {}", md(&d.document(m)));
    }
}

/// Render the Markdown report.
pub fn markdown(d: &ReportData, f: &Figures) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# UFLPA screening report\n");
    let _ = writeln!(
        s,
        "{} · rule pack {} (facts as of {}) · UFLPA Entity List as of {} ({} entities, SHA-256 `{}`)",
        d.date,
        d.pack.version,
        d.pack.facts_as_of,
        d.pack.entity_list_as_of,
        d.pack.entities,
        d.pack.entity_list_sha256
    );
    let sm = &d.summary;
    let _ = writeln!(
        s,
        "\n## Summary\n\n| verdict | lines | declared value |\n|---|---:|---:|"
    );
    for v in Verdict::ALL {
        let value: Vec<(String, Decimal)> = sm
            .value_of(v)
            .into_iter()
            .map(|(c, x)| (c.to_string(), x))
            .collect();
        let _ = writeln!(s, "| {v} | {} | {} |", sm.count(v), md(&money(&value)));
    }
    let _ = writeln!(s, "| rejected (unreadable) | {} | |", sm.rejected);
    if sm.cells > 0 {
        let _ = writeln!(
            s,
            "| unreadable cells (their lines are screened above) | {} | |",
            sm.cells
        );
    }
    let risk: Vec<(String, Decimal)> = sm
        .value_at_risk()
        .into_iter()
        .map(|(c, x)| (c.to_string(), x))
        .collect();
    let _ = writeln!(
        s,
        "\n**Declared value at risk (presumed + review): {}**",
        md(&money(&risk))
    );

    let presumed: Vec<&LineRecord> = d
        .lines
        .iter()
        .filter(|l| l.verdict == Verdict::Presumed)
        .collect();
    let _ = writeln!(s, "\n## Lines under the presumption ({})", presumed.len());
    for l in presumed {
        line(&mut s, d, l);
    }
    let _ = writeln!(s, "\n## Lines to review, by what is missing");
    for (what, lines) in d.review_groups() {
        let _ = writeln!(s, "\n### Missing: {} ({} lines)", md(&what), lines.len());
        for l in lines {
            line(&mut s, d, l);
        }
    }
    let _ = writeln!(s, "\n## Figures");
    table(
        &mut s,
        "Suppliers with the most value at risk",
        "supplier",
        &f.top_suppliers,
        10,
    );
    table(
        &mut s,
        "By high-priority sector",
        "sector",
        &f.by_sector,
        20,
    );
    table(&mut s, "By country of origin", "country", &f.by_country, 20);
    table(&mut s, "By rule", "rule", &f.by_rule, 40);
    let _ = writeln!(
        s,
        "\n## Inputs\n\n| file | SHA-256 | columns read |\n|---|---|---|"
    );
    for i in &d.inputs {
        let mut read = i.read.join("; ");
        if !i.unread.is_empty() {
            read.push_str(&format!(
                "; **not read** (party or place data feeding nothing): {}",
                i.unread.join(", ")
            ));
        }
        let _ = writeln!(
            s,
            "| {} | `{}` | {} |",
            md(&i.path.display().to_string()),
            i.sha256,
            md(&read)
        );
    }
    for i in &sm.file_issues {
        let _ = writeln!(s, "\n- {}", md(&i.to_string()));
    }
    for w in &sm.waiver_issues {
        let _ = writeln!(s, "\n- {}", md(w));
    }
    let _ = writeln!(
        s,
        "\n_Generated by uflpa-screen {}. A clear line had no signal in the data given; it is not proof that its supply chain is free of Xinjiang inputs._",
        env!("CARGO_PKG_VERSION")
    );
    s
}
