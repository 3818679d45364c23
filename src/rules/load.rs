//! Reading the pack files and validating them into a [`RulePack`].

use super::*;
use crate::error::PackErrors;
use crate::hts::hts_digits;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The text of each file of a pack, with the name used in error messages.
#[derive(Debug, Clone)]
pub struct PackFiles {
    /// `pack.toml`.
    pub pack: (String, String),
    /// `gazetteer.csv`.
    pub gazetteer: (String, String),
    /// `context.csv`.
    pub context: (String, String),
    /// `signals.toml`.
    pub signals: (String, String),
    /// `sectors.toml`.
    pub sectors: (String, String),
    /// `entity-list.csv`.
    pub entities: (String, String),
    /// `documents.toml`.
    pub documents: (String, String),
}

/// File names of a pack directory.
pub const FILE_NAMES: [&str; 7] = [
    "pack.toml",
    "gazetteer.csv",
    "context.csv",
    "signals.toml",
    "sectors.toml",
    "entity-list.csv",
    "documents.toml",
];

impl PackFiles {
    /// The files of `rules/uflpa/`, embedded at build time.
    pub fn embedded() -> PackFiles {
        let f =
            |name: &str, text: &str| (format!("rules/uflpa/{name} (embedded)"), text.to_string());
        PackFiles {
            pack: f("pack.toml", include_str!("../../rules/uflpa/pack.toml")),
            gazetteer: f(
                "gazetteer.csv",
                include_str!("../../rules/uflpa/gazetteer.csv"),
            ),
            context: f("context.csv", include_str!("../../rules/uflpa/context.csv")),
            signals: f(
                "signals.toml",
                include_str!("../../rules/uflpa/signals.toml"),
            ),
            sectors: f(
                "sectors.toml",
                include_str!("../../rules/uflpa/sectors.toml"),
            ),
            entities: f(
                "entity-list.csv",
                include_str!("../../rules/uflpa/entity-list.csv"),
            ),
            documents: f(
                "documents.toml",
                include_str!("../../rules/uflpa/documents.toml"),
            ),
        }
    }

    /// Read the files of a pack directory; a missing or unreadable file is an error.
    pub fn from_dir(dir: &Path) -> Result<PackFiles, PackErrors> {
        let mut errors = PackErrors::default();
        let mut read = |name: &str| {
            let path = dir.join(name);
            let shown = path.display().to_string();
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => (shown, text),
                    Err(e) => {
                        errors.push(&shown, None, None, format!("not UTF-8: {e}"));
                        (shown, String::new())
                    }
                },
                Err(e) => {
                    errors.push(&shown, None, None, format!("cannot read: {e}"));
                    (shown, String::new())
                }
            }
        };
        let files = PackFiles {
            pack: read(FILE_NAMES[0]),
            gazetteer: read(FILE_NAMES[1]),
            context: read(FILE_NAMES[2]),
            signals: read(FILE_NAMES[3]),
            sectors: read(FILE_NAMES[4]),
            entities: read(FILE_NAMES[5]),
            documents: read(FILE_NAMES[6]),
        };
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackToml {
    pack: PackMeta,
    entity_list: EntityListMeta,
    #[serde(rename = "rule")]
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsToml {
    #[serde(rename = "document")]
    documents: Vec<DocumentReq>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectorsToml {
    #[serde(rename = "family")]
    families: Vec<Family>,
    #[serde(rename = "sector")]
    sectors: Vec<Sector>,
}

/// The 1-based line of a TOML error, from its byte span.
fn toml_line(text: &str, err: &toml::de::Error) -> Option<usize> {
    err.span().map(|s| line_at(text, s.start))
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Best-effort line of the first occurrence of a quoted value, for semantic errors.
fn line_of_value(text: &str, value: &str) -> Option<usize> {
    for quoted in [format!("\"{value}\""), format!("'{value}'")] {
        if let Some(i) = text.find(&quoted) {
            return Some(line_at(text, i));
        }
    }
    None
}

fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &(String, String),
    errors: &mut PackErrors,
) -> Option<T> {
    match toml::from_str::<T>(&file.1) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(
                &file.0,
                toml_line(&file.1, &e),
                None,
                e.message().to_string(),
            );
            None
        }
    }
}

/// Quoting of a pack CSV, checked strictly before the csv crate reads it (the crate accepts
/// `ab"c`, `"ab"c` and a quote left open to the end of the file without a word, and an
/// unclosed quote silently merges the following records into one field: a listed alias
/// would vanish into its neighbour). A field is either unquoted without any `"`, or quoted
/// from its first to its last character with `""` for a quote inside, on one line (no value
/// of a pack spans lines). Comment lines (`#` first) are skipped. Every problem is recorded
/// with its line and column; true if there was none.
fn check_quoting(name: &str, text: &str, errors: &mut PackErrors) -> bool {
    let before = errors.0.len();
    let mut push = |line: usize, col: usize, msg: &str| {
        errors.push(name, Some(line), None, format!("column {col}: {msg}"));
    };
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        if l.starts_with('#') {
            continue;
        }
        let chars: Vec<char> = l.chars().collect();
        let mut at = 0;
        // One field per turn.
        'fields: loop {
            // Leading blanks are trimmed by the reader; a quote may follow them.
            while chars.get(at) == Some(&' ') {
                at += 1;
            }
            if chars.get(at) != Some(&'"') {
                // Unquoted: up to the next comma, without a quote.
                match chars[at..].iter().position(|&c| c == ',' || c == '"') {
                    Some(k) if chars[at + k] == '"' => {
                        push(
                            line,
                            at + k + 1,
                            "a quote inside an unquoted field (quote the whole field and write the quote as \"\")",
                        );
                        break 'fields;
                    }
                    Some(k) => at += k + 1,
                    None => break 'fields,
                }
                continue;
            }
            let open = at;
            at += 1;
            loop {
                match chars.get(at) {
                    None => {
                        push(
                            line,
                            open + 1,
                            "the quote opened here is not closed on this line (no value of a rule pack spans lines)",
                        );
                        break 'fields;
                    }
                    Some('"') if chars.get(at + 1) == Some(&'"') => at += 2,
                    Some('"') => {
                        at += 1;
                        break;
                    }
                    Some(_) => at += 1,
                }
            }
            while chars.get(at) == Some(&' ') {
                at += 1;
            }
            match chars.get(at) {
                None => break 'fields,
                Some(',') => at += 1,
                Some(_) => {
                    push(
                        line,
                        at + 1,
                        &format!(
                            "text after the quote that closes the field opened at column {} \
                             (a quote left open, or a quote inside a value not written \"\")",
                            open + 1
                        ),
                    );
                    break 'fields;
                }
            }
        }
    }
    errors.0.len() == before
}

fn parse_csv<T: serde::de::DeserializeOwned>(
    file: &(String, String),
    expected: &[&str],
    errors: &mut PackErrors,
) -> Vec<(usize, T)> {
    if !check_quoting(&file.0, &file.1, errors) {
        return Vec::new();
    }
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        // Every record has exactly the header's fields.
        .flexible(false)
        .from_reader(file.1.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(&file.0, None, None, format!("cannot read the header: {e}"));
            return Vec::new();
        }
    };
    let mut ok = true;
    for h in headers.iter() {
        if !expected.contains(&h) {
            errors.push(
                &file.0,
                Some(1),
                Some(h),
                format!("unknown column; expected some of: {}", expected.join(", ")),
            );
            ok = false;
        }
    }
    if !ok {
        return Vec::new();
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(rec) => {
                let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
                match rec.deserialize::<T>(Some(&headers)) {
                    Ok(v) => out.push((line, v)),
                    Err(e) => {
                        let key = match e.kind() {
                            csv::ErrorKind::Deserialize { err, .. } => err
                                .field()
                                .and_then(|i| headers.get(i as usize))
                                .map(str::to_string),
                            _ => None,
                        };
                        let msg = match e.kind() {
                            csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
                            _ => e.to_string(),
                        };
                        errors.push(&file.0, Some(line), key.as_deref(), msg);
                    }
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                errors.push(&file.0, line, None, e.to_string());
            }
        }
    }
    out
}

fn valid_code(code: &str) -> bool {
    code.len() == 5
        && code[..2].bytes().all(|b| b.is_ascii_uppercase())
        && code[2..].bytes().all(|b| b.is_ascii_digit())
}

fn valid_country(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

pub(super) fn load(files: PackFiles, origin: PackOrigin) -> Result<RulePack, PackErrors> {
    let mut errors = PackErrors::default();
    let pack: Option<PackToml> = parse_toml(&files.pack, &mut errors);
    let signals: Option<Signals> = parse_toml(&files.signals, &mut errors);
    let sectors: Option<SectorsToml> = parse_toml(&files.sectors, &mut errors);
    let documents: Option<DocumentsToml> = parse_toml(&files.documents, &mut errors);
    let gazetteer: Vec<(usize, PlaceEntry)> = parse_csv(
        &files.gazetteer,
        &[
            "pattern",
            "kind",
            "place",
            "gb_code",
            "ambiguity",
            "country",
            "unless",
            "note",
            "source",
        ],
        &mut errors,
    );
    let entities: Vec<(usize, EntityRow)> = parse_csv(
        &files.entities,
        &[
            "name",
            "aliases",
            "names_zh",
            "scope",
            "sections",
            "date_added",
            "citation",
            "sector_hint",
            "location",
        ],
        &mut errors,
    );
    let context: Vec<(usize, ContextEntry)> = parse_csv(
        &files.context,
        &["pattern", "country", "province", "note"],
        &mut errors,
    );

    // Registry.
    let mut codes = HashSet::new();
    if let Some(p) = &pack {
        let (name, text) = &files.pack;
        for r in &p.rules {
            let line = line_of_value(text, &r.code);
            if !valid_code(&r.code) {
                errors.push(
                    name,
                    line,
                    Some(&r.code),
                    "a rule code is two capital letters and three digits, e.g. XJ101",
                );
            }
            if !codes.insert(r.code.clone()) {
                errors.push(name, line, Some(&r.code), "duplicate rule code");
            }
            for (key, value) in [
                ("title", &r.title),
                ("citation", &r.citation),
                ("checks", &r.checks),
                ("why", &r.why),
                ("example", &r.example),
                ("clear", &r.clear),
            ] {
                if value.trim().is_empty() {
                    errors.push(
                        name,
                        line,
                        Some(&format!("{}.{key}", r.code)),
                        "must not be empty",
                    );
                }
            }
        }
        for code in Code::ALL {
            let code = code.as_str();
            if !codes.contains(code) {
                errors.push(
                    name,
                    None,
                    Some(code),
                    "the engine emits this code but the registry does not define it",
                );
            }
        }
    }

    // Entity List.
    let mut entity_meta = pack.as_ref().map(|p| p.entity_list.clone());
    if let Some(meta) = entity_meta.as_mut() {
        let (name, text) = &files.entities;
        use sha2::Digest;
        let digest = sha2::Sha256::digest(text.as_bytes());
        meta.sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        if meta.entities != entities.len() {
            errors.push(
                &files.pack.0,
                line_of_value(&files.pack.1, "entity_list").or(Some(1)),
                Some("entity_list.entities"),
                format!(
                    "says {} entities but {name} has {}",
                    meta.entities,
                    entities.len()
                ),
            );
        }
        let t = (
            meta.presume_threshold,
            meta.review_threshold,
            meta.token_threshold,
        );
        if !(0.0 < t.1 && t.1 <= t.0 && t.0 <= 1.0 && 0.0 < t.2 && t.2 <= 1.0) {
            errors.push(&files.pack.0, None, Some("entity_list"), "thresholds must satisfy 0 < review_threshold <= presume_threshold <= 1 and 0 < token_threshold <= 1");
        }
        let mut seen = HashSet::new();
        for (line, e) in &entities {
            if e.name.trim().is_empty() {
                errors.push(name, Some(*line), Some("name"), "empty name");
            }
            if !seen.insert(e.name.to_lowercase()) {
                errors.push(name, Some(*line), Some(&e.name), "duplicate entity");
            }
            if crate::date::parse_date(&e.date_added, crate::date::DateOrder::Auto).is_err()
                || e.date_added.len() != 10
            {
                errors.push(
                    name,
                    Some(*line),
                    Some("date_added"),
                    format!("'{}' is not a YYYY-MM-DD date", e.date_added),
                );
            }
            for sec in e.sections.split('|') {
                if !matches!(sec, "i" | "ii" | "iii" | "iv" | "v") {
                    errors.push(
                        name,
                        Some(*line),
                        Some("sections"),
                        format!("'{sec}' is not a list section (i, ii, iv, v)"),
                    );
                }
            }
        }
        let _ = text;
    }

    // Context.
    let mut provinces = HashSet::new();
    for (line, c) in &context {
        if !valid_country(&c.country) {
            errors.push(
                &files.context.0,
                Some(*line),
                Some("country"),
                format!("'{}' is not an ISO 3166-1 alpha-2 code", c.country),
            );
        }
        if crate::text::fold(&c.pattern).is_empty() {
            errors.push(
                &files.context.0,
                Some(*line),
                Some("pattern"),
                "empty pattern",
            );
        }
        if !c.province.is_empty() {
            provinces.insert(c.province.clone());
        }
    }

    // Gazetteer.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, g) in &gazetteer {
        let folded = crate::text::fold(&g.pattern);
        if folded.is_empty() {
            errors.push(
                &files.gazetteer.0,
                Some(*line),
                Some("pattern"),
                "empty pattern",
            );
        } else if let Some(first) = seen.insert(folded.clone(), *line) {
            errors.push(
                &files.gazetteer.0,
                Some(*line),
                Some(&g.pattern),
                format!("duplicate pattern (first on line {first})"),
            );
        }
        if !g.country.is_empty() && !valid_country(&g.country) {
            errors.push(
                &files.gazetteer.0,
                Some(*line),
                Some("country"),
                format!("'{}' is not an ISO 3166-1 alpha-2 code", g.country),
            );
        }
        for key in g.unless.split('|').filter(|k| !k.is_empty()) {
            if !provinces.contains(key) {
                errors.push(
                    &files.gazetteer.0,
                    Some(*line),
                    Some("unless"),
                    format!("'{key}' is not a province key of context.csv"),
                );
            }
        }
        let is_place = matches!(
            g.kind,
            PlaceKind::Region | PlaceKind::Prefecture | PlaceKind::County | PlaceKind::XpccCity
        );
        if is_place && g.place.trim().is_empty() {
            errors.push(
                &files.gazetteer.0,
                Some(*line),
                Some("place"),
                "a place entry needs its canonical name",
            );
        }
    }

    // Signals: compiled here, once.
    let mut signals = signals;
    if let Some(s) = &mut signals {
        let (name, text) = &files.signals;
        for (key, sig) in [
            ("postcode", &mut s.postcode),
            ("phone_international", &mut s.phone_international),
            ("phone_domestic", &mut s.phone_domestic),
            ("xpcc_zh", &mut s.xpcc_zh),
            ("xpcc_en", &mut s.xpcc_en),
        ] {
            match regex::Regex::new(&sig.regex) {
                Ok(re) => sig.compiled = Some(re),
                Err(e) => {
                    let line = text.find(&format!("[{key}]")).map(|i| line_at(text, i) + 1);
                    errors.push(
                        name,
                        line,
                        Some(&format!("{key}.regex")),
                        format!("invalid pattern: {e}"),
                    );
                }
            }
        }
    }

    // Sectors.
    if let Some(s) = &sectors {
        let (name, text) = &files.sectors;
        let families: HashSet<&str> = s.families.iter().map(|f| f.id.as_str()).collect();
        let mut ids = HashSet::new();
        for sec in &s.sectors {
            let line = line_of_value(text, &sec.id);
            if !ids.insert(sec.id.clone()) {
                errors.push(name, line, Some(&sec.id), "duplicate sector id");
            }
            if pack.is_some() && !codes.contains(&sec.code) {
                errors.push(
                    name,
                    line_of_value(text, &sec.code),
                    Some(&format!("{}.code", sec.id)),
                    format!("rule code {} is not in pack.toml", sec.code),
                );
            }
            if !(2022..=2100).contains(&sec.year) {
                errors.push(
                    name,
                    line,
                    Some(&format!("{}.year", sec.id)),
                    format!("{} is not a designation year", sec.year),
                );
            }
            if sec.groups.is_empty() {
                errors.push(
                    name,
                    line,
                    Some(&sec.id),
                    "a sector needs at least one [[sector.group]]",
                );
            }
            for g in &sec.groups {
                if !families.contains(g.family.as_str()) {
                    errors.push(
                        name,
                        line_of_value(text, &g.family),
                        Some(&format!("{}.family", sec.id)),
                        format!("unknown family '{}'", g.family),
                    );
                }
                if g.hts.is_empty() && g.keywords.is_empty() {
                    errors.push(
                        name,
                        line,
                        Some(&sec.id),
                        "a group needs HTS prefixes or keywords",
                    );
                }
                for h in &g.hts {
                    if let Err(e) = hts_digits(h, 2, 10) {
                        errors.push(
                            name,
                            line_of_value(text, h),
                            Some(&format!("{}.hts", sec.id)),
                            e,
                        );
                    }
                }
                for k in g.keywords.iter().chain(&g.exclude) {
                    if crate::text::fold(k).is_empty() {
                        errors.push(
                            name,
                            line,
                            Some(&format!("{}.keywords", sec.id)),
                            "empty keyword",
                        );
                    }
                }
            }
        }
    }

    // Documents.
    if let (Some(d), Some(sec)) = (&documents, &sectors) {
        let (name, text) = &files.documents;
        let mut seen: HashMap<String, String> = HashMap::new();
        for doc in &d.documents {
            for a in std::iter::once(&doc.id).chain(&doc.aliases) {
                let k = crate::text::fold(a).replace(' ', "");
                if let Some(other) = seen.insert(k, doc.id.clone()) {
                    if other != doc.id {
                        errors.push(
                            name,
                            line_of_value(text, a),
                            Some(a),
                            format!("names both {other} and {}", doc.id),
                        );
                    }
                }
            }
            for s in &doc.sectors {
                if !sec.sectors.iter().any(|x| &x.id == s) {
                    errors.push(
                        name,
                        line_of_value(text, s),
                        Some(&format!("{}.sectors", doc.id)),
                        format!("unknown sector '{s}'"),
                    );
                }
            }
        }
    }

    let (Some(pack), Some(signals), Some(sectors), Some(entity_list), Some(documents)) =
        (pack, signals, sectors, entity_meta, documents)
    else {
        // Each missing part was reported when it failed to parse.
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RulePack {
        meta: pack.pack,
        origin,
        rules: pack.rules,
        gazetteer: gazetteer.into_iter().map(|(_, g)| g).collect(),
        context: context.into_iter().map(|(_, c)| c).collect(),
        signals,
        families: sectors.families,
        sectors: sectors.sectors,
        entity_list,
        entities: entities
            .into_iter()
            .map(|(_, e)| validated_entity(e))
            .collect(),
        documents: documents.documents,
    })
}

/// An entity row checked above, with its lists split and its date parsed.
fn validated_entity(e: EntityRow) -> EntityRecord {
    let split = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    EntityRecord {
        date_added: crate::date::parse_date(&e.date_added, crate::date::DateOrder::Auto).unwrap_or(
            crate::date::Date {
                year: 1900,
                month: 1,
                day: 1,
            },
        ),
        aliases: split(&e.aliases),
        names_zh: split(&e.names_zh),
        sections: split(&e.sections),
        name: e.name,
        scope: e.scope,
        citation: e.citation,
        sector_hint: e.sector_hint,
        location: e.location,
    }
}
