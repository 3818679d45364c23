//! Entity lists as files the user keeps: the normalised list format and what a new list
//! changes (issue 14).
//!
//! The UFLPA Entity List grows several times a year and the presumption follows the list of
//! the day, so a list must be replaceable without rebuilding the tool, and a compliance
//! officer must be able to see what an update changes. This module reads and writes the
//! normalised list format (documented in `docs/lists.md` and
//! `tests/data/lists/FORMATS.md`, section 6) and compares two lists ([`diff`]).
//!
//! The format is CSV with a header block of `# key: value` lines:
//!
//! ```text
//! # format: uflpa-screen entity list 1
//! # source: https://www.dhs.gov/uflpa-entity-list
//! # as_of: 2024-11-25
//! # count: 9
//! # sha256: <SHA-256 of the bytes after the header block>
//! # note: free text (any number of note lines)
//! name,aliases,names_zh,scope,sections,date_added,citation,source_id
//! ```
//!
//! `format`, `source`, `as_of`, `count` and `sha256` are required; a file whose count or
//! hash disagrees with its rows is refused, so a list edited by hand or cut off in transfer
//! is never used silently. The library never prints: errors are values naming the file,
//! the line and the key.

pub mod apply;
pub mod changed;
pub mod import;
pub mod name_cell;
pub mod user;

use crate::date::Date;
use std::collections::{BTreeSet, HashMap};

/// The `format` line this version writes and reads.
pub const FORMAT: &str = "uflpa-screen entity list 1";

/// The file name of the Entity List in a list directory (`lists import -o DIR`, `screen --lists DIR`).
pub const ENTITY_LIST_FILE: &str = "entity-list.csv";

/// The data columns of the normalised format, in order.
pub const COLUMNS: &[&str] = &[
    "name",
    "aliases",
    "names_zh",
    "scope",
    "sections",
    "date_added",
    "citation",
    "source_id",
];

/// Where a list comes from: the header block of a normalised list file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// Where the entries were taken from (a URL or a file name).
    pub source: String,
    /// The date of the source's state (the page's date, the export's date).
    pub as_of: Date,
    /// Number of entries.
    pub count: usize,
    /// SHA-256 (lower-case hex) of the bytes after the header block, as written.
    pub sha256: String,
    /// Free-text notes, in order.
    pub notes: Vec<String>,
}

/// One listed entity in the normalised format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListEntry {
    /// The listed name exactly as the source writes it.
    pub name: String,
    /// Aliases and former names, in the source's order.
    pub aliases: Vec<String>,
    /// Chinese names (not published by DHS; see `rules/uflpa/gen/entity-names-zh.csv`).
    pub names_zh: Vec<String>,
    /// Scope wording ("and subsidiaries"), empty when none.
    pub scope: String,
    /// List sections (`i`, `ii`, `iv`, `v`).
    pub sections: Vec<String>,
    /// Date of first listing.
    pub date_added: Option<Date>,
    /// Federal Register citation text.
    pub citation: String,
    /// A stable id that follows the entity through renames (`dhs-…`, `us-uflpa-…`).
    pub source_id: String,
}

/// A normalised list: its provenance and its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFile {
    /// The header block.
    pub provenance: Provenance,
    /// The entries, in file order.
    pub entries: Vec<ListEntry>,
}

/// A list file that cannot be used, with the place of the fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {key}: {message}")]
pub struct ListError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line of the fault (the header line, or the data line).
    pub line: usize,
    /// The header key or column at fault.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// An ISO date `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Date::new(y, m, d)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Read a normalised list. `file` names it in errors. Every problem of the header is
/// reported at the first one found; a data row's problem names its line and column.
pub fn read(file: &str, text: &str) -> Result<ListFile, ListError> {
    // A list checked out with CRLF line ends (git's autocrlf) is the same list: the hash is
    // of the LF form it was written in.
    let lf;
    let text = if text.contains("\r\n") {
        lf = text.replace("\r\n", "\n");
        lf.as_str()
    } else {
        text
    };
    let err = |line: usize, key: &str, message: String| ListError {
        file: file.to_string(),
        line,
        key: key.to_string(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header: HashMap<String, (usize, String)> = HashMap::new();
    let mut notes = Vec::new();
    let mut body_start = 0;
    let mut header_lines = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if !line.starts_with('#') {
            break;
        }
        header_lines = i + 1;
        body_start += line.len();
        let l = line.trim_start_matches('#').trim();
        let Some((k, v)) = l.split_once(':') else {
            return Err(err(
                i + 1,
                "header",
                format!("expected `# key: value`, found {l:?}"),
            ));
        };
        let (k, v) = (k.trim().to_string(), v.trim().to_string());
        match k.as_str() {
            "note" => notes.push(v),
            "format" | "source" | "as_of" | "count" | "sha256" => {
                if header.insert(k.clone(), (i + 1, v)).is_some() {
                    return Err(err(i + 1, &k, "given twice".to_string()));
                }
            }
            _ => {
                return Err(err(
                    i + 1,
                    &k,
                    "unknown header key (format, source, as_of, count, sha256, note)".to_string(),
                ));
            }
        }
    }
    let get = |k: &str| {
        header.get(k).cloned().ok_or_else(|| {
            err(
                header_lines.max(1),
                k,
                "missing from the header".to_string(),
            )
        })
    };
    let (l, format) = get("format")?;
    if format != FORMAT {
        return Err(err(l, "format", format!("{format:?} is not {FORMAT:?}")));
    }
    let (_, source) = get("source")?;
    let (l, as_of) = get("as_of")?;
    let as_of = parse_iso(&as_of)
        .ok_or_else(|| err(l, "as_of", format!("{as_of:?} is not a date YYYY-MM-DD")))?;
    let (count_line, count) = get("count")?;
    let count: usize = count
        .parse()
        .map_err(|_| err(count_line, "count", format!("{count:?} is not a number")))?;
    let (sha_line, sha256) = get("sha256")?;
    let body = &text[body_start..];
    let actual = sha256_hex(body.as_bytes());
    if actual != sha256.to_lowercase() {
        return Err(err(
            sha_line,
            "sha256",
            format!(
                "the rows hash to {actual}, not {sha256}: the file was changed or cut after it was written"
            ),
        ));
    }
    let mut rdr = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| err(header_lines + 1, "columns", e.to_string()))?
        .clone();
    let cols: Vec<&str> = headers.iter().collect();
    if cols != COLUMNS {
        return Err(err(
            header_lines + 1,
            "columns",
            format!("expected {}, found {}", COLUMNS.join(","), cols.join(",")),
        ));
    }
    let mut entries = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize) + header_lines;
            err(line, "row", e.to_string())
        })?;
        let line = r.position().map_or(0, |p| p.line() as usize) + header_lines;
        let name = r[0].trim().to_string();
        if name.is_empty() {
            return Err(err(line, "name", "empty".to_string()));
        }
        let date_added = if r[5].trim().is_empty() {
            None
        } else {
            Some(parse_iso(&r[5]).ok_or_else(|| {
                err(
                    line,
                    "date_added",
                    format!("{:?} is not a date YYYY-MM-DD", &r[5]),
                )
            })?)
        };
        entries.push(ListEntry {
            name,
            aliases: split_list(&r[1]),
            names_zh: split_list(&r[2]),
            scope: r[3].trim().to_string(),
            sections: split_list(&r[4]),
            date_added,
            citation: r[6].trim().to_string(),
            source_id: r[7].trim().to_string(),
        });
    }
    if entries.len() != count {
        return Err(err(
            count_line,
            "count",
            format!("says {count}, the file has {} rows", entries.len()),
        ));
    }
    Ok(ListFile {
        provenance: Provenance {
            source,
            as_of,
            count,
            sha256: actual,
            notes,
        },
        entries,
    })
}

/// Write a list in the normalised format: rows sorted by case-folded name, LF line ends,
/// `count` and `sha256` computed from the rows written (the ones in `list.provenance` are
/// ignored).
pub fn write(list: &ListFile) -> String {
    let mut entries: Vec<&ListEntry> = list.entries.iter().collect();
    entries.sort_by_key(|e| e.name.to_lowercase());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(COLUMNS);
    for e in &entries {
        let date = e.date_added.map(|d| d.to_string()).unwrap_or_default();
        let _ = w.write_record([
            e.name.as_str(),
            &e.aliases.join("|"),
            &e.names_zh.join("|"),
            &e.scope,
            &e.sections.join("|"),
            &date,
            &e.citation,
            &e.source_id,
        ]);
    }
    let body = w.into_inner().unwrap_or_default();
    let p = &list.provenance;
    let mut out = format!(
        "# format: {FORMAT}\n# source: {}\n# as_of: {}\n# count: {}\n# sha256: {}\n",
        p.source,
        p.as_of,
        entries.len(),
        sha256_hex(&body)
    );
    for n in &p.notes {
        out.push_str(&format!("# note: {n}\n"));
    }
    out.push_str(&String::from_utf8_lossy(&body));
    out
}

/// One entity's change between two lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// On the new list only.
    Added(ListEntry),
    /// On the old list only.
    Removed(ListEntry),
    /// Same entity (same `source_id`, or the old name among the new aliases), new name.
    Renamed {
        /// The old name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Aliases added or removed.
    AliasesChanged {
        /// The (new) name.
        name: String,
        /// Aliases only on the new list.
        added: Vec<String>,
        /// Aliases only on the old list.
        removed: Vec<String>,
    },
    /// List sections changed.
    SectionsChanged {
        /// The (new) name.
        name: String,
        /// Old sections.
        from: Vec<String>,
        /// New sections.
        to: Vec<String>,
    },
    /// Scope wording changed ("and subsidiaries").
    ScopeChanged {
        /// The (new) name.
        name: String,
        /// Old scope.
        from: String,
        /// New scope.
        to: String,
    },
    /// Only the date added or the citation changed.
    Corrected {
        /// The (new) name.
        name: String,
    },
}

/// What `new` changes against `old`, entity by entity: added, removed, renamed (the old
/// name kept among the new entry's aliases counts as a rename), aliases, sections, scope,
/// corrections. Entities are paired by `source_id`, then by a name of one found among the
/// names of the other. Changes come in the order of `new`, removals last.
pub fn diff(old: &ListFile, new: &ListFile) -> Vec<Change> {
    let mut paired_old = vec![false; old.entries.len()];
    let mut out = Vec::new();
    let names = |e: &ListEntry| -> BTreeSet<String> {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| crate::text::fold(n))
            .collect()
    };
    for n in &new.entries {
        let by_id = (!n.source_id.is_empty())
            .then(|| old.entries.iter().position(|o| o.source_id == n.source_id))
            .flatten();
        let nn = names(n);
        let found = by_id.or_else(|| {
            old.entries
                .iter()
                .enumerate()
                .position(|(i, o)| !paired_old[i] && names(o).intersection(&nn).next().is_some())
        });
        let Some(i) = found else {
            out.push(Change::Added(n.clone()));
            continue;
        };
        paired_old[i] = true;
        let o = &old.entries[i];
        let before = out.len();
        if o.name != n.name {
            out.push(Change::Renamed {
                from: o.name.clone(),
                to: n.name.clone(),
            });
        }
        let oa: BTreeSet<&String> = o.aliases.iter().filter(|a| **a != n.name).collect();
        let na: BTreeSet<&String> = n.aliases.iter().filter(|a| **a != o.name).collect();
        if oa != na {
            out.push(Change::AliasesChanged {
                name: n.name.clone(),
                added: na.difference(&oa).map(|s| s.to_string()).collect(),
                removed: oa.difference(&na).map(|s| s.to_string()).collect(),
            });
        }
        if o.sections != n.sections {
            out.push(Change::SectionsChanged {
                name: n.name.clone(),
                from: o.sections.clone(),
                to: n.sections.clone(),
            });
        }
        if o.scope != n.scope {
            out.push(Change::ScopeChanged {
                name: n.name.clone(),
                from: o.scope.clone(),
                to: n.scope.clone(),
            });
        }
        if out.len() == before && (o.date_added != n.date_added || o.citation != n.citation) {
            out.push(Change::Corrected {
                name: n.name.clone(),
            });
        }
    }
    for (i, o) in old.entries.iter().enumerate() {
        if !paired_old[i] {
            out.push(Change::Removed(o.clone()));
        }
    }
    out
}
