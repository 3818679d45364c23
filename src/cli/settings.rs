//! Resolved settings: the command line, `uflpa.toml` and the environment turned once into
//! the values a run needs (as ripgrep turns its low-level arguments into high-level ones),
//! so that each command reads only these and stays short. Every problem a value can have is
//! found here, before any input is opened.

use super::{DateOrderArg, DecimalArg, FailOn, InputArgs, PackArgs, ReportFormat, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uflpa_screen::baseline::{Baseline, Identity};
use uflpa_screen::config::{self, Policy};
use uflpa_screen::date::Date;
use uflpa_screen::input::{Column, DateOrder, DecimalStyle, ReadOptions, encoding_for_label};
use uflpa_screen::output::{FailAt, Format};
use uflpa_screen::{Error, RulePack, Screener, Severity, audit, lists};

/// Where the results of a run go.
#[derive(Debug, Clone)]
pub enum Destination {
    /// `screen`: one output format, to a file (`-o`) or standard output.
    Stream {
        /// The format.
        format: Format,
        /// `-o PATH`.
        path: Option<PathBuf>,
    },
    /// `report`: the compliance officer's report.
    Report {
        /// `-o PATH`.
        path: PathBuf,
        /// From `--format` or the extension.
        format: ReportFormat,
    },
}

/// Everything `screen` and `report` need, resolved.
pub struct Run {
    /// How the table is laid out (`--color`, `--only`, the terminal's width).
    pub table: uflpa_screen::output::TableStyle,
    /// The manifests.
    pub files: Vec<PathBuf>,
    /// `--supply-chain`.
    pub supply_chain: Option<PathBuf>,
    /// `--evidence`.
    pub evidence: Option<PathBuf>,
    /// The pack (with the config's thresholds and severity overrides), compiled.
    pub screener: Screener,
    /// `uflpa.toml`, validated.
    pub policy: Policy,
    /// `--fail-on` (or the config's `fail_on`).
    pub fail_at: FailAt,
    /// How findings are identified (fingerprints relative to [`Run::anchor`]), with the
    /// accepted findings of `--baseline`.
    pub identity: Arc<Identity>,
    /// `--baseline` was given.
    pub has_baseline: bool,
    /// How inputs are read.
    pub read: ReadOptions,
    /// Screening threads (at least 1).
    pub threads: usize,
    /// `--max-rows`.
    pub max_rows: Option<u64>,
    /// `--max-rejects`.
    pub max_rejects: u64,
    /// `--rejects PATH`.
    pub rejects: Option<PathBuf>,
    /// Where results go.
    pub destination: Destination,
    /// `--write-baseline PATH`.
    pub write_baseline: Option<PathBuf>,
    /// `--write-json PATH`.
    pub write_json: Option<PathBuf>,
    /// `--summary PATH`.
    pub summary: Option<PathBuf>,
    /// The layout of CSV, JSON Lines and Parquet (`--legacy-output`).
    pub layout: uflpa_screen::output::Layout,
    /// `GITHUB_STEP_SUMMARY`: the job summary a Markdown summary is appended to.
    pub step_summary: Option<PathBuf>,
    /// `--exit-zero`.
    pub exit_zero: bool,
    /// `fail_on` decides the exit code: `screen`; `report` exits 0 once written (2 for too
    /// many unreadable records).
    pub gates: bool,
    /// The configuration file used (`--config` or the nearest `uflpa.toml`).
    pub config: Option<PathBuf>,
    /// The files of the list directory (`--lists`, `[lists] dir`) that the run uses.
    pub list_files: Vec<PathBuf>,
    /// The date the run is as of (`--as-of`, `SOURCE_DATE_EPOCH`, or today): waivers expire
    /// against it and reports print it.
    pub as_of: Date,
    /// `--changed-since OLD_LIST`: the same pack with the old list, compiled.
    pub changed_since: Option<ChangedSince>,
    /// `--stats`.
    pub stats: bool,
    /// The settings that decide verdicts, as resolved (recorded by `--audit`).
    pub settings: audit::Settings,
    /// `--audit DIR` (or `[audit] dir`): what the record needs beyond the settings.
    pub audit: Option<AuditPlan>,
    /// The command, as the audit record names it: `screen` or `report`.
    pub command: &'static str,
}

/// `--audit DIR`, resolved: where the record goes and the files the run reads besides its
/// inputs.
pub struct AuditPlan {
    /// The directory, as given (or relative to the configuration's directory).
    pub dir: PathBuf,
    /// The configuration file used.
    pub config: Option<PathBuf>,
    /// `--baseline`.
    pub baseline: Option<PathBuf>,
    /// `--changed-since`'s list file.
    pub changed_since: Option<PathBuf>,
    /// The list directory's files.
    pub lists: Vec<PathBuf>,
    /// The working directory of the run (paths in the record are absolute).
    pub cwd: PathBuf,
}

/// `--changed-since OLD_LIST`, resolved.
pub struct ChangedSince {
    /// The old list file as named.
    pub path: PathBuf,
    /// Its as-of date.
    pub as_of: Date,
    /// The run's pack and policy with the old list in place of the current one.
    pub screener: Screener,
}

impl Run {
    /// Resolve the arguments of `screen` or `report`.
    pub fn resolve(input: InputArgs, destination: Destination, gate: GateArgs) -> Result<Run> {
        let GateArgs {
            fail_on,
            baseline,
            write_baseline,
            write_json,
            summary,
            legacy_output,
            exit_zero,
            gates,
        } = gate;
        let as_of = as_of(input.as_of.as_deref())?;
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        for (what, p) in input
            .files
            .iter()
            .map(|f| ("manifest", f))
            .chain(input.supply_chain.iter().map(|f| ("--supply-chain", f)))
            .chain(input.evidence.iter().map(|f| ("--evidence", f)))
            .chain(input.config.iter().map(|f| ("--config", f)))
            .chain(baseline.iter().map(|f| ("--baseline", f)))
        {
            must_exist(what, p, &cwd)?;
        }
        let config_path = match &input.config {
            Some(p) => Some(p.clone()),
            None => find_config(&cwd),
        };
        let cfg = match &config_path {
            Some(p) => {
                // Which file was used, on stderr: a config found in a parent directory
                // changes the results.
                let mut err = super::files::stderr();
                let _ = writeln!(err, "uflpa-screen: using config {}", p.display());
                config::load(p)?
            }
            None => config::Config::default(),
        };
        // Paths in the configuration are relative to its directory.
        let config_dir = config_path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let cfg_rules = cfg.rules.as_ref().map(|r| config_dir.join(r));
        let rules_dir = input.pack.rules.clone().or_else(|| cfg_rules.clone());
        let lists_dir = input.lists.clone().or_else(|| {
            cfg.lists
                .as_ref()
                .and_then(|l| l.dir.as_ref())
                .map(|d| config_dir.join(d))
        });
        let fail_on = match (fail_on, cfg.fail_on.as_deref()) {
            (Some(f), _) => f,
            (None, None | Some("presumed")) => FailOn::Presumed,
            (None, Some("review")) => FailOn::Review,
            (None, Some("never")) => FailOn::Never,
            (None, Some(other)) => {
                return Err(Error::Config(format!(
                    "{}: fail_on = \"{}\": expected presumed, review or never",
                    config_path
                        .as_deref()
                        .unwrap_or(Path::new("uflpa.toml"))
                        .display(),
                    uflpa_screen::text::for_humans(other)
                ))
                .into());
            }
        };
        let read = read_options(&input, &cfg)?;
        // The values that decide the verdicts, resolved once: the run is prepared from them,
        // and so is `audit verify`.
        let settings = audit::Settings {
            as_of: as_of.to_string(),
            rules: rules_dir.clone(),
            lists: lists_dir.clone(),
            presume_threshold: cfg.entity_list.and_then(|t| t.presume_threshold),
            review_threshold: cfg.entity_list.and_then(|t| t.review_threshold),
            severity: cfg.severity.clone(),
            waivers: cfg.waivers.clone(),
            watch: cfg.watch.clone(),
            fail_on: match fail_on {
                FailOn::Presumed => "presumed",
                FailOn::Review => "review",
                FailOn::Never => "never",
            }
            .to_string(),
            exit_zero,
            gates_exit_code: gates,
            map: read
                .maps
                .iter()
                .map(|(c, h)| (c.name().to_string(), h.clone()))
                .collect(),
            encoding: read.encoding.map(|e| e.name().to_string()),
            delimiter: read.delimiter.map(|b| char::from(b).to_string()),
            decimal: match input.decimal {
                DecimalArg::Auto => "auto",
                DecimalArg::Point => "point",
                DecimalArg::Comma => "comma",
            }
            .to_string(),
            date_order: match input.date_order {
                DateOrderArg::Auto => "auto",
                DateOrderArg::Mdy => "mdy",
                DateOrderArg::Dmy => "dmy",
            }
            .to_string(),
            header_row: input.header_row,
            sheet: input.sheet.clone(),
            max_field_bytes: input.max_field_bytes,
            max_rows: input.max_rows,
            max_rejects: input.max_rejects,
        };
        let audit_dir = input.audit.clone().or_else(|| {
            cfg.audit
                .as_ref()
                .and_then(|a| a.dir.as_ref())
                .map(|d| config_dir.join(d))
        });
        if audit_dir.is_some() && input.files.iter().any(|f| f == Path::new("-")) {
            return Err(Error::Usage(
                "--audit records the SHA-256 of every input and `audit verify` reads them again: standard input cannot be; save it to a file and screen the file".to_string(),
            )
            .into());
        }
        let audit::Prepared {
            pack,
            policy,
            lists: loaded,
        } = settings.prepare()?;
        // The record keeps the thresholds in effect, the pack's when uflpa.toml sets none.
        let mut settings = settings;
        settings.presume_threshold = Some(pack.entity_list.presume_threshold);
        settings.review_threshold = Some(pack.entity_list.review_threshold);
        let mut list_files: Vec<PathBuf> = Vec::new();
        if let Some(loaded) = loaded {
            let mut err = super::files::stderr();
            for line in &loaded.said {
                let _ = writeln!(err, "uflpa-screen: using {line}");
            }
            for w in &loaded.warnings {
                let _ = writeln!(err, "warning: {w}");
            }
            list_files.extend(loaded.files);
        }
        let max_age = input
            .max_list_age
            .or_else(|| cfg.lists.as_ref().and_then(|l| l.max_age_days))
            .unwrap_or(lists::apply::DEFAULT_MAX_AGE_DAYS);
        for w in lists::apply::age_warnings(&pack.entity_list.as_of, as_of, max_age) {
            let mut err = super::files::stderr();
            let _ = writeln!(err, "warning: {w}");
        }
        let entity_list_files = list_files.clone();
        let changed_since = match &input.changed_since {
            Some(p) => {
                must_exist("--changed-since", p, &cwd)?;
                // A list directory as `--lists` takes it: its entity-list.csv.
                let p = &if p.is_dir() {
                    p.join(lists::ENTITY_LIST_FILE)
                } else {
                    p.clone()
                };
                let old = read_list(p)?;
                let mut old_pack = pack.clone();
                lists::apply::use_list(&mut old_pack, &old, &p.display().to_string());
                list_files.push(p.clone());
                Some(ChangedSince {
                    path: p.clone(),
                    as_of: old.provenance.as_of,
                    screener: Screener::new(old_pack)?,
                })
            }
            None => None,
        };
        let fail_at = match fail_on {
            FailOn::Presumed => Some(Severity::Presumed),
            FailOn::Review => Some(Severity::Review),
            FailOn::Never => None,
        };
        // Fingerprints hash input paths relative to the configuration's directory, else the
        // repository root, else the current directory.
        let anchor = match &config_path {
            Some(p) => absolute(&cwd, &config_dir_of(p)),
            None => repository_root(&cwd).unwrap_or_else(|| cwd.clone()),
        };
        let keys = input
            .files
            .iter()
            .map(|f| fingerprint_path(&cwd, &anchor, f))
            .collect();
        let baseline_path = baseline.clone();
        let baseline = baseline.as_deref().map(read_baseline).transpose()?;
        let has_baseline = baseline.is_some();
        let identity = Arc::new(Identity::new(keys, baseline));
        let screener = Screener::new(pack)?;
        if let Destination::Stream { format, path: None } = &destination {
            if format.is_binary() {
                return Err(Error::Usage(
                    "--format parquet writes a binary file: give it with -o FILE.parquet"
                        .to_string(),
                )
                .into());
            }
        }
        let run = Run {
            table: Default::default(),
            files: input.files,
            supply_chain: input.supply_chain,
            evidence: input.evidence,
            screener,
            policy,
            fail_at,
            identity,
            has_baseline,
            read,
            threads: match input.threads {
                0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
                n => n,
            },
            max_rows: input.max_rows,
            max_rejects: input.max_rejects,
            rejects: input.rejects,
            destination,
            write_baseline,
            write_json,
            summary,
            layout: if legacy_output {
                uflpa_screen::output::Layout::Legacy
            } else {
                uflpa_screen::output::Layout::Current
            },
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            exit_zero,
            gates,
            config: config_path.clone(),
            list_files: entity_list_files.clone(),
            as_of,
            audit: audit_dir.map(|dir| AuditPlan {
                dir,
                config: config_path.clone(),
                baseline: baseline_path.clone(),
                changed_since: changed_since.as_ref().map(|c| c.path.clone()),
                lists: entity_list_files,
                cwd: cwd.clone(),
            }),
            settings,
            command: "screen",
            changed_since,
            stats: input.stats,
        };
        let mut reads: Vec<(&str, PathBuf)> = Vec::new();
        reads.extend(run.files.iter().map(|f| ("manifest", f.clone())));
        reads.extend(
            run.supply_chain
                .iter()
                .map(|f| ("--supply-chain", f.clone())),
        );
        reads.extend(run.evidence.iter().map(|f| ("--evidence", f.clone())));
        reads.extend(config_path.map(|f| ("configuration", f)));
        reads.extend(baseline_path.map(|f| ("--baseline", f)));
        reads.extend(list_files.into_iter().map(|f| ("entity list", f)));
        if let Some(dir) = &rules_dir {
            let names = uflpa_screen::rules::FILE_NAMES;
            reads.extend(names.iter().map(|n| ("rule-pack file", dir.join(n))));
        }
        run.refuse_to_overwrite_inputs(&reads)?;
        Ok(run)
    }

    /// Every file the run reads.
    pub fn inputs(&self) -> impl Iterator<Item = &PathBuf> {
        self.files
            .iter()
            .chain(&self.supply_chain)
            .chain(&self.evidence)
    }

    /// The output format of `screen` (`report` screens into its own collector).
    pub fn format(&self) -> Format {
        match &self.destination {
            Destination::Stream { format, .. } => *format,
            Destination::Report { .. } => Format::Table,
        }
    }

    /// `-o` of `screen`.
    pub fn report_path(&self) -> Option<&Path> {
        match &self.destination {
            Destination::Report { path, .. } => Some(path),
            Destination::Stream { .. } => None,
        }
    }

    pub fn output(&self) -> Option<&Path> {
        match &self.destination {
            Destination::Stream { path, .. } => path.as_deref(),
            Destination::Report { .. } => None,
        }
    }

    /// A supply chain or evidence file is given, so missing documents are shown.
    pub fn documents(&self) -> bool {
        self.supply_chain.is_some() || self.evidence.is_some()
    }

    /// Every file the run writes, with the option that names it.
    pub fn writes(&self) -> Vec<(&'static str, &Path)> {
        let mut out: Vec<(&'static str, &Path)> = Vec::new();
        match &self.destination {
            Destination::Stream { path: Some(p), .. } => out.push(("-o", p)),
            Destination::Stream { path: None, .. } => {}
            Destination::Report { path, .. } => out.push(("report -o", path)),
        }
        out.extend(self.rejects.as_deref().map(|p| ("--rejects", p)));
        out.extend(
            self.write_baseline
                .as_deref()
                .map(|p| ("--write-baseline", p)),
        );
        out.extend(self.write_json.as_deref().map(|p| ("--write-json", p)));
        out.extend(self.summary.as_deref().map(|p| ("--summary", p)));
        out
    }

    /// No file the run writes may be one it reads (a manifest, the supply chain, the
    /// evidence, the configuration, the baseline, a rule-pack file), and no two outputs may
    /// be the same file: paths are compared canonically (symlinks, `..`, a file not yet
    /// created by its directory) and by device and inode (hard links). An output that exists
    /// and is not a regular file (`/dev/null`, a FIFO) is written straight through and
    /// replaces nothing, so it may be shared.
    fn refuse_to_overwrite_inputs(&self, reads: &[(&str, PathBuf)]) -> Result<()> {
        use super::files::FileId;
        let reads: Vec<(&str, &PathBuf, FileId)> =
            reads.iter().map(|(k, p)| (*k, p, FileId::of(p))).collect();
        let writes: Vec<(&str, &Path, FileId)> = self
            .writes()
            .into_iter()
            .map(|(k, p)| (k, p, FileId::of(p)))
            .collect();
        for (i, (opt, out, id)) in writes.iter().enumerate() {
            if id.is_special() {
                continue;
            }
            if let Some((kind, f, _)) = reads.iter().find(|(_, _, r)| r.same(id)) {
                return Err(Error::Usage(format!(
                    "refusing to overwrite input file {}: {opt} {} is the {kind} this run reads",
                    f.display(),
                    out.display()
                ))
                .into());
            }
            if let Some((opt2, out2, _)) = writes[..i].iter().find(|(_, _, o)| o.same(id)) {
                return Err(Error::Usage(format!(
                    "{opt2} {} and {opt} {} are the same file: give each output its own path",
                    out2.display(),
                    out.display()
                ))
                .into());
            }
        }
        Ok(())
    }
}

/// A normalised list file, checked (count and hash).
fn read_list(path: &Path) -> Result<lists::ListFile> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(lists::read(&path.display().to_string(), &text)?)
}

/// The rule pack of `--rules DIR`, or the embedded one.
pub fn load_pack(args: &PackArgs) -> Result<RulePack> {
    Ok(match &args.rules {
        Some(dir) => RulePack::from_dir(dir).map_err(Error::Pack)?,
        None => RulePack::embedded().map_err(Error::Pack)?,
    })
}

/// The date of the run: `--as-of YYYY-MM-DD`, else `SOURCE_DATE_EPOCH` (seconds since
/// 1970-01-01 UTC, the reproducible-builds convention), else today (UTC).
pub fn as_of(arg: Option<&str>) -> Result<Date> {
    if let Some(a) = arg {
        return match uflpa_screen::date::parse_date(a, uflpa_screen::date::DateOrder::Auto) {
            Ok(d) if is_iso_date(a.trim()) => Ok(d),
            _ if is_iso_date(a.trim()) => {
                Err(Error::Usage(format!("--as-of {a}: not a calendar date")).into())
            }
            _ => Err(Error::Usage(format!("--as-of {a}: expected a YYYY-MM-DD date")).into()),
        };
    }
    // Set but empty (a common CI template default) means unset.
    if let Some(s) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .filter(|s| !s.trim().is_empty())
    {
        let secs: i64 = s.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH={s}: expected a number of seconds since 1970-01-01"
            ))
        })?;
        let d = Date::from_days(secs.div_euclid(86_400));
        // Dates outside 1900-2200 are a mistake (milliseconds, a negative number).
        if Date::new(d.year, d.month, d.day).is_none() {
            return Err(Error::Usage(format!(
                "SOURCE_DATE_EPOCH={s}: {d} is not a plausible date (expected seconds since 1970-01-01)"
            ))
            .into());
        }
        return Ok(d);
    }
    Ok(Date::today())
}

/// `YYYY-MM-DD`, digits and dashes in place.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn read_options(input: &InputArgs, cfg: &config::Config) -> Result<ReadOptions> {
    let encoding = match &input.encoding {
        Some(l) => Some(encoding_for_label(l).ok_or_else(|| {
            Error::Usage(format!(
                "--encoding {l}: unknown encoding; try utf-8, gb18030, gbk or windows-1252"
            ))
        })?),
        None => None,
    };
    let mut maps = Vec::new();
    for (k, v) in &cfg.map {
        maps.push(parse_map(k, v, &format!("{k}={v}"))?);
    }
    for m in &input.maps {
        let Some((c, h)) = m.split_once('=') else {
            return Err(Error::Usage(format!("--map {m}: expected CANONICAL=HEADER")).into());
        };
        maps.push(parse_map(c, h, m)?);
    }
    Ok(ReadOptions {
        encoding,
        delimiter: input
            .delimiter
            .as_deref()
            .map(parse_delimiter)
            .transpose()?,
        maps,
        decimal: match input.decimal {
            DecimalArg::Auto => DecimalStyle::Auto,
            DecimalArg::Point => DecimalStyle::Point,
            DecimalArg::Comma => DecimalStyle::Comma,
        },
        date_order: match input.date_order {
            DateOrderArg::Auto => DateOrder::Auto,
            DateOrderArg::Mdy => DateOrder::MonthFirst,
            DateOrderArg::Dmy => DateOrder::DayFirst,
        },
        max_field_bytes: input.max_field_bytes,
        schema: uflpa_screen::input::Schema::Manifest,
        header_row: input.header_row,
        sheet: input.sheet.clone(),
    })
}

/// One column mapping; `shown` is how the user wrote it, for the message.
fn parse_map(canonical: &str, header: &str, shown: &str) -> Result<(Column, String)> {
    let Some(col) = Column::from_name(canonical) else {
        let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        return Err(Error::Usage(format!(
            "--map {shown}: unknown column '{canonical}'; known: {}",
            known.join(", ")
        ))
        .into());
    };
    Ok((col, header.to_string()))
}

fn parse_delimiter(d: &str) -> Result<u8> {
    match d {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        other => Err(Error::Usage(format!(
            "--delimiter {other}: expected one ASCII character or `tab`"
        ))
        .into()),
    }
}

fn read_baseline(path: &Path) -> Result<Baseline> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(Baseline::parse(&text).map_err(|m| Error::input(path, m))?)
}

/// What `screen` and `report` decide about failing and baselines.
pub struct GateArgs {
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--write-baseline FILE`.
    pub write_baseline: Option<PathBuf>,
    /// `--write-json FILE`.
    pub write_json: Option<PathBuf>,
    /// `--summary FILE`.
    pub summary: Option<PathBuf>,
    /// `--legacy-output`.
    pub legacy_output: bool,
    /// `--exit-zero`.
    pub exit_zero: bool,
    /// `fail_on` decides the exit code (`screen`); `report` exits 0 once written.
    pub gates: bool,
}

/// A file the run reads must exist; if it does not, say so with a hint for that option
/// (paths are relative to the current directory, which a CI step may not expect).
fn must_exist(what: &str, path: &Path, cwd: &Path) -> Result<()> {
    if what == "manifest" && path.as_os_str() == "-" {
        return Ok(()); // standard input
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let hint = match what {
                "--baseline" => format!("write one with --write-baseline {}", path.display()),
                "--config" => format!(
                    "`uflpa-screen init {}` writes a commented default; without --config the nearest uflpa.toml in the current or a parent directory is used",
                    path.display()
                ),
                _ => format!(
                    "the {what} path is relative to the current directory, {}",
                    cwd.display()
                ),
            };
            Err(Error::input(path, format!("No such file or directory ({hint})")).into())
        }
        // Other problems (permissions) are reported when the file is opened.
        _ => Ok(()),
    }
}

/// The nearest `uflpa.toml` in `cwd` or a parent directory, not above the repository root
/// (a directory with `.git`), as a path relative to `cwd` (`../../uflpa.toml`).
pub fn find_config(cwd: &Path) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for dir in cwd.ancestors() {
        if dir.join("uflpa.toml").is_file() {
            return Some(rel.join("uflpa.toml"));
        }
        if dir.join(".git").exists() {
            return None;
        }
        rel.push("..");
    }
    None
}

/// The repository root: the nearest of `cwd` and its parents that holds `.git`.
fn repository_root(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The directory of a configuration file (`.` for a bare file name).
fn config_dir_of(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `p` made absolute against `cwd`, with symlinks resolved when it exists.
fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = cwd.join(p);
    joined.canonicalize().unwrap_or(joined)
}

/// The path of a manifest as fingerprints hash it: relative to `anchor`, `/`-separated; a
/// file outside the anchor keeps its path as given.
fn fingerprint_path(cwd: &Path, anchor: &Path, file: &Path) -> String {
    let anchor = anchor
        .canonicalize()
        .unwrap_or_else(|_| anchor.to_path_buf());
    let full = absolute(cwd, file);
    match full.strip_prefix(&anchor) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => file.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_paths_are_relative_to_the_anchor_whatever_the_current_directory() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("data/sub")).unwrap();
        std::fs::write(root.join("data/m.csv"), "a\n").unwrap();
        let from_root = fingerprint_path(&root, &root, Path::new("data/m.csv"));
        let from_sub = fingerprint_path(&root.join("data/sub"), &root, Path::new("../m.csv"));
        assert_eq!(from_root, "data/m.csv");
        assert_eq!(from_sub, "data/m.csv");
        // Outside the anchor: as given.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("x.csv"), "a\n").unwrap();
        let outside = other.path().join("x.csv");
        assert_eq!(
            fingerprint_path(&root, &root.join("data"), &outside),
            outside.display().to_string()
        );
    }

    #[test]
    fn the_nearest_config_is_found_up_to_the_repository_root() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::create_dir_all(root.join("repo/a/b")).unwrap();
        // Above the repository root: never used.
        std::fs::write(root.join("uflpa.toml"), "").unwrap();
        assert_eq!(find_config(&root.join("repo/a/b")), None);
        std::fs::write(root.join("repo/uflpa.toml"), "").unwrap();
        assert_eq!(
            find_config(&root.join("repo/a/b")),
            Some(PathBuf::from("../../uflpa.toml"))
        );
        std::fs::write(root.join("repo/a/uflpa.toml"), "").unwrap();
        assert_eq!(
            find_config(&root.join("repo/a/b")),
            Some(PathBuf::from("../uflpa.toml"))
        );
        assert_eq!(
            find_config(&root.join("repo")),
            Some(PathBuf::from("uflpa.toml"))
        );
    }
}
