//! One reader for every CSV the tool takes.
//!
//! Opening a file decides everything once: the encoding (UTF-8 with or without BOM,
//! UTF-16 with BOM, GB18030/GBK or Windows-1252, detected where unambiguous), the
//! delimiter (comma, semicolon, tab or pipe), the header and its mapping onto canonical
//! [`Column`]s, and the file's decimal and date conventions. Then rows stream.
//!
//! Every record becomes exactly one [`Row`] or one [`Reject`] with its reason: a ragged
//! row, undecodable bytes, a NUL byte, an oversized field, or a value that fails its
//! type. Nothing is dropped silently; a completely blank row is a reject too, but of
//! kind [`RejectKind::Blank`], which does not fail the run.

mod cjk;
mod columns;
mod lines;
#[cfg(feature = "parquet")]
mod parquet;
mod records;
mod sheet;
mod table;
pub mod value;

pub use columns::{Column, Layout, Schema, normalise_header};

/// The first bytes of every Parquet file.
pub const PARQUET_MAGIC: &[u8] = b"PAR1";

/// A table whose cells are read as text one row at a time: a Parquet file (feature
/// `parquet`), or Arrow data handed over by a library user (the Python package). Each row
/// becomes the same raw record a CSV row would, so that checks, typed values, rejects and
/// screening are exactly those of CSV input. A null cell is a blank field.
pub trait TextRows: Send {
    /// The column names, in order (unique, non-blank names are the caller's duty: they go
    /// through [`Layout::resolve_for`] like a CSV header).
    fn header(&self) -> &[String];
    /// Append the next row's fields to `bytes` and their ends (relative to the row's start)
    /// to `ends`: `Some(Ok)` for a row, `Some(Err(why))` for a row that cannot be read
    /// (rejected with `why`, its fields not appended), `None` after the last row. Errors
    /// are fatal.
    fn next_into(
        &mut self,
        bytes: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> Result<Option<Result<(), String>>, Error>;
    /// Start again from the first row (the first rows are read twice: once to infer the
    /// decimal and date conventions).
    fn rewind(&mut self);
}
pub use value::{Date, DateOrder, DecimalStyle, Money};

use crate::error::Error;
use encoding_rs::Encoding;
use rust_decimal::Decimal;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many bytes are read up front to detect the encoding and dialect.
const SAMPLE_BYTES: usize = 1 << 20;
/// The longest header row (with the first data row) read, in bytes: a longer one is an
/// error, not a header cut short.
const MAX_HEADER_BYTES: usize = 64 << 20;
/// How many records of the sample are used to infer decimal and date conventions.
const SAMPLE_RECORDS: usize = 2000;

/// Options of the reader; the defaults detect everything.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Force an encoding (a WHATWG label such as `gb18030`, `windows-1252`, `utf-8`).
    pub encoding: Option<&'static Encoding>,
    /// Force a delimiter.
    pub delimiter: Option<u8>,
    /// `--map canonical=Header` overrides.
    pub maps: Vec<(Column, String)>,
    /// Decimal separator convention.
    pub decimal: DecimalStyle,
    /// Day-month order for slash dates.
    pub date_order: DateOrder,
    /// Largest field accepted, in bytes.
    pub max_field_bytes: usize,
    /// Which kind of file this is.
    pub schema: Schema,
    /// `--header-row N`: the header is on physical line (or sheet row) N; otherwise it is
    /// the first row that names known columns.
    pub header_row: Option<u64>,
    /// `--sheet NAME`: the worksheet of a spreadsheet to read (default: the first).
    pub sheet: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            delimiter: None,
            maps: Vec::new(),
            decimal: DecimalStyle::Auto,
            date_order: DateOrder::Auto,
            max_field_bytes: 1 << 20,
            schema: Schema::Manifest,
            header_row: None,
            sheet: None,
        }
    }
}

/// Look up an encoding by label (`gbk`, `gb18030`, `cp1252`, `latin1`, `utf-8`...).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "cp1252" | "win1252" => "windows-1252",
        "cp936" => "gbk",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

/// A file opened for reading, with everything decided about it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given.
    pub path: PathBuf,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Whether the encoding was detected (rather than given).
    pub encoding_detected: bool,
    /// The delimiter.
    pub delimiter: u8,
    /// Header mapping.
    pub layout: Arc<Layout>,
    /// Decimal convention in force.
    pub decimal: DecimalStyle,
    /// Date order in force.
    pub date_order: DateOrder,
    /// CSV or Parquet.
    pub format: InputFormat,
    /// 1-based physical line (or sheet row) of the header.
    pub header_line: u64,
    /// Rows above the header that were skipped (a title block, Excel's `sep=` line):
    /// (line, text).
    pub skipped: Vec<(u64, String)>,
    /// Empty cells dropped from the end of the header (a stray delimiter); rows may have as
    /// many blank cells more than the header.
    pub trailing_blank: usize,
}

impl Source {
    /// What a person should know about how the file was read, one sentence each: rows
    /// skipped above the header, columns dropped from its end.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.skipped.is_empty() {
            let shown: Vec<String> = self
                .skipped
                .iter()
                .take(5)
                .map(|(l, t)| format!("line {l} '{t}'"))
                .collect();
            out.push(format!(
                "the header is on line {}; skipped above it: {}{}",
                self.header_line,
                shown.join(", "),
                if self.skipped.len() > 5 {
                    format!(" and {} more", self.skipped.len() - 5)
                } else {
                    String::new()
                }
            ));
        }
        if self.trailing_blank > 0 {
            out.push(format!(
                "{} empty column name{} at the end of the header ignored (a stray delimiter)",
                self.trailing_blank,
                if self.trailing_blank > 1 { "s" } else { "" }
            ));
        }
        out
    }
}

/// The kind of an input file (told by its first bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Delimited text.
    Csv,
    /// Apache Parquet, read through polars.
    Parquet,
    /// Arrow record batches handed over by a library user ([`RowReader::from_table`]).
    Arrow,
    /// A spreadsheet workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), one sheet, read
    /// through calamine.
    Spreadsheet,
}

/// One data row of a file.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based data row number (the header is row 0).
    pub row: u64,
    /// 1-based physical line of the file where the record starts (not the manifest's own
    /// `line` column, which is [`Column::Line`]).
    pub source_line: u64,
    /// The fields as read, one after the other; `ends` says where each stops.
    text: String,
    ends: Vec<usize>,
    /// The file's layout.
    pub layout: Arc<Layout>,
    /// Declared value, if there is a value column and it is not blank.
    pub value: Option<Decimal>,
    /// Currency: the currency column, else the one written in the value.
    pub currency: Option<String>,
    /// Quantity.
    pub quantity: Option<Decimal>,
    /// HTS code as digits.
    pub hts: Option<String>,
    /// Entry date.
    pub entry_date: Option<Date>,
    /// Supply-chain tier.
    pub tier: Option<u32>,
    /// Cells that could not be read, or were read with a correction: each becomes a
    /// data-quality finding, and an unread one a reject of kind [`RejectKind::Cell`].
    pub issues: Vec<CellIssue>,
    /// The text of columns composed of several physical columns ([`Layout::parts`]).
    composed: Vec<(Column, String)>,
}

/// The largest declared value believed for one line (10^15, a thousand trillion, in any
/// currency): a larger one is a data-quality finding ([`crate::rules::Code::DQ504`]) and
/// left out of the totals, so that no total can overflow.
pub const MAX_LINE_VALUE: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0);

/// A cell of a row that could not be read as its type, or was read with a correction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CellIssue {
    /// The data-quality rule: `DQ501` unreadable, `DQ502` HTS leading zero restored,
    /// `DQ503` HTS digits lost, `DQ504` implausible value, `DQ505` rows maybe joined.
    pub code: crate::rules::Code,
    /// The column as headed in the file.
    pub column: String,
    /// The cell's text.
    pub text: String,
    /// Why.
    pub reason: String,
}

impl CellIssue {
    /// Whether the cell's content was not used (listed with the rejects, kind `cell`);
    /// a restored HTS leading zero was used, and so was a field that may hold rows joined
    /// by an open quote (`DQ505`, screened as read).
    pub fn unread(&self) -> bool {
        !matches!(
            self.code,
            crate::rules::Code::DQ502 | crate::rules::Code::DQ505
        )
    }
}

impl Row {
    /// An empty row of a layout, to be filled by [`Converter::convert_into`].
    pub fn empty(layout: Arc<Layout>) -> Row {
        Row {
            row: 0,
            source_line: 0,
            text: String::new(),
            ends: Vec::new(),
            layout,
            value: None,
            currency: None,
            quantity: None,
            hts: None,
            entry_date: None,
            tier: None,
            issues: Vec::new(),
            composed: Vec::new(),
        }
    }

    /// The field at position `i` as read (untrimmed).
    #[inline]
    pub fn field(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// The fields as read, one after the other, and where each ends in that text.
    pub fn raw_fields(&self) -> (&str, &[usize]) {
        (&self.text, &self.ends)
    }

    /// Every field as read, in file order.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|i| self.field(i).unwrap_or(""))
    }

    /// A canonical column's text, trimmed; `None` if absent or blank. A column composed of
    /// several ([`Layout::parts`]: an address over address lines, city, state and
    /// postcode) is their non-blank cells joined with `", "` in file order.
    #[inline]
    pub fn get(&self, col: Column) -> Option<&str> {
        if !self.composed.is_empty() {
            if let Some((_, t)) = self.composed.iter().find(|(c, _)| *c == col) {
                return (!t.is_empty()).then_some(t.as_str());
            }
        }
        let i = self.layout.index(col)?;
        let v = crate::text::trim(self.field(i)?);
        (!v.is_empty()).then_some(v)
    }

    /// Fill the composed columns from the fields.
    fn compose(&mut self) {
        if self.layout.parts.is_empty() {
            self.composed.clear();
            return;
        }
        let layout = self.layout.clone();
        let mut composed = std::mem::take(&mut self.composed);
        composed.truncate(layout.parts.len());
        for (k, (col, idx)) in layout.parts.iter().enumerate() {
            if composed.len() <= k {
                composed.push((*col, String::new()));
            }
            let (c, text) = &mut composed[k];
            *c = *col;
            text.clear();
            let sep = if *col == Column::Description {
                "; "
            } else {
                ", "
            };
            for &i in idx {
                let f = self.field(i).map(str::trim).unwrap_or("");
                if !f.is_empty() {
                    if !text.is_empty() {
                        text.push_str(sep);
                    }
                    text.push_str(f);
                }
            }
        }
        self.composed = composed;
    }

    /// The header of the part of a composed column whose cell holds `text` (compared
    /// without case); `None` for a column of one part or when no single cell holds it.
    pub fn part_holding(&self, col: Column, text: &str) -> Option<&str> {
        let (_, idx) = self.layout.parts.iter().find(|(c, _)| *c == col)?;
        let want = text.to_lowercase();
        idx.iter()
            .find(|&&i| {
                self.field(i)
                    .is_some_and(|f| f.to_lowercase().contains(&want))
            })
            .map(|&i| self.layout.headers[i].as_str())
    }

    /// The headers a canonical column is read from: one, or several composed.
    pub fn sources(&self, col: Column) -> Vec<&str> {
        let l = &self.layout;
        match l.parts.iter().find(|(c, _)| *c == col) {
            Some((_, idx)) => idx.iter().map(|&i| l.headers[i].as_str()).collect(),
            None => l
                .index(col)
                .map(|i| vec![l.headers[i].as_str()])
                .unwrap_or_default(),
        }
    }

    /// `shipment_id` or, if absent, the row number.
    pub fn shipment_id(&self) -> String {
        self.get(Column::ShipmentId)
            .map(str::to_string)
            .unwrap_or_default()
    }
}

/// Why a row, or a cell of it, is listed with the rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectKind {
    /// The record could not be split into fields (broken quoting, wrong field count,
    /// undecodable bytes, an oversized field): the row is not screened; counts against
    /// `--max-rejects`. Written `record`.
    Invalid,
    /// One cell could not be read (a value, date or HTS code that fails its type): the row
    /// was screened on every other field, with a data-quality finding for the cell.
    Cell,
    /// Every field is blank (e.g. trailing `,,,,` rows of a spreadsheet export).
    Blank,
}

/// A row that could not be screened, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Kind.
    pub kind: RejectKind,
    /// 1-based data row number.
    pub row: u64,
    /// 1-based physical line of the file.
    pub source_line: u64,
    /// The column concerned, if one.
    pub column: Option<String>,
    /// Why.
    pub reason: String,
    /// The row's text (fields joined with the delimiter, lossily decoded).
    pub raw: String,
}

type BoxRead = Box<dyn Read + Send>;

/// What reading gives: `None` at the end of the input, `Err` on a fatal error (I/O), else
/// the item or the reject that stands for it.
pub type Next<T> = Option<Result<Result<T, Reject>, Error>>;

/// Streaming reader of one file's rows.
pub struct RowReader {
    backend: Backend,
    row: u64,
    conv: Converter,
    schema: Schema,
    /// Standard input copied to a temporary file (Parquet and workbooks), removed on drop.
    spool: Option<tempfile::TempPath>,
}

enum Backend {
    Csv(Box<records::Splitter<BoxRead>>),
    Table(Box<dyn TextRows>),
    Sheet(std::vec::IntoIter<(u64, Vec<String>)>),
}

impl std::fmt::Debug for RowReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowReader")
            .field("source", &self.conv.source)
            .finish()
    }
}

/// One record as split by the CSV parser, before any check: its bytes (the fields one
/// after the other), where each field ends in them, and the line it starts on.
#[derive(Debug, Clone, Copy)]
pub struct RawRecord<'a> {
    /// The fields' bytes, concatenated.
    pub bytes: &'a [u8],
    /// End of each field in `bytes`.
    pub ends: &'a [usize],
    /// 1-based physical line of the file where the record starts.
    pub source_line: u64,
}

impl<'a> RawRecord<'a> {
    /// The fields.
    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let (bytes, ends) = (self.bytes, self.ends);
        ends.iter().enumerate().map(move |(i, &e)| {
            let s = if i == 0 { 0 } else { ends[i - 1] };
            &bytes[s..e]
        })
    }
}

/// Turns raw records of one file into typed [`Row`]s or [`Reject`]s. It holds no state
/// between rows, so the records of a file can be converted on several threads at once.
#[derive(Debug, Clone)]
pub struct Converter {
    source: Source,
    transcoded: bool,
    max_field: usize,
}

fn read_sample(file: &mut impl Read, path: &Path) -> Result<Vec<u8>, Error> {
    let mut sample = Vec::with_capacity(64 * 1024);
    file.by_ref()
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| Error::io(path, e))?;
    Ok(sample)
}

/// Decide the encoding of a sample, or explain why it cannot be decided.
pub fn detect_encoding(sample: &[u8], complete: bool) -> Result<&'static Encoding, String> {
    if let Some((enc, _)) = Encoding::for_bom(sample) {
        return Ok(enc);
    }
    // UTF-16 without a BOM is valid UTF-8 too (NUL is a character): it goes first.
    if let Some(enc) = cjk::utf16_without_bom(sample) {
        return Ok(enc);
    }
    let valid = match std::str::from_utf8(sample) {
        Ok(_) => true,
        // A sample cut in the middle of a character is still UTF-8.
        Err(e) => !complete && e.error_len().is_none(),
    };
    if valid {
        return Ok(encoding_rs::UTF_8);
    }
    if sample.iter().filter(|&&b| b == 0).count() > sample.len() / 10 {
        return Err("looks like a binary file (many NUL bytes), not CSV text".to_string());
    }
    // Not UTF-8: GB18030 text has high bytes in pairs of two high bytes; Windows-1252
    // text has single high bytes between ASCII letters.
    let (mut pairs, mut singles) = (0usize, 0usize);
    let mut i = 0;
    while i < sample.len() {
        let b = sample[i];
        if b >= 0x81 {
            match sample.get(i + 1) {
                Some(&n) if (0x40..=0xFE).contains(&n) && n != 0x7F && n >= 0x80 => {
                    pairs += 1;
                    i += 2;
                    continue;
                }
                Some(&n) if (0x30..=0x39).contains(&n) => {
                    // GB18030 four-byte sequences; rare, count as pairs.
                    pairs += 1;
                    i += 4;
                    continue;
                }
                _ => singles += 1,
            }
        }
        i += 1;
    }
    // Big5, Shift_JIS and EUC-KR where the decoded text is clearly of their language.
    match cjk::detect(sample, complete)? {
        Some(enc) if enc != encoding_rs::GB18030 => return Ok(enc),
        _ => {}
    }
    let (gb_text, _, gb_bad) = encoding_rs::GB18030.decode(sample);
    let han = gb_text.chars().filter(|&c| crate::text::is_han(c)).count();
    if !gb_bad && pairs >= 2 && singles * 10 <= pairs && han * 2 >= pairs {
        return Ok(encoding_rs::GB18030);
    }
    if singles > 0 && pairs <= singles / 4 {
        return Ok(encoding_rs::WINDOWS_1252);
    }
    Err("the encoding is not UTF-8 and cannot be told apart between GB18030, Big5, Shift_JIS, EUC-KR and Windows-1252; pass --encoding gb18030, big5, shift_jis, euc-kr or windows-1252".to_string())
}

/// The decimal and date conventions of a file, from the options or else from a sample of
/// its rows (each row's fields in file order).
fn infer_conventions(
    layout: &Layout,
    opts: &ReadOptions,
    rows: impl Iterator<Item = Vec<String>>,
) -> (DecimalStyle, DateOrder) {
    let mut decimal = opts.decimal;
    let mut date_order = opts.date_order;
    if decimal != DecimalStyle::Auto && date_order != DateOrder::Auto {
        return (decimal, date_order);
    }
    let (mut points, mut commas) = (0, 0);
    let (mut mdy, mut dmy) = (0, 0);
    let vi = layout.index(Column::Value);
    let qi = layout.index(Column::Quantity);
    let di = layout.index(Column::EntryDate);
    for rec in rows {
        let get = |i: usize| rec.get(i).map(String::as_str);
        for i in [vi, qi].into_iter().flatten() {
            match get(i).and_then(value::money_shape) {
                Some(value::Shape::Point) => points += 1,
                Some(value::Shape::Comma) => commas += 1,
                _ => {}
            }
        }
        if let Some(i) = di {
            match get(i).and_then(value::slash_order) {
                Some(DateOrder::MonthFirst) => mdy += 1,
                Some(DateOrder::DayFirst) => dmy += 1,
                _ => {}
            }
        }
    }
    if decimal == DecimalStyle::Auto {
        decimal = match (points, commas) {
            (p, 0) if p > 0 => DecimalStyle::Point,
            (0, c) if c > 0 => DecimalStyle::Comma,
            _ => DecimalStyle::Auto,
        };
    }
    if date_order == DateOrder::Auto {
        date_order = match (mdy, dmy) {
            (m, 0) if m > 0 => DateOrder::MonthFirst,
            (0, d) if d > 0 => DateOrder::DayFirst,
            _ => DateOrder::Auto,
        };
    }
    (decimal, date_order)
}

/// Pick the delimiter that gives the most consistent multi-column table.
fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize); // (delim, consistent rows, columns)
    for d in [b',', b';', b'\t', b'|'] {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let mut records = rdr.byte_records();
        let Some(Ok(header)) = records.next() else {
            continue;
        };
        let cols = header.len();
        if cols < 2 {
            continue;
        }
        let mut consistent = 1;
        for rec in records.take(50) {
            match rec {
                Ok(r) if r.len() == cols => consistent += 1,
                _ => {}
            }
        }
        if (consistent, cols) > (best.1, best.2) {
            best = (d, consistent, cols);
        }
    }
    best.0
}

impl RowReader {
    /// Open a file: detect encoding and dialect, read and resolve the header.
    /// The path `-` reads standard input (streamed like a file; a Parquet file or a
    /// workbook on standard input is first copied to a temporary file, as both need to seek).
    pub fn open(path: &Path, opts: &ReadOptions) -> Result<RowReader, Error> {
        let stdin = path == Path::new("-");
        let mut file: BoxRead = if stdin {
            Box::new(io::stdin())
        } else {
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(Error::input(path, "is a directory, not a CSV file"));
            }
            Box::new(file)
        };
        let sample = read_sample(&mut file, path)?;
        if stdin && (sample.starts_with(PARQUET_MAGIC) || sheet::is_workbook(&sample)) {
            let mut tmp = tempfile::NamedTempFile::new().map_err(|e| Error::io(path, e))?;
            io::Write::write_all(&mut tmp, &sample).map_err(|e| Error::io(path, e))?;
            io::copy(&mut file, &mut tmp).map_err(|e| Error::io(path, e))?;
            let spool = tmp.into_temp_path();
            let mut r = RowReader::open(&spool, opts)?;
            r.conv.source.path = path.to_path_buf();
            r.spool = Some(spool);
            return Ok(r);
        }
        let complete = sample.len() < SAMPLE_BYTES;
        if sample.is_empty() {
            return Err(Error::input(
                path,
                "the file is empty: expected a header row",
            ));
        }
        if sample.starts_with(PARQUET_MAGIC) {
            return RowReader::open_parquet(path, opts);
        }
        if sheet::is_workbook(&sample) {
            return RowReader::open_sheet(path, &sample, opts);
        }
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        {
            return Err(Error::input(
                path,
                "is named .parquet but is not a Parquet file (it does not start with PAR1)",
            ));
        }
        let (encoding, detected) = match opts.encoding {
            Some(e) => (e, false),
            None => (
                detect_encoding(&sample, complete).map_err(|m| Error::input(path, m))?,
                true,
            ),
        };
        let transcoded = encoding != encoding_rs::UTF_8;
        let bom_len = match Encoding::for_bom(&sample) {
            Some((e, n)) if e == encoding => n,
            _ => 0,
        };
        let mut sample = sample;
        let mut complete = complete;
        // The sample grows until it holds the whole header row (a header of very many
        // columns), up to MAX_HEADER_BYTES.
        let table = loop {
            // Not even two line breaks yet: the header is surely cut; read more first.
            let breaks = memchr::memchr2_iter(b'\n', b'\r', &sample).take(2).count();
            if !complete && breaks < 2 && sample.len() < MAX_HEADER_BYTES {
                let want = sample.len().min(MAX_HEADER_BYTES - sample.len()) as u64;
                let before = sample.len();
                file.by_ref()
                    .take(want)
                    .read_to_end(&mut sample)
                    .map_err(|e| Error::io(path, e))?;
                complete = ((sample.len() - before) as u64) < want;
                continue;
            }
            let sample_text: String = if transcoded {
                encoding.decode_with_bom_removal(&sample).0.into_owned()
            } else {
                String::from_utf8_lossy(&sample[bom_len..]).into_owned()
            };
            if sample_text.trim().is_empty() {
                return Err(Error::input(
                    path,
                    "the file has no header row (it is empty or blank)",
                ));
            }
            let table = table::locate(
                &sample_text,
                opts.delimiter,
                opts.header_row,
                &opts.maps,
                opts.schema,
                sniff_delimiter,
            );
            let header_cut = table.as_ref().map_or(true, |t| !t.has_rows);
            if complete || !header_cut {
                break table.map(|t| (t, sample_text));
            }
            if sample.len() >= MAX_HEADER_BYTES {
                return Err(Error::input(
                    path,
                    format!(
                        "no complete header row and first data row in the first {} MiB; a header row may be at most {} MiB",
                        MAX_HEADER_BYTES >> 20,
                        MAX_HEADER_BYTES >> 20
                    ),
                ));
            }
            let want = sample.len().min(MAX_HEADER_BYTES - sample.len()) as u64;
            let before = sample.len();
            file.by_ref()
                .take(want)
                .read_to_end(&mut sample)
                .map_err(|e| Error::io(path, e))?;
            complete = ((sample.len() - before) as u64) < want;
        };
        let (table, sample_text) = table.map_err(|m| Error::input(path, m))?;
        let delimiter = table.delimiter;
        let header = table.header.clone();
        if header.iter().any(|h| h.contains('\u{fffd}')) {
            return Err(Error::input(
                path,
                format!(
                    "the header row is not valid {}; the file may be GB18030/GBK or Windows-1252: pass --encoding gb18030 or --encoding windows-1252",
                    encoding.name()
                ),
            ));
        }
        let layout = Layout::resolve_for(&header, &opts.maps, opts.schema)
            .map_err(|m| Error::input(path, m))?;
        let (decimal, date_order) = {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(sample_text.as_bytes());
            infer_conventions(
                &layout,
                opts,
                rdr.records()
                    .skip(table.skip + 1)
                    .take(SAMPLE_RECORDS)
                    .flatten()
                    .map(|r| r.iter().map(str::to_string).collect()),
            )
        };

        // Stream: the sample, then the rest of the file.
        let stream: BoxRead = Box::new(io::Cursor::new(sample).chain(file));
        let stream: BoxRead = if transcoded {
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .build(stream),
            )
        } else {
            let mut s = stream;
            if bom_len > 0 {
                let mut skip = vec![0u8; bom_len];
                s.read_exact(&mut skip).map_err(|e| Error::io(path, e))?;
            }
            s
        };
        let mut csv = Box::new(records::Splitter::new(stream, delimiter));
        // Skip what stands above the header, and the header record (read whole: it was
        // read whole in the sample already).
        let (mut skip_bytes, mut skip_ends) = (Vec::new(), Vec::new());
        for _ in 0..=table.skip {
            skip_bytes.clear();
            skip_ends.clear();
            csv.next_record(
                &mut skip_bytes,
                &mut skip_ends,
                MAX_HEADER_BYTES,
                usize::MAX,
            )
            .map_err(|e| Error::input(path, format!("cannot read the header row: {e}")))?;
        }
        Ok(RowReader {
            backend: Backend::Csv(csv),
            row: 0,
            schema: opts.schema,
            spool: None,
            conv: Converter {
                source: Source {
                    path: path.to_path_buf(),
                    encoding,
                    encoding_detected: detected,
                    delimiter,
                    layout: Arc::new(layout),
                    decimal,
                    date_order,
                    format: InputFormat::Csv,
                    header_line: table.header_line,
                    skipped: table.skipped,
                    trailing_blank: table.trailing_blank,
                },
                transcoded,
                max_field: opts.max_field_bytes,
            },
        })
    }

    fn open_sheet(path: &Path, sample: &[u8], opts: &ReadOptions) -> Result<RowReader, Error> {
        let book = sheet::read(path, sample, opts.sheet.as_deref())?;
        let table = table::locate_rows(&book.rows, opts.header_row, &opts.maps, opts.schema)
            .map_err(|m| Error::input(path, format!("sheet '{}': {m}", book.name)))?;
        let layout = Layout::resolve_for(&table.header, &opts.maps, opts.schema)
            .map_err(|m| Error::input(path, format!("sheet '{}': {m}", book.name)))?;
        let mut rows: Vec<(u64, Vec<String>)> =
            book.rows.into_iter().skip(table.skip + 1).collect();
        // A number in the entry-date column is an Excel serial date.
        if let Some(d) = layout.index(Column::EntryDate) {
            for (_, cells) in &mut rows {
                if let Some(iso) = cells.get(d).and_then(|c| sheet::serial_date(c.trim())) {
                    cells[d] = iso;
                }
            }
        }
        let (decimal, date_order) = infer_conventions(
            &layout,
            opts,
            rows.iter().take(SAMPLE_RECORDS).map(|(_, c)| c.clone()),
        );
        Ok(RowReader {
            backend: Backend::Sheet(rows.into_iter()),
            row: 0,
            schema: opts.schema,
            spool: None,
            conv: Converter {
                source: Source {
                    path: path.to_path_buf(),
                    encoding: encoding_rs::UTF_8,
                    encoding_detected: false,
                    delimiter: b',',
                    layout: Arc::new(layout),
                    decimal,
                    date_order,
                    format: InputFormat::Spreadsheet,
                    header_line: table.header_line,
                    skipped: table.skipped,
                    trailing_blank: table.trailing_blank,
                },
                transcoded: false,
                max_field: opts.max_field_bytes,
            },
        })
    }

    #[cfg(feature = "parquet")]
    fn open_parquet(path: &Path, opts: &ReadOptions) -> Result<RowReader, Error> {
        let rows = parquet::ParquetRows::open(path, opts.max_field_bytes)?;
        RowReader::from_table(path, Box::new(rows), opts, InputFormat::Parquet)
    }

    #[cfg(not(feature = "parquet"))]
    fn open_parquet(path: &Path, _opts: &ReadOptions) -> Result<RowReader, Error> {
        Err(Error::input(
            path,
            "is a Parquet file, and this build of uflpa-screen reads no Parquet (built without the `parquet` feature); read it with pyarrow or polars and screen the table",
        ))
    }

    /// A reader of a table read as text ([`TextRows`]): its header resolved as a CSV
    /// header is (`opts.maps` applied; an error naming `path` if no usable column), the
    /// decimal and date conventions inferred from its first rows unless `opts` sets them.
    /// `path` names the table in messages and outputs; `format` is what [`Source::format`]
    /// reports. Rows have no physical lines: a row's line is its row number + 1 (after a
    /// header), as in a CSV file without embedded line breaks.
    pub fn from_table(
        path: &Path,
        mut rows: Box<dyn TextRows>,
        opts: &ReadOptions,
        format: InputFormat,
    ) -> Result<RowReader, Error> {
        let header = rows.header().to_vec();
        let layout = Layout::resolve_for(&header, &opts.maps, opts.schema)
            .map_err(|m| Error::input(path, m))?;
        // Conventions from the first rows, as for CSV; then reading starts over.
        let mut sample = Vec::new();
        let (mut bytes, mut ends) = (Vec::new(), Vec::new());
        while sample.len() < SAMPLE_RECORDS {
            match rows.next_into(&mut bytes, &mut ends)? {
                None => break,
                Some(Err(_)) => continue,
                Some(Ok(())) => {}
            }
            let rec = RawRecord {
                bytes: &bytes,
                ends: &ends,
                source_line: 0,
            };
            sample.push(
                rec.fields()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            );
            bytes.clear();
            ends.clear();
        }
        let (decimal, date_order) = infer_conventions(&layout, opts, sample.into_iter());
        rows.rewind();
        Ok(RowReader {
            backend: Backend::Table(rows),
            row: 0,
            schema: opts.schema,
            spool: None,
            conv: Converter {
                source: Source {
                    path: path.to_path_buf(),
                    encoding: encoding_rs::UTF_8,
                    encoding_detected: false,
                    delimiter: b',',
                    layout: Arc::new(layout),
                    decimal,
                    date_order,
                    format,
                    header_line: 1,
                    skipped: Vec::new(),
                    trailing_blank: 0,
                },
                transcoded: false,
                max_field: opts.max_field_bytes,
            },
        })
    }

    /// What was decided about the file.
    pub fn source(&self) -> &Source {
        &self.conv.source
    }

    /// The converter of this file's records (for converting on other threads).
    pub fn converter(&self) -> &Converter {
        &self.conv
    }

    /// Read the next raw record and append its bytes to `bytes` and its field ends
    /// (relative to its own start) to `ends`: its row number and line, or a reject when the
    /// record cannot be split into fields; `None` at the end of the file. I/O errors are
    /// fatal.
    pub fn read_record(&mut self, bytes: &mut Vec<u8>, ends: &mut Vec<usize>) -> Next<(u64, u64)> {
        let csv = match &mut self.backend {
            Backend::Csv(csv) => csv,
            Backend::Sheet(rows) => {
                let (line, cells) = rows.next()?;
                self.row += 1;
                let start = bytes.len();
                for c in &cells {
                    bytes.extend_from_slice(c.as_bytes());
                    ends.push(bytes.len() - start);
                }
                return Some(Ok(Ok((self.row, line))));
            }
            Backend::Table(rows) => {
                // Parquet rows have no lines: the line is the data row + 1 (after the
                // header), as in a CSV file without embedded line breaks.
                return match rows.next_into(bytes, ends) {
                    Ok(Some(Ok(()))) => {
                        self.row += 1;
                        Some(Ok(Ok((self.row, self.row + 1))))
                    }
                    Ok(Some(Err(reason))) => {
                        self.row += 1;
                        Some(Ok(Err(Reject {
                            kind: RejectKind::Invalid,
                            row: self.row,
                            source_line: self.row + 1,
                            column: None,
                            reason,
                            raw: String::new(),
                        })))
                    }
                    Ok(None) => None,
                    Err(e) => Some(Err(e)),
                };
            }
        };
        let (b0, e0) = (bytes.len(), ends.len());
        let max = self.conv.max_field;
        let want = self.conv.source.layout.headers.len() + self.conv.source.trailing_blank;
        match csv.next_record(bytes, ends, max, want + 1) {
            Ok(None) => None,
            Ok(Some(split)) => {
                self.row += 1;
                let problem = match split.oversized {
                    Some((i, n)) => Some((
                        self.conv.source.layout.headers.get(i).cloned(),
                        format!(
                            "field is {n} bytes, over the limit of {max} (--max-field-bytes); it was not kept"
                        ),
                    )),
                    // Too many fields (a blank row of any width is a blank row).
                    None if split.fields > ends.len() - e0
                        && (split.dropped_text
                            || bytes[b0..].iter().any(|b| !b.is_ascii_whitespace())) =>
                    {
                        Some((
                            None,
                            format!(
                                "expected {} fields (as in the header), found {}; check for a stray delimiter or quote",
                                self.conv.source.layout.headers.len(),
                                split.fields
                            ),
                        ))
                    }
                    None => None,
                };
                match problem {
                    None => Some(Ok(Ok((self.row, split.line)))),
                    Some((column, reason)) => {
                        let rec = RawRecord {
                            bytes: &bytes[b0..],
                            ends: &ends[e0..],
                            source_line: split.line,
                        };
                        let raw = crate::text::clip(&self.conv.raw_text(rec), 4096);
                        bytes.truncate(b0);
                        ends.truncate(e0);
                        Some(Ok(Err(Reject {
                            kind: RejectKind::Invalid,
                            row: self.row,
                            source_line: split.line,
                            column,
                            reason,
                            raw,
                        })))
                    }
                }
            }
            Err(e) => Some(Err(Error::input(
                &self.conv.source.path,
                format!("cannot be read: {e}"),
            ))),
        }
    }

    /// Read the next row; `None` at the end of the file. I/O errors are fatal.
    pub fn next_row(&mut self) -> Next<Row> {
        let (mut bytes, mut ends) = (Vec::new(), Vec::new());
        let item = self.read_record(&mut bytes, &mut ends)?;
        Some(item.map(|r| {
            r.and_then(|(n, line)| {
                let mut row = Row::empty(self.conv.source.layout.clone());
                let rec = RawRecord {
                    bytes: &bytes,
                    ends: &ends,
                    source_line: line,
                };
                self.conv.convert_into(rec, n, &mut row)?;
                // Supply-chain and evidence rows are not screened on their own: a row with
                // a cell that cannot be read is rejected whole, as before.
                match row.issues.iter().find(|i| i.unread()) {
                    Some(i) if self.schema != Schema::Manifest => Err(Reject {
                        kind: RejectKind::Invalid,
                        row: n,
                        source_line: line,
                        column: Some(i.column.clone()),
                        reason: i.reason.clone(),
                        raw: crate::text::clip(&self.conv.raw_text(rec), 4096),
                    }),
                    _ => Ok(row),
                }
            })
        }))
    }
}

impl Converter {
    /// What was decided about the file.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The record's text: its fields joined with the delimiter, lossily decoded.
    pub fn raw_text(&self, rec: RawRecord) -> String {
        let d = [self.source.delimiter];
        let sep = std::str::from_utf8(&d).unwrap_or(",");
        rec.fields()
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// Check and type the record `rec` (data row `row_no`) into `row`, reusing its storage.
    /// On a reject `row` holds nothing useful.
    pub fn convert_into(&self, rec: RawRecord, row_no: u64, row: &mut Row) -> Result<(), Reject> {
        let line = rec.source_line;
        let layout = &self.source.layout;
        let reject = |kind: RejectKind, column: Option<String>, reason: String| Reject {
            kind,
            row: row_no,
            source_line: line,
            column,
            reason,
            raw: crate::text::clip(&self.raw_text(rec), 4096),
        };
        let want = layout.headers.len();
        let mut got = rec.ends.len();
        let mut all = rec.bytes;
        if all.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(reject(RejectKind::Blank, None, "blank row".to_string()));
        }
        // A header with a stray delimiter at its end: the same blank cells on the rows go.
        let spare = self.source.trailing_blank;
        if got > want && got <= want + spare {
            let keep = rec.ends[want - 1];
            if all[keep..].iter().all(|b| b.is_ascii_whitespace()) {
                got = want;
                all = &all[..keep];
            }
        }
        let rec = RawRecord {
            bytes: all,
            ends: &rec.ends[..got.min(rec.ends.len())],
            source_line: rec.source_line,
        };
        if got != want {
            return Err(reject(
                RejectKind::Invalid,
                None,
                format!(
                    "expected {want} fields (as in the header), found {got}; check for a stray delimiter or quote"
                ),
            ));
        }
        // The whole record is checked at once; only a record with a problem is looked at
        // field by field, to name the field.
        // Field ends, in one pass; a field over the size limit or a field boundary inside a
        // character (a continuation byte starting the next field) makes the record suspect.
        let mut start = 0;
        let mut odd = false;
        for &end in rec.ends {
            odd |= end - start > self.max_field || all.get(end).is_some_and(|&b| (b as i8) < -0x40);
            start = end;
        }
        let whole = if odd {
            None
        } else {
            std::str::from_utf8(all).ok()
        };
        let suspect = whole.is_none()
            || memchr::memchr2(0, b'\n', all).is_some()
            || (self.transcoded && whole.is_some_and(|t| t.contains('\u{fffd}')));
        if suspect {
            for (i, bytes) in rec.fields().enumerate() {
                let col = || Some(layout.headers[i].clone());
                if let Some(reason) = self.field_problem(bytes, line, want) {
                    return Err(reject(RejectKind::Invalid, col(), reason));
                }
            }
        }
        let Some(whole) = whole else {
            // Unreachable: a record whose bytes are not UTF-8 has a field that is not.
            return Err(reject(
                RejectKind::Invalid,
                None,
                "bytes that are not valid UTF-8".to_string(),
            ));
        };
        row.row = row_no;
        row.source_line = line;
        row.text.clear();
        row.text.push_str(whole);
        row.ends.clear();
        row.ends.extend_from_slice(rec.ends);
        if !Arc::ptr_eq(&row.layout, layout) {
            row.layout = layout.clone();
        }
        row.value = None;
        row.quantity = None;
        row.entry_date = None;
        row.tier = None;
        row.issues.clear();
        row.compose();
        self.type_values(row);
        if suspect && self.source.format == InputFormat::Csv {
            self.note_joined_rows(row, rec.fields(), line, want);
        }
        Ok(())
    }

    /// A quoted field over several lines whose first line would finish the row and whose
    /// later lines hold delimiters too: a quote left open may have joined rows (trial 12:
    /// "Hanoi, Vietnam,Chairs,VN" and the next row "Bar Co,Hefei" read as one address,
    /// silently). Noted as [`crate::rules::Code::DQ505`]; the row is screened as read.
    fn note_joined_rows<'b>(
        &self,
        row: &mut Row,
        fields: impl Iterator<Item = &'b [u8]>,
        line: u64,
        want: usize,
    ) {
        let delim = self.source.delimiter;
        for (i, bytes) in fields.enumerate() {
            if memchr::memchr(b'\n', bytes).is_none() {
                continue;
            }
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            let count = |l: &str| l.bytes().filter(|&b| b == delim).count();
            let mut lines = text.lines();
            let first = lines.next().map_or(0, count);
            let later = lines.any(|l| count(l) >= 1);
            if want >= 2 && first + i + 1 >= want && later {
                let n = text.matches('\n').count();
                row.issues.push(CellIssue {
                    code: crate::rules::Code::DQ505,
                    column: self.source.layout.headers[i].clone(),
                    text: crate::text::clip(text, 200),
                    reason: format!(
                        "'{}' is a quoted field over {} lines ({}-{}) whose first line would finish the row: if a quote is not closed, rows were read as one; check the file",
                        self.source.layout.headers[i],
                        n + 1,
                        line,
                        line + n as u64
                    ),
                });
            }
        }
    }

    /// What is wrong with one field, if anything.
    fn field_problem(&self, bytes: &[u8], line: u64, want: usize) -> Option<String> {
        if bytes.len() > self.max_field {
            return Some(format!(
                "field is {} bytes, over the limit of {} (--max-field-bytes)",
                bytes.len(),
                self.max_field
            ));
        }
        if bytes.contains(&0) {
            return Some("field contains a NUL byte".to_string());
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Some(format!(
                    "bytes that are not valid UTF-8 at byte {} of the field; if the file is GB18030/GBK or Windows-1252, pass --encoding",
                    e.valid_up_to()
                ));
            }
        };
        if self.transcoded && text.contains('\u{fffd}') {
            return Some(format!(
                "bytes that are not valid {}",
                self.source.encoding.name()
            ));
        }
        if self.source.format == InputFormat::Csv && text.contains('\n') {
            // A quoted field that swallowed whole rows: an unclosed quote.
            let delim = self.source.delimiter as char;
            let suspicious = text
                .lines()
                .skip(1)
                .any(|l| want > 1 && l.matches(delim).count() + 1 >= want);
            if suspicious {
                let lines = text.matches('\n').count();
                return Some(format!(
                    "a quoted field runs over {} lines that look like rows of their own (lines {}-{}); a quote is probably not closed",
                    lines + 1,
                    line,
                    line + lines as u64
                ));
            }
        }
        None
    }

    /// Parse the typed columns of a row whose fields are set. A cell that cannot be read
    /// leaves its typed value unset and is noted in [`Row::issues`]; the row is screened
    /// on everything else.
    fn type_values(&self, row: &mut Row) {
        use crate::rules::Code;
        let layout = &self.source.layout;
        let mut issues = std::mem::take(&mut row.issues);
        let mut note = |c: Column, code: Code, text: &str, reason: String| {
            let column = layout
                .index(c)
                .map_or_else(|| c.name().to_string(), |i| layout.headers[i].clone());
            issues.push(CellIssue {
                code,
                column,
                text: crate::text::clip(text, 200),
                reason,
            });
        };
        // The currency and HTS strings of the previous row are reused.
        let mut cur = row.currency.take().unwrap_or_default();
        let mut hts = row.hts.take().unwrap_or_default();
        let column_cur = row.get(Column::Currency).map(|c| {
            cur.clear();
            cur.push_str(c.trim());
            cur.make_ascii_uppercase();
            cur
        });
        row.currency = None;
        if let Some(v) = row.get(Column::Value) {
            match value::parse_money(v, self.source.decimal) {
                Err(r) => note(Column::Value, Code::DQ501, v, r),
                Ok(m) => match (&column_cur, &m.currency) {
                    (Some(c), Some(w)) if c != w => note(
                        Column::Value,
                        Code::DQ501,
                        v,
                        format!("the value is written in {w} but the currency column says {c}"),
                    ),
                    _ if m.amount.abs() > MAX_LINE_VALUE => note(
                        Column::Value,
                        Code::DQ504,
                        v,
                        format!(
                            "'{v}' is over the plausible maximum of {MAX_LINE_VALUE} for one line; left out of the totals"
                        ),
                    ),
                    _ => {
                        row.value = Some(m.amount);
                        row.currency = m.currency;
                    }
                },
            }
        }
        if column_cur.is_some() {
            row.currency = column_cur;
        }
        if let Some(q) = row.get(Column::Quantity) {
            match value::parse_quantity(q, self.source.decimal) {
                Ok(n) => row.quantity = Some(n),
                Err(r) => note(Column::Quantity, Code::DQ501, q, r),
            }
        }
        if let Some(h) = row.get(Column::HtsCode) {
            match crate::hts::read_hts_into(h, &mut hts) {
                Ok(crate::hts::HtsRead::Digits) => row.hts = Some(hts),
                Ok(crate::hts::HtsRead::LeadingZero) => {
                    note(
                        Column::HtsCode,
                        Code::DQ502,
                        h,
                        format!(
                            "'{h}' has lost its leading zero (a spreadsheet number); read as {}",
                            crate::hts::dotted(&hts)
                        ),
                    );
                    row.hts = Some(hts);
                }
                Ok(crate::hts::HtsRead::LostDigits) => note(
                    Column::HtsCode,
                    Code::DQ503,
                    h,
                    format!(
                        "'{h}' is in scientific notation: a spreadsheet dropped digits of the code, which are not guessed; the line's sector by HTS code is unknown"
                    ),
                ),
                Err(r) => note(
                    Column::HtsCode,
                    Code::DQ501,
                    h,
                    format!("{r}; the line's sector by HTS code is unknown"),
                ),
            }
        }
        if let Some(t) = row.get(Column::Tier) {
            let digits = t
                .trim()
                .trim_start_matches(['T', 't'])
                .trim_start_matches("ier")
                .trim();
            match digits.parse::<u32>().ok().filter(|n| *n >= 1) {
                Some(n) => row.tier = Some(n),
                None => note(
                    Column::Tier,
                    Code::DQ501,
                    t,
                    format!("'{t}' is not a tier number (1, 2, 3 ...)"),
                ),
            }
        }
        if let Some(d) = row.get(Column::EntryDate) {
            match value::parse_date(d, self.source.date_order) {
                Ok(date) => row.entry_date = Some(date),
                Err(r) => note(Column::EntryDate, Code::DQ501, d, r),
            }
        }
        row.issues = issues;
    }
}

impl Iterator for RowReader {
    type Item = Result<Result<Row, Reject>, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        assert_eq!(
            detect_encoding("supplier,address\nA,B\n".as_bytes(), true).unwrap(),
            encoding_rs::UTF_8
        );
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFsupplier\n", true).unwrap(),
            encoding_rs::UTF_8
        );
        let (gbk, _, _) =
            encoding_rs::GBK.encode("供应商,地址\n新疆阿克苏纺织有限公司,新疆阿克苏市\n");
        assert_eq!(detect_encoding(&gbk, true).unwrap(), encoding_rs::GB18030);
        let (latin, _, _) =
            encoding_rs::WINDOWS_1252.encode("supplier,address\nMüller GmbH,Straße 5, München\n");
        assert_eq!(
            detect_encoding(&latin, true).unwrap(),
            encoding_rs::WINDOWS_1252
        );
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter("a,b\n\"x, y\",2\n"), b',');
    }
}
