//! The Markdown report, for tickets and e-mail. Text from manifests is escaped so that it
//! cannot open a table cell, a link, an HTML tag or code.

use super::ReportData;
use super::doc::{Block, blocks};
use std::fmt::Write;

/// Escape text for a Markdown table cell or paragraph ([`crate::text::markdown_escape`]).
pub fn md(s: &str) -> String {
    crate::text::markdown_escape(s)
}

/// Render the Markdown report.
pub fn markdown(d: &ReportData) -> String {
    let mut s = String::new();
    for b in blocks(d) {
        match b {
            Block::Title(t) => {
                let _ = writeln!(s, "# {}\n", md(&t));
            }
            Block::Section(t, _) => {
                let _ = writeln!(s, "\n## {}\n", md(&t));
            }
            Block::Sub(t) => {
                let _ = writeln!(s, "\n### {}\n", md(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(s, "{}\n", md(&t));
            }
            Block::Strong(t) => {
                let _ = writeln!(s, "**{}**\n", md(&t));
            }
            Block::Meta(t) => {
                let _ = writeln!(s, "_{}_\n", md(&t));
            }
            Block::Steps(items) => {
                for (i, t) in items.iter().enumerate() {
                    let _ = writeln!(s, "{}. {}", i + 1, md(t));
                }
                s.push('\n');
            }
            Block::List(items) => {
                for t in items {
                    let _ = writeln!(s, "- {}", md(&t));
                }
                s.push('\n');
            }
            Block::Checklist(items) => {
                for t in items {
                    let _ = writeln!(s, "- [ ] {}", md(&t));
                }
                s.push('\n');
            }
            Block::Table(head, rows, num) => {
                let _ = writeln!(
                    s,
                    "| {} |",
                    head.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | ")
                );
                let _ = writeln!(
                    s,
                    "|{}",
                    (0..head.len())
                        .map(|i| if num.get(i).copied().unwrap_or(false) {
                            "---:|"
                        } else {
                            "---|"
                        })
                        .collect::<String>()
                );
                for r in rows {
                    let _ = writeln!(
                        s,
                        "| {} |",
                        r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
                    );
                }
                s.push('\n');
            }
            Block::Card(c) => {
                let _ = writeln!(s, "**{}**: {}", md(&c.title), c.verdict);
                if !c.facts.is_empty() {
                    let _ = writeln!(s, "\n{}\n", md(&c.facts));
                }
                for (code, text) in &c.findings {
                    let _ = writeln!(s, "- `{code}` {}", md(text));
                }
                if !c.next.is_empty() {
                    let _ = writeln!(s, "\n_{}_", md(&c.next));
                }
                s.push('\n');
            }
            Block::Chart(..) => {}
            Block::PageBreak => {
                s.push_str("\n---\n");
            }
        }
    }
    s
}
