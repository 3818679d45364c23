//! Driving a run: open every input, stream rows through the engine into a sink, and
//! account for every row (screened or rejected) in a [`Summary`].

use crate::engine::{Outcome, OutcomeMemo, Screener};
use crate::error::Error;
use crate::input::{RawRecord, ReadOptions, Reject, Row, RowReader, Source};
pub use crate::output::sink::{
    CollectedRows, RejectSink, RowCollector, RowFormatter, Sink, Tee, file_names,
};
pub use crate::summary::Summary;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Every input of a run, open: the manifests, and the supply chain and evidence of their
/// lines when given.
#[derive(Debug)]
pub struct Inputs {
    /// The manifests, in the order given.
    pub readers: Vec<RowReader>,
    /// `--supply-chain`, loaded and indexed.
    pub chain: Option<crate::supply::SupplyChain>,
    /// `--evidence`, loaded and indexed.
    pub evidence: Option<crate::supply::Evidence>,
    /// Rows of the supply-chain and evidence files that could not be read.
    pub upstream_rejects: Vec<(PathBuf, Reject)>,
}

/// Open the manifests, then the supply chain and evidence (every `--map` is checked once
/// all are open: it may be meant for any of them). Nothing is read beyond the headers of
/// the manifests, so a bad file or mapping fails the run before output starts.
pub fn open_inputs(
    manifests: &[PathBuf],
    supply_chain: Option<&std::path::Path>,
    evidence: Option<&std::path::Path>,
    opts: &ReadOptions,
    screener: &Screener,
) -> Result<Inputs, Error> {
    let readers = manifests
        .iter()
        .map(|p| RowReader::open(p, opts))
        .collect::<Result<Vec<_>, _>>()?;
    let mut upstream_rejects: Vec<(PathBuf, Reject)> = Vec::new();
    let mut layouts: Vec<(PathBuf, crate::input::Layout)> = readers
        .iter()
        .map(|r| (r.source().path.clone(), r.source().layout.as_ref().clone()))
        .collect();
    let chain = match supply_chain {
        Some(p) => {
            let mut rej = Vec::new();
            let region = screener.region();
            // Countries repeat on every tier: each is read once.
            let countries = std::cell::RefCell::new(crate::memo::Memo::with_limit(100_000));
            let c = crate::supply::SupplyChain::load(
                p,
                opts,
                &|t| {
                    countries
                        .borrow_mut()
                        .get_or(t, &(), || region.country_of(t))
                },
                &mut rej,
            )?;
            upstream_rejects.extend(rej.into_iter().map(|r| (p.to_path_buf(), r)));
            layouts.push((p.to_path_buf(), c.layout.clone()));
            Some(c)
        }
        None => None,
    };
    let evidence = match evidence {
        Some(p) => {
            let mut rej = Vec::new();
            let pack = screener.pack();
            let e = crate::supply::Evidence::load(
                p,
                opts,
                &|t| pack.document_id(t).map(str::to_string),
                &mut rej,
            )?;
            upstream_rejects.extend(rej.into_iter().map(|r| (p.to_path_buf(), r)));
            layouts.push((p.to_path_buf(), e.layout.clone()));
            Some(e)
        }
        None => None,
    };
    check_maps(&opts.maps, &layouts)?;
    Ok(Inputs {
        readers,
        chain,
        evidence,
        upstream_rejects,
    })
}

/// Open every manifest (all are opened before any row is read, so that a bad file or
/// mapping fails the run before output starts). [`open_inputs`] also opens a supply chain
/// and evidence.
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
    /// How findings are identified, with the accepted findings of `--baseline`, for
    /// [`Summary::new_findings`].
    pub identity: Option<&'a crate::baseline::Identity>,
    /// Where each screening thread adds how often its outcome memo answered (`--stats`).
    pub memo_stats: Option<&'a MemoStats>,
}

/// How often the screening threads' outcome memos answered a row: the memo hit rate that
/// benchmarks report (`screen --stats`). Counts are added when each thread finishes.
#[derive(Debug, Default)]
pub struct MemoStats {
    /// Rows answered from a memo.
    pub hits: std::sync::atomic::AtomicU64,
    /// Rows screened in full.
    pub misses: std::sync::atomic::AtomicU64,
    /// Rows screened without a look-up while the outcome memo rested.
    pub rested: std::sync::atomic::AtomicU64,
    /// The matchers' memos ([`crate::engine::MatchMemo::hit_counts`]) summed over threads:
    /// name, answered, asked, asked while resting.
    pub matches: std::sync::Mutex<Vec<(&'static str, u64, u64, u64)>>,
}

impl MemoStats {
    fn add(&self, memo: &OutcomeMemo) {
        use std::sync::atomic::Ordering::Relaxed;
        self.hits.fetch_add(memo.hits, Relaxed);
        self.misses.fetch_add(memo.misses, Relaxed);
        self.rested.fetch_add(memo.rested, Relaxed);
        let mut m = self.matches.lock().unwrap_or_else(|e| e.into_inner());
        for (name, hits, asked, rested) in memo.matches.hit_counts() {
            match m.iter_mut().find(|(n, ..)| *n == name) {
                Some(e) => {
                    e.1 += hits;
                    e.2 += asked;
                    e.3 += rested;
                }
                None => m.push((name, hits, asked, rested)),
            }
        }
    }

    /// The matchers' memos: (name, answered, asked, asked while resting), in a fixed order.
    pub fn matches(&self) -> Vec<(&'static str, u64, u64, u64)> {
        self.matches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// (hits, rows looked up).
    pub fn totals(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let h = self.hits.load(Relaxed);
        (h, h + self.misses.load(Relaxed))
    }
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
    /// Findings at or above this severity count in [`Summary::failing_rows`] (`--fail-on`);
    /// `None`: none do.
    pub fail_at: Option<crate::rules::Severity>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 1,
            max_rows: None,
            fail_at: None,
        }
    }
}

/// Rows read, screened and written together.
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

/// Raw records of one file, as read, one after the other in one buffer (so that the
/// screening threads read them as a stream); recycled once written, so that at most a
/// fixed number of batches is ever in flight.
struct RawBatch {
    /// Position in the run (batches are written in this order).
    seq: u64,
    file: usize,
    /// Every record's bytes.
    bytes: Vec<u8>,
    /// Every record's field ends, relative to the record's start.
    ends: Vec<usize>,
    /// Per record: where its bytes and field ends start, and its data row number and line
    /// or why it could not be split into fields.
    recs: Vec<RecordAt>,
    /// The formatted output of the batch (kept with the batch so that its memory is reused).
    out: Vec<u8>,
}

/// Where a record of a [`RawBatch`] starts, and its row number and line or its reject.
struct RecordAt {
    bytes: usize,
    ends: usize,
    item: Result<(u64, u64), Reject>,
}

impl RawBatch {
    fn new() -> RawBatch {
        RawBatch {
            seq: 0,
            file: 0,
            bytes: Vec::new(),
            ends: Vec::new(),
            recs: Vec::with_capacity(BATCH),
            out: Vec::new(),
        }
    }

    /// The records: (raw record, row number) or a reject.
    fn records(&self) -> impl Iterator<Item = Result<(RawRecord<'_>, u64), &Reject>> + '_ {
        self.recs.iter().enumerate().map(|(k, at)| {
            let (row, line) = match &at.item {
                Ok(x) => *x,
                Err(rej) => return Err(rej),
            };
            let (b_end, e_end) = match self.recs.get(k + 1) {
                Some(next) => (next.bytes, next.ends),
                None => (self.bytes.len(), self.ends.len()),
            };
            Ok((
                RawRecord {
                    bytes: &self.bytes[at.bytes..b_end],
                    ends: &self.ends[at.ends..e_end],
                    source_line: line,
                },
                row,
            ))
        })
    }
}

/// Reads the inputs in order into batches.
struct BatchReader<'s> {
    readers: std::collections::VecDeque<(usize, RowReader)>,
    rows: u64,
    max_rows: Option<u64>,
    sources: &'s [Source],
    seq: u64,
}

impl BatchReader<'_> {
    /// Fill `batch` with the next records; `Ok(false)` when every input is done.
    fn fill(&mut self, batch: &mut RawBatch) -> Result<bool, Error> {
        batch.recs.clear();
        batch.bytes.clear();
        batch.ends.clear();
        loop {
            let Some((file, reader)) = self.readers.front_mut() else {
                return Ok(false);
            };
            batch.file = *file;
            while batch.recs.len() < BATCH {
                let (b, e) = (batch.bytes.len(), batch.ends.len());
                match reader.read_record(&mut batch.bytes, &mut batch.ends) {
                    Some(Ok(item)) => {
                        self.rows += 1;
                        if let Some(max) = self.max_rows.filter(|m| self.rows > *m) {
                            return Err(Error::input(
                                &self.sources[batch.file].path,
                                format!(
                                    "more than {max} rows (--max-rows); split the file or raise the limit"
                                ),
                            ));
                        }
                        batch.recs.push(RecordAt {
                            bytes: b,
                            ends: e,
                            item,
                        });
                    }
                    Some(Err(e)) => return Err(e),
                    None => break,
                }
            }
            if batch.recs.len() < BATCH {
                self.readers.pop_front();
            }
            if !batch.recs.is_empty() {
                batch.seq = self.seq;
                self.seq += 1;
                return Ok(true);
            }
        }
    }
}

/// A batch screened: what the main thread writes, in order.
struct Done {
    seq: u64,
    file: usize,
    /// Rows formatted by the sink's formatter, or
    bytes: Vec<u8>,
    /// gathered by its collector, or
    part: Option<Box<dyn std::any::Any + Send>>,
    /// the rows themselves, for sinks with neither.
    rows: Vec<(Row, Arc<Outcome>)>,
    /// Rows in `bytes` or `part`.
    formatted: usize,
    rejects: Vec<Reject>,
    summary: Summary,
    raw: RawBatch,
}

/// Everything a screening thread needs, shared by all of them.
struct Work<'a> {
    screener: &'a Screener,
    converters: Vec<crate::input::Converter>,
    files: Vec<String>,
    formatter: Option<Arc<dyn RowFormatter>>,
    collector: Option<Arc<dyn RowCollector>>,
    upstream: Upstream<'a>,
    fail_at: Option<crate::rules::Severity>,
}

impl Work<'_> {
    /// Convert, screen and format one batch. `row` and `memo` are the thread's own.
    fn process(&self, mut raw: RawBatch, row: &mut Option<Row>, memo: &mut OutcomeMemo) -> Done {
        let conv = &self.converters[raw.file];
        let mut bytes = std::mem::take(&mut raw.out);
        bytes.clear();
        let mut done = Done {
            seq: raw.seq,
            file: raw.file,
            bytes,
            rows: Vec::new(),
            part: None,
            formatted: 0,
            rejects: Vec::new(),
            summary: Summary::default(),
            raw: RawBatch::new(),
        };
        let mut part = self.collector.as_ref().map(|c| c.part(raw.file));
        done.summary.rows_read = raw.recs.len() as u64;
        let plain = self.upstream.chain.is_none() && self.upstream.evidence.is_none();
        let policy = self.upstream.policy.filter(|p| !p.is_empty());
        for item in raw.records() {
            let (rec, n) = match item {
                Ok(x) => x,
                Err(rej) => {
                    done.summary.add_reject(rej);
                    done.rejects.push(rej.clone());
                    continue;
                }
            };
            let row = row.get_or_insert_with(|| Row::empty(conv.source().layout.clone()));
            if let Err(rej) = conv.convert_into(rec, n, row) {
                done.summary.add_reject(&rej);
                done.rejects.push(rej);
                continue;
            }
            // A cell that could not be read is listed with the rejects; the row is screened.
            for issue in row.issues.iter().filter(|i| i.unread()) {
                let rej = Reject {
                    kind: crate::input::RejectKind::Cell,
                    row: n,
                    source_line: rec.source_line,
                    column: Some(issue.column.clone()),
                    reason: format!("{}: {}", issue.code, issue.reason),
                    raw: crate::text::clip(&conv.raw_text(rec), 4096),
                };
                done.summary.add_reject(&rej);
                done.rejects.push(rej);
            }
            let mut outcome = if plain {
                self.screener.screen_cached(row, memo)
            } else {
                Arc::new(self.screener.screen_line_with(
                    row,
                    &self.upstream.context(row),
                    &mut memo.matches,
                ))
            };
            if let Some(p) = policy {
                outcome = Arc::new(crate::verdict::apply_policy(
                    p,
                    self.screener.pack(),
                    row,
                    Arc::unwrap_or_clone(outcome),
                ));
            }
            done.summary.add(row, &outcome);
            self.gate(raw.file, row, &outcome, &mut done.summary);
            match (&self.formatter, part.as_mut()) {
                (Some(f), _) => {
                    f.format(raw.file, row, &outcome, &mut done.bytes);
                    done.formatted += 1;
                }
                (None, Some(p)) => {
                    p.row(row, &outcome);
                    done.formatted += 1;
                }
                (None, None) => done.rows.push((row.clone(), outcome)),
            }
        }
        done.part = part.map(|p| p.finish());
        done.raw = raw;
        done
    }

    /// Count what fails the run ([`crate::verdict::gate`]).
    fn gate(&self, file: usize, row: &Row, outcome: &Outcome, summary: &mut Summary) {
        let g = crate::verdict::gate(outcome, self.fail_at, |f| {
            self.upstream
                .identity
                .is_some_and(|i| i.known_as(f, file, &self.files[file], row).is_some())
        });
        summary.new_findings += g.new_findings;
        if g.failing_row {
            summary.failing_rows += 1;
        }
    }
}

/// Write one screened batch; give its buffers back.
fn write_done(
    done: Done,
    sink: &mut dyn Sink,
    rejects: &mut dyn RejectSink,
    sources: &[Source],
    summary: &mut Summary,
) -> Result<RawBatch, Error> {
    let out_err = |e: std::io::Error| Error::io("<output>", e);
    match done.part {
        Some(part) => sink.collected(part, done.formatted).map_err(out_err)?,
        None if done.formatted > 0 => sink
            .formatted(&done.bytes, done.formatted)
            .map_err(out_err)?,
        None => {}
    }
    for (row, outcome) in &done.rows {
        sink.row(done.file, row, outcome).map_err(out_err)?;
    }
    for rej in &done.rejects {
        rejects
            .reject(&sources[done.file].path, rej)
            .map_err(|e| Error::io("<rejects>", e))?;
    }
    summary.merge(done.summary);
    let mut raw = done.raw;
    raw.out = done.bytes;
    Ok(raw)
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

/// Screen every row of every reader into `sink`, rejects into `rejects`. One thread reads
/// the inputs into batches of raw records; `opts.threads` threads convert, screen and (for
/// sinks with a [`RowFormatter`] or a [`RowCollector`]) format or collect them; the calling
/// thread writes them in input order. Outputs are the same for any number of threads. With one thread everything runs
/// in the calling thread.
pub fn screen_all_with(
    screener: &Screener,
    readers: Vec<RowReader>,
    sink: &mut dyn Sink,
    rejects: &mut dyn RejectSink,
    opts: RunOptions,
    upstream: Upstream,
) -> Result<Summary, Error> {
    let sources: Vec<Source> = readers.iter().map(|r| r.source().clone()).collect();
    let mut summary = Summary {
        files: sources.iter().map(|s| s.path.clone()).collect(),
        ..Summary::default()
    };
    sink.begin(&sources).map_err(|e| Error::io("<output>", e))?;
    let work = Work {
        screener,
        converters: readers.iter().map(|r| r.converter().clone()).collect(),
        files: file_names(&sources),
        formatter: sink.formatter(),
        collector: sink.collector(),
        upstream,
        fail_at: opts.fail_at,
    };
    let mut batches = BatchReader {
        readers: readers.into_iter().enumerate().collect(),
        rows: 0,
        max_rows: opts.max_rows,
        sources: &sources,
        seq: 0,
    };
    if opts.threads <= 1 {
        let (mut row, mut memo) = (None, OutcomeMemo::default());
        let mut raw = RawBatch::new();
        while batches.fill(&mut raw)? {
            let done = work.process(raw, &mut row, &mut memo);
            raw = write_done(done, sink, rejects, &sources, &mut summary)?;
        }
        if let Some(s) = upstream.memo_stats {
            s.add(&memo);
        }
    } else {
        run_threads(&work, batches, opts.threads, |done| {
            write_done(done, sink, rejects, &sources, &mut summary)
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
    sink.finish(&summary)
        .map_err(|e| Error::io("<output>", e))?;
    Ok(summary)
}

/// The reader thread, `threads` screening threads and, in the calling thread, `write`
/// called on each screened batch in input order. At most `2 * threads + 2` batches are in
/// flight: a batch's buffers go back to the reader only once it is written.
fn run_threads(
    work: &Work,
    mut batches: BatchReader,
    threads: usize,
    mut write: impl FnMut(Done) -> Result<RawBatch, Error>,
) -> Result<(), Error> {
    let in_flight = 2 * threads + 2;
    std::thread::scope(|scope| {
        let (free_tx, free_rx) = crossbeam_channel::bounded::<RawBatch>(in_flight);
        let (work_tx, work_rx) =
            crossbeam_channel::bounded::<Result<RawBatch, (u64, Error)>>(in_flight);
        let (done_tx, done_rx) =
            crossbeam_channel::bounded::<Result<Done, (u64, Error)>>(in_flight);
        for _ in 0..in_flight {
            // Cannot fail: the channel has room for all of them.
            let _ = free_tx.send(RawBatch::new());
        }
        let named = |name: &str| std::thread::Builder::new().name(name.to_string());
        let spawned = |r: std::io::Result<_>| r.map(|_| ()).map_err(Error::Thread);
        spawned(named("uflpa-read").spawn_scoped(scope, move || {
            for mut raw in free_rx {
                let item = match batches.fill(&mut raw) {
                    Ok(true) => Ok(raw),
                    Ok(false) => break,
                    Err(e) => Err((batches.seq, e)),
                };
                let stop = item.is_err();
                if work_tx.send(item).is_err() || stop {
                    break;
                }
            }
        }))?;
        for _ in 0..threads {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            spawned(named("uflpa-screen").spawn_scoped(scope, move || {
                let (mut row, mut memo) = (None, OutcomeMemo::default());
                for item in work_rx {
                    let done = item.map(|raw| work.process(raw, &mut row, &mut memo));
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
                if let Some(s) = work.upstream.memo_stats {
                    s.add(&memo);
                }
            }))?;
        }
        drop((work_rx, done_tx));
        // Write in input order; a failure drops the channels, which stops the other threads.
        let mut pending: BTreeMap<u64, Result<Done, (u64, Error)>> = BTreeMap::new();
        let mut next = 0u64;
        for item in done_rx {
            let seq = match &item {
                Ok(d) => d.seq,
                Err((s, _)) => *s,
            };
            pending.insert(seq, item);
            while let Some(item) = pending.remove(&next) {
                next += 1;
                let raw = write(item.map_err(|(_, e)| e)?)?;
                // The reader may have finished: then nobody needs the buffers back.
                let _ = free_tx.send(raw);
            }
        }
        // Everything screened was written, unless a batch went missing (a thread died).
        match pending.into_iter().next() {
            Some((_, Err((_, e)))) => Err(e),
            Some((seq, Ok(_))) => Err(Error::Internal(format!(
                "batch {next} of the input was lost before batch {seq}; no output was committed"
            ))),
            None => Ok(()),
        }
    })
}
