//! Manifest reading and screening: any bytes as a CSV file. Never a panic; every row read
//! is screened or rejected exactly once.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use uflpa_screen::input::{ReadOptions, Reject, Row, Source};
use uflpa_screen::run::{self, Sink, Summary};
use uflpa_screen::{Outcome, RulePack, Screener};

struct Count(u64);
impl Sink for Count {
    fn begin(&mut self, _: &[Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: usize, _: &Row, _: &Outcome) -> std::io::Result<()> {
        self.0 += 1;
        Ok(())
    }
    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

fn screener() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| Screener::new(RulePack::embedded().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("uflpa-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(readers) = run::open_all(&[path], &ReadOptions::default()) else { return };
    let mut sink = Count(0);
    let mut rejects: Vec<(std::path::PathBuf, Reject)> = Vec::new();
    if let Ok(s) = run::screen_all(screener(), readers, &mut sink, &mut rejects) {
        // Records: each screened once or rejected (record or blank); cell rejects are of
        // rows that were screened.
        let records = rejects
            .iter()
            .filter(|(_, r)| r.kind != uflpa_screen::input::RejectKind::Cell)
            .count() as u64;
        assert_eq!(sink.0 + records, s.rows_read);
        assert_eq!(s.screened() + s.rejected + s.blank, s.rows_read);
    }
});
