//! "Which Xinjiang places does this text name, and how sure is that?"
//!
//! The matcher knows nothing of rows or verdicts. It is given one piece of text (an
//! address, a party name, a description), what kind of text it is, and the country the
//! rest of the row suggests, and returns [`RegionHit`]s, each with a strength:
//! `Presumed` (the text ties the goods to Xinjiang) or `Review` (it might).
//!
//! How a bare place name is weighed (see `Ambiguity` in the rule pack):
//!
//! | ambiguity | China or unknown country | explicit foreign country | other Chinese province named |
//! |---|---|---|---|
//! | none (Urumqi) | presumed | ignored | review |
//! | world (Aksu) | presumed in China, review if unknown | ignored | review |
//! | china (Shawan) | presumed if corroborated, else review | ignored | ignored |
//! | weak (Yiwu) | presumed if corroborated, else ignored | ignored | ignored |
//!
//! The country is the last one the text names (addresses end with it), but for a place
//! with China named just after it (at most two words between: "Urumqi, China - shipped via
//! Germany" is in China) and a place with another country soon after it and China only
//! later ("Kashgar Bazaar Ltd, Dubai, UAE, ex China": at most a review).
//!
//! "Corroborated" means the same text carries a strong signal of its own (the region's
//! name, an unambiguous place, a Xinjiang postcode or phone code, an XPCC signature).
//! A place name followed by a street word ("Xinjiang Road", 新疆路) is a street, not a
//! location. Negations ("Xinjiang-free") and look-alikes (乌苏里江) consume the text they
//! cover, because the longest match at the leftmost position wins.

use crate::rules::{Ambiguity, PlaceEntry, PlaceKind, RulePack};
use crate::text::{self, fold, fold_with_map};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::collections::HashSet;

/// The country a piece of text is in, as far as can be told.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Country {
    /// Mainland China.
    China,
    /// Another country (ISO alpha-2), including Taiwan.
    Foreign(String),
    /// Hong Kong or Macau (`HK`, `MO`): outside mainland China, but a common route for goods
    /// made there, so it neither confirms nor rules out a Chinese origin.
    Sar(String),
    /// Not known (no country named).
    Unknown,
}

/// What kind of text is being scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// A postal address.
    Address,
    /// A party (company) name.
    Name,
    /// A description of goods or a material.
    Goods,
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// The region's own name.
    Region,
    /// A prefecture, county or XPCC city.
    Place,
    /// A Xinjiang postcode.
    Postcode,
    /// A Xinjiang landline area code.
    Phone,
    /// An XPCC signature.
    Xpcc,
    /// A product named after a Xinjiang place.
    Product,
    /// Text garbled by the wrong code page (mojibake), which may hide a place.
    Garbled,
    /// A likely misspelling of a distinctive Xinjiang name.
    Misspelling,
}

/// How strong a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Might be Xinjiang: a person should look.
    Review,
    /// Ties the text to Xinjiang.
    Presumed,
}

/// One Xinjiang signal found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionHit {
    /// What was found.
    pub kind: HitKind,
    /// How sure.
    pub strength: Strength,
    /// The text as written in the input.
    pub matched: String,
    /// A short explanation, e.g. `Aksu = Aksu Prefecture, Xinjiang`.
    pub detail: String,
}

/// What a text says of where it is ([`RegionMatcher::context_of`]).
struct Context {
    /// The last country named.
    explicit: Option<Country>,
    /// The first Chinese province other than Xinjiang named.
    province: Option<String>,
    /// The country the script suggests.
    script: Option<Country>,
    /// Each country named: (start and end in the folded text, index in `ctx`), in order.
    countries: Vec<(usize, usize, usize)>,
}

struct Ctx {
    country: String,
    province: String,
}

/// Pinyin division words and their English names ("xian" county, "shi" city...).
const DIVISION_WORDS: [(&str, &str); 5] = [
    ("xian", "county"),
    ("shi", "city"),
    ("zhen", "town"),
    ("xiang", "township"),
    ("diqu", "prefecture"),
];

/// The compiled region matcher.
pub struct RegionMatcher {
    /// The gazetteer's patterns (list 0), the context's (list 1), the person markers (list
    /// 2) and the lists a description is walked for as well ([`RegionMatcher::with_lists`]),
    /// walked together: a party's name or address needs the first three, a description all
    /// five ([`RegionMatcher::walk`]).
    ac: super::Joint<5>,
    entries: Vec<PlaceEntry>,
    /// For each entry: the province keys (context.csv) that turn it into a review.
    unless: Vec<Vec<String>>,
    ctx: Vec<Ctx>,
    postcode: Regex,
    phone_intl: Regex,
    phone_dom: Regex,
    xpcc_zh: Regex,
    xpcc_en: Regex,
    /// The five pattern signals above in one set (postcode, international phone, domestic
    /// phone, XPCC Chinese, XPCC English): one pass tells which of them can match a text,
    /// and most texts match none.
    signals: regex::RegexSet,
    street_latin: HashSet<String>,
    /// Street words before a place ("ул.", "calle"), folded.
    street_before: HashSet<String, foldhash::fast::RandomState>,
    street_han: Vec<String>,
    han_not_after: Vec<String>,
    descriptor_latin: HashSet<String>,
    descriptor_han: Vec<String>,
    /// Folded words after which a country names a building, a style or a product
    /// ([`crate::rules::Signals::country_as_name`]).
    as_name_latin: HashSet<String>,
    as_name_han: Vec<String>,
    person: AhoCorasick,
    /// Where a description turns to another part of the goods ("sewn in Bishkek | from
    /// fabric woven in Kashgar"): each clause has its own country.
    clause: Regex,
    /// Distinctive Latin names (six letters or more, only Xinjiang places) for misspellings:
    /// every form with one letter deleted -> the names.
    typo_index: std::collections::HashMap<String, Vec<usize>, foldhash::fast::RandomState>,
    typo_names: Vec<(String, usize)>,
    /// Folded words never read as a misspelling ([`crate::rules::Signals::not_misspelt`]).
    not_misspelt: HashSet<String>,
    /// Division code -> its pinyin, for explanations ("石河子市 (Shihezi)").
    pinyin: std::collections::HashMap<String, String>,
}

impl std::fmt::Debug for RegionMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegionMatcher")
            .field("patterns", &self.entries.len())
            .finish()
    }
}

/// The original text behind folded bytes `[s, t)`.
fn original_span(raw: &str, map: &[usize], s: usize, t: usize) -> String {
    if s >= t || t > map.len() - 1 {
        return String::new();
    }
    let start = map[s];
    let last = map[t - 1];
    // The source of the last folded character may be an escape (`&#30086;`, `%E7%96%86`):
    // the span runs to where the next folded character's source starts, less separators.
    let next = map.get(t).copied().unwrap_or(raw.len()).max(last + 1);
    let end = raw[..next.min(raw.len())]
        .trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '，'
                        | '、'
                        | '('
                        | '（'
                        | ')'
                        | '）'
                        | '-'
                        | '‐'
                        | '–'
                        | '—'
                        | '.'
                        | '。'
                        | ';'
                        | '；'
                        | ':'
                        | '：'
                        | '/'
                        | '"'
                        | '\''
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '「'
                        | '」'
                        | '《'
                        | '》'
                        // Arabic comma, semicolon and full stop.
                        | '،'
                        | '؛'
                        | '۔'
                )
        })
        .len()
        .max(last + raw[last..].chars().next().map_or(0, char::len_utf8));
    raw[start..end.max(start)].to_string()
}

/// A text folded, with its dictionary spans ([`resolve`]): computed once when a text is
/// first looked at whole and then read whole after all.
struct Prepared<'a> {
    folded: std::borrow::Cow<'a, str>,
    spans: Vec<Span>,
    /// The context's spans (countries, provinces), found by the same walk.
    ctx: Vec<Span>,
    /// The same walk found a person marker ("Attn", "Ms", 收件人) as a word.
    persons: bool,
    /// Known to match no pattern signal (`signals.is_match` was false).
    no_signals: bool,
}

/// Candidate span of a dictionary match in folded text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    idx: usize,
}

/// Is `code` (lower case) an ISO 3166-1 alpha-2 or alpha-3 country code
/// ([`super::iso3166`], generated from pycountry)?
fn is_country_code(code: &str) -> bool {
    let list = if code.len() == 2 {
        super::iso3166::ALPHA2
    } else {
        super::iso3166::ALPHA3
    };
    list.binary_search(&code).is_ok()
}

/// The two-letter code of the country whose whole English name (short, official or common,
/// folded) `folded` is ([`super::iso3166::NAMES`], generated from pycountry): "jordan" ->
/// "JO". For a cell that holds nothing but a country's name.
fn country_named(folded: &str) -> Option<&'static str> {
    static NAMES: std::sync::LazyLock<std::collections::HashMap<String, &'static str>> =
        std::sync::LazyLock::new(|| {
            super::iso3166::NAMES
                .iter()
                .map(|(name, code)| (fold(name), *code))
                .collect()
        });
    NAMES.get(folded).copied()
}

/// Does `raw` hold a US state's postal code followed by a ZIP code ("NY 11230", "CA
/// 94105-1234")? Upper case only, as addresses write them; a Chinese postcode has six
/// digits.
fn us_state_and_zip(raw: &str) -> bool {
    static US: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(
            r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR),?\s+\d{5}(?:-\d{4})?\b",
        )
        .expect("a valid pattern")
    });
    raw.bytes().filter(u8::is_ascii_digit).count() >= 5 && US.is_match(raw)
}

/// Words for who makes goods: a place after "via" followed by one ("via Urumqi mills")
/// names the maker, not a route. Singular, lower case.
const MAKERS: &[&str] = &[
    "mill",
    "trader",
    "supplier",
    "farm",
    "factory",
    "plant",
    "gin",
    "ginnery",
    "spinner",
    "spinning",
    "company",
    "co",
    "ltd",
    "work",
    "producer",
    "cooperative",
    "grower",
    "smelter",
    "refinery",
    "mine",
    "manufacturer",
    "vendor",
    "partner",
];

/// [`super::leftmost_longest`] as spans.
fn leftmost_longest(found: Vec<(usize, usize, usize)>) -> Vec<Span> {
    super::leftmost_longest(found)
        .into_iter()
        .map(|(start, end, idx)| Span { start, end, idx })
        .collect()
}

/// Words that make the words after a person marker something other than a person's name
/// ("c/o Urumqi Branch", "MS Kashgar Shipping", "Attn: Kashgar Prefecture", "Mr. XPCC"):
/// an organisation, a place's division, Xinjiang itself. Those words are not masked.
/// Japanese companies' legal forms (kabushiki, yūgen and gōdō kaisha), which Chinese
/// company names do not use: a text with one is read as Japanese, as one with kana is.
const JAPANESE_LEGAL_FORMS: &[&str] = &["株式会社", "有限会社", "合同会社"];

/// Words (folded) that name a shop, a café or a hotel before its name ("Кафе Кашгар",
/// "Restaurant Urumqi", "Hotel Kashgar"): the place after them is the business's name.
const SHOP_WORDS: &[&str] = &[
    "cafe",
    "restaurant",
    "hotel",
    "shop",
    "store",
    "bar",
    "bazaar",
    "market",
    "кафе",
    "ресторан",
    "отель",
    "гостиница",
    "магазин",
    "бар",
    "базар",
    "рынок",
    "restoran",
    "lokanta",
    "lokantasi",
    "magaza",
    "otel",
    "pazar",
    "مطعم",
    "فندق",
    "مقهى",
    "متجر",
    "سوق",
];

const ORGANISATION_WORDS: &[&str] = &[
    "branch",
    "office",
    "trading",
    "trade",
    "traders",
    "shipping",
    "logistics",
    "freight",
    "forwarding",
    "express",
    "co",
    "company",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "inc",
    "llc",
    "gmbh",
    "sa",
    "pvt",
    "plc",
    "holdings",
    "group",
    "imp",
    "exp",
    "import",
    "export",
    "exports",
    "factory",
    "plant",
    "mill",
    "mills",
    "works",
    "warehouse",
    "depot",
    "store",
    "market",
    "center",
    "centre",
    "agency",
    "bank",
    "hotel",
    "customs",
    "airport",
    "port",
    "terminal",
    "station",
    "industry",
    "industries",
    "industrial",
    "textile",
    "textiles",
    "enterprise",
    "enterprises",
    "manufacturing",
    "farm",
    "farms",
    "cooperative",
    "university",
    "bureau",
    "city",
    "county",
    "district",
    "prefecture",
    "province",
    "region",
    "xinjiang",
    "uyghur",
    "uygur",
    "autonomous",
    "xpcc",
    "bingtuan",
    "corps",
    "division",
    "regiment",
];

/// Is `w` (lower case) one of [`MAKERS`], or its plural ("mills", "factories")?
fn is_maker(w: &str) -> bool {
    let singular = match w.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => w.strip_suffix('s').unwrap_or(w).to_string(),
    };
    MAKERS.contains(&singular.as_str()) || MAKERS.contains(&w)
}

/// The region's own words among [`ORGANISATION_WORDS`]: beside a Chinese surname they are a
/// person's given name ("Wang Xinjiang").
const REGION_WORDS: &[&str] = &["xinjiang", "uyghur", "uygur"];

/// The commonest Chinese surnames in pinyin, to tell "Wang Xinjiang" (a person) from
/// "Kashgar Xinjiang" (a place).
const CHINESE_SURNAMES: &[&str] = &[
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
    "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "han",
    "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang",
    "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "jin", "fu",
    "zhong", "lei", "bai", "qin", "kong", "mao", "hao", "gu", "shi", "meng",
];

/// Words of a department or a team: among the words after a person marker ("c/o Shihezi
/// Sales Dept.", "Attn: Korla Accounts Payable"), they make them no person's name; after
/// the name, they are the person's department ("Attn: Xin Jiang (Purchasing)").
const DEPARTMENT_WORDS: &[&str] = &[
    "dept",
    "department",
    "sales",
    "purchasing",
    "procurement",
    "accounts",
    "accounting",
    "payable",
    "receivable",
    "team",
    "desk",
    "headquarters",
    "hq",
];

/// Commas (`,` and `，`) where a description turns to another step of making the goods: the
/// words after the comma (up to the next punctuation but `&`, `-`, `/` and `+`) begin with a
/// step and where it happened, a participle and then a preposition of place within the first
/// four words ("fabric woven in Urumqi, sewn in Bishkek"; "modules assembled in Malaysia";
/// "sewn by Bishkek Garments"; "cut & sewn in Vietnam"; "re-dyed in Turkey"; German "genäht
/// in", French "tissé en", Spanish "fabricado en", Russian "сшито в"). A comma before a
/// country or a province ("Aksu, Kazakhstan", "Aksu, Kazakhstan in boxes", "Aksu, in
/// Kazakhstan") is no break. As (start, end) bytes.
fn comma_breaks(raw: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    raw.match_indices([',', '，']).filter_map(move |(i, c)| {
        let rest = &raw[i + c.len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c.is_whitespace() || "'’&-/+".contains(c)))
            .unwrap_or(rest.len());
        let words: Vec<&str> = rest[..end].split_whitespace().take(4).collect();
        let step = words
            .windows(2)
            .any(|w| is_place_preposition(w[1]) && is_participle(w[0]));
        step.then_some((i, i + c.len()))
    })
}

/// Prepositions that say where a step happened: English "in", "at", "by"; German "in",
/// "bei"; French "en", "au", "aux", "à"; Spanish and Portuguese "en", "em", "no", "na";
/// Russian "в", "во", "на".
fn is_place_preposition(w: &str) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "in", "at", "by", "bei", "en", "au", "aux", "à", "em", "no", "na", "в", "во", "на",
    ];
    let lower = w.to_lowercase();
    PREPOSITIONS.contains(&lower.as_str())
}

/// Does `w` read as the participle of a step of making? English ("assembled", "sewn",
/// "made", "re-dyed"), German ("genäht", "hergestellt", "gesponnen"), French ("tissé",
/// "cousu", "fabriquée"), Spanish and Portuguese ("fabricado", "tejida", "cosido", "hecho",
/// "feito") and Russian short forms ("сшито", "произведено", "сделаны", "переработан").
fn is_participle(w: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "made",
        "sewn",
        "spun",
        "woven",
        "grown",
        "cut",
        "knit",
        "built",
        "cast",
        "drawn",
        "ground",
        "sown",
        "blown",
        "done",
        "sold",
        "bought",
        "caught",
        "held",
        "kept",
        "set",
        "cousu",
        "cousue",
        "cousus",
        "teint",
        "teinte",
        "fait",
        "faite",
        "faits",
        "produit",
        "produite",
        "construit",
        "hecho",
        "hecha",
        "feito",
        "feita",
    ];
    let lower = w.to_lowercase();
    let last = lower.rsplit('-').next().unwrap_or(&lower);
    let n = last.chars().count();
    let ends = |endings: &[&str]| endings.iter().any(|e| last.ends_with(e));
    IRREGULAR.contains(&last)
        || (n >= 4 && last.ends_with("ed"))
        // German: ge- ... -t or -en, also after a separable prefix ("hergestellt").
        || (n >= 6 && last.contains("ge") && ends(&["t", "en"]))
        || (n >= 4 && ends(&["é", "ée", "és", "ées"]))
        || (n >= 5 && ends(&["ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"]))
        || (n >= 5
            && last.chars().all(text::is_cyrillic)
            && ends(&["но", "на", "ны", "то", "та", "ты", "ан", "ен", "ён"]))
}

/// Words that say a country is not known (compared folded), in the scripts whose characters alone
/// would suggest a country ([`RegionMatcher::country_of`]): Chinese (未知, 不详, 不明, 待定,
/// 无), Japanese (不明 again, 未定), Korean (미상, 불명, 알수없음). Other scripts name no
/// country by their letters, so their words ("unknown", "неизвестно") need no list.
const UNKNOWN_WORDS: &[&str] = &[
    "未知",
    "不详",
    "不詳",
    "不明",
    "待定",
    "无",
    "無",
    "未定",
    "미상",
    "불명",
    "알수없음",
    "알 수 없음",
];

/// Places, context (countries, provinces) and whether a person marker is there, in folded
/// text, by one walk of `ac`.
fn resolve_both(ac: &super::Joint<5>, folded: &str) -> (Vec<Span>, Vec<Span>, bool) {
    let [places, ctx, persons, _, _] = ac.word_matches(folded);
    (
        leftmost_longest(places),
        leftmost_longest(ctx),
        !persons.is_empty(),
    )
}

/// [`resolve_both`] of matches already found (lists 0 to 2 of [`RegionMatcher::walk`]).
fn resolved(
    [places, ctx, persons]: [Vec<(usize, usize, usize)>; 3],
) -> (Vec<Span>, Vec<Span>, bool) {
    (
        leftmost_longest(places),
        leftmost_longest(ctx),
        !persons.is_empty(),
    )
}

impl RegionMatcher {
    /// Compile from a validated pack.
    pub fn new(pack: &RulePack) -> Result<RegionMatcher, String> {
        RegionMatcher::with_lists(pack, [&[], &[]])
    }

    /// [`RegionMatcher::new`], with two more lists of patterns (folded) walked with the
    /// gazetteer: a description's sector keywords and listed names, so that one walk of a
    /// description ([`RegionMatcher::walk`]) finds all it is read for, and the screener
    /// needs no second automaton of the gazetteer's size (start-up matters to a CI run over
    /// a short supplier list).
    pub(crate) fn with_lists(
        pack: &RulePack,
        more: [&[String]; 2],
    ) -> Result<RegionMatcher, String> {
        let mut patterns: Vec<String> = pack.gazetteer.iter().map(|g| fold(&g.pattern)).collect();
        let mut entries = pack.gazetteer.clone();
        // "Jimusaer Xian" is also written "Jimusaer County": each pinyin division word gets
        // its English twin, unless the pack already has that spelling.
        let known: HashSet<String> = patterns.iter().cloned().collect();
        for (p, e) in patterns.clone().iter().zip(&pack.gazetteer) {
            for (pinyin, english) in DIVISION_WORDS {
                if let Some(stem) = p.strip_suffix(pinyin) {
                    let twin = format!("{stem}{english}");
                    if stem.ends_with(' ') && !known.contains(&twin) {
                        patterns.push(twin);
                        entries.push(e.clone());
                    }
                }
            }
        }
        // "из Корлы", "в Карамае", "كورلىدىن": forms whose last letter changes before an
        // ending (other endings are read on the name as written, by the word walk).
        for (i, e) in pack.gazetteer.iter().enumerate() {
            if e.kind.is_place() || e.kind == PlaceKind::Region {
                for form in text::alternated_forms(&patterns[i]) {
                    if !known.contains(&form) {
                        patterns.push(form);
                        entries.push(e.clone());
                    }
                }
            }
        }
        // "Yutian Xian" is no surer than "Yutian" (玉田县 is in Hebei too): a county or town
        // name with its division word is as ambiguous as the bare name where the hand-curated
        // gazetteer (checked by a person; no `script` column) says so.
        let bare: std::collections::HashMap<&str, &PlaceEntry> = patterns
            .iter()
            .zip(&pack.gazetteer)
            // A weak name is weak as a company's name ("Fuhai" trading): with its division
            // word it names the place ("Fuhai County"; trial 10: clear before).
            .filter(|(_, e)| {
                !matches!(e.ambiguity, Ambiguity::None | Ambiguity::Weak) && e.script.is_empty()
            })
            .map(|(p, e)| (p.as_str(), e))
            .collect();
        let mut inherited: Vec<(usize, Ambiguity, String)> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            for (pinyin, english) in DIVISION_WORDS
                .iter()
                .filter(|(w, _)| *w != "shi" && *w != "diqu")
            {
                let stem = p
                    .strip_suffix(pinyin)
                    .or_else(|| p.strip_suffix(english))
                    .and_then(|s| s.strip_suffix(' '));
                if let Some(b) = stem.and_then(|s| bare.get(s)) {
                    if entries[i].ambiguity == Ambiguity::None
                        && matches!(
                            entries[i].kind,
                            PlaceKind::County | PlaceKind::Prefecture | PlaceKind::Township
                        )
                    {
                        inherited.push((i, b.ambiguity, b.unless.clone()));
                    }
                }
            }
        }
        for (i, a, unless) in inherited {
            entries[i].ambiguity = a;
            if entries[i].unless.is_empty() {
                entries[i].unless = unless;
            }
        }
        let ctx_patterns: Vec<String> = pack.context.iter().map(|c| fold(&c.pattern)).collect();
        let s = &pack.signals;
        let person_patterns: Vec<String> = (s.person.latin.iter().chain(&s.person.han))
            .map(|p| fold(p))
            .collect();
        let ac = super::Joint::new([&patterns, &ctx_patterns, &person_patterns, more[0], more[1]])
            .map_err(|e| format!("gazetteer automaton: {e}"))?;
        Ok(RegionMatcher {
            ac,
            unless: entries
                .iter()
                .map(|g| {
                    g.unless
                        .split('|')
                        .filter(|k| !k.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
            entries,
            ctx: pack
                .context
                .iter()
                .map(|c| Ctx {
                    country: c.country.clone(),
                    province: c.province.clone(),
                })
                .collect(),
            postcode: s.postcode.pattern().clone(),
            phone_intl: s.phone_international.pattern().clone(),
            phone_dom: s.phone_domestic.pattern().clone(),
            xpcc_zh: s.xpcc_zh.pattern().clone(),
            xpcc_en: s.xpcc_en.pattern().clone(),
            signals: regex::RegexSet::new([
                s.postcode.pattern().as_str(),
                s.phone_international.pattern().as_str(),
                s.phone_domestic.pattern().as_str(),
                s.xpcc_zh.pattern().as_str(),
                s.xpcc_en.pattern().as_str(),
            ])
            .map_err(|e| format!("pattern signals: {e}"))?,
            street_latin: s.street.latin.iter().map(|w| fold(w)).collect(),
            street_before: s.street.before.iter().map(|w| fold(w)).collect(),
            street_han: s.street.han.clone(),
            han_not_after: s.street.han_not_after.clone(),
            descriptor_latin: s.descriptor.latin.iter().map(|w| fold(w)).collect(),
            descriptor_han: s.descriptor.han.iter().map(|w| fold(w)).collect(),
            as_name_latin: s.country_as_name.latin.iter().map(|w| fold(w)).collect(),
            as_name_han: s.country_as_name.han.iter().map(|w| fold(w)).collect(),
            person: AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(s.person.latin.iter().chain(&s.person.han))
                .map_err(|e| format!("person markers: {e}"))?,
            clause: Regex::new(
                // A participle of making with "in" starts a clause too: "yarn spun in Aksu"
                // says where an input was made, not where the goods were (trial 11: clear
                // with the origin Vietnam, while "cotton from Aksu" was a review).
                r"(?i)(?:\b(?:from|with|using|containing|including|plus|and|then|via|into)\b|\b(?:spun|woven|knit|knitted|grown|ginned|dyed|sewn|made|produced|manufactured|processed|harvested|mined|refined|smelted|assembled|milled|printed|finished|sourced)\s+in\b|[;。；]|\.\s)",
            )
            .map_err(|e| e.to_string())?,
            typo_index: Default::default(),
            typo_names: Vec::new(),
            not_misspelt: s.not_misspelt.latin.iter().map(|w| fold(w)).collect(),
            pinyin: {
                // The first Latin spelling of each division: the curated one, else the
                // division list's pinyin.
                let mut m = std::collections::HashMap::new();
                for g in pack.gazetteer.iter().filter(|g| {
                    g.gb_code.len() >= 4
                        && g.pattern.is_ascii()
                        && g.ambiguity != Ambiguity::Weak
                        && !matches!(g.kind, PlaceKind::Township | PlaceKind::Locality)
                        && (g.script.is_empty()
                            || (g.source.starts_with("mca-")
                                && g.note == "pinyin (reference automatic pinyin, corrected)"))
                }) {
                    m.entry(g.gb_code.clone()).or_insert_with(|| g.pattern.clone());
                }
                m
            },
        }
        .with_typo_index())
    }

    /// Index the distinctive Latin names for [`RegionMatcher::misspellings`].
    fn with_typo_index(mut self) -> RegionMatcher {
        let mut seen = HashSet::new();
        for (i, e) in self.entries.iter().enumerate() {
            let f = fold(&e.pattern);
            let distinctive = matches!(e.ambiguity, Ambiguity::None | Ambiguity::China)
                && matches!(
                    e.kind,
                    PlaceKind::Region
                        | PlaceKind::Prefecture
                        | PlaceKind::County
                        | PlaceKind::XpccCity
                )
                && f.len() >= 5
                && f.bytes().all(|b| b.is_ascii_lowercase());
            if distinctive && seen.insert(f.clone()) {
                let k = self.typo_names.len();
                for d in deletions(&f) {
                    self.typo_index.entry(d).or_default().push(k);
                }
                self.typo_index.entry(f.clone()).or_default().push(k);
                self.typo_names.push((f, i));
            }
        }
        self
    }

    /// The country a free-text country field (country of origin) names.
    pub fn country_of(&self, value: &str) -> Country {
        let folded = fold(value);
        if folded.is_empty() {
            return Country::Unknown;
        }
        if folded.len() <= 3 && folded.bytes().all(|b| b.is_ascii_alphabetic()) {
            return match folded.as_str() {
                "cn" | "chn" | "prc" => Country::China,
                "hk" | "hkg" | "mo" | "mac" => Country::Unknown,
                "twn" => Country::Foreign("TW".into()),
                // Common abbreviations that are not ISO codes, read as before.
                "uk" | "uae" | "ksa" | "rok" | "roc" | "eu" => {
                    Country::Foreign(folded.to_ascii_uppercase())
                }
                other if is_country_code(other) => Country::Foreign(other.to_ascii_uppercase()),
                // "TBD", "UNK", "XX": the origin is not known, which is not abroad.
                _ => Country::Unknown,
            };
        }
        // "未知" ("unknown") is written in Chinese characters, which alone would suggest
        // China: a word that says the country is not known names none.
        static UNKNOWN: std::sync::LazyLock<Vec<String>> =
            std::sync::LazyLock::new(|| UNKNOWN_WORDS.iter().map(|w| fold(w)).collect());
        if folded.len() <= 24 && UNKNOWN.contains(&folded) {
            return Country::Unknown;
        }
        let c = self.context_of(&folded, value, None);
        c.explicit.or(c.script).unwrap_or_else(|| {
            // A cell that is a country's whole name, also one left out of the context as more
            // often another word in free text ("Jordan", "Chad", "Panama").
            match country_named(&folded) {
                Some("CN") => Country::China,
                Some("HK" | "MO") | None => Country::Unknown,
                Some(code) => Country::Foreign(code.to_string()),
            }
        })
    }

    /// The country a text names (the last one named: addresses end with the country), the
    /// Chinese province other than Xinjiang it names, the country its script suggests
    /// when it names none (Chinese characters: China; kana: Japan; Hangul: Korea), and each
    /// country named, as (start and end in `folded`, index in `ctx`), in order. The script is
    /// the weakest evidence: a party's own address outranks it.
    ///
    /// `spans`: the context's spans in `folded`, when already found.
    fn context_of(&self, folded: &str, raw: &str, spans: Option<Vec<Span>>) -> Context {
        let mut last: Option<(usize, &Ctx)> = None;
        let mut province = None;
        let mut countries = Vec::new();
        // Without them, the one walk (which is warm: a DFA soon; an automaton of the
        // context alone would be used too little to become one).
        let spans = spans.unwrap_or_else(|| resolve_both(&self.ac, folded).1);
        // A country after "to", "via" or "через" is where goods go, not where the text's
        // places are ("from Urumqi to Almaty", "Urumqi, China - shipped via Germany"), and
        // so is one right after such a place ("via Khorgos, Kazakhstan"). Russian "в" is
        // "to" after "из" ("из Кашгара в Бишкек"), else "in".
        let has_from = || folded.split(' ').any(|w| w == "из");
        let word_before = |at: usize| folded[..at].trim_end().rsplit(' ').next();
        let mut destination_end: Option<usize> = None;
        for s in spans {
            // "Beijing Road, Urumqi" names a street, not Beijing.
            if self.is_street(folded, s.start, s.end) {
                continue;
            }
            let c = &self.ctx[s.idx];
            // "Kazakhstan Trade Center, 88 Beijing Road, Urumqi", 香港花园: a building or a
            // district named after a country (China's own name still counts: a wrong
            // foreign country hides a place, a wrong China only corroborates one).
            if c.country != "CN" && self.is_country_as_name(folded, s.end) {
                continue;
            }
            let destination = c.country != "CN"
                && (match word_before(s.start) {
                    Some(
                        "to" | "into" | "towards" | "via" | "through" | "thru" | "transit"
                        | "destination" | "dest" | "до" | "через",
                    ) => true,
                    Some("в" | "во") => has_from(),
                    _ => false,
                } || destination_end
                    .is_some_and(|e| e <= s.start && folded[e..s.start].trim().is_empty()));
            if destination {
                destination_end = Some(s.end);
                continue;
            }
            if !c.province.is_empty() && province.is_none() {
                province = Some(c.province.clone());
            }
            if c.province.is_empty() {
                countries.push((s.start, s.end, s.idx));
            }
            if last.is_none_or(|(p, _)| s.start >= p) {
                last = Some((s.start, c));
            }
        }
        let explicit = last.map(|(_, c)| {
            if c.country == "CN" {
                Country::China
            } else if c.country == "HK" || c.country == "MO" {
                Country::Sar(c.country.clone())
            } else {
                Country::Foreign(c.country.clone())
            }
        });
        let script = if raw.is_ascii() {
            None
        } else if raw.chars().any(text::is_kana)
            || JAPANESE_LEGAL_FORMS.iter().any(|l| raw.contains(l))
        {
            // Kana, or a Japanese company's legal form written in kanji alone ("株式会社和田
            // 製作所": 和田 is the surname Wada): a hint, as kana is, which a place the text
            // states outright still outweighs ("株式会社和田, 新疆ウイグル自治区和田市").
            Some(Country::Foreign("JP".into()))
        } else if raw.chars().any(text::is_hangul) {
            Some(Country::Foreign("KR".into()))
        } else if text::has_han(raw) {
            Some(Country::China)
        } else {
            None
        };
        Context {
            explicit,
            province,
            script,
            countries,
        }
    }

    /// Is the place at `[start, end)` of folded text the first part of a street name?
    fn is_street(&self, folded: &str, start: usize, end: usize) -> bool {
        // A street word before the place ("ул. Кашгарская", "rue de Kashgar").
        if start > 0 {
            let mut before = folded[..start].trim_end().rsplit(' ');
            let prev = match before.next() {
                Some("de" | "del" | "du" | "des" | "di" | "da" | "do") => before.next(),
                w => w,
            };
            if prev.is_some_and(|w| w.len() <= 20 && self.street_before.contains(w)) {
                return true;
            }
        }
        let rest = &folded[end..];
        // Chinese: 新疆路, 乌鲁木齐中路 (one direction character may sit between).
        let han_rest = rest.trim_start_matches(['中', '东', '西', '南', '北']);
        for w in &self.street_han {
            if let Some(after) = han_rest.strip_prefix(w.as_str()) {
                return !self
                    .han_not_after
                    .iter()
                    .any(|n| after.starts_with(n.as_str()));
            }
        }
        // After a case ending ("кашгарская улица"), the next word.
        let inflected = folded[start..end]
            .chars()
            .next_back()
            .is_some_and(|c| text::is_cyrillic(c) || text::is_arabic(c));
        let rest = if inflected {
            let ending = rest.find(' ').unwrap_or(rest.len());
            // "Кашгарская улица": an adjective before a street word of those that come
            // first ("ул. Кашгарская"); after a noun ("г. Кашгара, ул. Жибек жолы") the
            // word begins the next part of the address.
            let next = rest[ending..].split(' ').find(|w| !w.is_empty());
            let adjective = ["ск", "нск", "ьск"].iter().any(|a| rest.starts_with(a));
            if adjective && next.is_some_and(|w| self.street_before.contains(w)) {
                return true;
            }
            &rest[ending..]
        } else {
            rest
        };
        // Latin: "xinjiang road", "urumqi north road", "xinjiang rd". The next word must
        // follow a space (folded text has single spaces).
        if !rest.starts_with(' ') {
            return false;
        }
        let mut tokens = rest.split(' ').filter(|t| !t.is_empty());
        let next = tokens.next();
        let is_dir = |t: &str| {
            matches!(
                t,
                "north" | "south" | "east" | "west" | "middle" | "n" | "s" | "e" | "w"
            )
        };
        match next {
            Some(t) if rest.starts_with(' ') && self.street_latin.contains(t) => true,
            Some(t) if rest.starts_with(' ') && is_dir(t) => tokens
                .next()
                .is_some_and(|t2| self.street_latin.contains(t2)),
            _ => false,
        }
    }

    /// Is a description worth reading clause by clause? Only when it names something at
    /// all, and does not deny a Xinjiang link ("not sourced from Xinjiang": such a text is
    /// read whole, its clauses belong together).
    /// `places`: the matches of places and context in `folded`, when already found.
    fn worth_splitting<'a>(
        &self,
        raw: &str,
        folded: Option<&'a str>,
        places: Option<[Vec<(usize, usize, usize)>; 3]>,
    ) -> (bool, Prepared<'a>) {
        let folded = match folded {
            Some(f) => std::borrow::Cow::Borrowed(f),
            None => std::borrow::Cow::Owned(fold(raw)),
        };
        let (spans, ctx, persons) = match places {
            Some(found) => resolved(found),
            None => resolve_both(&self.ac, &folded),
        };

        let mut no_signals = false;
        let worth = if spans
            .iter()
            .any(|s| self.entries[s.idx].kind == PlaceKind::Negation)
        {
            false
        } else if spans.is_empty() {
            no_signals = !self.signals.is_match(&folded);
            !no_signals
        } else {
            true
        };
        (
            worth,
            Prepared {
                folded,
                spans,
                ctx,
                persons,
                no_signals,
            },
        )
    }

    /// Is the place ending at `end` of folded text part of a style, cuisine or shop name
    /// ("xinjiang style", 新疆风味)?
    fn is_descriptor(&self, folded: &str, end: usize) -> bool {
        let rest = &folded[end..];
        if self
            .descriptor_han
            .iter()
            .any(|w| rest.starts_with(w.as_str()))
        {
            return true;
        }
        rest.strip_prefix(' ')
            .and_then(|r| r.split(' ').next())
            .is_some_and(|t| self.descriptor_latin.contains(t))
    }

    /// Is the country ending at `end` of folded text followed by a word that makes it a name
    /// ([`crate::rules::Signals::country_as_name`]: "Trade Center", "Plaza", 花园)?
    fn is_country_as_name(&self, folded: &str, end: usize) -> bool {
        let rest = &folded[end..];
        self.as_name_han
            .iter()
            .any(|w| rest.starts_with(w.as_str()))
            || rest
                .strip_prefix(' ')
                .and_then(|r| r.split(' ').next())
                .is_some_and(|t| self.as_name_latin.contains(t))
    }

    /// `raw` with the names after person markers ("Attn:", "Ms.", 收件人) blanked out, byte
    /// for byte (so that offsets into it are offsets into `raw`).
    fn mask_people<'a>(&self, raw: &'a str) -> std::borrow::Cow<'a, str> {
        /// Person markers that are titles: a name follows, however short.
        const TITLES: &[&str] = &[
            "mr", "mrs", "ms", "miss", "dr", "sr", "sra", "srta", "sres", "mme", "mlle", "herr",
            "frau",
        ];
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for m in self.person.find_iter(raw) {
            let before = raw[..m.start()].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() && !text::is_han(c)) {
                continue;
            }
            let rest = &raw[m.end()..];
            let first = rest.chars().next();
            let marker_han = raw[m.start()..m.end()].chars().any(text::is_han);
            // "Ms" must end the word: "Msc" is not a marker.
            if !marker_han && first.is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let lead = rest
                .find(|c: char| !matches!(c, '.' | ':' | '：' | ' ' | '\u{3000}' | '\t'))
                .unwrap_or(rest.len());
            let name = &rest[lead..];
            let mut end = 0;
            if name.chars().next().is_some_and(text::is_han) {
                // A Chinese name: two to four characters, after a Chinese marker only ("Mr.
                // 喀什" or "Attn: 新疆中泰化学" is more likely a place or a company than a
                // person).
                if !marker_han {
                    continue;
                }
                for (n, (i, c)) in name.char_indices().enumerate() {
                    if n >= 4 || !text::is_han(c) {
                        break;
                    }
                    end = i + c.len_utf8();
                }
            } else {
                // Up to three words, ending at punctuation or a Chinese character (a name in
                // Latin letters does not go on in Chinese: "Mr. Hotan Li 和田").
                let mut words = 0;
                let mut in_word = false;
                for (i, c) in name.char_indices() {
                    // A name ends at punctuation: "Mrs. Zhang: Kashgar", "Mr. Li - Kashgar",
                    // "Mr. Li. Kashgar" (the marker's own "." and ":" were skipped above).
                    if matches!(
                        c,
                        ',' | '，'
                            | ';'
                            | '；'
                            | '('
                            | '（'
                            | ')'
                            | '\n'
                            | '\r'
                            | '|'
                            | '/'
                            | ':'
                            | '：'
                            | '.'
                            | '-'
                            | '–'
                            | '—'
                            | '='
                            | '*'
                            | '\\'
                            | '%'
                            | '&'
                            | '#'
                            | '@'
                            | '+'
                            | '~'
                            | '<'
                            | '>'
                            | '!'
                            | '?'
                            | '·'
                            | '"'
                            | '“'
                            | '”'
                            | '['
                            | ']'
                            | '{'
                            | '}'
                    ) || text::is_han(c)
                    {
                        break;
                    }
                    if c.is_alphanumeric() {
                        if !in_word {
                            words += 1;
                            // No more than three words, and no number ("Mr. Li Hotan
                            // 848000": a postcode is no part of a name).
                            if words > 3 || c.is_ascii_digit() {
                                break;
                            }
                        }
                        in_word = true;
                        end = i + c.len_utf8();
                    } else {
                        in_word = false;
                    }
                }
            }
            // A company, not a person ("c/o Urumqi Branch", "Contact Kashgar Trading", "MS
            // Kashgar Shipping"): the words, or the word after them, name an organisation.
            let organisation = || {
                let after = name[end..]
                    .split(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty());
                let is = |list: &[&str], w: &str| list.iter().any(|o| w.eq_ignore_ascii_case(o));
                let words = || name[..end].split(|c: char| !c.is_alphanumeric());
                // "Wang Xinjiang", "Ms. Xinjiang Li": a Chinese surname beside the region's
                // name makes it a person's given name (trial 13: presumed), while "Attn:
                // Kashgar Xinjiang" stays a place.
                let surname = || {
                    let w: Vec<&str> = words().filter(|w| !w.is_empty()).collect();
                    w.len() == 2 && w.iter().any(|w| is(CHINESE_SURNAMES, w))
                };
                words()
                    .chain(after)
                    .any(|w| is(ORGANISATION_WORDS, w) && !(is(REGION_WORDS, w) && surname()))
                    || words().any(|w| is(DEPARTMENT_WORDS, w))
            };
            // A single word after a marker that is no title ("Attn: Urumqi", "c/o Kashgar"):
            // a place or a department more often than a person, and a place missed is the
            // worse mistake. A title keeps it ("Attn: Mr. Kashgar" masks Kashgar, by "Mr").
            let title = marker_han
                || TITLES
                    .iter()
                    .any(|t| raw[m.start()..m.end()].eq_ignore_ascii_case(t));
            let one_word = || {
                name[..end]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .count()
                    == 1
            };
            if end > 0 && !organisation() && (title || !one_word()) {
                let s0 = m.end() + lead;
                spans.push((s0, s0 + end));
            }
        }
        if spans.is_empty() {
            return std::borrow::Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut at = 0;
        for (s0, e0) in spans {
            if s0 < at {
                continue;
            }
            out.push_str(&raw[at..s0]);
            out.extend(std::iter::repeat_n(' ', e0 - s0));
            at = e0;
        }
        out.push_str(&raw[at..]);
        std::borrow::Cow::Owned(out)
    }

    /// The distinctive Xinjiang name (index of its entry) that `token` (folded, Latin) is one
    /// letter away from, if any: a letter added, dropped, changed, or two swapped.
    fn misspelling_of(&self, token: &str) -> Option<usize> {
        if self.typo_index.is_empty() || token.len() < 5 || self.not_misspelt.contains(token) {
            return None;
        }
        let mut best: Option<usize> = None;
        let mut look = |k: &str| {
            for &n in self.typo_index.get(k).into_iter().flatten() {
                let (name, entry) = &self.typo_names[n];
                // Six letters or more on one side: "Korlla" for Korla, not "Koral".
                if name != token
                    && name.len().max(token.len()) >= 6
                    && text::one_edit_apart(name, token)
                {
                    best = Some(*entry);
                }
            }
        };
        // Every form with one letter deleted, in order, then the token itself.
        if token.is_ascii() {
            let mut k = String::with_capacity(token.len());
            for i in 0..token.len() {
                k.clear();
                k.push_str(&token[..i]);
                k.push_str(&token[i + 1..]);
                look(&k);
            }
        } else {
            for k in deletions(token) {
                look(&k);
            }
        }
        look(token);
        best
    }

    /// Scan one text. `fallback` is the country the rest of the row suggests (the paired
    /// address for a name, the country of origin otherwise).
    ///
    /// `fallback_certain` says the fallback country is as good as stated in the text (a
    /// party name read with the country its own address names).
    pub fn scan(
        &self,
        raw: &str,
        text_kind: TextKind,
        fallback: &Country,
        fallback_certain: bool,
    ) -> Vec<RegionHit> {
        self.scan_folded(raw, None, text_kind, fallback, fallback_certain)
    }

    /// [`RegionMatcher::scan`] given the text already folded (`folded` is
    /// [`crate::text::fold`]`(raw)`, as the engine has it for a description), so that it is
    /// not folded again.
    pub fn scan_folded(
        &self,
        raw: &str,
        folded: Option<&str>,
        text_kind: TextKind,
        fallback: &Country,
        fallback_certain: bool,
    ) -> Vec<RegionHit> {
        self.scan_found(raw, folded, None, text_kind, fallback, fallback_certain)
    }

    /// Every match in folded text of the five lists walked together: the gazetteer's places
    /// (0), the context's countries and provinces (1), person markers (2), and the two lists
    /// given to [`RegionMatcher::with_lists`] (3 and 4), each as (start, end, index in its
    /// list) on word boundaries ([`super::Joint::word_matches`]).
    pub(crate) fn walk(&self, folded: &str) -> [Vec<(usize, usize, usize)>; 5] {
        self.ac.word_matches(folded)
    }

    /// [`RegionMatcher::scan_folded`] given `folded`'s matches of places, context and
    /// person markers too (lists 0 to 2 of [`RegionMatcher::walk`]), when a walk for more
    /// than places found them.
    pub(crate) fn scan_found(
        &self,
        raw: &str,
        folded: Option<&str>,
        found: Option<[Vec<(usize, usize, usize)>; 3]>,
        text_kind: TextKind,
        fallback: &Country,
        fallback_certain: bool,
    ) -> Vec<RegionHit> {
        // Matches are only of `folded`.
        let places = found.filter(|_| folded.is_some());
        // A description may name several places for several parts of the goods ("sewn in
        // Bishkek from fabric woven in Kashgar"): a country named in one clause says nothing
        // of a place in another.
        if text_kind == TextKind::Goods
            && (self.clause.is_match(raw) || comma_breaks(raw).next().is_some())
        {
            let (worth, prepared) = self.worth_splitting(raw, folded, places);
            if !worth {
                // Read whole, with the folding and places already found.
                return self.scan_clause(
                    raw,
                    text_kind,
                    fallback,
                    fallback_certain,
                    Some(prepared),
                    true,
                );
            }
            // People are masked in the whole text first: a clause break must not part a
            // marker from its name ("Attn: Ms. Xin Jiang" breaks at ". ").
            let raw = &*self.mask_people(raw);
            let mut out: Vec<RegionHit> = Vec::new();
            let mut from = 0;
            let mut ends: Vec<(usize, usize)> = self
                .clause
                .find_iter(raw)
                .map(|m| (m.start(), m.end()))
                .chain(comma_breaks(raw))
                .collect();
            ends.sort_unstable();
            ends.push((raw.len(), raw.len()));
            let mut after_via = false;
            // "via" names a route only in a text about carriage ("shipped by rail via ...");
            // "cotton via Xinjiang traders" names where the cotton came from.
            let routing = || {
                let lower = raw.to_ascii_lowercase();
                [
                    "ship", "rail", "truck", "transit", "route", "border", "freight", "train",
                    "carri", "logistic",
                ]
                .iter()
                .any(|w| lower.contains(w))
            };
            for (k, (s, e)) in ends.into_iter().enumerate() {
                // Breaks may touch or overlap (", and"): a clause starts after both.
                let part = raw.get(from.min(s)..s).unwrap_or("");
                from = from.max(e);
                // A clause that begins with a place after "via" names a route ("shipped by
                // rail via Alashankou to Duisburg", trial 12): goods that pass through a
                // place are not made there, so a person must look.
                let route = std::mem::replace(
                    &mut after_via,
                    raw.get(s..e)
                        .is_some_and(|b| b.trim().eq_ignore_ascii_case("via")),
                );
                // The row's country (of origin) is where the finished goods were made: it
                // says nothing of where an input named in a later clause came from ("tiles;
                // glaze frit from Aksu" made in Vietnam). A foreign one is not used there;
                // a Chinese one still is (an input of Chinese goods is likely Chinese).
                let (fb, certain) =
                    if k > 0 && matches!(fallback, Country::Foreign(_) | Country::Sar(_)) {
                        (&Country::Unknown, false)
                    } else {
                        (fallback, fallback_certain)
                    };
                for mut h in self.scan_clause(part, text_kind, fb, certain, None, false) {
                    if route
                        && h.strength == Strength::Presumed
                        && matches!(h.kind, HitKind::Place | HitKind::Region)
                        && part
                            .trim_start()
                            .get(..h.matched.len())
                            .is_some_and(|p| p.eq_ignore_ascii_case(&h.matched))
                        // "via Urumqi mills" names who made it, not a route.
                        && !part
                            .trim_start()
                            .get(h.matched.len()..)
                            .and_then(|r| r.split_whitespace().next())
                            .is_some_and(|w| {
                                let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
                                is_maker(&w)
                            })
                        && routing()
                    {
                        h.strength = Strength::Review;
                        h.detail = format!(
                            "{}; it follows 'via', a route: goods that only pass through are not made there",
                            h.detail
                        );
                    }
                    if !out.contains(&h) {
                        out.push(h);
                    }
                }
            }
            return out;
        }
        let prepared = folded.map(|f| {
            let (spans, ctx, persons) = match places {
                Some(found) => resolved(found),
                None => resolve_both(&self.ac, f),
            };
            Prepared {
                folded: std::borrow::Cow::Borrowed(f),
                spans,
                ctx,
                persons,
                no_signals: false,
            }
        });
        self.scan_clause(raw, text_kind, fallback, fallback_certain, prepared, true)
    }

    /// Scan one clause (or a whole text). `prepared`: `raw` already folded, with its
    /// dictionary spans (used only when no person's name had to be masked, so that the
    /// text scanned is `raw` itself); when not given, `raw` is folded and walked here.
    /// `mask`: people's names are still to be masked (not when the clause comes from a text
    /// masked whole: masking twice would take the words after a masked name).
    fn scan_clause(
        &self,
        raw: &str,
        text_kind: TextKind,
        fallback: &Country,
        fallback_certain: bool,
        prepared: Option<Prepared<'_>>,
        mask: bool,
    ) -> Vec<RegionHit> {
        let p = prepared.unwrap_or_else(|| {
            let folded = fold(raw);
            let (spans, ctx, persons) = resolve_both(&self.ac, &folded);
            Prepared {
                folded: std::borrow::Cow::Owned(folded),
                spans,
                ctx,
                persons,
                no_signals: false,
            }
        });
        // A person's name is not a place: "Attn: Ms. Xin Jiang", 收件人：新疆 先生. Text
        // that folds letter for letter (plain ASCII) holds a marker the masking would act on
        // only if its folded text holds the marker as a word, which the walk has looked for;
        // other text is searched as written.
        let masked = if !mask || (!p.persons && text::folds_letter_for_letter(raw)) {
            std::borrow::Cow::Borrowed(raw)
        } else {
            self.mask_people(raw)
        };
        let (folded, spans, ctx, no_signals) = match &masked {
            std::borrow::Cow::Borrowed(_) => (p.folded, p.spans, Some(p.ctx), p.no_signals),
            std::borrow::Cow::Owned(m) => {
                let folded = fold(m);
                let (spans, ctx, _) = resolve_both(&self.ac, &folded);
                (std::borrow::Cow::Owned(folded), spans, Some(ctx), false)
            }
        };
        if folded.is_empty() {
            return Vec::new();
        }
        let signals = if no_signals {
            [false; 5]
        } else {
            let m = self.signals.matches(&folded);
            std::array::from_fn(|i| m.matched(i))
        };
        let [post, phone_i, phone_d, xz, xe_maybe] = signals;
        let xe_count = if xe_maybe {
            self.xpcc_en.find_iter(&folded).count()
        } else {
            0
        };
        let xe = xe_count > 0;
        let garbled = garbled(raw);
        let maybe_typo = text_kind != TextKind::Goods
            && folded
                .split(' ')
                .any(|t| (5..=24).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_lowercase()));
        if spans.is_empty()
            && !post
            && !phone_i
            && !phone_d
            && !xz
            && !xe
            && garbled.is_none()
            && !maybe_typo
        {
            return Vec::new();
        }

        let Context {
            explicit,
            province,
            script,
            countries,
        } = self.context_of(&folded, &masked, ctx);
        // A US address written without its country ends with a state's code and a ZIP code
        // ("1025 Coney Island Ave, Brooklyn, NY 11230": a restaurant named after Kashgar
        // there was presumed, trial 12).
        let explicit = match explicit {
            None if text_kind != TextKind::Goods && us_state_and_zip(raw) => {
                Some(Country::Foreign("US".into()))
            }
            e => e,
        };
        // The text itself names a country outside mainland China (not only the party's
        // address or the script).
        let text_foreign = matches!(explicit, Some(Country::Foreign(_) | Country::Sar(_)));
        // A look-alike that names its real country ("Khorgos Gateway" -> KZ) counts as a
        // country mention too.
        let lookalike_country = spans.iter().rev().find_map(|s| {
            let e = &self.entries[s.idx];
            (e.kind == PlaceKind::Lookalike && !e.country.is_empty()).then(|| e.country.clone())
        });
        let explicit = match (explicit, lookalike_country) {
            (Some(c), _) => Some(c),
            (None, Some(c)) if c == "CN" => Some(Country::China),
            (None, Some(c)) => Some(Country::Foreign(c)),
            (None, None) if fallback_certain => Some(fallback.clone()),
            // Chinese characters place a text in China unless it says otherwise; kana or
            // Hangul only suggest Japan or Korea (a Japanese document may well name Urumqi).
            (None, None) => script.clone().filter(|c| *c == Country::China),
        };
        let script_fallback = match (fallback, script) {
            (Country::Unknown, Some(s)) if explicit.is_none() => s,
            _ => fallback.clone(),
        };
        let fallback = &script_fallback;
        // "Clearly not China" only when the text itself (or the party's own address) says so;
        // Hong Kong and Macau are outside mainland China too, for a place in the same text.
        let explicit_foreign = matches!(explicit, Some(Country::Foreign(_) | Country::Sar(_)));
        let fallback_foreign = explicit.is_none() && matches!(fallback, Country::Foreign(_));
        let foreign = explicit_foreign || fallback_foreign;
        let country = explicit.clone().unwrap_or_else(|| fallback.clone());
        let china = country == Country::China || phone_i;
        let country_note = || match &country {
            Country::Foreign(c) => format!("the country given is {c}"),
            Country::China => "China".to_string(),
            Country::Sar(c) => format!("the text places it in {c}"),
            // Also when the row's country of origin is set aside for an input named in a
            // later clause of a description (trial 11: "no country is given" when one was).
            Country::Unknown => "the text does not say which country it is in".to_string(),
        };

        // First pass: which spans are live places (not streets, negations, look-alikes)?
        struct Live<'a> {
            span: Span,
            entry: &'a PlaceEntry,
            street: bool,
        }
        let live: Vec<Live> = spans
            .iter()
            .map(|s| {
                let entry = &self.entries[s.idx];
                let placey = entry.kind.is_place();
                Live {
                    span: *s,
                    entry,
                    street: (placey && self.is_street(&folded, s.start, s.end))
                        || ((placey || entry.kind == PlaceKind::Xpcc)
                            && self.is_descriptor(&folded, s.end))
                        // A weak name that is itself a street's (人民路, from the subdistrict
                        // 人民路街道): a street of that name is in nearly every Chinese city
                        // (trial 10: it corroborated 新和镇).
                        || (entry.ambiguity == Ambiguity::Weak
                            && self
                                .street_han
                                .iter()
                                .any(|w| folded[s.start..s.end].ends_with(w.as_str()))),
                }
            })
            .collect();

        // Strong signals that corroborate ambiguous ones.
        let strong_place = live.iter().any(|l| {
            !l.street
                && match l.entry.kind {
                    PlaceKind::Region | PlaceKind::Code | PlaceKind::Xpcc => {
                        l.entry.ambiguity == Ambiguity::None && !explicit_foreign
                    }
                    PlaceKind::Prefecture
                    | PlaceKind::County
                    | PlaceKind::XpccCity
                    | PlaceKind::Township
                    | PlaceKind::Locality => {
                        l.entry.ambiguity == Ambiguity::None
                            && province.is_none()
                            && !explicit_foreign
                    }
                    _ => false,
                }
        });
        // A strong Xinjiang place makes the text Chinese for postcodes and phone numbers.
        let china = china || (strong_place && !explicit_foreign);
        let strong_code = (post && china) || phone_i || (phone_d && china) || xz;
        // Two different Xinjiang places in one text corroborate each other ("Yiwu County,
        // Hami"): two unrelated namesakes side by side are unlikely.
        let mut distinct: Vec<String> = live
            .iter()
            .filter(|l| {
                !l.street
                    && l.entry.ambiguity != Ambiguity::Weak
                    && matches!(
                        l.entry.kind,
                        PlaceKind::Prefecture
                            | PlaceKind::County
                            | PlaceKind::XpccCity
                            | PlaceKind::Township
                            | PlaceKind::Locality
                    )
            })
            .map(|l| {
                // One place by its Chinese name (a city and the prefecture it names).
                let core = chinese_core(&l.entry.place);
                if core.is_empty() {
                    l.entry.gb_code.clone()
                } else {
                    core
                }
            })
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        // A county and its prefecture, however each is spelt ("MO YU XIAN, HE TIAN DI QU",
        // "Yi-ning City, Yi-li"), or an XPCC city with a division or regiment number, confirm
        // each other even when each alone is a short or shared name.
        let places: Vec<(&str, &str, PlaceKind, String)> = live
            .iter()
            .filter(|l| !l.street && l.entry.gb_code.len() >= 4)
            .map(|l| {
                (
                    &folded[l.span.start..l.span.end],
                    l.entry.gb_code.as_str(),
                    l.entry.kind,
                    chinese_core(&l.entry.place),
                )
            })
            .collect();
        // Two places of one prefecture (code prefix) that are not the same place: one place
        // in two scripts ("алтайский мёд (Altai honey)"), or a city and the prefecture of its
        // name ("Altay (Алтай)": 阿勒泰 and 阿勒泰市) is one place. By the first place seen per
        // prefix, so that a text naming thousands of places stays linear.
        let same_place = |a: &(&str, &str, PlaceKind, String),
                          b: &(&str, &str, PlaceKind, String)| {
            a.1 == b.1 || (!a.3.is_empty() && a.3 == b.3)
        };
        let related = if places.len() <= 16 {
            places.iter().enumerate().any(|(i, a)| {
                places[i + 1..].iter().any(|b| {
                    !same_place(a, b) && a.1.get(..4).is_some() && a.1.get(..4) == b.1.get(..4)
                })
            })
        } else {
            let mut first: std::collections::HashMap<&str, usize> = Default::default();
            places.iter().enumerate().any(|(i, p)| match p.1.get(..4) {
                Some(prefix) => !same_place(&places[*first.entry(prefix).or_insert(i)], p),
                None => false,
            })
        };
        let xpcc_pair = xe_count >= 2 || (xe && places.iter().any(|p| p.2 == PlaceKind::XpccCity));
        let corroborated = strong_place
            || strong_code
            || ((distinct.len() >= 2 || related || xpcc_pair)
                && !explicit_foreign
                && province.is_none());

        let mut hits: Vec<(usize, usize, HitKind, Strength, String)> = Vec::new();
        for l in &live {
            let e = l.entry;
            let (s, t) = (l.span.start, l.span.end);
            // China named just after a place (at most two words between) is that place's
            // country, whatever the text names later: "Urumqi, China - shipped via Germany",
            // "Aksu, Xinjiang 843000, China; agent in Almaty, Kazakhstan". Not a district
            // named after China ("Kashgar Cafe, 12 China Town Road, Bangkok").
            // (The rest of the name's own word, a case ending, is no word between.)
            let words_to = |at: usize| {
                let between = &folded[t..at];
                let n = between.split(' ').filter(|w| !w.is_empty()).count();
                let ending =
                    between.starts_with(|c: char| text::is_cyrillic(c) || text::is_arabic(c));
                if ending { n.saturating_sub(1) } else { n }
            };
            let next_country = countries.iter().find(|c| c.0 >= t);
            let china_here = explicit_foreign
                && next_country.is_some_and(|&(at, end, idx)| {
                    self.ctx[idx].country == "CN"
                        && words_to(at) <= 2
                        && !folded[end..].starts_with(" town")
                });
            // Every foreign country the text names comes before a name found only in
            // Xinjiang ("Kazakhstan International Trade Center, Urumqi", "Brazil nuts
            // processed in Urumqi"): an address ends with its country, so the earlier one
            // names a business, a building or goods, and the place is where the text is
            // (trial 10: clear or reviews before).
            // Not in Chinese, Japanese or Korean, whose addresses begin with the country
            // ("巴基斯坦 伊斯兰堡 喀什酒店" is a hotel in Islamabad).
            let big_first = |at: usize| {
                folded[at..]
                    .chars()
                    .next()
                    .is_some_and(|c| text::is_han(c) || text::is_kana(c) || text::is_hangul(c))
            };
            // In those scripts it is the other way round: a country named after the place
            // ("喀什市 土耳其商品馆", "伊犁州 哈萨克斯坦馆") names a hall or a market (trial 11).
            let countries_before = text_foreign
                && e.ambiguity == Ambiguity::None
                // (a US state and ZIP code is no country span: it is the address's end)
                && !countries.is_empty()
                && countries.iter().all(|&(at, _, idx)| {
                    self.ctx[idx].country == "CN"
                        || (at < s && !big_first(at))
                        || (at >= t && big_first(at))
                });
            // Another country named soon after a place (one to four words between), China
            // only later: a business abroad named after the place, or a place in China with
            // a foreign party. A person must look ("Kashgar Bazaar Ltd, Dubai, UAE, ex China").
            // Right after the place, only a shared name ("Aksu, Kazakhstan, China"): a name
            // found only in Xinjiang names the place ("Urumqi, Kazakhstan, China").
            let foreign_here = if !explicit_foreign && explicit == Some(Country::China) {
                next_country.and_then(|&(at, _, idx)| {
                    let c = &self.ctx[idx].country;
                    let n = words_to(at);
                    (c != "CN" && n <= 4 && (n >= 1 || e.ambiguity != Ambiguity::None)).then_some(c)
                })
            } else {
                None
            };
            let (explicit_foreign, foreign, china) = if china_here {
                (false, false, true)
            } else if countries_before {
                (false, false, china)
            } else {
                (explicit_foreign, foreign, china)
            };
            let name = if e.place.is_empty() {
                e.pattern.clone()
            } else {
                e.place.clone()
            };
            let py = self.pinyin.get(&e.gb_code).or_else(|| {
                // A county-level city without a pinyin of its own: its prefecture's.
                e.gb_code
                    .get(..4)
                    .filter(|_| e.gb_code.len() > 4 && e.gb_code.ends_with("01"))
                    .and_then(|p| self.pinyin.get(p))
            });
            let name = match py {
                Some(py) if !fold(&name).contains(&fold(py)) => match name.split_once(", ") {
                    Some((first, rest)) => format!("{first} ({py}), {rest}"),
                    None => format!("{name} ({py})"),
                },
                _ => name,
            };
            let spelling = spelling_of(e);
            let is = match e.kind {
                PlaceKind::Region => format!("is the {name}{spelling}"),
                PlaceKind::Xpcc => format!("is the {name}{spelling}"),
                _ => format!("is {name}{spelling}"),
            };
            match e.kind {
                PlaceKind::Negation | PlaceKind::Lookalike => continue,
                PlaceKind::Product => {
                    hits.push((s, t, HitKind::Product, Strength::Review, e.note.clone()));
                    continue;
                }
                _ => {}
            }
            if l.street {
                continue;
            }
            let unless_hit = province
                .as_ref()
                .is_some_and(|p| self.unless[l.span.idx].iter().any(|u| u == p));
            let kind = match e.kind {
                PlaceKind::Region | PlaceKind::Code => HitKind::Region,
                PlaceKind::Xpcc => HitKind::Xpcc,
                _ => HitKind::Place,
            };
            let also = province.as_deref().unwrap_or("");
            let verdict: Option<(Strength, String)> = match (e.kind, e.ambiguity) {
                (PlaceKind::Region | PlaceKind::Code | PlaceKind::Xpcc, Ambiguity::None) => {
                    if explicit_foreign
                        && text_kind == TextKind::Goods
                        && e.kind == PlaceKind::Region
                        && !unless_hit
                    {
                        // Goods said to be from the region, whatever other country the
                        // description names ("cotton from Xinjiang, Pakistan"): in part is
                        // enough for the presumption.
                        Some((Strength::Presumed, is.clone()))
                    } else if explicit_foreign {
                        // A restaurant or a shop abroad named after the region.
                        Some((
                            Strength::Review,
                            format!("names {name}, but {}", country_note()),
                        ))
                    } else if unless_hit {
                        Some((
                            Strength::Review,
                            format!("may be {name}, but the text also names {also} ({})", e.note),
                        ))
                    } else if province.is_some()
                        && text_kind == TextKind::Address
                        && e.kind == PlaceKind::Region
                        && self.is_country_as_name(&folded, t)
                        // "Xinjiang Building Materials Co." is a company of the region.
                        && !folded[t..].split(' ').nth(2).is_some_and(|w| w.starts_with("material"))
                    {
                        // A building or venue named after the region in another province
                        // ("Xinjiang Building, Shanghai", 新疆大厦 in Beijing: trial 11), as
                        // for "Urumqi Mansion, Beijing".
                        Some((
                            Strength::Review,
                            format!(
                                "names a building or venue called after the {name}, but the text also names {also}, which is not in Xinjiang"
                            ),
                        ))
                    } else {
                        Some((Strength::Presumed, is.clone()))
                    }
                }
                (_, Ambiguity::None) => {
                    // The country named right after the place ("Urumqi, Germany"): the text
                    // contradicts itself, a person must look (trial 9: clear before, while
                    // "Xinjiang, Germany" was a review).
                    // Not after a shop's word ("Кафе Кашгар, Ош": a café in Osh).
                    let shop_before = folded[..s]
                        .trim_end()
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| SHOP_WORDS.contains(&w));
                    let country_next =
                        !shop_before && next_country.is_some_and(|&(at, _, _)| words_to(at) == 0);
                    if explicit_foreign && text_kind != TextKind::Goods && country_next {
                        Some((
                            Strength::Review,
                            format!("names {name}, but {}", country_note()),
                        ))
                    } else if explicit_foreign && text_kind != TextKind::Goods {
                        // An address or a name abroad named after the place ("Kashgar
                        // Hotel, Islamabad", "Urumqi Trading Co., Karachi").
                        None
                    } else if explicit_foreign {
                        // A name found only in Xinjiang beside another country ("yarn spun
                        // in Urumqi, Pakistan"): the text contradicts itself, a person must
                        // look, as for the region's own name.
                        Some((
                            Strength::Review,
                            format!("names {name}, but {}", country_note()),
                        ))
                    } else if province.is_some() {
                        Some((
                            Strength::Review,
                            format!(
                                "may be {name}, but the text also names {also}, which is not in Xinjiang"
                            ),
                        ))
                    } else if text_kind == TextKind::Name && fallback_foreign {
                        // A party named after the place, with no address that places it and
                        // goods made abroad ("Hotan Outdoor Gear" with the origin Vietnam,
                        // trial 12): a brand or a shop as often as a Xinjiang company.
                        Some((
                            Strength::Review,
                            format!(
                                "names {name}, but the party's own country is not stated and {}",
                                country_note()
                            ),
                        ))
                    } else {
                        Some((Strength::Presumed, is.clone()))
                    }
                }
                (_, Ambiguity::World) => {
                    if explicit_foreign {
                        None
                    } else if corroborated || (china && province.is_none()) {
                        Some((Strength::Presumed, is.clone()))
                    } else if fallback_foreign {
                        None
                    } else {
                        Some((
                            Strength::Review,
                            format!("may be {name}; {} ({})", country_note(), e.note),
                        ))
                    }
                }
                (_, Ambiguity::China) => {
                    if explicit_foreign {
                        None
                    } else if corroborated {
                        Some((Strength::Presumed, is.clone()))
                    } else if foreign || province.is_some() {
                        None
                    } else {
                        Some((
                            Strength::Review,
                            format!(
                                "may be {name}, but the name is shared with places elsewhere ({})",
                                e.note
                            ),
                        ))
                    }
                }
                (_, Ambiguity::Weak) => {
                    if corroborated && !explicit_foreign {
                        Some((Strength::Presumed, is.clone()))
                    } else {
                        None
                    }
                }
            };
            let Some((mut strength, mut detail)) = verdict else {
                continue;
            };
            if let (Some(c), Strength::Presumed) = (foreign_here, strength) {
                strength = Strength::Review;
                detail = format!("names {name}, followed by {c}, though the text also names China");
            }
            // In a description, only unambiguous names state an origin on their own, or a
            // name shared only with places abroad when the goods are Chinese: China named
            // just after it ("cotton from Aksu, China"), or the origin China with nothing
            // foreign in the text ("cotton from Aksu" made in China: trial 9, a review
            // before; the Aksu abroad would make the goods foreign).
            let china_next = next_country
                .is_some_and(|&(at, _, idx)| self.ctx[idx].country == "CN" && words_to(at) <= 2);
            if text_kind == TextKind::Goods
                && kind == HitKind::Place
                && e.ambiguity != Ambiguity::None
                && !corroborated
                && !((china_next || (china && !foreign))
                    && e.ambiguity == Ambiguity::World
                    && strength == Strength::Presumed)
            {
                strength = Strength::Review;
            }
            hits.push((s, t, kind, strength, detail));
        }

        // Pattern signals.
        let mut rx =
            |re: &Regex, kind: HitKind, strength: Strength, detail: &dyn Fn(&str) -> String| {
                for c in re.captures_iter(&folded) {
                    // Group 1 (else the whole match) is what is shown; the last group feeds the detail.
                    let Some(m) = c.get(1).or_else(|| c.get(0)) else {
                        continue;
                    };
                    let key = c.iter().flatten().last().map_or("", |g| g.as_str());
                    hits.push((m.start(), m.end(), kind, strength, detail(key)));
                }
            };
        if post && china {
            rx(
                &self.postcode,
                HitKind::Postcode,
                Strength::Presumed,
                &|_| "is a Xinjiang postcode (Chinese postcodes 83xxxx/84xxxx)".to_string(),
            );
        }
        if phone_i {
            rx(&self.phone_intl, HitKind::Phone, Strength::Presumed, &|m| {
                format!(
                    "is a telephone number with a Xinjiang area code (0{})",
                    m.trim_start_matches('0')
                )
            });
        }
        if phone_d && china {
            rx(&self.phone_dom, HitKind::Phone, Strength::Presumed, &|m| {
                format!(
                    "is a telephone number with a Xinjiang area code (0{})",
                    m.trim_start_matches('0')
                )
            });
        }
        if xz {
            rx(&self.xpcc_zh, HitKind::Xpcc, Strength::Presumed, &|_| {
                "is an XPCC (Bingtuan) division or regiment farm".to_string()
            });
        }
        if xe && !explicit_foreign {
            if corroborated {
                rx(&self.xpcc_en, HitKind::Xpcc, Strength::Presumed, &|_| {
                    "is an XPCC (Bingtuan) division or regiment, with other Xinjiang signals in the same text".to_string()
                });
            } else {
                rx(&self.xpcc_en, HitKind::Xpcc, Strength::Review, &|_| {
                    "may be an XPCC (Bingtuan) division or regiment".to_string()
                });
            }
        }
        // Text garbled by the wrong code page hides whatever it says: a person must look.
        if let Some(read) = &garbled {
            hits.push((
                0,
                folded.len(),
                HitKind::Garbled,
                Strength::Review,
                format!(
                    "looks garbled by the wrong code page ({}); read correctly it says '{}'",
                    read.how,
                    text::clip(&read.text, 60)
                ),
            ));
        }
        // A one-letter slip in a distinctive Xinjiang name, in a Chinese text.
        // Also where no country is known ("Urumgi, Xinjinag" with no origin: trial 12).
        if maybe_typo
            && (china || country == Country::Unknown)
            && !explicit_foreign
            && province.is_none()
        {
            let mut at = 0;
            // Spans are in order and do not overlap: one pointer walks them beside the words.
            let mut next_span = 0;
            for token in folded.split(' ') {
                let (s, t) = (at, at + token.len());
                at = t + 1;
                while spans.get(next_span).is_some_and(|sp| sp.end <= s) {
                    next_span += 1;
                }
                if spans.get(next_span).is_some_and(|sp| sp.start < t) {
                    continue;
                }
                if let Some(i) = self.misspelling_of(token) {
                    let e = &self.entries[i];
                    // A name shared with places elsewhere needs a related place beside it
                    // ("Yinning City, Ili").
                    let related_here = places
                        .iter()
                        .any(|p| e.gb_code.len() >= 4 && p.1.get(..4) == e.gb_code.get(..4));
                    if e.ambiguity != Ambiguity::None && !related_here && !corroborated {
                        continue;
                    }
                    hits.push((
                        s,
                        t,
                        HitKind::Misspelling,
                        Strength::Review,
                        format!(
                            "may be {} misspelt (one letter from '{}')",
                            if e.place.is_empty() {
                                &e.pattern
                            } else {
                                &e.place
                            },
                            e.pattern
                        ),
                    ));
                }
            }
        }
        if hits.is_empty() {
            return Vec::new();
        }
        hits.sort_by_key(|h| h.0);
        let (_, map) = fold_with_map(&masked);
        let mut out: Vec<RegionHit> = Vec::with_capacity(hits.len());
        // The same name twice in one text is one hit. Few hits (a row's usual): compared
        // with each kept one; many (a cell naming a place 50,000 times): by a set of what
        // they are and their text folded, so that the cost stays linear.
        let many = hits.len() > 16;
        let mut kept: HashSet<(HitKind, Strength, String, String)> = HashSet::new();
        for (s, t, kind, strength, detail) in hits {
            let seen = if many {
                kept.contains(&(kind, strength, detail.clone(), folded[s..t].to_string()))
            } else {
                out.iter().any(|o| {
                    o.kind == kind
                        && o.strength == strength
                        && o.detail == detail
                        && folded[s..t] == fold(&o.matched)
                })
            };
            if seen {
                continue;
            }
            let matched = original_span(raw, &map, s, t);
            if many {
                kept.insert((kind, strength, detail.clone(), fold(&matched)));
            }
            out.push(RegionHit {
                kind,
                strength,
                matched,
                detail,
            });
        }
        out
    }
}

/// The Chinese name in a place's label without its division word ("阿勒泰市, Altay,
/// Xinjiang" and "Altay (阿勒泰), Xinjiang" both give 阿勒泰), to tell a city from the
/// prefecture of the same name; empty for a label without Chinese.
fn chinese_core(label: &str) -> String {
    let han: String = label
        .chars()
        .skip_while(|c| !text::is_han(*c))
        .take_while(|c| text::is_han(*c))
        .collect();
    let core = ["自治州", "自治县", "地区", "市", "县", "区", "州"]
        .iter()
        .find_map(|d| han.strip_suffix(d).filter(|c| c.chars().count() >= 2))
        .unwrap_or(&han);
    core.to_string()
}

/// Every form of `w` with one character deleted.
fn deletions(w: &str) -> Vec<String> {
    let chars: Vec<char> = w.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}

/// Text read back through the code page it was garbled by.
struct Garbled {
    /// What went wrong, e.g. "UTF-8 read as Windows-1252".
    how: &'static str,
    /// The text as it was written.
    text: String,
}

/// Chinese text that went through the wrong code page (mojibake) and how to read it back:
/// UTF-8 read as Windows-1252 (`æ–°ç–†` for 新疆) or as GBK (`鏂扮枂`). `None` for text that
/// reads back to nothing Chinese.
fn garbled(raw: &str) -> Option<Garbled> {
    if raw.is_ascii() {
        return None;
    }
    // UTF-8 read as Windows-1252: Latin letters with accents followed by the symbols of the
    // 0x80-0xBF range; every character maps back to one byte.
    let latin1ish = raw
        .chars()
        .filter(|c| matches!(*c as u32, 0xC0..=0xFF))
        .count();
    if latin1ish >= 2 {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(raw);
        if !unmappable || raw.contains('\u{FFFD}') {
            let back = String::from_utf8_lossy(&bytes).replace("&#65533;", "\u{FFFD}");
            let han = back.chars().filter(|c| text::is_han(*c)).count();
            let broken = back.chars().filter(|c| *c == '\u{FFFD}').count();
            if han >= 2 && broken <= han {
                return Some(Garbled {
                    how: "UTF-8 read as Windows-1252",
                    text: back.replace('\u{FFFD}', ""),
                });
            }
            // Garbled twice (UTF-8 read as Windows-1252, saved, read so again).
            if back
                .chars()
                .filter(|c| matches!(*c as u32, 0xC0..=0xFF))
                .count()
                >= 2
            {
                let (again, _, _) = encoding_rs::WINDOWS_1252.encode(&back);
                let twice = String::from_utf8_lossy(&again).replace("&#65533;", "");
                if twice.chars().filter(|c| text::is_han(*c)).count() >= 1 {
                    return Some(Garbled {
                        how: "UTF-8 read as Windows-1252 twice",
                        text: twice.replace('\u{FFFD}', ""),
                    });
                }
            }
            // GBK read as Windows-1252 or Latin-1: every Chinese character is two high bytes,
            // so the runs of non-ASCII letters have even lengths ("Ürümqi" is not GBK).
            let runs_even = raw
                .split(|c: char| c.is_ascii())
                .all(|run| run.chars().count() % 2 == 0);
            let (gbk, _, bad) = encoding_rs::GBK.decode(&bytes);
            let han = gbk.chars().filter(|c| text::is_han(*c)).count();
            if !bad && runs_even && han >= 2 && han * 2 >= gbk.chars().count() {
                return Some(Garbled {
                    how: "GBK read as Windows-1252",
                    text: gbk.into_owned(),
                });
            }
        }
    }
    // UTF-8 read as GBK: Chinese characters that, written back in GBK, are UTF-8 for other
    // Chinese characters.
    let han = raw.chars().filter(|c| text::is_han(*c)).count();
    if han >= 2 {
        let trimmed = raw.trim_end_matches('\u{FFFD}');
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(trimmed);
        if !unmappable {
            let back = String::from_utf8_lossy(&bytes);
            let good = back.chars().filter(|c| text::is_han(*c)).count();
            let bad = back.chars().filter(|c| *c == '\u{FFFD}').count();
            if good >= 2 && bad <= 1 && good * 2 >= back.chars().count() {
                return Some(Garbled {
                    how: "UTF-8 read as GBK",
                    text: back.replace('\u{FFFD}', ""),
                });
            }
        }
    }
    None
}

/// How a finding names the spelling it matched: its script and where the pack has it from,
/// e.g. " (Cyrillic spelling, from GeoNames)".
fn spelling_of(e: &PlaceEntry) -> String {
    let script = if e.script.is_empty() {
        let c = e.pattern.chars().find(|c| c.is_alphabetic()).unwrap_or('a');
        match c as u32 {
            0x0400..=0x04FF => "Cyrillic",
            0xAC00..=0xD7AF | 0x1100..=0x11FF => "Korean",
            0x3040..=0x30FF => "Japanese",
            0x0600..=0x06FF | 0xFB50..=0xFEFF => "Arabic-script",
            _ if text::is_han(c) => "Chinese",
            _ => "Latin",
        }
    } else {
        match e.script.as_str() {
            "latin" => "Latin",
            "han" => "Chinese",
            "arabic" => "Arabic-script",
            "cyrillic" => "Cyrillic",
            "kana" => "Japanese",
            "hangul" => "Korean",
            "greek" => "Greek",
            _ => "other-script",
        }
    };
    let from = if e.source.starts_with("geonames") {
        "GeoNames"
    } else if e.source.starts_with("mca-") {
        "the PRC division list"
    } else if e.source.starts_with("pycountry") {
        "ISO 3166-2"
    } else {
        "the curated list"
    };
    format!(" ({script} spelling, from {from})")
}

#[cfg(test)]
mod tests {
    use super::{RegionMatcher, resolve_both};
    use crate::text::{fold, folds_letter_for_letter};
    use proptest::prelude::*;

    /// What the person-marker prefilter of `scan_clause` rests on: in text that folds letter
    /// for letter, whatever `mask_people` masks, the walk has found a person marker (so
    /// masking is skipped only where it would change nothing).
    #[test]
    fn the_walk_finds_every_person_marker_masking_acts_on() {
        let pack = crate::rules::RulePack::embedded().unwrap();
        let region = RegionMatcher::new(&pack).unwrap();
        let marker = prop::sample::select(vec![
            "Attn",
            "ATTN",
            "attention",
            "Mr",
            "MRS",
            "Ms",
            "Msc",
            "Miss",
            "Dr",
            "dr",
            "c/o",
            "C/O",
            "Contact",
            "contact person",
            "Addressee",
            "Mister",
        ]);
        let word = prop::sample::select(vec![
            "Xin", "Jiang", "Kashgar", "Tan", "Li", "items", "address", "drums", "88", "No",
            "Orchard", "Rd", "Urumqi", "Hotan", "",
        ]);
        let sep = prop::sample::select(vec![
            " ", ". ", ": ", ",", "-", "/", ".", "", "\t", "(", ")", "&", " & ",
        ]);
        let piece = prop_oneof![marker, word, sep];
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&proptest::collection::vec(piece, 0..12), |pieces| {
                let raw: String = pieces.concat();
                prop_assume!(folds_letter_for_letter(&raw));
                let masked = region.mask_people(&raw);
                let (_, _, persons) = resolve_both(&region.ac, &fold(&raw));
                if matches!(masked, std::borrow::Cow::Owned(_)) {
                    prop_assert!(persons, "{:?} masked as {:?}", raw, masked);
                }
                Ok(())
            })
            .unwrap();
    }
}
