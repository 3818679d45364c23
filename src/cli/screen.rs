//! `screen` and `report`: open the inputs, screen every row into the output (or the
//! report's collector), commit the output files, tell people what happened, and choose
//! the exit code.

use super::files::AtomicOut;
use super::settings::{Destination, Run};
use super::{ReportFormat, Result};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use uflpa_screen::Severity;
use uflpa_screen::engine::Verdict;
use uflpa_screen::input::{Reject, RejectKind};
use uflpa_screen::output::{self, Format, RejectsCsv};
use uflpa_screen::run::{self, RejectSink, Summary};
use uflpa_screen::text::{for_humans, plural};

/// Rejected rows shown on stderr when they are not written to a file.
const SHOWN_REJECTS: usize = 20;

/// Run `screen` or `report` with resolved settings; the exit code.
pub fn screen(s: Run) -> Result<u8> {
    // `--audit DIR`: the directory is ready and the inputs hashed before any row is read.
    let mut audit_run = super::audit::AuditRun::start(&s)?;
    // `--changed-since OLD_LIST`: what the old list said of every row, first.
    let before = match &s.changed_since {
        Some(cs) => Some(screen_with_old_list(&s, cs)?),
        None => None,
    };
    let inputs = run::open_inputs(
        &s.files,
        s.supply_chain.as_deref(),
        s.evidence.as_deref(),
        &s.read,
        &s.screener,
    )?;
    let upstream_rejects = inputs.upstream_rejects;
    let mut described: Vec<(PathBuf, Vec<String>, Vec<String>)> = Vec::new();
    {
        let mut err = std::io::stderr().lock();
        for r in &inputs.readers {
            let src = r.source();
            for note in src.notes() {
                writeln!(err, "note: {}: {note}", src.path.display())?;
            }
            let (feeds, unused) = src.layout.describe();
            described.push((src.path.clone(), feeds.clone(), unused.clone()));
            writeln!(err, "read: {}: {}", src.path.display(), feeds.join("; "))?;
            if !unused.is_empty() {
                writeln!(
                    err,
                    "warning: {}: column{} {} look{} like goods, party or place data but feed{} nothing; map {} with --map CANONICAL=HEADER",
                    src.path.display(),
                    if unused.len() > 1 { "s" } else { "" },
                    unused
                        .iter()
                        .map(|u| format!("'{u}'"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if unused.len() > 1 { "" } else { "s" },
                    if unused.len() > 1 { "" } else { "s" },
                    if unused.len() > 1 { "them" } else { "it" },
                )?;
            }
        }
    }

    let out_file = s.output().map(AtomicOut::create).transpose()?;
    let rejects_file = s.rejects.as_deref().map(AtomicOut::create).transpose()?;
    let report = match &s.destination {
        Destination::Report { path, format } => Some((AtomicOut::create(path)?, *format)),
        Destination::Stream { .. } => None,
    };
    let baseline_file = s
        .write_baseline
        .as_deref()
        .map(AtomicOut::create)
        .transpose()?;
    let json_file = s.write_json.as_deref().map(AtomicOut::create).transpose()?;
    let summary_file = s.summary.as_deref().map(AtomicOut::create).transpose()?;

    let writer: Box<dyn Write> = match (&out_file, audit_run.as_mut()) {
        (Some(f), _) => f.writer()?,
        (None, None) => Box::new(std::io::BufWriter::new(super::files::stdout())),
        (None, Some(a)) if report.is_none() => {
            a.stdout(Box::new(std::io::BufWriter::new(super::files::stdout())))
        }
        (None, Some(_)) => Box::new(std::io::BufWriter::new(super::files::stdout())),
    };
    let pack = s.screener.pack();
    let mut sink = match report {
        Some(_) => output::sink(
            Format::Jsonl,
            Box::new(std::io::sink()),
            pack,
            s.documents(),
            s.fail_at,
            &s.identity,
            s.layout,
        ),
        None if s.format() == Format::Table => Box::new(output::TableSink::with_style(
            writer,
            pack,
            s.documents(),
            s.table.clone(),
        )),
        None => output::sink(
            s.format(),
            writer,
            pack,
            s.documents(),
            s.fail_at,
            &s.identity,
            s.layout,
        ),
    };
    let mut report_sink = match &report {
        Some((_, format)) => Some(uflpa_screen::report::ReportSink::new(
            pack,
            uflpa_screen::report::Limits::default(),
            // Every line goes to a temporary file for the workbook's Lines sheets and the
            // companion CSV of a capped report.
            Some(uflpa_screen::report::LineSpool::new().map_err(|e| {
                uflpa_screen::Error::Report {
                    what: "report",
                    message: format!("cannot create a temporary file for the lines: {e}"),
                }
            })?),
        ))
        .map(|r| (r.with_chain(inputs.chain.as_ref()), *format)),
        None => None,
    };
    if let (Some((_, ReportFormat::Xlsx)), Some(path)) = (&report_sink, s.report_path()) {
        let bytes: u64 = s
            .files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum();
        // Said before any work: a large input will not fit one sheet.
        if bytes > 64 << 20 {
            writeln!(
                super::files::stderr(),
                "note: {}: the inputs are {} MB; Excel holds 1,048,576 rows a sheet, so every line goes to Lines sheets of {} rows (at most {}); lines beyond them are counted, not listed",
                path.display(),
                bytes >> 20,
                uflpa_screen::report::LINES_PER_SHEET,
                uflpa_screen::report::MAX_LINE_SHEETS
            )?;
        }
    }
    let mut baseline_sink = match &baseline_file {
        Some(f) => Some(output::JsonSink::new(
            f.writer()?,
            pack,
            Arc::clone(&s.identity),
        )),
        None => None,
    };
    let mut json_sink = match &json_file {
        Some(f) => Some(output::JsonSink::new(
            f.writer()?,
            pack,
            Arc::clone(&s.identity),
        )),
        None => None,
    };
    let mut summary_sink = match &summary_file {
        Some(f) => Some(output::SummarySink::new(f.writer()?, pack)),
        None => None,
    };
    // The job summary is for `screen` runs in GitHub Actions.
    let mut step_summary = match (&s.step_summary, &s.destination) {
        (Some(_), Destination::Stream { .. }) => {
            Some(output::StepSummary::new(s.fail_at, Arc::clone(&s.identity)))
        }
        _ => None,
    };
    let mut kept: Vec<(PathBuf, Reject)> = Vec::new();
    let mut rejects_csv = match &rejects_file {
        Some(f) => Some(RejectsCsv::new(f.writer()?)?),
        None => None,
    };
    let memo_stats = run::MemoStats::default();
    let started = std::time::Instant::now();
    let mut report_rejects: Vec<(PathBuf, Reject)> = Vec::new();
    let mut report_rejects_more = 0u64;
    let (summary, changed_changes, outcomes, reject_counts) = {
        let inner: &mut dyn RejectSink = match rejects_csv.as_mut() {
            Some(r) => r,
            None => &mut kept,
        };
        let mut tee = ReportRejects {
            inner,
            keep: report_sink.is_some(),
            kept: &mut report_rejects,
            more: &mut report_rejects_more,
        };
        let mut counter = uflpa_screen::audit::RejectCounter::new(&mut tee);
        let rejects: &mut dyn RejectSink = &mut counter;
        for (p, r) in &upstream_rejects {
            rejects.reject(p, r)?;
        }
        let mut sinks: Vec<&mut dyn run::Sink> = vec![sink.as_mut()];
        if let Some((r, _)) = report_sink.as_mut() {
            sinks.push(r);
        }
        if let Some(b) = baseline_sink.as_mut() {
            sinks.push(b);
        }
        if let Some(j) = json_sink.as_mut() {
            sinks.push(j);
        }
        if let Some(j) = summary_sink.as_mut() {
            sinks.push(j);
        }
        if let Some(m) = step_summary.as_mut() {
            sinks.push(m);
        }
        // One sink keeps its row formatter (rows formatted on the screening threads).
        let mut all = run::Tee(Vec::new());
        let target: &mut dyn run::Sink = if sinks.len() == 1 {
            sinks.remove(0)
        } else {
            all.0 = sinks;
            &mut all
        };
        let mut changed = None;
        let target: &mut dyn run::Sink = match before {
            Some(b) => changed.insert(uflpa_screen::lists::changed::ChangedOnly {
                inner: target,
                before: b,
                old: s.changed_since.as_ref().map_or(String::new(), |cs| {
                    format!("{} (as of {})", cs.path.display(), cs.as_of)
                }),
                changes: Vec::new(),
            }),
            None => target,
        };
        // `--audit`: every row's outcome goes into the record's digest (before
        // `--changed-since` keeps only the changed ones).
        let mut recorder = None;
        let target: &mut dyn run::Sink = match &audit_run {
            Some(_) => recorder.insert(uflpa_screen::audit::Recorder::new(target)),
            None => target,
        };
        let mut shown = Progress {
            inner: target,
            on: show_progress(&s),
            rows: 0,
            started: std::time::Instant::now(),
        };
        let opts = run::RunOptions {
            threads: s.threads,
            max_rows: s.max_rows,
            fail_at: s.fail_at,
        };
        let upstream = run::Upstream {
            chain: inputs.chain.as_ref(),
            evidence: inputs.evidence.as_ref(),
            policy: Some(&s.policy),
            identity: Some(&s.identity),
            memo_stats: s.stats.then_some(&memo_stats),
        };
        let summary = run::screen_all_with(
            &s.screener,
            inputs.readers,
            &mut shown,
            rejects,
            opts,
            upstream,
        )?;
        let outcomes = recorder.map(uflpa_screen::audit::Recorder::finish);
        let reject_counts = std::mem::take(&mut counter.by_file);
        (summary, changed.map(|c| c.changes), outcomes, reject_counts)
    };
    drop(sink);
    drop(baseline_sink);
    drop(json_sink);
    drop(summary_sink);
    let mut companion = None;
    if let (Some((file, _)), Some((mut sink, format))) = (report, report_sink) {
        for (p, r) in &report_rejects {
            sink.reject(p, r);
        }
        sink.rejects_beyond(report_rejects_more);
        let all_rejected = rejected(&summary, &upstream_rejects);
        companion = write_report(&s, file, format, &summary, sink, &described, all_rejected)?;
    }
    if let Some(f) = baseline_file {
        f.commit()?;
    }
    if let Some(f) = json_file {
        f.commit()?;
    }
    if let Some(f) = summary_file {
        f.commit()?;
    }
    if let Some(mut r) = rejects_csv {
        r.flush()?;
    }
    if let Some(f) = out_file {
        f.commit()?;
    }
    if let Some(f) = rejects_file {
        f.commit()?;
    }
    tell(&s, &summary, &kept, &upstream_rejects)?;
    if s.stats {
        let (hits, looked) = memo_stats.totals();
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        // A memo rests while it does not pay (`memo::Gate`): say for how many questions.
        let resting = |rested: u64| {
            if rested == 0 {
                String::new()
            } else {
                format!(", resting for {rested}")
            }
        };
        let rested = memo_stats.rested.load(std::sync::atomic::Ordering::Relaxed);
        writeln!(
            super::files::stderr(),
            "stats: {} in {secs:.3} s ({:.0} rows/s, {}); outcome memo answered {hits} of {} ({:.1}%{})",
            plural(summary.screened(), "row screened", "rows screened"),
            summary.screened() as f64 / secs,
            plural(s.threads as u64, "thread", "threads"),
            plural(looked, "row", "rows"),
            if looked == 0 {
                0.0
            } else {
                100.0 * hits as f64 / looked as f64
            },
            resting(rested),
        )?;
        // The matchers' memos, for the rows the outcome memo did not answer.
        let parts: Vec<String> = memo_stats
            .matches()
            .iter()
            .filter(|(_, _, asked, _)| *asked > 0)
            .map(|(name, hits, asked, rested)| {
                format!(
                    "{name} {:.1}% of {asked}{}",
                    100.0 * *hits as f64 / *asked as f64,
                    resting(*rested)
                )
            })
            .collect();
        if !parts.is_empty() {
            writeln!(
                super::files::stderr(),
                "stats: matcher memos answered: {}",
                parts.join("; ")
            )?;
        }
    }
    // With standard output closed early (`| head -1`), the rows went on being screened and
    // the code is the gate's, the same as without the pipe.
    let mut code = exit_code(&s, &summary, &upstream_rejects);
    if let (Some(c), Some(cs)) = (&changed_changes, &s.changed_since) {
        code = tell_changes(&s, cs, c, &summary, code)?;
    }
    if let (Some(a), Some(outcomes)) = (audit_run, outcomes) {
        let mut outputs: Vec<(String, PathBuf)> = s
            .writes()
            .into_iter()
            .map(|(o, p)| (o.to_string(), p.to_path_buf()))
            .collect();
        outputs.extend(companion.map(|c| ("report companion".to_string(), c)));
        let path = a.finish(
            &s,
            s.screener.pack(),
            super::audit::Finish {
                summary: &summary,
                outcomes,
                rejects: &reject_counts,
                chain_rows: inputs.chain.as_ref().map(|c| c.len() as u64),
                evidence_rows: inputs.evidence.as_ref().map(|e| e.rows),
                rejected: rejected(&summary, &upstream_rejects),
                code,
                outputs,
            },
        )?;
        writeln!(
            super::files::stderr(),
            "uflpa-screen: audit record {}",
            for_humans(&path.display().to_string())
        )?;
    }
    if let (Some(m), Some(path)) = (&step_summary, &s.step_summary) {
        let text = m.markdown(&summary, &s.policy, s.as_of, code);
        if let Err(e) = append(path, &text) {
            // The job summary is a courtesy to the reader of the job page: the run's result
            // stands, and the failure is said.
            writeln!(
                super::files::stderr(),
                "warning: cannot append the job summary to {} (GITHUB_STEP_SUMMARY): {e}",
                path.display()
            )?;
        }
    }
    Ok(code)
}

/// Screen every input with the old list of `--changed-since`: each row's verdict and Entity
/// List findings. Rejects are not reported here: the run with the current list reports them.
fn screen_with_old_list(
    s: &Run,
    cs: &super::settings::ChangedSince,
) -> Result<std::collections::HashMap<(usize, u64), uflpa_screen::lists::changed::Before>> {
    if s.files.iter().any(|f| f == std::path::Path::new("-")) {
        return Err(uflpa_screen::Error::Usage(
            "--changed-since reads the inputs twice (once per list): give files, not standard input".to_string(),
        )
        .into());
    }
    let inputs = run::open_inputs(
        &s.files,
        s.supply_chain.as_deref(),
        s.evidence.as_deref(),
        &s.read,
        &cs.screener,
    )?;
    let mut recorder = uflpa_screen::lists::changed::Recorder::default();
    let mut ignored: Vec<(PathBuf, Reject)> = Vec::new();
    let upstream = run::Upstream {
        chain: inputs.chain.as_ref(),
        evidence: inputs.evidence.as_ref(),
        policy: Some(&s.policy),
        identity: Some(&s.identity),
        memo_stats: None,
    };
    run::screen_all_with(
        &cs.screener,
        inputs.readers,
        &mut recorder,
        &mut ignored,
        run::RunOptions {
            threads: s.threads,
            max_rows: s.max_rows,
            fail_at: s.fail_at,
        },
        upstream,
    )?;
    Ok(recorder.before)
}

/// Say on stderr which lines the current list changes (also those it clears, which the
/// table does not show); the exit code is 1 when a changed line is now at or above
/// `--fail-on`, else 0 (2 stays 2).
fn tell_changes(
    s: &Run,
    cs: &super::settings::ChangedSince,
    changes: &[uflpa_screen::lists::changed::ChangedLine],
    summary: &Summary,
    code: u8,
) -> Result<u8> {
    let mut err = super::files::stderr();
    writeln!(
        err,
        "changed since {} (as of {}): {} of {} another verdict with the current list (as of {})",
        cs.path.display(),
        cs.as_of,
        changes.len(),
        plural(
            summary.screened(),
            if changes.len() == 1 {
                "line has"
            } else {
                "line have"
            },
            if changes.len() == 1 {
                "lines has"
            } else {
                "lines have"
            }
        ),
        s.screener.pack().entity_list.as_of
    )?;
    for c in changes {
        let file = summary
            .files
            .get(c.file)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        writeln!(
            err,
            "  {}:{}  {} -> {}",
            for_humans(&file),
            c.source_line,
            c.was,
            c.now
        )?;
        for e in &c.entities {
            writeln!(
                err,
                "      {}",
                for_humans(&uflpa_screen::text::clip(e, 200))
            )?;
        }
    }
    if code == 2 || s.exit_zero || !s.gates {
        return Ok(code);
    }
    let fails = |v: Verdict| match s.fail_at {
        Some(Severity::Presumed) => v == Verdict::Presumed,
        Some(Severity::Review) => v == Verdict::Presumed || v == Verdict::Review,
        _ => false,
    };
    Ok(u8::from(changes.iter().any(|c| fails(c.now))))
}

/// Append `text` to the file at `path` (created if missing), as GitHub expects of
/// `$GITHUB_STEP_SUMMARY`.
fn append(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.flush()
}

/// Progress on stderr only for a terminal and large inputs.
fn show_progress(s: &Run) -> bool {
    std::io::stderr().is_terminal()
        && s.files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum::<u64>()
            > 20 << 20
}

fn write_report(
    s: &Run,
    file: AtomicOut,
    format: ReportFormat,
    summary: &Summary,
    sink: uflpa_screen::report::ReportSink,
    described: &[(PathBuf, Vec<String>, Vec<String>)],
    upstream_rejected: u64,
) -> Result<Option<PathBuf>> {
    use uflpa_screen::report;
    let mut inputs = Vec::new();
    for p in s.inputs() {
        let mut i = if p == std::path::Path::new("-") {
            report::InputFile {
                path: p.to_path_buf(),
                sha256: "(standard input, not hashed)".to_string(),
                read: Vec::new(),
                unread: Vec::new(),
            }
        } else {
            report::InputFile::hash(p)?
        };
        if let Some((_, read, unread)) = described.iter().find(|(dp, _, _)| dp == p) {
            i.read = read.clone();
            i.unread = unread.clone();
        }
        inputs.push(i);
    }
    // The configuration and the list files decide outcomes too (waivers, overrides, lists).
    if let Some(p) = &s.config {
        let mut i = report::InputFile::hash(p)?;
        i.read = vec![format!(
            "configuration: {}, severity overrides, watch lists and Entity List thresholds apply to every line",
            plural(s.policy.waivers().len() as u64, "waiver", "waivers")
        )];
        inputs.push(i);
    }
    for p in &s.list_files {
        let mut i = report::InputFile::hash(p)?;
        i.read = vec!["list directory (--lists): screened against with the rule pack".into()];
        inputs.push(i);
    }
    // Records rejected in the supply-chain and evidence files count with the manifests'.
    let mut all = summary.clone();
    all.rejected = upstream_rejected;
    let (mut data, spool) = sink.finish_report(Some(&s.policy), inputs, all, s.as_of);
    let path = s.report_path().unwrap_or(std::path::Path::new("report"));
    // A report whose details are capped names a companion CSV of every line, written
    // beside it (atomically, like the report).
    let capped = data.presumed.capped()
        || data.review.capped()
        || data.waived.capped()
        || data.suppliers_total > data.suppliers.len() as u64;
    let mut companion = None;
    let spool = if capped && format != ReportFormat::Xlsx {
        let name = format!(
            "{}.lines.csv",
            path.file_stem()
                .map_or("report".into(), |s| s.to_string_lossy())
        );
        let cpath = path.with_file_name(&name);
        data.companion = Some(name);
        let out = AtomicOut::create(&cpath)?;
        if let Some(sp) = spool {
            let mut w = out.writer()?;
            sp.copy_to(&mut w)?;
            w.flush()?;
        }
        companion = Some((out, cpath));
        None
    } else {
        spool
    };
    let bytes = match format {
        ReportFormat::Html => report::html(&data).into_bytes(),
        ReportFormat::Md => report::markdown(&data).into_bytes(),
        ReportFormat::Pdf => report::pdf(&data)?,
        ReportFormat::Xlsx => report::xlsx(&data, spool)?,
    };
    let mut w = file.writer()?;
    w.write_all(&bytes)?;
    w.flush()?;
    drop(w);
    file.commit()?;
    let mut err = super::files::stderr();
    let mut written = None;
    if let Some((out, cpath)) = companion {
        out.commit()?;
        written = Some(cpath.clone());
        writeln!(
            err,
            "uflpa-screen: wrote {} (every line; the report shows the first {} presumed and review lines in full)",
            for_humans(&cpath.display().to_string()),
            data.presumed.cap
        )?;
    }
    let groups: Vec<String> = report::Group::ALL
        .iter()
        .filter(|g| **g != report::Group::Waived || data.group(**g).lines > 0)
        .map(|g| format!("{} {}", data.group(*g).lines, g.short()))
        .collect();
    writeln!(
        err,
        "uflpa-screen: wrote {} ({}): {}: {}; {} rejected; {}",
        for_humans(&path.display().to_string()),
        plural(bytes.len() as u64, "byte", "bytes"),
        plural(summary.screened(), "line", "lines"),
        groups.join(", "),
        upstream_rejected,
        plural(summary.waived, "waived finding", "waived findings")
    )?;
    Ok(written)
}

/// Rejects go to their file (or the messages) and to the report.
struct ReportRejects<'a> {
    inner: &'a mut dyn RejectSink,
    keep: bool,
    kept: &'a mut Vec<(PathBuf, Reject)>,
    more: &'a mut u64,
}

impl RejectSink for ReportRejects<'_> {
    fn reject(&mut self, path: &std::path::Path, r: &Reject) -> std::io::Result<()> {
        if self.keep {
            if self.kept.len() < uflpa_screen::report::Limits::default().rejects {
                self.kept.push((path.to_path_buf(), r.clone()));
            } else {
                *self.more += 1;
            }
        }
        self.inner.reject(path, r)
    }
}

/// One rejected row for people.
fn reject_line(path: &std::path::Path, r: &Reject, with_column: bool) -> String {
    let col = match (&r.column, with_column) {
        (Some(c), true) => format!(" column '{c}':"),
        _ => String::new(),
    };
    let line = format!(
        "rejected: {}:{} (row {}):{col} {}",
        path.display(),
        r.source_line,
        r.row,
        r.reason
    );
    uflpa_screen::text::for_humans(&line).into_owned()
}

/// Messages for people go to stderr, so machine-readable output stays clean.
fn tell(
    s: &Run,
    summary: &Summary,
    kept: &[(PathBuf, Reject)],
    upstream_rejects: &[(PathBuf, Reject)],
) -> Result<()> {
    let mut err = super::files::stderr();
    for (path, r) in kept
        .iter()
        .filter(|(_, r)| r.kind == RejectKind::Invalid)
        .take(SHOWN_REJECTS)
    {
        writeln!(err, "{}", reject_line(path, r, true))?;
    }
    if summary.rejected > SHOWN_REJECTS as u64 && s.rejects.is_none() {
        writeln!(
            err,
            "rejected: ... and {} more; write them all with --rejects PATH",
            summary.rejected - SHOWN_REJECTS as u64
        )?;
    }
    if s.rejects.is_none() {
        for (path, r) in kept
            .iter()
            .filter(|(_, r)| r.kind == RejectKind::Cell)
            .take(SHOWN_REJECTS)
        {
            writeln!(
                err,
                "unreadable cell: {}:{} (row {}): column '{}': {} (the row was screened)",
                for_humans(&path.display().to_string()),
                r.source_line,
                r.row,
                for_humans(r.column.as_deref().unwrap_or("")),
                for_humans(&r.reason)
            )?;
        }
        if summary.cells > SHOWN_REJECTS as u64 {
            writeln!(
                err,
                "unreadable cell: ... and {} more; write them all with --rejects PATH",
                summary.cells - SHOWN_REJECTS as u64
            )?;
        }
    }
    if s.format() != Format::Table || s.output().is_some() || !std::io::stdout().is_terminal() {
        writeln!(
            err,
            "uflpa-screen: {}: {} presumed, {} review, {} clear, {} rejected{}",
            plural(summary.rows_read, "row read", "rows read"),
            summary.count(Verdict::Presumed),
            summary.count(Verdict::Review),
            summary.count(Verdict::Clear),
            rejected(summary, upstream_rejects),
            if summary.blank > 0 {
                format!(", {} blank", summary.blank)
            } else {
                String::new()
            }
        )?;
        if summary.cells > 0 {
            writeln!(
                err,
                "uflpa-screen: {} unreadable cell{} (the rows were screened on their other fields)",
                summary.cells,
                if summary.cells == 1 { "" } else { "s" }
            )?;
        }
    }
    for i in &summary.file_issues {
        writeln!(err, "warning: {}", for_humans(&i.to_string()))?;
    }
    for w in &summary.waiver_issues {
        writeln!(err, "warning: {}", for_humans(w))?;
    }
    if s.has_baseline {
        writeln!(
            err,
            "uflpa-screen: {} not in the baseline",
            plural(summary.new_findings, "failing finding", "failing findings")
        )?;
    }
    if s.rejects.is_none() {
        for (p, r) in upstream_rejects
            .iter()
            .filter(|(_, r)| r.kind == RejectKind::Invalid)
            .take(SHOWN_REJECTS)
        {
            writeln!(err, "{}", reject_line(p, r, false))?;
        }
    }
    let rejected = rejected(summary, upstream_rejects);
    if rejected > s.max_rejects {
        writeln!(
            err,
            "error: {} not be read (allowed: {}; see --rejects and --max-rejects)",
            plural(rejected, "row could", "rows could"),
            s.max_rejects
        )?;
    }
    Ok(())
}

/// Unreadable rows of every input, manifests and upstream files together.
fn rejected(summary: &Summary, upstream_rejects: &[(PathBuf, Reject)]) -> u64 {
    summary.rejected
        + upstream_rejects
            .iter()
            .filter(|(_, r)| r.kind == RejectKind::Invalid)
            .count() as u64
}

/// 2 for too many unreadable rows, 0 with `--exit-zero`, else 1 when anything fails the gate
/// (new findings only, with a baseline).
fn exit_code(s: &Run, summary: &Summary, upstream_rejects: &[(PathBuf, Reject)]) -> u8 {
    if rejected(summary, upstream_rejects) > s.max_rejects {
        return 2;
    }
    // --write-baseline accepts every finding of the run: nothing is left to fail; `report`
    // does not gate.
    if s.exit_zero || !s.gates || s.write_baseline.is_some() {
        return 0;
    }
    let failing = if s.has_baseline {
        summary.new_findings
    } else {
        summary.failing_rows
    };
    u8::from(failing > 0)
}

/// Passes everything to the output and shows progress on stderr (a terminal, large inputs).
struct Progress<'s> {
    inner: &'s mut dyn run::Sink,
    on: bool,
    rows: u64,
    started: std::time::Instant,
}

impl Progress<'_> {
    fn tick(&mut self, rows: u64) {
        let before = self.rows / 50_000;
        self.rows += rows;
        if self.on && self.rows / 50_000 > before {
            let secs = self.started.elapsed().as_secs_f64().max(0.001);
            // Progress is a courtesy: a closed stderr does not stop the run.
            let _ = write!(
                super::files::stderr(),
                "\r  {} rows screened ({:.0} rows/s) ",
                self.rows,
                self.rows as f64 / secs
            );
        }
    }
}

impl run::Sink for Progress<'_> {
    fn begin(&mut self, sources: &[uflpa_screen::input::Source]) -> std::io::Result<()> {
        self.inner.begin(sources)
    }
    fn row(
        &mut self,
        file: usize,
        row: &uflpa_screen::input::Row,
        o: &uflpa_screen::Outcome,
    ) -> std::io::Result<()> {
        self.tick(1);
        self.inner.row(file, row, o)
    }
    fn formatter(&self) -> Option<std::sync::Arc<dyn run::RowFormatter>> {
        self.inner.formatter()
    }
    fn formatted(&mut self, bytes: &[u8], rows: usize) -> std::io::Result<()> {
        self.tick(rows as u64);
        self.inner.formatted(bytes, rows)
    }
    fn finish(&mut self, summary: &run::Summary) -> std::io::Result<()> {
        if self.on && self.rows >= 50_000 {
            let _ = write!(super::files::stderr(), "\r\x1b[K");
        }
        self.inner.finish(summary)
    }
}
