//! `lists import`: the UFLPA Entity List as its publishers write it, read into the normalised
//! list format.
//!
//! Four source formats are read (what each looks like, with the evidence, is in
//! `tests/data/lists/FORMATS.md`):
//!
//! | [`SourceFormat`] | what it is |
//! |---|---|
//! | `DhsHtml` | https://www.dhs.gov/uflpa-entity-list saved from a browser: one table per list section, each after an element naming the section |
//! | `DhsCsv` | the same tables pasted into a spreadsheet and saved as CSV: `Section`, `Name of Entity` (or `Entity Name`), `Effective Date` |
//! | `OpenSanctionsFtm` | OpenSanctions' dataset `us_dhs_uflpa` as FollowTheMoney JSON lines (`entities.ftm.json`) |
//! | `OpenSanctionsCsv` | the same dataset's "simple CSV" (`targets.simple.csv`) |
//!
//! What every format gives: names, aliases, scope wording ("and subsidiaries"), list
//! sections and the date DHS shows. An entity listed in two sections (sometimes under two
//! spellings) becomes one entry. Neither source carries Federal Register citations: they
//! come from the table of notices shipped in the rule pack
//! (`rules/uflpa/federal-register.csv`, [`crate::rules::notice_citation`]), joined on the
//! listing date.
//! An import merges with what the rule pack knows of the same entity (Chinese names, the
//! date first listed, scope wording a source left out) instead of dropping it.

use super::{ListEntry, ListError, ListFile, Provenance, name_cell};
use crate::date::Date;
use crate::rules::EntityRecord;
use std::collections::HashMap;

/// The public page of the list.
pub const DHS_URL: &str = "https://www.dhs.gov/uflpa-entity-list";
/// OpenSanctions' page of the dataset.
pub const OPENSANCTIONS_URL: &str = "https://www.opensanctions.org/datasets/us_dhs_uflpa/";

/// The formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// The DHS page saved as HTML.
    DhsHtml,
    /// The DHS tables saved as CSV.
    DhsCsv,
    /// OpenSanctions FollowTheMoney JSON lines.
    OpenSanctionsFtm,
    /// OpenSanctions simple CSV.
    OpenSanctionsCsv,
}

impl SourceFormat {
    /// In words, for the provenance note and messages.
    pub fn describe(self) -> &'static str {
        match self {
            SourceFormat::DhsHtml => "DHS UFLPA Entity List page saved as HTML",
            SourceFormat::DhsCsv => "DHS UFLPA Entity List tables saved as CSV",
            SourceFormat::OpenSanctionsFtm => {
                "OpenSanctions us_dhs_uflpa, FollowTheMoney JSON lines"
            }
            SourceFormat::OpenSanctionsCsv => "OpenSanctions us_dhs_uflpa, simple CSV",
        }
    }
}

/// Tell the format from the content (the file name is not trusted: a saved page may be
/// called anything). `file` names the file in the error.
pub fn detect(file: &str, text: &str) -> Result<SourceFormat, ListError> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let first = t.lines().next().unwrap_or("");
    if t.starts_with('{') {
        return Ok(SourceFormat::OpenSanctionsFtm);
    }
    let lower = first.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || t.contains("<table") {
        return Ok(SourceFormat::DhsHtml);
    }
    let header: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|c| c.trim().to_ascii_lowercase()).collect())
        .unwrap_or_default();
    let has = |c: &str| header.iter().any(|h| h == c);
    if has("id") && has("schema") && has("name") && has("sanctions") {
        return Ok(SourceFormat::OpenSanctionsCsv);
    }
    if (has("name of entity") || has("entity name")) && has("effective date") {
        return Ok(SourceFormat::DhsCsv);
    }
    Err(ListError {
        file: file.to_string(),
        line: 1,
        key: "format".to_string(),
        message: "not a format lists import reads: expected the DHS page saved as HTML, its \
                  tables as CSV (Section, Name of Entity, Effective Date), or OpenSanctions' \
                  us_dhs_uflpa export (FtM JSON lines or simple CSV)"
            .to_string(),
    })
}

/// One name cell of a source, with where it was listed.
#[derive(Debug, Clone)]
struct Draft {
    cell: name_cell::NameCell,
    section: Option<String>,
    date: Option<Date>,
    source_id: Option<String>,
}

/// The section numeral (`i`, `ii`, `iii`, `iv`, `v`) in a section reference such as
/// "UFLPA Section 2(d)(2)(B)(ii)" or "2(d)(2)(B)(v)".
pub fn section_of(text: &str) -> Option<String> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\(B\)\s*\((iv|v|i{1,3})\)").expect("static regex")
    });
    RE.captures(text).map(|c| c[1].to_ascii_lowercase())
}

/// A date as DHS and spreadsheets write it: "June 21, 2022", "6/21/2022", "2022-06-21".
pub fn parse_list_date(raw: &str) -> Option<Date> {
    let t = name_cell::squeeze(raw);
    if let Some(d) = super::parse_iso(&t) {
        return Some(d);
    }
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<String> = t
        .replace(',', " ")
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    if let [m, d, y] = words.as_slice() {
        let month = MONTHS
            .iter()
            .position(|x| x == m || (m.len() >= 3 && x.starts_with(m.trim_end_matches('.'))))?;
        return Date::new(y.parse().ok()?, month as u8 + 1, d.parse().ok()?);
    }
    crate::date::parse_date(&t, crate::date::DateOrder::MonthFirst).ok()
}

fn err(file: &str, line: usize, key: &str, message: impl Into<String>) -> ListError {
    ListError {
        file: file.to_string(),
        line,
        key: key.to_string(),
        message: message.into(),
    }
}

/// What an import read, before it is written: the list and what the reader should hear.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The list, with provenance (the `sha256` is filled in by [`super::write`]).
    pub list: ListFile,
    /// The format read.
    pub format: SourceFormat,
    /// Things the user should know: entities of the rule pack not on the imported list,
    /// rows read in an unexpected shape, facts taken from the pack.
    pub notes: Vec<String>,
}

/// Read `text` (the file `file`, its SHA-256 `file_sha256`) in whatever format it is, merge
/// it with the rule pack's entities `known`, and cite from the pack's Federal Register
/// table `notices`. `as_of` overrides the date
/// of the source's state; without it the page's "Last updated" date, the export's newest
/// `last_seen`, or the newest effective date is used (said in a note).
pub fn import(
    file: &str,
    text: &str,
    file_sha256: &str,
    known: &[EntityRecord],
    notices: &[crate::rules::Notice],
    as_of: Option<Date>,
) -> Result<Imported, ListError> {
    let format = detect(file, text)?;
    let text = text.trim_start_matches('\u{feff}');
    let (drafts, found_as_of, source) = match format {
        SourceFormat::DhsHtml => read_html(file, text)?,
        SourceFormat::DhsCsv => read_dhs_csv(file, text)?,
        SourceFormat::OpenSanctionsFtm => read_ftm(file, text)?,
        SourceFormat::OpenSanctionsCsv => read_simple_csv(file, text)?,
    };
    if drafts.is_empty() {
        return Err(err(
            file,
            1,
            "entities",
            "no listed entity found in the file",
        ));
    }
    let mut notes = Vec::new();
    let newest = drafts.iter().filter_map(|d| d.date).max();
    let as_of = match (as_of, found_as_of, newest) {
        (Some(d), _, _) => d,
        (None, Some(d), _) => d,
        (None, None, Some(d)) => {
            notes.push(format!(
                "as_of {d}: the newest effective date in the file (the file states no date of its own; give --as-of to set it)"
            ));
            d
        }
        (None, None, None) => {
            return Err(err(
                file,
                1,
                "as_of",
                "no date in the file: give --as-of YYYY-MM-DD",
            ));
        }
    };
    let unsectioned: Vec<String> = drafts
        .iter()
        .filter(|d| d.section.is_none())
        .map(|d| d.cell.name.clone())
        .collect();
    if !unsectioned.is_empty() {
        notes.push(format!(
            "{} listing(s) without a readable list section (expected e.g. 2(d)(2)(B)(v)): {}",
            unsectioned.len(),
            unsectioned
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if let Some(n) = newest.filter(|n| *n > as_of) {
        notes.push(format!(
            "as_of {as_of} is before the newest effective date in the file ({n}): check the date"
        ));
    }
    let mut entries = assemble(drafts);
    let merged = merge_known(&mut entries, known, notices);
    notes.extend(merged);
    let list = ListFile {
        provenance: Provenance {
            source: source.to_string(),
            as_of,
            count: entries.len(),
            sha256: String::new(),
            notes: vec![
                format!(
                    "imported by uflpa-screen {} from {} ({}), SHA-256 {}",
                    env!("CARGO_PKG_VERSION"),
                    file_name(file),
                    format.describe(),
                    file_sha256
                ),
                "citations from the Federal Register table of the rule pack, joined on the listing date"
                    .to_string(),
            ],
        },
        entries,
    };
    Ok(Imported {
        list,
        format,
        notes,
    })
}

/// Give each entry of `list` the `source_id` of the entry of `old` that shares a name or
/// alias with it (folded), so an entity keeps its id through a rename; returns how many
/// changed. Ids of a source that has its own (OpenSanctions) are kept as they are.
pub fn carry_ids(list: &mut ListFile, old: &ListFile) -> usize {
    let mut by_name: HashMap<String, &str> = HashMap::new();
    for o in &old.entries {
        for n in std::iter::once(&o.name).chain(&o.aliases) {
            by_name.entry(fold_key(n)).or_insert(&o.source_id);
        }
    }
    let mut carried = 0;
    for e in &mut list.entries {
        if !e.source_id.starts_with("dhs-") {
            continue;
        }
        let found = std::iter::once(&e.name)
            .chain(&e.aliases)
            .find_map(|n| by_name.get(&fold_key(n)));
        if let Some(id) = found.filter(|id| !id.is_empty() && **id != e.source_id) {
            e.source_id = id.to_string();
            carried += 1;
        }
    }
    carried
}

/// The 1-based line of the first occurrence of `needle` in `text`, if any.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    if needle.trim().is_empty() {
        return None;
    }
    text.find(needle)
        .map(|i| text[..i].bytes().filter(|&b| b == b'\n').count() + 1)
}

fn file_name(file: &str) -> &str {
    std::path::Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(file)
}

/// A fold for pairing the same entity under two spellings: lower case, letters and digits
/// only ("Xinjiang Daqo New Energy, Co. Ltd" = "Xinjiang Daqo New Energy Co., Ltd.").
pub fn fold_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const SECTION_ORDER: &[&str] = &["i", "ii", "iii", "iv", "v"];

/// Drafts to entries: subsidiaries named in a cell become entries of their own, and the
/// same entity in several sections (or under two spellings) becomes one entry.
fn assemble(drafts: Vec<Draft>) -> Vec<ListEntry> {
    let mut expanded: Vec<Draft> = Vec::new();
    for d in drafts {
        for s in &d.cell.subsidiaries {
            expanded.push(Draft {
                cell: name_cell::NameCell {
                    name: s.clone(),
                    ..Default::default()
                },
                section: d.section.clone(),
                date: d.date,
                source_id: None,
            });
        }
        expanded.push(d);
    }
    let mut entries: Vec<ListEntry> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for d in expanded {
        let names: Vec<&str> = std::iter::once(d.cell.name.as_str())
            .chain(d.cell.aliases.iter().map(String::as_str))
            .collect();
        let found = names.iter().find_map(|n| by_key.get(&fold_key(n)).copied());
        let i = match found {
            Some(i) => i,
            None => {
                entries.push(ListEntry {
                    name: d.cell.name.clone(),
                    source_id: d.source_id.clone().unwrap_or_else(|| {
                        format!("dhs-{}", &super::sha256_hex(d.cell.name.as_bytes())[..12])
                    }),
                    ..Default::default()
                });
                entries.len() - 1
            }
        };
        let e = &mut entries[i];
        for n in &names {
            if fold_key(n) != fold_key(&e.name)
                && !e.aliases.iter().any(|a| fold_key(a) == fold_key(n))
            {
                e.aliases.push(n.to_string());
            }
        }
        if e.scope.is_empty() {
            e.scope = d.cell.scope.clone();
        }
        if let Some(s) = &d.section {
            if !e.sections.contains(s) {
                e.sections.push(s.clone());
                e.sections
                    .sort_by_key(|s| SECTION_ORDER.iter().position(|x| x == s).unwrap_or(9));
            }
        }
        e.date_added = match (e.date_added, d.date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        by_key.insert(fold_key(&e.name), i);
        for a in e.aliases.clone() {
            by_key.entry(fold_key(&a)).or_insert(i);
        }
    }
    entries
}

/// Take from the rule pack what the source does not carry, and cite every entry. Returns
/// notes on what was taken and what the pack has that the import lacks.
fn merge_known(
    entries: &mut [ListEntry],
    known: &[EntityRecord],
    notices: &[crate::rules::Notice],
) -> Vec<String> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, k) in known.iter().enumerate() {
        for n in k.all_names() {
            index.entry(fold_key(n)).or_insert(i);
        }
    }
    let mut used = vec![false; known.len()];
    let (mut zh, mut earlier, mut scoped) = (0, 0, 0);
    for e in entries.iter_mut() {
        let hit = std::iter::once(&e.name)
            .chain(e.aliases.iter())
            .find_map(|n| index.get(&fold_key(n)).copied());
        if let Some(i) = hit {
            used[i] = true;
            let k = &known[i];
            for z in &k.names_zh {
                if !e.names_zh.contains(z) {
                    e.names_zh.push(z.clone());
                    zh += 1;
                }
            }
            // DHS shows the date of the latest change (a rename, a new section); the
            // presumption runs from the first listing.
            if e.date_added.is_none_or(|d| k.date_added < d) {
                e.date_added = Some(k.date_added);
                earlier += 1;
            }
            if e.scope.is_empty() && !k.scope.is_empty() {
                e.scope = k.scope.clone();
                scoped += 1;
            }
        }
        if let Some(d) = e.date_added {
            e.citation = crate::rules::notice_citation(&d.to_string(), notices);
        }
    }
    let mut notes = Vec::new();
    if zh + earlier + scoped > 0 {
        notes.push(format!(
            "merged with the rule pack: {zh} Chinese name(s), {earlier} first-listing date(s) earlier than the date the source shows, {scoped} scope wording(s) the source left out"
        ));
    }
    let missing: Vec<&str> = known
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(k, _)| k.name.as_str())
        .collect();
    if !missing.is_empty() {
        notes.push(format!(
            "{} entit{} of the rule pack's list {} not in the imported file (a partial copy, or removals): {}{}",
            missing.len(),
            if missing.len() == 1 { "y" } else { "ies" },
            if missing.len() == 1 { "is" } else { "are" },
            missing.iter().take(5).copied().collect::<Vec<_>>().join("; "),
            if missing.len() > 5 { "; ..." } else { "" }
        ));
    }
    notes
}

type Read = (Vec<Draft>, Option<Date>, &'static str);

/// A section and date of one listing of an entity.
type Listing = (Option<String>, Option<Date>);

fn read_html(file: &str, text: &str) -> Result<Read, ListError> {
    use scraper::{ElementRef, Html, Selector};
    let doc = Html::parse_document(text);
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let content = doc
        .select(&sel("#block-mainpagecontent"))
        .next()
        .unwrap_or_else(|| doc.root_element());
    // "Last updated: August 3, 2026" on the page, when there.
    let whole: String = content.text().collect::<Vec<_>>().join(" ");
    let as_of = whole.find("Last updated").and_then(|i| {
        let rest = &whole[i + "Last updated".len()..];
        let rest = rest.trim_start_matches([':', ' ', '\u{a0}']);
        let end = rest.find(['\n', '<']).unwrap_or(rest.len());
        let s = name_cell::squeeze(&rest[..end.min(40)]);
        // "August 3, 2026 ..." : the first three words.
        let words: Vec<&str> = s.split(' ').take(3).collect();
        parse_list_date(&words.join(" "))
    });
    let cell_text = |e: ElementRef| -> String {
        // A <br> inside a cell is a space; text nodes joined.
        name_cell::squeeze(&e.text().collect::<Vec<_>>().join(" "))
    };
    let mut drafts = Vec::new();
    let tables: Vec<ElementRef> = content.select(&sel("table")).collect();
    if tables.is_empty() {
        return Err(err(
            file,
            1,
            "table",
            "the page has no table: was it saved whole?",
        ));
    }
    for (t, table) in tables.iter().enumerate() {
        // The section: the nearest element before the table that names one.
        let mut section = None;
        let mut prev = table.prev_sibling();
        while let Some(node) = prev {
            if let Some(el) = ElementRef::wrap(node) {
                section = section_of(&el.text().collect::<String>());
                break;
            }
            prev = node.prev_sibling();
        }
        let rows: Vec<ElementRef> = table.select(&sel("tr")).collect();
        let header: Vec<String> = rows
            .first()
            .map(|r| {
                r.select(&sel("th, td"))
                    .map(|c| cell_text(c).to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let name_col = header
            .iter()
            .position(|h| h.contains("name"))
            .ok_or_else(|| {
                err(
                    file,
                    1,
                    &format!("table {}", t + 1),
                    "no 'Name of Entity' or 'Entity Name' header",
                )
            })?;
        let date_col = header.iter().position(|h| h.contains("date"));
        for (i, r) in rows.iter().enumerate().skip(1) {
            let cells: Vec<ElementRef> = r.select(&sel("td, th")).collect();
            let Some(name) = cells.get(name_col).map(|c| cell_text(*c)) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let date = match date_col.and_then(|c| cells.get(c)) {
                None => None,
                Some(c) => {
                    let raw = cell_text(*c);
                    match parse_list_date(&raw) {
                        Some(d) => Some(d),
                        None => {
                            let line = line_of(text, &raw)
                                .or_else(|| line_of(text, name.get(..name.len().min(24))?))
                                .unwrap_or(1);
                            return Err(err(
                                file,
                                line,
                                &format!("table {}, row {}: Effective Date", t + 1, i + 1),
                                if raw.is_empty() {
                                    format!(
                                        "empty for {name}: every listed entity has an effective date"
                                    )
                                } else {
                                    format!("'{raw}' is not a date (June 21, 2022)")
                                },
                            ));
                        }
                    }
                }
            };
            drafts.push(Draft {
                cell: name_cell::parse(&name),
                section: section.clone(),
                date,
                source_id: None,
            });
        }
    }
    Ok((drafts, as_of, DHS_URL))
}

fn read_dhs_csv(file: &str, text: &str) -> Result<Read, ListError> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| err(file, 1, "header", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let name_col = col(&["name of entity", "entity name"])
        .ok_or_else(|| err(file, 1, "Name of Entity", "column missing"))?;
    let date_col = col(&["effective date"]);
    let section_col = col(&["section", "list section"]);
    let mut drafts = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            err(file, line, "row", e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let name = rec.get(name_col).unwrap_or("").trim();
        if name.is_empty() {
            continue;
        }
        let date = match date_col.and_then(|c| rec.get(c)).map(str::trim) {
            None => None,
            Some("") => {
                return Err(err(
                    file,
                    line,
                    "Effective Date",
                    format!("empty for {name}: every listed entity has an effective date"),
                ));
            }
            Some(d) => Some(parse_list_date(d).ok_or_else(|| {
                err(
                    file,
                    line,
                    "Effective Date",
                    format!("'{d}' is not a date (June 21, 2022 or 6/21/2022)"),
                )
            })?),
        };
        let section = section_col.and_then(|c| rec.get(c)).and_then(section_of);
        drafts.push(Draft {
            cell: name_cell::parse(name),
            section,
            date,
            source_id: None,
        });
    }
    Ok((drafts, None, DHS_URL))
}

fn read_ftm(file: &str, text: &str) -> Result<Read, ListError> {
    #[derive(serde::Deserialize)]
    struct Ent {
        id: String,
        schema: String,
        #[serde(default)]
        properties: HashMap<String, Vec<String>>,
        #[serde(default)]
        target: bool,
        #[serde(default)]
        last_seen: Option<String>,
    }
    let mut targets: Vec<(usize, Ent)> = Vec::new();
    // entity id -> (sections, dates) from its Sanction entities.
    let mut sanctions: HashMap<String, Vec<Listing>> = HashMap::new();
    let mut newest_seen: Option<Date> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Ent =
            serde_json::from_str(line).map_err(|e| err(file, i + 1, "json", e.to_string()))?;
        if let Some(d) = e
            .last_seen
            .as_deref()
            .and_then(|s| super::parse_iso(s.get(..10)?))
        {
            newest_seen = Some(newest_seen.map_or(d, |n| n.max(d)));
        }
        match e.schema.as_str() {
            "Sanction" => {
                let prop = |k: &str| e.properties.get(k).cloned().unwrap_or_default();
                let section = prop("program").iter().find_map(|p| section_of(p));
                let date = prop("startDate")
                    .iter()
                    .find_map(|d| super::parse_iso(d.get(..10).unwrap_or(d)));
                for ent in prop("entity") {
                    sanctions
                        .entry(ent)
                        .or_default()
                        .push((section.clone(), date));
                }
            }
            "Company" | "Organization" | "LegalEntity" if e.target => targets.push((i + 1, e)),
            _ => {}
        }
    }
    let mut drafts = Vec::new();
    for (line, e) in targets {
        let prop = |k: &str| e.properties.get(k).cloned().unwrap_or_default();
        let Some(name) = prop("name").into_iter().next() else {
            return Err(err(
                file,
                line,
                "properties.name",
                "a listed entity without a name",
            ));
        };
        let mut cell = name_cell::parse(&name);
        for a in prop("alias") {
            if !cell.aliases.contains(&a) {
                cell.aliases.push(a);
            }
        }
        if let Some(n) = prop("notes").first() {
            let scope = name_cell::parse(&format!("X {n}")).scope;
            if !scope.is_empty() {
                cell.scope = scope;
            }
        }
        let listed = sanctions.get(&e.id).cloned().unwrap_or_default();
        if listed.is_empty() {
            drafts.push(Draft {
                cell: cell.clone(),
                section: None,
                date: None,
                source_id: Some(e.id.clone()),
            });
        }
        for (section, date) in listed {
            drafts.push(Draft {
                cell: cell.clone(),
                section,
                date,
                source_id: Some(e.id.clone()),
            });
        }
    }
    Ok((drafts, newest_seen, OPENSANCTIONS_URL))
}

/// Split an OpenSanctions multi-valued cell: values joined with `;` by a nested CSV writer
/// (a value holding `;` or `"` is quoted inside the cell).
fn split_multi(cell: &str) -> Vec<String> {
    if cell.trim().is_empty() {
        return Vec::new();
    }
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(cell.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| {
            r.iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn read_simple_csv(file: &str, text: &str) -> Result<Read, ListError> {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| err(file, 1, "header", e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let (Some(id), Some(name), Some(sanc)) = (col("id"), col("name"), col("sanctions")) else {
        return Err(err(
            file,
            1,
            "header",
            "expected id, name and sanctions columns",
        ));
    };
    let aliases = col("aliases");
    let last_seen = col("last_seen");
    let mut drafts = Vec::new();
    let mut newest: Option<Date> = None;
    static DATE_AT_END: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(\d{4}-\d{2}-\d{2})\s*$").expect("static regex")
    });
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            err(file, line, "row", e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let n = rec.get(name).unwrap_or("").trim();
        if n.is_empty() {
            return Err(err(file, line, "name", "a listed entity without a name"));
        }
        if let Some(d) = last_seen
            .and_then(|c| rec.get(c))
            .and_then(|s| super::parse_iso(s.get(..10)?))
        {
            newest = Some(newest.map_or(d, |x| x.max(d)));
        }
        let mut cell = name_cell::parse(n);
        for a in aliases
            .map(|c| split_multi(rec.get(c).unwrap_or("")))
            .unwrap_or_default()
        {
            if !cell.aliases.contains(&a) {
                cell.aliases.push(a);
            }
        }
        let listed: Vec<Listing> = split_multi(rec.get(sanc).unwrap_or(""))
            .iter()
            .map(|s| {
                (
                    section_of(s),
                    DATE_AT_END
                        .captures(s)
                        .and_then(|c| super::parse_iso(&c[1])),
                )
            })
            .collect();
        let sid = rec.get(id).map(|s| s.trim().to_string());
        if listed.is_empty() {
            drafts.push(Draft {
                cell,
                section: None,
                date: None,
                source_id: sid,
            });
            continue;
        }
        for (section, date) in listed {
            drafts.push(Draft {
                cell: cell.clone(),
                section,
                date,
                source_id: sid.clone(),
            });
        }
    }
    Ok((drafts, newest, OPENSANCTIONS_URL))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        let d = |s| parse_list_date(s).map(|d| d.to_string());
        assert_eq!(d("June 21, 2022").as_deref(), Some("2022-06-21"));
        assert_eq!(d("June\u{a0}21, 2022").as_deref(), Some("2022-06-21"));
        assert_eq!(d("6/21/2022").as_deref(), Some("2022-06-21"));
        assert_eq!(d("2024-11-25").as_deref(), Some("2024-11-25"));
        assert_eq!(d("Sept. 5, 2024").as_deref(), Some("2024-09-05"));
        assert_eq!(d("soon"), None);
        assert_eq!(d("June 31, 2022"), None);
    }

    #[test]
    fn sections() {
        assert_eq!(
            section_of("UFLPA Section 2(d)(2)(B)(ii)").as_deref(),
            Some("ii")
        );
        assert_eq!(section_of("2(d)(2)(B)(v)").as_deref(), Some("v"));
        assert_eq!(
            section_of("Forced labor - 2(d)(2)(B)(iv) - 2024").as_deref(),
            Some("iv")
        );
        assert_eq!(section_of("Section 3(a)"), None);
    }

    #[test]
    fn citations_come_from_the_packs_federal_register_table() {
        let pack = crate::RulePack::embedded().unwrap();
        let c = |s: &str| crate::rules::notice_citation(s, &pack.notices);
        assert!(
            c("2023-08-02").contains("88 FR 50902"),
            "{}",
            c("2023-08-02")
        );
        assert!(
            c("2022-06-21").contains("FR Doc. 2022-16754"),
            "{}",
            c("2022-06-21")
        );
        let none = c("2024-11-25");
        assert!(none.contains("could not be confirmed"), "{none}");
        for cite in [c("2023-08-02"), c("2022-06-21"), none] {
            assert!(
                !cite.contains("not found") && !cite.contains("uflpa-facts"),
                "{cite}"
            );
        }
    }
}
