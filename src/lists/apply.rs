//! Screening with a list the user keeps (`screen --lists DIR`): a normalised Entity List in
//! place of the one embedded in the rule pack, with its provenance, and how old it is.

use super::ListFile;
use super::import::fold_key;
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
/// Each record's `notice` (what findings cite) comes from the rule pack's Federal Register
/// table `notices` by the listing date ([`crate::rules::notice_citation`]); the list's own
/// `citation` text is kept as written.
pub fn entity_records(
    list: &ListFile,
    known: &[EntityRecord],
    notices: &[crate::rules::Notice],
) -> Vec<EntityRecord> {
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
                citation: e.citation.clone(),
                notice: crate::rules::notice_citation(
                    &e.date_added.unwrap_or(list.provenance.as_of).to_string(),
                    notices,
                ),
                sector_hint: k.map(|k| k.sector_hint.clone()).unwrap_or_default(),
                location: k.map(|k| k.location.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// Screen with `list` instead of the pack's Entity List: the entities are replaced and the
/// provenance (`[entity_list]`: source, as-of date, count, SHA-256, latest addition) is the
/// list's, so every output that names the embedded list's provenance names this one.
/// `file` is the list file as the user named it.
///
/// Returns the names of the pack's entities that the list does not hold (paired by any
/// name or alias folded to letters and digits): removals by DHS, or a partial import; a
/// caller says so, since they are no longer screened.
pub fn use_list(pack: &mut RulePack, list: &ListFile, file: &str) -> Vec<String> {
    let held: std::collections::HashSet<String> = list
        .entries
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(&e.names_zh)
        })
        .map(|n| fold_key(n))
        .collect();
    let missing: Vec<String> = pack
        .entities
        .iter()
        .filter(|k| !k.all_names().any(|n| held.contains(&fold_key(n))))
        .map(|k| k.name.clone())
        .collect();
    let records = entity_records(list, &pack.entities, &pack.notices);
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
    missing
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

/// What the user must hear about the date of the Entity List in use (`as_of`: its
/// `[entity_list] as_of`, YYYY-MM-DD) against the run's date `today`: a list more than
/// `max_days` old (DHS may have listed entities since), or one dated after the run (entities
/// listed since are presumed as of their listing). The CLI prints each as a warning; the
/// Python package raises each as a `ListWarning`.
pub fn age_warnings(as_of: &str, today: Date, max_days: i64) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(age) = too_old(as_of, today, max_days) {
        out.push(format!(
            "the UFLPA Entity List in use is as of {as_of}, {} days before {today} (more than {max_days}): DHS may have listed entities since; import the current list (uflpa-screen lists import, docs/lists.md)",
            if age == i64::MAX {
                "unknown".to_string()
            } else {
                age.to_string()
            },
        ));
    }
    if super::parse_iso(as_of).is_some_and(|d| d > today) {
        out.push(format!(
            "the UFLPA Entity List in use is as of {as_of}, after the run's date {today}: entities listed since {today} are presumed as of their listing (see the note on entry dates in each finding)"
        ));
    }
    out
}

/// What [`use_dir`] loaded: each list file used, with a line for the user about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// The list files read (so that no output may overwrite them).
    pub files: Vec<std::path::PathBuf>,
    /// One line per file: "Entity List lists/entity-list.csv (as of 2026-08-03, 21 entities)".
    pub said: Vec<String>,
    /// What the user must hear: entities of the embedded list that the list lacks.
    pub warnings: Vec<String>,
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
        let before = pack.entity_list.as_of.clone();
        let missing = use_list(pack, &list, &shown);
        if !missing.is_empty() {
            loaded.warnings.push(format!(
                "{} entit{} of the embedded UFLPA Entity List (as of {before}) {} not in {shown} and no longer screened (removed by DHS, or a partial import?): {}{}",
                missing.len(),
                if missing.len() == 1 { "y" } else { "ies" },
                if missing.len() == 1 { "is" } else { "are" },
                missing.iter().take(5).cloned().collect::<Vec<_>>().join("; "),
                if missing.len() > 5 { "; ..." } else { "" }
            ));
        }
        loaded.said.push(format!(
            "Entity List {shown} (as of {}, {})",
            list.provenance.as_of,
            crate::text::plural(list.entries.len() as u64, "entity", "entities")
        ));
        loaded.files.push(entity);
    }
    if wro.is_file() {
        let shown = wro.display().to_string();
        pack.user_lists.wro = user::read_wro(&shown, &read(&wro)?)?;
        loaded.said.push(format!(
            "CBP WRO/Finding list {shown} ({})",
            crate::text::plural(pack.user_lists.wro.len() as u64, "order", "orders")
        ));
        pack.user_lists.wro_file = shown;
        loaded.files.push(wro);
    }
    if xpcc.is_file() {
        let shown = xpcc.display().to_string();
        pack.user_lists.xpcc = user::read_xpcc(&shown, &read(&xpcc)?)?;
        loaded.said.push(format!(
            "XPCC affiliate list {shown} ({})",
            crate::text::plural(pack.user_lists.xpcc.len() as u64, "company", "companies")
        ));
        pack.user_lists.xpcc_file = shown;
        loaded.files.push(xpcc);
    }
    Ok(loaded)
}
