//! The Excel workbook, as a compliance officer uses it: every sheet has a bold, frozen header
//! row with filters and set column widths; counts, amounts and dates are Excel numbers and
//! dates with a number format (amounts `#,##0.00`, dates `yyyy-mm-dd`), never text.
//!
//! Sheets: Summary (the first page: totals, value at risk, recommended action, versions),
//! Documents (one request list per supplier and tier), Waivers, Rejects, Presumed and Review
//! (the lines shown in full, a row per finding with its legal basis), Lines (every screened
//! line, from the report's [`LineSpool`], in sheets of [`LINES_PER_SHEET`] rows: Excel holds
//! [`EXCEL_ROWS`] rows a sheet), Figures, Sources and Inputs.
//!
//! Text from manifests is written as text, and a cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or CR) also gets Excel's quote prefix.
//! Excel holds at most 32,767 characters in a cell ([`EXCEL_CELL_MAX`]): a longer text is
//! clipped with a visible marker ([`CLIPPED`]) and the Summary sheet says how many cells were.
//! Amounts are doubles at this boundary (exact to 15 significant digits); every sum was
//! computed before, in `rust_decimal`.

use super::{Group, LineSpool, ReportData, money, plural};
use crate::verdict::Verdict;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::cell::Cell as Counter;

/// The most characters (UTF-16 code units, as Excel counts them) a cell holds.
pub const EXCEL_CELL_MAX: usize = 32_767;

/// Rows of one Excel sheet.
pub const EXCEL_ROWS: u64 = 1_048_576;

/// Lines per Lines sheet (a round number below [`EXCEL_ROWS`]).
pub const LINES_PER_SHEET: u64 = 1_000_000;

/// Lines sheets at most; lines beyond them are counted on the Summary sheet, not written.
pub const MAX_LINE_SHEETS: u64 = 5;

/// Ends a cell clipped at [`EXCEL_CELL_MAX`].
pub const CLIPPED: &str = " …[clipped: longer than Excel allows]";

/// `t` cut to fit one cell, with [`CLIPPED`] at the end when it had to be cut.
fn fit<'t>(t: &'t str, clipped: &Counter<u64>) -> std::borrow::Cow<'t, str> {
    if t.len() <= EXCEL_CELL_MAX || t.encode_utf16().count() <= EXCEL_CELL_MAX {
        return std::borrow::Cow::Borrowed(t);
    }
    clipped.set(clipped.get() + 1);
    let room = EXCEL_CELL_MAX - CLIPPED.encode_utf16().count();
    let mut units = 0;
    let mut end = 0;
    for (i, c) in t.char_indices() {
        units += c.len_utf16();
        if units > room {
            break;
        }
        end = i + c.len_utf8();
    }
    std::borrow::Cow::Owned(format!("{}{CLIPPED}", &t[..end]))
}

/// One cell.
enum C<'c> {
    T(&'c str),
    N(u64),
    M(Option<Decimal>),
    D(Option<crate::input::Date>),
    E,
}

struct Formats {
    bold: Format,
    header: Format,
    quoted: Format,
    money: Format,
    int: Format,
    date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_background_color("F2F2F2")
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            quoted: Format::new().set_quote_prefix().set_align(FormatAlign::Top),
            money: Format::new()
                .set_num_format("#,##0.00")
                .set_align(FormatAlign::Top),
            int: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    f: &'a Formats,
    clipped: &'a Counter<u64>,
    /// The table's header row and width, for the filter.
    table: Option<(u32, u16)>,
    /// The table's last row, once [`Sheet::end_table`] is called (notes and other tables
    /// may follow; the filter covers the table only).
    table_end: Option<u32>,
}

fn excel_date(d: crate::input::Date) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(u16::try_from(d.year).ok()?, d.month, d.day).ok()
}

impl<'a> Sheet<'a> {
    fn new(
        ws: &'a mut Worksheet,
        name: &str,
        widths: &[f64],
        f: &'a Formats,
        clipped: &'a Counter<u64>,
    ) -> Result<Sheet<'a>, XlsxError> {
        ws.set_name(name)?;
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        Ok(Sheet {
            ws,
            row: 0,
            f,
            clipped,
            table: None,
            table_end: None,
        })
    }

    fn title(&mut self, t: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(self.row, 0, t, &self.f.bold)?;
        self.row += 1;
        Ok(())
    }

    /// The header of the sheet's table: bold, frozen, with filters once the table ends.
    fn header(&mut self, cells: &[&str]) -> Result<(), XlsxError> {
        for (c, t) in cells.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, *t, &self.f.header)?;
        }
        if self.table.is_none() {
            self.ws.set_freeze_panes(self.row + 1, 0)?;
            self.table = Some((self.row, cells.len().saturating_sub(1) as u16));
        }
        self.row += 1;
        Ok(())
    }

    /// A sub-table's header (bold, not frozen).
    fn subheader(&mut self, cells: &[&str]) -> Result<(), XlsxError> {
        for (c, t) in cells.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, c as u16, *t, &self.f.header)?;
        }
        self.row += 1;
        Ok(())
    }

    fn line(&mut self, cells: &[C]) -> Result<(), XlsxError> {
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                C::T(t) => {
                    let t = fit(t, self.clipped);
                    let risky = matches!(
                        t.as_bytes().first(),
                        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                    );
                    let fmt = if risky { &self.f.quoted } else { &self.f.wrap };
                    if !t.is_empty() {
                        self.ws
                            .write_string_with_format(self.row, col, t.as_ref(), fmt)?;
                    }
                }
                C::N(n) => {
                    self.ws
                        .write_number_with_format(self.row, col, *n as f64, &self.f.int)?;
                }
                C::M(Some(d)) => {
                    self.ws.write_number_with_format(
                        self.row,
                        col,
                        d.to_f64().unwrap_or(0.0),
                        &self.f.money,
                    )?;
                }
                C::D(Some(d)) => {
                    if let Some(x) = excel_date(*d) {
                        self.ws
                            .write_datetime_with_format(self.row, col, &x, &self.f.date)?;
                    }
                }
                C::M(None) | C::D(None) | C::E => {}
            }
        }
        self.row += 1;
        Ok(())
    }

    fn blank(&mut self) {
        self.row += 1;
    }

    /// The sheet's table ends here: what follows is not filtered with it.
    fn end_table(&mut self) {
        if self.table.is_some() && self.table_end.is_none() {
            self.table_end = Some(self.row.saturating_sub(1));
        }
    }

    /// A note below the table (a blank row between): not part of the table or its filter.
    fn note(&mut self, t: &str) -> Result<(), XlsxError> {
        if self.table_end.is_none() {
            self.end_table();
            self.blank();
        }
        self.line(&[C::T(t)])
    }

    /// Filters on the table's header, down to its last row (not below it).
    fn done(self) -> Result<(), XlsxError> {
        if let Some((head, last_col)) = self.table {
            let last = self
                .table_end
                .unwrap_or(self.row.saturating_sub(1))
                .max(head);
            self.ws.autofilter(head, 0, last, last_col)?;
        }
        Ok(())
    }
}

fn groups(
    s: &mut Sheet,
    title: &str,
    key: &str,
    rows: &[super::GroupRow],
) -> Result<(), XlsxError> {
    s.title(title)?;
    s.subheader(&[
        key,
        "lines",
        "presumed",
        "review",
        "currency",
        "declared value",
        "value at risk",
    ])?;
    for g in rows {
        let mut currencies: Vec<&str> = g.value.iter().map(|(c, _)| c.as_str()).collect();
        if currencies.is_empty() {
            currencies.push("");
        }
        for (i, cur) in currencies.iter().enumerate() {
            let value = g.value.iter().find(|(c, _)| c == cur).map(|(_, d)| *d);
            let risk = g.at_risk.iter().find(|(c, _)| c == cur).map(|(_, d)| *d);
            if i == 0 {
                s.line(&[
                    C::T(&g.key),
                    C::N(g.rows),
                    C::N(g.presumed),
                    C::N(g.review),
                    C::T(cur),
                    C::M(value),
                    C::M(risk),
                ])?;
            } else {
                s.line(&[C::E, C::E, C::E, C::E, C::T(cur), C::M(value), C::M(risk)])?;
            }
        }
    }
    s.blank();
    Ok(())
}

/// A `YYYY-MM-DD` text as an Excel date; any other text as text.
fn date_cell(t: &str) -> C<'_> {
    match parse_date(t) {
        Some(d) if excel_date(d).is_some() => C::D(Some(d)),
        _ => C::T(t),
    }
}

fn parse_date(t: &str) -> Option<crate::input::Date> {
    let mut p = t.splitn(3, '-');
    Some(crate::input::Date {
        year: p.next()?.parse().ok()?,
        month: p.next()?.parse().ok()?,
        day: p.next()?.parse().ok()?,
    })
}

/// Render the workbook to bytes; every line comes from `spool` (none when `None`).
pub fn xlsx(d: &ReportData, spool: Option<LineSpool>) -> Result<Vec<u8>, crate::Error> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let clipped = Counter::new(0u64);
        let f = Formats::new();
        // The workbook says it was made on the report's date (not the clock's second), so
        // that a report with a pinned date (`--as-of`) is the same bytes every time.
        let created = ExcelDateTime::from_ymd(
            u16::try_from(d.date.year).unwrap_or(2000),
            d.date.month,
            d.date.day,
        )?;
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let sm = &d.summary;
        let summary_end;
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Summary",
                &[44.0, 12.0, 10.0, 18.0, 100.0],
                &f,
                &clipped,
            )?;
            s.title("UFLPA screening report")?;
            s.line(&[C::T("date"), C::D(Some(d.date))])?;
            s.line(&[C::T("rule pack"), C::T(&d.pack.version)])?;
            s.line(&[C::T("facts checked as of"), date_cell(&d.pack.facts_as_of)])?;
            s.line(&[
                C::T("UFLPA Entity List as of"),
                date_cell(&d.pack.entity_list_as_of),
            ])?;
            s.line(&[
                C::T("Entity List SHA-256"),
                C::T(&d.pack.entity_list_sha256),
            ])?;
            s.line(&[C::T("uflpa-screen"), C::T(env!("CARGO_PKG_VERSION"))])?;
            s.blank();
            s.header(&["verdict", "lines", "currency", "declared value"])?;
            for v in Verdict::ALL {
                let values = sm.value_of(v);
                if values.is_empty() {
                    s.line(&[C::T(v.as_str()), C::N(sm.count(v))])?;
                }
                for (i, (c, x)) in values.iter().enumerate() {
                    let n = if i == 0 { C::N(sm.count(v)) } else { C::E };
                    s.line(&[C::T(v.as_str()), n, C::T(c), C::M(Some(*x))])?;
                }
            }
            s.line(&[
                C::T("rejected (unreadable, not screened)"),
                C::N(sm.rejected),
            ])?;
            s.line(&[C::T("findings accepted by waivers"), C::N(sm.waived)])?;
            for (c, x) in sm.value_at_risk() {
                s.line(&[
                    C::T("value at risk (presumed + review)"),
                    C::E,
                    C::T(c),
                    C::M(Some(x)),
                ])?;
            }
            s.end_table();
            s.blank();
            s.subheader(&[
                "recommended action",
                "lines",
                "currency",
                "declared value",
                "what to do",
            ])?;
            for g in Group::ALL {
                let t = d.group(g);
                if g == Group::Waived && t.lines == 0 {
                    continue;
                }
                let action = g.action().join(" ");
                let money = t.money();
                if money.is_empty() {
                    s.line(&[C::T(g.title()), C::N(t.lines), C::E, C::E, C::T(&action)])?;
                }
                for (i, (c, x)) in money.iter().enumerate() {
                    if i == 0 {
                        s.line(&[
                            C::T(g.title()),
                            C::N(t.lines),
                            C::T(c),
                            C::M(Some(*x)),
                            C::T(&action),
                        ])?;
                    } else {
                        s.line(&[C::E, C::E, C::T(c), C::M(Some(*x))])?;
                    }
                }
            }
            summary_end = s.row + 1;
            s.done()?;
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Documents",
                &[36.0, 8.0, 10.0, 14.0, 90.0, 8.0, 60.0],
                &f,
                &clipped,
            )?;
            s.header(&[
                "supplier",
                "lines",
                "worst verdict",
                "for",
                "document to request",
                "done",
                "lines concerned",
            ])?;
            for r in &d.suppliers {
                let verdict = r.verdict.map_or("", |v| v.as_str());
                let names = r.line_names.join("; ");
                let mut rows: Vec<(String, String)> = Vec::new();
                for req in r.identity_requests() {
                    for doc in req.documents {
                        rows.push((req.what.clone(), doc));
                    }
                }
                for doc in &r.documents {
                    rows.push(("the goods".into(), doc.clone()));
                }
                for (t, docs) in &r.tiers {
                    for doc in docs {
                        rows.push((t.clone(), doc.clone()));
                    }
                }
                for (what, doc) in rows {
                    s.line(&[
                        C::T(&r.supplier),
                        C::N(r.lines),
                        C::T(verdict),
                        C::T(&what),
                        C::T(&doc),
                        C::E,
                        C::T(&names),
                    ])?;
                }
            }
            s.done()?;
        }
        {
            // One table a sheet: the waivers of uflpa.toml here, the findings they accepted on
            // the next sheet.
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Waivers",
                &[8.0, 40.0, 60.0, 12.0, 30.0, 36.0, 10.0, 26.0],
                &f,
                &clipped,
            )?;
            s.header(&[
                "rule",
                "applies to",
                "why accepted",
                "until",
                "by",
                "CBP determination",
                "findings accepted",
                "status",
            ])?;
            for w in &d.waivers {
                let status = if w.expired {
                    format!("expired before {}: not applied", d.date)
                } else if w.used == 0 {
                    "unused: matched no finding".to_string()
                } else {
                    "in force".to_string()
                };
                s.line(&[
                    C::T(&w.code),
                    C::T(&w.scope),
                    C::T(&w.reason),
                    date_cell(&w.expires),
                    C::T(&w.reviewer),
                    C::T(&w.determination),
                    C::N(w.used),
                    C::T(&status),
                ])?;
            }
            if d.waivers.is_empty() {
                s.note("No waiver in uflpa.toml.")?;
            }
            s.done()?;
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Waived findings",
                &[40.0, 30.0, 8.0, 60.0, 12.0, 30.0, 60.0],
                &f,
                &clipped,
            )?;
            s.header(&[
                "line",
                "supplier",
                "rule",
                "finding",
                "until",
                "by",
                "waiver as applied",
            ])?;
            for w in &d.waived.items {
                s.line(&[
                    C::T(&w.line),
                    C::T(&w.supplier),
                    C::T(&w.code),
                    C::T(&w.reason),
                    date_cell(&w.until),
                    C::T(&w.by),
                    C::T(&w.waiver),
                ])?;
            }
            if d.waived.capped() {
                s.note(&format!(
                    "The first {} of {} waived findings are listed; every line is on the Lines sheet.",
                    d.waived.items.len(),
                    d.waived.total
                ))?;
            }
            s.done()?;
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Rejects",
                &[30.0, 10.0, 10.0, 10.0, 20.0, 90.0],
                &f,
                &clipped,
            )?;
            s.header(&["file", "line", "row", "kind", "column", "reason"])?;
            for r in &d.rejects.items {
                s.line(&[
                    C::T(&r.file),
                    C::N(r.source_line),
                    C::N(r.row),
                    C::T(&r.kind),
                    C::T(&r.column),
                    C::T(&r.reason),
                ])?;
            }
            if d.rejects.capped() {
                s.note(&format!(
                    "The first {} of {} are listed; write them all with --rejects PATH.",
                    d.rejects.items.len(),
                    d.rejects.total
                ))?;
            }
            s.done()?;
        }
        for (name, lines) in [("Presumed", &d.presumed), ("Review", &d.review)] {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                name,
                &[
                    20.0, 8.0, 8.0, 16.0, 8.0, 30.0, 14.0, 8.0, 8.0, 80.0, 40.0, 80.0,
                ],
                &f,
                &clipped,
            )?;
            s.header(&[
                "file",
                "line",
                "row",
                "shipment",
                "entry line",
                "supplier",
                "value",
                "currency",
                "code",
                "reason",
                if name == "Review" {
                    "waiting for"
                } else {
                    "group"
                },
                "legal basis",
            ])?;
            for l in &lines.items {
                let group = if name == "Review" {
                    l.need.clone()
                } else {
                    l.group().short().to_string()
                };
                for fi in &l.findings {
                    let cite = d.rule(&fi.code).map(|r| r.1).unwrap_or("");
                    let reason = match &fi.waived {
                        Some(w) => format!("{} ({w})", fi.reason),
                        None => fi.reason.clone(),
                    };
                    s.line(&[
                        C::T(&l.file),
                        C::N(l.source_line),
                        C::N(l.row),
                        C::T(&l.shipment),
                        C::T(&l.line),
                        C::T(&l.supplier),
                        C::M(l.value),
                        C::T(&l.currency),
                        C::T(&fi.code),
                        C::T(&reason),
                        C::T(&group),
                        C::T(cite),
                    ])?;
                }
            }
            if lines.capped() {
                s.note(&format!(
                    "The first {} of {} lines are shown here; every line is on the Lines sheet.",
                    lines.items.len(),
                    lines.total
                ))?;
            }
            s.done()?;
        }
        // Every line, in sheets of LINES_PER_SHEET rows, in constant memory.
        let mut written = 0u64;
        let mut left_out = 0u64;
        if let Some(spool) = spool {
            let mut r = spool.reader().map_err(XlsxError::IoError)?;
            let mut rec = csv::StringRecord::new();
            // The spool's header.
            let _ = r.read_record(&mut rec);
            let mut sheet: Option<Sheet> = None;
            let mut n = 0u64;
            while r
                .read_record(&mut rec)
                .map_err(|e| XlsxError::IoError(std::io::Error::other(e)))?
            {
                if n % LINES_PER_SHEET == 0 {
                    if let Some(s) = sheet.take() {
                        s.done()?;
                    }
                    let k = n / LINES_PER_SHEET;
                    if k >= MAX_LINE_SHEETS {
                        left_out += 1;
                        n += 1;
                        continue;
                    }
                    let name = if k == 0 {
                        "Lines".to_string()
                    } else {
                        format!("Lines {}", k + 1)
                    };
                    let ws = wb.add_worksheet_with_constant_memory();
                    let mut s = Sheet::new(
                        ws,
                        &name,
                        &[
                            18.0, 8.0, 8.0, 16.0, 8.0, 11.0, 30.0, 30.0, 10.0, 13.0, 40.0, 14.0,
                            8.0, 10.0, 16.0, 12.0, 80.0, 60.0,
                        ],
                        &f,
                        &clipped,
                    )?;
                    s.header(&super::LINE_COLUMNS)?;
                    sheet = Some(s);
                } else if n / LINES_PER_SHEET >= MAX_LINE_SHEETS {
                    left_out += 1;
                    n += 1;
                    continue;
                }
                n += 1;
                written += 1;
                let g = |i: usize| rec.get(i).unwrap_or("");
                let num = |i: usize| g(i).parse::<u64>().map_or(C::E, C::N);
                let value = g(11).parse::<Decimal>().ok();
                if let Some(s) = sheet.as_mut() {
                    s.line(&[
                        C::T(g(0)),
                        num(1),
                        num(2),
                        C::T(g(3)),
                        C::T(g(4)),
                        C::D(parse_date(g(5))),
                        C::T(g(6)),
                        C::T(g(7)),
                        C::T(g(8)),
                        C::T(g(9)),
                        C::T(g(10)),
                        C::M(value),
                        C::T(g(12)),
                        C::T(g(13)),
                        C::T(g(14)),
                        C::T(g(15)),
                        C::T(g(16)),
                        C::T(g(17)),
                    ])?;
                }
            }
            if let Some(s) = sheet.take() {
                s.done()?;
            }
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Figures",
                &[36.0, 8.0, 10.0, 8.0, 10.0, 16.0, 16.0],
                &f,
                &clipped,
            )?;
            let fg = &d.figures;
            groups(
                &mut s,
                "Suppliers with the most value at risk",
                "supplier",
                &fg.top_suppliers,
            )?;
            groups(&mut s, "By high-priority sector", "sector", &fg.by_sector)?;
            groups(&mut s, "By country of origin", "country", &fg.by_country)?;
            groups(&mut s, "By rule", "rule", &fg.by_rule)?;
            groups(&mut s, "By supplier", "supplier", &fg.by_supplier)?;
            s.ws.set_freeze_panes(2, 0)?;
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Sources",
                &[10.0, 40.0, 12.0, 120.0],
                &f,
                &clipped,
            )?;
            s.header(&[
                "rule or document",
                "title",
                "date",
                "legal basis, link and status",
            ])?;
            for (code, title, cite) in &d.citations {
                s.line(&[C::T(code), C::T(title), C::E, C::T(cite)])?;
            }
            for (title, date, url, note) in &d.sources {
                let text = if url.is_empty() {
                    format!("link not known. {note}")
                } else {
                    format!("{url}. {note}")
                };
                s.line(&[
                    C::T("guidance"),
                    C::T(title),
                    C::D(parse_date(date)),
                    C::T(&text),
                ])?;
            }
            s.done()?;
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Inputs",
                &[50.0, 70.0, 100.0],
                &f,
                &clipped,
            )?;
            s.header(&["file", "SHA-256", "columns read"])?;
            for i in &d.inputs {
                s.line(&[
                    C::T(&i.path.display().to_string()),
                    C::T(&i.sha256),
                    C::T(&i.read.join("; ")),
                ])?;
            }
            for issue in &d.summary.file_issues {
                s.note(&issue.to_string())?;
            }
            for w in &d.summary.waiver_issues {
                s.note(w)?;
            }
            s.done()?;
        }
        let ws = wb.worksheet_from_index(0)?;
        let mut row = summary_end;
        let mut note = |t: String| -> Result<(), XlsxError> {
            ws.write_string(row, 0, t)?;
            row += 1;
            Ok(())
        };
        let without = d.lines_without_value();
        if without > 0 {
            note(format!(
                "{} of {} without a declared value: not in the values above, so the value at risk may be higher.",
                plural(without, "line", "lines"),
                sm.screened()
            ))?;
        }
        for w in d.expired_waivers() {
            note(format!(
                "Expired waiver (not applied): {} for {}, until {}, accepted by {} (Waivers sheet).",
                w.code, w.scope, w.expires, w.reviewer
            ))?;
        }
        for w in d.unused_waivers() {
            note(format!(
                "Unused waiver (matched no finding): {} for {}, accepted by {} (Waivers sheet).",
                w.code, w.scope, w.reviewer
            ))?;
        }
        note(format!(
            "Every screened line is on the Lines sheet{} ({}).",
            if written > LINES_PER_SHEET {
                "s (Excel holds 1,048,576 rows a sheet)"
            } else {
                ""
            },
            plural(written, "line", "lines")
        ))?;
        if left_out > 0 {
            note(format!(
                "{} beyond the first {} are not in this workbook (counted in the totals above); use `uflpa-screen screen --format csv` for every line.",
                plural(left_out, "line", "lines"),
                LINES_PER_SHEET * MAX_LINE_SHEETS
            ))?;
        }
        if clipped.get() > 0 {
            let n = clipped.get();
            note(format!(
                "{n} cell{} longer than Excel's limit of {EXCEL_CELL_MAX} characters ended with \"{}\"; the HTML and Markdown reports show them in full.",
                if n == 1 { " was" } else { "s were" },
                CLIPPED.trim()
            ))?;
            ws.write_string_with_format(row, 0, "clipped cells", &Format::new().set_bold())?;
            ws.write_number(row, 1, n as f64)?;
        }
        let _ = money;
        wb.save_to_buffer()
    };
    build().map_err(|e| crate::Error::Report {
        what: "Excel workbook",
        message: e.to_string(),
    })
}
