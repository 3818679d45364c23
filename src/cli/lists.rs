//! `uflpa-screen lists ...`: entity list files (issue 14).

use std::io::Write;
use std::path::Path;
use uflpa_screen::lists::{self, Change};
use uflpa_screen::text::for_humans;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn read(path: &Path) -> Result<lists::ListFile> {
    let text = std::fs::read_to_string(path).map_err(|e| uflpa_screen::Error::io(path, e))?;
    Ok(lists::read(&path.display().to_string(), &text)?)
}

/// `lists diff OLD NEW`: one line per change, then a count. Exit 0 when the lists hold the
/// same entities, 1 when they differ, 2 when a file cannot be read.
pub fn diff(old: &Path, new: &Path) -> Result<u8> {
    let (o, n) = (read(old)?, read(new)?);
    let changes = lists::diff(&o, &n);
    let mut out = super::files::stdout();
    writeln!(
        out,
        "{} (as of {}, {} entities) -> {} (as of {}, {} entities)",
        for_humans(&old.display().to_string()),
        o.provenance.as_of,
        o.provenance.count,
        for_humans(&new.display().to_string()),
        n.provenance.as_of,
        n.provenance.count
    )?;
    for c in &changes {
        let line = match c {
            Change::Added(e) => format!(
                "added         {} (sections {}; added {})",
                e.name,
                e.sections.join(", "),
                e.date_added.map(|d| d.to_string()).unwrap_or_default()
            ),
            Change::Removed(e) => format!("removed       {}", e.name),
            Change::Renamed { from, to } => format!("renamed       {from} -> {to}"),
            Change::AliasesChanged {
                name,
                added,
                removed,
            } => format!(
                "aliases       {name}: +[{}] -[{}]",
                added.join("; "),
                removed.join("; ")
            ),
            Change::SectionsChanged { name, from, to } => format!(
                "sections      {name}: {} -> {}",
                from.join(", "),
                to.join(", ")
            ),
            Change::ScopeChanged { name, from, to } => {
                format!("scope         {name}: {from:?} -> {to:?}")
            }
            Change::Corrected { name } => format!("corrected     {name} (date added or citation)"),
        };
        writeln!(out, "{}", for_humans(&line))?;
    }
    writeln!(out, "{} change(s)", changes.len())?;
    out.flush()?;
    Ok(u8::from(!changes.is_empty()))
}
