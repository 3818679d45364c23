//! Driving a run: open every input, stream rows through the engine into a sink, and
//! account for every row (screened or rejected) in a [`Summary`].

use crate::engine::{Outcome, Screener, Verdict};
use crate::error::Error;
use crate::input::{ReadOptions, Reject, RejectKind, Row, RowReader, Source};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where screened rows go (an output format).
pub trait Sink {
    /// Called once with every input file, before any row.
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()>;
    /// Called for every screened row, in input order.
    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()>;
}

/// The inputs' paths as shown in outputs.
pub fn file_names(sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .map(|s| s.path.display().to_string())
        .collect()
}

/// Where rejected rows go.
pub trait RejectSink {
    /// One rejected row of the file at `path`.
    fn reject(&mut self, path: &std::path::Path, reject: &Reject) -> std::io::Result<()>;
}

/// Rejects kept in memory (for the library user and tests).
impl RejectSink for Vec<(PathBuf, Reject)> {
    fn reject(&mut self, path: &std::path::Path, reject: &Reject) -> std::io::Result<()> {
        self.push((path.to_path_buf(), reject.clone()));
        Ok(())
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The inputs.
    pub files: Vec<PathBuf>,
    /// Rows read, screened or not.
    pub rows_read: u64,
    /// Screened rows by verdict.
    pub by_verdict: BTreeMap<Verdict, u64>,
    /// Declared value by verdict and currency (`""` when no currency is known).
    pub value: BTreeMap<(Verdict, String), Decimal>,
    /// Rows of each verdict without a value.
    pub without_value: BTreeMap<Verdict, u64>,
    /// Rows rejected as unreadable.
    pub rejected: u64,
    /// Blank rows (listed with the rejects, but not an error).
    pub blank: u64,
    /// Findings by rule code.
    pub by_code: BTreeMap<String, u64>,
    /// Problems in the supply-chain and evidence files: orphan rows, contradictions,
    /// unknown document types.
    pub file_issues: Vec<crate::supply::FileIssue>,
    /// Expired and unused waivers of `uflpa.toml`.
    pub waiver_issues: Vec<String>,
    /// Findings accepted by a waiver.
    pub waived: u64,
}

impl Summary {
    /// Screened rows of a verdict.
    pub fn count(&self, v: Verdict) -> u64 {
        self.by_verdict.get(&v).copied().unwrap_or(0)
    }

    /// Screened rows in all.
    pub fn screened(&self) -> u64 {
        self.by_verdict.values().sum()
    }

    /// Declared value of a verdict per currency.
    pub fn value_of(&self, v: Verdict) -> Vec<(&str, Decimal)> {
        self.value
            .iter()
            .filter(|((vv, _), _)| *vv == v)
            .map(|((_, c), d)| (c.as_str(), *d))
            .collect()
    }

    /// Value at risk (presumed and review together) per currency.
    pub fn value_at_risk(&self) -> BTreeMap<&str, Decimal> {
        let mut out: BTreeMap<&str, Decimal> = BTreeMap::new();
        for ((v, c), d) in &self.value {
            if *v != Verdict::Clear {
                *out.entry(c.as_str()).or_default() += *d;
            }
        }
        out
    }

    fn add(&mut self, row: &Row, outcome: &Outcome) {
        *self.by_verdict.entry(outcome.verdict).or_default() += 1;
        match row.value {
            Some(v) => {
                let cur = row.currency.clone().unwrap_or_default();
                *self.value.entry((outcome.verdict, cur)).or_default() += v;
            }
            None => *self.without_value.entry(outcome.verdict).or_default() += 1,
        }
        for code in outcome.codes() {
            *self.by_code.entry(code.to_string()).or_default() += 1;
        }
        self.waived += outcome
            .findings
            .iter()
            .filter(|f| f.waived.is_some())
            .count() as u64;
    }
}

/// Open every input (all are opened before any row is read, so that a bad file or
/// mapping fails the run before output starts).
pub fn open_all(paths: &[PathBuf], opts: &ReadOptions) -> Result<Vec<RowReader>, Error> {
    let readers = paths
        .iter()
        .map(|p| RowReader::open(p, opts))
        .collect::<Result<Vec<_>, _>>()?;
    check_maps(
        &opts.maps,
        &readers
            .iter()
            .map(|r| (r.source().path.clone(), r.source().layout.as_ref().clone()))
            .collect::<Vec<_>>(),
    )?;
    Ok(readers)
}

/// Supply chain and evidence for the lines of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Upstream<'a> {
    /// `--supply-chain`.
    pub chain: Option<&'a crate::supply::SupplyChain>,
    /// `--evidence`.
    pub evidence: Option<&'a crate::supply::Evidence>,
    /// `uflpa.toml`: watch lists, severity overrides, waivers.
    pub policy: Option<&'a crate::config::Policy>,
}

impl Upstream<'_> {
    fn context(&self, row: &Row) -> crate::engine::LineContext<'_> {
        let shipment = row.get(crate::input::Column::ShipmentId).unwrap_or("");
        let line = row.get(crate::input::Column::Line).unwrap_or("");
        crate::engine::LineContext {
            chain: self.chain.map(|c| c.for_line(shipment, line)),
            evidence: self.evidence.map(|e| e.for_line(shipment, line)),
        }
    }
}

/// How a run is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Threads that screen rows (1 = all in the calling thread). Output order and results
    /// are the same for any number.
    pub threads: usize,
    /// Stop with an error after this many rows (all files together).
    pub max_rows: Option<u64>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 1,
            max_rows: None,
        }
    }
}

/// Rows screened together by the thread pool.
const BATCH: usize = 2048;

/// A `--map` header that no file has is a mistake the user should hear about. `files` are
/// every input of the run (manifests, supply chain, evidence) with their layouts.
pub fn check_maps(
    maps: &[(crate::input::Column, String)],
    files: &[(PathBuf, crate::input::Layout)],
) -> Result<(), Error> {
    for (col, header) in maps {
        let used = files
            .iter()
            .any(|(_, l)| l.maps_used.iter().any(|(c, h)| c == col && h == header));
        if !used {
            let cols: Vec<String> = files
                .iter()
                .map(|(p, l)| format!("{}: {}", p.display(), l.headers.join(", ")))
                .collect();
            return Err(Error::Usage(format!(
                "--map {}={header}: no input has a column '{header}' ({})",
                col.name(),
                cols.join("; ")
            )));
        }
    }
    Ok(())
}

/// Batches of rows read from the inputs in order: (file index, rows).
struct Batches<'s> {
    readers: std::collections::VecDeque<(usize, RowReader)>,
    rows: u64,
    max_rows: Option<u64>,
    sources: &'s [Source],
}

impl Iterator for Batches<'_> {
    type Item = Result<(usize, Vec<Result<Row, Reject>>), Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (file, reader) = self.readers.front_mut()?;
            let file = *file;
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                match reader.next() {
                    Some(Ok(item)) => {
                        self.rows += 1;
                        if self.max_rows.is_some_and(|m| self.rows > m) {
                            let max = self.max_rows.unwrap_or(0);
                            self.readers.clear();
                            return Some(Err(Error::input(
                                &self.sources[file].path,
                                format!(
                                    "more than {max} rows (--max-rows); split the file or raise the limit"
                                ),
                            )));
                        }
                        batch.push(item);
                    }
                    Some(Err(e)) => {
                        self.readers.clear();
                        return Some(Err(e));
                    }
                    None => break,
                }
            }
            if batch.len() < BATCH {
                self.readers.pop_front();
            }
            if !batch.is_empty() {
                return Some(Ok((file, batch)));
            }
        }
    }
}

/// Screen every row of every reader into `sink`, rejects into `rejects`, in one thread.
pub fn screen_all(
    screener: &Screener,
    readers: Vec<RowReader>,
    sink: &mut dyn Sink,
    rejects: &mut dyn RejectSink,
) -> Result<Summary, Error> {
    screen_all_with(
        screener,
        readers,
        sink,
        rejects,
        RunOptions::default(),
        Upstream::default(),
    )
}

/// Screen every row of every reader into `sink`, rejects into `rejects`. Rows are read in
/// order, screened in batches on `opts.threads` threads, and written in input order.
pub fn screen_all_with(
    screener: &Screener,
    readers: Vec<RowReader>,
    sink: &mut dyn Sink,
    rejects: &mut dyn RejectSink,
    opts: RunOptions,
    upstream: Upstream,
) -> Result<Summary, Error> {
    let pool = if opts.threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(opts.threads)
                .build()
                .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", opts.threads)))?,
        )
    } else {
        None
    };
    let sources: Vec<Source> = readers.iter().map(|r| r.source().clone()).collect();
    let mut summary = Summary {
        files: sources.iter().map(|s| s.path.clone()).collect(),
        ..Summary::default()
    };
    let out_err = |e: std::io::Error| Error::io("<output>", e);
    sink.begin(&sources).map_err(out_err)?;
    let batches = Batches {
        readers: readers.into_iter().enumerate().collect(),
        rows: 0,
        max_rows: opts.max_rows,
        sources: &sources,
    };
    let mut process = |file: usize, batch: Vec<Result<Row, Reject>>| -> Result<(), Error> {
        summary.rows_read += batch.len() as u64;
        let screen_one = |item: &Result<Row, Reject>| {
            item.as_ref().ok().map(|row| {
                let outcome = if upstream.chain.is_none() && upstream.evidence.is_none() {
                    screener.screen(row)
                } else {
                    screener.screen_line(row, &upstream.context(row))
                };
                match upstream.policy {
                    Some(p) => p.apply(row, outcome),
                    None => outcome,
                }
            })
        };
        let outcomes: Vec<Option<Outcome>> = match &pool {
            Some(pool) => {
                use rayon::prelude::*;
                pool.install(|| batch.par_iter().map(screen_one).collect())
            }
            None => batch.iter().map(screen_one).collect(),
        };
        for (item, outcome) in batch.iter().zip(outcomes) {
            match (item, outcome) {
                (Ok(row), Some(outcome)) => {
                    summary.add(row, &outcome);
                    sink.row(file, row, &outcome).map_err(out_err)?;
                }
                (Err(rej), _) => {
                    match rej.kind {
                        RejectKind::Invalid => summary.rejected += 1,
                        RejectKind::Blank => summary.blank += 1,
                    }
                    rejects
                        .reject(&sources[file].path, rej)
                        .map_err(|e| Error::io("<rejects>", e))?;
                }
                (Ok(_), None) => {}
            }
        }
        Ok(())
    };
    if pool.is_none() {
        for b in batches {
            let (file, batch) = b?;
            process(file, batch)?;
        }
    } else {
        // Reading and parsing run on their own thread, ahead of screening and writing.
        std::thread::scope(|scope| -> Result<(), Error> {
            let (tx, rx) = std::sync::mpsc::sync_channel(4);
            scope.spawn(move || {
                for b in batches {
                    let stop = b.is_err();
                    if tx.send(b).is_err() || stop {
                        break;
                    }
                }
            });
            for b in rx {
                let (file, batch) = b?;
                process(file, batch)?;
            }
            Ok(())
        })?;
    }
    if let Some(c) = upstream.chain {
        summary.file_issues.extend(c.issues.iter().cloned());
        summary.file_issues.extend(c.orphans());
    }
    if let Some(e) = upstream.evidence {
        summary.file_issues.extend(e.issues.iter().cloned());
    }
    if let Some(p) = upstream.policy {
        summary.waiver_issues = p.report().iter().map(|i| i.to_string()).collect();
    }
    sink.finish(&summary).map_err(out_err)?;
    Ok(summary)
}

/// Several sinks fed the same rows (an output plus a baseline file, say).
pub struct Tee<'a>(pub Vec<&'a mut dyn Sink>);

impl Sink for Tee<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.begin(sources))
    }
    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|s| s.row(file, row, outcome))
    }
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.finish(summary))
    }
}
