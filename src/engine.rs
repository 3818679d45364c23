//! The engine holds the law: it asks the matchers about every party, address and
//! description of a row, records each hit as a [`Finding`], and combines the findings into
//! one [`Verdict`] in a single place ([`Verdict::of`]):
//!
//! * a Xinjiang link anywhere (a party, an address, the goods) ⇒ `presumed`;
//! * a high-priority sector whose Xinjiang-free origin is not shown, or a weak or
//!   ambiguous location signal ⇒ `review`;
//! * otherwise `clear`.

use crate::input::{Column, Row};
use crate::matchers::entity::{EntityHit, EntityMatcher, MatchKind, Thresholds};
use crate::matchers::region::{Country, RegionHit, RegionMatcher, TextKind};
use crate::matchers::sector::SectorHit;
use crate::matchers::sector::SectorMatcher;
use crate::memo::Memo;
use crate::rules::{RulePack, Severity};
pub use crate::verdict::{Finding, LineContext, Outcome, Verdict};
use std::sync::Arc;

/// Outcomes remembered by the text they depend on, for one thread of a run.
///
/// Manifests repeat themselves: the same supplier, address, goods and HTS code on line
/// after line. Without a supply chain or evidence file, a row's outcome depends only on its
/// party, address, origin, description and HTS fields (and, for Entity List findings, its
/// entry date), so a row whose fields are the same as an earlier one's gets the same
/// outcome without being screened again. The key is those fields themselves, compared in
/// full, so a hash collision cannot give a wrong answer. At most `limit` outcomes are kept;
/// the memo is emptied when full, so memory stays flat however long the input. While rows
/// do not repeat, the memo rests ([`crate::memo::Gate`]): rows are screened without a key.
#[derive(Debug)]
pub struct OutcomeMemo {
    map: std::collections::HashMap<Box<[u8]>, Remembered, foldhash::fast::RandomState>,
    key: Vec<u8>,
    limit: usize,
    /// Rests the memo while rows do not repeat ([`crate::memo::Gate`]).
    gate: crate::memo::Gate,
    /// The screener the outcomes are from.
    owner: usize,
    /// Rows answered from the memo.
    pub hits: u64,
    /// Rows screened.
    pub misses: u64,
    /// Rows screened without a look-up because the memo rested.
    pub rested: u64,
    /// The matchers' answers for single texts, for rows that are not whole repeats.
    pub matches: MatchMemo,
}

/// The matchers' answers remembered by text, for one screening thread ([`crate::memo`]):
/// addresses, names and goods repeat across lines that differ elsewhere.
#[derive(Debug)]
pub struct MatchMemo {
    /// Party names: parties repeat, but where most names are new (a file of one-off
    /// shippers) this memo rests while the addresses' pays.
    names: Memo<(TextKind, Country, bool), Vec<RegionHit>>,
    /// Addresses: many parties share one (a city's industrial park).
    addresses: Memo<(TextKind, Country, bool), Vec<RegionHit>>,
    /// Descriptions: mostly unique (order, style and carton numbers), so only those seen
    /// twice are stored, and they do not push names and addresses out.
    goods: Memo<(TextKind, Country, bool), Vec<RegionHit>>,
    countries: Memo<(), Country>,
    parties: Memo<(), Option<EntityHit>>,
    sectors: Memo<(), Vec<SectorHit>>,
    /// Listed names written in descriptions ([`Screener::phrase_matches`]), so that a
    /// description the other memos know is neither folded nor walked.
    phrases: Memo<(), Vec<(usize, String)>>,
    /// Supplier and manufacturer, each with its address, by the country of origin: one
    /// look-up instead of four (country of the address, places in the name and in the
    /// address, Entity List).
    party: Memo<Country, Arc<PartyAnswer>>,
    party_key: String,
}

impl Default for MatchMemo {
    fn default() -> Self {
        MatchMemo {
            names: Memo::with_limit(100_000),
            addresses: Memo::with_limit(100_000),
            goods: Memo::with_doorkeeper(50_000),
            countries: Memo::with_limit(100_000),
            parties: Memo::with_limit(100_000),
            sectors: Memo::with_doorkeeper(50_000),
            phrases: Memo::with_doorkeeper(50_000),
            party: Memo::with_limit(100_000),
            party_key: String::new(),
        }
    }
}

impl MatchMemo {
    /// Per memo: its name, questions answered from it, questions asked, and questions asked
    /// while its stored answers rested (`screen --stats`).
    pub fn hit_counts(&self) -> [(&'static str, u64, u64, u64); 8] {
        let c = |name, (hits, asked, rested)| (name, hits, asked, rested);
        [
            c("parties with their addresses", self.party.counts()),
            c("party names", self.names.counts()),
            c("addresses", self.addresses.counts()),
            c("descriptions", self.goods.counts()),
            c("countries", self.countries.counts()),
            c("Entity List names", self.parties.counts()),
            c("sector keywords", self.sectors.counts()),
            c("listed names in descriptions", self.phrases.counts()),
        ]
    }

    fn clear(&mut self) {
        self.names.clear();
        self.addresses.clear();
        self.goods.clear();
        self.countries.clear();
        self.parties.clear();
        self.sectors.clear();
        self.phrases.clear();
        self.party.clear();
    }
}

/// What one party of a row gives ([`Ask::party`]).
#[derive(Debug, Clone)]
struct PartyAnswer {
    /// The country its address names, and whether it names one (else the country of
    /// origin, not certain).
    country: (Country, bool),
    /// Places in its name (read in `country`) and in its address.
    name_hits: Vec<RegionHit>,
    address_hits: Vec<RegionHit>,
    /// Its best Entity List match.
    listed: Option<EntityHit>,
}

/// The matchers of a screener, asked through a thread's memo.
struct Ask<'a> {
    s: &'a Screener,
    m: &'a mut MatchMemo,
}

impl Ask<'_> {
    /// Places in `text`; `found`, when given, is `text` folded, with its matches to come.
    fn scan(
        &mut self,
        text: &str,
        found: Option<&mut DescFound>,
        kind: TextKind,
        fallback: &Country,
        certain: bool,
    ) -> Vec<RegionHit> {
        let s = self.s;
        let memo = match kind {
            TextKind::Goods => &mut self.m.goods,
            TextKind::Name => &mut self.m.names,
            TextKind::Address => &mut self.m.addresses,
        };
        memo.get_or(text, &(kind, fallback.clone(), certain), || match found {
            Some(f) => {
                let places = [
                    f.take(s, DescFound::PLACES),
                    f.take(s, DescFound::CONTEXT),
                    f.take(s, DescFound::PERSONS),
                ];
                s.region.scan_found(
                    text,
                    Some(f.folded()),
                    Some(places),
                    kind,
                    fallback,
                    certain,
                )
            }
            None => s.region.scan_folded(text, None, kind, fallback, certain),
        })
    }

    fn country_of(&mut self, text: &str) -> Country {
        let region = &self.s.region;
        self.m
            .countries
            .get_or(text, &(), || region.country_of(text))
    }

    fn best(&mut self, name: &str) -> Option<EntityHit> {
        let entity = &self.s.entity;
        self.m.parties.get_or(name, &(), || entity.best(name))
    }

    /// What a party (its name and address, read with the country of origin `coo`) gives:
    /// remembered whole, since a party comes back with the same address; the parts are
    /// asked of the per-text memos when the whole is new (a new name at a known address).
    fn party(
        &mut self,
        name: Option<&str>,
        address: Option<&str>,
        coo: &Country,
    ) -> Arc<PartyAnswer> {
        // The key: the name's length first, so that no two (name, address) pairs share one.
        let mut key = std::mem::take(&mut self.m.party_key);
        key.clear();
        if let Some(n) = name {
            use std::fmt::Write;
            // Writing a number into a String cannot fail.
            let _ = write!(key, "{}:", n.len());
            key.push_str(n);
        }
        key.push('|');
        if let Some(a) = address {
            key.push(':');
            key.push_str(a);
        }
        let mut memo = std::mem::replace(&mut self.m.party, Memo::with_limit(0));
        let answer = memo.get_or(&key, coo, || {
            // A party name is read in the country of its address, if the address names one.
            let country = match address.map(|a| self.country_of(a)) {
                Some(Country::Unknown) | None => (coo.clone(), false),
                Some(c) => (c, true),
            };
            let name_hits = match name {
                Some(t) if !t.is_empty() => {
                    self.scan(t, None, TextKind::Name, &country.0, country.1)
                }
                _ => Vec::new(),
            };
            let address_hits = match address {
                Some(a) if !a.is_empty() => self.scan(a, None, TextKind::Address, coo, false),
                _ => Vec::new(),
            };
            let listed = name.and_then(|t| self.best(t));
            Arc::new(PartyAnswer {
                country,
                name_hits,
                address_hits,
                listed,
            })
        });
        self.m.party = memo;
        self.m.party_key = key;
        answer
    }

    /// Sectors of a description, given as written and folded (with its matches to come).
    fn sectors_of(&mut self, text: &str, found: &mut DescFound) -> Vec<SectorHit> {
        let s = self.s;
        self.m.sectors.get_or(text, &(), || {
            let keywords = found.take(s, DescFound::SECTORS);
            s.sector.by_matches(keywords)
        })
    }

    /// Listed names written in a description ([`Screener::phrase_matches`]).
    fn phrases_of(&mut self, text: &str, found: &mut DescFound) -> Vec<(usize, String)> {
        let s = self.s;
        self.m.phrases.get_or(text, &(), || {
            let matches = found.take(s, DescFound::PHRASES);
            Screener::phrase_matches(found.folded(), matches)
        })
    }
}

/// A description, folded the first time its folding is asked for, with its matches of the
/// five lists of [`RegionMatcher::walk`], found by one walk the first time one list is
/// asked for (a description the memos know is neither folded nor walked).
struct DescFound<'t> {
    raw: &'t str,
    folded: Option<String>,
    lists: Option<[Vec<(usize, usize, usize)>; 5]>,
}

impl<'t> DescFound<'t> {
    /// The gazetteer's places ([`RegionMatcher::scan_found`]).
    const PLACES: usize = 0;
    /// Countries and provinces ([`RegionMatcher::scan_found`]).
    const CONTEXT: usize = 1;
    /// Person markers ([`RegionMatcher::scan_found`]).
    const PERSONS: usize = 2;
    /// Sector keywords ([`SectorMatcher::by_matches`]).
    const SECTORS: usize = 3;
    /// Listed names ([`Screener::entity_phrases_in`]).
    const PHRASES: usize = 4;

    /// `raw`: the text as written.
    fn new(raw: &'t str) -> DescFound<'t> {
        DescFound {
            raw,
            folded: None,
            lists: None,
        }
    }

    /// The text folded ([`crate::text::fold`]).
    fn folded(&mut self) -> &str {
        let raw = self.raw;
        self.folded.get_or_insert_with(|| crate::text::fold(raw))
    }

    /// List `k`'s matches, taken out (each list is asked for once).
    fn take(&mut self, s: &Screener, k: usize) -> Vec<(usize, usize, usize)> {
        if self.lists.is_none() {
            let walked = s.region.walk(self.folded());
            self.lists = Some(walked);
        }
        match &mut self.lists {
            Some(lists) => std::mem::take(&mut lists[k]),
            None => Vec::new(),
        }
    }
}

#[derive(Debug)]
struct Remembered {
    outcome: Arc<Outcome>,
    /// `Some(date)` when the outcome holds Entity List findings, whose reasons compare the
    /// entry date with the listing date: reused only for the same entry date.
    date: Option<Option<crate::input::Date>>,
}

impl Default for OutcomeMemo {
    fn default() -> Self {
        OutcomeMemo::with_limit(8192)
    }
}

impl OutcomeMemo {
    /// A memo of at most `limit` outcomes.
    pub fn with_limit(limit: usize) -> OutcomeMemo {
        OutcomeMemo {
            map: Default::default(),
            key: Vec::with_capacity(512),
            limit,
            gate: Default::default(),
            owner: 0,
            hits: 0,
            misses: 0,
            rested: 0,
            matches: MatchMemo::default(),
        }
    }

    /// The key of a row: its layout and every field the outcome depends on, each with its
    /// length (so that no two different rows share a key).
    fn make_key(&mut self, row: &Row) {
        fn push(key: &mut Vec<u8>, v: Option<&str>) {
            match v {
                Some(t) => {
                    key.extend_from_slice(&(t.len() as u32).to_le_bytes());
                    key.extend_from_slice(t.as_bytes());
                }
                None => key.extend_from_slice(&u32::MAX.to_le_bytes()),
            }
        }
        let key = &mut self.key;
        key.clear();
        key.extend_from_slice(&(Arc::as_ptr(&row.layout) as usize).to_le_bytes());
        for col in [
            Column::Supplier,
            Column::SupplierAddress,
            Column::Manufacturer,
            Column::ManufacturerAddress,
            Column::CountryOfOrigin,
            Column::Description,
            Column::HtsCode,
        ] {
            push(key, row.get(col));
        }
        for &(i, _) in &row.layout.extra {
            push(key, row.field(i).map(crate::text::trim));
        }
        // A column composed of several (an address over street, city and country columns):
        // a finding names the part that holds its match, so the parts are part of the key.
        for (_, parts) in &row.layout.parts {
            for &i in parts {
                push(key, row.field(i).map(crate::text::trim));
            }
        }
        // The data-quality findings of the row's cells, with the text they quote.
        for issue in &row.issues {
            push(key, Some(issue.code.as_str()));
            push(key, Some(&issue.column));
            push(key, Some(&issue.reason));
            push(key, Some(&issue.text));
        }
    }
}

/// For each listed-name phrase: the entity (index into the pack's entities), the name it
/// was made from, as listed, and whether the phrase is that name without its bracketed
/// qualifier (a match then only resembles the listing: another company of the group may be
/// meant).
type PhraseNames = Vec<(usize, String, bool)>;

/// A rule pack with its matchers compiled: cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Screener {
    pack: Arc<RulePack>,
    region: Arc<RegionMatcher>,
    sector: Arc<SectorMatcher>,
    entity: Arc<EntityMatcher>,
    /// Listed names written out in a description ("wafers from Xinjiang Daqo New Energy"):
    /// for each pattern of [`DescFound::PHRASES`], the entity and the name.
    phrases: Arc<PhraseNames>,
    /// Name matchers of the user's lists beside the Entity List (CBP WROs, XPCC affiliates).
    user: Arc<UserMatchers>,
}

/// Name matchers of [`crate::lists::user::UserLists`]: the Entity List's matcher over each
/// list's names, so they are read the same way (abbreviations, cuts, scripts).
#[derive(Debug, Default)]
struct UserMatchers {
    wro: Option<EntityMatcher>,
    xpcc: Option<EntityMatcher>,
}

impl Screener {
    /// Compile the matchers of a validated pack.
    pub fn new(pack: RulePack) -> Result<Screener, crate::Error> {
        let sector = SectorMatcher::new(&pack).map_err(crate::Error::Matcher)?;
        let (phrase_patterns, phrases) = entity_phrases(&pack)?;
        // A description is walked once for places, sector keywords and listed names.
        let region =
            RegionMatcher::with_lists(&pack, [sector.keyword_patterns(), &phrase_patterns])
                .map_err(crate::Error::Matcher)?;
        let m = &pack.entity_list;
        let places: std::collections::HashSet<String> = pack
            .context
            .iter()
            .filter(|c| c.country == "CN")
            .map(|c| crate::text::fold(&c.pattern))
            .chain(
                pack.gazetteer
                    .iter()
                    .filter(|g| {
                        !matches!(
                            g.kind,
                            crate::rules::PlaceKind::Lookalike
                                | crate::rules::PlaceKind::Negation
                                | crate::rules::PlaceKind::Product
                        )
                    })
                    .map(|g| crate::text::fold(&g.pattern)),
            )
            .filter(|p| !p.contains(' '))
            .collect();
        let entity = EntityMatcher::new(
            &pack.entities,
            &places,
            Thresholds {
                presume: m.presume_threshold,
                review: m.review_threshold,
                token: m.token_threshold,
            },
        );
        let thresholds = Thresholds {
            presume: m.presume_threshold,
            review: m.review_threshold,
            token: m.token_threshold,
        };
        let u = &pack.user_lists;
        let user = UserMatchers {
            wro: (!u.wro.is_empty()).then(|| {
                let names: Vec<_> = u
                    .wro
                    .iter()
                    .map(|o| (o.producer.clone(), o.aliases.clone(), Vec::new()))
                    .collect();
                EntityMatcher::new(&crate::lists::user::as_records(&names), &places, thresholds)
            }),
            xpcc: (!u.xpcc.is_empty()).then(|| {
                let names: Vec<_> = u
                    .xpcc
                    .iter()
                    .map(|a| (a.name.clone(), a.aliases.clone(), a.names_zh.clone()))
                    .collect();
                EntityMatcher::new(&crate::lists::user::as_records(&names), &places, thresholds)
            }),
        };
        Ok(Screener {
            pack: Arc::new(pack),
            region: Arc::new(region),
            sector: Arc::new(sector),
            entity: Arc::new(entity),
            phrases: Arc::new(phrases),
            user: Arc::new(user),
        })
    }

    /// The pack in use.
    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// The region matcher (for tools that check one text by hand).
    pub fn region(&self) -> &RegionMatcher {
        &self.region
    }

    /// The sector matcher.
    pub fn sector(&self) -> &SectorMatcher {
        &self.sector
    }

    /// The Entity List matcher (for the `entity` command).
    pub fn entity(&self) -> &EntityMatcher {
        &self.entity
    }

    fn entity_finding(
        &self,
        field: &str,
        text: &str,
        hit: &EntityHit,
        entry: Option<crate::input::Date>,
        address: Option<&str>,
    ) -> Finding {
        let e = &self.pack.entities[hit.entity];
        let place = if hit.weak_alias {
            self.entity.corroboration(hit, text, address)
        } else {
            None
        };
        let left_out = self.entity.place_left_out(hit, text, address);
        let code = if left_out.is_some() {
            crate::rules::Code::EL302.as_str()
        } else {
            crate::verdict::entity_code(hit, &e.scope, place.is_some()).as_str()
        };
        let scope = if e.scope.is_empty() {
            String::new()
        } else {
            format!(" {}", e.scope)
        };
        let how = match hit.kind {
            MatchKind::Exact => "is on the UFLPA Entity List as".to_string(),
            MatchKind::Fuzzy => format!(
                "closely matches (score {:.2}) the UFLPA Entity List entry",
                hit.score
            ),
            MatchKind::Extension => format!(
                "extends the listed name \"{}\" of the UFLPA Entity List entry",
                hit.listed_name
            ),
            MatchKind::Near => format!(
                "resembles (score {:.2}) the UFLPA Entity List entry",
                hit.score
            ),
        };
        let mut reason = format!(
            "{field} '{}' {how} {}{scope} ({}added {} by the {}; list as of {})",
            crate::text::clip(text, 80),
            e.name,
            e.sections_note(),
            e.date_added,
            e.notice,
            self.pack.entity_list.as_of
        );
        for n in &hit.notes {
            reason.push_str(&format!("; {n}"));
        }
        if let Some(p) = &left_out {
            reason.push_str(&format!(
                "; the name as written lacks only '{p}' of \"{}\", which the party's address names: presumed",
                hit.listed_name
            ));
        }
        if hit.weak_alias {
            match &place {
                Some(p) => reason.push_str(&format!(
                    "; \"{}\" is a short form of a listed name, corroborated by the place '{p}' of the listed entity",
                    hit.listed_name
                )),
                None => reason.push_str(&format!(
                    "; \"{}\" is a short form of a listed name and no place of the listed entity corroborates it: review",
                    hit.listed_name
                )),
            }
        }
        if code == crate::rules::Code::EL304 {
            reason.push_str(&format!(
                "; the listing covers the entity {}: a company named as part of it is presumed",
                e.scope
            ));
        }
        if let Some(d) = entry {
            if d < e.date_added {
                reason.push_str(&format!("; note: the entry date {d} precedes the listing"));
            }
        }
        Finding {
            code: code.to_string(),
            severity: self.severity(code),
            field: field.to_string(),
            matched: text.to_string(),
            reason,
            sector: None,
            family: None,
            tier: None,
            waived: None,
        }
    }

    /// Findings of the user's lists for one party name: EL305 (XPCC affiliate file), WR701
    /// or WR702 (CBP WRO or Finding in force; by whether `hts`, the line's HTS digits, falls
    /// under the order's prefixes). Only exact, close or extended names count (not "near").
    fn user_list_findings(
        &self,
        field: &str,
        text: &str,
        address: Option<&str>,
        hts: Option<&str>,
        findings: &mut Vec<Finding>,
    ) {
        use crate::lists::user::OrderStatus;
        use crate::rules::Code;
        let u = &self.pack.user_lists;
        // A short alias of common words counts only with a place of its company in the
        // party's name or address, as on the Entity List.
        let strong = |m: &EntityMatcher| {
            m.best(text).filter(|h| {
                matches!(
                    h.kind,
                    MatchKind::Exact | MatchKind::Fuzzy | MatchKind::Extension
                ) && (!h.weak_alias || m.corroboration(h, text, address).is_some())
            })
        };
        let mut push = |code: Code, reason: String| {
            findings.push(Finding {
                code: code.to_string(),
                severity: self.severity(code.as_str()),
                field: field.to_string(),
                matched: text.to_string(),
                reason,
                sector: None,
                family: None,
                tier: None,
                waived: None,
            })
        };
        if let Some(hit) = self.user.xpcc.as_ref().and_then(strong) {
            let a = &u.xpcc[hit.entity];
            push(
                Code::EL305,
                format!(
                    "{field} '{}' is {} on the XPCC affiliate list {} ({}; source: {}): the XPCC is on the UFLPA Entity List with its subordinate and affiliated entities",
                    crate::text::clip(text, 80),
                    a.name,
                    u.xpcc_file,
                    a.relationship,
                    crate::text::clip(&a.source, 160)
                ),
            );
        }
        if let Some(hit) = self.user.wro.as_ref().and_then(strong) {
            let o = &u.wro[hit.entity];
            if o.status == OrderStatus::Revoked {
                return;
            }
            let covers = o.hts_prefixes.is_empty()
                || hts.is_none_or(|h| o.hts_prefixes.iter().any(|p| h.starts_with(p.as_str())));
            let status = match o.status {
                OrderStatus::Active => "active",
                OrderStatus::Modified => "modified",
                OrderStatus::Revoked => "revoked",
            };
            let dated = if o.date.is_empty() {
                String::new()
            } else {
                format!(" of {}", o.date)
            };
            let goods = if covers {
                format!("covering {}", o.merchandise)
            } else {
                format!(
                    "covering {}, not this line's HTS code (detention risk for those goods only)",
                    o.merchandise
                )
            };
            let link = if o.url.is_empty() {
                String::new()
            } else {
                format!(" {}", o.url)
            };
            push(
                if covers { Code::WR701 } else { Code::WR702 },
                format!(
                    "{field} '{}' is {}, named by a CBP {}{dated} ({status}) {goods}; {}{link}; detention under 19 U.S.C. 1307, apart from the UFLPA presumption (list {})",
                    crate::text::clip(text, 80),
                    o.producer,
                    o.kind,
                    o.citation,
                    u.wro_file
                ),
            );
        }
    }

    fn severity(&self, code: &str) -> Severity {
        self.pack.severity(code)
    }

    fn region_finding(&self, field: &str, text_kind: TextKind, hit: RegionHit) -> Finding {
        let code = crate::verdict::region_code(hit.strength, hit.kind, text_kind).as_str();
        let reason = format!("{field} '{}' {}", hit.matched, hit.detail);
        Finding {
            code: code.to_string(),
            severity: self.severity(code),
            field: field.to_string(),
            matched: hit.matched,
            reason,
            sector: None,
            family: None,
            tier: None,
            waived: None,
        }
    }

    /// Screen one text by hand (the `check` command and tests).
    pub fn scan_text(
        &self,
        field: &str,
        text: &str,
        kind: TextKind,
        country: &Country,
    ) -> Vec<Finding> {
        let mut out: Vec<Finding> = self
            .region
            .scan(text, kind, country, false)
            .into_iter()
            .map(|h| self.region_finding(field, kind, h))
            .collect();
        match kind {
            TextKind::Name => {
                if let Some(hit) = self.entity.best(text) {
                    out.push(self.entity_finding(field, text, &hit, None, None));
                }
            }
            TextKind::Goods => {
                let mut found = DescFound::new(text);
                let matches = found.take(self, DescFound::PHRASES);
                let phrases = Screener::phrase_matches(found.folded(), matches);
                out.extend(self.entity_phrases_in(field, &phrases, None))
            }
            TextKind::Address => {}
        }
        out
    }

    /// The listed names written out in a text, given folded ([`crate::text::fold`]) with
    /// its matches of the listed names ([`DescFound::PHRASES`]: (start, end, pattern)): of
    /// overlapping names, the leftmost and then the longest, as (pattern, the folded words
    /// matched).
    fn phrase_matches(folded: &str, found: Vec<(usize, usize, usize)>) -> Vec<(usize, String)> {
        crate::matchers::leftmost_longest(found)
            .into_iter()
            .map(|(start, stop, pattern)| (pattern, folded[start..stop].to_string()))
            .collect()
    }

    /// Findings for the listed names written out in a description
    /// ([`Screener::phrase_matches`]): one per entity.
    fn entity_phrases_in(
        &self,
        field: &str,
        phrases: &[(usize, String)],
        entry: Option<crate::input::Date>,
    ) -> Vec<Finding> {
        let names = &*self.phrases;
        let mut done: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for (pattern, matched) in phrases {
            let (entity, shown, shortened) = &names[*pattern];
            if done.contains(entity) {
                continue;
            }
            done.push(*entity);
            // Without the listing's qualifier ("Hoshine Silicon Industry" for "... (Shanshan)
            // Co., Ltd"): as with a party name, the group's other companies are not listed,
            // so a person must look (EL303), not presume.
            let hit = EntityHit {
                entity: *entity,
                listed_name: shown.clone(),
                kind: if *shortened {
                    MatchKind::Near
                } else {
                    MatchKind::Exact
                },
                score: 1.0,
                recall: 1.0,
                precision: 1.0,
                weak_alias: false,
                qualifier_missing: *shortened,
                notes: if *shortened {
                    vec![format!(
                        "written without the bracketed qualifier of the listed name \"{shown}\": another company of the same group may be meant"
                    )]
                } else {
                    Vec::new()
                },
            };
            out.push(self.entity_finding(field, matched, &hit, entry, None));
        }
        out
    }

    /// Screen one row.
    pub fn screen(&self, row: &Row) -> Outcome {
        self.screen_line(row, &LineContext::default())
    }

    /// Screen one row (no supply chain or evidence), answering from `memo` when an earlier
    /// row had the same fields. The outcome is the same as [`Screener::screen`]'s.
    pub fn screen_cached(&self, row: &Row, memo: &mut OutcomeMemo) -> Arc<Outcome> {
        let owner = Arc::as_ptr(&self.pack) as usize;
        if memo.owner != owner {
            memo.map.clear();
            memo.matches.clear();
            memo.owner = owner;
        }
        // Rows that do not repeat (free-text descriptions with their own order numbers)
        // would only pay for the key, the look-up and the copy.
        if !memo.gate.open() {
            memo.misses += 1;
            memo.rested += 1;
            return Arc::new(self.screen_line_with(
                row,
                &LineContext::default(),
                &mut memo.matches,
            ));
        }
        memo.make_key(row);
        if let Some(r) = memo.map.get(memo.key.as_slice()) {
            if r.date.is_none_or(|d| d == row.entry_date) {
                memo.hits += 1;
                memo.gate.record(true);
                return r.outcome.clone();
            }
        }
        memo.misses += 1;
        let outcome =
            Arc::new(self.screen_line_with(row, &LineContext::default(), &mut memo.matches));
        if memo.gate.record(false) {
            memo.map.clear();
            return outcome;
        }
        if memo.map.len() >= memo.limit {
            memo.map.clear();
        }
        let dated = outcome.findings.iter().any(|f| f.code.starts_with("EL"));
        memo.map.insert(
            memo.key.as_slice().into(),
            Remembered {
                outcome: outcome.clone(),
                date: dated.then_some(row.entry_date),
            },
        );
        outcome
    }

    /// Screen one row with its supply chain and evidence.
    pub fn screen_line(&self, row: &Row, ctx: &LineContext) -> Outcome {
        self.screen_line_with(row, ctx, &mut MatchMemo::default())
    }

    /// [`Screener::screen_line`] with the matchers' answers remembered in `memo` (a
    /// screening thread's own; the answers are the same). `memo` must only ever be used
    /// with this screener ([`Screener::screen_cached`] checks that for its own).
    pub fn screen_line_with(&self, row: &Row, ctx: &LineContext, memo: &mut MatchMemo) -> Outcome {
        let mut ask = Ask { s: self, m: memo };
        let layout = &row.layout;
        let header = |c: Column| {
            layout
                .index(c)
                .map(|i| layout.headers[i].as_str())
                .unwrap_or(c.name())
        };
        let coo = row
            .get(Column::CountryOfOrigin)
            .map(|c| ask.country_of(c))
            .unwrap_or(Country::Unknown);
        // Each party with its address ([`Ask::party`]): places in both, and the Entity List.
        let sup = ask.party(
            row.get(Column::Supplier),
            row.get(Column::SupplierAddress),
            &coo,
        );
        let mfr = ask.party(
            row.get(Column::Manufacturer),
            row.get(Column::ManufacturerAddress),
            &coo,
        );
        let mut findings = Vec::new();
        // The description folded once, and walked once when first asked: for places, listed
        // names and sector keywords.
        let mut desc_found = row.get(Column::Description).map(DescFound::new);
        // `given`: the places already found (a party's name or address).
        let mut scan = |col: Column,
                        idx: Option<usize>,
                        kind: TextKind,
                        fallback: &(Country, bool),
                        given: Option<&[RegionHit]>,
                        findings: &mut Vec<Finding>| {
            let (text, name) = match idx {
                Some(i) => (
                    row.field(i).map(crate::text::trim).unwrap_or(""),
                    layout.headers[i].as_str(),
                ),
                None => (row.get(col).unwrap_or(""), header(col)),
            };
            if text.is_empty() {
                return;
            }
            let found = match (col, idx) {
                (Column::Description, None) => desc_found.as_mut(),
                _ => None,
            };
            let hits = match given {
                Some(h) => h.to_vec(),
                None => ask.scan(text, found, kind, &fallback.0, fallback.1),
            };
            for hit in hits {
                // An address composed of several columns: the finding names the column
                // that holds the match.
                let field = match idx {
                    None => row.part_holding(col, &hit.matched).unwrap_or(name),
                    Some(_) => name,
                };
                let f = self.region_finding(field, kind, hit);
                // The same name twice in one field is one finding.
                if !findings.iter().any(|o| {
                    o.code == f.code
                        && o.field == f.field
                        && o.matched.to_lowercase() == f.matched.to_lowercase()
                }) {
                    findings.push(f);
                }
            }
        };
        let coo_fb = (coo.clone(), false);
        let none_fb = (Country::Unknown, false);
        scan(
            Column::Supplier,
            None,
            TextKind::Name,
            &sup.country,
            Some(&sup.name_hits),
            &mut findings,
        );
        scan(
            Column::SupplierAddress,
            None,
            TextKind::Address,
            &coo_fb,
            Some(&sup.address_hits),
            &mut findings,
        );
        scan(
            Column::Manufacturer,
            None,
            TextKind::Name,
            &mfr.country,
            Some(&mfr.name_hits),
            &mut findings,
        );
        scan(
            Column::ManufacturerAddress,
            None,
            TextKind::Address,
            &coo_fb,
            Some(&mfr.address_hits),
            &mut findings,
        );
        for &(i, col) in &layout.extra {
            let kind = match col {
                Column::Supplier | Column::Manufacturer => TextKind::Name,
                _ => TextKind::Address,
            };
            scan(col, Some(i), kind, &coo_fb, None, &mut findings);
        }
        scan(
            Column::CountryOfOrigin,
            None,
            TextKind::Address,
            &none_fb,
            None,
            &mut findings,
        );
        scan(
            Column::Description,
            None,
            TextKind::Goods,
            &coo_fb,
            None,
            &mut findings,
        );

        // The UFLPA Entity List: every party name, and listed names written in the goods.
        // Each party with its own address, which may corroborate a weak alias. Supplier and
        // manufacturer come with their match already found.
        type Party<'r> = (&'r str, &'r str, Option<&'r str>, Option<Option<EntityHit>>);
        let mut parties: Vec<Party> = Vec::new();
        for (col, addr, answer) in [
            (Column::Supplier, Column::SupplierAddress, &sup),
            (Column::Manufacturer, Column::ManufacturerAddress, &mfr),
        ] {
            if let Some(t) = row.get(col) {
                parties.push((header(col), t, row.get(addr), Some(answer.listed.clone())));
            }
        }
        for &(i, col) in &layout.extra {
            if matches!(col, Column::Supplier | Column::Manufacturer) {
                if let Some(t) = row
                    .field(i)
                    .map(crate::text::trim)
                    .filter(|s| !s.is_empty())
                {
                    parties.push((layout.headers[i].as_str(), t, None, None));
                }
            }
        }
        for (field, text, address, listed) in parties {
            let listed = match listed {
                Some(l) => l,
                None => ask.best(text),
            };
            if let Some(hit) = listed {
                findings.push(self.entity_finding(field, text, &hit, row.entry_date, address));
            }
            self.user_list_findings(field, text, address, row.hts.as_deref(), &mut findings);
        }
        if let (Some(desc), Some(found)) = (row.get(Column::Description), &mut desc_found) {
            let phrases = ask.phrases_of(desc, found);
            findings.extend(self.entity_phrases_in(
                header(Column::Description),
                &phrases,
                row.entry_date,
            ));
        }

        // High-priority sectors: one finding per sector, naming every way it matched.
        let mut sector_hits = Vec::new();
        if let (Some(digits), Some(shown)) = (&row.hts, row.get(Column::HtsCode)) {
            for h in self.sector.by_hts(digits, shown) {
                sector_hits.push((header(Column::HtsCode), shown, h));
            }
        }
        if let (Some(desc), Some(found)) = (row.get(Column::Description), &mut desc_found) {
            for h in ask.sectors_of(desc, found) {
                sector_hits.push((header(Column::Description), desc, h));
            }
        }
        let mut seen: Vec<usize> = Vec::new();
        for (field, text, h) in &sector_hits {
            if seen.contains(&h.sector) {
                continue;
            }
            seen.push(h.sector);
            let sec = &self.pack.sectors[h.sector];
            let group = &sec.groups[h.group];
            let mut hows: Vec<&str> = Vec::new();
            for (_, _, o) in sector_hits.iter().filter(|(_, _, o)| o.sector == h.sector) {
                if !hows.contains(&o.how.as_str()) {
                    hows.push(&o.how);
                }
            }
            findings.push(Finding {
                code: sec.code.clone(),
                severity: self.severity(&sec.code),
                field: field.to_string(),
                matched: crate::text::clip(text, 80),
                reason: format!(
                    "high-priority sector {} ({}), by {}; Xinjiang-free origin not shown",
                    sec.title,
                    sec.year,
                    hows.join(", ")
                ),
                sector: Some(sec.id.clone()),
                family: Some(group.family.clone()),
                tier: None,
                waived: None,
            });
        }
        if let Some(chain) = &ctx.chain {
            self.screen_chain(row, chain, &mut findings, &mut ask);
        }
        // Cells that could not be read, or were read with a correction.
        for issue in &row.issues {
            findings.push(Finding {
                code: issue.code.as_str().to_string(),
                severity: self.severity(issue.code.as_str()),
                field: issue.column.clone(),
                matched: crate::text::clip(&issue.text, 80),
                reason: issue.reason.clone(),
                sector: None,
                family: None,
                tier: None,
                waived: None,
            });
        }
        crate::verdict::decide(&self.pack, row, ctx, findings)
    }

    /// Every tier through the same region and Entity List rules (each finding carries its
    /// tier); whether the tiers trace the line's sectors is decided in [`crate::verdict`].
    fn screen_chain(
        &self,
        row: &Row,
        chain: &[&crate::supply::ChainRow],
        findings: &mut Vec<Finding>,
        ask: &mut Ask,
    ) {
        // The same finding twice is one: remembered in a set, so each tier costs the same
        // however many came before (no per-tier scan of every finding so far).
        let mut seen: std::collections::HashSet<(String, String, String)> = findings
            .iter()
            .map(|o| (o.code.clone(), o.field.clone(), o.matched.clone()))
            .collect();
        for r in chain {
            let fallback = if r.country.is_empty() {
                (Country::Unknown, false)
            } else {
                (ask.country_of(&r.country), true)
            };
            let label = format!("supply chain {}", r.label());
            let mut add = |f: Finding| {
                let f = Finding {
                    tier: Some(r.tier),
                    waived: None,
                    ..f
                };
                if seen.insert((f.code.clone(), f.field.clone(), f.matched.clone())) {
                    findings.push(f);
                }
            };
            for (text, kind, what) in [
                (&r.party, TextKind::Name, "party"),
                (&r.address, TextKind::Address, "address"),
                (&r.material, TextKind::Goods, "material"),
            ] {
                if text.is_empty() {
                    continue;
                }
                let field = format!("{label} {what}");
                for hit in ask.scan(text, None, kind, &fallback.0, fallback.1) {
                    add(self.region_finding(&field, kind, hit));
                }
            }
            if !r.party.is_empty() {
                if let Some(hit) = ask.best(&r.party) {
                    add(self.entity_finding(
                        &format!("{label} party"),
                        &r.party,
                        &hit,
                        row.entry_date,
                        Some(r.address.as_str()).filter(|a| !a.is_empty()),
                    ));
                }
            }
            if !r.material.is_empty() {
                let mut found = DescFound::new(&r.material);
                let matches = found.take(self, DescFound::PHRASES);
                let phrases = Screener::phrase_matches(found.folded(), matches);
                for f in
                    self.entity_phrases_in(&format!("{label} material"), &phrases, row.entry_date)
                {
                    add(f);
                }
            }
        }
    }
}

/// `name` without what it holds in brackets (`(...)`, `（...）`, `[...]`), brackets and all.
fn without_brackets(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Listed names and aliases as phrases to find in descriptions: folded, legal forms dropped,
/// only where the phrase is distinctive (two words or more, or one rare long word).
///
/// Returns the phrases (for [`Screener::description`]) and, for each, the entity and the
/// name it comes from.
fn entity_phrases(pack: &RulePack) -> Result<(Vec<String>, PhraseNames), crate::Error> {
    const LEGAL_TAIL: &[&str] = &[
        "co",
        "ltd",
        "limited",
        "company",
        "corp",
        "corporation",
        "inc",
        "group",
        "holdings",
    ];
    // Words that are also XPCC signatures (Bingtuan, 兵团) are the region matcher's to weigh:
    // in a description they are as often a toy brand's "legion" as the Corps.
    let signatures: std::collections::HashSet<String> = pack
        .gazetteer
        .iter()
        .filter(|g| g.kind == crate::rules::PlaceKind::Xpcc)
        .map(|g| crate::text::fold(&g.pattern))
        .collect();
    let mut patterns: Vec<String> = Vec::new();
    let mut names: PhraseNames = Vec::new();
    for (i, e) in pack.entities.iter().enumerate() {
        // Each name as listed, and without its parenthesised qualifier ("Hoshine Silicon
        // Industry (Shanshan) Co., Ltd" is written "Hoshine Silicon Industry" in goods).
        // A name so shortened must keep two words (Latin) to count: one word left of
        // "Xinjiang (...) Co., Ltd" would be a place, not a name.
        let variants = e.all_names().flat_map(|n| {
            let bare = without_brackets(n);
            std::iter::once((n, n.to_string(), false)).chain((bare != n).then_some((n, bare, true)))
        });
        for (n, variant, shortened) in variants {
            let mut words: Vec<&str> = Vec::new();
            let folded = crate::text::fold(&variant);
            for w in folded.split(' ').filter(|w| !w.is_empty()) {
                words.push(w);
            }
            while words.last().is_some_and(|w| LEGAL_TAIL.contains(w)) {
                words.pop();
            }
            let phrase = words.join(" ");
            let han = crate::text::has_han(&phrase);
            let distinctive = (han && phrase.chars().count() >= 4)
                || (!han
                    && (words.len() >= 2 || (words.len() == 1 && phrase.len() >= 5 && !shortened)));
            if !distinctive || signatures.contains(&phrase) {
                continue;
            }
            // The name as shipping documents abbreviate it ("Hoshine Silicon Ind", "Xinjiang
            // Zhongtai Chem"), as the same name.
            let mut all = vec![phrase];
            if !han && words.len() >= 2 {
                all.extend(abbreviated(&words));
            }
            for phrase in all {
                if !patterns.contains(&phrase) {
                    patterns.push(phrase);
                    names.push((i, n.to_string(), shortened));
                }
            }
        }
    }
    Ok((patterns, names))
}

/// Forms of a listed name (folded words, legal forms dropped) with its words abbreviated
/// as shipping documents write them ([`crate::matchers::entity`]'s table: industry -> ind,
/// inds, indus; chemical -> chem): each abbreviatable word but the first in each of its
/// forms, and all of them at once in their first forms. Empty when no word has one.
fn abbreviated(words: &[&str]) -> Vec<String> {
    let forms = |w: &str| -> Vec<&'static str> {
        crate::matchers::entity::ABBREVIATIONS
            .iter()
            .filter(|(a, e)| (*e == w || w.strip_suffix('s') == Some(*e)) && a.len() < w.len())
            .map(|(a, _)| *a)
            .collect()
    };
    let per_word: Vec<Vec<&str>> = words
        .iter()
        .enumerate()
        .map(|(k, w)| if k == 0 { Vec::new() } else { forms(w) })
        .collect();
    let mut out = Vec::new();
    for (k, f) in per_word.iter().enumerate() {
        for a in f {
            let mut v: Vec<&str> = words.to_vec();
            v[k] = a;
            out.push(v.join(" "));
        }
    }
    if per_word.iter().filter(|f| !f.is_empty()).count() >= 2 {
        let v: Vec<&str> = words
            .iter()
            .zip(&per_word)
            .map(|(w, f)| f.first().copied().unwrap_or(w))
            .collect();
        out.push(v.join(" "));
    }
    out
}
