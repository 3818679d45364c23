//! Helpers shared by the integration tests.

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;
use uflpa_screen::input::{ReadOptions, Reject};
use uflpa_screen::matchers::region::{Country, TextKind};
use uflpa_screen::run::{self, Sink, Summary};
use uflpa_screen::{Outcome, RulePack, Screener, Verdict};

/// The embedded pack, compiled once.
pub fn screener() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| Screener::new(RulePack::embedded().expect("embedded pack")).expect("compiles"))
}

/// Country from a short code ("" for unknown).
pub fn country(c: &str) -> Country {
    if c.is_empty() {
        Country::Unknown
    } else {
        screener().region().country_of(c)
    }
}

/// Verdict and codes of one text checked by hand.
pub fn check(text: &str, kind: TextKind, coo: &str) -> (Verdict, Vec<String>) {
    let f = screener().scan_text("text", text, kind, &country(coo));
    let codes = f.iter().map(|f| f.code.clone()).collect();
    (Verdict::of(&f), codes)
}

/// A temporary file with these bytes.
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write");
    (dir, path)
}

/// Rows of a screened file: (row number, verdict, codes).
pub type Screened = Vec<(u64, Verdict, Vec<String>)>;

struct Collect(Screened);
impl Sink for Collect {
    fn begin(&mut self, _: &[uflpa_screen::input::Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(
        &mut self,
        _: usize,
        row: &uflpa_screen::input::Row,
        o: &Outcome,
    ) -> std::io::Result<()> {
        self.0.push((
            row.row,
            o.verdict,
            o.codes().iter().map(|c| c.to_string()).collect(),
        ));
        Ok(())
    }
    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// Screen CSV bytes with the library: screened rows, rejects, summary.
pub fn screen_bytes(
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Screened, Vec<Reject>, Summary), uflpa_screen::Error> {
    let (_dir, path) = temp_file("input.csv", bytes);
    let readers = run::open_all(&[path], opts)?;
    let mut sink = Collect(Vec::new());
    let mut rejects: Vec<(PathBuf, Reject)> = Vec::new();
    let summary = run::screen_all(screener(), readers, &mut sink, &mut rejects)?;
    Ok((
        sink.0,
        rejects.into_iter().map(|(_, r)| r).collect(),
        summary,
    ))
}

struct CollectOutcomes(Vec<Outcome>);
impl Sink for CollectOutcomes {
    fn begin(&mut self, _: &[uflpa_screen::input::Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: usize, _: &uflpa_screen::input::Row, o: &Outcome) -> std::io::Result<()> {
        self.0.push(o.clone());
        Ok(())
    }
    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// Screen CSV bytes with `screener` and keep every row's whole outcome, in input order.
pub fn screen_outcomes(screener: &Screener, bytes: &[u8]) -> Vec<Outcome> {
    let (_dir, path) = temp_file("input.csv", bytes);
    let readers = run::open_all(&[path], &ReadOptions::default()).expect("opens");
    let mut sink = CollectOutcomes(Vec::new());
    let mut rejects: Vec<(PathBuf, Reject)> = Vec::new();
    run::screen_all(screener, readers, &mut sink, &mut rejects).expect("screens");
    assert!(rejects.is_empty(), "{rejects:?}");
    sink.0
}
