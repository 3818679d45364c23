//! Resolved settings: the command line, `uflpa.toml` and the environment turned once into
//! the values a run needs (as ripgrep turns its low-level arguments into high-level ones),
//! so that each command reads only these and stays short. Every problem a value can have is
//! found here, before any input is opened.

use super::{DateOrderArg, DecimalArg, FailOn, InputArgs, PackArgs, ReportFormat, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use uflpa_screen::config::{self, Policy};
use uflpa_screen::date::Date;
use uflpa_screen::input::{Column, DateOrder, DecimalStyle, ReadOptions, encoding_for_label};
use uflpa_screen::output::{FailAt, Format};
use uflpa_screen::{Error, RulePack, Screener, Severity};

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
    /// `--baseline`: fingerprints of accepted findings.
    pub baseline: Option<HashSet<String>>,
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
    /// `--exit-zero`.
    pub exit_zero: bool,
    /// The date the run is as of (`--as-of`, `SOURCE_DATE_EPOCH`, or today): waivers expire
    /// against it and reports print it.
    pub as_of: Date,
}

impl Run {
    /// Resolve the arguments of `screen` or `report`.
    pub fn resolve(
        input: InputArgs,
        destination: Destination,
        fail_on: Option<FailOn>,
        baseline: Option<&Path>,
        write_baseline: Option<PathBuf>,
        exit_zero: bool,
    ) -> Result<Run> {
        let as_of = as_of(input.as_of.as_deref())?;
        let config_path = match &input.config {
            Some(p) => Some(p.clone()),
            None => Some(PathBuf::from("uflpa.toml")).filter(|p| p.is_file()),
        };
        let cfg = match &config_path {
            Some(p) => config::load(p)?,
            None => config::Config::default(),
        };
        let mut pack = load_pack(&PackArgs {
            rules: input
                .pack
                .rules
                .clone()
                .or_else(|| cfg.rules.as_ref().map(PathBuf::from)),
        })?;
        if let Some(t) = &cfg.entity_list {
            if let Some(p) = t.presume_threshold {
                pack.entity_list.presume_threshold = p;
            }
            if let Some(r) = t.review_threshold {
                pack.entity_list.review_threshold = r;
            }
        }
        let policy = Policy::new(&cfg, &pack, as_of)?;
        uflpa_screen::verdict::override_severities(&policy, &mut pack);
        let fail_on = match (fail_on, cfg.fail_on.as_deref()) {
            (Some(f), _) => f,
            (None, None | Some("presumed")) => FailOn::Presumed,
            (None, Some("review")) => FailOn::Review,
            (None, Some("never")) => FailOn::Never,
            (None, Some(other)) => {
                return Err(Error::Config(format!(
                    "uflpa.toml: fail_on = \"{other}\": expected presumed, review or never"
                ))
                .into());
            }
        };
        let fail_at = match fail_on {
            FailOn::Presumed => Some(Severity::Presumed),
            FailOn::Review => Some(Severity::Review),
            FailOn::Never => None,
        };
        let baseline = baseline.map(read_baseline).transpose()?;
        let screener = Screener::new(pack)?;
        let read = read_options(&input, &cfg)?;
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
            files: input.files,
            supply_chain: input.supply_chain,
            evidence: input.evidence,
            screener,
            policy,
            fail_at,
            baseline,
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
            exit_zero,
            as_of,
        };
        run.refuse_to_overwrite_inputs()?;
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

    fn refuse_to_overwrite_inputs(&self) -> Result<()> {
        let report = match &self.destination {
            Destination::Report { path, .. } => Some(path),
            Destination::Stream { .. } => None,
        };
        let output = self.output().map(Path::to_path_buf);
        let outputs = [output.as_ref(), self.rejects.as_ref(), report];
        for out in outputs.into_iter().flatten() {
            if let Some(f) = self.inputs().find(|f| super::files::same_file(f, out)) {
                return Err(Error::Usage(format!(
                    "refusing to overwrite input file {}",
                    f.display()
                ))
                .into());
            }
        }
        Ok(())
    }
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
            _ => Err(Error::Usage(format!("--as-of {a}: expected a YYYY-MM-DD date")).into()),
        };
    }
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = s.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH={s}: expected a number of seconds since 1970-01-01"
            ))
        })?;
        return Ok(Date::from_days(secs.div_euclid(86_400)));
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

fn read_baseline(path: &Path) -> Result<HashSet<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::input(
            path,
            format!("not a baseline (JSON from --write-baseline): {e}"),
        )
    })?;
    let findings = v
        .get("findings")
        .and_then(|f| f.as_array())
        .ok_or_else(|| Error::input(path, "not a baseline: no \"findings\" array"))?;
    Ok(findings
        .iter()
        .filter_map(|f| f.get("fingerprint")?.as_str().map(str::to_string))
        .collect())
}
