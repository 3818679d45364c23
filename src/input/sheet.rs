//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read through calamine.
//!
//! A workbook is told by its first bytes (a ZIP archive, or the OLE2 compound file of
//! `.xls`), never by its name. One sheet is read (the first, or `--sheet NAME`), whole:
//! calamine keeps the sheet's cells in memory, so memory grows with the sheet (about the
//! size of the unpacked sheet), unlike CSV and Parquet, which stream.
//!
//! Every cell becomes the text a CSV export would hold, so that rows then go through
//! exactly the checks of a CSV row:
//!
//! - text as written; booleans `true` / `false`; error cells as Excel shows them (`#N/A`);
//! - a number cell through its shortest round-trip decimal form (Rust's `{}` of `f64`:
//!   `48600.5`, `30617`, `1605210012`), before any money or HTS parsing, so that money never
//!   passes through a float computation and an HTS or postcode number is read back to its
//!   digits (a lost leading zero is then restored by the HTS reader, with a finding);
//! - a date cell as `YYYY-MM-DD` (`YYYY-MM-DD HH:MM:SS` with a time); a plain number in the
//!   entry-date column as an Excel serial date (1 = 1900-01-01).
//!
//! A row's "line" is its row number in the sheet (1-based), as Excel shows it.

use crate::error::Error;
use calamine::{Data, Reader};
use std::io::BufReader;
use std::path::Path;

/// The first bytes of a ZIP archive (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The first bytes of an OLE2 compound file (`.xls`).
pub const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether a file's first bytes are a workbook's.
pub fn is_workbook(sample: &[u8]) -> bool {
    sample.starts_with(ZIP_MAGIC) || sample.starts_with(OLE_MAGIC)
}

/// One sheet's cells as text, row by row, with each row's number in the sheet.
#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Rows (1-based sheet row number, cells as text).
    pub rows: Vec<(u64, Vec<String>)>,
}

type File = BufReader<std::fs::File>;

/// Open the workbook at `path` (its first bytes are `sample`) and read one sheet.
pub fn read(path: &Path, sample: &[u8], sheet: Option<&str>) -> Result<Sheet, Error> {
    let open = || {
        std::fs::File::open(path)
            .map(BufReader::new)
            .map_err(|e| Error::io(path, e))
    };
    let bad = |kind: &str, e: &dyn std::fmt::Display| {
        Error::input(path, format!("cannot be read as {kind}: {e}"))
    };
    let mut book: calamine::Sheets<File> = if sample.starts_with(OLE_MAGIC) {
        calamine::Sheets::Xls(
            calamine::open_workbook_from_rs(open()?).map_err(|e| bad("an .xls workbook", &e))?,
        )
    } else if is_ods(sample) {
        calamine::Sheets::Ods(
            calamine::open_workbook_from_rs(open()?).map_err(|e| bad("an .ods workbook", &e))?,
        )
    } else {
        match calamine::open_workbook_from_rs::<calamine::Xlsx<File>, File>(open()?) {
            Ok(b) => calamine::Sheets::Xlsx(b),
            Err(xlsx) => {
                match calamine::open_workbook_from_rs::<calamine::Xlsb<File>, File>(open()?) {
                    Ok(b) => calamine::Sheets::Xlsb(b),
                    Err(_) => {
                        return Err(Error::input(
                            path,
                            format!(
                                "is a ZIP archive but not a spreadsheet workbook (.xlsx, .xlsm, .xlsb, .ods) that can be read: {xlsx}"
                            ),
                        ));
                    }
                }
            }
        }
    };
    let names = book.sheet_names();
    let name = match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(want)))
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "--sheet {want}: the workbook has no such sheet (sheets: {})",
                        names.join(", ")
                    ),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::input(path, "the workbook has no sheet"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Error::input(path, format!("sheet '{name}' cannot be read: {e}")))?;
    let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
    // Columns before the sheet's first used one are not in the range: none are lost.
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i as u64 + 1, cells.iter().map(text).collect()))
        .collect();
    Ok(Sheet { name, rows })
}

/// An OpenDocument spreadsheet: its first ZIP entry is the uncompressed `mimetype`.
fn is_ods(sample: &[u8]) -> bool {
    sample.starts_with(ZIP_MAGIC)
        && memchr::memmem::find(
            &sample[..sample.len().min(200)],
            b"application/vnd.oasis.opendocument.spreadsheet",
        )
        .is_some()
}

/// A cell as the text a CSV export would hold.
pub fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Shortest round-trip decimal form; Rust's `{}` never writes an exponent.
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => format!("{}", d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number in the entry-date column read as an Excel serial date (`46082` is
/// 2026-03-01), when it is a whole number of a plausible date (1900-01-01 to 9999-12-31).
pub fn serial_date(text: &str) -> Option<String> {
    let n: u32 = text.parse().ok()?;
    if !(1..=2_958_465).contains(&n) {
        return None;
    }
    let d =
        calamine::ExcelDateTime::new(f64::from(n), calamine::ExcelDateTimeType::DateTime, false);
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    Some(format!("{y:04}-{m:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_cells_become_their_shortest_decimal_text() {
        assert_eq!(text(&Data::Float(48600.5)), "48600.5");
        assert_eq!(text(&Data::Float(30617.0)), "30617");
        assert_eq!(text(&Data::Float(1605210012.0)), "1605210012");
        assert_eq!(text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(&Data::Float(1e21)), "1000000000000000000000");
        assert_eq!(text(&Data::Int(841000)), "841000");
        assert_eq!(serial_date("46082").as_deref(), Some("2026-03-01"));
        assert_eq!(serial_date("0"), None);
        assert_eq!(serial_date("12.5"), None);
    }
}
