//! Output formats. Each format is one file that turns rows and their outcomes into bytes;
//! adding a format touches that file and its snapshot test.

mod csv_out;
mod github;
mod gitlab;
mod json;
mod jsonl;
mod junit;
mod parquet_out;
mod sarif;
pub mod sink;
mod table;

pub use csv_out::{CsvSink, RejectsCsv};
pub use github::GithubSink;
pub use gitlab::GitlabSink;
pub use json::JsonSink;
pub use jsonl::JsonlSink;
pub use junit::JunitSink;
pub use parquet_out::ParquetSink;
pub use sarif::SarifSink;
pub use table::TableSink;

use crate::input::{Column, Row};
use crate::verdict::Finding;

use crate::rules::RulePack;
pub use sink::{RejectSink, RowFormatter, Sink, Tee};
use std::io::Write;

/// The formats of `screen --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A readable list of flagged lines and a summary.
    Table,
    /// One CSV row per input row.
    Csv,
    /// One JSON object per input row, then a summary object.
    Jsonl,
    /// One JSON document: summary and every finding with its fingerprint (also the baseline format).
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// JUnit XML: a test case per row, failures at or above --fail-on.
    Junit,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// GitLab code-quality report.
    Gitlab,
    /// The CSV output's columns as Parquet (needs an output file).
    Parquet,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 9] = [
        Format::Table,
        Format::Csv,
        Format::Jsonl,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Gitlab,
        Format::Parquet,
    ];

    /// The name `--format` takes.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
            Format::Parquet => "parquet",
        }
    }

    /// True for binary formats, which need an output file.
    pub fn is_binary(self) -> bool {
        self == Format::Parquet
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown format '{s}'"))
    }
}

pub use crate::verdict::{FailAt, failing};

/// A stable fingerprint of a finding: SHA-256 of the rule code, the file and the business key
/// (shipment and line); rows without a shipment use their content, never the row number alone.
pub fn fingerprint(f: &Finding, file: &str, row: &Row) -> String {
    use sha2::Digest;
    let key = match (row.get(Column::ShipmentId), row.get(Column::Line)) {
        (Some(s), l) => format!("{}|{}|{}|{}|{}", f.code, file, s, l.unwrap_or(""), f.field),
        (None, _) => format!(
            "{}|{}|{}|{}",
            f.code,
            file,
            row.fields().collect::<Vec<_>>().join("\u{1f}"),
            f.field
        ),
    };
    let d = sha2::Sha256::digest(key.as_bytes());
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Make the sink of a format. `documents`: a supply chain or evidence file is given, so
/// missing documents are shown.
pub fn sink<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    pack: &RulePack,
    documents: bool,
    fail_at: FailAt,
) -> Box<dyn Sink + 'a> {
    match format {
        Format::Table => Box::new(TableSink::new(out, pack, documents)),
        Format::Csv => Box::new(CsvSink::new(out, documents)),
        Format::Jsonl => Box::new(JsonlSink::new(out, pack)),
        Format::Json => Box::new(JsonSink::new(out, pack)),
        Format::Sarif => Box::new(SarifSink::new(out, pack)),
        Format::Junit => Box::new(JunitSink::new(out, fail_at)),
        Format::Github => Box::new(GithubSink::new(out)),
        Format::Gitlab => Box::new(GitlabSink::new(out)),
        Format::Parquet => Box::new(ParquetSink::new(out, documents)),
    }
}

/// The input columns of outputs that carry them (CSV, Parquet).
#[derive(Debug, Clone, Default)]
pub struct ColumnUnion {
    /// The union of the inputs' headers, in order of first appearance.
    pub names: Vec<String>,
    /// Per input: each of its columns' position in `names`.
    pub positions: Vec<Vec<usize>>,
    /// Per input: its columns are the first of `names`, in order (the usual case, written
    /// without placing each cell).
    pub in_order: Vec<bool>,
}

impl ColumnUnion {
    /// The union of the headers of `sources` (linear in the number of columns).
    pub fn of(sources: &[crate::input::Source]) -> ColumnUnion {
        let mut u = ColumnUnion::default();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for s in sources {
            let mut pos = Vec::with_capacity(s.layout.headers.len());
            for h in &s.layout.headers {
                let i = *index.entry(h.clone()).or_insert_with(|| {
                    u.names.push(h.clone());
                    u.names.len() - 1
                });
                pos.push(i);
            }
            u.in_order
                .push(pos.iter().enumerate().all(|(i, &p)| p == i));
            u.positions.push(pos);
        }
        u
    }
}

/// Escape text for XML and HTML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Neutralise a cell against formula injection in spreadsheet programs: a cell starting
/// with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`, unless it is a plain number.
pub fn safe_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_plain_number(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn is_plain_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && t.bytes().any(|b| b.is_ascii_digit())
}

/// Format a decimal with thousands separators for people (`12,500.00`).
pub fn human_amount(d: rust_decimal::Decimal) -> String {
    let s = d.abs().to_string();
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if d.is_sign_negative() && !d.is_zero() {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_but_numbers_kept() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("+1 555"), "'+1 555");
        assert_eq!(safe_cell("\tx"), "'\tx");
        assert_eq!(safe_cell("-12.50"), "-12.50");
        assert_eq!(safe_cell("Aksu"), "Aksu");
    }

    #[test]
    fn amounts_for_people() {
        use std::str::FromStr;
        let d = |s| rust_decimal::Decimal::from_str(s).unwrap();
        assert_eq!(human_amount(d("1234567.50")), "1,234,567.50");
        assert_eq!(human_amount(d("-1200")), "-1,200");
        assert_eq!(human_amount(d("12")), "12");
    }
}
