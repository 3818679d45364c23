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
            Change::Added(e) => {
                // Only what the list says: an imported list may give no sections or date.
                let mut parts = Vec::new();
                if !e.sections.is_empty() {
                    parts.push(format!("sections {}", e.sections.join(", ")));
                }
                if let Some(d) = e.date_added {
                    parts.push(format!("added {d}"));
                }
                if parts.is_empty() {
                    format!("added         {}", e.name)
                } else {
                    format!("added         {} ({})", e.name, parts.join("; "))
                }
            }
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

/// `lists import FILE -o DIR`: read a published list, write `DIR/entity-list.csv`
/// (normalised, atomically), say what was read and what the user should know.
pub fn import(
    file: &Path,
    dir: &Path,
    as_of: Option<&str>,
    pack: &uflpa_screen::RulePack,
) -> Result<u8> {
    let bytes = std::fs::read(file).map_err(|e| uflpa_screen::Error::io(file, e))?;
    let shown = file.display().to_string();
    let text = String::from_utf8(bytes.clone()).map_err(|e| {
        let hint =
            if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
                "a spreadsheet: save it as CSV UTF-8 (Section, Name of Entity, Effective Date)"
            } else {
                "save the page as HTML or the table as CSV UTF-8"
            };
        format!(
            "{shown}: not UTF-8 text (byte {}): {hint}",
            e.utf8_error().valid_up_to()
        )
    })?;
    let as_of = as_of.map(|a| super::settings::as_of(Some(a))).transpose()?;
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let mut imported =
        lists::import::import(&shown, &text, &sha, &pack.entities, &pack.notices, as_of)?;
    let target = dir.join(lists::ENTITY_LIST_FILE);
    // The list this import replaces: said, and its ids carried so that an entity keeps its
    // source_id through a rename (the old name is among the new aliases).
    if let Ok(old_text) = std::fs::read_to_string(&target) {
        let old_shown = target.display().to_string();
        match lists::read(&old_shown, &old_text) {
            Ok(old) => {
                let carried = lists::import::carry_ids(&mut imported.list, &old);
                imported.notes.push(format!(
                    "replaces {old_shown} (as of {}, {} entities); {carried} source id(s) carried over",
                    old.provenance.as_of,
                    old.entries.len()
                ));
            }
            Err(e) => imported.notes.push(format!(
                "replaces {old_shown}, which could not be read ({e})"
            )),
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| uflpa_screen::Error::io(dir, e))?;
    let out = super::files::AtomicOut::create(&target)?;
    {
        let mut w = out.writer()?;
        w.write_all(lists::write(&imported.list).as_bytes())?;
        w.flush()?;
    }
    out.commit()?;
    let mut err = super::files::stderr();
    for n in &imported.notes {
        writeln!(err, "note: {}", for_humans(n))?;
    }
    let mut o = super::files::stdout();
    writeln!(
        o,
        "imported {} entit{} from {} ({}), as of {} -> {}",
        imported.list.entries.len(),
        if imported.list.entries.len() == 1 {
            "y"
        } else {
            "ies"
        },
        for_humans(&shown),
        imported.format.describe(),
        imported.list.provenance.as_of,
        for_humans(&target.display().to_string())
    )?;
    o.flush()?;
    Ok(0)
}
