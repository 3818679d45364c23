//! # uflpa-screen
//!
//! Screens import manifests and procurement data for forced-labour risk under the US
//! Uyghur Forced Labor Prevention Act (UFLPA, Public Law 117-78).
//!
//! The library never prints and never exits. The flow of one run (docs/architecture.md
//! names the file of each step):
//!
//! ```text
//! manifest(s) ─► input: CSV (encoding, dialect) or Parquet, header map ─► Row | Reject
//! rule pack ───► rules: load (embedded or directory) ─► validate ─► RulePack
//!                engine: Screener asks the matchers about a Row ─► Findings
//!                verdict: decide (tracing, confirmation, waivers, gate) ─► Outcome
//!                output: table | csv | jsonl | parquet | CI formats;  report: html | md | xlsx
//! ```
//!
//! [`run::screen_all_with`] streams it: one thread reads raw records in batches, the
//! screening threads convert, screen (with a per-thread [`engine::OutcomeMemo`]) and format
//! them, and the calling thread writes them in input order.
//!
//! Cargo features: `parquet` (Parquet input and output, through polars), `report` (the
//! officer's report: polars aggregation, HTML, Markdown, Excel) and `cli` (the binary; both
//! of the others). All are on by default; with `default-features = false` the library
//! screens CSV, spreadsheets and any [`input::TextRows`] table without polars (the Python
//! package builds it so).
//!
//! ```
//! use uflpa_screen::{RulePack, Screener};
//! let screener = Screener::new(RulePack::embedded().unwrap()).unwrap();
//! assert_eq!(screener.pack().meta.id, "uflpa");
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod audit;
pub mod baseline;
pub mod config;
pub mod date;
pub mod engine;
pub mod error;
pub mod hts;
pub mod input;
pub mod lists;
pub mod matchers;
pub mod memo;
pub mod output;
#[cfg(feature = "report")]
pub mod report;
pub mod rules;
pub mod run;
pub mod summary;
pub mod supply;
pub mod text;
pub mod verdict;

pub use engine::Screener;
pub use error::{Error, PackError, PackErrors};
pub use rules::{RulePack, Severity};
pub use verdict::{Finding, LineContext, Outcome, Verdict};
