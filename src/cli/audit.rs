//! `--audit DIR`: the record of a run, written once the run is over (one JSON file, named by
//! the UTC time it started and a short hash of its content, renamed into place complete);
//! and `audit verify RECORD`, which screens again what a record names and says what still
//! matches. What a record holds and how it is checked is the library's
//! (`uflpa_screen::audit`); this file hashes files, writes and prints.

use super::Result;
use super::files::NewFile;
use super::settings::Run;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use uflpa_screen::audit::{self, InputRecord, OutputRecord, Record};
use uflpa_screen::run::Summary;
use uflpa_screen::text::for_humans;
use uflpa_screen::{Error, RulePack};

/// A run being recorded: started before any input is read.
pub struct AuditRun {
    started: std::time::SystemTime,
    file: NewFile,
    inputs: Vec<InputRecord>,
    lists: Vec<(PathBuf, String)>,
    stdout: Option<Arc<Mutex<Hashed>>>,
}

/// What went to standard output: its SHA-256 so far and its length.
struct Hashed {
    hash: sha2::Sha256,
    bytes: u64,
}

/// Standard output, hashed as it is written (for the record).
struct HashingWriter {
    inner: Box<dyn Write>,
    state: Arc<Mutex<Hashed>>,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Ok(mut s) = self.state.lock() {
            use sha2::Digest;
            s.hash.update(&buf[..n]);
            s.bytes += n as u64;
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What the record needs from the end of a run.
pub struct Finish<'a> {
    /// The run's totals.
    pub summary: &'a Summary,
    /// The outcome digest and rows per manifest.
    pub outcomes: audit::Outcomes,
    /// Rejected records and blank rows per file.
    pub rejects: &'a BTreeMap<PathBuf, (u64, u64)>,
    /// Rows of the supply-chain file that were used.
    pub chain_rows: Option<u64>,
    /// Rows of the evidence file.
    pub evidence_rows: Option<u64>,
    /// Records rejected in every input.
    pub rejected: u64,
    /// The exit code.
    pub code: u8,
    /// Files written: (option, path).
    pub outputs: Vec<(String, PathBuf)>,
}

impl AuditRun {
    /// Start the record of `s` when `--audit` is given: the directory is created and a
    /// temporary file made in it (an unwritable directory fails here, before screening),
    /// and every input, configuration and list file is hashed as it is now.
    pub fn start(s: &Run) -> Result<Option<AuditRun>> {
        let Some(plan) = &s.audit else {
            return Ok(None);
        };
        let started = std::time::SystemTime::now();
        let file = NewFile::create_in(&plan.dir, "--audit")?;
        let mut inputs = Vec::new();
        let mut add = |role: &str, p: &Path| -> Result<()> {
            let (sha256, _) = audit::sha256_file(p)?;
            inputs.push(InputRecord {
                role: role.to_string(),
                path: audit::absolute(&plan.cwd, p).display().to_string(),
                given: p.display().to_string(),
                sha256,
                rows: None,
                rejected: None,
                outcome_chunks: None,
            });
            Ok(())
        };
        for f in &s.files {
            add("manifest", f)?;
        }
        let others = [
            ("supply chain", &s.supply_chain),
            ("evidence", &s.evidence),
            ("configuration", &plan.config),
            ("baseline", &plan.baseline),
            ("changed-since list", &plan.changed_since),
        ];
        for (role, f) in others {
            if let Some(f) = f {
                add(role, f)?;
            }
        }
        let mut lists = Vec::new();
        for f in &plan.lists {
            lists.push((audit::absolute(&plan.cwd, f), audit::sha256_file(f)?.0));
        }
        Ok(Some(AuditRun {
            started,
            file,
            inputs,
            lists,
            stdout: None,
        }))
    }

    /// Standard output, hashed for the record.
    pub fn stdout(&mut self, inner: Box<dyn Write>) -> Box<dyn Write> {
        use sha2::Digest;
        let state = Arc::new(Mutex::new(Hashed {
            hash: sha2::Sha256::new(),
            bytes: 0,
        }));
        self.stdout = Some(Arc::clone(&state));
        Box::new(HashingWriter { inner, state })
    }

    /// Write the record into its directory (complete, or not at all) and return its path.
    pub fn finish(mut self, s: &Run, pack: &RulePack, f: Finish) -> Result<PathBuf> {
        let rejects = |p: &Path| f.rejects.get(p).copied().unwrap_or((0, 0));
        let mut manifest = 0usize;
        for i in &mut self.inputs {
            let given = PathBuf::from(&i.given);
            let (rejected, blank) = rejects(&given);
            let used = match i.role.as_str() {
                "manifest" => {
                    manifest += 1;
                    i.outcome_chunks = Some(f.outcomes.chunk_record(manifest - 1));
                    f.outcomes.rows.get(manifest - 1).copied()
                }
                "supply chain" => f.chain_rows,
                "evidence" => f.evidence_rows,
                _ => continue,
            };
            i.rows = used.map(|n| n + rejected + blank);
            i.rejected = Some(rejected);
        }
        let cwd = s.audit.as_ref().map(|p| p.cwd.clone()).unwrap_or_default();
        let mut outputs = Vec::new();
        for (option, path) in &f.outputs {
            let (sha256, bytes) = match std::fs::metadata(path) {
                Ok(m) if m.is_file() => {
                    let (h, n) = audit::sha256_file(path)?;
                    (Some(h), Some(n))
                }
                _ => (None, None),
            };
            outputs.push(OutputRecord {
                option: option.clone(),
                path: audit::absolute(&cwd, path).display().to_string(),
                sha256,
                bytes,
            });
        }
        if let Some(state) = self.stdout.take() {
            use sha2::Digest;
            let st = state
                .lock()
                .map_err(|_| Error::Internal("standard output's hash".into()))?;
            outputs.push(OutputRecord {
                option: "standard output".into(),
                path: "-".into(),
                sha256: Some(audit::hex(&st.hash.clone().finalize())),
                bytes: Some(st.bytes),
            });
        }
        let record = Record {
            format: audit::FORMAT.into(),
            format_version: audit::FORMAT_VERSION,
            tool: audit::Tool {
                name: "uflpa-screen".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            command: s.command.into(),
            started: audit::rfc3339(self.started),
            finished: audit::rfc3339(std::time::SystemTime::now()),
            exit_code: f.code,
            rule_pack: audit::PackRecord::of(
                pack,
                &s.settings.rules.as_deref().map_or("embedded".into(), |d| {
                    audit::absolute(&cwd, d).display().to_string()
                }),
            ),
            entity_lists: audit::list_records(pack, &self.lists),
            inputs: std::mem::take(&mut self.inputs),
            options: s.settings.absolute(&cwd),
            counts: audit::Counts::of(f.summary, f.rejected),
            outcomes_sha256: f.outcomes.sha256,
            outputs,
        };
        let json = record.to_json();
        let short = {
            use sha2::Digest;
            audit::hex(&sha2::Sha256::digest(json.as_bytes()))[..12].to_string()
        };
        let stamp = audit::RecordName::stamp_of(&record.started);
        self.file.commit(json.as_bytes(), |n| {
            if n == 0 {
                format!("uflpa-audit-{stamp}Z-{short}.json")
            } else {
                format!("uflpa-audit-{stamp}Z-{short}-{n}.json")
            }
        })
    }
}

/// `audit verify RECORD...`: each record in turn (its own block on standard output, its
/// errors on stderr); the exit code is the worst of them (2 over 1 over 0).
pub fn verify_all(paths: &[PathBuf], threads: usize) -> Result<u8> {
    let mut worst = 0u8;
    let mut tally = [0u64; 3];
    for (i, path) in paths.iter().enumerate() {
        if i > 0 {
            writeln!(super::files::stdout())?;
        }
        let code = match verify(path, threads) {
            Ok(code) => code,
            Err(e) => {
                let message = match e.downcast_ref::<Error>() {
                    Some(l) => l.for_humans(),
                    None => for_humans(&e.to_string()).into_owned(),
                };
                writeln!(super::files::stderr(), "error: {message}")?;
                2
            }
        };
        tally[usize::from(code.min(2))] += 1;
        worst = worst.max(code);
    }
    if paths.len() > 1 {
        writeln!(
            super::files::stdout(),
            "\n{}: {} confirmed, {} not confirmed, {} could not be verified",
            uflpa_screen::text::plural(paths.len() as u64, "record", "records"),
            tally[0],
            tally[1],
            tally[2]
        )?;
    }
    Ok(worst)
}

/// `audit verify RECORD` for one record: 0 when everything matches, 1 when something
/// differs (a hand-edited record too); errors (exit 2) name the record and the key, or the
/// input and its key.
pub fn verify(path: &Path, threads: usize) -> Result<u8> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::input(path, format!("cannot read the audit record: {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let record = Record::parse(&text).map_err(|e| {
        Error::input(
            path,
            format!("not a usable audit record: key {}: {}", e.key, e.message),
        )
    })?;
    let integrity = record.integrity(
        &path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        &bytes,
    );
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let v = audit::verify(&record, threads).map_err(|e| {
        Error::Config(format!(
            "{}: cannot screen the record again: {}",
            for_humans(&path.display().to_string()),
            e.for_humans()
        ))
    })?;
    let mut out = super::files::stdout();
    let h = |s: &str| for_humans(s).into_owned();
    let short = |s: &str| format!("{}...", s.chars().take(12).collect::<String>());
    writeln!(out, "audit record {}", h(&path.display().to_string()))?;
    writeln!(
        out,
        "  run: {} started {}, ended {}, exit code {}, uflpa-screen {}; verified with uflpa-screen {}",
        h(&record.command),
        h(&record.started),
        h(&record.finished),
        record.exit_code,
        h(&record.tool.version),
        env!("CARGO_PKG_VERSION")
    )?;
    for e in &integrity.edited {
        writeln!(out, "  RECORD EDITED: {}", h(e))?;
    }
    for n in &integrity.notes {
        writeln!(out, "  note: {}", h(n))?;
    }
    if integrity.edited.is_empty() && integrity.notes.is_empty() {
        writeln!(
            out,
            "  record: its content matches the hash in its name and its exit code, counts and options agree"
        )?;
    }
    for c in &v.inputs {
        if c.same() {
            writeln!(out, "  input unchanged: {}", h(&c.what))?;
        } else {
            writeln!(
                out,
                "  INPUT CHANGED: {}: SHA-256 now {}, recorded {}",
                h(&c.what),
                short(c.now.as_deref().unwrap_or("")),
                short(&c.recorded)
            )?;
        }
    }
    for c in v.others.iter().filter(|c| !c.same()) {
        let what = match &c.now {
            Some(now) => format!(
                "changed since the run (SHA-256 now {}, recorded {})",
                short(now),
                short(&c.recorded)
            ),
            None => format!(
                "is no longer there (recorded SHA-256 {})",
                short(&c.recorded)
            ),
        };
        writeln!(
            out,
            "  note: {} {what}; the screening was repeated with the settings in the record",
            h(&c.what),
        )?;
    }
    let pack_now = v.pack.now.as_deref().unwrap_or("");
    if v.pack.same() {
        writeln!(
            out,
            "  rule pack: {} (SHA-256 {}) as recorded",
            h(&v.pack_version),
            short(pack_now)
        )?;
    } else {
        writeln!(
            out,
            "  RULE PACK DIFFERS: the pack in use now is {} (SHA-256 {}); the run used {} {} (SHA-256 {}): outcomes may differ for that reason alone",
            h(&v.pack_version),
            short(pack_now),
            h(&record.rule_pack.id),
            h(&record.rule_pack.version),
            short(&v.pack.recorded)
        )?;
    }
    for c in &v.lists {
        match &c.now {
            _ if c.same() => writeln!(out, "  list: {} as recorded", h(&c.what))?,
            Some(now) => writeln!(
                out,
                "  LIST DIFFERS: {}: SHA-256 now {}, recorded {}",
                h(&c.what),
                short(now),
                short(&c.recorded)
            )?,
            None => writeln!(
                out,
                "  LIST DIFFERS: {}: {} (recorded SHA-256 {})",
                h(&c.what),
                c.gone,
                short(&c.recorded)
            )?,
        }
    }
    for (name, path) in &v.lists_added {
        writeln!(
            out,
            "  LIST DIFFERS: {} ({}) is in use now; the run did not use it",
            h(name),
            h(path)
        )?;
    }
    let c = &v.counts;
    writeln!(
        out,
        "  outcomes now: {}: {} presumed, {} review, {} clear; {} rejected",
        uflpa_screen::text::plural(c.rows_read, "row read", "rows read"),
        c.presumed,
        c.review,
        c.clear,
        c.rejected
    )?;
    for (key, was, now) in &v.count_differences {
        writeln!(out, "  COUNT DIFFERS: {key}: now {now}, recorded {was}")?;
    }
    if v.outcomes_same {
        writeln!(out, "  per-line outcomes: digest as recorded")?;
    } else {
        writeln!(
            out,
            "  PER-LINE OUTCOMES DIFFER: digest now {}, recorded {} (some line has another verdict or other codes)",
            short(&v.outcomes_sha256),
            short(&record.outcomes_sha256)
        )?;
        write_chunk_differences(&mut out, &v, &record)?;
    }
    for o in &record.outputs {
        let Some(want) = &o.sha256 else { continue };
        if o.path == "-" {
            continue;
        }
        let said = match audit::sha256_file(Path::new(&o.path)) {
            Ok((now, _)) if &now == want => "as recorded".to_string(),
            Ok(_) => "changed since the run".to_string(),
            Err(_) => "no longer there".to_string(),
        };
        writeln!(out, "  output {} {}: {said}", h(&o.option), h(&o.path))?;
    }
    if v.confirmed() && integrity.edited.is_empty() {
        writeln!(
            out,
            "confirmed: the same inputs, rule pack and lists give the same outcomes"
        )?;
        Ok(0)
    } else {
        writeln!(out, "NOT CONFIRMED: see the lines in capitals above")?;
        Ok(1)
    }
}

/// Differing chunks shown after "PER-LINE OUTCOMES DIFFER".
const SHOWN_CHUNKS: usize = 10;

/// Where the outcomes differ: the manifest and lines of each differing chunk (the first
/// [`SHOWN_CHUNKS`]).
fn write_chunk_differences(
    out: &mut impl Write,
    v: &audit::Verification,
    record: &Record,
) -> Result<()> {
    if !v.has_chunks {
        writeln!(
            out,
            "    (this record holds no chunk digests, so the lines cannot be named)"
        )?;
        return Ok(());
    }
    let per = record
        .inputs
        .iter()
        .find_map(|i| i.outcome_chunks.as_ref())
        .map_or(audit::CHUNK_LINES, |c| c.lines_per_chunk);
    let n = v.chunk_differences.len();
    if n == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "    outcomes changed in {} of {per} screened lines ({}; lines as the inputs read now):",
        uflpa_screen::text::plural(n as u64, "chunk", "chunks"),
        if n > SHOWN_CHUNKS {
            format!("the first {SHOWN_CHUNKS} shown")
        } else {
            "each shown".to_string()
        }
    )?;
    for d in v.chunk_differences.iter().take(SHOWN_CHUNKS) {
        let path = for_humans(&d.path);
        let line = match (d.lines, d.not_in_record) {
            (Some((a, b)), false) => format!(
                "{path}:{a}-{b} ({}, screened lines from {})",
                d.input, d.first_row
            ),
            (Some((a, b)), true) => format!(
                "{path}:{a}-{b} ({}, screened lines from {}): not in the record (the input has more lines now)",
                d.input, d.first_row
            ),
            (None, _) => format!(
                "{path} ({}): screened lines from {} are in the record but not in the input now",
                d.input, d.first_row
            ),
        };
        writeln!(out, "    {line}")?;
    }
    if n > SHOWN_CHUNKS {
        writeln!(
            out,
            "    ... and {}",
            uflpa_screen::text::plural((n - SHOWN_CHUNKS) as u64, "more chunk", "more chunks")
        )?;
    }
    Ok(())
}
