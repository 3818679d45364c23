//! Screening with a list the user keeps (`screen --lists DIR`): a normalised Entity List in
//! place of the one embedded in the rule pack, with its provenance, and how old it is.

use super::ListFile;
use super::import::{FederalRegister, fold_key};
use crate::date::Date;
use crate::rules::{EntityRecord, RulePack};
use std::collections::HashMap;

/// Default of `max_list_age_days`: a list older than this (against the run's date) gives a
/// warning. DHS added entities seven times in 2024; half a year without an update is the
/// point where a user should check.
pub const DEFAULT_MAX_AGE_DAYS: i64 = 180;

/// The entries of `list` as the matcher's records. What the list does not carry (sector and
/// location hints, Chinese names the list lacks) is taken from the pack's record of the
/// same entity (`known`, paired by a name or alias folded to letters and digits); an entry
/// without a listing date takes the list's `as_of` (the latest date it can have).
///
/// Citations come from the rule pack's Federal Register table ([`FederalRegister`]) by the
/// listing date where it knows a notice with its document number; else the list's own
/// citation; else the table's plain statement that no notice is identified.
pub fn entity_records(list: &ListFile, known: &[EntityRecord]) -> Vec<EntityRecord> {
    let fr = FederalRegister::embedded();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, k) in known.iter().enumerate() {
        for n in k.all_names() {
            index.entry(fold_key(n)).or_insert(i);
        }
    }
    list.entries
        .iter()
        .map(|e| {
            let k = std::iter::once(&e.name)
                .chain(&e.aliases)
                .find_map(|n| index.get(&fold_key(n)))
                .map(|&i| &known[i]);
            let mut names_zh = e.names_zh.clone();
            if let Some(k) = k {
                for z in &k.names_zh {
                    if !names_zh.contains(z) {
                        names_zh.push(z.clone());
                    }
                }
            }
            EntityRecord {
                name: e.name.clone(),
                aliases: e.aliases.clone(),
                names_zh,
                scope: e.scope.clone(),
                sections: e.sections.clone(),
                date_added: e.date_added.unwrap_or(list.provenance.as_of),
                citation: citation(&fr, e, list.provenance.as_of),
                sector_hint: k.map(|k| k.sector_hint.clone()).unwrap_or_default(),
                location: k.map(|k| k.location.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

fn citation(fr: &FederalRegister, e: &super::ListEntry, as_of: Date) -> String {
    let date = e.date_added.unwrap_or(as_of);
    let known = fr
        .notices
        .iter()
        .any(|n| n.date == date && (!n.document_number.is_empty() || n.action == "initial_list"));
    if known || e.citation.trim().is_empty() {
        fr.citation_for(date)
    } else {
        e.citation.clone()
    }
}

/// Screen with `list` instead of the pack's Entity List: the entities are replaced and the
/// provenance (`[entity_list]`: source, as-of date, count, SHA-256, latest addition) is the
/// list's, so every output that names the embedded list's provenance names this one.
/// `file` is the list file as the user named it.
pub fn use_list(pack: &mut RulePack, list: &ListFile, file: &str) {
    let records = entity_records(list, &pack.entities);
    let m = &mut pack.entity_list;
    m.as_of = list.provenance.as_of.to_string();
    m.latest_addition = records
        .iter()
        .map(|r| r.date_added)
        .max()
        .map(|d| d.to_string())
        .unwrap_or_default();
    m.entities = records.len();
    m.source = format!("{} (list file {file})", list.provenance.source);
    m.sha256 = list.provenance.sha256.clone();
    pack.entities = records;
}

/// Days from the list's as-of date to `today`, when more than `max_days`: the warning's
/// figure. `as_of` is `[entity_list] as_of` (YYYY-MM-DD); an unreadable date counts as old.
pub fn too_old(as_of: &str, today: Date, max_days: i64) -> Option<i64> {
    match super::parse_iso(as_of) {
        Some(d) => {
            let age = today.days() - d.days();
            (age > max_days).then_some(age)
        }
        None => Some(i64::MAX),
    }
}

/// What [`use_dir`] loaded: each list file used, with a line for the user about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// The list files read (so that no output may overwrite them).
    pub files: Vec<std::path::PathBuf>,
    /// One line per file: "Entity List lists/entity-list.csv (as of 2026-08-03, 21 entities)".
    pub said: Vec<String>,
}

/// Use the list directory `dir` (`--lists DIR`, `[lists] dir`, Python's `lists=`): its
/// `entity-list.csv` (normalised, [`use_list`]) replaces the pack's Entity List; its
/// `wro.csv` and `xpcc-affiliates.csv` ([`super::user`]) become the pack's user lists. Each
/// file is optional, at least one must be there.
///
/// Errors: [`crate::Error::Usage`] when none is there, [`crate::Error::Io`] for an
/// unreadable file, [`crate::Error::List`] (file, line, key) for a file with a fault.
pub fn use_dir(pack: &mut RulePack, dir: &std::path::Path) -> Result<Loaded, crate::Error> {
    use super::user;
    let entity = dir.join(super::ENTITY_LIST_FILE);
    let wro = dir.join(user::WRO_FILE);
    let xpcc = dir.join(user::XPCC_FILE);
    if ![&entity, &wro, &xpcc].iter().any(|p| p.is_file()) {
        return Err(crate::Error::Usage(format!(
            "--lists {}: no {}, {} or {} in it (write the Entity List with `uflpa-screen lists import FILE -o {}`)",
            dir.display(),
            super::ENTITY_LIST_FILE,
            user::WRO_FILE,
            user::XPCC_FILE,
            dir.display()
        )));
    }
    let read = |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| crate::Error::io(p, e));
    let mut loaded = Loaded::default();
    if entity.is_file() {
        let shown = entity.display().to_string();
        let list = super::read(&shown, &read(&entity)?)?;
        use_list(pack, &list, &shown);
        loaded.said.push(format!(
            "Entity List {shown} (as of {}, {} entities)",
            list.provenance.as_of,
            list.entries.len()
        ));
        loaded.files.push(entity);
    }
    if wro.is_file() {
        let shown = wro.display().to_string();
        pack.user_lists.wro = user::read_wro(&shown, &read(&wro)?)?;
        loaded.said.push(format!(
            "CBP WRO/Finding list {shown} ({} orders)",
            pack.user_lists.wro.len()
        ));
        pack.user_lists.wro_file = shown;
        loaded.files.push(wro);
    }
    if xpcc.is_file() {
        let shown = xpcc.display().to_string();
        pack.user_lists.xpcc = user::read_xpcc(&shown, &read(&xpcc)?)?;
        loaded.said.push(format!(
            "XPCC affiliate list {shown} ({} companies)",
            pack.user_lists.xpcc.len()
        ));
        pack.user_lists.xpcc_file = shown;
        loaded.files.push(xpcc);
    }
    Ok(loaded)
}
