//! The Entity List name matcher against the labelled set in tests/data/entity-labelled.csv
//! (regenerate with `python3 tests/data/make_entity_set.py`). Prints precision and recall per
//! category and fails below: 100% on names and aliases as written, 100% on document styles,
//! at least 95% of typos at least `review` for the right entity, no look-alike `presumed`.

use crate::support::{check, screener};
use uflpa_screen::Verdict;
use uflpa_screen::matchers::entity::MatchKind;
use uflpa_screen::matchers::region::{Country, TextKind};

struct Tally {
    total: usize,
    found: usize,
    predicted: usize,
    right: usize,
    misses: Vec<String>,
}

fn labelled() -> Vec<(String, String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/entity-labelled.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect()
}

#[test]
fn labelled_set_meets_the_accuracy_bar() {
    let s = screener();
    let pack = s.pack();
    let mut tallies: Vec<(&str, Tally)> = [
        "as_written",
        "doc_style",
        "field_cut",
        "run_together",
        "abbrev_start",
        "branch",
        "typo",
        "lookalike",
    ]
    .into_iter()
    .map(|c| {
        (
            c,
            Tally {
                total: 0,
                found: 0,
                predicted: 0,
                right: 0,
                misses: Vec::new(),
            },
        )
    })
    .collect();
    for (cat, query, expected) in labelled() {
        let t = &mut tallies
            .iter_mut()
            .find(|(c, _)| *c == cat)
            .expect("known category")
            .1;
        t.total += 1;
        let hit = s.entity().best(&query);
        let presumed = hit
            .as_ref()
            .is_some_and(|h| matches!(h.kind, MatchKind::Exact | MatchKind::Fuzzy));
        let name = hit
            .as_ref()
            .map(|h| pack.entities[h.entity].name.clone())
            .unwrap_or_default();
        let flagged = hit.is_some();
        match cat.as_str() {
            "lookalike" => {
                if presumed {
                    t.predicted += 1;
                    t.misses.push(format!("{query:?} presumed as {name:?}"));
                } else {
                    t.right += 1;
                }
            }
            "typo" => {
                if flagged {
                    t.predicted += 1;
                }
                if flagged && name == expected {
                    t.found += 1;
                    t.right += 1;
                } else {
                    t.misses
                        .push(format!("{query:?} -> {name:?} (want {expected:?})"));
                }
            }
            _ => {
                if presumed {
                    t.predicted += 1;
                }
                if presumed && name == expected {
                    t.found += 1;
                    t.right += 1;
                } else {
                    t.misses.push(format!(
                        "{query:?} -> {name:?} {:?} (want {expected:?})",
                        hit.map(|h| h.kind)
                    ));
                }
            }
        }
    }
    println!(
        "{:<11} {:>6} {:>9} {:>7}",
        "category", "rows", "precision", "recall"
    );
    for (c, t) in &tallies {
        let precision = if t.predicted == 0 {
            1.0
        } else {
            t.right as f64 / t.predicted as f64
        };
        let recall = if *c == "lookalike" {
            t.right as f64 / t.total as f64
        } else {
            t.found as f64 / t.total as f64
        };
        println!(
            "{c:<11} {:>6} {:>8.1}% {:>6.1}%",
            t.total,
            precision * 100.0,
            recall * 100.0
        );
    }
    let get = |c: &str| &tallies.iter().find(|(n, _)| *n == c).unwrap().1;
    for c in ["as_written", "doc_style"] {
        let t = get(c);
        assert!(
            t.misses.is_empty(),
            "{c}: {} of {} not presumed as the right entity:\n{}",
            t.misses.len(),
            t.total,
            t.misses.join("\n")
        );
    }
    // The kinds of issue 14 (names as written on paperwork): never the wrong entity, and
    // recall bars set from the first run (misses are names whose cut or abbreviated word
    // is the one that tells two listed names apart).
    for (c, bar) in [
        ("field_cut", 90),
        ("run_together", 95),
        ("abbrev_start", 85),
        ("branch", 97),
    ] {
        let t = get(c);
        assert!(
            t.predicted == t.right && t.found * 100 >= t.total * bar,
            "{c}: {} of {} found ({} predicted, {} right), bar {bar}%:\n{}",
            t.found,
            t.total,
            t.predicted,
            t.right,
            t.misses.join("\n")
        );
        if std::env::var_os("SHOW_MISSES").is_some() {
            println!("{c} misses:\n{}", t.misses.join("\n"));
        }
    }
    let t = get("typo");
    assert!(
        t.found * 100 >= t.total * 95,
        "typos: only {} of {} at least review:\n{}",
        t.found,
        t.total,
        t.misses.join("\n")
    );
    let t = get("lookalike");
    assert!(
        t.misses.is_empty(),
        "look-alikes presumed:\n{}",
        t.misses.join("\n")
    );
}

#[test]
fn every_listed_name_and_alias_is_in_the_labelled_set() {
    let set: std::collections::HashSet<String> = labelled()
        .into_iter()
        .filter(|r| r.0 == "as_written")
        .map(|r| r.1)
        .collect();
    for e in &screener().pack().entities {
        for n in e.all_names() {
            assert!(
                set.contains(n),
                "{n:?} is listed but not in tests/data/entity-labelled.csv; rerun make_entity_set.py"
            );
        }
    }
}

#[test]
fn el301_entity_list_name_catches() {
    for (q, want) in [
        (
            "HOSHINE SILICON IND (SHANSHAN) CO LTD",
            "Hoshine Silicon Industry (Shanshan) Co., Ltd",
        ),
        (
            "Silicon Industry Hoshine",
            "Hoshine Silicon Industry (Shanshan) Co., Ltd",
        ),
        ("CAMEL GROUP COMPANY LIMITED", "Camel Group Co., Ltd."),
        ("骆驼集团股份有限公司", "Camel Group Co., Ltd."),
        (
            "Junan Jinsheng Imp & Exp Co Ltd",
            "Junan Jinsheng Import & Export Co., Ltd.",
        ),
        ("XPCC", "Xinjiang Production and Construction Corps"),
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Presumed, "{q}");
        assert!(codes.contains(&"EL301".to_string()), "{q}: {codes:?}");
        let hit = screener().entity().best(q).unwrap();
        assert_eq!(screener().pack().entities[hit.entity].name, want);
    }
    // A listed name written out in a description.
    let (_, codes) = check(
        "PV cells; wafer supplier: Xinjiang Daqo New Energy Co. Ltd",
        TextKind::Goods,
        "MY",
    );
    assert!(codes.contains(&"EL301".to_string()), "{codes:?}");
    // A longer listed name begins at the same word and runs on into the next word ("Baiyin
    // Nonferrous Metals" in "Metalsx"): the shorter listed name that ends on a word boundary
    // still counts (it was missed when only the longest match was tried).
    listed_in_descriptions(&[
        (
            "ingots, Baiyin Nonferrous Metalsx lot 4",
            "baiyin nonferrous",
        ),
        ("yarn: Akesu Huafu Melange Yarnz, 40s", "akesu huafu"),
    ]);
    // A listed name written without its bracketed qualifier (trial, fourth round): review
    // (EL303), since another company of the group may be meant; a different qualifier in
    // brackets is no more than that either.
    for desc in [
        "silicon metal from Hoshine Silicon Industry",
        "silicon from Hoshine Silicon Industry (Jiaxing) Co., Ltd.",
    ] {
        let found = screener().scan_text("description", desc, TextKind::Goods, &Country::Unknown);
        let codes: Vec<&str> = found.iter().map(|f| f.code.as_str()).collect();
        assert!(
            codes.contains(&"EL303") && !codes.contains(&"EL301"),
            "{desc}: {found:?}"
        );
    }
}

#[test]
fn el302_entity_list_fuzzy_catches() {
    for q in [
        "Xinjiang Daqo New Enegry Co",
        "Hoshine Silicn Industry",
        "Xinjiang Zhongtai Chemcal Co",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Presumed, "{q}");
        assert!(codes.contains(&"EL302".to_string()), "{q}: {codes:?}");
    }
}

#[test]
fn el303_entity_list_near_reviews_and_lookalikes() {
    // A subsidiary of an entity listed without "and subsidiaries", another company of a
    // group listed with its qualifier, a different place than the listed name's.
    for q in [
        "Camel Energy Inc",
        "Hoshine Silicon Industry (Luzhou) Co., Ltd.",
        "Ninestar Corporation, Chengdu",
        "Daqo New Energy Corp.",
        "Hoshine Silicon Industry Shanghai Trading Co",
    ] {
        let (_, codes) = check(q, TextKind::Name, "");
        assert!(codes.contains(&"EL303".to_string()), "{q}: {codes:?}");
        assert!(
            !codes.contains(&"EL301".to_string()) && !codes.contains(&"EL302".to_string()),
            "{q}: {codes:?}"
        );
    }
    for q in [
        "Camel Active Apparel GmbH",
        "Ningbo Shanshan Co.",
        "LONGi Green Energy Technology Co., Ltd.",
        "Western Digital Corporation",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Clear, "{q}: {codes:?}");
    }
}

#[test]
fn a_match_before_the_listing_date_is_reported_and_says_so() {
    let csv =
        "supplier,entry_date\nCamel Group Co. Ltd,2023-01-05\nCamel Group Co. Ltd,2024-01-05\n";
    let (rows, _, _) = crate::support::screen_bytes(csv.as_bytes(), &Default::default()).unwrap();
    assert!(rows.iter().all(|r| r.1 == Verdict::Presumed));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.csv");
    std::fs::write(&p, csv).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_uflpa-screen"))
        .args(["screen", "--format", "csv", p.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].contains("entry date 2023-01-05 precedes the listing"),
        "{}",
        lines[1]
    );
    assert!(!lines[2].contains("precedes"), "{}", lines[2]);
}

/// One row of tests/data/entity-paperwork.csv.
struct Paperwork {
    category: String,
    name: String,
    address: String,
    country: String,
    expected: String,
    entity: String,
}

fn paperwork() -> Vec<Paperwork> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/entity-paperwork.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut rdr = csv::Reader::from_reader(body.as_bytes());
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            Paperwork {
                category: r[0].to_string(),
                name: r[1].to_string(),
                address: r[2].to_string(),
                country: r[3].to_string(),
                expected: r[4].to_string(),
                entity: r[5].to_string(),
            }
        })
        .collect()
}

/// The Entity List verdict of each paperwork name, screened as a supplier with its address
/// and country: `presumed` needs a presumed EL finding naming the expected entity, `review`
/// a review EL finding naming it and no presumed EL finding, `not_presumed` no presumed EL
/// finding. Region findings (a Xinjiang address) are not counted: the question is the name.
fn paperwork_failures(rows: &[Paperwork]) -> Vec<String> {
    let s = screener();
    let mut csv = String::from("supplier,supplier_address,country_of_origin\n");
    for r in rows {
        let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        csv.push_str(&format!(
            "{},{},{}\n",
            q(&r.name),
            q(&r.address),
            q(&r.country)
        ));
    }
    let outcomes = crate::support::screen_outcomes(s, csv.as_bytes());
    assert_eq!(outcomes.len(), rows.len());
    let mut failures = Vec::new();
    for (r, o) in rows.iter().zip(&outcomes) {
        let el: Vec<&uflpa_screen::Finding> = o
            .findings
            .iter()
            .filter(|f| f.code.starts_with("EL"))
            .collect();
        let names = |f: &&uflpa_screen::Finding| {
            f.reason.contains(&format!(" {}", r.entity)) || f.reason.contains(&r.entity)
        };
        let presumed = el
            .iter()
            .any(|f| f.severity == uflpa_screen::rules::Severity::Presumed);
        let ok = match r.expected.as_str() {
            "presumed" => el
                .iter()
                .any(|f| f.severity == uflpa_screen::rules::Severity::Presumed && names(f)),
            "review" => {
                !presumed
                    && el
                        .iter()
                        .any(|f| f.severity == uflpa_screen::rules::Severity::Review && names(f))
            }
            "not_presumed" => !presumed,
            other => panic!("unknown expectation {other}"),
        };
        if !ok {
            failures.push(format!(
                "[{}] {:?} ({}) want {} {:?}; got {:?}",
                r.category,
                r.name,
                r.address,
                r.expected,
                r.entity,
                el.iter()
                    .map(|f| format!("{} {}", f.code, f.reason))
                    .collect::<Vec<_>>()
            ));
        }
    }
    failures
}

#[test]
fn issue_14_paperwork_names_get_their_verdicts() {
    let rows = paperwork();
    assert!(rows.len() >= 50, "{}", rows.len());
    let failures = paperwork_failures(&rows);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn el304_entity_list_subsidiary_of_a_listing_that_covers_them() {
    // Listed "and its subordinate and affiliated entities" / "and subsidiaries", with the
    // listed qualifier: presumed as EL304.
    for q in [
        "新疆生产建设兵团第八师",
        "Xinjiang Production and Construction Corps 4th Division Example Trading Co., Ltd.",
        "Hoshine Silicon Industry (Shanshan) Co., Ltd. Example Logistics Co",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Presumed, "{q}");
        assert!(codes.contains(&"EL304".to_string()), "{q}: {codes:?}");
    }
    // Listed without such wording, or without the listed qualifier: review (EL303).
    for q in [
        "Ninestar Corporation Example Holdings",
        "Camel Group Example Battery Recycling Co",
        "Hoshine Silicon Industry Example Trading Co",
    ] {
        let (_, codes) = check(q, TextKind::Name, "");
        assert!(!codes.contains(&"EL304".to_string()), "{q}: {codes:?}");
        assert!(codes.contains(&"EL303".to_string()), "{q}: {codes:?}");
    }
}

#[test]
fn el302_names_as_written_on_paperwork_unlisted_variants() {
    // Each kind of issue 14 with names not in tests/data/entity-paperwork.csv.
    for (q, want) in [
        // abbreviations: the start of a listed word, or its letters without vowels
        (
            "ZHUHAI PANTUM ELECTR CO",
            "Zhuhai Pantum Electronics Co. Ltd.",
        ),
        (
            "JIANGSU MEIKE SOLAR TECHNOL CO LTD",
            "Jiangsu Meike Solar Technology Co., Ltd.",
        ),
        (
            "XINJIANG HABAHE ASHELE COPP CO",
            "Xinjiang Habahe Ashele Copper Co., Ltd.",
        ),
        // cut at a 30- or 40-character field
        (
            "ANHUI YAOZHIYUAN BIOTECHNOLOGY",
            "Anhui Yaozhiyuan Biotechnology Development Co., Ltd.",
        ),
        (
            "XINJIANG PRODUCTION AND CONSTRUCTION COR",
            "Xinjiang Production and Construction Corps",
        ),
        (
            "QINGDAO VITAL NUTRACEUTICAL INGREDIENTS",
            "Qingdao Vital Nutraceutical Ingredients BioScience Co., Ltd.",
        ),
        // cut inside a word at a length that is no known field limit: the stub begins the
        // listed word after the last one written (trial 7; clear or review before)
        (
            "ANHUI YAOZHIYUAN BIOTECHNOLOGY D",
            "Anhui Yaozhiyuan Biotechnology Development Co., Ltd.",
        ),
        (
            "LINXI COUNTY FANGPEI COTTON B",
            "Linxi County Fangpei Cotton Buying and Selling Co., Ltd.",
        ),
        (
            "HUBEI JINGTIAN COTTON INDUSTRY GR",
            "Hubei Jingtian Cotton Industry Group Co., Ltd.",
        ),
        (
            "QINGDAO VITAL NUTRACEUTICAL INGREDIENTS BI",
            "Qingdao Vital Nutraceutical Ingredients BioScience Co., Ltd.",
        ),
        // the stub can begin the listed name's anchor, and a longer listed name wins over a
        // shorter one that the words before the stub spell (trial 8; review or clear before)
        ("SHANDONG GOLD SM", "Shandong Gold Smelting Co., Ltd."),
        (
            "SHANDONG WEIQIAO PI",
            "Shandong Weiqiao Pioneering Group Co., Ltd.",
        ),
        ("WESTERN GOLD HA", "Western Gold Hami Gold Mine Co., Ltd."),
        (
            "JIANGYIN XINREN ALUMINUM FO",
            "Jiangyin Xinren Aluminum Foil Technology Co., Ltd.",
        ),
        (
            "CHINA COTTON GROUP SHANDONG LO",
            "China Cotton Group Shandong Logistics Park Co., Ltd.",
        ),
        // split and run together, a legal form too (trial 7: "NINESTARCORPORATION" was
        // clear, "NINESTARCORP" a review)
        ("Ninestar Corp Zhu Hai", "Ninestar Corporation"),
        ("NINESTARCORPORATION", "Ninestar Corporation"),
        ("NINESTARCORP", "Ninestar Corporation"),
        // legal forms run together, apart from the name or run into it too (trial 8:
        // "CHACHA FOOD COMPANYLIMITED" was a review)
        ("CHACHA FOOD COMPANYLIMITED", "Chacha Food Company, Limited"),
        ("Chacha Food CoLtd", "Chacha Food Company, Limited"),
        ("NINESTAR CORPLTD", "Ninestar Corporation"),
        ("NINESTARCORPLTD", "Ninestar Corporation"),
        // trial 9 (reviews or clear before): letters written apart, a legal form cut short
        // after another at any length, a branch in brackets, IND for Industrial, and
        // Chinese names of listed companies (general knowledge, unverified:
        // rules/uflpa/gen/entity-names-zh.csv)
        ("T.B.E.A. CO., LTD.", "TBEA Co., Ltd."),
        // trial 10: a legal form cut longer
        ("HUAFU FASHION CO LIMI", "Huafu Fashion Co., Ltd."),
        ("CAMEL GROUP CO., LIMIT", "Camel Group Co., Ltd."),
        ("T B E A CO LTD", "TBEA Co., Ltd."),
        (
            "HEFEI BITLAND INFORMATION TECHNOLOGY CO LT",
            "Hefei Bitland Information Technology Co., Ltd.",
        ),
        (
            "HEFEI BITLAND INFORMATION TECHNOLOGY CO L",
            "Hefei Bitland Information Technology Co., Ltd.",
        ),
        (
            "ZHUHAI PANTUM ELECTRONICS CO LTD (BEIJING BRANCH)",
            "Zhuhai Pantum Electronics Co. Ltd.",
        ),
        (
            "HENAN YUMIAN GROUP IND CO LTD",
            "Henan Yumian Group Industrial Co., Ltd.",
        ),
        ("洽洽食品股份有限公司", "Chacha Food Company, Limited"),
        (
            "福建七匹狼实业股份有限公司",
            "Fujian Septwolves Industry Co., Ltd.",
        ),
        (
            "珠海纳思达信息技术有限公司",
            "Zhuhai Ninestar Information Technology Co. Ltd.",
        ),
        ("中粮屯河糖业股份有限公司", "COFCO Sugar Holdings Co., Ltd."),
        (
            "HOSHINESILICON INDUSTRY (SHANSHAN) CO LTD",
            "Hoshine Silicon Industry (Shanshan) Co., Ltd",
        ),
        (
            "Chen Guang Biotech Group Co., Ltd.",
            "Chenguang Biotech Group Co., Ltd.",
        ),
        // branches
        (
            "Camel Group Co., Ltd. Wuhan Representative Office",
            "Camel Group Co., Ltd.",
        ),
        (
            "Zhuhai Pantum Electronics Co. Ltd. Beijing Branch",
            "Zhuhai Pantum Electronics Co. Ltd.",
        ),
        // trial 13: a plant or factory after the legal form (reviews before)
        (
            "Dongguan Oasis Shoes Co Ltd - Vietnam Factory",
            "Dongguan Oasis Shoes Co., Ltd.",
        ),
        (
            "Sichuan Jingweida Technology Group Co. Ltd. - Mianyang Plant",
            "Sichuan Jingweida Technology Group Co., Ltd.",
        ),
        // trial 11: the branch written first ("... Branch of ..."; a review before)
        (
            "Shenzhen Branch of Ninestar Corporation",
            "Ninestar Corporation",
        ),
        (
            "Guangzhou Office of Hoshine Silicon Industry (Shanshan) Co., Ltd.",
            "Hoshine Silicon Industry (Shanshan) Co., Ltd",
        ),
        ("纳思达股份有限公司北京分公司", "Ninestar Corporation"),
    ] {
        let hit = screener().entity().best(q);
        let name = hit
            .as_ref()
            .map(|h| screener().pack().entities[h.entity].name.clone());
        assert_eq!(name.as_deref(), Some(want), "{q}: {hit:?}");
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Presumed, "{q}: {codes:?}");
        assert!(
            codes.contains(&"EL302".to_string()) || codes.contains(&"EL301".to_string()),
            "{q}: {codes:?}"
        );
    }
    // Look-alikes of the stub and run-together readings: another company's words before
    // the stub, a stub that begins no listed word after them, a legal form run into a
    // word that is not listed.
    for q in [
        "Anhui Yaozhiyuan Trading Co D",
        "HUBEI JINGTIAN COTTON INDUSTRY ZX",
        "Maplecorporation",
        "Maple Coltd",
        "Coco Trading Ltd",
        "A B C Trading Co",
        "七匹狼服饰",
        "Zhuhai Pantum Consulting (Beijing Branch)",
        "Northbound Apparel Inc B",
        "SHANDONG GOLD SX",
        "Western Gold Trading Co H",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_ne!(v, Verdict::Presumed, "{q}: {codes:?}");
    }
    // Weak aliases: review without a place of the listed entity, presumed with one.
    let s = screener();
    for (name, address, want) in [
        ("Youer Biotech Co", "Busan, Korea", Verdict::Review),
        ("Youer Biotech Co", "Hangzhou, Zhejiang", Verdict::Presumed),
        (
            "Ashele Copper Trading Ltd",
            "Santiago, Chile",
            Verdict::Review,
        ),
        ("Septwolves", "Fujian Province", Verdict::Presumed),
    ] {
        let csv = format!("supplier,supplier_address\n\"{name}\",\"{address}\"\n");
        let o = crate::support::screen_outcomes(s, csv.as_bytes());
        let el: Vec<_> = o[0]
            .findings
            .iter()
            .filter(|f| f.code.starts_with("EL"))
            .collect();
        let v = uflpa_screen::Verdict::of(&el.iter().map(|f| (*f).clone()).collect::<Vec<_>>());
        assert_eq!(v, want, "{name} / {address}: {el:?}");
    }
}

#[test]
fn every_sourced_chinese_name_is_in_the_pack() {
    // rules/uflpa/gen/entity-names-zh.csv holds each Chinese name's source and whether it
    // was verified; the pack's names_zh must carry every one of them, under the same entity.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/uflpa/gen/entity-names-zh.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let pack = screener().pack();
    let mut n = 0;
    for r in csv::Reader::from_reader(body.as_bytes()).records() {
        let r = r.unwrap();
        let e = pack
            .entities
            .iter()
            .find(|e| e.name == r[0])
            .unwrap_or_else(|| panic!("{} is not a listed name", &r[0]));
        assert!(e.names_zh.iter().any(|z| z == &r[1]), "{} {}", &r[0], &r[1]);
        assert!(
            matches!(&r[3], "yes" | "no"),
            "verified must be yes or no: {:?}",
            &r[3]
        );
        n += 1;
    }
    assert!(n >= 10, "only {n} rows read");
}

#[test]
fn el301_a_published_alias_longer_than_the_name_is_the_entity_not_a_short_form() {
    // DHS lists "Esquel Group" with the alias "Esquel China Holdings Limited": the alias is
    // the holding company's full name, not a short form of a longer listed name (as "Union
    // Biotech" is of "Hangzhou Union Biotechnology"), so it needs no place to corroborate it.
    let s = screener();
    let csv = "supplier,supplier_address,country\n\
Esquel China Holdings Limited,Hong Kong,HK\n\
ESQUEL CHINA HOLDINGS LTD,\"Wan Chai, Hong Kong\",HK\n\
Union Biotech Inc,\"San Diego, CA\",US\n\
Esquel Street Cafe Ltd,\"Hong Kong\",HK\n";
    let o = crate::support::screen_outcomes(s, csv.as_bytes());
    let got: Vec<(Verdict, Vec<&str>)> = o
        .iter()
        .map(|o| {
            (
                o.verdict,
                o.findings.iter().map(|f| f.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(got[0], (Verdict::Presumed, vec!["EL301"]), "{got:?}");
    assert_eq!(got[1], (Verdict::Presumed, vec!["EL301"]), "{got:?}");
    // The short alias of common words abroad stays a review; an unrelated name with the
    // same distinctive word is not presumed.
    assert_eq!(got[2].0, Verdict::Review, "{got:?}");
    assert_ne!(got[3].0, Verdict::Presumed, "{got:?}");
}

#[test]
fn el303_a_qualifier_the_listed_name_lacks_is_another_company_of_the_group() {
    // "(Vietnam)" after a name listed without it: a company of the group elsewhere, not the
    // listed one: review (EL303), not presumed; with a listing that covers subsidiaries,
    // presumed as a subsidiary (EL304), not as the listed entity itself (EL301).
    let s = screener();
    let csv = "supplier,supplier_address,country\n\
Dongguan Oasis Shoes (Vietnam) Co Ltd,\"Binh Duong\",VN\n\
Zhuhai Pantum Electronics (Hong Kong) Ltd,\"Kowloon, Hong Kong\",HK\n\
Dongguan Oasis Shoes Co Ltd,\"Dongguan, Guangdong\",CN\n\
Hoshine Silicon Industry (Shanshan) Co Ltd,\"Shanshan, Turpan\",CN\n";
    let o = crate::support::screen_outcomes(s, csv.as_bytes());
    let codes = |i: usize| -> Vec<&str> {
        o[i].findings
            .iter()
            .map(|f| f.code.as_str())
            .filter(|c| c.starts_with("EL"))
            .collect()
    };
    assert_eq!(codes(0), ["EL303"], "{:?}", o[0].findings);
    assert_eq!(o[0].verdict, Verdict::Review);
    assert_eq!(codes(1), ["EL303"], "{:?}", o[1].findings);
    // The listed name itself, and the listed qualifier, stay exact.
    assert_eq!(codes(2), ["EL301"]);
    assert_eq!(codes(3), ["EL301"]);
}

/// A listed name written in a description with its words abbreviated as shipping documents
/// abbreviate them is the listed name (EL301; "HOSHINE SILICON IND (SHANSHAN)" was a
/// review only, from the place). Without its qualifier it stays a review (EL303). A word
/// that only begins with the abbreviation is no abbreviation.
#[test]
fn el301_a_listed_name_abbreviated_in_a_description() {
    listed_in_descriptions(&[
        (
            "HOSHINE SILICON IND (SHANSHAN) silicon metal 553",
            "hoshine silicon ind shanshan",
        ),
        (
            "PVC resin SG-5 from Xinjiang Zhongtai Chem, 25 kg bags",
            "xinjiang zhongtai chem",
        ),
        (
            "cotton shirting, fabric by CHANGJI ESQUEL TEX CO",
            "changji esquel tex",
        ),
        (
            "solar cells; Donghai JA Solar Tech",
            "donghai ja solar tech",
        ),
        ("Hefei Bitland Info Tech laptops", "hefei bitland info tech"),
    ]);
    for desc in [
        "silicon metal, Hoshine Silicon Ind.",
        "Hoshine Silicon Indigo dye lot",
    ] {
        let found = screener().scan_text("description", desc, TextKind::Goods, &Country::Unknown);
        assert!(
            !found.iter().any(|f| f.code == "EL301"),
            "{desc}: {found:?}"
        );
    }
}

/// Each description holds its listed name (as matched, folded) as an EL301 finding.
fn listed_in_descriptions(cases: &[(&str, &str)]) {
    for (desc, listed) in cases {
        let found = screener().scan_text("description", desc, TextKind::Goods, &Country::Unknown);
        assert!(
            found
                .iter()
                .any(|f| f.code == "EL301" && f.matched.eq_ignore_ascii_case(listed)),
            "{desc}: {found:?}"
        );
    }
}

/// Trial 11: "ESQUEL ENTERPRISES LTD (MAURITIUS)" had no candidate, though Esquel Group is
/// listed: words a group's companies put after its name weigh little now. A name that shares
/// only such words with a listed one has no candidate.
#[test]
fn el303_a_group_company_with_a_generic_word_of_its_own_is_a_candidate() {
    for (q, want) in [
        ("ESQUEL ENTERPRISES LTD (MAURITIUS)", "Esquel Group"),
        ("Esquel Ventures Limited", "Esquel Group"),
        ("Esquel Overseas Holdings", "Esquel Group"),
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Review, "{q}: {codes:?}");
        assert!(codes.iter().any(|c| c == "EL303"), "{q}: {codes:?}");
        assert_eq!(listed_as(q).as_deref(), Some(want), "{q}");
    }
    for q in [
        "Global Enterprises Ltd",
        "Pacific Ventures Trading Co",
        "Overseas Commercial Resources Ltd",
        "Branch of Acme Corporation",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Clear, "{q}: {codes:?}");
    }
}

/// Trial 12: a listed company's Chinese name written without the city or province it begins
/// with (中泰化学, 奔图电子) had no candidate, as its words are pairs of characters. The name
/// without its place is read as an alias: a short one is a review unless the entity's place
/// is beside it, a longer one is the company. Chinese names of three more listed companies.
#[test]
fn el301_a_chinese_name_without_its_place_and_more_chinese_names() {
    for (q, want, verdict) in [
        (
            "中泰化学",
            "Xinjiang Zhongtai Chemical Co. Ltd.",
            Verdict::Review,
        ),
        (
            "中泰化学股份有限公司",
            "Xinjiang Zhongtai Chemical Co. Ltd.",
            Verdict::Review,
        ),
        (
            "奔图电子有限公司",
            "Zhuhai Pantum Electronics Co. Ltd.",
            Verdict::Review,
        ),
        (
            "艾派克微电子有限公司",
            "Zhuhai Apex Microelectronics Co., Ltd.",
            Verdict::Presumed,
        ),
        (
            "东方希望有色金属有限公司",
            "Xinjiang East Hope Nonferrous Metals Co., Ltd.",
            Verdict::Presumed,
        ),
        (
            "新一棉纺织印染有限公司",
            "Nanjing Synergy Textiles Co., Ltd.",
            Verdict::Presumed,
        ),
        (
            "南京新一棉纺织印染有限公司",
            "Nanjing Synergy Textiles Co., Ltd.",
            Verdict::Presumed,
        ),
        (
            "合肥美菱股份有限公司",
            "Changhong Meiling Co., Ltd.",
            Verdict::Presumed,
        ),
        (
            "碳元科技股份有限公司",
            "Tanyuan Technology Co. Ltd.",
            Verdict::Presumed,
        ),
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, verdict, "{q}: {codes:?}");
        assert_eq!(listed_as(q).as_deref(), Some(want), "{q}");
    }
    // A trade's words after the place are cut off name no company; other companies with the
    // same city are not the listed one.
    for q in [
        "黄金矿业股份有限公司",
        "铝业集团有限公司",
        "新希望集团有限公司",
        "中泰证券股份有限公司",
        "珠海格力电器股份有限公司",
        "有色金属有限公司",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Clear, "{q}: {codes:?}");
    }
}

/// Trial 12: a listed name written without the city it begins with, at an address in that
/// city ("Pantum Electronics Co., Ltd." at Zhuhai), was a review. When every word written is
/// in the listed name and the words left out are the entity's own place, named by the
/// party's address, the party is the listed one. Elsewhere it stays a review.
#[test]
fn el302_a_listed_name_without_its_city_at_an_address_in_that_city() {
    let csv = "supplier,supplier_address,description,country_of_origin\n\
\"Pantum Electronics Co., Ltd.\",\"Zhuhai, Guangdong, China\",laser printers,CN\n\
Apex Microelectronics,\"No 3 Road, Zhuhai, China\",chips,CN\n\
\"Pantum Electronics Co., Ltd.\",\"Shenzhen, Guangdong, China\",laser printers,CN\n\
Pantum Electronics,,printers,CN\n\
Apex Electronics,\"Zhuhai, China\",chips,CN\n";
    let out = crate::support::screen_outcomes(screener(), csv.as_bytes());
    let got: Vec<(Verdict, Vec<String>)> = out
        .iter()
        .map(|o| {
            (
                o.verdict,
                o.findings.iter().map(|f| f.code.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        got[0],
        (Verdict::Presumed, vec!["EL302".to_string()]),
        "{got:?}"
    );
    assert_eq!(
        got[1],
        (Verdict::Presumed, vec!["EL302".to_string()]),
        "{got:?}"
    );
    assert_eq!(
        got[2],
        (Verdict::Review, vec!["EL303".to_string()]),
        "{got:?}"
    );
    assert_eq!(
        got[3],
        (Verdict::Review, vec!["EL303".to_string()]),
        "{got:?}"
    );
    assert_ne!(got[4].0, Verdict::Presumed, "{got:?}");
    assert!(
        out[0].findings[0].reason.contains("lacks only 'zhuhai'"),
        "{:?}",
        out[0].findings[0].reason
    );
}

/// The official name of the listed entity `q` is matched to best, if any.
fn listed_as(q: &str) -> Option<String> {
    let hit = screener().entity().best(q)?;
    Some(screener().pack().entities[hit.entity].name.clone())
}

/// Trial 13: the four-letter word of the listed alias "Tian Aluminum Co., Ltd." matched
/// "Tianyi" and "Tiana" as typos: unrelated aluminium firms were presumed. A listed word of
/// four letters has no typo, and a short one none two letters longer or shorter.
#[test]
fn el302_a_short_listed_word_is_not_a_typo_of_a_longer_one() {
    for q in ["Tianyi Aluminum Co Ltd", "Tiana Aluminum Co. Ltd."] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_ne!(v, Verdict::Presumed, "{q}: {codes:?}");
    }
    for q in [
        "Tian Aluminum Co Ltd",
        "Chenguang Biotec Group",
        "Hoshin Silicon Industry (Shanshan) Co",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Presumed, "{q}: {codes:?}");
    }
}

/// Trial 13: a plant or factory is a branch only after the company's legal form; without one
/// it is part of a name that is no listed company.
#[test]
fn el302_a_works_word_without_a_legal_form_is_part_of_the_name() {
    for q in [
        "Acme Textile Co Ltd - Hanoi Factory",
        "Oasis Garment Factory",
        "Mianyang Steel Plant",
    ] {
        let (v, codes) = check(q, TextKind::Name, "");
        assert_eq!(v, Verdict::Clear, "{q}: {codes:?}");
    }
}
