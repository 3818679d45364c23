//! Command-line interface: the arguments (this file), their resolution into settings
//! (`settings.rs`), and one short function per command (`screen.rs`, `lookup.rs`); output
//! files are written atomically (`files.rs`).

mod audit;
pub mod files;
mod lists;
mod lookup;
mod screen;
mod settings;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use uflpa_screen::Error;
use uflpa_screen::output::Format;

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
    /// Write the compliance officer's report (HTML, Markdown, Excel or PDF) for manifests; exits 0
    /// once it is written, whatever it found.
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
    /// Entity list files: import the DHS list or OpenSanctions' export, compare two lists
    /// (docs/lists.md).
    #[command(subcommand)]
    Lists(ListsCommand),
    /// Audit records of runs (`--audit DIR`): confirm one by screening it again.
    #[command(subcommand)]
    Audit(AuditCommand),
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

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Check each record against its file name and itself, screen again the inputs it
    /// names, with its settings and the rule pack and lists in use now, and confirm: the
    /// inputs' SHA-256, the pack's and the lists' SHA-256, the counts by verdict and the
    /// digest of every line's outcome. Exit 0 when all match, 1 when something differs
    /// (each difference is named, a hand-edited record as RECORD EDITED), 2 when a record or
    /// an input it names cannot be read; with several records, the worst of them.
    Verify {
        /// The records (JSON files written by --audit DIR).
        #[arg(required = true, value_name = "RECORD")]
        records: Vec<PathBuf>,
        /// Threads that screen rows (0 = one per CPU).
        #[arg(long, value_name = "N", default_value_t = 0)]
        threads: usize,
    },
}

#[derive(Subcommand, Debug)]
enum ListsCommand {
    /// What a new list changes: added, removed, renamed, aliases, sections, scope. Exit 0
    /// when the lists hold the same entities, 1 when they differ, 2 on an unreadable file.
    Diff {
        /// The list before (normalised format).
        old: PathBuf,
        /// The list after.
        new: PathBuf,
    },
    /// Read the UFLPA Entity List as published (the DHS page saved as HTML, its tables as
    /// CSV, OpenSanctions' us_dhs_uflpa export as FtM JSON lines or simple CSV) and write
    /// DIR/entity-list.csv in the normalised format, merged with what the rule pack knows
    /// and cited from its Federal Register table. Screen with it: `screen --lists DIR`.
    Import {
        /// The file as downloaded or saved.
        file: PathBuf,
        /// The list directory to write `entity-list.csv` into (created if missing).
        #[arg(long, short, value_name = "DIR")]
        output: PathBuf,
        /// The date of the source's state (YYYY-MM-DD), when the file does not say it.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[command(flatten)]
        pack: PackArgs,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Md,
    Xlsx,
    Pdf,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// Where to write the report; the format follows the extension (.html, .md, .xlsx, .pdf).
    #[arg(long, short, value_name = "PATH")]
    output: PathBuf,
    /// Report format, if not from the extension.
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args, Debug)]
pub struct PackArgs {
    /// Use the rule pack in DIR instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum TextAs {
    Address,
    Name,
    Goods,
}

/// `--format`: the library's [`Format`], by its names.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|s| s.parse::<Format>().unwrap_or(Format::Table))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Presumed,
    Review,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum DecimalArg {
    Auto,
    Point,
    Comma,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum DateOrderArg {
    Auto,
    Mdy,
    Dmy,
}

#[derive(Args, Debug)]
struct ScreenArgs {
    /// Output format.
    #[arg(long, value_parser = format_parser(), default_value_t = Format::Table)]
    format: Format,
    /// Write the output to PATH (atomically) instead of standard output (`-` is standard
    /// output).
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Lowest verdict that makes the exit code 1 [default: presumed, or fail_on in uflpa.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Fail only on findings that are not in this baseline (a file written by --write-baseline
    /// or --format json).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the findings of this run as a baseline (JSON) to FILE, accepting them all: the
    /// exit code is 0 unless the run fails with an error.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Also write the JSON document (the --format json shape) to FILE, in the same pass; the
    /// exit code is unchanged.
    #[arg(long, value_name = "FILE")]
    write_json: Option<PathBuf>,
    /// Also write the run's summary (one JSON object: files, rows read, rejected, verdicts
    /// with their value by currency, codes, waivers) to FILE; the exit code is unchanged.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Write CSV, JSON Lines and Parquet in the 0.1 layout (kept for one release): input
    /// columns under their own names, no value_decimal/value_currency/entry_date_parsed, the
    /// summary as the last JSON Lines object. See CHANGELOG.md.
    #[arg(long)]
    legacy_output: bool,
    /// Exit 0 whatever is found (report-only runs); errors still exit 2.
    #[arg(long)]
    exit_zero: bool,
    /// Colour the table's verdicts: `auto` = when standard output is a terminal and NO_COLOR
    /// is not set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Show only lines with these verdicts in the table, e.g. `--only presumed,review`
    /// [default: presumed, review and lines with waived findings]. The summary counts all.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "VERDICTS")]
    only: Vec<OnlyArg>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnlyArg {
    Presumed,
    Review,
    Clear,
}

/// The table's layout: colour, verdicts shown, and the width to wrap at (the terminal's when
/// standard output is one, else `COLUMNS` when set, else no wrapping).
fn table_style(
    color: ColorArg,
    only: &[OnlyArg],
    to_file: bool,
) -> uflpa_screen::output::TableStyle {
    use std::io::IsTerminal;
    use uflpa_screen::engine::Verdict;
    let tty = !to_file && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => tty && !no_color,
    };
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 40);
    let width = if tty {
        terminal_size::terminal_size()
            .map(|(w, _)| usize::from(w.0))
            .or(columns)
    } else if to_file {
        None
    } else {
        columns
    };
    uflpa_screen::output::TableStyle {
        width,
        color,
        only: if only.is_empty() {
            None
        } else {
            Some(
                only.iter()
                    .map(|o| match o {
                        OnlyArg::Presumed => Verdict::Presumed,
                        OnlyArg::Review => Verdict::Review,
                        OnlyArg::Clear => Verdict::Clear,
                    })
                    .collect(),
            )
        },
    }
}

/// What is read and how: shared by `screen` and `report`.
#[derive(Args, Debug)]
pub struct InputArgs {
    /// Files to screen: CSV, Parquet or spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods), told by
    /// their content; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Configuration file [default: the nearest uflpa.toml in the current or a parent
    /// directory, up to the repository root].
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
    /// The header is on this line of the file (or row of the sheet), 1-based; otherwise it
    /// is the first row that names known columns (title blocks and `sep=` lines are skipped).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    header_row: Option<u64>,
    /// The worksheet of an .xlsx, .xlsm, .xls or .ods file to read [default: the first].
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Decimal separator of values and quantities; `auto` decides from the file and
    /// rejects values that could be read either way.
    #[arg(long, value_enum, default_value_t = DecimalArg::Auto)]
    decimal: DecimalArg,
    /// Order of slash dates (03/04/2024); `auto` decides from the file.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto)]
    date_order: DateOrderArg,
    /// Write rows and cells that cannot be read to PATH (CSV: file, line, row, column, kind
    /// `record`/`cell`/`blank`, reason, raw). A row with an unreadable cell is still screened.
    #[arg(long, value_name = "PATH")]
    rejects: Option<PathBuf>,
    /// How many unreadable records (rows that cannot be split into fields) are tolerated
    /// before the exit code is 2; unreadable cells are findings, not counted here.
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_rejects: u64,
    /// Largest field accepted, in bytes, enforced while reading; a larger one rejects its row.
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
    /// Date the run is as of (YYYY-MM-DD): waivers expire against it and reports print it
    /// [default: SOURCE_DATE_EPOCH if set, else today (UTC)].
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// A list directory written by `lists import` (its entity-list.csv): screen with it
    /// instead of the Entity List embedded in the rule pack [default: uflpa.toml's
    /// `[lists] dir`].
    #[arg(long, value_name = "DIR")]
    lists: Option<PathBuf>,
    /// Warn when the Entity List in use is older than this many days against the run's
    /// date [default: uflpa.toml's `[lists] max_age_days`, else 180].
    #[arg(long, value_name = "DAYS")]
    max_list_age: Option<i64>,
    /// Screen against this older list too (normalised format, e.g. the entity-list.csv
    /// before an import) and show only the lines whose verdict the current list changes,
    /// with the entity that changed it.
    #[arg(long, value_name = "OLD_LIST")]
    changed_since: Option<PathBuf>,
    /// Print on stderr the rows per second, how many rows the outcome memo answered, and
    /// how often each matcher memo answered: parties with their addresses, party names (the
    /// places in a name), addresses, descriptions, countries, Entity List names and sector
    /// keywords (hits include a memo's last four questions, looked at first; "resting for
    /// N": asked N times while it rested, since it did not pay). For benchmarks:
    /// docs/performance.md.
    #[arg(long)]
    stats: bool,
    /// Write the run's audit record into DIR (created if missing): one JSON file per run
    /// with the inputs' and outputs' SHA-256, the rule pack and lists used, the settings,
    /// the counts and a digest of every line's outcome; `uflpa-screen audit verify FILE`
    /// re-runs it (docs/audit.md) [default: uflpa.toml's `[audit] dir`].
    #[arg(long, value_name = "DIR")]
    audit: Option<PathBuf>,
}

pub fn run() -> Result<u8> {
    let cli = Cli::parse();
    match cli.command {
        Command::Screen(args) => {
            let mut a = *args;
            // `-o -` is standard output, as `-` is standard input.
            if a.output.as_deref() == Some(std::path::Path::new("-")) {
                a.output = None;
            }
            let table = table_style(a.color, &a.only, a.output.is_some());
            let mut s = settings::Run::resolve(
                a.input,
                settings::Destination::Stream {
                    format: a.format,
                    path: a.output,
                },
                settings::GateArgs {
                    fail_on: a.fail_on,
                    baseline: a.baseline,
                    write_baseline: a.write_baseline,
                    write_json: a.write_json,
                    summary: a.summary,
                    legacy_output: a.legacy_output,
                    exit_zero: a.exit_zero,
                    gates: true,
                },
            )?;
            s.table = table;
            s.command = "screen";
            screen::screen(s)
        }
        Command::Report(r) => {
            let r = *r;
            let format = report_format(&r)?;
            let mut s = settings::Run::resolve(
                r.input,
                settings::Destination::Report {
                    path: r.output,
                    format,
                },
                // The report does not gate: it exits 0 once written. `fail_on` (of
                // uflpa.toml) is recorded and counted as `screen` would, not applied.
                settings::GateArgs {
                    fail_on: None,
                    baseline: None,
                    write_baseline: None,
                    write_json: None,
                    summary: None,
                    legacy_output: false,
                    exit_zero: false,
                    gates: false,
                },
            )?;
            s.command = "report";
            screen::screen(s)
        }
        Command::Rules {
            markdown: true,
            pack,
        } => {
            let page = uflpa_screen::rules::docs::markdown(&settings::load_pack(&pack)?);
            let mut out = files::stdout();
            out.write_all(page.as_bytes())?;
            out.flush()?;
            Ok(0)
        }
        Command::Rules { pack, .. } => lookup::rules(&settings::load_pack(&pack)?),
        Command::Explain { code, pack } => lookup::explain(&settings::load_pack(&pack)?, &code),
        Command::Entity { name, limit, pack } => {
            lookup::entity(settings::load_pack(&pack)?, &name, limit)
        }
        Command::Init { path, force } => init(&path, force),
        Command::Audit(AuditCommand::Verify { records, threads }) => {
            audit::verify_all(&records, threads)
        }
        Command::Lists(ListsCommand::Diff { old, new }) => lists::diff(&old, &new),
        Command::Lists(ListsCommand::Import {
            file,
            output,
            as_of,
            pack,
        }) => lists::import(
            &file,
            &output,
            as_of.as_deref(),
            &settings::load_pack(&pack)?,
        ),
        Command::Check {
            text,
            kind,
            country,
            pack,
        } => lookup::check(settings::load_pack(&pack)?, &text, kind, country.as_deref()),
    }
}

/// The report format: `--format`, else the extension of `-o`.
fn report_format(r: &ReportArgs) -> Result<ReportFormat> {
    let ext = r
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match (r.format, ext.as_deref()) {
        (Some(f), _) => Ok(f),
        (None, Some("md" | "markdown")) => Ok(ReportFormat::Md),
        (None, Some("html" | "htm")) => Ok(ReportFormat::Html),
        (None, Some("xlsx")) => Ok(ReportFormat::Xlsx),
        (None, Some("pdf")) => Ok(ReportFormat::Pdf),
        (None, _) => Err(Error::Usage(format!(
            "{}: name the format with .html, .md, .xlsx or .pdf, or pass --format html|md|xlsx|pdf",
            r.output.display()
        ))
        .into()),
    }
}

/// `init`: the commented default `uflpa.toml`.
fn init(path: &std::path::Path, force: bool) -> Result<u8> {
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        ))
        .into());
    }
    std::fs::write(path, uflpa_screen::config::TEMPLATE).map_err(|e| Error::io(path, e))?;
    writeln!(files::stdout(), "wrote {}", path.display())?;
    Ok(0)
}
