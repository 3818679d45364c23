//! Command-line interface.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use uflpa_screen::engine::Verdict;
use uflpa_screen::input::{Column, DateOrder, DecimalStyle, ReadOptions, encoding_for_label};
use uflpa_screen::matchers::region::{Country, TextKind};
use uflpa_screen::output::{self, Format, RejectsCsv};
use uflpa_screen::run::{self, RejectSink};
use uflpa_screen::{Error, RulePack, Screener};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const EXIT_CODES: &str = "\
Exit codes:
  0  nothing at or above --fail-on (or --exit-zero)
  1  at least one row at or above --fail-on (default: presumed)
  2  usage, input or rule-pack error, or more rejected rows than --max-rejects";

/// Screen import manifests and procurement data for UFLPA forced-labour risk.
///
/// Each row gets one verdict: `presumed` (a Xinjiang link: the UFLPA presumption applies),
/// `review` (a high-risk signal without an established link) or `clear`.
#[derive(Parser, Debug)]
#[command(name = "uflpa-screen", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Screen CSV manifests or supplier lists.
    #[command(after_help = EXIT_CODES)]
    Screen(Box<ScreenArgs>),
    /// List the rules of the rule pack.
    Rules {
        /// Print the rules page (docs/rules.md) instead of the list.
        #[arg(long)]
        markdown: bool,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Explain one rule: what it checks, why, an example, how to clear it.
    Explain {
        /// Rule code, e.g. XJ102.
        code: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Look a company name up in the UFLPA Entity List: best candidates, scores, and the
    /// normalisation steps that fired.
    Entity {
        /// The name, as written on the document.
        name: String,
        /// How many candidates to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Write the compliance officer's report (HTML or Markdown) for manifests.
    Report(Box<ReportArgs>),
    /// Write a commented default uflpa.toml in the current directory (or PATH).
    Init {
        /// Where to write it.
        #[arg(default_value = "uflpa.toml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Check one piece of text by hand (an address, a company name, a description).
    Check {
        /// The text.
        text: String,
        /// What the text is.
        #[arg(long = "as", value_enum, default_value_t = TextAs::Address)]
        kind: TextAs,
        /// Country the rest of the record suggests (ISO code or name), e.g. CN.
        #[arg(long)]
        country: Option<String>,
        #[command(flatten)]
        pack: PackArgs,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ReportFormat {
    Html,
    Md,
    Xlsx,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// Where to write the report; the format follows the extension (.html, .md, .xlsx).
    #[arg(long, short, value_name = "PATH")]
    output: PathBuf,
    /// Report format, if not from the extension.
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args, Debug)]
struct PackArgs {
    /// Use the rule pack in DIR instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum TextAs {
    Address,
    Name,
    Goods,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    Table,
    Csv,
    Jsonl,
    Json,
    Sarif,
    Junit,
    Github,
    Gitlab,
    Parquet,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Presumed,
    Review,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DecimalArg {
    Auto,
    Point,
    Comma,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DateOrderArg {
    Auto,
    Mdy,
    Dmy,
}

#[derive(Args, Debug)]
struct ScreenArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Write the output to PATH (atomically) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Lowest verdict that makes the exit code 1 [default: presumed, or fail_on in uflpa.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Fail only on findings that are not in this baseline (a file written by --write-baseline
    /// or --format json).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the findings of this run as a baseline (JSON) to FILE.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Exit 0 whatever is found (report-only runs); errors still exit 2.
    #[arg(long)]
    exit_zero: bool,
    #[command(flatten)]
    input: InputArgs,
}

/// What is read and how: shared by `screen` and `report`.
#[derive(Args, Debug)]
struct InputArgs {
    /// CSV files to screen.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Configuration file [default: ./uflpa.toml if it exists].
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(flatten)]
    pack: PackArgs,
    /// Map a canonical column to a header the aliases do not cover, e.g.
    /// `--map supplier="Ship From Party"`. Repeatable.
    #[arg(long = "map", value_name = "CANONICAL=HEADER")]
    maps: Vec<String>,
    /// Input encoding (utf-8, gb18030, gbk, windows-1252, ...); detected if not given.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Field delimiter (`,`, `;`, `tab`, `|`); detected if not given.
    #[arg(long, value_name = "CHAR")]
    delimiter: Option<String>,
    /// Decimal separator of values and quantities; `auto` decides from the file and
    /// rejects values that could be read either way.
    #[arg(long, value_enum, default_value_t = DecimalArg::Auto)]
    decimal: DecimalArg,
    /// Order of slash dates (03/04/2024); `auto` decides from the file.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto)]
    date_order: DateOrderArg,
    /// Write rows that cannot be read to PATH (CSV: file, line, row, column, kind, reason, raw).
    #[arg(long, value_name = "PATH")]
    rejects: Option<PathBuf>,
    /// How many unreadable rows are tolerated before the exit code is 2.
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_rejects: u64,
    /// Largest field accepted, in bytes; a larger one rejects its row.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    max_field_bytes: usize,
    /// Stop with an error (exit 2) after this many rows, all files together.
    #[arg(long, value_name = "N")]
    max_rows: Option<u64>,
    /// Upstream tiers of the manifest lines (CSV: shipment_id, line, tier, role, party,
    /// address, country, material, optional parent). Every tier is screened.
    #[arg(long, value_name = "FILE")]
    supply_chain: Option<PathBuf>,
    /// Documents on file (CSV: shipment_id, line, document_type, reference, optional tier);
    /// the output lists what an applicability review still needs.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
    /// Threads that screen rows (0 = one per CPU). Results and their order are the same for
    /// any number.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
}

fn load_pack(args: &PackArgs) -> Result<RulePack> {
    Ok(match &args.rules {
        Some(dir) => RulePack::from_dir(dir).map_err(Error::Pack)?,
        None => RulePack::embedded().map_err(Error::Pack)?,
    })
}

pub fn run() -> Result<u8> {
    let cli = Cli::parse();
    match cli.command {
        Command::Screen(args) => screen(*args, None),
        Command::Report(r) => {
            let r = *r;
            let format = match (r.format, r.output.extension().and_then(|e| e.to_str())) {
                (Some(f), _) => f,
                (None, Some("md" | "markdown")) => ReportFormat::Md,
                (None, Some("html" | "htm")) => ReportFormat::Html,
                (None, Some("xlsx")) => ReportFormat::Xlsx,
                (None, _) => {
                    return Err(Error::Usage(format!(
                        "{}: name the format with .html, .md or .xlsx, or pass --format html|md|xlsx",
                        r.output.display()
                    ))
                    .into());
                }
            };
            let args = ScreenArgs {
                format: FormatArg::Table,
                output: None,
                fail_on: Some(FailOn::Never),
                baseline: None,
                write_baseline: None,
                exit_zero: true,
                input: r.input,
            };
            screen(args, Some((r.output, format)))
        }
        Command::Rules {
            markdown: true,
            pack,
        } => {
            print!(
                "{}",
                uflpa_screen::rules::docs::markdown(&load_pack(&pack)?)
            );
            Ok(0)
        }
        Command::Rules { pack, .. } => rules(&load_pack(&pack)?),
        Command::Explain { code, pack } => explain(&load_pack(&pack)?, &code),
        Command::Entity { name, limit, pack } => entity(load_pack(&pack)?, &name, limit),
        Command::Init { path, force } => {
            if path.exists() && !force {
                return Err(Error::Usage(format!(
                    "{} exists; pass --force to overwrite it",
                    path.display()
                ))
                .into());
            }
            std::fs::write(&path, uflpa_screen::config::TEMPLATE)
                .map_err(|e| Error::io(&path, e))?;
            println!("wrote {}", path.display());
            Ok(0)
        }
        Command::Check {
            text,
            kind,
            country,
            pack,
        } => check(load_pack(&pack)?, &text, kind, country.as_deref()),
    }
}

fn parse_maps(maps: &[String]) -> Result<Vec<(Column, String)>> {
    let mut out = Vec::new();
    for m in maps {
        let Some((c, h)) = m.split_once('=') else {
            return Err(Error::Usage(format!("--map {m}: expected CANONICAL=HEADER")).into());
        };
        let Some(col) = Column::from_name(c) else {
            let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
            return Err(Error::Usage(format!(
                "--map {m}: unknown column '{c}'; known: {}",
                known.join(", ")
            ))
            .into());
        };
        out.push((col, h.to_string()));
    }
    Ok(out)
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

/// Same file? Compares canonical paths where both exist.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes through a buffer and, every [`SyncingWriter::EVERY`] bytes, has a helper thread
/// start moving what was written to disk, so that the disk works while the screen does and
/// the sync of [`AtomicOut::commit`] has little left to wait for.
struct SyncingWriter {
    inner: std::io::BufWriter<std::fs::File>,
    since: usize,
    tx: Option<std::sync::mpsc::SyncSender<()>>,
    helper: Option<std::thread::JoinHandle<()>>,
}

impl SyncingWriter {
    const EVERY: usize = 16 << 20;
}

impl Write for SyncingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.since += n;
        if self.since >= Self::EVERY {
            self.since = 0;
            self.inner.flush()?;
            if let Some(tx) = &self.tx {
                // A sync already pending covers this one too.
                let _ = tx.try_send(());
            }
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for SyncingWriter {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(h) = self.helper.take() {
            let _ = h.join();
        }
    }
}

/// A file written atomically: a temporary file beside the target, renamed on success.
struct AtomicOut {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicOut {
    fn create(target: &Path) -> Result<AtomicOut> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".uflpa-screen-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| Error::io(target, e))?;
        Ok(AtomicOut {
            tmp,
            target: target.to_path_buf(),
        })
    }

    fn writer(&self) -> Result<Box<dyn Write>> {
        let clone = || {
            self.tmp
                .as_file()
                .try_clone()
                .map_err(|e| Error::io(&self.target, e))
        };
        let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
        let file = clone()?;
        let helper = std::thread::Builder::new()
            .name("uflpa-sync".into())
            .spawn(move || {
                for () in rx {
                    // Errors show again, and are reported, at the sync of `commit`.
                    let _ = file.sync_data();
                }
            })
            .map_err(|e| Error::io(&self.target, e))?;
        Ok(Box::new(SyncingWriter {
            inner: std::io::BufWriter::with_capacity(1 << 16, clone()?),
            since: 0,
            tx: Some(tx),
            helper: Some(helper),
        }))
    }

    fn commit(self) -> Result<()> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.target, e))?;
        // Temporary files are created private (0600); the result is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(self.tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        self.tmp
            .persist(&self.target)
            .map_err(|e| Error::io(&self.target, e.error))?;
        Ok(())
    }
}

fn screen(args: ScreenArgs, report: Option<(PathBuf, ReportFormat)>) -> Result<u8> {
    use uflpa_screen::config;
    let config_path = match &args.input.config {
        Some(p) => Some(p.clone()),
        None => Some(PathBuf::from("uflpa.toml")).filter(|p| p.is_file()),
    };
    let cfg = match &config_path {
        Some(p) => config::load(p)?,
        None => config::Config::default(),
    };
    let pack_args = PackArgs {
        rules: args
            .input
            .pack
            .rules
            .clone()
            .or_else(|| cfg.rules.as_ref().map(PathBuf::from)),
    };
    let mut pack = load_pack(&pack_args)?;
    if let Some(t) = &cfg.entity_list {
        if let Some(p) = t.presume_threshold {
            pack.entity_list.presume_threshold = p;
        }
        if let Some(r) = t.review_threshold {
            pack.entity_list.review_threshold = r;
        }
    }
    let policy = config::Policy::new(&cfg, &pack, uflpa_screen::input::Date::today())?;
    uflpa_screen::verdict::override_severities(&policy, &mut pack);
    let fail_on = match (args.fail_on, cfg.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, None | Some("presumed")) => FailOn::Presumed,
        (None, Some("review")) => FailOn::Review,
        (None, Some("never")) => FailOn::Never,
        (None, Some(other)) => {
            return Err(Error::Usage(format!(
                "uflpa.toml: fail_on = \"{other}\": expected presumed, review or never"
            ))
            .into());
        }
    };
    let fail_at = match fail_on {
        FailOn::Presumed => Some(uflpa_screen::Severity::Presumed),
        FailOn::Review => Some(uflpa_screen::Severity::Review),
        FailOn::Never => None,
    };
    let baseline: std::collections::HashSet<String> = match &args.baseline {
        Some(p) => read_baseline(p)?,
        None => Default::default(),
    };
    let screener = Screener::new(pack)?;
    let encoding = match &args.input.encoding {
        Some(l) => Some(encoding_for_label(l).ok_or_else(|| {
            Error::Usage(format!(
                "--encoding {l}: unknown encoding; try utf-8, gb18030, gbk or windows-1252"
            ))
        })?),
        None => None,
    };
    let opts = ReadOptions {
        encoding,
        delimiter: args
            .input
            .delimiter
            .as_deref()
            .map(parse_delimiter)
            .transpose()?,
        maps: {
            let mut m = Vec::new();
            for (k, v) in &cfg.map {
                m.push(format!("{k}={v}"));
            }
            m.extend(args.input.maps.iter().cloned());
            parse_maps(&m)?
        },
        decimal: match args.input.decimal {
            DecimalArg::Auto => DecimalStyle::Auto,
            DecimalArg::Point => DecimalStyle::Point,
            DecimalArg::Comma => DecimalStyle::Comma,
        },
        date_order: match args.input.date_order {
            DateOrderArg::Auto => DateOrder::Auto,
            DateOrderArg::Mdy => DateOrder::MonthFirst,
            DateOrderArg::Dmy => DateOrder::DayFirst,
        },
        max_field_bytes: args.input.max_field_bytes,
        schema: uflpa_screen::input::Schema::Manifest,
    };
    let all_inputs: Vec<&PathBuf> = args
        .input
        .files
        .iter()
        .chain(&args.input.supply_chain)
        .chain(&args.input.evidence)
        .collect();
    let report_path = report.as_ref().map(|r| r.0.clone());
    for out in [&args.output, &args.input.rejects, &report_path]
        .into_iter()
        .flatten()
    {
        if let Some(f) = all_inputs.iter().find(|f| same_file(f, out)) {
            return Err(
                Error::Usage(format!("refusing to overwrite input file {}", f.display())).into(),
            );
        }
    }
    // Manifests first (a --map may be meant for the supply chain or evidence file: checked
    // once every file is open).
    let mut readers = Vec::new();
    for p in &args.input.files {
        readers.push(uflpa_screen::input::RowReader::open(p, &opts)?);
    }
    let mut upstream_rejects: Vec<(PathBuf, uflpa_screen::input::Reject)> = Vec::new();
    let mut layouts: Vec<(PathBuf, uflpa_screen::input::Layout)> = readers
        .iter()
        .map(|r| (r.source().path.clone(), r.source().layout.as_ref().clone()))
        .collect();
    let chain = match &args.input.supply_chain {
        Some(p) => {
            let mut rej = Vec::new();
            let region = screener.region();
            let c = uflpa_screen::supply::SupplyChain::load(
                p,
                &opts,
                &|t| region.country_of(t),
                &mut rej,
            )?;
            upstream_rejects.extend(rej.into_iter().map(|r| (p.clone(), r)));
            layouts.push((p.clone(), c.layout.clone()));
            Some(c)
        }
        None => None,
    };
    let evidence = match &args.input.evidence {
        Some(p) => {
            let mut rej = Vec::new();
            let pack = screener.pack();
            let e = uflpa_screen::supply::Evidence::load(
                p,
                &opts,
                &|t| pack.document_id(t).map(str::to_string),
                &mut rej,
            )?;
            upstream_rejects.extend(rej.into_iter().map(|r| (p.clone(), r)));
            layouts.push((p.clone(), e.layout.clone()));
            Some(e)
        }
        None => None,
    };
    run::check_maps(&opts.maps, &layouts)?;
    let format = match args.format {
        FormatArg::Table => Format::Table,
        FormatArg::Csv => Format::Csv,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::Github => Format::Github,
        FormatArg::Gitlab => Format::Gitlab,
        FormatArg::Parquet => Format::Parquet,
    };
    if format == Format::Parquet && args.output.is_none() {
        return Err(Error::Usage(
            "--format parquet writes a binary file: give it with -o FILE.parquet".to_string(),
        )
        .into());
    }

    let out_file = args.output.as_deref().map(AtomicOut::create).transpose()?;
    let rejects_file = args
        .input
        .rejects
        .as_deref()
        .map(AtomicOut::create)
        .transpose()?;
    let stdout = std::io::stdout();
    let writer: Box<dyn Write> = match &out_file {
        Some(f) => f.writer()?,
        None => Box::new(std::io::BufWriter::new(stdout.lock())),
    };
    let documents = chain.is_some() || evidence.is_some();
    let mut sink = if report.is_some() {
        output::sink(
            Format::Jsonl,
            Box::new(std::io::sink()),
            screener.pack(),
            documents,
            fail_at,
        )
    } else {
        output::sink(format, writer, screener.pack(), documents, fail_at)
    };
    let mut report_sink = uflpa_screen::report::ReportSink::default();
    let report_file = report
        .as_ref()
        .map(|r| AtomicOut::create(&r.0))
        .transpose()?;
    let baseline_file = args
        .write_baseline
        .as_deref()
        .map(AtomicOut::create)
        .transpose()?;
    let mut baseline_sink = match &baseline_file {
        Some(f) => Some(output::JsonSink::new(f.writer()?, screener.pack())),
        None => None,
    };
    let progress = std::io::stderr().is_terminal()
        && args
            .input
            .files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum::<u64>()
            > 20 << 20;
    let mut kept: Vec<(PathBuf, uflpa_screen::input::Reject)> = Vec::new();
    let mut rejects_csv = match &rejects_file {
        Some(f) => Some(RejectsCsv::new(f.writer()?)?),
        None => None,
    };
    let summary = {
        let rejects: &mut dyn RejectSink = match rejects_csv.as_mut() {
            Some(r) => r,
            None => &mut kept,
        };
        for (p, r) in &upstream_rejects {
            rejects.reject(p, r)?;
        }
        let threads = match args.input.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let opts = run::RunOptions {
            threads,
            max_rows: args.input.max_rows,
            fail_at,
        };
        let upstream = run::Upstream {
            chain: chain.as_ref(),
            evidence: evidence.as_ref(),
            policy: Some(&policy),
            baseline: args.baseline.is_some().then_some(&baseline),
        };
        let mut sinks: Vec<&mut dyn run::Sink> = vec![sink.as_mut()];
        if report.is_some() {
            sinks.push(&mut report_sink);
        }
        if let Some(b) = baseline_sink.as_mut() {
            sinks.push(b);
        }
        // One sink keeps its row formatter (rows formatted on the screening threads).
        let mut tee = run::Tee(Vec::new());
        let target: &mut dyn run::Sink = if sinks.len() == 1 {
            sinks.remove(0)
        } else {
            tee.0 = sinks;
            &mut tee
        };
        let mut shown = Progress {
            inner: target,
            on: progress,
            rows: 0,
            started: std::time::Instant::now(),
        };
        run::screen_all_with(&screener, readers, &mut shown, rejects, opts, upstream)?
    };
    drop(sink);
    drop(baseline_sink);
    if let (Some((_, fmt)), Some(f)) = (&report, report_file) {
        use uflpa_screen::report;
        let mut inputs = Vec::new();
        for p in args
            .input
            .files
            .iter()
            .chain(&args.input.supply_chain)
            .chain(&args.input.evidence)
        {
            inputs.push(report::InputFile::hash(p)?);
        }
        let lines = std::mem::take(&mut report_sink.lines);
        let figs = report::figures(&lines)?;
        let data = report::ReportData::new(
            screener.pack(),
            inputs,
            summary.clone(),
            lines,
            uflpa_screen::input::Date::today(),
        );
        let bytes = match fmt {
            ReportFormat::Html => report::html(&data, &figs).into_bytes(),
            ReportFormat::Md => report::markdown(&data, &figs).into_bytes(),
            ReportFormat::Xlsx => report::xlsx(&data, &figs)?,
        };
        let mut w = f.writer()?;
        w.write_all(&bytes)?;
        w.flush()?;
        drop(w);
        f.commit()?;
    }
    if let Some(f) = baseline_file {
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

    // Messages for people go to stderr, so machine-readable output stays clean.
    let mut err = std::io::stderr().lock();
    for (path, r) in kept
        .iter()
        .filter(|(_, r)| r.kind == uflpa_screen::input::RejectKind::Invalid)
        .take(20)
    {
        let col = r
            .column
            .as_deref()
            .map(|c| format!(" column '{c}':"))
            .unwrap_or_default();
        writeln!(
            err,
            "rejected: {}:{} (row {}):{col} {}",
            path.display(),
            r.source_line,
            r.row,
            r.reason
        )?;
    }
    if summary.rejected > 20 && args.input.rejects.is_none() {
        writeln!(
            err,
            "rejected: ... and {} more; write them all with --rejects PATH",
            summary.rejected - 20
        )?;
    }
    if format != Format::Table || args.output.is_some() || !std::io::stdout().is_terminal() {
        writeln!(
            err,
            "uflpa-screen: {} rows read: {} presumed, {} review, {} clear, {} rejected{}",
            summary.rows_read,
            summary.count(Verdict::Presumed),
            summary.count(Verdict::Review),
            summary.count(Verdict::Clear),
            summary.rejected,
            if summary.blank > 0 {
                format!(", {} blank", summary.blank)
            } else {
                String::new()
            }
        )?;
    }
    for i in &summary.file_issues {
        writeln!(err, "warning: {i}")?;
    }
    for w in &summary.waiver_issues {
        writeln!(err, "warning: {w}")?;
    }
    if args.baseline.is_some() {
        writeln!(
            err,
            "uflpa-screen: {} failing findings not in the baseline",
            summary.new_findings
        )?;
    }
    let upstream_invalid = upstream_rejects
        .iter()
        .filter(|(_, r)| r.kind == uflpa_screen::input::RejectKind::Invalid)
        .count() as u64;
    if args.input.rejects.is_none() {
        for (p, r) in upstream_rejects
            .iter()
            .filter(|(_, r)| r.kind == uflpa_screen::input::RejectKind::Invalid)
            .take(20)
        {
            writeln!(
                err,
                "rejected: {}:{} (row {}): {}",
                p.display(),
                r.source_line,
                r.row,
                r.reason
            )?;
        }
    }
    let summary_rejected = summary.rejected + upstream_invalid;
    if summary_rejected > args.input.max_rejects {
        writeln!(
            err,
            "error: {} rows could not be read (allowed: {}; see --rejects and --max-rejects)",
            summary_rejected, args.input.max_rejects
        )?;
        return Ok(2);
    }
    if args.exit_zero {
        return Ok(0);
    }
    let failing = if args.baseline.is_some() {
        summary.new_findings
    } else {
        summary.failing_rows
    };
    Ok(if failing > 0 { 1 } else { 0 })
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
            eprint!(
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
            eprint!("\r\x1b[K");
        }
        self.inner.finish(summary)
    }
}

fn read_baseline(path: &Path) -> Result<std::collections::HashSet<String>> {
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

fn rules(pack: &RulePack) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Rule pack {} {} ({}), facts as of {}",
        pack.meta.id, pack.meta.version, pack.origin, pack.meta.facts_as_of
    )?;
    writeln!(out, "{}", pack.meta.title)?;
    let m = &pack.entity_list;
    writeln!(
        out,
        "UFLPA Entity List: as of {}, latest addition {}, {} entities, {} names and aliases; sha256 {}\n",
        m.as_of,
        m.latest_addition,
        m.entities,
        pack.entities
            .iter()
            .map(|e| 1 + e.aliases.split('|').filter(|a| !a.is_empty()).count())
            .sum::<usize>(),
        m.sha256
    )?;
    writeln!(out, "{:<6} {:<9} {:<28} TITLE", "CODE", "SEVERITY", "NAME")?;
    for r in &pack.rules {
        writeln!(
            out,
            "{:<6} {:<9} {:<28} {}",
            r.code,
            r.severity.to_string(),
            r.name,
            r.title
        )?;
    }
    writeln!(out, "\n`uflpa-screen explain CODE` explains a rule.")?;
    Ok(0)
}

fn explain(pack: &RulePack, code: &str) -> Result<u8> {
    let Some(r) = pack.rule(code) else {
        let known: Vec<&str> = pack.rules.iter().map(|r| r.code.as_str()).collect();
        return Err(
            Error::Usage(format!("no rule {code}; known codes: {}", known.join(", "))).into(),
        );
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} {}: {}", r.code, r.name, r.title)?;
    writeln!(
        out,
        "Severity: {} (a finding makes the line `{}`)\n",
        r.severity, r.severity
    )?;
    for (head, body) in [
        ("What it checks", &r.checks),
        ("Why it matters", &r.why),
        ("Example", &r.example),
        ("How to clear it", &r.clear),
        ("Legal basis and sources", &r.citation),
    ] {
        writeln!(out, "{head}\n{}\n", indent(body.trim()))?;
    }
    if let Some(u) = &r.unverified {
        writeln!(out, "Unverified facts\n{}\n", indent(u.trim()))?;
    }
    Ok(0)
}

fn entity(pack: RulePack, name: &str, limit: usize) -> Result<u8> {
    use uflpa_screen::matchers::entity::{MatchKind, normalise};
    let screener = Screener::new(pack)?;
    let pack = screener.pack();
    let m = &pack.entity_list;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "UFLPA Entity List as of {} (latest addition {}; {} entities; sha256 {})",
        m.as_of, m.latest_addition, m.entities, m.sha256
    )?;
    let n = normalise(name);
    writeln!(out, "\nNormalised: {}", n.tokens.join(" "))?;
    if !n.qualifiers.is_empty() {
        writeln!(out, "Qualifiers: {}", n.qualifiers.join(" "))?;
    }
    if n.steps.is_empty() {
        writeln!(out, "Steps: none")?;
    } else {
        writeln!(out, "Steps:")?;
        for s in &n.steps {
            writeln!(out, "  - {s}")?;
        }
    }
    let hits = screener.entity().candidates_of(&n, limit);
    if hits.is_empty() {
        writeln!(out, "\nNo candidate on the list.")?;
        return Ok(0);
    }
    writeln!(out, "\nCandidates:")?;
    let mut worst = 0u8;
    for h in &hits {
        let e = &pack.entities[h.entity];
        let code = uflpa_screen::verdict::entity_code(h.kind);
        let verdict = uflpa_screen::verdict::verdict_of_severity(pack.severity(code.as_str()));
        let how = match h.kind {
            MatchKind::Exact => "exact or alias",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Extension => "extends the listed name",
            MatchKind::Near => "similar",
        };
        let code = format!("{code} {how}");
        if verdict == Verdict::Presumed {
            worst = 1;
        }
        writeln!(
            out,
            "  {:<8} {code}: score {:.2} (recall {:.2}, precision {:.2})",
            verdict.as_str(),
            h.score,
            h.recall,
            h.precision
        )?;
        writeln!(
            out,
            "           {}{}",
            e.name,
            if e.scope.is_empty() {
                String::new()
            } else {
                format!(" {}", e.scope)
            }
        )?;
        writeln!(out, "           matched listed name: {}", h.listed_name)?;
        writeln!(
            out,
            "           sections {}; added {}; {}",
            e.sections.replace('|', ", "),
            e.date_added,
            e.citation
        )?;
        if !e.location.is_empty() {
            writeln!(out, "           location hint: {}", e.location)?;
        }
    }
    Ok(worst)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(pack: RulePack, text: &str, kind: TextAs, country: Option<&str>) -> Result<u8> {
    let screener = Screener::new(pack)?;
    let country = country.map_or(Country::Unknown, |c| screener.region().country_of(c));
    let kind = match kind {
        TextAs::Address => TextKind::Address,
        TextAs::Name => TextKind::Name,
        TextAs::Goods => TextKind::Goods,
    };
    let findings = screener.scan_text("text", text, kind, &country);
    let mut out = std::io::stdout().lock();
    let verdict = Verdict::of(&findings);
    writeln!(out, "{verdict}")?;
    for f in &findings {
        writeln!(out, "  {} {:<8} {}", f.code, f.severity, f.reason)?;
    }
    Ok(if verdict == Verdict::Presumed { 1 } else { 0 })
}
