//! The rule pack: the law and the facts, as data.
//!
//! A pack is a directory of plain files (`rules/uflpa/` in this repository, embedded into
//! the binary at build time, or any directory given with `--rules DIR`):
//!
//! | file | holds |
//! |---|---|
//! | `pack.toml` | the pack's identity and the registry of rule codes with their explanations |
//! | `gazetteer.csv` | Xinjiang place names and signatures, look-alikes, negations |
//! | `context.csv` | country and province names that say where an address is |
//! | `signals.toml` | pattern signals: postcodes, phone codes, XPCC units, street words |
//! | `sectors.toml` | the UFLPA high-priority sectors: HTS prefixes and keywords |
//! | `entity-list.csv` | the UFLPA Entity List: names, aliases, sections, dates, citations |
//! | `documents.toml` | the documents an applicability review expects, by sector |
//!
//! Loading parses every file, then validates the whole pack into one immutable
//! [`RulePack`], collecting *every* problem with its file, line and key before failing.

pub mod codes;
pub mod docs;
mod load;

pub use codes::Code;

pub use load::{FILE_NAMES, PackFiles};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is; the row's verdict is the most serious of its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information that does not change the verdict (e.g. a line traced to a clean raw material).
    Info,
    /// A risk signal that needs a person to look: the line is `review`.
    Review,
    /// The UFLPA presumption applies: the line is `presumed`.
    Presumed,
}

impl Severity {
    /// The name as outputs write it: `info`, `review`, `presumed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::Presumed => "presumed",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the rule registry: a stable code and everything a person needs to act on it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable code, e.g. `XJ101`. Never renamed once released.
    pub code: String,
    /// Short kebab-case name, e.g. `xinjiang-named`.
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// Legal basis and sources.
    pub citation: String,
    /// What the rule checks.
    pub checks: String,
    /// Why it matters.
    pub why: String,
    /// An example row it catches.
    pub example: String,
    /// How to clear a finding.
    pub clear: String,
    /// Facts the rule relies on that the reference marks unverified, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unverified: Option<String>,
}

/// Identity of a pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// Short id, e.g. `uflpa`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Pack version, e.g. `2026.11.0`.
    pub version: String,
    /// Date the facts were last checked (YYYY-MM-DD).
    pub facts_as_of: String,
    /// What the pack is for.
    pub description: String,
}

/// Provenance and matching thresholds of the Entity List (`[entity_list]` in pack.toml).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityListMeta {
    /// Date the list was taken from the DHS page (YYYY-MM-DD).
    pub as_of: String,
    /// Date of the latest addition the list includes.
    pub latest_addition: String,
    /// Number of entities; checked against the file.
    pub entities: usize,
    /// Where the list comes from.
    pub source: String,
    /// Recall and precision at or above this make a fuzzy match `presumed`.
    #[serde(default = "default_presume")]
    pub presume_threshold: f32,
    /// A similarity at or above this (and below presume) is a `review`.
    #[serde(default = "default_review")]
    pub review_threshold: f32,
    /// Jaro-Winkler similarity for two words to count as the same (typos).
    #[serde(default = "default_token")]
    pub token_threshold: f32,
    /// SHA-256 of `entity-list.csv` as loaded (computed, not read from the file).
    #[serde(skip_deserializing, default)]
    pub sha256: String,
}

fn default_presume() -> f32 {
    0.90
}
fn default_review() -> f32 {
    0.75
}
fn default_token() -> f32 {
    0.88
}

/// One row of `entity-list.csv` as written (`|`-joined lists, text dates); validated into
/// an [`EntityRecord`] by the loader.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRow {
    /// Name as DHS lists it, without scope wording.
    pub name: String,
    /// `|`-separated aliases and former names.
    #[serde(default)]
    pub aliases: String,
    /// `|`-separated Chinese names (not published by DHS; unverified).
    #[serde(default)]
    pub names_zh: String,
    /// Scope wording such as "and subsidiaries".
    #[serde(default)]
    pub scope: String,
    /// `|`-separated list sections: i, ii, iv, v.
    pub sections: String,
    /// Date first listed (YYYY-MM-DD).
    pub date_added: String,
    /// Federal Register citation.
    pub citation: String,
    /// Sector hint (S: sourced, I: inferred).
    #[serde(default)]
    pub sector_hint: String,
    /// Location hint (S: sourced, I: inferred).
    #[serde(default)]
    pub location: String,
}

/// One listed entity, validated: lists split, the listing date parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRecord {
    /// Name as DHS lists it, without scope wording.
    pub name: String,
    /// Aliases and former names.
    pub aliases: Vec<String>,
    /// Chinese names (not published by DHS; unverified).
    pub names_zh: Vec<String>,
    /// Scope wording such as "and subsidiaries" (empty when none).
    pub scope: String,
    /// List sections: `i`, `ii`, `iii`, `iv`, `v`.
    pub sections: Vec<String>,
    /// Date first listed.
    pub date_added: crate::date::Date,
    /// Federal Register citation as the list data holds it (`|`-separated history, first the
    /// current one); for people, use [`EntityRecord::notice`].
    pub citation: String,
    /// The notice that listed the entity, for people: the Federal Register document number
    /// with its link (or the FLETF Strategy for the initial list), from `federal-register.csv`;
    /// where no notice is known, it says so and points to the DHS list.
    pub notice: String,
    /// Sector hint (S: sourced, I: inferred).
    pub sector_hint: String,
    /// Location hint (S: sourced, I: inferred).
    pub location: String,
}

impl EntityRecord {
    /// The listing's sections as a reason quotes them before the date: `sections i, ii; `,
    /// or nothing for an entry without sections (an imported list that does not give them).
    pub fn sections_note(&self) -> String {
        if self.sections.is_empty() {
            String::new()
        } else {
            format!("sections {}; ", self.sections.join(", "))
        }
    }

    /// The location hint for people: the list data's source marks ("S: a named secondary
    /// source", "I: inferred") said in words, without the internal source names.
    pub fn location_for_people(&self) -> String {
        hint_for_people(&self.location)
    }

    /// The name, its aliases and its Chinese names, in that order.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.names_zh.iter().map(String::as_str))
    }
}

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackOrigin {
    /// Compiled into the binary.
    Embedded,
    /// Read from a directory.
    Directory(std::path::PathBuf),
}

impl fmt::Display for PackOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackOrigin::Embedded => f.write_str("embedded"),
            PackOrigin::Directory(p) => write!(f, "{}", p.display()),
        }
    }
}

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    /// A name of the region itself (Xinjiang, XUAR, 新疆).
    Region,
    /// A prefecture-level division or its seat.
    Prefecture,
    /// A county-level division (county, county-level city, district).
    County,
    /// An XPCC (Bingtuan) city.
    XpccCity,
    /// A township-level division (镇, 乡, 街道).
    Township,
    /// A populated place of GeoNames in Xinjiang not joined to a division.
    Locality,
    /// A region code (ISO 3166-2 `CN-XJ`, the older `CN-65`): meaningful in origin and
    /// region columns.
    Code,
    /// An XPCC signature that is not a place (XPCC, Bingtuan, 兵团).
    Xpcc,
    /// Text that contains a place name but is not that place (新疆路线 is, 乌苏里江 is not).
    Lookalike,
    /// A product named after a Xinjiang place (Hami melon): a review signal.
    Product,
    /// A phrase that denies a Xinjiang link ("Xinjiang-free"): the mention is not a signal.
    Negation,
}

impl PlaceKind {
    /// A place with a location of its own (the region, a division, an XPCC city, a township,
    /// a populated place), not a signature, product, look-alike or negation.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            PlaceKind::Region
                | PlaceKind::Prefecture
                | PlaceKind::County
                | PlaceKind::XpccCity
                | PlaceKind::Township
                | PlaceKind::Locality
        )
    }
}

/// How much a bare mention of a place can be trusted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Ambiguity {
    /// Names only this Xinjiang place: counts unless the address is clearly abroad.
    #[default]
    None,
    /// Also a place outside China (Aksu, Kazakhstan): counts only in a Chinese context.
    World,
    /// Also a place elsewhere in China (Shawan, Sichuan): needs corroboration, else review.
    China,
    /// Mostly means something else (Yiwu, Zhejiang): needs corroboration, else ignored.
    Weak,
}

/// One row of `gazetteer.csv`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceEntry {
    /// The spelling to look for (folded before matching).
    pub pattern: String,
    /// What it is.
    pub kind: PlaceKind,
    /// Canonical English name of the place, for messages (`Aksu Prefecture`).
    #[serde(default)]
    pub place: String,
    /// GB/T 2260 division code, where it is a division.
    #[serde(default)]
    pub gb_code: String,
    /// How far the spelling alone can be trusted.
    #[serde(default)]
    pub ambiguity: Ambiguity,
    /// For look-alikes: the ISO country the text really points to, if any.
    #[serde(default)]
    pub country: String,
    /// `|`-separated context keys (see `context.csv`) whose presence makes this a review.
    #[serde(default)]
    pub unless: String,
    /// Explanation shown with findings (look-alikes, products) and in docs.
    #[serde(default)]
    pub note: String,
    /// Where the spelling comes from; `unverified` where the reference marks it so.
    #[serde(default)]
    pub source: String,
    /// The script of the spelling (`latin`, `han`, `arabic`, `cyrillic`, ...), where known.
    #[serde(default)]
    pub script: String,
}

/// One row of `context.csv`: a name that says which country (or which Chinese province
/// other than Xinjiang) an address is in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextEntry {
    /// The spelling to look for.
    pub pattern: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// For places in China outside Xinjiang: a key such as `zhejiang`.
    #[serde(default)]
    pub province: String,
    /// Why it is listed.
    #[serde(default)]
    pub note: String,
}

/// A regular-expression signal of `signals.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSignal {
    /// The regex; the first capture group (or the whole match) is the matched text.
    pub regex: String,
    /// What a match means, shown in findings.
    pub meaning: String,
    /// `regex` compiled by the loader (once; `None` only before validation).
    #[serde(skip)]
    pub compiled: Option<regex::Regex>,
}

impl PatternSignal {
    /// The compiled pattern. Panics only for a signal that did not come through the loader,
    /// which compiles every one or fails.
    pub fn pattern(&self) -> &regex::Regex {
        self.compiled
            .as_ref()
            .expect("signals are compiled when the pack is loaded")
    }
}

/// Contents of `signals.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    /// Chinese postcodes of Xinjiang (need a Chinese address).
    pub postcode: PatternSignal,
    /// Xinjiang landline area codes in international form (+86 ...).
    pub phone_international: PatternSignal,
    /// Xinjiang landline area codes in domestic form (0991-...; need a Chinese address).
    pub phone_domestic: PatternSignal,
    /// XPCC divisions and regiment farms written in Chinese.
    pub xpcc_zh: PatternSignal,
    /// XPCC divisions and regiments written in English (weak alone).
    pub xpcc_en: PatternSignal,
    /// Street words: a place name directly followed by one is a street name, not a location.
    pub street: StreetWords,
    /// Words that make a place name a style, a cuisine or a shop's name ("Xinjiang-style",
    /// "Kashgar pattern", 新疆风味, 新疆饭庄), not a location.
    #[serde(default)]
    pub descriptor: WordList,
    /// Words after which a name is a person's ("Attn: Ms. Xin Jiang", 收件人：新疆), not a
    /// place.
    #[serde(default)]
    pub person: WordList,
    /// Words after which a country's or a foreign city's name is a building's, a venue's, a
    /// district's, a style's or a product's ("Kazakhstan Trade Center", "Hong Kong Plaza",
    /// 香港花园, "chile powder"), not the country the text is in.
    #[serde(default)]
    pub country_as_name: WordList,
    /// Common English words one letter from a distinctive Latin Xinjiang name ("mining" and
    /// "lining" from Yining, "turban" from Turpan): never read as that name misspelt. Latin
    /// only; `han` is not read.
    #[serde(default)]
    pub not_misspelt: WordList,
}

/// Words in Latin script and in Chinese.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordList {
    /// Latin-script words (folded before use).
    #[serde(default)]
    pub latin: Vec<String>,
    /// Chinese words, as written.
    #[serde(default)]
    pub han: Vec<String>,
}

/// Words that make a place name a street name ("Xinjiang Road", "新疆路").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreetWords {
    /// Folded words that follow a Latin-script place name (`road`, `rd`, `lu`...), and
    /// words of other alphabets that do (`улица`, `көшесі`).
    pub latin: Vec<String>,
    /// Words that come before a place name in a street name (`ул.`, `улица`, `calle`,
    /// `rue`): "ул. Кашгарская", "Calle Urumqi". A pack without them has none.
    #[serde(default)]
    pub before: Vec<String>,
    /// Characters or words that follow a Chinese place name (路, 街, 大道...).
    pub han: Vec<String>,
    /// Characters that, right after a Chinese street word, show it is not a street
    /// (新疆路线 "route to Xinjiang").
    pub han_not_after: Vec<String>,
}

/// A document an applicability review expects (`documents.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentReq {
    /// Stable id, e.g. `purchase_order`; also accepted as a `document_type`.
    pub id: String,
    /// What it is.
    pub title: String,
    /// Other spellings accepted in an evidence file.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sector ids it applies to; empty for every flagged line.
    #[serde(default)]
    pub sectors: Vec<String>,
    /// One per supply-chain tier.
    #[serde(default)]
    pub per_tier: bool,
    /// Where CBP asks for it.
    pub citation: String,
}

/// A family of sectors, for summaries people read ("cotton and apparel").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Stable id, e.g. `cotton-apparel`.
    pub id: String,
    /// Title.
    pub title: String,
}

/// A UFLPA high-priority sector.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sector {
    /// Stable id, e.g. `cotton`.
    pub id: String,
    /// The rule code its findings carry.
    pub code: String,
    /// Title as DHS names it.
    pub title: String,
    /// Year the FLETF Strategy designated it.
    pub year: u16,
    /// What to trace it to, for messages ("cotton").
    pub raw_material: String,
    /// Matching groups; each belongs to one family.
    #[serde(rename = "group")]
    pub groups: Vec<SectorGroup>,
}

/// HTS prefixes and keywords of one part of a sector.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorGroup {
    /// The family for summaries.
    pub family: String,
    /// What this group covers, e.g. `polysilicon, wafers, cells and modules`.
    pub covers: String,
    /// HTS prefixes, 2 to 10 digits, dots allowed.
    #[serde(default)]
    pub hts: Vec<String>,
    /// Keywords looked for in descriptions and materials.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Look-alike phrases that contain a keyword but are not the sector ("cotton candy").
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A loaded, validated rule pack. Immutable; matchers are compiled from it.
#[derive(Debug, Clone)]
pub struct RulePack {
    /// Identity.
    pub meta: PackMeta,
    /// Where it came from.
    pub origin: PackOrigin,
    /// SHA-256 of the pack's files as loaded ([`PackFiles::sha256`]), before a list
    /// directory or `uflpa.toml` changed anything; the audit record names the pack by it.
    pub sha256: String,
    /// The rule registry, in file order.
    pub rules: Vec<Rule>,
    /// Gazetteer entries.
    pub gazetteer: Vec<PlaceEntry>,
    /// Context entries.
    pub context: Vec<ContextEntry>,
    /// Pattern signals.
    pub signals: Signals,
    /// Sector families.
    pub families: Vec<Family>,
    /// Sectors.
    pub sectors: Vec<Sector>,
    /// Entity List provenance and thresholds.
    pub entity_list: EntityListMeta,
    /// The listed entities.
    pub entities: Vec<EntityRecord>,
    /// Documents an applicability review expects.
    pub documents: Vec<DocumentReq>,
    /// The user's lists beside the Entity List (CBP WROs and Findings, XPCC affiliates),
    /// from a list directory ([`crate::lists::apply::use_dir`]); empty in a pack as loaded.
    pub user_lists: crate::lists::user::UserLists,
    /// Federal Register notices behind the Entity List's dated actions.
    pub notices: Vec<Notice>,
    /// CBP and FLETF guidance documents with their status.
    pub guidance: Vec<Guidance>,
}

/// A Federal Register notice (or the FLETF Strategy) behind one dated Entity List action
/// (`federal-register.csv`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Notice {
    /// DHS effective date (`YYYY-MM-DD`).
    pub date: String,
    /// `VOL FR PAGE`, empty when the page was not verified.
    pub fr_citation: String,
    /// Federal Register document number (`2023-12481`), empty when not found.
    pub document_number: String,
    /// Link to the notice, empty when not known.
    pub url: String,
    /// `initial_list`, `publication`, `add`, `section_add`, `section_move`, `rename`, ...
    pub action: String,
    /// What the notice did.
    pub note: String,
    /// Where this row comes from.
    pub source: String,
}

/// A CBP or FLETF guidance document (`guidance.csv`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Guidance {
    /// Stable id, e.g. `cbp-pub-5560-0526`.
    pub id: String,
    /// Title with its publication number.
    pub title: String,
    /// Date of the document.
    pub date: String,
    /// Link, empty when not known.
    pub url: String,
    /// What it is and whether its text was checked.
    pub note: String,
    /// Where this row comes from.
    pub source: String,
}

/// The Entity List notice of an entity listed on `date_added`, for people: the Federal
/// Register document number with its link, the FLETF Strategy for the initial list, or, where
/// no document number is known, the date with the DHS list to check it against.
pub fn notice_citation(date_added: &str, notices: &[Notice]) -> String {
    const DHS_LIST: &str = "https://www.dhs.gov/uflpa-entity-list";
    let fr = |n: &Notice| {
        let mut s = format!("FR Doc. {} of {}", n.document_number, n.date);
        if !n.fr_citation.is_empty() {
            s = format!("{} ({s})", n.fr_citation);
        }
        if !n.url.is_empty() {
            s.push_str(&format!(", {}", n.url));
        }
        s
    };
    let of_date: Vec<&Notice> = notices.iter().filter(|n| n.date == date_added).collect();
    if let Some(initial) = of_date.iter().find(|n| n.action == "initial_list") {
        let mut s = format!(
            "initial UFLPA Entity List in the FLETF UFLPA Strategy, effective {}, {}",
            initial.date,
            if initial.url.is_empty() {
                DHS_LIST
            } else {
                &initial.url
            }
        );
        if let Some(p) = notices
            .iter()
            .find(|n| n.action == "publication" && !n.document_number.is_empty())
        {
            s.push_str(&format!("; published in the Federal Register as {}", fr(p)));
        }
        return s;
    }
    let with_number = of_date
        .iter()
        .find(|n| n.action == "add" && !n.document_number.is_empty())
        .or_else(|| of_date.iter().find(|n| !n.document_number.is_empty()));
    match with_number {
        Some(n) => format!("Federal Register notice {}", fr(n)),
        None => format!(
            "Federal Register notice of {date_added} (its document number could not be confirmed; see the DHS list, {DHS_LIST})"
        ),
    }
}

impl RulePack {
    /// The document id an evidence `document_type` names, if any (case and punctuation
    /// insensitive; ids and aliases).
    pub fn document_id(&self, document_type: &str) -> Option<&str> {
        let want = crate::text::fold(document_type).replace(' ', "");
        self.documents
            .iter()
            .find(|d| {
                std::iter::once(&d.id)
                    .chain(&d.aliases)
                    .any(|a| crate::text::fold(a).replace(' ', "") == want)
            })
            .map(|d| d.id.as_str())
    }
}

impl RulePack {
    /// The pack compiled into the binary.
    pub fn embedded() -> Result<RulePack, crate::PackErrors> {
        load::load(PackFiles::embedded(), PackOrigin::Embedded)
    }

    /// Read a pack from a directory (`--rules DIR`).
    pub fn from_dir(dir: &std::path::Path) -> Result<RulePack, crate::PackErrors> {
        let files = PackFiles::from_dir(dir)?;
        load::load(files, PackOrigin::Directory(dir.to_path_buf()))
    }

    /// Load from in-memory file contents (tests, embedding applications).
    pub fn from_files(files: PackFiles) -> Result<RulePack, crate::PackErrors> {
        load::load(files, PackOrigin::Embedded)
    }

    /// The severity of rule `code` in this pack (after `uflpa.toml` overrides); `review` for
    /// a code the registry does not define (the loader makes sure the built-in ones are).
    pub fn severity(&self, code: &str) -> Severity {
        self.rule(code).map_or(Severity::Review, |r| r.severity)
    }

    /// Add a rule to the registry at load time (an imported list's own code). Fails when
    /// the code is already defined.
    pub fn register_rule(&mut self, rule: Rule) -> Result<(), String> {
        if self.rule(&rule.code).is_some() {
            return Err(format!("rule code {} is already defined", rule.code));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// Look a rule up by code (case-insensitive).
    pub fn rule(&self, code: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
    }

    /// The family with this id.
    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }
}

/// A hint of the list data with its source marks in words: "(S: ...)" becomes "(from a
/// secondary source)", "(I: ...)" becomes "(inferred, unverified)".
pub fn hint_for_people(hint: &str) -> String {
    let mut out = String::with_capacity(hint.len());
    let mut rest = hint;
    while let Some(start) = rest.find('(') {
        let Some(len) = rest[start..].find(')') else {
            break;
        };
        let inner = &rest[start + 1..start + len];
        out.push_str(&rest[..start]);
        if inner.starts_with("S:") {
            out.push_str("(from a secondary source)");
        } else if inner.starts_with("I:") {
            out.push_str("(inferred, unverified)");
        } else {
            out.push_str(&rest[start..start + len + 1]);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_pack_loads() {
        let pack = RulePack::embedded().expect("embedded pack is valid");
        assert!(pack.rule("XJ101").is_some());
        assert_eq!(pack.sectors.len(), 12, "all twelve high-priority sectors");
    }
}
