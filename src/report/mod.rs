//! The compliance officer's report: what is at risk, how much, why, and what to do next.
//!
//! A [`ReportSink`] watches the run line by line and keeps only what the report's pages need,
//! so its memory does not grow with the input: totals and breakdowns per key ([`figures`]),
//! the recommended action per group, one document request per supplier (and tier), every
//! waiver and the findings it accepted, every rejected record, and the details of the first
//! [`Limits::details`] presumed and review lines. Every line also goes, one CSV record each,
//! to a temporary file ([`LineSpool`]) that the Excel workbook's Lines sheets and the
//! companion CSV of a capped HTML, Markdown or PDF report are written from.
//!
//! Renderers: [`html`], [`markdown`], [`xlsx`], [`pdf`]. Money is `rust_decimal`, never summed
//! across currencies.

mod doc;
mod figures;
mod html;
mod markdown;
mod pdf;
mod spool;
mod xlsx;

pub use figures::{FigureAcc, Figures, GroupRow, MAX_KEYS, figures};
pub use html::html;
pub use markdown::markdown;
pub use pdf::pdf;
pub use spool::{LINE_COLUMNS, LineSpool};
pub use xlsx::{CLIPPED, EXCEL_CELL_MAX, EXCEL_ROWS, LINES_PER_SHEET, MAX_LINE_SHEETS, xlsx};

use crate::input::{Column, Date, Row, Source};
use crate::output::sink::Sink;
use crate::rules::RulePack;
use crate::summary::Summary;
use crate::verdict::{Finding, Outcome, Verdict};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// One screened line, as the report needs it.
#[derive(Debug, Clone)]
pub struct LineRecord {
    /// Input file (its name, as shown in headings).
    pub file: String,
    /// Data row number.
    pub row: u64,
    /// Physical line of the input file.
    pub source_line: u64,
    /// Shipment id (entry number), if any.
    pub shipment: String,
    /// The manifest's entry line number within the shipment, if any.
    pub line: String,
    /// Supplier (or manufacturer when there is no supplier).
    pub supplier: String,
    /// Manufacturer, if given.
    pub manufacturer: String,
    /// Country of origin as written.
    pub country: String,
    /// HTS code as read (digits with dots), if any.
    pub hts: String,
    /// Entry date, if read.
    pub entry_date: Option<Date>,
    /// Description.
    pub description: String,
    /// Declared value.
    pub value: Option<Decimal>,
    /// Currency ("" if unknown).
    pub currency: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Documents still missing (ids with an optional " (tier N)").
    pub missing_documents: Vec<String>,
    /// For a `review` line: what it waits for ([`crate::verdict::review_need`]), in words
    /// that follow "waiting for".
    pub need: String,
    /// Where `need` sorts among the groups of review lines: the need's rank
    /// ([`crate::verdict::ReviewNeed::rank`]), then its sectors' positions in the rule pack.
    pub need_order: Vec<u16>,
}

impl LineRecord {
    /// Sector ids of the line.
    pub fn sectors(&self) -> Vec<&str> {
        let mut s: Vec<&str> = self
            .findings
            .iter()
            .filter_map(|f| f.sector.as_deref())
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    }

    /// The line's name for people: "Shipment E1 line 2 (m.csv line 3)" or "m.csv line 3".
    pub fn label(&self) -> String {
        if self.shipment.is_empty() {
            format!("{} line {} (row {})", self.file, self.source_line, self.row)
        } else if self.line.is_empty() {
            format!(
                "Shipment {} ({} line {}, row {})",
                self.shipment, self.file, self.source_line, self.row
            )
        } else {
            format!(
                "Shipment {} line {} ({} line {}, row {})",
                self.shipment, self.line, self.file, self.source_line, self.row
            )
        }
    }

    /// The group of the first page this line belongs to.
    pub fn group(&self) -> Group {
        match self.verdict {
            Verdict::Presumed if self.on_entity_list() => Group::EntityList,
            Verdict::Presumed => Group::Xinjiang,
            Verdict::Review => Group::Review,
            Verdict::Clear if self.findings.iter().any(|f| f.waived.is_some()) => Group::Waived,
            Verdict::Clear => Group::Clear,
        }
    }

    /// An active presumed finding names a UFLPA Entity List entity.
    pub fn on_entity_list(&self) -> bool {
        self.findings.iter().any(|f| {
            f.waived.is_none()
                && f.code.starts_with("EL")
                && f.severity == crate::rules::Severity::Presumed
        })
    }
}

/// The groups of the first page, each with its recommended action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Presumed: a party is on the UFLPA Entity List.
    EntityList,
    /// Presumed: a Xinjiang link (place, postcode, phone, XPCC) in a party, address, goods or
    /// tier.
    Xinjiang,
    /// A high-risk signal without an established link.
    Review,
    /// Every finding of the line accepted by a waiver of `uflpa.toml`: accepted risk, not
    /// nothing found.
    Waived,
    /// Nothing found.
    Clear,
}

impl Group {
    /// Every group, in the order of the first page.
    pub const ALL: [Group; 5] = [
        Group::EntityList,
        Group::Xinjiang,
        Group::Review,
        Group::Waived,
        Group::Clear,
    ];

    /// Heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::EntityList => "Presumed: a party is on the UFLPA Entity List",
            Group::Xinjiang => "Presumed: a Xinjiang link",
            Group::Review => "Review: a high-risk signal without an established link",
            Group::Waived => "Waived: accepted risk, every finding accepted by a waiver",
            Group::Clear => "Clear: nothing found",
        }
    }

    /// The recommended action, in steps.
    pub fn action(self) -> &'static [&'static str] {
        match self {
            Group::EntityList => &[
                "Confirm the identity first: compare the producer's business registration (unified social credit code), registered address and MID with the Entity List entry named in the finding. A different company with a similar name is documented for an applicability review.",
                "If it is the listed entity, the goods are presumed made with forced labor: do not enter them. Either request an exception from CBP (UFLPA Sec. 3(b): full compliance with the importer guidance, complete answers to CBP, and clear and convincing evidence of no forced labor; CBP reports every exception to Congress) or re-export the goods. Tracing inputs does not overcome an Entity List match.",
            ],
            Group::Xinjiang => &[
                "Hold the goods: expect detention under the UFLPA presumption (19 U.S.C. 1307).",
                "Trace the supply chain from raw material to finished goods (documents by supplier below) for an applicability review showing that no input comes from Xinjiang; if an input does, only an exception (clear and convincing evidence, UFLPA Sec. 3(b)) or re-export remains.",
            ],
            Group::Review => &[
                "Request the documents listed under Documents by supplier from each supplier, then decide: clear the line on the evidence, or treat it as presumed.",
            ],
            Group::Waived => &[
                "No action while the waiver is in force: the risk was accepted by the person the waiver names, for the reason and until the date it gives (Waivers: accepted risk). Renew the evidence before the waiver expires; the line is screened again without it from then on.",
            ],
            Group::Clear => &[
                "No action from this screen. Clear means no signal in the data given, not proof that the supply chain is free of Xinjiang inputs.",
            ],
        }
    }

    /// Short name (for sheets and tables).
    pub fn short(self) -> &'static str {
        match self {
            Group::EntityList => "Entity List",
            Group::Xinjiang => "Xinjiang link",
            Group::Review => "review",
            Group::Waived => "waived",
            Group::Clear => "clear",
        }
    }
}

/// Lines and declared value per currency.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Lines.
    pub lines: u64,
    /// Declared value per currency ("" = no currency).
    pub value: BTreeMap<String, Decimal>,
    /// Lines without a value.
    pub without_value: u64,
}

impl Tally {
    fn add(&mut self, value: Option<Decimal>, currency: &str) {
        self.lines += 1;
        match value {
            Some(v) => *self.value.entry(currency.to_string()).or_default() += v,
            None => self.without_value += 1,
        }
    }

    /// The value as (currency, amount) pairs.
    pub fn money(&self) -> Vec<(String, Decimal)> {
        self.value.iter().map(|(c, d)| (c.clone(), *d)).collect()
    }
}

/// The first items of a list, and how many there were.
#[derive(Debug, Clone)]
pub struct Capped<T> {
    /// The items kept, in input order.
    pub items: Vec<T>,
    /// How many there were.
    pub total: u64,
    /// How many are kept at most.
    pub cap: usize,
}

impl<T> Capped<T> {
    fn new(cap: usize) -> Self {
        Capped {
            items: Vec::new(),
            total: 0,
            cap,
        }
    }

    fn push(&mut self, item: T) {
        self.total += 1;
        if self.items.len() < self.cap {
            self.items.push(item);
        }
    }

    /// Some items were left out.
    pub fn capped(&self) -> bool {
        self.total > self.items.len() as u64
    }
}

/// What the report keeps in memory at most.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Presumed lines shown in full, and review lines shown in full.
    pub details: usize,
    /// Waived findings listed.
    pub waived: usize,
    /// Rejected records listed.
    pub rejects: usize,
    /// Suppliers with a document request.
    pub suppliers: usize,
    /// Lines named under one supplier's request.
    pub lines_per_supplier: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            details: 200,
            waived: 1_000,
            rejects: 1_000,
            suppliers: 500,
            lines_per_supplier: 20,
        }
    }
}

/// One finding accepted by a waiver of `uflpa.toml`.
#[derive(Debug, Clone)]
pub struct WaivedFinding {
    /// The line it is on.
    pub line: String,
    /// Supplier of the line.
    pub supplier: String,
    /// Rule code.
    pub code: String,
    /// The finding's reason.
    pub reason: String,
    /// The waiver as applied ("waived until ... by ...: why").
    pub waiver: String,
    /// Its last day (`YYYY-MM-DD`), from the waiver of `uflpa.toml` that accepted it.
    pub until: String,
    /// Who accepted it (the waiver's reviewer).
    pub by: String,
}

/// A waiver of `uflpa.toml`: who accepted which risk, why, until when.
#[derive(Debug, Clone)]
pub struct WaiverRow {
    /// Rule code waived.
    pub code: String,
    /// Where it applies (supplier, shipment, line), "every line" when not limited.
    pub scope: String,
    /// Why.
    pub reason: String,
    /// Who reviewed it.
    pub reviewer: String,
    /// Last day it applies.
    pub expires: String,
    /// The CBP determination it rests on, if any.
    pub determination: String,
    /// Findings it accepted in this run.
    pub used: u64,
    /// Expired on the report's date.
    pub expired: bool,
    /// It accepted findings of a line whose every finding was waived (a line of the
    /// first page's Waived group).
    pub waives_lines: bool,
}

/// One rejected record: file, line and reason.
#[derive(Debug, Clone)]
pub struct RejectRow {
    /// File name.
    pub file: String,
    /// Physical line.
    pub source_line: u64,
    /// Data row.
    pub row: u64,
    /// `record` (the row was not screened), `cell` (screened without that cell) or `blank`.
    pub kind: String,
    /// The column concerned, if any.
    pub column: String,
    /// Why.
    pub reason: String,
}

/// The documents to request from one supplier (and tier).
#[derive(Debug, Clone, Default)]
pub struct SupplierRequest {
    /// Supplier (or manufacturer) as written.
    pub supplier: String,
    /// Lines concerned.
    pub lines: u64,
    /// The first lines concerned, by name.
    pub line_names: Vec<String>,
    /// Some line is on the Entity List: identity documents come first.
    pub entity_list: bool,
    /// Worst verdict among its lines.
    pub verdict: Option<Verdict>,
    /// Documents for the goods (whole lines), in the rule pack's order.
    pub documents: Vec<String>,
    /// Documents per upstream tier: (the tier with its role and party, as
    /// `tier 2 (yarn spinner, Aksu Huaxing Textile Co. Ltd)`, documents), in tier order.
    pub tiers: Vec<(String, Vec<String>)>,
    /// The parties on the UFLPA Entity List found on its lines (on the entry, upstream or in
    /// the goods text), entry first, then by tier.
    pub listed: Vec<ListedParty>,
}

/// A party on the UFLPA Entity List found on a supplier's lines, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListedParty {
    /// The upstream tier, or `None` on the entry itself (a party column, the goods text).
    pub tier: Option<u32>,
    /// Where: the tier's role (`wafer and polysilicon supplier`), or the column's header.
    pub place: String,
    /// The name (or the words of the text) as written in the data.
    pub party: String,
    /// The Entity List entry it matches, by its listed name.
    pub listed_as: String,
    /// Found in the entry's supplier or manufacturer column (not upstream, not in a text).
    pub on_entry: bool,
}

impl ListedParty {
    /// The party and where it is, for people: `HOSHINE SILICON IND (SHANSHAN) CO LTD (tier 3,
    /// wafer and polysilicon supplier)`, `Ninestar Corporation (Vendor Name on the entry)`.
    pub fn described(&self) -> String {
        match (self.tier, self.on_entry) {
            (Some(t), _) if self.place.is_empty() => format!("{} (tier {t})", self.party),
            (Some(t), _) => format!("{} (tier {t}, {})", self.party, self.place),
            (None, true) => format!("{} ({} on the entry)", self.party, self.place),
            (None, false) => format!("'{}' (column {})", self.party, self.place),
        }
    }
}

/// What to ask a supplier about one of its Entity List matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRequest {
    /// Short: `identity, on the entry`, `identity, tier 3`, `identity, goods text`.
    pub what: String,
    /// What was found and what to establish, naming the party, its tier and the entry.
    pub intro: String,
    /// The documents to request.
    pub documents: Vec<String>,
}

impl SupplierRequest {
    /// What to ask this supplier about its Entity List matches, one request per listed
    /// party (empty when no line is on the Entity List). A party on the entry itself asks
    /// for the producer's identity papers ([`IDENTITY_DOCUMENTS`]); a party upstream or named
    /// in the goods text asks the supplier for that party's papers, naming it and its tier.
    pub fn identity_requests(&self) -> Vec<IdentityRequest> {
        let mut out = Vec::new();
        if !self.entity_list {
            return out;
        }
        if self.listed.is_empty() {
            out.push(IdentityRequest {
                what: "identity".into(),
                intro: "Entity List match: first establish whether this supplier or its producer is the listed entity:".to_string(),
                documents: IDENTITY_DOCUMENTS.iter().map(|s| s.to_string()).collect(),
            });
        }
        for (i, p) in self.listed.iter().enumerate() {
            let who = p.described();
            match (p.tier, p.on_entry) {
                (Some(t), _) => out.push(IdentityRequest {
                    what: format!("identity, tier {t}"),
                    intro: format!(
                        "Entity List match upstream: {who} matches the listed entity {}{} Ask {} for the identity papers of this tier {t} party:",
                        p.listed_as, stop(&p.listed_as), self.supplier
                    ),
                    documents: vec![
                        format!(
                            "Business registration of {} (tier {t}): licence with its unified social credit code, and its registered address",
                            p.party
                        ),
                        format!(
                            "Purchase orders, invoices and delivery records of what tier {t} bought from {}, naming it as registered",
                            p.party
                        ),
                        format!(
                            "Corporate ownership of {} (tier {t}): parent company and subsidiaries, to compare with the Entity List entry {} and its scope",
                            p.party, p.listed_as
                        ),
                    ],
                }),
                (None, true) => {
                    // The supplier and manufacturer columns naming one listed entity: asked once,
                    // each name once with the columns it is in.
                    if self.listed[..i]
                        .iter()
                        .any(|q| q.on_entry && q.tier.is_none() && q.listed_as == p.listed_as)
                    {
                        continue;
                    }
                    let mut names: Vec<(String, Vec<&str>)> = Vec::new();
                    for q in self
                        .listed
                        .iter()
                        .filter(|q| q.on_entry && q.tier.is_none() && q.listed_as == p.listed_as)
                    {
                        let key = crate::text::fold(&q.party);
                        match names
                            .iter_mut()
                            .find(|(n, _)| crate::text::fold(n) == key)
                        {
                            Some((_, cols)) => cols.push(&q.place),
                            None => names.push((q.party.clone(), vec![&q.place])),
                        }
                    }
                    let all: Vec<String> = names
                        .iter()
                        .map(|(n, cols)| format!("{n} ({} on the entry)", cols.join(" and ")))
                        .collect();
                    out.push(IdentityRequest {
                        what: "identity, on the entry".into(),
                        intro: format!(
                            "Entity List match on the entry: {} {} the listed entity {}{} First establish whether {} that entity:",
                            all.join(" and "),
                            if all.len() == 1 { "matches" } else { "match" },
                            p.listed_as,
                            stop(&p.listed_as),
                            if all.len() == 1 { "it is" } else { "they are" }
                        ),
                        documents: IDENTITY_DOCUMENTS.iter().map(|s| s.to_string()).collect(),
                    });
                }
                (None, false) => out.push(IdentityRequest {
                    what: "identity, goods text".into(),
                    intro: format!(
                        "Entity List match in the goods text: {who} names the listed entity {}, at a tier the data does not show. Ask {} who made the goods or the input so named:",
                        p.listed_as, self.supplier
                    ),
                    documents: vec![
                        format!(
                            "Name, business registration (unified social credit code) and registered address of the producer of the goods or input named '{}'",
                            p.party
                        ),
                        "Purchase and production records tying that producer to these goods".to_string(),
                        format!(
                            "Corporate ownership of that producer: parent company and subsidiaries, to compare with the Entity List entry {} and its scope",
                            p.listed_as
                        ),
                    ],
                }),
            }
        }
        out
    }
}

/// The full stop after a name that may end with one ("Co. Ltd."): nothing then.
fn stop(name: &str) -> &'static str {
    if name.ends_with('.') { "" } else { "." }
}

/// The Entity List entry an Entity List finding names: the listed entity of the pack whose
/// name (with its scope) the reason quotes, the longest if several; the matched text when
/// none does (an XPCC affiliate, a list the pack does not hold).
fn listed_name(pack: &RulePack, f: &Finding) -> String {
    pack.entities
        .iter()
        .filter(|e| {
            let scope = if e.scope.is_empty() {
                String::new()
            } else {
                format!(" {}", e.scope)
            };
            let quoted = format!(" {}{scope} (", e.name);
            f.reason.contains(&format!("{quoted}sections "))
                || f.reason.contains(&format!("{quoted}added "))
        })
        .map(|e| e.name.as_str())
        .max_by_key(|n| n.len())
        .map_or_else(|| f.matched.clone(), str::to_string)
}

/// Where an Entity List finding of a line was: (tier, place, party, on the entry).
fn listed_place(l: &LineRecord, f: &Finding) -> (Option<u32>, String, String, bool) {
    if let Some(t) = f.tier {
        // The field is "supply chain tier 3 (role, party) party" (crate::supply::ChainRow::label).
        let inner = f
            .field
            .split_once(" (")
            .map(|(_, rest)| rest)
            .and_then(|rest| rest.rsplit_once(") "))
            .map_or("", |(inside, _)| inside);
        if f.field.ends_with(" party") {
            let role = inner
                .strip_suffix(f.matched.as_str())
                .map_or("", |r| r.trim_end_matches(", ").trim());
            return (Some(t), role.to_string(), f.matched.clone(), false);
        }
        return (
            Some(t),
            format!("material of {inner}"),
            f.matched.clone(),
            false,
        );
    }
    let same = |a: &str| !a.is_empty() && crate::text::fold(a) == crate::text::fold(&f.matched);
    let on_entry = same(&l.supplier) || same(&l.manufacturer);
    (None, f.field.clone(), f.matched.clone(), on_entry)
}

/// Documents that settle whether a matched party is the listed entity.
pub const IDENTITY_DOCUMENTS: [&str; 3] = [
    "Business registration of the producer (licence with its unified social credit code) and its registered address",
    "The manufacturer identification code (MID) filed on the entry, and the producer's name and address as on the commercial invoice",
    "Corporate ownership: parent company and subsidiaries, to compare with the Entity List entry and its scope (\"and subsidiaries\")",
];

#[derive(Debug, Default)]
struct SupplierAcc {
    lines: u64,
    line_names: Vec<String>,
    entity_list: bool,
    verdict: Option<Verdict>,
    documents: BTreeSet<(usize, String)>,
    tiers: BTreeMap<(u32, String), BTreeSet<(usize, String)>>,
    listed: BTreeSet<ListedParty>,
}

/// A tier of a line named for people: `tier 2 (yarn spinner, Aksu Huaxing Textile Co. Ltd)`,
/// every party of the line's chain at that tier (`tier 2 (spinner, A; dye house, B)`), or
/// `tier 2` when the chain names none.
fn tier_label(chain: &[&crate::supply::ChainRow], tier: u32) -> String {
    let parties: Vec<String> = chain
        .iter()
        .filter(|r| r.tier == tier)
        .filter_map(|r| {
            let label = r.label();
            label
                .strip_prefix(&format!("tier {tier} ("))
                .and_then(|x| x.strip_suffix(')'))
                .map(str::to_string)
        })
        .collect();
    let mut unique: Vec<String> = Vec::new();
    for p in parties {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    if unique.is_empty() {
        format!("tier {tier}")
    } else {
        format!("tier {tier} ({})", unique.join("; "))
    }
}

/// Listed parties named under one supplier at most.
const LISTED_PER_SUPPLIER: usize = 10;

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// Date of the report.
    pub date: Date,
    /// The rule pack's identity: id, version, facts date, Entity List date and hash.
    pub pack: PackInfo,
    /// Inputs with their SHA-256.
    pub inputs: Vec<InputFile>,
    /// Totals of the run.
    pub summary: Summary,
    /// Lines and value per first-page group.
    pub groups: BTreeMap<Group, Tally>,
    /// Review lines by what they wait for, in the order of importance (the most telling
    /// first; sectors in the rule pack's order).
    pub needs: Vec<(String, Tally)>,
    /// Presumed lines in full (the first [`Limits::details`]).
    pub presumed: Capped<LineRecord>,
    /// Review lines in full (the first [`Limits::details`]).
    pub review: Capped<LineRecord>,
    /// Document requests per supplier, most lines at risk first.
    pub suppliers: Vec<SupplierRequest>,
    /// Suppliers with a request, including those left out of [`ReportData::suppliers`].
    pub suppliers_total: u64,
    /// The waivers of `uflpa.toml`.
    pub waivers: Vec<WaiverRow>,
    /// Findings accepted by a waiver.
    pub waived: Capped<WaivedFinding>,
    /// Rejected records.
    pub rejects: Capped<RejectRow>,
    /// Breakdowns.
    pub figures: Figures,
    /// Title and citation of each rule code: (code, title, citation).
    pub citations: Vec<(String, String, String)>,
    /// Document ids and titles.
    pub documents: Vec<(String, String)>,
    /// Sources: (title, date, link, note on whether its text was checked).
    pub sources: Vec<(String, String, String, String)>,
    /// The companion file with every line, when the details here are capped.
    pub companion: Option<String>,
    /// Lines in the spool (every screened line).
    pub spooled: u64,
}

/// Identity of the rule pack used.
#[derive(Debug, Clone)]
pub struct PackInfo {
    /// id and version.
    pub version: String,
    /// Facts checked as of.
    pub facts_as_of: String,
    /// Entity List as of.
    pub entity_list_as_of: String,
    /// Entity List entities.
    pub entities: usize,
    /// SHA-256 of the Entity List data.
    pub entity_list_sha256: String,
}

impl PackInfo {
    /// The identity of `pack`.
    pub fn of(pack: &RulePack) -> PackInfo {
        PackInfo {
            version: format!("{} {}", pack.meta.id, pack.meta.version),
            facts_as_of: pack.meta.facts_as_of.clone(),
            entity_list_as_of: pack.entity_list.as_of.clone(),
            entities: pack.entity_list.entities,
            entity_list_sha256: pack.entity_list.sha256.clone(),
        }
    }
}

/// An input file with its digest.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Path as given.
    pub path: PathBuf,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Which input column feeds which role (`supplier_address <- 'city' + 'zip'`), from
    /// [`crate::input::Layout::describe`].
    pub read: Vec<String>,
    /// Columns that look like goods, party or place data but feed nothing.
    pub unread: Vec<String>,
}

impl InputFile {
    /// Hash a file.
    pub fn hash(path: &std::path::Path) -> Result<InputFile, crate::Error> {
        Ok(InputFile {
            path: path.to_path_buf(),
            sha256: sha256_file(path)?,
            read: Vec::new(),
            unread: Vec::new(),
        })
    }
}

/// SHA-256 of a file's bytes, in lower-case hex.
pub fn sha256_file(path: &std::path::Path) -> Result<String, crate::Error> {
    use sha2::Digest;
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| crate::Error::io(path, e))?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(|e| crate::Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl ReportData {
    /// A missing-document entry ("production_records (tier 2)") in words.
    pub fn document(&self, entry: &str) -> String {
        let (id, rest) = entry.split_once(' ').unwrap_or((entry, ""));
        match self.documents.iter().find(|(i, _)| i == id) {
            Some((_, title)) if rest.is_empty() => title.clone(),
            Some((_, title)) => format!("{title} {rest}"),
            None => entry.to_string(),
        }
    }

    /// Title and citation of a rule.
    pub fn rule(&self, code: &str) -> Option<(&str, &str)> {
        self.citations
            .iter()
            .find(|c| c.0 == code)
            .map(|c| (c.1.as_str(), c.2.as_str()))
    }

    /// Review lines shown, grouped by what they wait for: (what, lines), in the order of
    /// [`ReportData::needs`] (not by size, so the order does not move between runs).
    pub fn review_groups(&self) -> Vec<(String, Vec<&LineRecord>)> {
        let mut groups: Vec<(&[u16], String, Vec<&LineRecord>)> = Vec::new();
        for l in &self.review.items {
            match groups.iter_mut().find(|(_, k, _)| *k == l.need) {
                Some((_, _, v)) => v.push(l),
                None => groups.push((&l.need_order, l.need.clone(), vec![l])),
            }
        }
        groups.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        groups.into_iter().map(|(_, k, v)| (k, v)).collect()
    }

    /// Lines without a declared value, in every group.
    pub fn lines_without_value(&self) -> u64 {
        self.groups.values().map(|t| t.without_value).sum()
    }

    /// Waivers that expired before the report's date (not applied).
    pub fn expired_waivers(&self) -> Vec<&WaiverRow> {
        self.waivers.iter().filter(|w| w.expired).collect()
    }

    /// Waivers in force that accepted no finding in this run.
    pub fn unused_waivers(&self) -> Vec<&WaiverRow> {
        self.waivers
            .iter()
            .filter(|w| !w.expired && w.used == 0)
            .collect()
    }

    /// Lines of a first-page group.
    pub fn group(&self, g: Group) -> Tally {
        self.groups.get(&g).cloned().unwrap_or_default()
    }

    /// The codes cited by the shown findings, each once, in code order: (code, title,
    /// citation).
    pub fn cited(&self) -> Vec<&(String, String, String)> {
        let mut codes: BTreeSet<&str> = BTreeSet::new();
        for l in self.presumed.items.iter().chain(&self.review.items) {
            for f in &l.findings {
                codes.insert(f.code.as_str());
            }
        }
        for w in &self.waived.items {
            codes.insert(w.code.as_str());
        }
        self.citations
            .iter()
            .filter(|c| codes.contains(c.0.as_str()))
            .collect()
    }
}

/// Watches a run for the report (see the module documentation).
pub struct ReportSink<'p> {
    pack: &'p RulePack,
    files: Vec<String>,
    limits: Limits,
    groups: BTreeMap<Group, Tally>,
    needs: BTreeMap<(Vec<u16>, String), Tally>,
    presumed: Capped<LineRecord>,
    review: Capped<LineRecord>,
    waived: Capped<WaivedFinding>,
    rejects: Capped<RejectRow>,
    suppliers: BTreeMap<String, SupplierAcc>,
    suppliers_folded: u64,
    figures: FigureAcc,
    spool: Option<LineSpool>,
    chain: Option<&'p crate::supply::SupplyChain>,
    /// The waiver texts of the findings of lines whose every finding was waived (at most
    /// one per waiver).
    waived_line_texts: BTreeSet<String>,
}

impl<'p> ReportSink<'p> {
    /// The same sink, naming each upstream tier of a document request by the role and
    /// party that `chain` gives it.
    pub fn with_chain(mut self, chain: Option<&'p crate::supply::SupplyChain>) -> Self {
        self.chain = chain;
        self
    }

    /// A sink for a run with `pack`; `spool` keeps every line on disk for the workbook and
    /// the companion CSV.
    pub fn new(pack: &'p RulePack, limits: Limits, spool: Option<LineSpool>) -> Self {
        ReportSink {
            pack,
            files: Vec::new(),
            limits,
            groups: BTreeMap::new(),
            needs: BTreeMap::new(),
            presumed: Capped::new(limits.details),
            review: Capped::new(limits.details),
            waived: Capped::new(limits.waived),
            rejects: Capped::new(limits.rejects),
            suppliers: BTreeMap::new(),
            suppliers_folded: 0,
            figures: FigureAcc::default(),
            spool,
            chain: None,
            waived_line_texts: BTreeSet::new(),
        }
    }

    /// Record a rejected record (or cell) of the file at `path`.
    pub fn reject(&mut self, path: &std::path::Path, r: &crate::input::Reject) {
        self.rejects.push(RejectRow {
            file: display_name(&path.display().to_string()),
            source_line: r.source_line,
            row: r.row,
            kind: match r.kind {
                crate::input::RejectKind::Invalid => "record",
                crate::input::RejectKind::Cell => "cell",
                _ => "blank",
            }
            .to_string(),
            column: r.column.clone().unwrap_or_default(),
            reason: r.reason.clone(),
        });
    }

    /// Count `n` more rejected records that were not kept.
    pub fn rejects_beyond(&mut self, n: u64) {
        self.rejects.total += n;
    }

    fn supplier(&mut self, l: &LineRecord) {
        if l.verdict == Verdict::Clear {
            return;
        }
        let key = if l.supplier.is_empty() {
            "(no supplier named)".to_string()
        } else {
            l.supplier.clone()
        };
        if !self.suppliers.contains_key(&key) && self.suppliers.len() >= self.limits.suppliers {
            self.suppliers_folded += 1;
            return;
        }
        let order = |id: &str| {
            self.pack
                .documents
                .iter()
                .position(|d| d.id == id)
                .unwrap_or(usize::MAX)
        };
        let docs: Vec<(usize, String, Option<u32>)> = l
            .missing_documents
            .iter()
            .map(|m| {
                let (id, rest) = m.split_once(' ').unwrap_or((m, ""));
                let tier = rest
                    .trim_start_matches("(tier ")
                    .trim_end_matches(')')
                    .parse::<u32>()
                    .ok();
                (order(id), id.to_string(), tier)
            })
            .collect();
        let a = self.suppliers.entry(key).or_default();
        a.lines += 1;
        if a.line_names.len() < self.limits.lines_per_supplier {
            a.line_names.push(l.label());
        }
        a.entity_list |= l.on_entity_list();
        a.verdict = Some(a.verdict.map_or(l.verdict, |v| v.max(l.verdict)));
        for f in l.findings.iter().filter(|f| {
            f.waived.is_none()
                && f.code.starts_with("EL")
                && f.severity == crate::rules::Severity::Presumed
        }) {
            if a.listed.len() >= LISTED_PER_SUPPLIER {
                break;
            }
            let (tier, place, party, on_entry) = listed_place(l, f);
            a.listed.insert(ListedParty {
                tier,
                place,
                party,
                listed_as: listed_name(self.pack, f),
                on_entry,
            });
        }
        if l.on_entity_list() {
            // For a listed producer the question is identity, then exception or re-export:
            // tracing documents do not help.
            return;
        }
        let chain = self
            .chain
            .map(|c| c.for_line(&l.shipment, &l.line))
            .unwrap_or_default();
        for (o, id, tier) in docs {
            match tier {
                Some(t) => {
                    a.tiers
                        .entry((t, tier_label(&chain, t)))
                        .or_default()
                        .insert((o, id));
                }
                None => {
                    a.documents.insert((o, id));
                }
            }
        }
    }

    /// Assemble the report data once the run is over.
    pub fn finish_report(
        self,
        policy: Option<&crate::config::Policy>,
        inputs: Vec<InputFile>,
        summary: Summary,
        date: Date,
    ) -> (ReportData, Option<LineSpool>) {
        let pack = self.pack;
        let title = |id: &str| {
            pack.documents
                .iter()
                .find(|d| d.id == id)
                .map_or(id.to_string(), |d| d.title.clone())
        };
        let mut suppliers: Vec<SupplierRequest> = self
            .suppliers
            .into_iter()
            .map(|(supplier, a)| SupplierRequest {
                supplier,
                lines: a.lines,
                line_names: a.line_names,
                entity_list: a.entity_list,
                verdict: a.verdict,
                documents: a.documents.iter().map(|(_, id)| title(id)).collect(),
                tiers: a
                    .tiers
                    .iter()
                    .map(|((_, label), d)| {
                        (label.clone(), d.iter().map(|(_, id)| title(id)).collect())
                    })
                    .collect(),
                listed: {
                    // On the entry first: the supplier's own identity comes before its inputs'.
                    let mut v: Vec<ListedParty> = a.listed.into_iter().collect();
                    v.sort_by_key(|p| (!p.on_entry, p.tier, p.party.clone()));
                    v
                },
            })
            .collect();
        suppliers.sort_by(|a, b| {
            b.verdict
                .cmp(&a.verdict)
                .then(b.entity_list.cmp(&a.entity_list))
                .then(b.lines.cmp(&a.lines))
                .then(a.supplier.cmp(&b.supplier))
        });
        let suppliers_total = suppliers.len() as u64 + self.suppliers_folded;
        let mut waivers: Vec<WaiverRow> = policy
            .map(|p| {
                let used = p.used_counts();
                p.waivers()
                    .iter()
                    .enumerate()
                    .map(|(i, (w, expires))| {
                        let mut scope = Vec::new();
                        if let Some(s) = &w.supplier {
                            scope.push(format!("supplier {s}"));
                        }
                        if let Some(s) = &w.shipment {
                            scope.push(format!("shipment {s}"));
                        }
                        if let Some(l) = &w.line {
                            scope.push(format!("line {l}"));
                        }
                        WaiverRow {
                            code: w.code.clone(),
                            scope: if scope.is_empty() {
                                "every line".into()
                            } else {
                                scope.join(", ")
                            },
                            reason: w.reason.clone(),
                            reviewer: w.reviewer.clone(),
                            expires: w.expires.clone(),
                            determination: w.determination.clone().unwrap_or_default(),
                            used: used.get(i).copied().unwrap_or(0),
                            expired: *expires < date,
                            waives_lines: false,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Who accepted each waived finding and until when: the waiver whose text it carries.
        let mut waived = self.waived;
        if let Some(p) = policy {
            let texts: Vec<(String, &crate::config::Waiver)> = p
                .waivers()
                .iter()
                .map(|(w, expires)| {
                    let text = match &w.determination {
                        Some(d) => format!(
                            "waived until {expires} by {} on {d}: {}",
                            w.reviewer, w.reason
                        ),
                        None => format!("waived until {expires} by {}: {}", w.reviewer, w.reason),
                    };
                    (text, w)
                })
                .collect();
            for f in &mut waived.items {
                if let Some((_, w)) = texts.iter().find(|(t, _)| *t == f.waiver) {
                    f.until = w.expires.clone();
                    f.by = w.reviewer.clone();
                }
            }
            for (row, (text, _)) in waivers.iter_mut().zip(&texts) {
                row.waives_lines = self.waived_line_texts.contains(text);
            }
        }
        let data = ReportData {
            date,
            pack: PackInfo::of(pack),
            inputs,
            summary,
            groups: self.groups,
            needs: self
                .needs
                .into_iter()
                .map(|((_, label), t)| (label, t))
                .collect(),
            presumed: self.presumed,
            review: self.review,
            suppliers,
            suppliers_total,
            waivers,
            waived,
            rejects: self.rejects,
            figures: {
                // Sectors by their titles ("Caustic soda"), not their ids.
                let mut f = self.figures.finish();
                for g in &mut f.by_sector {
                    let (id, waived) = match g.key.strip_suffix(figures::WAIVED_SUFFIX) {
                        Some(id) => (id, figures::WAIVED_SUFFIX),
                        None => (g.key.as_str(), ""),
                    };
                    if let Some(sec) = pack.sectors.iter().find(|x| x.id == id) {
                        g.key = format!("{}{waived}", sec.title);
                    }
                }
                f
            },
            citations: pack
                .rules
                .iter()
                .map(|r| {
                    (
                        r.code.clone(),
                        r.title.clone(),
                        r.citation.split_whitespace().collect::<Vec<_>>().join(" "),
                    )
                })
                .collect(),
            documents: pack
                .documents
                .iter()
                .map(|d| (d.id.clone(), d.title.clone()))
                .collect(),
            sources: pack
                .guidance
                .iter()
                .map(|g| {
                    (
                        g.title.clone(),
                        g.date.clone(),
                        g.url.clone(),
                        g.note.clone(),
                    )
                })
                .collect(),
            companion: None,
            spooled: self.spool.as_ref().map_or(0, LineSpool::lines),
        };
        (data, self.spool)
    }
}

impl Sink for ReportSink<'_> {
    fn begin(&mut self, sources: &[Source]) -> std::io::Result<()> {
        self.files = crate::output::sink::file_names(sources)
            .iter()
            .map(|f| display_name(f))
            .collect();
        Ok(())
    }

    fn row(&mut self, file: usize, row: &Row, o: &Outcome) -> std::io::Result<()> {
        let g = |c: Column| row.get(c).unwrap_or("").to_string();
        let supplier = row
            .get(Column::Supplier)
            .or(row.get(Column::Manufacturer))
            .unwrap_or("")
            .to_string();
        let (need, need_order) = if o.verdict == Verdict::Review {
            let n = crate::verdict::review_need(self.pack, &o.findings);
            let mut order = vec![n.rank()];
            if let crate::verdict::ReviewNeed::SectorOrigin(titles) = &n {
                order.extend(titles.iter().map(|t| {
                    self.pack
                        .sectors
                        .iter()
                        .position(|s| &s.title == t)
                        .map_or(u16::MAX, |i| u16::try_from(i).unwrap_or(u16::MAX))
                }));
            }
            (n.to_string(), order)
        } else {
            (String::new(), Vec::new())
        };
        let l = LineRecord {
            file: self.files.get(file).cloned().unwrap_or_default(),
            row: row.row,
            source_line: row.source_line,
            shipment: g(Column::ShipmentId),
            line: g(Column::Line),
            supplier,
            manufacturer: g(Column::Manufacturer),
            country: g(Column::CountryOfOrigin),
            hts: row.hts.clone().unwrap_or_default(),
            entry_date: row.entry_date,
            description: g(Column::Description),
            value: row.value,
            currency: row.currency.clone().unwrap_or_default(),
            verdict: o.verdict,
            findings: o.findings.clone(),
            missing_documents: o.missing_documents.clone(),
            need,
            need_order,
        };
        if let Some(s) = self.spool.as_mut() {
            s.write(&l)?;
        }
        self.figures.add(&l);
        self.groups
            .entry(l.group())
            .or_default()
            .add(l.value, &l.currency);
        if l.verdict == Verdict::Review {
            self.needs
                .entry((l.need_order.clone(), l.need.clone()))
                .or_default()
                .add(l.value, &l.currency);
        }
        if l.group() == Group::Waived {
            for f in &o.findings {
                if let Some(w) = f
                    .waived
                    .as_ref()
                    .filter(|w| !self.waived_line_texts.contains(*w))
                {
                    self.waived_line_texts.insert(w.clone());
                }
            }
        }
        for f in o.findings.iter().filter(|f| f.waived.is_some()) {
            self.waived.push(WaivedFinding {
                line: l.label(),
                supplier: l.supplier.clone(),
                code: f.code.clone(),
                reason: f.reason.clone(),
                waiver: f.waived.clone().unwrap_or_default(),
                until: String::new(),
                by: String::new(),
            });
        }
        self.supplier(&l);
        match l.verdict {
            Verdict::Presumed => self.presumed.push(l),
            Verdict::Review => self.review.push(l),
            Verdict::Clear => {}
        }
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

/// A file as headings show it: its name, without the directories.
pub fn display_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// "1 line", "2 lines" ([`crate::text::plural`]).
pub fn plural(n: u64, one: &str, many: &str) -> String {
    crate::text::plural(n, one, many)
}

/// Format money for people: "USD 12,500.00".
pub fn money(values: &[(String, Decimal)]) -> String {
    if values.is_empty() {
        return "-".into();
    }
    values
        .iter()
        .map(|(c, d)| {
            let amount = crate::output::human_amount(*d);
            if c.is_empty() {
                format!("{amount} (no currency)")
            } else {
                format!("{c} {amount}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Texts that must never reach a reader: internal notes of the data files and placeholders.
/// A test renders every report format and `explain` for every rule and fails on any of them.
pub const INTERNAL_MARKERS: [&str; 13] = [
    "uflpa-facts",
    "stored corpus",
    "secondary source (French)",
    "page cite not found",
    "citation not found",
    "(S: ",
    "(I: ",
    "[S]",
    "[V]",
    "[U]",
    "xinjiang-divisions",
    "project reference",
    "TODO",
];
