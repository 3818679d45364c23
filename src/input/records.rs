//! Splitting a delimited stream into records, with the field size limit enforced while
//! reading.
//!
//! The csv crate buffers a whole record before its caller sees it, so a 200 MB field took
//! 200 MB (and more) even with `--max-field-bytes 1000`. [`Splitter`] drives `csv-core`
//! a chunk at a time (64 KiB of output, cut at the field ends it reports) into its own
//! buffer instead: once a field passes the limit its remaining
//! bytes are parsed and counted but not kept (the first 4 KiB stay for the reject's text),
//! so a record costs at most its fields up to the limit each, whatever the input. Quoting
//! and line endings are csv-core's, exactly as with the csv crate (quotes doubled,
//! terminators `\n`, `\r\n` or `\r`, blank lines skipped).

use super::lines::LineCounter;
use std::io::{self, Read};

/// How much of an oversized field is kept, for the reject's text.
const KEEP: usize = 4096;
/// Input read at a time, and output written at a time.
const CHUNK: usize = 64 * 1024;

/// A record that was split: where it starts and whether a field was over the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// The first field over the limit: (field index, its whole size in bytes).
    pub oversized: Option<(usize, u64)>,
    /// How many fields the record has (those past `max_fields` are counted, not kept).
    pub fields: usize,
    /// Whether a field that was not kept (past `max_fields`) held anything but whitespace.
    pub dropped_text: bool,
}

/// Splits a stream into records of fields.
pub struct Splitter<R> {
    core: csv_core::Reader,
    src: LineCounter<R>,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    /// Bytes of the stream the parser has consumed.
    consumed: u64,
    eof: bool,
    done: bool,
    out: Vec<u8>,
    field_ends: Vec<usize>,
}

impl<R: Read> Splitter<R> {
    /// Split `src` at `delimiter`.
    pub fn new(src: R, delimiter: u8) -> Splitter<R> {
        Splitter {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            src: LineCounter::new(src),
            buf: vec![0; CHUNK],
            pos: 0,
            len: 0,
            consumed: 0,
            eof: false,
            done: false,
            out: vec![0; CHUNK],
            field_ends: vec![0; 1024],
        }
    }

    /// The next record: its fields' bytes appended to `bytes` and their ends (relative to
    /// the record's start) to `ends`; `None` at the end of the stream. A field over
    /// `max_field` bytes is cut to its first 4 KiB and named in [`Split::oversized`]; fields
    /// past the first `max_fields` are counted but not kept.
    pub fn next_record(
        &mut self,
        bytes: &mut Vec<u8>,
        ends: &mut Vec<usize>,
        max_field: usize,
        max_fields: usize,
    ) -> io::Result<Option<Split>> {
        if self.done {
            return Ok(None);
        }
        let start = bytes.len();
        let at = self.consumed;
        // csv-core's output position (within the record) where the current chunk begins.
        let mut pos = 0usize;
        let mut field_total = 0u64;
        let mut field_kept_from = bytes.len();
        let mut field_over = false;
        let mut oversized: Option<(usize, u64)> = None;
        let mut nfields = 0usize;
        let mut dropped_text = false;
        loop {
            if self.pos == self.len && !self.eof {
                self.len = self.src.read(&mut self.buf)?;
                self.pos = 0;
                self.eof = self.len == 0;
            }
            let input = &self.buf[self.pos..self.len];
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.out, &mut self.field_ends);
            self.pos += nin;
            self.consumed += nin as u64;
            // Fast path: every field of the chunk within the limits: one copy.
            let fits = !field_over
                && nfields + nend < max_fields
                && (0..=nend).all(|k| {
                    let (from, to) = (
                        if k == 0 {
                            0
                        } else {
                            self.field_ends[k - 1] - pos
                        },
                        if k < nend {
                            self.field_ends[k] - pos
                        } else {
                            nout
                        },
                    );
                    let carried = if k == 0 { field_total } else { 0 };
                    carried + (to - from) as u64 <= max_field as u64
                });
            if fits {
                let base = bytes.len() - start;
                bytes.extend_from_slice(&self.out[..nout]);
                for k in 0..nend {
                    ends.push(base + self.field_ends[k] - pos);
                }
                nfields += nend;
                field_total = if nend == 0 {
                    field_total + nout as u64
                } else {
                    (nout - (self.field_ends[nend - 1] - pos)) as u64
                };
                field_kept_from = if nend == 0 {
                    field_kept_from
                } else {
                    start + base + self.field_ends[nend - 1] - pos
                };
            }
            // Otherwise the chunk, cut at the field ends csv-core reports (positions in
            // the record), field by field.
            let mut seg = 0usize;
            let nend_slow = if fits { 0 } else { nend };
            let nout_slow = if fits { 0 } else { nout };
            for k in 0..=nend_slow {
                if fits {
                    break;
                }
                let seg_end = if k < nend_slow {
                    self.field_ends[k] - pos
                } else {
                    nout_slow
                };
                let piece = &self.out[seg..seg_end];
                seg = seg_end;
                field_total += piece.len() as u64;
                if nfields >= max_fields {
                    dropped_text |= piece.iter().any(|b| !b.is_ascii_whitespace());
                } else if !field_over {
                    bytes.extend_from_slice(piece);
                    if field_total > max_field as u64 {
                        // Over the limit: keep the first bytes for the reject, no more.
                        field_over = true;
                        let keep = KEEP.min(bytes.len() - field_kept_from);
                        bytes.truncate(field_kept_from + keep);
                    }
                }
                if k < nend_slow {
                    if field_over && oversized.is_none() {
                        oversized = Some((nfields, field_total));
                    }
                    if nfields < max_fields {
                        ends.push(bytes.len() - start);
                    }
                    nfields += 1;
                    field_total = 0;
                    field_over = false;
                    field_kept_from = bytes.len();
                }
            }
            pos += nout;
            match res {
                csv_core::ReadRecordResult::InputEmpty if !self.eof => {}
                csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull => {}
                csv_core::ReadRecordResult::Record => {
                    let line = self.src.line_at(at);
                    return Ok(Some(Split {
                        line,
                        oversized,
                        fields: nfields,
                        dropped_text,
                    }));
                }
                csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                    self.done = true;
                    bytes.truncate(start);
                    ends.truncate(ends.len() - nfields.min(max_fields).min(ends.len()));
                    return Ok(None);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &[u8], max: usize) -> Vec<(Vec<String>, Split)> {
        let mut s = Splitter::new(text, b',');
        let mut out = Vec::new();
        loop {
            let (mut b, mut e) = (Vec::new(), Vec::new());
            let Some(sp) = s.next_record(&mut b, &mut e, max, 3).unwrap() else {
                break;
            };
            let mut from = 0;
            let fields = e
                .iter()
                .map(|&x| {
                    let f = String::from_utf8_lossy(&b[from..x]).into_owned();
                    from = x;
                    f
                })
                .collect();
            out.push((fields, sp));
        }
        out
    }

    #[test]
    fn records_fields_lines_and_the_limit() {
        let r = split(b"a,b\r\n\r\n\"x,\"\"y\"\"\nz\",2\rlast,3", 100);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].0, vec!["a", "b"]);
        assert_eq!(r[1].0, vec!["x,\"y\"\nz", "2"]);
        assert_eq!((r[0].1.line, r[1].1.line, r[2].1.line), (1, 3, 5));
        assert_eq!(r[2].0, vec!["last", "3"]);
        let big = format!("h,i\nA,{}\nB,ok\n", "x".repeat(200_000));
        let r = split(big.as_bytes(), 1000);
        assert_eq!(r[1].1.oversized, Some((1, 200_000)));
        assert_eq!(r[1].0[1].len(), KEEP);
        assert_eq!(r[2].0, vec!["B", "ok"]);
        assert_eq!(r[2].1.line, 3);
        // Fields past the limit of fields are counted, not kept.
        let r = split(b"a,b,c,d,e\n,,,, \n", 10);
        assert_eq!((r[0].0.len(), r[0].1.fields), (3, 5));
        assert!(r[0].1.dropped_text);
        assert!(!r[1].1.dropped_text);
    }
}
