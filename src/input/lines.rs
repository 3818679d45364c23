//! Physical line numbers of a stream, for LF, CRLF and CR files alike.
//!
//! The csv crate counts `\n` only from where its parser stands, which makes every line of a
//! CRLF file after a quoted line break one too low and every line of a CR file `1`. Instead
//! [`LineCounter`] wraps the stream the parser reads and notes where each line break is;
//! the reader asks for the line of a record by the record's byte offset
//! ([`LineCounter::line_at`]). A line break is `\n`, `\r\n` (one break) or a lone `\r`.
//! Only the breaks the parser has read but not yet asked about are kept, so memory stays
//! within the parser's read-ahead plus one record.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that remembers where the line breaks of what it read are.
#[derive(Debug)]
pub struct LineCounter<R> {
    inner: R,
    /// Line breaks (start, end) not yet passed by [`LineCounter::line_at`].
    breaks: VecDeque<(u64, u64)>,
    /// Bytes read so far.
    pos: u64,
    /// Whether the last byte read was `\r` (a `\n` right after it is the same break).
    after_cr: bool,
    /// Breaks already passed.
    passed: u64,
}

impl<R: Read> LineCounter<R> {
    /// Count the lines of `inner`.
    pub fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            breaks: VecDeque::new(),
            pos: 0,
            after_cr: false,
            passed: 0,
        }
    }

    /// The 1-based physical line of the record that the parser says starts at `offset`.
    /// The parser's offset may point at the blank lines it skipped before the record: the
    /// record's line is the first line after them. Offsets asked must not decrease from
    /// one call to the next.
    pub fn line_at(&mut self, mut offset: u64) -> u64 {
        loop {
            match self.breaks.front() {
                Some(&(_, end)) if end <= offset => {}
                Some(&(start, end)) if start <= offset => offset = end,
                _ => break,
            }
            self.breaks.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            let at = self.pos + i as u64;
            let cr_before = if i == 0 {
                self.after_cr
            } else {
                buf[i - 1] == b'\r'
            };
            match self.breaks.back_mut() {
                // The `\n` of a `\r\n`: the same break, one byte longer.
                Some(last) if buf[i] == b'\n' && cr_before && last.1 == at => last.1 = at + 1,
                _ => self.breaks.push_back((at, at + 1)),
            }
        }
        if n > 0 {
            self.after_cr = buf[n - 1] == b'\r';
        }
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], chunk: usize) -> Vec<u64> {
        // Read in small chunks so that CRLF pairs are split across reads.
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut c = LineCounter::new(Chunks(text, chunk));
        let _ = io::copy(&mut c, &mut io::sink());
        // Line of the byte after each break, and of offset 0.
        let mut starts = vec![0u64];
        for (i, &b) in text.iter().enumerate() {
            if (b == b'\n') || (b == b'\r' && text.get(i + 1) != Some(&b'\n')) {
                starts.push(i as u64 + 1);
            }
        }
        starts.into_iter().map(|o| c.line_at(o)).collect()
    }

    #[test]
    fn lf_crlf_and_cr_count_alike() {
        for chunk in [1, 2, 3, 64] {
            assert_eq!(lines(b"a\nb\nc", chunk), vec![1, 2, 3]);
            assert_eq!(lines(b"a\r\nb\r\nc", chunk), vec![1, 2, 3]);
            assert_eq!(lines(b"a\rb\rc", chunk), vec![1, 2, 3]);
            assert_eq!(lines(b"a\r\nx\r\nb\rc\n", chunk), vec![1, 2, 3, 4, 5]);
            // The parser points at the blank lines it skips: the record is after them.
            let mut c = LineCounter::new(&b"a\r\n\r\n\r\nb\n\nc"[..]);
            let _ = io::copy(&mut c, &mut io::sink());
            assert_eq!((c.line_at(0), c.line_at(3), c.line_at(10)), (1, 4, 6));
        }
    }
}
