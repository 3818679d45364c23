//! Errors of the library.
//!
//! Three channels stay apart: *findings* are data (see [`crate::engine`]); a row that
//! cannot be read is a [`crate::input::Reject`], reported and counted while the run goes
//! on; everything here is fatal for the run and makes the binary exit with code 2.

use std::fmt;
use std::path::PathBuf;

/// A fatal error: the run cannot produce a trustworthy result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rule pack (embedded or `--rules DIR`) is invalid; every problem is listed.
    #[error("invalid rule pack:\n{0}")]
    Pack(#[from] PackErrors),
    /// An input file cannot be screened at all (unreadable, no usable header, bad mapping).
    #[error("{}: {message}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong, and what to do about it.
        message: String,
    },
    /// An I/O error on a named file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A list file (`lists import`, `--lists DIR`) cannot be used; names file, line and key.
    #[error("{0}")]
    List(#[from] crate::lists::ListError),
    /// A usage error detected by the library (bad option value, a `--map` that names no
    /// column).
    #[error("{0}")]
    Usage(String),
    /// `uflpa.toml` (or another configuration) is invalid; the message names the file, line,
    /// column or key of every problem. Values quoted in it are already made safe for people
    /// ([`crate::text::for_humans`]): its line breaks are the message's own, one per problem.
    #[error("{0}")]
    Config(String),
    /// A validated rule pack could not be compiled into matchers (an automaton or pattern
    /// too large, say).
    #[error("rule pack: {0}")]
    Matcher(String),
    /// A report (aggregation, workbook) could not be built.
    #[error("{what}: {message}")]
    Report {
        /// Which report part: `report figures`, `Excel workbook`.
        what: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The operating system refused a thread.
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
    /// A fault of the tool itself: no output was committed. Please report it.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The message for a person (stderr, a CI log): every control, line-breaking or bidi
    /// character that a quoted value brought in is escaped ([`crate::text::for_humans`]), so
    /// an input cannot forge a line of the log; the line breaks of a multi-problem message
    /// (the rule pack's, the configuration's) are kept, one problem per line.
    pub fn for_humans(&self) -> String {
        use crate::text::for_humans;
        match self {
            Error::Pack(list) => {
                let mut out = String::from("invalid rule pack:");
                for e in &list.0 {
                    out.push_str("\n  ");
                    out.push_str(&for_humans(&e.to_string()));
                }
                out
            }
            Error::Config(m) => m.split('\n').map(for_humans).collect::<Vec<_>>().join("\n"),
            other => for_humans(&other.to_string()).into_owned(),
        }
    }

    /// Shorthand for an [`Error::Input`].
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Shorthand for an [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// One problem in a rule-pack file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The pack file, e.g. `rules/uflpa/sectors.toml`.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// The key, column or rule code concerned, where known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found while loading and validating a rule pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackErrors(pub Vec<PackError>);

impl PackErrors {
    /// Record one problem.
    pub fn push(
        &mut self,
        file: &str,
        line: Option<usize>,
        key: Option<&str>,
        message: impl Into<String>,
    ) {
        self.0.push(PackError {
            file: file.to_string(),
            line,
            key: key.map(str::to_string),
            message: message.into(),
        });
    }

    /// True if nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}
