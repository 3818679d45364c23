//! Output formats. Each format is one file that turns rows and their outcomes into bytes;
//! adding a format touches that file and its snapshot test.

mod csv_out;
mod github;
mod gitlab;
mod json;
mod jsonl;
mod junit;
#[cfg(feature = "parquet")]
mod parquet_out;
mod sarif;
pub mod sink;
pub mod step_summary;
mod table;

pub use csv_out::{CsvSink, RejectsCsv};
pub use github::GithubSink;
pub use gitlab::GitlabSink;
pub use json::JsonSink;
pub use jsonl::{JsonlSink, SummarySink, pack_object, summary_object};
pub use junit::JunitSink;
#[cfg(feature = "parquet")]
pub use parquet_out::ParquetSink;
pub use sarif::SarifSink;
pub use step_summary::StepSummary;
pub use table::{TableSink, TableStyle};

use crate::baseline::Identity;
use crate::rules::RulePack;
pub use sink::{RejectSink, RowFormatter, Sink, Tee};
use std::io::Write;
use std::sync::Arc;

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

pub use crate::baseline::fingerprint;

/// Make the sink of a format. `documents`: a supply chain or evidence file is given, so
/// missing documents are shown.
/// `fail_at` (`--fail-on`) sets the failures of JUnit and the levels of GitHub and GitLab;
/// `identity` the fingerprints and, with a baseline, which findings are new; `layout` the
/// current or the 0.1 layout of CSV, JSON Lines and Parquet.
pub fn sink<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    pack: &RulePack,
    documents: bool,
    fail_at: FailAt,
    identity: &Arc<Identity>,
    layout: Layout,
) -> Box<dyn Sink + 'a> {
    let id = Arc::clone(identity);
    match format {
        Format::Table => Box::new(TableSink::new(out, pack, documents)),
        Format::Csv => Box::new(CsvSink::new(out, documents).with_layout(layout)),
        Format::Jsonl => Box::new(JsonlSink::new(out, pack, id).with_layout(layout)),
        Format::Json => Box::new(JsonSink::new(out, pack, id)),
        Format::Sarif => Box::new(SarifSink::new(out, pack, id)),
        Format::Junit => Box::new(JunitSink::new(out, fail_at, id)),
        Format::Github => Box::new(GithubSink::new(out, fail_at, id)),
        Format::Gitlab => Box::new(GitlabSink::new(out, fail_at, id)),
        #[cfg(feature = "parquet")]
        Format::Parquet => Box::new(ParquetSink::new(out, documents).with_layout(layout)),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => {
            let _ = (out, layout);
            Box::new(NoParquet)
        }
    }
}

/// The Parquet format in a build without the `parquet` feature: an error before any row.
#[cfg(not(feature = "parquet"))]
struct NoParquet;

#[cfg(not(feature = "parquet"))]
impl Sink for NoParquet {
    fn begin(&mut self, _sources: &[crate::input::Source]) -> std::io::Result<()> {
        Err(std::io::Error::other(
            "this build of uflpa-screen writes no Parquet (built without the `parquet` feature)",
        ))
    }
    fn row(
        &mut self,
        _file: usize,
        _row: &crate::input::Row,
        _outcome: &crate::verdict::Outcome,
    ) -> std::io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, _summary: &crate::summary::Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// The layout of the outputs that carry the input's columns (CSV, Parquet, JSON Lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// The current layout (0.2): input columns renamed by [`output_names`] when they clash
    /// with the tool's own, typed `value_decimal`, `value_currency` and `entry_date_parsed`
    /// columns, and JSON Lines holding rows only.
    #[default]
    Current,
    /// The 0.1 layout (`--legacy-output`, kept for one release): CSV input columns under
    /// their own names even when they repeat `shipment_id` or `line`, no typed columns,
    /// and a `"type": "summary"` object at the end of JSON Lines. Parquet renames only
    /// exact clashes, as 0.1 did.
    Legacy,
}

/// Every column name the tool itself may write beside the input's columns, in any output
/// (CSV, Parquet, the Python package): `file`, `row`, `shipment_id`, `line`, `verdict`,
/// `codes`, `reasons`, `missing_documents`, `value_decimal`, `value_currency`,
/// `entry_date_parsed` and `findings`. The tool's columns keep these names; an input column
/// named like one of them is renamed by [`output_names`], whether or not that output writes
/// the clashing column, so that one input gets the same names everywhere.
pub const OWN_COLUMNS: [&str; 12] = [
    "file",
    "row",
    "shipment_id",
    "line",
    "verdict",
    "codes",
    "reasons",
    "missing_documents",
    "value_decimal",
    "value_currency",
    "entry_date_parsed",
    "findings",
];

/// The output names of input columns, by the one naming rule of every output: an input
/// column keeps its name unless that name equals, ignoring case (Spark and SQL engines
/// compare column names without case), one of [`OWN_COLUMNS`] or the output name of an
/// earlier input column; then `input.` is put in front of it until it does not
/// (`line` -> `input.line`; a second `Line` -> `input.Line`, then `input.input.Line` if
/// that is taken too). Returns one name per input name, in order; the result has no two
/// names equal without case, and none equal to a tool column.
pub fn output_names<S: AsRef<str>>(inputs: &[S]) -> Vec<String> {
    let mut taken: std::collections::HashSet<String> =
        OWN_COLUMNS.iter().map(|c| c.to_lowercase()).collect();
    let mut out = Vec::with_capacity(inputs.len());
    for h in inputs {
        let mut name = h.as_ref().to_string();
        while taken.contains(&name.to_lowercase()) {
            name = format!("input.{name}");
        }
        taken.insert(name.to_lowercase());
        out.push(name);
    }
    out
}

/// Precision of the typed `value_decimal` column of Parquet and Arrow outputs.
pub const DECIMAL_PRECISION: u8 = 38;
/// Scale (digits after the point) of the typed `value_decimal` column of Parquet and Arrow
/// outputs: a declared value with more decimal places is rounded half to even (the input's
/// text column keeps it as written; CSV's `value_decimal` is exact).
pub const DECIMAL_SCALE: u32 = 6;

/// A declared value as the integer of a decimal128 column of scale [`DECIMAL_SCALE`]
/// (`54000.00` -> `54000000000`). Any `rust_decimal` value fits: at most 29 integer digits
/// plus 6 decimals are fewer than 38 digits.
pub fn decimal_units(d: rust_decimal::Decimal) -> i128 {
    let mut d = d.round_dp_with_strategy(
        DECIMAL_SCALE,
        rust_decimal::RoundingStrategy::MidpointNearestEven,
    );
    d.rescale(DECIMAL_SCALE);
    if d.scale() == DECIMAL_SCALE {
        d.mantissa()
    } else {
        // rescale could not add the digits (more than 28): scale the mantissa ourselves.
        d.mantissa() * 10i128.pow(DECIMAL_SCALE - d.scale())
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

/// A pretty-printed JSON document written in three parts so that its one long array (the
/// findings, the results) is never held in memory: the text before the array, each element
/// as it comes, the text after it. The bytes are exactly those of `serde_json`'s pretty
/// printer on the whole document: the document is rendered with a placeholder where the
/// array goes ([`JsonStream::HOLE`]), split around it, and each element is indented to the
/// array's depth (JSON strings hold no raw line break, so re-indenting lines is safe).
pub(crate) struct JsonStream {
    indent: String,
    count: u64,
}

impl JsonStream {
    /// Put this string where the streamed array goes.
    pub(crate) const HOLE: &'static str = "\u{1}uflpa-screen streamed array\u{1}";

    /// `doc` rendered and cut at the placeholder: (before, after).
    pub(crate) fn split(doc: &serde_json::Value) -> std::io::Result<(String, String)> {
        let text = serde_json::to_string_pretty(doc)?;
        let hole = serde_json::to_string(Self::HOLE)?;
        let at = text
            .find(&hole)
            .ok_or_else(|| std::io::Error::other("streamed JSON: no placeholder"))?;
        Ok((text[..at].to_string(), text[at + hole.len()..].to_string()))
    }

    /// Write `before` (the text up to the array, from [`JsonStream::split`]).
    pub(crate) fn begin(out: &mut dyn Write, before: &str) -> std::io::Result<JsonStream> {
        out.write_all(before.as_bytes())?;
        // The array is as deep as the line it starts on.
        let line = before.rsplit('\n').next().unwrap_or("");
        let indent = line.len() - line.trim_start_matches(' ').len();
        Ok(JsonStream {
            indent: " ".repeat(indent),
            count: 0,
        })
    }

    /// Write one element of the array.
    pub(crate) fn push(
        &mut self,
        out: &mut dyn Write,
        v: &serde_json::Value,
    ) -> std::io::Result<()> {
        out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        self.count += 1;
        let text = serde_json::to_string_pretty(v)?;
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(self.indent.as_bytes())?;
            out.write_all(b"  ")?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Close the array and write `after` (from [`JsonStream::split`]).
    pub(crate) fn finish(self, out: &mut dyn Write, after: &str) -> std::io::Result<()> {
        if self.count == 0 {
            out.write_all(b"[]")?;
        } else {
            out.write_all(b"\n")?;
            out.write_all(self.indent.as_bytes())?;
            out.write_all(b"]")?;
        }
        out.write_all(after.as_bytes())
    }
}

/// Escape text for XML and HTML. Characters XML 1.0 forbids (C0 controls other than tab,
/// line feed and carriage return; U+FFFE and U+FFFF) cannot be written even as references,
/// so each is replaced by U+FFFD, as are DEL, the C1 controls and the other Unicode
/// noncharacters (U+FDD0 to U+FDEF, U+nFFFE and U+nFFFF), which HTML treats as parse
/// errors: the document stays well-formed and the reader sees that something was there.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !xml_allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// May `c` appear in an XML 1.0 (and HTML) document? See [`xml_escape`].
pub fn xml_allowed(c: char) -> bool {
    let u = c as u32;
    match u {
        0x09 | 0x0A | 0x0D => true,
        0x00..=0x1F | 0x7F..=0x9F | 0xFDD0..=0xFDEF => false,
        _ => u & 0xFFFE != 0xFFFE,
    }
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
    fn xml_forbidden_characters_are_replaced() {
        assert_eq!(xml_escape("a\u{FFFE}b\u{FFFF}c"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(xml_escape("x\u{1b}[2J\u{0}y"), "x\u{FFFD}[2J\u{FFFD}y");
        assert_eq!(xml_escape("t\tn\nr\r<&>"), "t\tn\nr\r&lt;&amp;&gt;");
        assert_eq!(
            xml_escape("\u{1FFFF}\u{85}\u{FDD0}"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(xml_escape("新疆 Ürümqi \u{10000}"), "新疆 Ürümqi \u{10000}");
    }

    #[test]
    fn streamed_json_is_byte_identical_to_the_whole_document() {
        use serde_json::json;
        for n in [0, 1, 3] {
            let items: Vec<serde_json::Value> = (0..n)
                .map(|i| json!({"a": i, "b": ["x\ny", {"c": []}], "d": {}}))
                .collect();
            for (whole, with_hole) in [
                (
                    json!({"a": 1, "runs": [{"results": items, "z": [1, 2]}], "v": "2"}),
                    json!({"a": 1, "runs": [{"results": JsonStream::HOLE, "z": [1, 2]}], "v": "2"}),
                ),
                (json!(items), json!(JsonStream::HOLE)),
            ] {
                let (before, after) = JsonStream::split(&with_hole).unwrap();
                let mut out: Vec<u8> = Vec::new();
                let mut st = JsonStream::begin(&mut out, &before).unwrap();
                for v in &items {
                    st.push(&mut out, v).unwrap();
                }
                st.finish(&mut out, &after).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string_pretty(&whole).unwrap()
                );
            }
        }
    }

    #[test]
    fn input_columns_clashing_with_the_tool_are_renamed_one_way() {
        let got = output_names(&[
            "shipment_id",
            "Line",
            "input.line",
            "Verdict",
            "supplier",
            "SUPPLIER",
            "value",
        ]);
        assert_eq!(
            got,
            [
                "input.shipment_id",
                "input.Line",
                "input.input.line",
                "input.Verdict",
                "supplier",
                "input.SUPPLIER",
                "value"
            ]
        );
        // No two output names equal without case, and none a tool column.
        let mut all: Vec<String> = OWN_COLUMNS.iter().map(|c| c.to_string()).collect();
        all.extend(got);
        let lower: std::collections::HashSet<String> =
            all.iter().map(|c| c.to_lowercase()).collect();
        assert_eq!(lower.len(), all.len());
    }

    #[test]
    fn decimal_units_are_scaled_exactly_and_large_values_fit() {
        use std::str::FromStr;
        let d = |s| rust_decimal::Decimal::from_str(s).unwrap();
        assert_eq!(decimal_units(d("54000.00")), 54_000_000_000);
        assert_eq!(decimal_units(d("-0.5")), -500_000);
        assert_eq!(decimal_units(d("1.00000051")), 1_000_001);
        assert_eq!(decimal_units(d("1.0000005")), 1_000_000);
        assert_eq!(decimal_units(d("1.0000015")), 1_000_002);
        let max = rust_decimal::Decimal::MAX;
        assert_eq!(
            decimal_units(max),
            max.mantissa() * 1_000_000,
            "the largest decimal keeps every digit"
        );
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
