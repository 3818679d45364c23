//! "Which listed entity might this name be?"
//!
//! The UFLPA Entity List names companies anywhere in China (Camel Group in Hubei, Ninestar
//! in Zhuhai), so only the name can catch them. Names on trade documents are written many
//! ways: `HOSHINE SILICON IND (SHANSHAN) CO LTD`, `Hoshine Silicon Industry Co., Ltd.`,
//! `Silicon Industry Hoshine`. Both sides are *normalised* the same way ([`normalise`]):
//! case, width and diacritics folded; scope wording ("and subsidiaries") and parenthesised
//! qualifiers ("(Shanshan)") set aside; shipping-document abbreviations expanded (TECH,
//! IND, MFG, INTL, IMP & EXP ...); legal forms dropped (Co., Ltd., Company Limited, Corp,
//! 有限公司 ...); simple plurals folded. Chinese is compared as Chinese: runs of characters
//! become character bigrams, never a guessed romanisation.
//!
//! Matching is over token sets, so word order does not matter. Each token weighs by how rare
//! it is on the list (a token in many names, like "Xinjiang", "Cotton" or "Group", weighs
//! little; "Hoshine" weighs a lot), and a list of generic business words weighs less again.
//! For a candidate name, *recall* is the weighted share of its tokens found in the query
//! (typos allowed through Jaro-Winkler), *precision* the weighted share of the query's tokens
//! found in the name. Then:
//!
//! | outcome | rule |
//! |---|---|
//! | exact (EL301, presumed) | the normalised token sets are equal (with or without qualifiers) |
//! | fuzzy (EL302, presumed) | recall and precision both at least `presume` (default 0.90) |
//! | extension (EL303, review) | recall at least `presume` but the query adds words: "Ninestar Shenzhen Branch" |
//! | near (EL303, review) | the harmonic mean of the two at least `review` (default 0.75) |
//!
//! Names as written on paperwork (issue 14) are read against the list's own words, and the
//! hit's `notes` say how: two words whose join is a listed word are joined ("NINE STAR"),
//! a word that splits into two listed words is split ("XINJIANGDAQO"); a word that is the
//! start of a listed word, or its letters without vowels, abbreviates it (INFO, INGRED,
//! PRTG) as long as it is not the distinctive word itself; a name as long as a common field
//! limit ([`FIELD_LIMITS`]) or ending on "AND" may be cut, so the listed words after its last
//! word are not required; a branch ("Shanghai Branch", "襄阳分公司") that matches nothing as a
//! whole is matched as the company before it. A short alias of common words ("Union
//! Biotech") is marked weak: [`crate::verdict::entity_code`] wants a place of the entity
//! ([`EntityMatcher::corroboration`]) before it presumes.
//!
//! A candidate only counts if the query contains its most distinctive token, so a name that
//! shares only generic words ("Camel Active Apparel GmbH" vs "Camel Group") is not flagged
//! as presumed. Candidates come from an index of distinctive tokens, so the cost per name
//! does not grow with the size of the list.

use crate::rules::EntityRecord;
use crate::text::{fold, is_han};
use std::collections::HashSet;

/// Maps of the matcher and its memo, with a fast hash (keys are not attacker-chosen files
/// of someone else's: they are the user's own data and the pack).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Thresholds of the name matcher (documented in docs/rules.md; set in pack.toml).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Recall and precision at or above this are a fuzzy `presumed` match.
    pub presume: f32,
    /// A harmonic mean at or above this is a `review`.
    pub review: f32,
    /// Smallest Jaro-Winkler similarity for two tokens to count as the same word.
    pub token: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            presume: 0.90,
            review: 0.75,
            token: 0.88,
        }
    }
}

/// A normalised name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalised {
    /// Tokens in order (Chinese as character bigrams).
    pub tokens: Vec<String>,
    /// Tokens from parenthesised qualifiers ("(Shanshan)").
    pub qualifiers: Vec<String>,
    /// Scope wording found ("and subsidiaries").
    pub scope: Option<String>,
    /// Which normalisation steps changed something, for `uflpa-screen entity`.
    pub steps: Vec<String>,
    /// A branch designation ("Shanghai Branch", "襄阳分公司") and the tokens of the company
    /// named before it, when the name is a branch's: a branch is not a legal person of its
    /// own, so it is the company.
    pub branch: Option<Branch>,
    /// Length of the name as written, in characters (trimmed): a name as long as a common
    /// field limit may have been cut there.
    pub chars: usize,
    /// The name as written ends on a joining word ("AND", "&", "OF"): a sign of a cut.
    pub dangling: bool,
}

/// The company a branch belongs to ([`Normalised::branch`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Branch {
    /// The words that say it is a branch, as folded ("shanghai branch", "襄阳分公司").
    pub designation: String,
    /// The company's tokens, normalised like any name.
    pub company: Vec<String>,
}

/// Common length limits of name fields on trade documents and in customs systems
/// (UN/EDIFACT and ABI name fields are 35 characters; 30, 40, 50 and 60 are other common
/// sizes). A name whose length is at most 2 characters under one of them may have been cut
/// there (the cut may fall on a space that is then trimmed).
pub const FIELD_LIMITS: &[usize] = &[30, 35, 40, 50, 60];

/// Words that make a name a branch's, in English (folded) ...
const BRANCH_WORDS: &[&str] = &["branch", "office", "representative office"];
/// Words for a company's own works, a branch of it only after its legal form ("Dongguan
/// Oasis Shoes Co Ltd - Vietnam Factory", "... Co. Ltd. - Mianyang Plant": trial 13, reviews);
/// without one they are part of a name ("Kashgar Garment Factory").
const WORKS_WORDS: &[&str] = &["plant", "factory", "mill"];
/// ... and in Chinese (simplified, after folding): branch company, branch factory, office.
const BRANCH_ZH: &[&str] = &["分公司", "分厂", "办事处", "分部"];

const SCOPES: &[&str] = &[
    "and its subordinate and affiliated entities",
    "and its subsidiaries",
    "and subsidiaries",
    "and affiliates",
];

/// Shipping-document abbreviations and their expansions.
pub(crate) const ABBREVIATIONS: &[(&str, &str)] = &[
    ("tech", "technology"),
    ("techn", "technology"),
    ("technol", "technology"),
    ("ind", "industry"),
    ("inds", "industry"),
    ("indus", "industry"),
    ("indl", "industrial"),
    ("mfg", "manufacturing"),
    ("mfr", "manufacturing"),
    ("manuf", "manufacturing"),
    ("intl", "international"),
    ("info", "information"),
    ("int", "international"),
    ("grp", "group"),
    ("imp", "import"),
    ("exp", "export"),
    ("ie", "import export"),
    ("matl", "material"),
    ("matls", "material"),
    ("mat", "material"),
    ("elec", "electronic"),
    ("electr", "electronic"),
    ("dev", "development"),
    ("devt", "development"),
    ("chem", "chemical"),
    ("pharm", "pharmaceutical"),
    ("pharma", "pharmaceutical"),
    ("biotech", "biotechnology"),
    ("sci", "science"),
    ("agri", "agricultural"),
    ("agric", "agricultural"),
    ("prod", "product"),
    ("prods", "product"),
    ("hldgs", "holding"),
    ("hldg", "holding"),
    ("mach", "machinery"),
    ("eqpt", "equipment"),
    ("equip", "equipment"),
    ("textiles", "textile"),
    ("tex", "textile"),
    ("natl", "national"),
    ("assn", "association"),
    ("svc", "service"),
    ("svcs", "service"),
    ("logis", "logistics"),
];

/// Legal forms and filler words, dropped from both sides.
const LEGAL: &[&str] = &[
    "co",
    "company",
    "companies",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "llc",
    "plc",
    "llp",
    "lp",
    "gmbh",
    "ag",
    "sa",
    "srl",
    "spa",
    "bv",
    "nv",
    "pte",
    "pvt",
    "private",
    "sdn",
    "bhd",
    "jsc",
    "joint",
    "stock",
    "share",
    "shares",
    "the",
    "and",
    "of",
    "oy",
    "ab",
    "kk",
    "tbk",
    "pt",
];

/// The legal forms of six letters or more, whose one-letter slips [`legal_typo`] drops (a
/// test checks this is `LEGAL`'s).
const LEGAL_LONG: &[&str] = &[
    "company",
    "companies",
    "limited",
    "corporation",
    "incorporated",
    "private",
    "shares",
];

/// Chinese legal forms, longest first.
const LEGAL_ZH: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

/// Business words that say little about which company it is: their weight is cut.
const GENERIC: &[&str] = &[
    "xinjiang",
    "china",
    "chinese",
    "group",
    "industry",
    "industrial",
    "technology",
    "development",
    "international",
    "trade",
    "trading",
    "import",
    "export",
    "material",
    "new",
    "energy",
    "textile",
    "cotton",
    "food",
    "holding",
    "logistics",
    "warehousing",
    "storage",
    "agricultural",
    "agriculture",
    "pharmaceutical",
    "biotechnology",
    "science",
    "product",
    "manufacturing",
    "garment",
    "apparel",
    "metal",
    "nonferrous",
    "mining",
    "chemical",
    "electronic",
    "information",
    "economic",
    "park",
    "branch",
    "county",
    "city",
    "province",
    "construction",
    "engineering",
    "investment",
    "management",
    "service",
    "supply",
    "chain",
    "fiber",
    "linen",
    "spinning",
    "color",
    "silicon",
    "solar",
    "green",
    "aluminum",
    "steel",
    "copper",
    "gold",
    "health",
    "biological",
    "equipment",
    "machinery",
    "products",
    "west",
    "western",
    "east",
    "eastern",
    "north",
    "south",
    "national",
    "general",
    "station",
    "center",
    "factory",
    "plant",
    "mill",
    "global",
    // Words a group's companies put after its name ("ESQUEL ENTERPRISES LTD" of the listed
    // Esquel Group had no candidate, trial 11).
    "enterprise",
    "venture",
    "resource",
    "commercial",
    "oversea",
    "worldwide",
    "asia",
    "pacific",
    "hong",
    "kong",
    "shenzhen",
    "shanghai",
    "beijing",
    "guangzhou",
    "ningbo",
    "zhejiang",
    "jiangsu",
    "shandong",
    "hebei",
    "henan",
    "hubei",
    "hunan",
    "anhui",
    "fujian",
    "sichuan",
    "guangdong",
    "tianjin",
];

/// Cut from the weight of a generic word.
const GENERIC_FACTOR: f32 = 0.3;

/// A name made only of generic business words and short words ("Trading Co Ltd"): as a
/// listed name it would match any such company.
pub fn generic_only(name: &str) -> bool {
    let n = normalise(name);
    n.tokens.iter().chain(&n.qualifiers).all(|w| {
        if w.chars().any(is_han) {
            // Chinese names are read in two-character pieces: only "China" is generic.
            w == "中国"
        } else {
            GENERIC.contains(&w.as_str()) || w.chars().count() < 4
        }
    })
}

/// What a Latin word of a name is to [`tokens_of`]: a legal form or filler word (dropped),
/// or an abbreviation (expanded).
#[derive(Clone, Copy)]
enum Known {
    Legal,
    Abbreviation(&'static str),
}

/// [`LEGAL`] and [`ABBREVIATIONS`] in one map: one look-up per word instead of a scan of
/// both lists. A legal form wins, as in the lists' order of use.
static KNOWN_WORDS: std::sync::LazyLock<HashMap<&'static str, Known>> =
    std::sync::LazyLock::new(|| {
        let mut m: HashMap<&'static str, Known> = HashMap::default();
        for (a, e) in ABBREVIATIONS {
            m.insert(a, Known::Abbreviation(e));
        }
        for l in LEGAL {
            m.insert(l, Known::Legal);
        }
        m
    });

fn singular(t: &str) -> String {
    singular_cow(t).into_owned()
}

/// [`singular`] without a copy when the word is not a plural.
fn singular_cow(t: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if t.len() > 4 && t.is_ascii() {
        if let Some(s) = t.strip_suffix("ies") {
            return Cow::Owned(format!("{s}y"));
        }
        if t.ends_with('s') && !t.ends_with("ss") && !t.ends_with("us") {
            return Cow::Borrowed(&t[..t.len() - 1]);
        }
    }
    Cow::Borrowed(t)
}

/// Split a run of Chinese characters into bigrams (a single character stays one token).
fn han_tokens(run: &str, out: &mut Vec<String>) {
    let mut s = run.to_string();
    for l in LEGAL_ZH {
        s = s.replace(l, "");
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        0 => {}
        1 => out.push(chars[0].to_string()),
        n => {
            for i in 0..n - 1 {
                out.push(chars[i..i + 2].iter().collect());
            }
        }
    }
}

/// The normalisation steps taken, in words, when they are wanted (`uflpa-screen entity`
/// shows them); `None` when only the tokens are (screening), so no words are written.
type Steps<'a> = Option<&'a mut Vec<String>>;

fn tokens_of(folded: &str, mut steps: Steps<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let mut latin = String::new();
    let mut han = String::new();
    // Letters written apart ("T.B.E.A.", "T B E A"): one word. Folding made the dots spaces.
    let single = |w: &str| w.len() == 1 && w.as_bytes()[0].is_ascii_lowercase();
    let mut letters = String::new();
    // Whether the last word was dropped as a legal form, and whether the one before was.
    let mut legal_before = false;
    let mut last_kept_after_legal = false;
    let mut words = folded.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(w) = words.next() {
        let next_single = words.peek().is_some_and(|n| single(n));
        let word: std::borrow::Cow<'_, str> = if single(w) && (next_single || !letters.is_empty()) {
            letters.push_str(w);
            if next_single {
                continue;
            }
            push_step(&mut steps, || {
                format!("letters written apart joined: {letters}")
            });
            std::borrow::Cow::Owned(std::mem::take(&mut letters))
        } else {
            std::borrow::Cow::Borrowed(w)
        };
        let word = word.as_ref();
        let n_before = out.len();
        // A word may mix Chinese and Latin ("新疆abc"): split by script.
        let flush_latin = |latin: &mut String, out: &mut Vec<String>, steps: &mut Steps<'_>| {
            if latin.is_empty() {
                return;
            }
            let t = latin.as_str();
            let known = KNOWN_WORDS.get(t).copied();
            if matches!(known, Some(Known::Legal)) || legal_typo(t) || legal_run(t) {
                push_step(steps, || format!("legal form or filler word dropped: {t}"));
                latin.clear();
                return;
            }
            match known {
                Some(Known::Abbreviation(e)) => {
                    push_step(steps, || {
                        format!("abbreviation expanded: {} -> {e}", t.to_uppercase())
                    });
                    out.extend(e.split(' ').map(str::to_string));
                }
                _ => out.push(singular(t)),
            }
            latin.clear();
        };
        if word.bytes().all(|b| b < 0x80) {
            // No Chinese in an ASCII word: the word is one Latin run.
            latin.push_str(word);
            flush_latin(&mut latin, &mut out, &mut steps);
            let dropped = out.len() == n_before;
            last_kept_after_legal = !dropped && legal_before && out.len() == n_before + 1;
            legal_before = dropped;
            continue;
        }
        last_kept_after_legal = false;
        legal_before = false;
        for c in word.chars() {
            if is_han(c) {
                flush_latin(&mut latin, &mut out, &mut steps);
                han.push(c);
            } else {
                if !han.is_empty() {
                    let before = han.chars().count();
                    let mut v = Vec::new();
                    han_tokens(&han, &mut v);
                    if v.len() + 1 < before {
                        push_step(&mut steps, || "Chinese legal form dropped".to_string());
                    }
                    out.extend(v);
                    han.clear();
                }
                latin.push(c);
            }
        }
        flush_latin(&mut latin, &mut out, &mut steps);
        if !han.is_empty() {
            if LEGAL_ZH.iter().any(|l| han.contains(l)) {
                push_step(&mut steps, || "Chinese legal form dropped".to_string());
            }
            han_tokens(&han, &mut out);
            han.clear();
        }
    }
    // A legal form cut short after another one ends the name ("... CO LT", "... CO L",
    // "... CO LIMI"): the stub goes too, at any length of the name.
    if last_kept_after_legal
        && out.last().is_some_and(|t| {
            !t.is_empty()
                && LEGAL_END
                    .iter()
                    .any(|l| l.len() > t.len() && l.starts_with(t.as_str()))
        })
    {
        if let Some(t) = out.pop() {
            push_step(&mut steps, || {
                format!("legal form cut short dropped: {}", t.to_uppercase())
            });
        }
    }
    out
}

/// The legal forms that paperwork runs together ("COLTD", "COMPANYLIMITED", "CORPLTD").
const LEGAL_RUN_PARTS: &[&str] = &[
    "co",
    "company",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "inc",
    "llc",
    "plc",
    "pte",
    "pvt",
    "sdn",
    "bhd",
    "jsc",
];

/// Is `t` two or three legal forms run together ("coltd", "companylimited", "corpltd";
/// [`LEGAL_RUN_PARTS`]), one of them three letters or more? Dropped like the legal forms
/// written apart. Five letters at least, so that "coco" stays a word.
fn legal_run(t: &str) -> bool {
    fn parts(t: &str, left: usize, long: bool) -> bool {
        if t.is_empty() {
            return long;
        }
        left > 0
            && LEGAL_RUN_PARTS.iter().any(|p| {
                t.strip_prefix(p)
                    .is_some_and(|rest| parts(rest, left - 1, long || p.len() >= 3))
            })
    }
    // The first two letters of a part, a quick refusal for most words.
    let begins = |t: &[u8]| {
        matches!(
            t,
            [b'c', b'o', ..]
                | [b'l', b't' | b'i' | b'l', ..]
                | [b'i', b'n', ..]
                | [b'p', b'l' | b't' | b'v', ..]
                | [b's', b'd', ..]
                | [b'b', b'h', ..]
                | [b'j', b's', ..]
        )
    };
    // Every part is in `LEGAL`: a single one is `LEGAL`'s, so a run has two or three.
    t.len() >= 5 && begins(t.as_bytes()) && parts(t, 3, false) && !LEGAL.contains(&t)
}

/// Is `t` a one-letter slip (a letter added, dropped, changed, or two swapped) in a legal
/// form of six letters or more ("Corporatoin", "Lmited", "Compnay")? Dropped like the
/// legal form itself, so that a typo in "Limited" does not read as an extra word of the
/// name.
fn legal_typo(t: &str) -> bool {
    // One edit apart, the two words agree on the first letter, or the edit is at the start
    // and one word's first or second letter is the other's second or first.
    let near_start =
        |l: &[u8], t: &[u8]| l[0] == t[0] || l[1] == t[1] || l[0] == t[1] || l[1] == t[0];
    t.len() >= 5
        && t.is_ascii()
        && LEGAL_LONG.iter().any(|l| {
            l.len().abs_diff(t.len()) <= 1
                && near_start(l.as_bytes(), t.as_bytes())
                && crate::text::one_edit_apart(l, t)
        })
}

/// Record a step, once, if steps are wanted (the words are only written then).
fn push_step(steps: &mut Steps<'_>, s: impl FnOnce() -> String) {
    if let Some(steps) = steps {
        let s = s();
        if !steps.contains(&s) {
            steps.push(s);
        }
    }
}

/// Normalise a company name (see the module docs), with the steps taken in words.
pub fn normalise(raw: &str) -> Normalised {
    let mut steps = Vec::new();
    let mut n = normalise_with(raw, Some(&mut steps));
    n.steps = steps;
    n
}

/// [`normalise`] without the steps in words ([`Normalised::steps`] left empty): what the
/// matcher needs, at a fraction of the cost for a name it has not seen.
pub fn normalise_quiet(raw: &str) -> Normalised {
    normalise_with(raw, None)
}

/// Does `text` contain `needle` (ASCII, lower case) in any case? The same as looking in
/// `text.to_lowercase()` for needles of letters no other character lower-cases to (only
/// the Kelvin sign lower-cases to ASCII, to "k").
fn contains_ascii_nocase(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn normalise_with(raw: &str, mut steps: Steps<'_>) -> Normalised {
    let trimmed = raw.trim();
    if steps.is_some() {
        let text = trimmed;
        if text
            .chars()
            .any(|c| matches!(c as u32, 0xFF01..=0xFF5E | 0x3000))
        {
            push_step(&mut steps, || "full-width characters folded".to_string());
        }
        if text.chars().any(|c| c.is_uppercase()) && text.chars().any(|c| c.is_lowercase())
            || text.chars().all(|c| !c.is_lowercase()) && text.chars().any(|c| c.is_uppercase())
        {
            push_step(&mut steps, || "case folded".to_string());
        }
        if text
            .chars()
            .any(|c| !c.is_ascii() && c.is_alphabetic() && !is_han(c))
        {
            push_step(&mut steps, || "diacritics stripped".to_string());
        }
    }
    let mut text = std::borrow::Cow::Borrowed(trimmed);
    // Scope wording. Every scope wording starts "and " (a test checks): most names have none.
    let mut scope = None;
    if contains_ascii_nocase(trimmed, "and ") {
        // ASCII lower case keeps every byte where it was, so a position in `lower` is one in
        // `text` (`to_lowercase` does not: "İ" grows a byte, and the cut then fell inside a
        // character or beside the wording). Scope wordings are ASCII.
        let lower = trimmed.to_ascii_lowercase();
        for s in SCOPES {
            if let Some(i) = lower.find(s) {
                scope = Some(s.to_string());
                text = std::borrow::Cow::Owned(format!("{}{}", &text[..i], &text[i + s.len()..]));
                push_step(&mut steps, || format!("scope wording set aside: \"{s}\""));
                break;
            }
        }
    }
    // Parenthesised qualifiers: (Shanshan), （鄯善）.
    let mut qualifiers_raw = Vec::new();
    let bracket = |c: char| matches!(c, '(' | '（' | '[' | ')' | '）' | ']' | '&');
    let rest: std::borrow::Cow<'_, str> = if !text.contains(bracket) {
        text
    } else {
        let mut rest = String::with_capacity(text.len());
        let mut depth = 0;
        let mut current = String::new();
        for c in text.chars() {
            match c {
                '(' | '（' | '[' => {
                    depth += 1;
                    rest.push(' ');
                }
                ')' | '）' | ']' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        let q = std::mem::take(&mut current);
                        // "(Beijing Branch)": a branch designation, read as written apart.
                        let f = fold(&q);
                        if f.split(' ').any(|w| BRANCH_WORDS.contains(&w))
                            || BRANCH_ZH.iter().any(|b| f.contains(b))
                        {
                            rest.push_str(&q);
                        } else {
                            qualifiers_raw.push(q);
                        }
                    }
                    rest.push(' ');
                }
                _ if depth > 0 => current.push(c),
                _ => rest.push(c),
            }
        }
        if depth > 0 {
            rest.push_str(&current);
        }
        std::borrow::Cow::Owned(rest.replace('&', " and "))
    };
    if !qualifiers_raw.is_empty() {
        push_step(&mut steps, || {
            format!("qualifier set aside: ({})", qualifiers_raw.join(", "))
        });
    }
    let folded = fold(&rest);
    let tokens = tokens_of(&folded, steps.as_deref_mut());
    let mut qualifiers = Vec::new();
    for q in &qualifiers_raw {
        qualifiers.extend(tokens_of(&fold(q), steps.as_deref_mut()));
    }
    let branch = split_branch(&folded).and_then(|(company, designation)| {
        let company = tokens_of(&company, None);
        (!company.is_empty()).then_some(Branch {
            designation,
            company,
        })
    });
    // Ends on a joining word (in any case; as in `contains_ascii_nocase`, no other
    // character lower-cases to these letters).
    let dangling = [" and", " &", " of", " the"].iter().any(|w| {
        trimmed.len() >= w.len()
            && trimmed.as_bytes()[trimmed.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
    });
    Normalised {
        tokens,
        qualifiers,
        scope,
        steps: Vec::new(),
        branch,
        chars: trimmed.chars().count(),
        dangling,
    }
}

/// A Chinese name (`n`, as listed) without the place it begins with: its first two
/// characters when they are a place of `places` (provinces, Xinjiang names: 新疆, 福建) or
/// when the entity's English name begins with a word that its location names (Zhuhai
/// Pantum Electronics, "Zhuhai, Guangdong": 珠海). `None` for other names.
fn without_place_prefix<'a>(
    n: &'a str,
    e: &EntityRecord,
    places: &HashSet<String>,
) -> Option<&'a str> {
    let mut it = n.char_indices();
    let (_, c1) = it.next()?;
    let (_, c2) = it.next()?;
    let (cut, _) = it.next()?;
    if !is_han(c1) || !is_han(c2) {
        return None;
    }
    let by_places = places.contains(&n[..cut]);
    let by_location = || {
        let first = fold(&e.name);
        let first = first.split(' ').next().unwrap_or("");
        first.len() >= 3
            && fold(&e.location)
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == first)
    };
    let rest = &n[cut..];
    // 山东黄金矿业 without 山东 is "gold mining", 天山铝业集团 without 天山 "aluminium
    // group": a rest that begins with a trade's word names no company.
    if GENERIC_ZH.iter().any(|g| rest.starts_with(g)) {
        return None;
    }
    (by_places || by_location()).then_some(rest)
}

/// Trade words in Chinese: a name that begins with one after its place is cut off names a
/// trade, not a company ([`without_place_prefix`]).
const GENERIC_ZH: &[&str] = &[
    "黄金", "矿业", "铝业", "有色", "钢铁", "化学", "化工", "科技", "集团", "能源", "新能", "纺织",
    "食品", "生物", "信息", "电子", "材料", "硅业", "实业", "时尚", "光伏", "棉业", "农业", "贸易",
    "国际", "生产", "建设", "兵团", "股份", "有限",
];

/// Legal forms that end a company's name in English (folded), before a branch designation.
const LEGAL_END: &[&str] = &[
    "co",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "inc",
    "company",
    "llc",
    "gmbh",
    "plc",
];

/// Split a folded name into the company and its branch designation, if it names a branch:
/// "ninestar corp shanghai branch" -> ("ninestar corp", "shanghai branch"),
/// "骆驼集团股份有限公司襄阳分公司" -> ("骆驼集团股份有限公司", "襄阳分公司"),
/// "shenzhen branch of ninestar corporation" -> ("ninestar corporation", "shenzhen branch"). The company
/// ends at the last legal form before the branch word; without one, the word before the
/// branch word (most often its city) goes with the designation.
fn split_branch(folded: &str) -> Option<(String, String)> {
    // Chinese: <company><place>分公司.
    let markers = if folded.is_ascii() { &[] } else { BRANCH_ZH };
    for marker in markers {
        if let Some(p) = folded.rfind(marker) {
            let before = &folded[..p];
            // Without a legal form, the two characters before the marker are most often
            // the branch's city (上海, 襄阳).
            let end = LEGAL_ZH
                .iter()
                .filter_map(|l| before.rfind(l).map(|i| i + l.len()))
                .max()
                .unwrap_or_else(|| match before.char_indices().rev().nth(1) {
                    Some((i, _)) if before[..i].chars().count() >= 2 => i,
                    _ => p,
                });
            let company = folded[..end].trim();
            if !company.is_empty() {
                return Some((company.to_string(), folded[end..].trim().to_string()));
            }
        }
    }
    // Every English branch word contains "branch" or "office", every works word "plant",
    // "factory" or "mill": most names have none.
    if !["branch", "office", "plant", "factory", "mill"]
        .iter()
        .any(|w| folded.contains(w))
    {
        return None;
    }
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let k = words
        .iter()
        .rposition(|w| BRANCH_WORDS.contains(w) || WORKS_WORDS.contains(w))
        .filter(|&k| k >= 1)?;
    // "Shenzhen Branch of Ninestar Corporation": the company is written after "of".
    if words.get(k + 1) == Some(&"of") && words.len() > k + 2 {
        return Some((words[k + 2..].join(" "), words[..=k].join(" ")));
    }
    if WORKS_WORDS.contains(&words[k]) && !words[..k].iter().any(|w| LEGAL_END.contains(w)) {
        return None;
    }
    let start = match words[..k].iter().rposition(|w| LEGAL_END.contains(w)) {
        Some(j) => j + 1,
        None if k >= 2 => k - 1,
        None => k,
    };
    Some((words[..start].join(" "), words[start..].join(" ")))
}

/// Is `q` (a word as written) an abbreviation of the listed word `w`: its start (INFO,
/// INGRED, ALUM, PRODUC) or, written without vowels, its letters in order (PRTG, HLDG)?
/// Both must start with the same letter and `q` must have at least three letters.
pub fn abbreviates(q: &str, w: &str) -> bool {
    if q.len() < 3 || q.len() >= w.len() || !q.is_ascii() || !w.is_ascii() {
        return false;
    }
    if q.as_bytes()[0] != w.as_bytes()[0] || !q.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    if w.starts_with(q) {
        return true;
    }
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    if q.bytes().skip(1).any(vowel) {
        return false;
    }
    let mut it = w.bytes();
    q.bytes().all(|b| it.any(|c| c == b))
}

/// One name (official name, alias or Chinese name) of a listed entity, prepared.
#[derive(Debug, Clone)]
struct NameRec {
    entity: usize,
    shown: String,
    tokens: Vec<u32>,
    qualifiers: Vec<u32>,
    /// The most distinctive token: must be in the query.
    anchor: u32,
    /// A short alias made of common words, or of one word of a longer name of the same
    /// entity ("Union Biotech", "Shandong Gold", "Septwolves"): it needs a place to
    /// corroborate it before it raises the presumption.
    weak: bool,
}

/// How a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Same normalised name.
    Exact,
    /// Above the presume threshold both ways.
    Fuzzy,
    /// All of the listed name, plus more words (a branch, a subsidiary, a place).
    Extension,
    /// Similar, below the presume threshold.
    Near,
}

/// One candidate entity for a name.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityHit {
    /// Index into `RulePack::entities`.
    pub entity: usize,
    /// The listed name or alias that matched.
    pub listed_name: String,
    /// How.
    pub kind: MatchKind,
    /// Harmonic mean of recall and precision (1.0 for exact).
    pub score: f32,
    /// Weighted share of the listed name found in the query.
    pub recall: f32,
    /// Weighted share of the query found in the listed name.
    pub precision: f32,
    /// The name matched is a short alias of common words ([`EntityMatcher`] docs): a place
    /// must corroborate it ([`EntityMatcher::corroboration`]) before it is `presumed`.
    pub weak_alias: bool,
    /// The listed name has a parenthesised qualifier ("(Shanshan)") that the query lacks:
    /// another company of the same group may be meant.
    pub qualifier_missing: bool,
    /// How the name as written was read, in words for the finding: words joined or split,
    /// abbreviations, a cut at a field limit, a branch.
    pub notes: Vec<String>,
}

/// The compiled Entity List matcher.
pub struct EntityMatcher {
    names: Vec<NameRec>,
    vocab: HashMap<String, u32>,
    /// Bytes of the longest vocabulary word: a word longer than two of them is no two
    /// listed words run together (so a 1 MB cell is not split at every byte).
    longest_word: usize,
    words: Vec<String>,
    weight: Vec<f32>,
    unknown_weight: f32,
    exact: HashMap<String, Vec<u32>>,
    /// token id -> names whose anchor it is.
    by_anchor: HashMap<u32, Vec<u32>>,
    /// token id -> (name, position) of each main word of every name, to find the names a
    /// name cut after the first letters of a word may be ([`STUB_CUT`]).
    by_word: HashMap<u32, Vec<(u32, usize)>>,
    /// (first char, length) -> token ids, for typo lookup.
    buckets: HashMap<(char, usize), Vec<u32>>,
    /// Per token id: its letters counted ([`letter_counts`]), to rule out most typo
    /// candidates before the Jaro-Winkler similarity is computed.
    counts: Vec<LetterCounts>,
    /// Latin token ids sorted by spelling, for names cut inside a word.
    sorted: Vec<u32>,
    /// Tokens that are place names: a listed name whose place is missing from the query
    /// may be another legal entity (Daqo New Energy Corp. is not Xinjiang Daqo), so such a
    /// match is at most a review.
    places: HashSet<u32>,
    /// Per entity: the place words of its names and location hint (folded), which can
    /// corroborate a weak alias.
    entity_places: Vec<Vec<String>>,
    /// Per entity: the words of its location hint (folded, three letters or more: "zhuhai",
    /// "guangdong"), which may name the city a listed name begins with.
    entity_location: Vec<Vec<String>>,
    thresholds: Thresholds,
    /// Which matcher this is, for [`SIMILAR`] (unique in the process).
    id: u64,
}

/// Numbers for [`EntityMatcher::id`].
static NEXT_MATCHER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Words of names not on the list, with their typo neighbours on it, per matcher and per
/// thread: a new name is most often made of words seen before ("Trading", a city, a common
/// given name), whose neighbours need not be looked for again. Emptied when it holds
/// [`SIMILAR_LIMIT`] words.
type SimilarCache = HashMap<u64, HashMap<Box<str>, Vec<Sim>>>;

thread_local! {
    static SIMILAR: std::cell::RefCell<SimilarCache> = Default::default();
    static FACTS: std::cell::RefCell<FactsCache> = Default::default();
}

/// What a query word can bring to [`EntityMatcher::candidates_inner`], found once per word
/// ([`EntityMatcher::facts`]): a name none of whose words can bring anything (most new
/// names) has no candidate, and is answered without the matching proper.
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// The word, or a typo of it, is the anchor of a listed name
    /// ([`EntityMatcher::may_bring_anchor`]).
    brings: bool,
    /// Some listed word, or its plural, begins with the word and is longer: it may be the
    /// first half of two words run apart ("NINE STAR" -> ninestar).
    may_join: bool,
    /// The word splits into two listed words ("XINJIANGDAQO"), as [`EntityMatcher::rejoin`]
    /// reads it.
    may_split: bool,
    /// A listed word that is a name's anchor begins with the word: written last in a name
    /// cut at a field limit, it may be that word unfinished. (For a word of Latin letters
    /// and digits, `may_join` already holds then; this is for the other words.)
    cut_brings: bool,
}

impl Facts {
    /// Nothing to bring: no anchor, no join, no split.
    fn inert(self) -> bool {
        !(self.brings || self.may_join || self.may_split)
    }
}

/// [`Facts`] per matcher and word, per thread, as [`SIMILAR`]; emptied at [`SIMILAR_LIMIT`].
type FactsCache = HashMap<u64, HashMap<Box<str>, Facts>>;

/// Words kept in [`SIMILAR`] per thread.
const SIMILAR_LIMIT: usize = 65_536;

impl std::fmt::Debug for EntityMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityMatcher")
            .field("names", &self.names.len())
            .field("vocab", &self.words.len())
            .finish()
    }
}

fn key(tokens: &[String]) -> String {
    let mut t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    t.sort_unstable();
    t.dedup();
    t.join(" ")
}

/// Letters of an ASCII word counted by their low five bits (`None` for other words): two
/// letters may share a count, which only makes [`may_reach`]'s bound looser, never wrong.
type LetterCounts = Option<[u8; 32]>;

fn letter_counts(w: &str) -> LetterCounts {
    if !w.is_ascii() {
        return None;
    }
    let mut c = [0u8; 32];
    for b in w.bytes() {
        let k = (b & 31) as usize;
        c[k] = c[k].saturating_add(1);
    }
    Some(c)
}

/// Can the Jaro-Winkler similarity of ASCII words `a` and `b` reach `threshold`? An upper
/// bound, so `false` is certain: Jaro is `(m/|a| + m/|b| + (m - t)/m) / 3` with `m` matching
/// characters, at most the letters the two have in common, `c`; Winkler adds `0.1 * l * (1 -
/// jaro)` for a common prefix of `l <= 4` characters (as `strsim` computes it). Words that
/// are not ASCII always "may" (the bound is in bytes).
fn may_reach(a: &str, ca: &LetterCounts, b: &str, cb: &LetterCounts, threshold: f32) -> bool {
    let (Some(ca), Some(cb)) = (ca, cb) else {
        return true;
    };
    let common: u32 = ca.iter().zip(cb).map(|(x, y)| u32::from(*x.min(y))).sum();
    if common == 0 {
        return false;
    }
    let (la, lb, c) = (a.len() as f64, b.len() as f64, f64::from(common));
    let jaro = ((c / la).min(1.0) + (c / lb).min(1.0) + 1.0) / 3.0;
    let prefix = a
        .bytes()
        .take(4)
        .zip(b.bytes())
        .take_while(|(x, y)| x == y)
        .count() as f64;
    let bound = jaro + 0.1 * prefix * (1.0 - jaro);
    // A margin for rounding: a word near the threshold is always computed.
    bound as f32 >= threshold - 1e-4
}

/// A query token's match with a vocabulary token.
#[derive(Debug, Clone, Copy)]
struct Sim {
    id: u32,
    sim: f32,
}

/// The field limit of a name cut after the first letters of a word, at a length that is no
/// known limit ([`EntityMatcher::match_names`]).
const STUB_CUT: usize = usize::MAX;

/// Similarity given to a word read as an abbreviation of a listed word, or to the word a
/// field cut left unfinished.
const ABBREVIATION_SIM: f32 = 0.95;

/// Words that name the same company as often as not ("Industrial" and "Industry"; "IND"
/// stands for either): a listed word left unmatched is read from its twin in the query, as
/// an abbreviation is (trial 9: "HENAN YUMIAN GROUP IND CO LTD" was a review against
/// "Henan Yumian Group Industrial Co., Ltd."). Only then: the two keep their own weights.
const INTERCHANGEABLE: &[(&str, &str)] = &[("industry", "industrial")];

/// Is the query word `q` the listed word `w`'s twin ([`INTERCHANGEABLE`])?
fn interchangeable(q: &str, w: &str) -> bool {
    INTERCHANGEABLE
        .iter()
        .any(|&(a, b)| (q == a && w == b) || (q == b && w == a))
}

/// Could a name of `chars` characters, ending as it does, have been cut at a field limit?
fn maybe_cut(norm: &Normalised) -> Option<usize> {
    if let Some(&l) = FIELD_LIMITS
        .iter()
        .find(|&&l| norm.chars <= l && norm.chars + 2 >= l)
    {
        return Some(l);
    }
    None
}

impl EntityMatcher {
    /// Build from the list.
    ///
    /// `places` are folded single-word place names (provinces, cities, "xinjiang").
    pub fn new(
        entities: &[EntityRecord],
        places: &HashSet<String>,
        thresholds: Thresholds,
    ) -> EntityMatcher {
        // (entity, shown, normalised, is an alias).
        let mut prepared: Vec<(usize, String, Normalised, bool)> = Vec::new();
        let mut entity_places: Vec<Vec<String>> = Vec::with_capacity(entities.len());
        let mut entity_location: Vec<Vec<String>> = Vec::with_capacity(entities.len());
        for (i, e) in entities.iter().enumerate() {
            let mut seen = HashSet::new();
            let mut own_places: Vec<String> = Vec::new();
            for (k, n) in e.all_names().enumerate() {
                let norm = normalise(n);
                if norm.tokens.is_empty() && norm.qualifiers.is_empty() {
                    continue;
                }
                for t in norm.tokens.iter().chain(&norm.qualifiers) {
                    if places.contains(t) && !own_places.contains(t) {
                        own_places.push(t.clone());
                    }
                }
                if seen.insert(key(&norm.tokens) + "|" + &key(&norm.qualifiers)) {
                    let alias = k >= 1 && k <= e.aliases.len();
                    prepared.push((i, n.to_string(), norm, alias));
                }
                // A Chinese name is often written without the city or province it begins
                // with (中泰化学 for 新疆中泰化学股份有限公司, 奔图电子 for 珠海奔图电子有限公司:
                // trial 12, no candidate), and its words are pairs of characters, so the
                // name without its first two had no anchor in common with it. That shorter
                // name is read as an alias: a short one (four characters or fewer) is weak
                // and needs the entity's place beside it to be presumed.
                if let Some(rest) = without_place_prefix(n, e, places) {
                    let norm = normalise(rest);
                    if norm.tokens.len() >= 3
                        && seen.insert(key(&norm.tokens) + "|" + &key(&norm.qualifiers))
                    {
                        prepared.push((i, rest.to_string(), norm, true));
                    }
                }
            }
            for w in fold(&e.location).split(|c: char| !c.is_alphanumeric()) {
                if places.contains(w) && !own_places.iter().any(|p| p == w) {
                    own_places.push(w.to_string());
                }
            }
            entity_places.push(own_places);
            let mut loc: Vec<String> = fold(&e.location)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string)
                .collect();
            loc.sort_unstable();
            loc.dedup();
            entity_location.push(loc);
        }
        // Vocabulary and document frequency over names.
        let mut vocab: HashMap<String, u32> = HashMap::default();
        let mut words: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let id = |t: &str,
                  vocab: &mut HashMap<String, u32>,
                  words: &mut Vec<String>,
                  df: &mut Vec<u32>|
         -> u32 {
            *vocab.entry(t.to_string()).or_insert_with(|| {
                words.push(t.to_string());
                df.push(0);
                (words.len() - 1) as u32
            })
        };
        let mut ids: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        for (_, _, n, _) in &prepared {
            let t: Vec<u32> = n
                .tokens
                .iter()
                .map(|t| id(t, &mut vocab, &mut words, &mut df))
                .collect();
            let q: Vec<u32> = n
                .qualifiers
                .iter()
                .map(|t| id(t, &mut vocab, &mut words, &mut df))
                .collect();
            let mut uniq: Vec<u32> = t.iter().chain(&q).copied().collect();
            uniq.sort_unstable();
            uniq.dedup();
            for u in uniq {
                df[u as usize] += 1;
            }
            ids.push((t, q));
        }
        let n = prepared.len().max(1) as f32;
        let generic: HashSet<&str> = GENERIC.iter().copied().collect();
        let weight: Vec<f32> = words
            .iter()
            .zip(&df)
            .map(|(w, &d)| {
                let idf = (1.0 + n / d.max(1) as f32).ln();
                if generic.contains(w.as_str()) {
                    idf * GENERIC_FACTOR
                } else {
                    idf
                }
            })
            .collect();
        let unknown_weight = (1.0 + n).ln();
        // Words of each entity's names, to tell a short form of a longer name.
        // (entity, word) -> the most main words of a name of the entity that has the word.
        let mut in_names: HashMap<(usize, u32), usize> = HashMap::default();
        for ((entity, _, _, _), (t, _)) in prepared.iter().zip(&ids) {
            // Main words only: "(XPCC)" after the full name does not make XPCC a short form.
            let mut uniq: Vec<u32> = t.clone();
            uniq.sort_unstable();
            uniq.dedup();
            for u in uniq {
                let longest = in_names.entry((*entity, u)).or_default();
                *longest = (*longest).max(t.len());
            }
        }
        let mut names = Vec::with_capacity(prepared.len());
        let mut exact: HashMap<String, Vec<u32>> = HashMap::default();
        let mut by_anchor: HashMap<u32, Vec<u32>> = HashMap::default();
        let mut by_word: HashMap<u32, Vec<(u32, usize)>> = HashMap::default();
        for ((entity, shown, norm, alias), (t, q)) in prepared.into_iter().zip(ids) {
            let pool: &[u32] = if t.is_empty() { &q } else { &t };
            // Ties go to the earliest word, which a name cut at a field limit keeps.
            let anchor = *pool
                .iter()
                .rev()
                .max_by(|a, b| weight[**a as usize].total_cmp(&weight[**b as usize]))
                .unwrap_or(&0);
            // A weak alias: at most one word that is neither generic nor under four letters,
            // and that word also in a longer name of the same entity.
            let distinctive: Vec<u32> = t
                .iter()
                .chain(&q)
                .copied()
                .filter(|&id| {
                    let w = &words[id as usize];
                    !generic.contains(w.as_str()) && w.chars().count() >= 4
                })
                .collect();
            let weak = alias
                && t.len() + q.len() <= 3
                && distinctive.len() <= 1
                // Present in a longer name of the entity: the alias shortens it ("Union
                // Biotech" of "Hangzhou Union Biotechnology"). An alias longer than every
                // name that shares its word ("Esquel China Holdings" of "Esquel Group") is
                // the entity's own full name, not a short form.
                && distinctive
                    .iter()
                    .all(|d| in_names.get(&(entity, *d)).is_some_and(|&n| n > t.len()));
            let nid = names.len() as u32;
            let k1 = key(&norm.tokens);
            let mut all = norm.tokens.clone();
            all.extend(norm.qualifiers.iter().cloned());
            let k2 = key(&all);
            for k in [k1, k2] {
                let v = exact.entry(k).or_default();
                if !v.contains(&nid) {
                    v.push(nid);
                }
            }
            by_anchor.entry(anchor).or_default().push(nid);
            for (pos, &id) in t.iter().enumerate() {
                by_word.entry(id).or_default().push((nid, pos));
            }
            names.push(NameRec {
                entity,
                shown,
                tokens: t,
                qualifiers: q,
                anchor,
                weak,
            });
        }
        let mut buckets: HashMap<(char, usize), Vec<u32>> = HashMap::default();
        let mut sorted: Vec<u32> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if let Some(c) = w.chars().next() {
                if !is_han(c) {
                    sorted.push(i as u32);
                }
                if w.chars().count() >= 4 && !is_han(c) {
                    buckets
                        .entry((c, w.chars().count()))
                        .or_default()
                        .push(i as u32);
                }
            }
        }
        sorted.sort_by(|a, b| words[*a as usize].cmp(&words[*b as usize]));

        let place_ids = words
            .iter()
            .enumerate()
            .filter(|(_, w)| places.contains(w.as_str()))
            .map(|(i, _)| i as u32)
            .collect();
        let counts = words.iter().map(|w| letter_counts(w)).collect();
        EntityMatcher {
            counts,
            places: place_ids,
            entity_places,
            entity_location,
            names,
            longest_word: vocab.keys().map(String::len).max().unwrap_or(0),
            vocab,
            words,
            weight,
            unknown_weight,
            exact,
            by_anchor,
            by_word,
            buckets,
            sorted,
            id: NEXT_MATCHER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            thresholds,
        }
    }

    /// Number of names and aliases indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// List tokens similar to a query token (same word, or a typo of it).
    fn similar(&self, t: &str) -> Vec<Sim> {
        if let Some(&id) = self.vocab.get(t) {
            return vec![Sim { id, sim: 1.0 }];
        }
        let len = t.chars().count();
        let Some(first) = t.chars().next() else {
            return Vec::new();
        };
        if len < 4 || is_han(first) {
            return Vec::new();
        }
        let cached = SIMILAR.with(|c| c.borrow().get(&self.id).and_then(|m| m.get(t)).cloned());
        if let Some(v) = cached {
            return v;
        }
        let v = self.typos_of(t, len, first);
        SIMILAR.with(|c| {
            let mut c = c.borrow_mut();
            if c.values().map(HashMap::len).sum::<usize>() >= SIMILAR_LIMIT {
                c.clear();
            }
            c.entry(self.id).or_default().insert(t.into(), v.clone());
        });
        v
    }

    /// Listed words of `len` characters give or take two, beginning with `first`, within
    /// the typo threshold of `t` (a word not on the list).
    fn typos_of(&self, t: &str, len: usize, first: char) -> Vec<Sim> {
        let mut out = Vec::new();
        let t_counts = letter_counts(t);
        for l in len.saturating_sub(2)..=len + 2 {
            if let Some(ids) = self.buckets.get(&(first, l)) {
                // A listed word of four letters has no typo ("Tian" of "Tian Aluminum" matched
                // "Tianyi" and "Tiana": trial 13), and one under seven letters none with two
                // letters more or fewer: those are other words.
                if l < 5 || (l < 7 || len < 7) && l.abs_diff(len) > 1 {
                    continue;
                }
                for &id in ids {
                    let w = &self.words[id as usize];
                    if !may_reach(
                        t,
                        &t_counts,
                        w,
                        &self.counts[id as usize],
                        self.thresholds.token,
                    ) {
                        continue;
                    }
                    let s = strsim::jaro_winkler(t, w) as f32;
                    if s >= self.thresholds.token {
                        out.push(Sim { id, sim: s });
                    }
                }
            }
        }
        out
    }

    /// Listed words that start with `t` (at most `limit`; none when more start with it, as
    /// the start is then not distinctive).
    fn starting_with(&self, t: &str, limit: usize) -> Vec<u32> {
        let from = self
            .sorted
            .partition_point(|&id| self.words[id as usize].as_str() < t);
        let mut out = Vec::new();
        for &id in &self.sorted[from..] {
            let w = &self.words[id as usize];
            if !w.starts_with(t) {
                break;
            }
            if w.len() > t.len() {
                if out.len() == limit {
                    return Vec::new();
                }
                out.push(id);
            }
        }
        out
    }

    fn w(&self, id: u32) -> f32 {
        self.weight[id as usize]
    }

    /// Words split or run together, read against the list's vocabulary: two words whose
    /// join is a listed word are joined ("NINE STAR" -> ninestar), a word that is not listed
    /// but splits into two listed words is split ("XINJIANGDAQO" -> xinjiang daqo).
    fn rejoin(&self, tokens: &[String], notes: &mut Vec<String>) -> Vec<String> {
        let known = |t: &str| self.vocab.contains_key(t);
        let latin = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric());
        let mut out: Vec<String> = Vec::with_capacity(tokens.len());
        let mut joined = String::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if let Some(next) = tokens.get(i + 1) {
                if self.facts(t).may_join
                    && latin(t)
                    && latin(next)
                    && t.len() >= 2
                    && next.len() >= 2
                    && !(known(t) && known(next) && self.w(self.vocab[t.as_str()]) > 1.0)
                {
                    joined.clear();
                    joined.push_str(t);
                    joined.push_str(next);
                    let j = if known(&joined) {
                        Some(joined.clone())
                    } else {
                        let s = singular_cow(&joined);
                        known(&s).then(|| s.into_owned())
                    };
                    if let Some(j) = j {
                        notes.push(format!("\"{t} {next}\" read as one word, \"{j}\""));
                        out.push(j);
                        i += 2;
                        continue;
                    }
                }
            }
            if let Some((a, b)) = self
                .facts(t)
                .may_split
                .then(|| self.split_listed(t))
                .flatten()
            {
                match b {
                    Some(b) => {
                        notes.push(format!("\"{t}\" read as two words, \"{a} {b}\""));
                        out.push(a);
                        out.push(b);
                    }
                    None => {
                        notes.push(format!("\"{t}\" read as \"{a}\" and a legal form"));
                        out.push(a);
                    }
                }
                i += 1;
                continue;
            }
            out.push(t.clone());
            i += 1;
        }
        out
    }

    /// The two listed words a word not on the list splits into, as [`EntityMatcher::rejoin`]
    /// reads it (the longest first part that works, each part listed or the plural of a
    /// listed word, the second at least two letters), or first a listed word and a legal
    /// form of three letters or more run together ("NINESTARCORP": the second `None`);
    /// `None` for a listed word, one not of Latin letters and digits, or one under six
    /// letters or longer than two listed words.
    fn split_listed(&self, t: &str) -> Option<(String, Option<String>)> {
        let known = |t: &str| self.vocab.contains_key(t);
        let latin = t.bytes().all(|b| b.is_ascii_alphanumeric());
        if known(t) || !latin || t.len() < 6 || t.len() > 2 * self.longest_word {
            return None;
        }
        let listed = |a: &str| -> Option<String> {
            if known(a) {
                return Some(a.to_string());
            }
            let s = singular_cow(a);
            known(&s).then(|| s.into_owned())
        };
        // A legal form last is dropped, as when written apart; so are legal forms run
        // together ("NINESTARCORPLTD").
        LEGAL
            .iter()
            .find_map(|l| {
                let a = t.strip_suffix(l).filter(|a| l.len() >= 3 && a.len() >= 3)?;
                Some((listed(a)?, None))
            })
            .or_else(|| {
                (3..t.len().saturating_sub(4)).find_map(|k| {
                    let (a, b) = t.split_at(k);
                    legal_run(b).then_some(())?;
                    Some((listed(a)?, None))
                })
            })
            .or_else(|| {
                (2..t.len() - 1).rev().find_map(|k| {
                    let (a, b) = t.split_at(k);
                    let b = listed(b).filter(|b| b.len() >= 2)?;
                    Some((listed(a)?, Some(b)))
                })
            })
    }

    /// Is `t`, the last word of a name cut at a field limit, the start of a legal form
    /// ("... MATERIAL C", "... CO L") and no listed word?
    fn legal_stub(&self, t: &str) -> bool {
        !self.vocab.contains_key(t)
            && LEGAL_END
                .iter()
                .any(|l| l.len() > t.len() && l.starts_with(t))
    }

    /// Does a listed Latin word longer than `prefix` begin with it?
    fn longer_listed_word_starts_with(&self, prefix: &str) -> bool {
        let from = self
            .sorted
            .partition_point(|&id| self.words[id as usize].as_str() < prefix);
        self.sorted[from..].iter().take(2).any(|&id| {
            let w = &self.words[id as usize];
            w.len() > prefix.len() && w.starts_with(prefix)
        })
    }

    /// The [`Facts`] of a query word, remembered per thread.
    fn facts(&self, t: &str) -> Facts {
        let cached = FACTS.with(|c| c.borrow().get(&self.id).and_then(|m| m.get(t)).copied());
        if let Some(f) = cached {
            return f;
        }
        let latin = t.len() >= 2 && t.bytes().all(|b| b.is_ascii_alphanumeric());
        // A join is t + a word of two letters or more, read as listed when it is a listed
        // word or the plural of one (`singular_cow`): "-s" dropped, or "-ies" read as "-y"
        // (so t may end inside that "ies").
        let may_join = latin
            && (self.longer_listed_word_starts_with(t)
                || t.strip_suffix('i')
                    .is_some_and(|s| s.len() >= 2 && self.longer_listed_word_starts_with(s))
                || t.strip_suffix("ie")
                    .is_some_and(|s| s.len() >= 2 && self.longer_listed_word_starts_with(s)));
        let f = Facts {
            brings: self.may_bring_anchor(t),
            may_join,
            may_split: self.split_listed(t).is_some(),
            cut_brings: self
                .starting_with(t, 8)
                .iter()
                .any(|id| self.by_anchor.contains_key(id)),
        };
        FACTS.with(|c| {
            let mut c = c.borrow_mut();
            if c.values().map(HashMap::len).sum::<usize>() >= SIMILAR_LIMIT {
                c.clear();
            }
            c.entry(self.id).or_default().insert(t.into(), f);
        });
        f
    }

    /// Can a normalised name have no candidate, by the [`Facts`] of its words alone? Yes
    /// when none of its words brings an anchor, joins or splits, and, if the name may be cut
    /// at a field limit, its last word (after a cut legal form) begins no anchor. Every hit
    /// needs one of those: an exact match holds the listed name's anchor, and other hits
    /// come only from names anchored on a query word or on the cut word.
    fn surely_none(&self, norm: &Normalised) -> bool {
        if norm.tokens.is_empty()
            || !norm
                .tokens
                .iter()
                .chain(&norm.qualifiers)
                .all(|t| self.facts(t).inert())
        {
            return false;
        }
        if maybe_cut(norm).is_none() && !norm.dangling {
            return true;
        }
        let mut main = &norm.tokens[..];
        if maybe_cut(norm).is_some()
            && main.len() >= 2
            && main.last().is_some_and(|t| self.legal_stub(t))
        {
            main = &main[..main.len() - 1];
        }
        main.last().is_none_or(|last| {
            last.len() < 4 || self.vocab.contains_key(last.as_str()) || !self.facts(last).cut_brings
        })
    }

    /// Could the query token `t` bring candidates ([`EntityMatcher::similar`] words that
    /// are a name's anchor)? No for most words of a new name.
    fn may_bring_anchor(&self, t: &str) -> bool {
        self.similar(t)
            .iter()
            .any(|s| self.by_anchor.contains_key(&s.id))
    }

    /// The best candidates for a name, best first (at most `limit`).
    pub fn candidates(&self, raw: &str, limit: usize) -> Vec<EntityHit> {
        let norm = normalise_quiet(raw);
        self.candidates_of(&norm, limit)
    }

    /// As [`EntityMatcher::candidates`], for an already normalised name. A branch's name
    /// ([`Normalised::branch`]) that matches no listed name as a whole is matched again
    /// as the company it belongs to.
    pub fn candidates_of(&self, norm: &Normalised, limit: usize) -> Vec<EntityHit> {
        let hits = self.candidates_inner(norm, limit);
        let presumable = |h: &EntityHit| matches!(h.kind, MatchKind::Exact | MatchKind::Fuzzy);
        if let Some(b) = &norm.branch {
            if !hits.first().is_some_and(presumable) {
                let company = Normalised {
                    tokens: b.company.clone(),
                    qualifiers: norm.qualifiers.clone(),
                    chars: 0,
                    dangling: false,
                    ..Normalised::default()
                };
                let mut again = self.candidates_inner(&company, limit);
                if again.first().is_some_and(presumable) {
                    for h in &mut again {
                        h.kind = match h.kind {
                            MatchKind::Exact => MatchKind::Fuzzy,
                            k => k,
                        };
                        h.notes.push(format!(
                            "\"{}\" names a branch, which is not a company of its own: the branch is the company",
                            b.designation
                        ));
                    }
                    again.retain(presumable);
                    return again;
                }
            }
        }
        hits
    }

    /// The candidates for a normalised name: none when [`EntityMatcher::surely_none`] says
    /// so (most names), else [`EntityMatcher::match_names`].
    fn candidates_inner(&self, norm: &Normalised, limit: usize) -> Vec<EntityHit> {
        if self.surely_none(norm) {
            return Vec::new();
        }
        self.match_names(norm, limit)
    }

    /// The matching proper: listed names anchored on a word of the name (or a typo of it,
    /// or the word a field cut left unfinished), and exact keys, scored.
    fn match_names(&self, norm: &Normalised, limit: usize) -> Vec<EntityHit> {
        if norm.tokens.is_empty() && norm.qualifiers.is_empty() {
            return Vec::new();
        }
        let mut notes = Vec::new();
        let mut tokens = self.rejoin(&norm.tokens, &mut notes);
        // A name cut inside its legal form ("... MATERIAL C", "... CO L"): the stub goes.
        if maybe_cut(norm).is_some() && tokens.len() >= 2 {
            if let Some(last) = tokens.last() {
                if self.legal_stub(last) {
                    notes.push(format!(
                        "\"{}\" read as a legal form cut at a field limit",
                        last.to_uppercase()
                    ));
                    tokens.pop();
                }
            }
        }
        let rewritten = !notes.is_empty();
        let n_main = tokens.len();
        // A last word of one to three letters, not listed, after at least two others: the
        // start of a word, the name cut there ("... BIOTECHNOLOGY D", "... SHANDONG LO"),
        // whatever the field's length ([`STUB_CUT`]).
        let stub = n_main >= 3 && {
            let t = &tokens[n_main - 1];
            (1..=3).contains(&t.len())
                && t.bytes().all(|b| b.is_ascii_lowercase())
                && !self.vocab.contains_key(t.as_str())
        };
        let cut = maybe_cut(norm)
            .or(norm.dangling.then_some(0))
            .or(stub.then_some(STUB_CUT));
        // The stub begins the listed word after the last one matched.
        let starts = |q: &str, w: &str| w.len() > q.len() && w.starts_with(q);
        // Names with the word before the stub, then a word the stub begins, with that word:
        // the stub can be their anchor cut short ("SHANDONG WEIQIAO PI").
        let mut stub_names: Vec<(u32, u32)> = Vec::new();
        if stub {
            if let Some(&prev) = self.vocab.get(tokens[n_main - 2].as_str()) {
                for &(nid, pos) in self.by_word.get(&prev).into_iter().flatten() {
                    if let Some(&next) = self.names[nid as usize].tokens.get(pos + 1) {
                        if starts(&tokens[n_main - 1], &self.words[next as usize]) {
                            stub_names.push((nid, next));
                        }
                    }
                }
            }
        }
        // A name cut inside its distinctive word: the unfinished word can be the anchor.
        let mut cut_word: Vec<u32> = Vec::new();
        if cut.is_some() && n_main > 0 {
            let last = &tokens[n_main - 1];
            if last.len() >= 4 && !self.vocab.contains_key(last.as_str()) {
                cut_word = self.starting_with(last, 8);
            }
        }
        // Hits come only from an exact key, every word of which is listed, or from the
        // names anchored on a word similar to a query word or on the cut word: a name with
        // none of these (most names) has no candidate, and the rest is not computed.
        let listed = |t: &String| self.vocab.contains_key(t.as_str());
        let exact_possible =
            tokens.iter().all(listed) || tokens.iter().chain(&norm.qualifiers).all(listed);
        if !exact_possible
            && !tokens
                .iter()
                .chain(&norm.qualifiers)
                .any(|t| self.facts(t).brings)
            && !cut_word.iter().any(|id| self.by_anchor.contains_key(id))
            && stub_names.is_empty()
        {
            return Vec::new();
        }
        let mut hits: Vec<EntityHit> = Vec::new();
        let q_quals: Vec<Vec<Sim>> = norm.qualifiers.iter().map(|t| self.similar(t)).collect();
        // A query qualifier that is none of the listed name's qualifiers: another company
        // of the group ("(Luzhou)" against "(Shanshan)").
        let conflict = |n: &NameRec| {
            !n.qualifiers.is_empty()
                && !norm.qualifiers.is_empty()
                && !q_quals
                    .iter()
                    .flatten()
                    .any(|s| n.qualifiers.contains(&s.id))
        };
        // Exact.
        let mut all = tokens.clone();
        all.extend(norm.qualifiers.iter().cloned());
        let keys = if exact_possible {
            vec![key(&tokens), key(&all)]
        } else {
            Vec::new()
        };
        for k in keys {
            if let Some(ids) = self.exact.get(&k) {
                for &nid in ids {
                    let n = &self.names[nid as usize];
                    if conflict(n) {
                        continue;
                    }
                    // A qualifier the query adds ("Dongguan Oasis Shoes (Vietnam) Co"): a
                    // company of the group elsewhere, not the listed one; the listing's scope
                    // decides (an extension).
                    let extra: Vec<&String> = norm
                        .qualifiers
                        .iter()
                        .filter(|q| {
                            !n.qualifiers
                                .iter()
                                .chain(&n.tokens)
                                .any(|id| self.words[*id as usize] == **q)
                        })
                        .collect();
                    let mut hit_notes = notes.clone();
                    for q in &extra {
                        hit_notes.push(format!(
                            "\"({q})\" is not part of the listed name: a company of the same group elsewhere may be meant"
                        ));
                    }
                    let hit = EntityHit {
                        entity: n.entity,
                        listed_name: n.shown.clone(),
                        kind: if !extra.is_empty() {
                            MatchKind::Extension
                        } else if rewritten {
                            MatchKind::Fuzzy
                        } else {
                            MatchKind::Exact
                        },
                        score: 1.0,
                        recall: 1.0,
                        precision: 1.0,
                        weak_alias: n.weak,
                        qualifier_missing: !n.qualifiers.is_empty()
                            && !n
                                .qualifiers
                                .iter()
                                .all(|q| all.contains(&self.words[*q as usize])),
                        notes: hit_notes,
                    };
                    match hits.iter_mut().find(|h| h.entity == n.entity) {
                        // A strong name of the same entity beats a weak alias, and a closer
                        // match a looser one.
                        Some(h)
                            if (h.weak_alias && !hit.weak_alias)
                                || (h.weak_alias == hit.weak_alias && rank(h) < rank(&hit)) =>
                        {
                            *h = hit
                        }
                        Some(_) => {}
                        None => hits.push(hit),
                    }
                }
            }
        }
        // Query tokens with their similar vocabulary tokens.
        let q_all: Vec<&String> = tokens.iter().chain(&norm.qualifiers).collect();
        let sims: Vec<Vec<Sim>> = q_all.iter().map(|t| self.similar(t)).collect();
        let mut cands: Vec<u32> = Vec::new();
        let add_cands = |id: u32, cands: &mut Vec<u32>| {
            if let Some(v) = self.by_anchor.get(&id) {
                for &nid in v {
                    if !cands.contains(&nid) {
                        cands.push(nid);
                    }
                }
            }
        };
        for s in &sims {
            for x in s {
                add_cands(x.id, &mut cands);
            }
        }
        for &id in &cut_word {
            add_cands(id, &mut cands);
        }
        for &(nid, _) in &stub_names {
            if !cands.contains(&nid) {
                cands.push(nid);
            }
        }
        let q_weight = |i: usize, t: &str| -> f32 {
            match self.vocab.get(t) {
                Some(&id) => self.w(id),
                None => {
                    let best = sims[i].iter().map(|x| self.w(x.id)).fold(0.0f32, f32::max);
                    if best > 0.0 {
                        best
                    } else if GENERIC.contains(&t) {
                        self.unknown_weight * GENERIC_FACTOR
                    } else {
                        self.unknown_weight
                    }
                }
            }
        };
        for nid in cands {
            let n = &self.names[nid as usize];
            if hits
                .iter()
                .any(|h| h.entity == n.entity && h.kind == MatchKind::Exact)
            {
                continue;
            }
            let mut hit_notes = notes.clone();
            // Similarity of each of the name's tokens with the query, and which query token
            // explains it: exact or typo first, then abbreviations of query words that
            // match nothing else in the name.
            let name_ids: Vec<u32> = n.tokens.iter().chain(&n.qualifiers).copied().collect();
            let mut by_query: Vec<f32> = vec![0.0; q_all.len()];
            let mut q_used: Vec<bool> = vec![false; q_all.len()];
            let sim_of = |id: u32, by_query: &mut Vec<f32>, q_used: &mut Vec<bool>| -> f32 {
                let mut best = 0.0f32;
                for (i, s) in sims.iter().enumerate() {
                    for x in s.iter().filter(|x| x.id == id) {
                        best = best.max(x.sim);
                        by_query[i] = by_query[i].max(x.sim);
                        q_used[i] = true;
                    }
                }
                best
            };
            let mut name_sim: Vec<f32> = name_ids
                .iter()
                .map(|&id| sim_of(id, &mut by_query, &mut q_used))
                .collect();
            let anchor_pos = name_ids.iter().position(|&id| id == n.anchor);
            let anchor_by_cut =
                cut_word.contains(&n.anchor) || stub_names.contains(&(nid, n.anchor));
            if anchor_pos.is_some_and(|p| name_sim[p] == 0.0) && !anchor_by_cut {
                continue;
            }
            for (j, &id) in name_ids.iter().enumerate() {
                if name_sim[j] > 0.0 {
                    continue;
                }
                let w = &self.words[id as usize];
                // (The listed word before it is matched; a later one may be too, when the
                // name repeats a word: "Western Gold Hami Gold Mine".)
                let after_last_matched = j > 0 && name_sim[j - 1] > 0.0;
                let read_as = |i: usize| {
                    abbreviates(q_all[i], w)
                        || interchangeable(q_all[i], w)
                        || (stub && i + 1 == n_main && after_last_matched && starts(q_all[i], w))
                };
                if let Some(i) = (0..n_main).find(|&i| !q_used[i] && read_as(i)) {
                    name_sim[j] = ABBREVIATION_SIM;
                    by_query[i] = ABBREVIATION_SIM;
                    q_used[i] = true;
                    let note =
                        if cut.is_some() && i + 1 == n_main && w.starts_with(q_all[i].as_str()) {
                            format!(
                                "\"{}\" read as the start of \"{w}\"",
                                q_all[i].to_uppercase()
                            )
                        } else {
                            format!(
                                "\"{}\" read as an abbreviation of \"{w}\"",
                                q_all[i].to_uppercase()
                            )
                        };
                    hit_notes.push(note);
                }
            }
            // A name cut at a field limit: the listed words after the last word written are
            // not required.
            let mut required = n.tokens.len();
            if let Some(limit) = cut {
                if let Some(last) = n_main.checked_sub(1) {
                    if by_query[last] > 0.0 {
                        if let Some(j) = (0..n.tokens.len()).rev().find(|&j| {
                            let w = &self.words[n.tokens[j] as usize];
                            name_sim[j] > 0.0
                                && (sims[last].iter().any(|x| x.id == n.tokens[j])
                                    || abbreviates(q_all[last], w)
                                    || (stub && starts(q_all[last], w)))
                        }) {
                            if j >= 1 && j + 1 < n.tokens.len() {
                                required = j + 1;
                                let rest: Vec<&str> = n.tokens[j + 1..]
                                    .iter()
                                    .map(|&t| self.words[t as usize].as_str())
                                    .collect();
                                hit_notes.push(if limit == STUB_CUT {
                                    format!(
                                        "the name as written ends on \"{}\", the start of a word, as if cut: \"{}\" not required",
                                        q_all[last].to_uppercase(),
                                        rest.join(" ")
                                    )
                                } else if limit > 0 {
                                    format!(
                                        "the name as written ({} characters) looks cut at a {limit}-character field: \"{}\" not required",
                                        norm.chars,
                                        rest.join(" ")
                                    )
                                } else {
                                    format!(
                                        "the name as written ends on a joining word, as if cut: \"{}\" not required",
                                        rest.join(" ")
                                    )
                                });
                            }
                        }
                    }
                }
            }
            if anchor_pos.is_some_and(|p| p >= required)
                || (anchor_by_cut
                    && required == n.tokens.len()
                    && anchor_pos.is_some_and(|p| name_sim[p] == 0.0))
            {
                continue;
            }
            // Recall over the name's required main tokens; qualifiers only help.
            let (mut num, mut den) = (0.0f32, 0.0f32);
            for (j, &t) in n.tokens.iter().enumerate().take(required) {
                den += self.w(t);
                num += self.w(t) * name_sim[j];
            }
            let recall = if den > 0.0 { num / den } else { 0.0 };
            // Precision over the query's main tokens against the name's tokens and qualifiers.
            let (mut num, mut den) = (0.0f32, 0.0f32);
            for (i, t) in q_all.iter().enumerate().take(n_main) {
                let wq = if by_query[i] > 0.0
                    && !self.vocab.contains_key(t.as_str())
                    && sims[i].is_empty()
                {
                    // An abbreviation weighs what the word it stands for weighs.
                    name_ids
                        .iter()
                        .filter(|&&id| abbreviates(t, &self.words[id as usize]))
                        .map(|&id| self.w(id))
                        .fold(0.0f32, f32::max)
                } else {
                    q_weight(i, t)
                };
                den += wq;
                if by_query[i] > 0.0 {
                    num += wq * by_query[i];
                } else if self.entity_places[n.entity].iter().any(|p| p == *t) {
                    // The listed entity's own city written after its name ("Nine Star
                    // Corporation, Zhuhai") says where it is, not which company it is.
                    num += wq;
                    hit_notes.push(format!("\"{t}\" is where the listed entity is"));
                }
            }
            let precision = if den > 0.0 { num / den } else { 0.0 };
            let score = if recall + precision > 0.0 {
                2.0 * recall * precision / (recall + precision)
            } else {
                0.0
            };
            let t = self.thresholds;
            let place_missing = n
                .tokens
                .iter()
                .enumerate()
                .take(required)
                .any(|(j, t)| self.places.contains(t) && name_sim[j] == 0.0);
            let kind = if conflict(n) {
                if score >= t.review || recall >= t.presume {
                    MatchKind::Near
                } else {
                    continue;
                }
            } else if recall >= t.presume && precision >= t.presume && !place_missing {
                MatchKind::Fuzzy
            } else if recall >= t.presume && precision >= t.presume {
                MatchKind::Near
            } else if recall >= t.presume {
                MatchKind::Extension
            } else if score >= t.review {
                MatchKind::Near
            } else {
                continue;
            };
            // A qualifier the query adds and the listed name lacks: another company of the
            // group (as for an exact match above).
            let kind = if kind == MatchKind::Fuzzy
                && norm.qualifiers.iter().any(|q| {
                    !n.qualifiers
                        .iter()
                        .chain(&n.tokens)
                        .any(|id| self.words[*id as usize] == *q)
                }) {
                MatchKind::Extension
            } else {
                kind
            };
            let hit = EntityHit {
                entity: n.entity,
                listed_name: n.shown.clone(),
                kind,
                score,
                recall,
                precision,
                weak_alias: n.weak,
                qualifier_missing: !n.qualifiers.is_empty()
                    && n.qualifiers.iter().any(|q| {
                        !name_ids.contains(q) || {
                            let p = name_ids.iter().position(|x| x == q).unwrap_or(0);
                            name_sim[p] == 0.0
                        }
                    }),
                notes: hit_notes,
            };
            match hits.iter_mut().find(|h| h.entity == n.entity) {
                Some(h) if rank(&hit) > rank(h) => *h = hit,
                Some(_) => {}
                None => hits.push(hit),
            }
        }
        hits.sort_by(|a, b| rank(b).total_cmp(&rank(a)));
        hits.truncate(limit);
        hits
    }

    /// The single best match of a name, if any.
    pub fn best(&self, raw: &str) -> Option<EntityHit> {
        self.candidates(raw, 1).into_iter().next()
    }

    /// For a hit on a weak alias: a place of the listed entity (a place word of one of its
    /// names, or of its location hint) written in the party's address or in the words of
    /// its name beyond the alias, folded; `None` when nothing corroborates it.
    pub fn corroboration(
        &self,
        hit: &EntityHit,
        name: &str,
        address: Option<&str>,
    ) -> Option<String> {
        let own = self.entity_places.get(hit.entity)?;
        let alias = normalise_quiet(&hit.listed_name);
        let written = normalise_quiet(name);
        let extra = written
            .tokens
            .iter()
            .chain(&written.qualifiers)
            .filter(|t| !alias.tokens.contains(t) && !alias.qualifiers.contains(t))
            .cloned();
        let mut words: Vec<String> = extra.collect();
        if let Some(a) = address {
            let a = normalise_quiet(a);
            words.extend(a.tokens.into_iter().chain(a.qualifiers));
        }
        words.into_iter().find(|w| own.contains(w))
    }

    /// For a near hit whose every word is in the listed name: the listed name's other
    /// words, when each is a place of the entity (its names' place words or its location
    /// hint) written in the party's address ("Pantum Electronics Co., Ltd." at "Zhuhai,
    /// Guangdong" is Zhuhai Pantum Electronics, trial 12); `None` otherwise. Folded, joined
    /// by spaces.
    pub fn place_left_out(
        &self,
        hit: &EntityHit,
        name: &str,
        address: Option<&str>,
    ) -> Option<String> {
        if hit.kind != MatchKind::Near || hit.precision < 0.999 || hit.qualifier_missing {
            return None;
        }
        let address = normalise_quiet(address?);
        let listed = normalise_quiet(&hit.listed_name);
        let written = normalise_quiet(name);
        let own = self.entity_places.get(hit.entity)?;
        let loc = self.entity_location.get(hit.entity)?;
        let missing: Vec<&String> = listed
            .tokens
            .iter()
            .filter(|t| !written.tokens.contains(t))
            .collect();
        let placed = |t: &&String| {
            (own.contains(*t) || loc.binary_search(*t).is_ok())
                && (address.tokens.contains(*t) || address.qualifiers.contains(*t))
        };
        (!missing.is_empty() && missing.iter().all(placed)).then(|| {
            missing
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }
}

/// Order of preference: exact, then fuzzy, then extension, then near; score within.
fn rank(h: &EntityHit) -> f32 {
    let base = match h.kind {
        MatchKind::Exact => 3.0,
        MatchKind::Fuzzy => 2.0,
        MatchKind::Extension => 1.0,
        MatchKind::Near => 0.0,
    };
    base + h.score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_run_together_are_a_legal_form() {
        for t in [
            "coltd",
            "companylimited",
            "corpltd",
            "colimitedinc",
            "pteltd",
            "sdnbhd",
        ] {
            assert!(legal_run(t), "{t}");
        }
        // A single form (LEGAL's), two short ones under five letters, four forms, and
        // words that only begin with one.
        for t in [
            "limited",
            "coco",
            "coinc1",
            "coltdcoinc",
            "cotton",
            "company",
            "colt",
            "incas",
        ] {
            assert!(!legal_run(t), "{t}");
        }
    }

    /// [`EntityMatcher::surely_none`] is a shortcut: it must never skip a name the matching
    /// proper finds a candidate for. Tried on every listed name and alias written as
    /// paperwork writes them: whole, in capitals, with a letter dropped or doubled in a
    /// word, two words run together or one split, extra words and numbers, cut at each
    /// field limit, and cut inside a word at a field limit.
    #[test]
    fn surely_none_never_skips_a_name_with_a_candidate() {
        let pack = crate::rules::RulePack::embedded().expect("embedded pack");
        let screener = crate::engine::Screener::new(pack.clone()).expect("screener");
        let m = screener.entity();
        let mut variants: Vec<String> = Vec::new();
        // Names ending inside a word, read as cut at a 40-character field.
        let mut cut_inside: Vec<String> = Vec::new();
        for e in &pack.entities {
            for name in e.all_names() {
                let words: Vec<&str> = name.split_whitespace().collect();
                variants.push(name.to_string());
                variants.push(name.to_uppercase());
                variants.push(format!("{name} 34223"));
                variants.push(format!("Shenghua {name} Trading"));
                for (i, w) in words.iter().enumerate() {
                    let rest = |w2: &str| {
                        let mut v = words.clone();
                        v[i] = w2;
                        v.join(" ")
                    };
                    let chars: Vec<char> = w.chars().collect();
                    if chars.len() >= 7 {
                        let stub: String = chars[..chars.len() - 3].iter().collect();
                        cut_inside.push(format!("{} {stub}", words[..i].join(" ")));
                    }
                    if chars.len() >= 4 {
                        for k in 1..chars.len() {
                            let dropped: String = chars
                                .iter()
                                .enumerate()
                                .filter(|(j, _)| *j != k)
                                .map(|(_, c)| c)
                                .collect();
                            variants.push(rest(&dropped));
                        }
                        let doubled: String = chars[..2].iter().chain(&chars[1..]).collect();
                        variants.push(rest(&doubled));
                        let mid = chars.len() / 2;
                        let split: String = chars[..mid]
                            .iter()
                            .chain(&[' '])
                            .chain(&chars[mid..])
                            .collect();
                        variants.push(rest(&split));
                    }
                    if i + 1 < words.len() {
                        let mut v = words.clone();
                        let joined = format!("{}{}", v[i], v[i + 1]);
                        v.splice(i..i + 2, [joined.as_str()]);
                        variants.push(v.join(" "));
                    }
                }
                for &limit in FIELD_LIMITS {
                    for cut in [limit, limit - 1, limit - 2] {
                        let up: String = name.to_uppercase().chars().take(cut).collect();
                        variants.push(up);
                    }
                }
            }
        }
        let mut with_candidates = 0;
        let all = variants
            .iter()
            .map(|v| (v, None))
            .chain(cut_inside.iter().map(|v| (v, Some(40))));
        for (v, chars) in all {
            let mut norm = normalise_quiet(v);
            if let Some(c) = chars {
                norm.chars = c;
            }
            let found = !m.match_names(&norm, 5).is_empty();
            if found {
                with_candidates += 1;
                assert!(
                    !m.surely_none(&norm),
                    "{v:?} has a candidate but was skipped"
                );
            }
        }
        // The check above must have had work to do.
        assert!(
            with_candidates > variants.len() / 2,
            "{with_candidates} of {}",
            variants.len()
        );
        // And the shortcut must take most names that have no candidate.
        for p in ["Maple Home Goods Ltd", "Northbound Apparel Inc."] {
            assert!(m.surely_none(&normalise_quiet(p)), "{p}");
        }
    }

    #[test]
    fn scope_wording_is_cut_where_it_is_in_names_whose_lower_case_is_longer() {
        // "İ" lower-cases to two characters: the cut must still fall on the wording, not
        // inside a character (a panic) or beside it.
        let n = normalise("İPEK AND AFFILIATES");
        assert_eq!(n.scope.as_deref(), Some("and affiliates"));
        assert_eq!(n.tokens, ["ipek"]);
        let n = normalise("İ Ninestar Corporation and subsidiaries Zhuhai");
        assert_eq!(n.scope.as_deref(), Some("and subsidiaries"));
        assert_eq!(n.tokens, ["i", "ninestar", "zhuhai"]);
        assert!(SCOPES.iter().all(|s| s.is_ascii()));
    }

    #[test]
    fn every_branch_word_contains_branch_or_office() {
        // `split_branch` looks for English branch words only in names with one of these.
        assert!(
            BRANCH_WORDS
                .iter()
                .all(|w| w.contains("branch") || w.contains("office"))
        );
        assert!(
            WORKS_WORDS
                .iter()
                .all(|w| ["plant", "factory", "mill"].iter().any(|p| w.contains(p)))
        );
        // And for Chinese ones only in names that are not all ASCII.
        assert!(BRANCH_ZH.iter().all(|w| !w.is_ascii()));
    }

    #[test]
    fn legal_long_is_every_long_legal_form() {
        let long: Vec<&str> = LEGAL.iter().copied().filter(|l| l.len() >= 6).collect();
        assert_eq!(long, LEGAL_LONG);
    }

    #[test]
    fn legal_typo_prefilter_keeps_every_slip() {
        // A slip at the start of a legal form is still one ("Ompany", "Ocmpany", "Xompany").
        for t in [
            "ompany", "ocmpany", "xompany", "climited", "lmited", "imited",
        ] {
            assert!(legal_typo(t), "{t}");
        }
        assert!(!legal_typo("shenghua"));
    }

    #[test]
    fn every_scope_wording_starts_with_and() {
        // `normalise` looks for scope wording only in names with "and ".
        assert!(SCOPES.iter().all(|s| s.starts_with("and ")));
        assert_eq!(
            normalise("Xinjiang Zhongtai Group and its subsidiaries")
                .scope
                .as_deref(),
            Some("and its subsidiaries")
        );
    }

    /// The typo prefilter never rules out a pair whose Jaro-Winkler similarity reaches the
    /// threshold: every pair of words over a small alphabet (so that letters are shared
    /// and prefixes common), lengths 4 to 9, at the pack's token threshold and others.
    #[test]
    fn typo_prefilter_is_an_upper_bound() {
        use proptest::prelude::*;
        let mut runner = proptest::test_runner::TestRunner::default();
        let word = "[abeinorsx]{4,9}";
        runner
            .run(&(word, word, 0.80f32..0.99), |(a, b, th)| {
                let jw = strsim::jaro_winkler(&a, &b) as f32;
                if jw >= th {
                    prop_assert!(
                        may_reach(&a, &letter_counts(&a), &b, &letter_counts(&b), th),
                        "{a} ~ {b}: {jw} >= {th} but ruled out"
                    );
                }
                Ok(())
            })
            .unwrap();
        // And it does rule out what is far: no shared letters, or too few.
        let (a, b) = ("xinjiang", "shanghai");
        assert!(strsim::jaro_winkler(a, b) < 0.88);
        assert!(!may_reach(
            "kashgar",
            &letter_counts("kashgar"),
            "kunming",
            &letter_counts("kunming"),
            0.88
        ));
        assert!(may_reach(
            "hoshine",
            &letter_counts("hoshine"),
            "hoshini",
            &letter_counts("hoshini"),
            0.88
        ));
    }

    #[test]
    fn normalisation_steps() {
        let n = normalise("HOSHINE SILICON IND (SHANSHAN) CO LTD and subsidiaries");
        assert_eq!(n.tokens, vec!["hoshine", "silicon", "industry"]);
        assert_eq!(n.qualifiers, vec!["shanshan"]);
        assert_eq!(n.scope.as_deref(), Some("and subsidiaries"));
        assert!(
            n.steps.iter().any(|s| s.contains("IND -> industry")),
            "{:?}",
            n.steps
        );
        assert!(
            n.steps.iter().any(|s| s.contains("legal form")),
            "{:?}",
            n.steps
        );
        let n = normalise("Junan Jinsheng Imp & Exp Co., Ltd.");
        assert_eq!(n.tokens, vec!["junan", "jinsheng", "import", "export"]);
        let n = normalise("骆驼集团股份有限公司");
        assert_eq!(n.tokens, vec!["骆驼"]);
        let n = normalise("新疆中泰化学股份有限公司");
        assert_eq!(n.tokens, vec!["新疆", "疆中", "中泰", "泰化", "化学"]);
    }
}
