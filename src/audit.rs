//! The audit record of a run: what was screened, with what, how, and what came out, kept as
//! one JSON file per run (`screen --audit DIR`), and the re-run that confirms it
//! (`uflpa-screen audit verify RECORD`).
//!
//! A [`Record`] holds the tool's version; the rule pack's version and the SHA-256 of its
//! files ([`crate::rules::PackFiles::sha256`]); every entity list used with its date and
//! hash; every input with its SHA-256 and row count; the [`Settings`] that decide verdicts
//! (the effective values after `uflpa.toml` and the command line, not argv); the counts by
//! verdict and rejects; a digest of every line's outcome ([`outcome_line`]); each output with
//! its SHA-256; start and end time (UTC, RFC 3339) and the exit code.
//!
//! [`verify`] reads the same inputs with the same settings and pack and says what still
//! matches: the inputs' hashes, the pack's and the lists' hashes, the counts and the digest.
//! The library computes; the binary writes the file and prints.

use crate::Error;
use crate::config::{Config, Policy, Waiver, Watch};
use crate::date::Date;
use crate::input::{Column, DateOrder, DecimalStyle, ReadOptions, Reject, RejectKind, Row, Source};
use crate::output::sink::{RejectSink, Sink};
use crate::rules::{RulePack, Severity};
use crate::summary::Summary;
use crate::verdict::{Outcome, Verdict};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `format` of every audit record.
pub const FORMAT: &str = "uflpa-screen audit record";

/// The version of the record's layout that this tool writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The settings of a run that decide its verdicts, counts and exit code: the values in
/// effect after `uflpa.toml` and the command line were resolved. [`Settings::prepare`] turns
/// them into the pack and policy of a run, so that a run and its verification are built
/// from the same values.
///
/// Paths are as the run used them (relative to its working directory); the record keeps them
/// absolute ([`Settings::absolute`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The run's date (`YYYY-MM-DD`: `--as-of`, `SOURCE_DATE_EPOCH` or the day of the run):
    /// waivers expire against it.
    pub as_of: String,
    /// The rule-pack directory (`--rules`, `rules` of `uflpa.toml`); `None`: the pack
    /// embedded in the binary.
    pub rules: Option<PathBuf>,
    /// The list directory (`--lists`, `[lists] dir`) whose lists replace or join the pack's.
    pub lists: Option<PathBuf>,
    /// The Entity List score at or above which a name match is presumed: `[entity_list]
    /// presume_threshold` of `uflpa.toml`, else the rule pack's (a run records the value in
    /// effect; `None` only in hand-made settings, meaning the pack's).
    pub presume_threshold: Option<f32>,
    /// The score at or above which a name match is a review: `[entity_list]
    /// review_threshold`, else the rule pack's (as [`Settings::presume_threshold`]).
    pub review_threshold: Option<f32>,
    /// `[severity]`: rule code -> `info`, `review`, `presumed` or `off`.
    pub severity: BTreeMap<String, String>,
    /// `[[waiver]]`, in file order.
    pub waivers: Vec<Waiver>,
    /// `[watch]` lists.
    pub watch: Watch,
    /// `--fail-on` or `fail_on`: `presumed`, `review` or `never`.
    pub fail_on: String,
    /// `--exit-zero`, as the user gave it (`report` has no such option: `false`).
    pub exit_zero: bool,
    /// Whether `fail_on` decides the exit code: `true` for `screen`; `false` for `report`,
    /// which exits 0 once written (2 for more unreadable records than `max_rejects`) and
    /// does not gate. A record without the key is read as `true`.
    #[serde(default = "yes")]
    pub gates_exit_code: bool,
    /// Column mappings (`[map]`, then `--map`): (canonical column, header).
    pub map: Vec<(String, String)>,
    /// `--encoding`, by its WHATWG name; `None`: detected per file.
    pub encoding: Option<String>,
    /// `--delimiter`, the character itself; `None`: detected per file.
    pub delimiter: Option<String>,
    /// `--decimal`: `auto`, `point` or `comma`.
    pub decimal: String,
    /// `--date-order`: `auto`, `mdy` or `dmy`.
    pub date_order: String,
    /// `--header-row`.
    pub header_row: Option<u64>,
    /// `--sheet`.
    pub sheet: Option<String>,
    /// `--max-field-bytes`.
    pub max_field_bytes: usize,
    /// `--max-rows`.
    pub max_rows: Option<u64>,
    /// `--max-rejects`.
    pub max_rejects: u64,
}

fn yes() -> bool {
    true
}

/// A rule pack and policy made from [`Settings`].
#[derive(Debug)]
pub struct Prepared {
    /// The pack with the settings' thresholds, lists and severity overrides applied.
    pub pack: RulePack,
    /// The validated waivers, watch lists and overrides.
    pub policy: Policy,
    /// What the list directory held, when one was given.
    pub lists: Option<crate::lists::apply::Loaded>,
}

impl Settings {
    /// The date of the run. Errors: [`Error::Usage`] when `as_of` is not a `YYYY-MM-DD` date.
    pub fn as_of(&self) -> Result<Date, Error> {
        crate::lists::parse_iso(&self.as_of)
            .ok_or_else(|| Error::Usage(format!("as_of {}: not a YYYY-MM-DD date", self.as_of)))
    }

    /// The lowest severity that fails the run (`None`: `never`). Errors: [`Error::Usage`].
    pub fn fail_at(&self) -> Result<Option<Severity>, Error> {
        match self.fail_on.as_str() {
            "presumed" => Ok(Some(Severity::Presumed)),
            "review" => Ok(Some(Severity::Review)),
            "never" => Ok(None),
            other => Err(Error::Usage(format!(
                "fail_on {other}: expected presumed, review or never"
            ))),
        }
    }

    /// The parts of `uflpa.toml` that [`Policy::new`] validates.
    pub fn config(&self) -> Config {
        Config {
            severity: self.severity.clone(),
            waivers: self.waivers.clone(),
            watch: self.watch.clone(),
            ..Config::default()
        }
    }

    /// How the inputs are read. Errors: [`Error::Usage`] for an unknown encoding, column,
    /// delimiter, decimal style or date order.
    pub fn read_options(&self) -> Result<ReadOptions, Error> {
        let encoding = match &self.encoding {
            Some(l) => Some(
                crate::input::encoding_for_label(l)
                    .ok_or_else(|| Error::Usage(format!("encoding {l}: unknown encoding")))?,
            ),
            None => None,
        };
        let mut maps = Vec::new();
        for (c, h) in &self.map {
            let col = Column::from_name(c)
                .ok_or_else(|| Error::Usage(format!("map {c}={h}: unknown column '{c}'")))?;
            maps.push((col, h.clone()));
        }
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
            Some(d) => {
                return Err(Error::Usage(format!(
                    "delimiter {d:?}: expected one ASCII character"
                )));
            }
        };
        Ok(ReadOptions {
            encoding,
            delimiter,
            maps,
            decimal: match self.decimal.as_str() {
                "auto" => DecimalStyle::Auto,
                "point" => DecimalStyle::Point,
                "comma" => DecimalStyle::Comma,
                other => {
                    return Err(Error::Usage(format!(
                        "decimal {other}: expected auto, point or comma"
                    )));
                }
            },
            date_order: match self.date_order.as_str() {
                "auto" => DateOrder::Auto,
                "mdy" => DateOrder::MonthFirst,
                "dmy" => DateOrder::DayFirst,
                other => {
                    return Err(Error::Usage(format!(
                        "date_order {other}: expected auto, mdy or dmy"
                    )));
                }
            },
            max_field_bytes: self.max_field_bytes,
            schema: crate::input::Schema::Manifest,
            header_row: self.header_row,
            sheet: self.sheet.clone(),
        })
    }

    /// The pack (embedded or [`Settings::rules`]) with the thresholds, the list directory and
    /// the severity overrides applied, and the policy validated against it.
    ///
    /// Errors: [`Error::Pack`] (an invalid pack or a missing directory), the errors of
    /// [`crate::lists::apply::use_dir`], [`Error::Config`] for an invalid policy.
    pub fn prepare(&self) -> Result<Prepared, Error> {
        let as_of = self.as_of()?;
        let mut pack = match &self.rules {
            Some(dir) => RulePack::from_dir(dir)?,
            None => RulePack::embedded()?,
        };
        if let Some(p) = self.presume_threshold {
            pack.entity_list.presume_threshold = p;
        }
        if let Some(r) = self.review_threshold {
            pack.entity_list.review_threshold = r;
        }
        let lists = match &self.lists {
            Some(dir) => Some(crate::lists::apply::use_dir(&mut pack, dir)?),
            None => None,
        };
        let policy = Policy::new(&self.config(), &pack, as_of)?;
        crate::verdict::override_severities(&policy, &mut pack);
        Ok(Prepared {
            pack,
            policy,
            lists,
        })
    }

    /// The same settings with the rule-pack and list directories made absolute against
    /// `cwd` (symlinks resolved where they exist), as a record keeps them.
    pub fn absolute(&self, cwd: &Path) -> Settings {
        Settings {
            rules: self.rules.as_deref().map(|p| absolute(cwd, p)),
            lists: self.lists.as_deref().map(|p| absolute(cwd, p)),
            ..self.clone()
        }
    }
}

/// `p` made absolute against `cwd`, with symlinks resolved when it exists.
pub fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = cwd.join(p);
    joined.canonicalize().unwrap_or(joined)
}

/// The tool that wrote a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// `uflpa-screen`.
    pub name: String,
    /// Its version (`CARGO_PKG_VERSION`).
    pub version: String,
}

/// The rule pack of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackRecord {
    /// The pack's id (`uflpa`).
    pub id: String,
    /// The pack's version (`2026.11.0`).
    pub version: String,
    /// The date its facts were checked.
    pub facts_as_of: String,
    /// `embedded` or the directory's absolute path.
    pub source: String,
    /// SHA-256 of its files ([`crate::rules::PackFiles::sha256`]).
    pub sha256: String,
}

impl PackRecord {
    /// The record of `pack`; `source` is `embedded` or the directory.
    pub fn of(pack: &RulePack, source: &str) -> PackRecord {
        PackRecord {
            id: pack.meta.id.clone(),
            version: pack.meta.version.clone(),
            facts_as_of: pack.meta.facts_as_of.clone(),
            source: source.to_string(),
            sha256: pack.sha256.clone(),
        }
    }
}

/// One entity list used: the UFLPA Entity List (the pack's or a list directory's), a CBP
/// WRO/Finding list, an XPCC affiliate list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRecord {
    /// `UFLPA Entity List`, `CBP WRO/Finding list` or `XPCC affiliate list`.
    pub name: String,
    /// Where its entries come from, as the pack or the list file says.
    pub source: String,
    /// The list file (absolute), `None` for the list embedded in the rule pack.
    pub path: Option<String>,
    /// The date of the list's state, when it has one.
    pub as_of: Option<String>,
    /// Entries.
    pub entries: u64,
    /// SHA-256 of the list's content: the pack's `entity-list.csv`, or the file.
    pub sha256: String,
}

/// One file the run read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputRecord {
    /// `manifest`, `supply chain`, `evidence`, `configuration`, `baseline` or
    /// `changed-since list`. Manifests, supply chain and evidence are screened again by
    /// [`verify`]; the others are recorded for the reader.
    pub role: String,
    /// Absolute path.
    pub path: String,
    /// The path as the command line or `uflpa.toml` named it.
    pub given: String,
    /// SHA-256 of its bytes when the run started.
    pub sha256: String,
    /// Data rows read (manifests: screened, rejected and blank; supply chain and evidence:
    /// used and rejected); `None` for a file that is not screened.
    pub rows: Option<u64>,
    /// Records rejected as unreadable; `None` for a file that is not screened.
    pub rejected: Option<u64>,
    /// For a manifest: the digests of its outcomes in chunks of lines, so that
    /// [`verify`] can say where outcomes changed. Absent for other files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_chunks: Option<OutcomeChunks>,
}

/// The lines a chunk of [`OutcomeChunks`] holds: a 1,000,000-line manifest has 977 chunk
/// digests (about 26 KB of the record), and a difference is located to 1,024 lines.
pub const CHUNK_LINES: u32 = 1024;

/// The outcomes of one manifest in chunks: the screened lines of the manifest in input
/// order, [`OutcomeChunks::lines_per_chunk`] to a chunk (the last may hold fewer); each
/// chunk's digest is the first 16 hex digits of the SHA-256 of its [`outcome_line`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeChunks {
    /// Screened lines per chunk ([`CHUNK_LINES`]).
    pub lines_per_chunk: u32,
    /// One digest per chunk, in order.
    pub digests: Vec<String>,
}

impl InputRecord {
    /// The file is screened (manifest, supply chain, evidence).
    pub fn screened(&self) -> bool {
        matches!(self.role.as_str(), "manifest" | "supply chain" | "evidence")
    }
}

/// Counts of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Manifest rows read (screened, rejected and blank).
    pub rows_read: u64,
    /// Lines `presumed`.
    pub presumed: u64,
    /// Lines `review`.
    pub review: u64,
    /// Lines `clear`.
    pub clear: u64,
    /// Records rejected as unreadable (not screened), manifests, supply chain and evidence.
    pub rejected: u64,
    /// Blank rows.
    pub blank: u64,
    /// Unreadable cells of rows that were screened on their other cells.
    pub unreadable_cells: u64,
    /// Findings accepted by a waiver.
    pub waived_findings: u64,
    /// Lines at or above `fail_on`.
    pub failing_rows: u64,
}

impl Counts {
    /// The counts of `summary`, with `rejected` records of every input (manifests and
    /// upstream files).
    pub fn of(summary: &Summary, rejected: u64) -> Counts {
        Counts {
            rows_read: summary.rows_read,
            presumed: summary.count(Verdict::Presumed),
            review: summary.count(Verdict::Review),
            clear: summary.count(Verdict::Clear),
            rejected,
            blank: summary.blank,
            unreadable_cells: summary.cells,
            waived_findings: summary.waived,
            failing_rows: summary.failing_rows,
        }
    }

    fn pairs(&self) -> [(&'static str, u64); 9] {
        [
            ("rows_read", self.rows_read),
            ("presumed", self.presumed),
            ("review", self.review),
            ("clear", self.clear),
            ("rejected", self.rejected),
            ("blank", self.blank),
            ("unreadable_cells", self.unreadable_cells),
            ("waived_findings", self.waived_findings),
            ("failing_rows", self.failing_rows),
        ]
    }

    /// Every count that differs from `now`: (key, recorded, now).
    pub fn differences(&self, now: &Counts) -> Vec<(&'static str, u64, u64)> {
        self.pairs()
            .iter()
            .zip(now.pairs())
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, b)| (a.0, a.1, b.1))
            .collect()
    }
}

/// One file the run wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputRecord {
    /// The option that named it (`-o`, `--rejects`, `report -o`, `report companion`, ...).
    pub option: String,
    /// Absolute path; `-` for standard output.
    pub path: String,
    /// SHA-256 of the bytes written; `None` for a device or FIFO (written through, not
    /// kept).
    pub sha256: Option<String>,
    /// Bytes written, when known.
    pub bytes: Option<u64>,
}

/// The audit record of one run (see the module documentation). Keys are written in this
/// order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The tool and its version.
    pub tool: Tool,
    /// `screen` or `report`.
    pub command: String,
    /// When the run started (UTC, RFC 3339 with milliseconds).
    pub started: String,
    /// When it ended.
    pub finished: String,
    /// Its exit code (0, 1 or 2).
    pub exit_code: u8,
    /// The rule pack.
    pub rule_pack: PackRecord,
    /// The entity lists used.
    pub entity_lists: Vec<ListRecord>,
    /// Every file read, in the order: manifests, supply chain, evidence, configuration,
    /// baseline, changed-since list.
    pub inputs: Vec<InputRecord>,
    /// The settings in effect (paths absolute).
    pub options: Settings,
    /// Counts by verdict and rejects.
    pub counts: Counts,
    /// SHA-256 of the lines of [`outcome_line`] for every screened line, in input order.
    pub outcomes_sha256: String,
    /// Every file written, with its SHA-256.
    pub outputs: Vec<OutputRecord>,
}

/// A record that cannot be used: the key concerned (`inputs[2].sha256`, `options`) and
/// what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct RecordError {
    /// The key, as a path into the JSON document (`(document)` for the whole of it).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

fn record_error(key: impl Into<String>, message: impl Into<String>) -> RecordError {
    RecordError {
        key: key.into(),
        message: message.into(),
    }
}

/// Deserialize `v` (at `key`) as a `T`; on an error, the key names the field concerned
/// where it can be found: a missing or unknown field from serde's message, an invalid
/// value by trying the object without each of its fields in turn.
fn typed<T: DeserializeOwned>(v: &serde_json::Value, key: &str) -> Result<T, RecordError> {
    let e = match serde_json::from_value::<T>(v.clone()) {
        Ok(t) => return Ok(t),
        Err(e) => e.to_string(),
    };
    let quoted = |prefix: &str| {
        e.strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    if let Some(f) = quoted("missing field `") {
        return Err(record_error(format!("{key}.{f}"), "missing"));
    }
    if let Some(f) = quoted("unknown field `") {
        return Err(record_error(
            format!("{key}.{f}"),
            "unknown key (this tool reads format_version 1)",
        ));
    }
    if let Some(obj) = v.as_object() {
        for k in obj.keys() {
            let mut without = obj.clone();
            without.remove(k);
            let culprit = match serde_json::from_value::<T>(serde_json::Value::Object(without)) {
                Ok(_) => true,
                Err(e2) => e2.to_string().starts_with(&format!("missing field `{k}`")),
            };
            if culprit {
                return Err(record_error(format!("{key}.{k}"), e));
            }
        }
    }
    Err(record_error(key, e))
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Record {
    /// Read a record. Errors name the key: `(document)` for text that is not a JSON object,
    /// `format_version` for a layout this tool does not read, `inputs[1].sha256` for a
    /// missing or malformed value, an unknown key by its name.
    pub fn parse(text: &str) -> Result<Record, RecordError> {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| record_error("(document)", format!("not JSON: {e}")))?;
        let Some(obj) = v.as_object() else {
            return Err(record_error("(document)", "not a JSON object"));
        };
        match obj.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(record_error(
                    "format",
                    format!("\"{other}\" is not \"{FORMAT}\""),
                ));
            }
            None => return Err(record_error("format", "missing (not an audit record?)")),
        }
        match obj.get("format_version").and_then(|f| f.as_u64()) {
            Some(n) if n == u64::from(FORMAT_VERSION) => {}
            Some(n) => {
                return Err(record_error(
                    "format_version",
                    format!("{n}: this tool reads format_version {FORMAT_VERSION}"),
                ));
            }
            None => return Err(record_error("format_version", "missing or not a number")),
        }
        let get = |k: &str| obj.get(k).ok_or_else(|| record_error(k, "missing"));
        let list = |k: &str| -> Result<&Vec<serde_json::Value>, RecordError> {
            get(k)?
                .as_array()
                .ok_or_else(|| record_error(k, "expected a list"))
        };
        let known = [
            "format",
            "format_version",
            "tool",
            "command",
            "started",
            "finished",
            "exit_code",
            "rule_pack",
            "entity_lists",
            "inputs",
            "options",
            "counts",
            "outcomes_sha256",
            "outputs",
        ];
        if let Some(k) = obj.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(record_error(
                k.as_str(),
                "unknown key (this tool reads format_version 1)",
            ));
        }
        let tool = typed(get("tool")?, "tool")?;
        let command = typed(get("command")?, "command")?;
        let started = typed(get("started")?, "started")?;
        let finished = typed(get("finished")?, "finished")?;
        let exit_code = typed(get("exit_code")?, "exit_code")?;
        let rule_pack = typed(get("rule_pack")?, "rule_pack")?;
        let entity_lists = list("entity_lists")?
            .iter()
            .enumerate()
            .map(|(i, x)| typed::<ListRecord>(x, &format!("entity_lists[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let inputs = list("inputs")?
            .iter()
            .enumerate()
            .map(|(i, x)| typed::<InputRecord>(x, &format!("inputs[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let options = typed(get("options")?, "options")?;
        let counts = typed(get("counts")?, "counts")?;
        let outcomes_sha256 = typed(get("outcomes_sha256")?, "outcomes_sha256")?;
        let outputs = list("outputs")?
            .iter()
            .enumerate()
            .map(|(i, x)| typed::<OutputRecord>(x, &format!("outputs[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let r = Record {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            tool,
            command,
            started,
            finished,
            exit_code,
            rule_pack,
            entity_lists,
            inputs,
            options,
            counts,
            outcomes_sha256,
            outputs,
        };
        let mut hashes: Vec<(String, &str)> = vec![
            ("rule_pack.sha256".into(), r.rule_pack.sha256.as_str()),
            ("outcomes_sha256".into(), r.outcomes_sha256.as_str()),
        ];
        for (i, x) in r.inputs.iter().enumerate() {
            hashes.push((format!("inputs[{i}].sha256"), &x.sha256));
        }
        for (i, x) in r.entity_lists.iter().enumerate() {
            hashes.push((format!("entity_lists[{i}].sha256"), &x.sha256));
        }
        if let Some((k, v)) = hashes.into_iter().find(|(_, v)| !is_sha256(v)) {
            return Err(record_error(
                k,
                format!("\"{v}\" is not a SHA-256 (64 lower-case hex digits)"),
            ));
        }
        if !r.inputs.iter().any(|i| i.role == "manifest") {
            return Err(record_error("inputs", "no input with role \"manifest\""));
        }
        r.options
            .as_of()
            .map_err(|_| record_error("options.as_of", "not a YYYY-MM-DD date"))?;
        r.options
            .fail_at()
            .map_err(|e| record_error("options.fail_on", e.to_string()))?;
        r.options
            .read_options()
            .map_err(|e| record_error("options", e.to_string()))?;
        Ok(r)
    }

    /// The record as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// The parts of a record's file name, `uflpa-audit-20261120T093005Z-3fa9c2d1e0b4.json` (or
/// `...-3fa9c2d1e0b4-1.json` when a record of that name existed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordName {
    /// The UTC time the run started, `20261120T093005`.
    pub stamp: String,
    /// The first 12 hex digits of the SHA-256 of the record's bytes.
    pub hash: String,
}

impl RecordName {
    /// The parts of `name`, or `None` for a name that is not a record's.
    pub fn parse(name: &str) -> Option<RecordName> {
        let rest = name.strip_prefix("uflpa-audit-")?.strip_suffix(".json")?;
        let (stamp, rest) = rest.split_once("Z-")?;
        let hash = rest.get(..12)?;
        let after = &rest[12..];
        let ok_stamp = stamp.len() == 15
            && stamp.bytes().enumerate().all(|(i, b)| match i {
                8 => b == b'T',
                _ => b.is_ascii_digit(),
            });
        let ok_hash = hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let ok_after = after.is_empty()
            || after
                .strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        (ok_stamp && ok_hash && ok_after).then(|| RecordName {
            stamp: stamp.to_string(),
            hash: hash.to_string(),
        })
    }

    /// The name's time stamp for a record that started at `started` (RFC 3339).
    pub fn stamp_of(started: &str) -> String {
        started
            .chars()
            .take(19)
            .filter(|c| *c != '-' && *c != ':')
            .collect()
    }
}

/// What [`Record::integrity`] found: hand edits (the record contradicts its file name or
/// itself) and notes (what could not be checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Integrity {
    /// Each contradiction, naming the keys concerned.
    pub edited: Vec<String>,
    /// What could not be checked, and why.
    pub notes: Vec<String>,
}

impl Record {
    /// Check a record read from the file `file_name` whose bytes are `bytes`: its content
    /// against the hash and time in its name, and its exit code, counts and options against
    /// each other ([`Record::inconsistencies`]).
    pub fn integrity(&self, file_name: &str, bytes: &[u8]) -> Integrity {
        let mut out = Integrity::default();
        match RecordName::parse(file_name) {
            Some(n) => {
                let now = hex(&sha2::Sha256::digest(bytes));
                if !now.starts_with(&n.hash) {
                    out.edited.push(format!(
                        "the content does not match the hash in the file name: the SHA-256 of the file is {}..., the name says {}... (the record was changed after it was written)",
                        &now[..12],
                        n.hash
                    ));
                }
                let want = RecordName::stamp_of(&self.started);
                if n.stamp != want {
                    out.edited.push(format!(
                        "started is {} but the file name says the run started at {}Z",
                        self.started, n.stamp
                    ));
                }
            }
            None => out.notes.push(format!(
                "the file name {file_name} is not a record's (uflpa-audit-<time>Z-<12 hex digits>.json): renamed, so its content cannot be checked against the hash its name carried"
            )),
        }
        out.edited.extend(self.inconsistencies());
        out
    }

    /// What in the record contradicts the rest of it: the counts by verdict against the
    /// rows read and the inputs' rows and rejects, `failing_rows` against `fail_on`, and
    /// the exit code against the counts and options (how `screen` and `report` choose it).
    /// Each entry names the keys.
    pub fn inconsistencies(&self) -> Vec<String> {
        let mut out = Vec::new();
        let c = &self.counts;
        let o = &self.options;
        let manifests: Vec<&InputRecord> = self
            .inputs
            .iter()
            .filter(|i| i.role == "manifest")
            .collect();
        let rows: Option<u64> = manifests.iter().map(|i| i.rows).sum();
        if let Some(rows) = rows.filter(|r| *r != c.rows_read) {
            out.push(format!(
                "counts.rows_read is {} but the manifests' inputs[].rows add up to {rows}",
                c.rows_read
            ));
        }
        let rejected: Option<u64> = self
            .inputs
            .iter()
            .filter(|i| i.screened())
            .map(|i| i.rejected)
            .sum();
        if let Some(r) = rejected.filter(|r| *r != c.rejected) {
            out.push(format!(
                "counts.rejected is {} but the inputs' inputs[].rejected add up to {r}",
                c.rejected
            ));
        }
        let manifest_rejected: Option<u64> = manifests.iter().map(|i| i.rejected).sum();
        if let Some(mr) = manifest_rejected {
            let lines = c.presumed + c.review + c.clear;
            if lines + c.blank + mr != c.rows_read {
                out.push(format!(
                    "counts.presumed + review + clear ({lines}), blank ({}) and the manifests' rejected records ({mr}) do not add up to counts.rows_read ({})",
                    c.blank, c.rows_read
                ));
            }
        }
        let failing = match o.fail_on.as_str() {
            "presumed" => Some((c.presumed, "every presumed line (counts.presumed)")),
            "review" => Some((
                c.presumed + c.review,
                "every presumed and review line (counts.presumed + counts.review)",
            )),
            "never" => Some((0, "no line")),
            _ => None,
        };
        if let Some((want, what)) = failing.filter(|(w, _)| *w != c.failing_rows) {
            out.push(format!(
                "counts.failing_rows is {} but options.fail_on \"{}\" fails {what}: {want}",
                c.failing_rows, o.fail_on
            ));
        }
        let wrote_baseline = self.outputs.iter().any(|x| x.option == "--write-baseline");
        let against = self
            .inputs
            .iter()
            .find(|i| i.role == "baseline" || i.role == "changed-since list");
        let (allowed, why): (&[u8], String) = if c.rejected > o.max_rejects {
            (
                &[2],
                format!(
                    "counts.rejected {} is more than options.max_rejects {}",
                    c.rejected, o.max_rejects
                ),
            )
        } else if !o.gates_exit_code {
            (
                &[0],
                format!(
                    "{} does not gate (options.gates_exit_code false)",
                    self.command
                ),
            )
        } else if o.exit_zero {
            (&[0], "options.exit_zero is true".to_string())
        } else if wrote_baseline {
            (
                &[0],
                "the run wrote a baseline (--write-baseline)".to_string(),
            )
        } else if c.failing_rows == 0 {
            (&[0], "counts.failing_rows is 0".to_string())
        } else if let Some(i) = against {
            (
                &[0, 1],
                format!(
                    "only new or changed failing lines fail against the {}",
                    i.role
                ),
            )
        } else {
            (
                &[1],
                format!(
                    "counts.failing_rows is {} with options.fail_on \"{}\"",
                    c.failing_rows, o.fail_on
                ),
            )
        };
        if !allowed.contains(&self.exit_code) {
            let want: Vec<String> = allowed.iter().map(u8::to_string).collect();
            out.push(format!(
                "exit_code is {} but {why}: the run exits {}",
                self.exit_code,
                want.join(" or ")
            ));
        }
        out
    }
}

/// The line of one screened row in the outcome digest: the manifest's index among the
/// run's manifests (from 0), the row's physical line, its verdict, the distinct codes of
/// its findings (`;`-separated, as the CSV output's `codes` cell) and the distinct codes of
/// the findings a waiver accepted, tab-separated, ending with a newline:
/// `0\t3\tpresumed\tXJ102;HP202\t\n`.
pub fn outcome_line(file: usize, source_line: u64, o: &Outcome) -> String {
    let mut codes = String::new();
    o.push_codes(&mut codes);
    let mut waived: Vec<&str> = Vec::new();
    for f in o.findings.iter().filter(|f| f.waived.is_some()) {
        if !waived.contains(&f.code.as_str()) {
            waived.push(&f.code);
        }
    }
    format!(
        "{file}\t{source_line}\t{}\t{codes}\t{}\n",
        o.verdict,
        waived.join(";")
    )
}

/// One chunk of a manifest's outcomes as a run saw it ([`OutcomeChunks`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The first 16 hex digits of the SHA-256 of its outcome lines.
    pub digest: String,
    /// The physical line of its first screened row.
    pub first_line: u64,
    /// The physical line of its last screened row.
    pub last_line: u64,
}

/// What [`Recorder`] saw: the outcome digest, the rows screened per manifest and each
/// manifest's chunk digests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcomes {
    /// SHA-256 (hex) of every [`outcome_line`], in input order.
    pub sha256: String,
    /// Rows screened, per manifest (in the order of the run's manifests).
    pub rows: Vec<u64>,
    /// Per manifest, its chunks of [`Recorder`]'s lines per chunk.
    pub chunks: Vec<Vec<Chunk>>,
    /// Screened lines per chunk.
    pub lines_per_chunk: u32,
}

impl Outcomes {
    /// The chunk digests of manifest `file`, as a record keeps them.
    pub fn chunk_record(&self, file: usize) -> OutcomeChunks {
        OutcomeChunks {
            lines_per_chunk: self.lines_per_chunk,
            digests: self
                .chunks
                .get(file)
                .map(|c| c.iter().map(|c| c.digest.clone()).collect())
                .unwrap_or_default(),
        }
    }
}

/// The chunk being hashed for one manifest.
struct OpenChunk {
    hash: sha2::Sha256,
    lines: u32,
    first_line: u64,
    last_line: u64,
}

impl OpenChunk {
    fn close(self) -> Chunk {
        Chunk {
            digest: hex(&self.hash.finalize())[..16].to_string(),
            first_line: self.first_line,
            last_line: self.last_line,
        }
    }
}

/// Passes every row on to `inner` and adds its [`outcome_line`] to the digest and to its
/// manifest's chunk digest. It has no row formatter, so rows reach it (and `inner`) one by
/// one, in input order.
pub struct Recorder<'a> {
    inner: &'a mut dyn Sink,
    hash: sha2::Sha256,
    rows: Vec<u64>,
    lines_per_chunk: u32,
    chunks: Vec<Vec<Chunk>>,
    open: Vec<Option<OpenChunk>>,
}

impl<'a> Recorder<'a> {
    /// A recorder in front of `inner`, with chunks of [`CHUNK_LINES`].
    pub fn new(inner: &'a mut dyn Sink) -> Recorder<'a> {
        Recorder::with_chunks(inner, CHUNK_LINES)
    }

    /// A recorder with chunks of `lines_per_chunk` screened lines (at least 1), as a record
    /// to verify says.
    pub fn with_chunks(inner: &'a mut dyn Sink, lines_per_chunk: u32) -> Recorder<'a> {
        Recorder {
            inner,
            hash: sha2::Sha256::new(),
            rows: Vec::new(),
            lines_per_chunk: lines_per_chunk.max(1),
            chunks: Vec::new(),
            open: Vec::new(),
        }
    }

    /// The digest and counts, once the run is over.
    pub fn finish(mut self) -> Outcomes {
        for (file, open) in self.open.iter_mut().enumerate() {
            if let (Some(c), Some(list)) = (open.take(), self.chunks.get_mut(file)) {
                list.push(c.close());
            }
        }
        Outcomes {
            sha256: hex(&self.hash.finalize()),
            rows: self.rows,
            chunks: self.chunks,
            lines_per_chunk: self.lines_per_chunk,
        }
    }
}

impl Sink for Recorder<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.rows = vec![0; sources.len()];
        self.chunks = vec![Vec::new(); sources.len()];
        self.open = (0..sources.len()).map(|_| None).collect();
        self.inner.begin(sources)
    }
    fn row(&mut self, file: usize, row: &Row, o: &Outcome) -> std::io::Result<()> {
        let line = outcome_line(file, row.source_line, o);
        self.hash.update(line.as_bytes());
        if let Some(n) = self.rows.get_mut(file) {
            *n += 1;
        }
        if let Some(slot) = self.open.get_mut(file) {
            let c = slot.get_or_insert_with(|| OpenChunk {
                hash: sha2::Sha256::new(),
                lines: 0,
                first_line: row.source_line,
                last_line: row.source_line,
            });
            c.hash.update(line.as_bytes());
            c.lines += 1;
            c.last_line = row.source_line;
            if c.lines >= self.lines_per_chunk {
                if let (Some(done), Some(list)) = (slot.take(), self.chunks.get_mut(file)) {
                    list.push(done.close());
                }
            }
        }
        self.inner.row(file, row, o)
    }
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.inner.finish(summary)
    }
}

/// A sink that keeps nothing (a verification needs only the [`Recorder`]'s digest).
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn begin(&mut self, _: &[Source]) -> std::io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: usize, _: &Row, _: &Outcome) -> std::io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// Passes every reject on to `inner` and counts unreadable records and blank rows per file.
pub struct RejectCounter<'a> {
    inner: &'a mut dyn RejectSink,
    /// Per file: (records rejected, blank rows).
    pub by_file: BTreeMap<PathBuf, (u64, u64)>,
}

impl<'a> RejectCounter<'a> {
    /// A counter in front of `inner`.
    pub fn new(inner: &'a mut dyn RejectSink) -> RejectCounter<'a> {
        RejectCounter {
            inner,
            by_file: BTreeMap::new(),
        }
    }
}

impl RejectSink for RejectCounter<'_> {
    fn reject(&mut self, path: &Path, r: &Reject) -> std::io::Result<()> {
        let e = self.by_file.entry(path.to_path_buf()).or_default();
        match r.kind {
            RejectKind::Invalid => e.0 += 1,
            RejectKind::Cell => {}
            _ => e.1 += 1,
        }
        self.inner.reject(path, r)
    }
}

/// Records rejected in every input: the manifests' (`summary`) and the supply chain's and
/// evidence's (`upstream`).
pub fn rejected_total(summary: &Summary, upstream: &[(PathBuf, Reject)]) -> u64 {
    summary.rejected
        + upstream
            .iter()
            .filter(|(_, r)| r.kind == RejectKind::Invalid)
            .count() as u64
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 (lower-case hex) of a file's bytes and their number. Errors: [`Error::Io`]
/// naming the file.
pub fn sha256_file(path: &Path) -> Result<(String, u64), Error> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((hex(&h.finalize()), n))
}

/// `t` as UTC in RFC 3339 with milliseconds: `2026-11-20T09:30:05.120Z`.
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    let day = Date::from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}.{:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        d.subsec_millis()
    )
}

/// The entity lists of `pack` as a record names them: the UFLPA Entity List (embedded, or
/// the list directory's `entity-list.csv`) and the list directory's WRO and XPCC lists.
/// `files` are the list files read with their SHA-256: (absolute path as shown, sha256).
pub fn list_records(pack: &RulePack, lists: &[(PathBuf, String)]) -> Vec<ListRecord> {
    let file = |name: &str| {
        lists
            .iter()
            .find(|(p, _)| p.file_name().is_some_and(|n| n == name))
    };
    let mut out = vec![ListRecord {
        name: "UFLPA Entity List".into(),
        source: pack.entity_list.source.clone(),
        path: file(crate::lists::ENTITY_LIST_FILE).map(|(p, _)| p.display().to_string()),
        as_of: Some(pack.entity_list.as_of.clone()),
        entries: pack.entity_list.entities as u64,
        sha256: pack.entity_list.sha256.clone(),
    }];
    let u = &pack.user_lists;
    if let Some((p, h)) = file(crate::lists::user::WRO_FILE) {
        out.push(ListRecord {
            name: "CBP WRO/Finding list".into(),
            source: u.wro_file.clone(),
            path: Some(p.display().to_string()),
            as_of: None,
            entries: u.wro.len() as u64,
            sha256: h.clone(),
        });
    }
    if let Some((p, h)) = file(crate::lists::user::XPCC_FILE) {
        out.push(ListRecord {
            name: "XPCC affiliate list".into(),
            source: u.xpcc_file.clone(),
            path: Some(p.display().to_string()),
            as_of: None,
            entries: u.xpcc.len() as u64,
            sha256: h.clone(),
        });
    }
    out
}

/// A hash now and as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashCheck {
    /// What is hashed, for people: `inputs[0] (manifest /data/m.csv)`, `rule pack`.
    pub what: String,
    /// As recorded.
    pub recorded: String,
    /// Now; `None` when there is nothing to hash now (see [`HashCheck::gone`]).
    pub now: Option<String>,
    /// Why there is no hash now: `the file is no longer there`, `not in use now`.
    pub gone: &'static str,
}

impl HashCheck {
    /// The hashes are the same.
    pub fn same(&self) -> bool {
        self.now.as_deref() == Some(self.recorded.as_str())
    }
}

/// A chunk of a manifest's outcomes that differs between the record and the re-run
/// ([`OutcomeChunks`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkDifference {
    /// The manifest's key in the record: `inputs[1]`.
    pub input: String,
    /// The manifest's path.
    pub path: String,
    /// The chunk's number, from 0.
    pub chunk: usize,
    /// The number (from 1) of the chunk's first screened line in the manifest.
    pub first_row: u64,
    /// The physical lines the chunk covers in the input as read now: (first, last); `None`
    /// when the input now has fewer screened lines than the record.
    pub lines: Option<(u64, u64)>,
    /// The record has no such chunk: the input now has more screened lines.
    pub not_in_record: bool,
}

/// What [`verify`] found.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The screened inputs (manifests, supply chain, evidence).
    pub inputs: Vec<HashCheck>,
    /// Files recorded for the reader only (configuration, baseline, changed-since list):
    /// a change or a deletion is said, but the re-run uses the record's settings, not these
    /// files.
    pub others: Vec<HashCheck>,
    /// The rule pack's files now in use against the recorded.
    pub pack: HashCheck,
    /// The pack's version now (`uflpa 2026.11.0`).
    pub pack_version: String,
    /// Each recorded entity list against the one now in use.
    pub lists: Vec<HashCheck>,
    /// Lists in use now that the record does not name: (name, path or "in the rule pack").
    pub lists_added: Vec<(String, String)>,
    /// The counts of the re-run.
    pub counts: Counts,
    /// Counts that differ: (key, recorded, now).
    pub count_differences: Vec<(&'static str, u64, u64)>,
    /// The outcome digest of the re-run.
    pub outcomes_sha256: String,
    /// The digest is the recorded one.
    pub outcomes_same: bool,
    /// Where the outcomes differ, chunk by chunk, in input order (every differing chunk);
    /// empty when the record holds no chunk digests or none differs.
    pub chunk_differences: Vec<ChunkDifference>,
    /// The record holds chunk digests for its manifests (records written before them do
    /// not).
    pub has_chunks: bool,
}

impl Verification {
    /// Everything matches: inputs, pack, lists, counts and the per-line outcomes.
    pub fn confirmed(&self) -> bool {
        self.inputs.iter().all(HashCheck::same)
            && self.pack.same()
            && self.lists.iter().all(HashCheck::same)
            && self.lists_added.is_empty()
            && self.count_differences.is_empty()
            && self.outcomes_same
    }
}

/// The chunks of the record's manifests that differ from the re-run's `now` (per manifest,
/// in the order of the run's manifests).
fn chunk_differences(record: &Record, now: &Outcomes) -> Vec<ChunkDifference> {
    let mut out = Vec::new();
    let manifests = record
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, i)| i.role == "manifest");
    for (m, (key, input)) in manifests.enumerate() {
        let Some(rec) = &input.outcome_chunks else {
            continue;
        };
        let per = u64::from(rec.lines_per_chunk.max(1));
        let current = now.chunks.get(m).map_or(&[][..], Vec::as_slice);
        for k in 0..rec.digests.len().max(current.len()) {
            let (was, is) = (rec.digests.get(k), current.get(k));
            if was.is_some() && was == is.map(|c| &c.digest) {
                continue;
            }
            out.push(ChunkDifference {
                input: format!("inputs[{key}]"),
                path: input.path.clone(),
                chunk: k,
                first_row: k as u64 * per + 1,
                lines: is.map(|c| (c.first_line, c.last_line)),
                not_in_record: was.is_none(),
            });
        }
    }
    out
}

/// Re-run the screening of `record` with its settings, inputs and (the current) pack, on
/// `threads` threads, and compare. A configuration, baseline or changed-since list that is
/// gone is said (in [`Verification::others`]), not an error: the re-run uses the record's
/// settings. Errors: [`Error::Input`] naming the file and the key for a screened input
/// that is missing or unreadable; the errors of [`Settings::prepare`] and of the run
/// itself.
pub fn verify(record: &Record, threads: usize) -> Result<Verification, Error> {
    let mut inputs = Vec::new();
    let mut others = Vec::new();
    let (mut manifests, mut chain, mut evidence) = (Vec::new(), None, None);
    for (i, x) in record.inputs.iter().enumerate() {
        let path = PathBuf::from(&x.path);
        let key = format!("inputs[{i}].path");
        let what = format!("inputs[{i}] ({} {})", x.role, x.path);
        if !x.screened() && !path.exists() {
            others.push(HashCheck {
                what,
                recorded: x.sha256.clone(),
                now: None,
                gone: "the file is no longer there",
            });
            continue;
        }
        if !path.is_file() {
            return Err(Error::input(
                &path,
                format!(
                    "the {} of the record ({key}) is missing or not a file",
                    x.role
                ),
            ));
        }
        let (now, _) = sha256_file(&path).map_err(|e| match e {
            Error::Io { source, .. } => {
                Error::input(&path, format!("{} ({key}): {source}", x.role))
            }
            other => other,
        })?;
        let check = HashCheck {
            what,
            recorded: x.sha256.clone(),
            now: Some(now),
            gone: "",
        };
        match x.role.as_str() {
            "manifest" => manifests.push(path),
            "supply chain" => chain = Some(path),
            "evidence" => evidence = Some(path),
            _ => {}
        }
        if x.screened() {
            inputs.push(check);
        } else {
            others.push(check);
        }
    }
    for (key, dir) in [
        ("options.rules", &record.options.rules),
        ("options.lists", &record.options.lists),
    ] {
        if let Some(d) = dir.as_deref().filter(|d| !d.is_dir()) {
            return Err(Error::input(
                d,
                format!("the directory of the record's {key} is missing or not a directory"),
            ));
        }
    }
    let prepared = record.options.prepare().map_err(|e| {
        Error::Config(format!(
            "the record's options (options.rules, options.lists, options.severity, options.waivers, options.watch) cannot be used now: {}",
            e.for_humans()
        ))
    })?;
    let pack = &prepared.pack;
    let pack_check = HashCheck {
        what: "rule pack".into(),
        recorded: record.rule_pack.sha256.clone(),
        now: Some(pack.sha256.clone()),
        gone: "",
    };
    let pack_version = format!("{} {}", pack.meta.id, pack.meta.version);
    let mut list_files = Vec::new();
    for f in prepared.lists.iter().flat_map(|l| &l.files) {
        list_files.push((absolute(Path::new("."), f), sha256_file(f)?.0));
    }
    let now_lists = list_records(pack, &list_files);
    let lists = record
        .entity_lists
        .iter()
        .map(|r| {
            let now = now_lists
                .iter()
                .find(|n| n.name == r.name)
                .map(|n| n.sha256.clone());
            HashCheck {
                what: format!(
                    "{} ({})",
                    r.name,
                    r.path.as_deref().unwrap_or("in the rule pack")
                ),
                recorded: r.sha256.clone(),
                gone: match &r.path {
                    Some(p) if now.is_none() && !Path::new(p).exists() => {
                        "the file is no longer there"
                    }
                    _ => "not in use now",
                },
                now,
            }
        })
        .collect();
    let lists_added = now_lists
        .iter()
        .filter(|n| !record.entity_lists.iter().any(|r| r.name == n.name))
        .map(|n| {
            (
                n.name.clone(),
                n.path.clone().unwrap_or_else(|| "in the rule pack".into()),
            )
        })
        .collect();
    let fail_at = record.options.fail_at()?;
    let read = record.options.read_options()?;
    let screener = crate::Screener::new(prepared.pack)?;
    let opened = crate::run::open_inputs(
        &manifests,
        chain.as_deref(),
        evidence.as_deref(),
        &read,
        &screener,
    )?;
    let mut discard = Discard;
    let per = record
        .inputs
        .iter()
        .find_map(|i| i.outcome_chunks.as_ref())
        .map_or(CHUNK_LINES, |c| c.lines_per_chunk);
    let mut recorder = Recorder::with_chunks(&mut discard, per);
    let mut kept: Vec<(PathBuf, Reject)> = Vec::new();
    let summary = crate::run::screen_all_with(
        &screener,
        opened.readers,
        &mut recorder,
        &mut kept,
        crate::run::RunOptions {
            threads: threads.max(1),
            max_rows: record.options.max_rows,
            fail_at,
        },
        crate::run::Upstream {
            chain: opened.chain.as_ref(),
            evidence: opened.evidence.as_ref(),
            policy: Some(&prepared.policy),
            identity: None,
            memo_stats: None,
        },
    )?;
    let outcomes = recorder.finish();
    let counts = Counts::of(&summary, rejected_total(&summary, &opened.upstream_rejects));
    let outcomes_same = outcomes.sha256 == record.outcomes_sha256;
    Ok(Verification {
        inputs,
        others,
        pack: pack_check,
        pack_version,
        lists,
        lists_added,
        count_differences: record.counts.differences(&counts),
        counts,
        chunk_differences: if outcomes_same {
            Vec::new()
        } else {
            chunk_differences(record, &outcomes)
        },
        has_chunks: record.inputs.iter().any(|i| i.outcome_chunks.is_some()),
        outcomes_same,
        outcomes_sha256: outcomes.sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_is_utc_with_milliseconds() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_795_000_000_123);
        assert_eq!(rfc3339(t), "2026-11-18T11:06:40.123Z");
    }

    #[test]
    fn a_bad_value_is_named_by_its_key() {
        let v = serde_json::json!({"name": "uflpa-screen", "version": 7});
        let e = typed::<Tool>(&v, "tool").unwrap_err();
        assert_eq!(e.key, "tool.version");
        let v = serde_json::json!({"name": "uflpa-screen"});
        assert_eq!(typed::<Tool>(&v, "tool").unwrap_err().key, "tool.version");
        let v = serde_json::json!({"name": "x", "version": "1", "extra": 1});
        assert_eq!(typed::<Tool>(&v, "tool").unwrap_err().key, "tool.extra");
    }
}
