//! The Excel workbook: one sheet per section of the report. Text from manifests is written as
//! text, and a cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, tab or CR) also gets Excel's quote prefix, so editing it does not turn it into one.
//! Amounts are written as numbers at the boundary (Excel stores numbers as doubles, exact to
//! 15 significant digits); every sum in the workbook was computed before, in `rust_decimal`.
//!
//! Excel holds at most 32,767 characters in a cell ([`EXCEL_CELL_MAX`]): a longer text (a
//! 40,000-character supplier name) is clipped with a visible marker ([`CLIPPED`]) rather
//! than failing the workbook, and the Summary sheet says how many cells were clipped.

use super::{Figures, GroupRow, ReportData};
use crate::verdict::Verdict;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The most characters (UTF-16 code units, as Excel counts them) a cell holds.
pub const EXCEL_CELL_MAX: usize = 32_767;

/// Ends a cell clipped at [`EXCEL_CELL_MAX`].
pub const CLIPPED: &str = " …[clipped: longer than Excel allows]";

/// `t` cut to fit one cell, with [`CLIPPED`] at the end when it had to be cut.
fn fit<'t>(t: &'t str, clipped: &std::cell::Cell<u64>) -> std::borrow::Cow<'t, str> {
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

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    bold: Format,
    quoted: Format,
    clipped: &'a std::cell::Cell<u64>,
}

enum Cell<'c> {
    Text(&'c str),
    Num(u64),
    Money(Option<Decimal>),
}

impl<'a> Sheet<'a> {
    fn new(
        ws: &'a mut Worksheet,
        name: &str,
        widths: &[f64],
        clipped: &'a std::cell::Cell<u64>,
    ) -> Result<Sheet<'a>, XlsxError> {
        ws.set_name(name)?;
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        Ok(Sheet {
            ws,
            row: 0,
            bold: Format::new().set_bold(),
            quoted: Format::new().set_quote_prefix(),
            clipped,
        })
    }

    fn header(&mut self, cells: &[&str]) -> Result<(), XlsxError> {
        for (c, t) in cells.iter().enumerate() {
            let t = fit(t, self.clipped);
            self.ws
                .write_string_with_format(self.row, c as u16, t.as_ref(), &self.bold)?;
        }
        self.row += 1;
        Ok(())
    }

    fn line(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(t) => {
                    let t = fit(t, self.clipped);
                    let risky = matches!(
                        t.as_bytes().first(),
                        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                    );
                    if risky {
                        self.ws.write_string_with_format(
                            self.row,
                            col,
                            t.as_ref(),
                            &self.quoted,
                        )?;
                    } else {
                        self.ws.write_string(self.row, col, t.as_ref())?;
                    }
                }
                Cell::Num(n) => {
                    self.ws.write_number(self.row, col, *n as f64)?;
                }
                Cell::Money(Some(d)) => {
                    self.ws
                        .write_number(self.row, col, d.to_f64().unwrap_or(0.0))?;
                }
                Cell::Money(None) => {}
            }
        }
        self.row += 1;
        Ok(())
    }

    fn blank(&mut self) {
        self.row += 1;
    }
}

fn groups(s: &mut Sheet, title: &str, key: &str, rows: &[GroupRow]) -> Result<(), XlsxError> {
    s.header(&[title])?;
    s.header(&[
        key,
        "lines",
        "presumed",
        "review",
        "currency",
        "declared value",
        "value at risk",
    ])?;
    for g in rows {
        let currencies: Vec<&str> = {
            let mut c: Vec<&str> = g.value.iter().map(|(c, _)| c.as_str()).collect();
            if c.is_empty() {
                c.push("");
            }
            c
        };
        for (i, cur) in currencies.iter().enumerate() {
            let value = g.value.iter().find(|(c, _)| c == cur).map(|(_, d)| *d);
            let risk = g.at_risk.iter().find(|(c, _)| c == cur).map(|(_, d)| *d);
            if i == 0 {
                s.line(&[
                    Cell::Text(&g.key),
                    Cell::Num(g.rows),
                    Cell::Num(g.presumed),
                    Cell::Num(g.review),
                    Cell::Text(cur),
                    Cell::Money(value),
                    Cell::Money(risk),
                ])?;
            } else {
                s.line(&[
                    Cell::Text(""),
                    Cell::Text(""),
                    Cell::Text(""),
                    Cell::Text(""),
                    Cell::Text(cur),
                    Cell::Money(value),
                    Cell::Money(risk),
                ])?;
            }
        }
    }
    s.blank();
    Ok(())
}

/// Render the workbook to bytes.
pub fn xlsx(d: &ReportData, f: &Figures) -> Result<Vec<u8>, crate::Error> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let clipped = std::cell::Cell::new(0u64);
        let summary_end;
        // The workbook says it was made on the report's date (not the clock's second), so
        // that a report with a pinned date (`--as-of`) is the same bytes every time.
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(
            u16::try_from(d.date.year).unwrap_or(2000),
            d.date.month,
            d.date.day,
        )?;
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Summary",
                &[28.0, 12.0, 12.0, 18.0],
                &clipped,
            )?;
            s.header(&["UFLPA screening report"])?;
            s.line(&[Cell::Text("date"), Cell::Text(&d.date.to_string())])?;
            s.line(&[Cell::Text("rule pack"), Cell::Text(&d.pack.version)])?;
            s.line(&[Cell::Text("facts as of"), Cell::Text(&d.pack.facts_as_of)])?;
            s.line(&[
                Cell::Text("UFLPA Entity List as of"),
                Cell::Text(&d.pack.entity_list_as_of),
            ])?;
            s.line(&[
                Cell::Text("Entity List SHA-256"),
                Cell::Text(&d.pack.entity_list_sha256),
            ])?;
            s.blank();
            s.header(&["verdict", "lines", "currency", "declared value"])?;
            for v in Verdict::ALL {
                let values = d.summary.value_of(v);
                if values.is_empty() {
                    s.line(&[Cell::Text(v.as_str()), Cell::Num(d.summary.count(v))])?;
                }
                for (i, (c, x)) in values.iter().enumerate() {
                    let n = if i == 0 {
                        Cell::Num(d.summary.count(v))
                    } else {
                        Cell::Text("")
                    };
                    s.line(&[
                        Cell::Text(v.as_str()),
                        n,
                        Cell::Text(c),
                        Cell::Money(Some(*x)),
                    ])?;
                }
            }
            s.line(&[
                Cell::Text("rejected (unreadable)"),
                Cell::Num(d.summary.rejected),
            ])?;
            s.blank();
            s.header(&[
                "value at risk (presumed + review)",
                "",
                "currency",
                "amount",
            ])?;
            for (c, x) in d.summary.value_at_risk() {
                s.line(&[
                    Cell::Text(""),
                    Cell::Text(""),
                    Cell::Text(c),
                    Cell::Money(Some(x)),
                ])?;
            }
            summary_end = s.row + 1;
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Presumed",
                &[28.0, 8.0, 16.0, 8.0, 30.0, 14.0, 8.0, 8.0, 80.0, 60.0],
                &clipped,
            )?;
            s.header(&[
                "file",
                "row",
                "shipment",
                "line",
                "supplier",
                "value",
                "currency",
                "code",
                "reason",
                "legal basis",
            ])?;
            for l in d.lines.iter().filter(|l| l.verdict == Verdict::Presumed) {
                for fi in &l.findings {
                    let cite = d.rule(&fi.code).map(|r| r.1).unwrap_or("");
                    s.line(&[
                        Cell::Text(&l.file),
                        Cell::Num(l.row),
                        Cell::Text(&l.shipment),
                        Cell::Text(&l.line),
                        Cell::Text(&l.supplier),
                        Cell::Money(l.value),
                        Cell::Text(&l.currency),
                        Cell::Text(&fi.code),
                        Cell::Text(&fi.reason),
                        Cell::Text(cite),
                    ])?;
                }
            }
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Review",
                &[40.0, 28.0, 8.0, 16.0, 8.0, 30.0, 8.0, 80.0],
                &clipped,
            )?;
            s.header(&[
                "missing", "file", "row", "shipment", "line", "supplier", "code", "reason",
            ])?;
            for (what, lines) in d.review_groups() {
                for l in lines {
                    for fi in &l.findings {
                        s.line(&[
                            Cell::Text(&what),
                            Cell::Text(&l.file),
                            Cell::Num(l.row),
                            Cell::Text(&l.shipment),
                            Cell::Text(&l.line),
                            Cell::Text(&l.supplier),
                            Cell::Text(&fi.code),
                            Cell::Text(&fi.reason),
                        ])?;
                    }
                }
            }
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Documents",
                &[28.0, 8.0, 16.0, 8.0, 10.0, 70.0, 12.0],
                &clipped,
            )?;
            s.header(&[
                "file",
                "row",
                "shipment",
                "line",
                "verdict",
                "document not on file",
                "done",
            ])?;
            for l in d.lines.iter().filter(|l| l.verdict != Verdict::Clear) {
                for m in &l.missing_documents {
                    s.line(&[
                        Cell::Text(&l.file),
                        Cell::Num(l.row),
                        Cell::Text(&l.shipment),
                        Cell::Text(&l.line),
                        Cell::Text(l.verdict.as_str()),
                        Cell::Text(&d.document(m)),
                    ])?;
                }
            }
        }
        {
            let mut s = Sheet::new(
                wb.add_worksheet(),
                "Figures",
                &[36.0, 8.0, 10.0, 8.0, 10.0, 16.0, 16.0],
                &clipped,
            )?;
            groups(
                &mut s,
                "Suppliers with the most value at risk",
                "supplier",
                &f.top_suppliers,
            )?;
            groups(&mut s, "By high-priority sector", "sector", &f.by_sector)?;
            groups(&mut s, "By country of origin", "country", &f.by_country)?;
            groups(&mut s, "By rule", "rule", &f.by_rule)?;
            groups(&mut s, "By supplier", "supplier", &f.by_supplier)?;
        }
        {
            let mut s = Sheet::new(wb.add_worksheet(), "Inputs", &[50.0, 70.0], &clipped)?;
            s.header(&["file", "SHA-256"])?;
            for i in &d.inputs {
                s.line(&[
                    Cell::Text(&i.path.display().to_string()),
                    Cell::Text(&i.sha256),
                ])?;
            }
            s.blank();
            for issue in &d.summary.file_issues {
                s.line(&[Cell::Text(&issue.to_string())])?;
            }
            for w in &d.summary.waiver_issues {
                s.line(&[Cell::Text(w)])?;
            }
        }
        if clipped.get() > 0 {
            let n = clipped.get();
            let ws = wb.worksheet_from_index(0)?;
            let bold = Format::new().set_bold();
            ws.write_string_with_format(summary_end, 0, "clipped cells", &bold)?;
            ws.write_number(summary_end, 1, n as f64)?;
            ws.write_string(
                summary_end + 1,
                0,
                format!(
                    "{n} cell{} longer than Excel's limit of {EXCEL_CELL_MAX} characters \
                     ended with \"{}\"; the HTML and Markdown reports show them in full.",
                    if n == 1 { " was" } else { "s were" },
                    CLIPPED.trim()
                ),
            )?;
        }
        wb.save_to_buffer()
    };
    build().map_err(|e| crate::Error::Report {
        what: "Excel workbook",
        message: e.to_string(),
    })
}
