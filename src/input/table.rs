//! Where the table of a delimited file starts: Excel's `sep=X` line, title blocks and blank
//! lines above the header, the delimiter, and `--header-row N`.
//!
//! The header is the first row that names columns the screen knows (it resolves into a
//! [`Layout`]) and is followed by rows of the same width. A file whose first row is such a
//! header is read exactly as before; otherwise every delimiter is tried and the one whose
//! header is followed by the most rows of its width wins. What was skipped is kept in
//! [`Table::skipped`] so that the command line can say so.

use super::columns::{Column, Layout, Schema};
use super::lines::LineCounter;

/// How many records of the sample are looked at for a header.
const HEADER_SEARCH: usize = 50;

/// Where a delimited file's table starts.
#[derive(Debug, Clone)]
pub struct Table {
    /// The delimiter.
    pub delimiter: u8,
    /// Records (as the csv parser splits them, blank lines not counted) before the header.
    pub skip: usize,
    /// The header's cells, trailing empty cells removed.
    pub header: Vec<String>,
    /// How many empty cells were removed from the end of the header (a stray delimiter).
    pub trailing_blank: usize,
    /// 1-based physical line of the header.
    pub header_line: u64,
    /// The records skipped above the header: (line, text).
    pub skipped: Vec<(u64, String)>,
    /// Whether a record follows the header in the text looked at.
    pub has_rows: bool,
}

/// The delimiter named by an Excel `sep=X` first line, if there is one.
pub fn sep_line(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim_end_matches(['\r', '\n']);
    let rest = first
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .map(|_| &first[4..])?;
    match rest.as_bytes() {
        [d] if *d != b'"' => Some(*d),
        _ => None,
    }
}

/// Records of `text` split by `d`: (physical line of the start, cells).
fn records(text: &str, d: u8, limit: usize) -> Vec<(u64, Vec<String>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .from_reader(LineCounter::new(text.as_bytes()));
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        if out.len() >= limit {
            break;
        }
        match rdr.read_record(&mut rec) {
            Ok(true) => {
                let at = rec.position().map_or(0, |p| p.byte());
                let line = rdr.get_mut().line_at(at);
                out.push((line, rec.iter().map(str::to_string).collect()));
            }
            Ok(false) => break,
            // A record that is not UTF-8 or otherwise broken: no header beyond it.
            Err(_) => break,
        }
    }
    out
}

/// Cells without trailing empty ones (at least one cell is kept).
fn width(cells: &[String]) -> usize {
    let mut n = cells.len();
    while n > 1 && cells[n - 1].trim().is_empty() {
        n -= 1;
    }
    n
}

/// Whether a record of `cells` can be the header.
fn is_header(cells: &[String], maps: &[(Column, String)], schema: Schema) -> bool {
    let cells = &cells[..width(cells)];
    if cells.iter().all(|c| c.trim().is_empty()) {
        return false;
    }
    Layout::resolve_for(cells, maps, schema).is_ok()
}

/// Find the table in the sample `text`. `forced` is `--delimiter`, `header_line` is
/// `--header-row`; `sniffed` is what the old single-row sniffing picks.
pub fn locate(
    text: &str,
    forced: Option<u8>,
    header_line: Option<u64>,
    maps: &[(Column, String)],
    schema: Schema,
    sniffed: impl Fn(&str) -> u8,
) -> Result<Table, String> {
    let sep = sep_line(text);
    let candidates: Vec<u8> = match (forced, sep) {
        (Some(d), _) => vec![d],
        (None, Some(d)) => vec![d],
        (None, None) => vec![b',', b';', b'\t', b'|'],
    };
    let build = |d: u8, recs: &[(u64, Vec<String>)], i: usize| -> Table {
        let (line, cells) = &recs[i];
        let w = width(cells);
        Table {
            delimiter: d,
            skip: i,
            header: cells[..w].to_vec(),
            trailing_blank: cells.len() - w,
            header_line: *line,
            skipped: recs[..i]
                .iter()
                .map(|(a, c)| {
                    let joined = c.join(std::str::from_utf8(&[d]).unwrap_or(","));
                    (*a, crate::text::clip(joined.trim(), 80))
                })
                .collect(),
            has_rows: recs.len() > i + 1,
        }
    };
    if let Some(n) = header_line {
        // The delimiter that splits the header row into the most cells.
        let d = forced.or(sep).unwrap_or_else(|| {
            let cells = |d: u8| {
                records(text, d, usize::MAX)
                    .into_iter()
                    .find(|(l, _)| *l == n)
                    .map_or(0, |(_, c)| width(&c))
            };
            let mut best = (b',', cells(b','));
            for d in [b';', b'\t', b'|'] {
                let w = cells(d);
                if w > best.1 {
                    best = (d, w);
                }
            }
            best.0
        });
        let recs = records(text, d, usize::MAX);
        let i = recs
            .iter()
            .position(|(line, _)| *line == n)
            .ok_or_else(|| format!("--header-row {n}: no row of the file starts on line {n}"))?;
        return Ok(build(d, &recs, i));
    }
    // The file as it always was read: its first row is the header.
    if sep.is_none() {
        let d = forced.unwrap_or_else(|| sniffed(text));
        let recs = records(text, d, 2);
        if recs
            .first()
            .is_some_and(|(_, c)| is_header(c, maps, schema))
        {
            return Ok(build(d, &recs, 0));
        }
    }
    // Otherwise the first row that names known columns, for the delimiter under which it
    // is followed by the most rows of its width.
    let mut best: Option<(usize, usize, Table)> = None;
    for d in candidates {
        let recs = records(text, d, HEADER_SEARCH + HEADER_SEARCH);
        let Some(i) = recs
            .iter()
            .take(HEADER_SEARCH)
            .position(|(_, c)| is_header(c, maps, schema))
        else {
            continue;
        };
        let w = width(&recs[i].1);
        if w < 2 && i > 0 {
            continue;
        }
        let consistent = recs[i + 1..]
            .iter()
            .filter(|(_, c)| width(c) == w || c.len() == recs[i].1.len())
            .count();
        if best
            .as_ref()
            .is_none_or(|(c, cols, _)| (consistent, w) > (*c, *cols))
        {
            best = Some((consistent, w, build(d, &recs, i)));
        }
    }
    if let Some((_, _, t)) = best {
        return Ok(t);
    }
    // No row names a known column: the first row is the header, and resolving it says
    // what is wrong.
    let d = forced.or(sep).unwrap_or_else(|| sniffed(text));
    let recs = records(text, d, 2);
    if recs.is_empty() {
        return Err("the file has no header row".to_string());
    }
    let skip = usize::from(sep.is_some() && recs.len() > 1);
    Ok(build(d, &recs, skip))
}

/// [`locate`] for the rows of a spreadsheet (sheet row number, cells): the header is row
/// `header_line` if given, else the first row that names known columns, else the first
/// row that is not blank.
pub fn locate_rows(
    rows: &[(u64, Vec<String>)],
    header_line: Option<u64>,
    maps: &[(Column, String)],
    schema: Schema,
) -> Result<Table, String> {
    let blank = |c: &[String]| c.iter().all(|x| x.trim().is_empty());
    let i = match header_line {
        Some(n) => rows
            .iter()
            .position(|(l, _)| *l == n)
            .ok_or_else(|| format!("--header-row {n}: the sheet has no row {n}"))?,
        None => rows
            .iter()
            .take(HEADER_SEARCH)
            .position(|(_, c)| is_header(c, maps, schema))
            .or_else(|| rows.iter().position(|(_, c)| !blank(c)))
            .ok_or_else(|| "the sheet is empty: expected a header row".to_string())?,
    };
    let (line, cells) = &rows[i];
    let w = width(cells);
    Ok(Table {
        delimiter: b',',
        skip: i,
        header: cells[..w].to_vec(),
        trailing_blank: cells.len() - w,
        header_line: *line,
        skipped: rows[..i]
            .iter()
            .filter(|(_, c)| !blank(c))
            .map(|(l, c)| {
                let cells: Vec<&str> = c
                    .iter()
                    .map(|x| x.trim())
                    .filter(|x| !x.is_empty())
                    .collect();
                (*l, crate::text::clip(&cells.join(", "), 80))
            })
            .collect(),
        has_rows: rows.len() > i + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(_: &str) -> u8 {
        b','
    }

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line("sep=;\r\na;b\n"), Some(b';'));
        assert_eq!(sep_line("SEP=|\n"), Some(b'|'));
        assert_eq!(sep_line("sep=\t\n"), Some(b'\t'));
        assert_eq!(sep_line("separator\n"), None);
        assert_eq!(sep_line("sep=;;\n"), None);
    }

    #[test]
    fn title_blocks_are_skipped() {
        let t = "Shipment report\r\nPrepared 2026-03-01\r\n\r\nsupplier,hts_code\r\nA,6109\r\n";
        let tab = locate(t, None, None, &[], Schema::Manifest, sniff).unwrap();
        assert_eq!(tab.skip, 2);
        assert_eq!(tab.header_line, 4);
        assert_eq!(tab.header, vec!["supplier", "hts_code"]);
        assert_eq!(tab.skipped[0], (1, "Shipment report".to_string()));
    }

    #[test]
    fn trailing_blank_header_cells_are_dropped() {
        let tab = locate(
            "supplier,description,\nA,B,\n",
            None,
            None,
            &[],
            Schema::Manifest,
            sniff,
        )
        .unwrap();
        assert_eq!(tab.header, vec!["supplier", "description"]);
        assert_eq!(tab.trailing_blank, 1);
    }

    #[test]
    fn header_row_is_forced() {
        let t = "x,y\nsupplier,note\nA,B\n";
        let tab = locate(t, None, Some(2), &[], Schema::Manifest, sniff).unwrap();
        assert_eq!((tab.skip, tab.header_line), (1, 2));
        assert!(locate(t, None, Some(9), &[], Schema::Manifest, sniff).is_err());
    }
}
