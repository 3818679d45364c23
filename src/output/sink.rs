//! The interface every output format implements, and where rejected rows go.

use crate::input::{Reject, Row, Source};
use crate::summary::Summary;
use crate::verdict::Outcome;
use std::any::Any;
use std::path::PathBuf;
use std::sync::Arc;

/// Where screened rows go (an output format).
pub trait Sink {
    /// Called once with every input file, before any row.
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()>;
    /// Called for every screened row, in input order.
    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()>;

    /// A formatter that turns rows into this sink's bytes on the screening threads. A sink
    /// that gives one (after `begin`) receives the bytes of each batch of rows, in input
    /// order, through [`Sink::formatted`] instead of [`Sink::row`].
    fn formatter(&self) -> Option<Arc<dyn RowFormatter>> {
        None
    }

    /// The formatted bytes of `rows` consecutive rows (only for sinks with a formatter).
    fn formatted(&mut self, bytes: &[u8], rows: usize) -> std::io::Result<()> {
        let _ = (bytes, rows);
        Ok(())
    }

    /// A collector that gathers rows into this sink's own structures on the screening
    /// threads, one part per batch of rows (the Python package builds Arrow arrays this way).
    /// A sink that gives one (after `begin`, and no formatter) receives each batch's part, in
    /// input order, through [`Sink::collected`] instead of [`Sink::row`].
    fn collector(&self) -> Option<Arc<dyn RowCollector>> {
        None
    }

    /// The part of one batch of `rows` consecutive screened rows, as
    /// [`CollectedRows::finish`] gave it (only for sinks with a collector).
    fn collected(&mut self, part: Box<dyn Any + Send>, rows: usize) -> std::io::Result<()> {
        let _ = (part, rows);
        Ok(())
    }
}

/// Starts a part for each batch of rows on the screening threads ([`Sink::collector`]).
pub trait RowCollector: Send + Sync {
    /// An empty part for a batch of rows of the input `file`.
    fn part(&self, file: usize) -> Box<dyn CollectedRows>;
}

/// The rows of one batch, gathered on a screening thread, independently of other batches.
pub trait CollectedRows: Send {
    /// Add one screened row (in input order within the batch).
    fn row(&mut self, row: &Row, outcome: &Arc<Outcome>);
    /// The finished part, still on the screening thread; the sink downcasts it in
    /// [`Sink::collected`].
    fn finish(self: Box<Self>) -> Box<dyn Any + Send>;
}

/// Turns one screened row into a sink's bytes, independently of every other row.
pub trait RowFormatter: Send + Sync {
    /// Append the output of one row to `out`. Outcomes answered from the engine's memo are
    /// the same `Arc` for every row that shares them.
    fn format(&self, file: usize, row: &Row, outcome: &Arc<Outcome>, out: &mut Vec<u8>);
}

/// The inputs' paths as shown in outputs.
pub fn file_names(sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .map(|s| s.path.display().to_string())
        .collect()
}

/// Where rejected rows go.
pub trait RejectSink {
    /// One rejected row of the file at `path`.
    fn reject(&mut self, path: &std::path::Path, reject: &Reject) -> std::io::Result<()>;
}

/// Rejects kept in memory (for the library user and tests).
impl RejectSink for Vec<(PathBuf, Reject)> {
    fn reject(&mut self, path: &std::path::Path, reject: &Reject) -> std::io::Result<()> {
        self.push((path.to_path_buf(), reject.clone()));
        Ok(())
    }
}

/// Several sinks fed the same rows (an output plus a baseline file, say).
pub struct Tee<'a>(pub Vec<&'a mut dyn Sink>);

impl Sink for Tee<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.begin(sources))
    }
    fn row(&mut self, file: usize, row: &Row, outcome: &Outcome) -> std::io::Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|s| s.row(file, row, outcome))
    }
    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.0.iter_mut().try_for_each(|s| s.finish(summary))
    }
}
