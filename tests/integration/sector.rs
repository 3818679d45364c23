//! High-priority sector rules HP201-HP212: each caught by HTS code (with and without dots,
//! at 4 to 10 digits) and by keyword, and look-alikes that must not be.

use crate::support::screen_bytes;
use uflpa_screen::Verdict;
use uflpa_screen::input::ReadOptions;

/// Screen (hts, description) pairs; return the codes of each row.
fn codes(rows: &[(&str, &str)]) -> Vec<Vec<String>> {
    let mut csv = String::from("supplier,hts_code,description\n");
    for (h, d) in rows {
        csv.push_str(&format!("Acme Trading,{h},\"{d}\"\n"));
    }
    let (screened, rejects, _) =
        screen_bytes(csv.as_bytes(), &ReadOptions::default()).expect("screens");
    assert!(rejects.is_empty(), "{rejects:?}");
    screened.into_iter().map(|(_, _, c)| c).collect()
}

fn expect(code: &str, catches: &[(&str, &str)], lookalikes: &[(&str, &str)]) {
    for (row, got) in catches.iter().zip(codes(catches)) {
        assert!(
            got.iter().any(|c| c == code),
            "{code} must catch {row:?}, got {got:?}"
        );
    }
    for (row, got) in lookalikes.iter().zip(codes(lookalikes)) {
        assert!(
            !got.iter().any(|c| c == code),
            "{code} must not flag {row:?}, got {got:?}"
        );
    }
}

#[test]
fn hp201_apparel() {
    expect(
        "HP201",
        &[
            ("6109.10.0012", ""),
            ("6109100012", ""),
            ("610910", ""),
            ("6203", ""),
            ("", "Men's knit T-shirts"),
            ("", "hoodies, fleece"),
            ("", "全棉T恤"),
        ],
        &[
            ("6402.99", "dress shoes"),
            ("", "shirt buttons"),
            ("", "coat hangers, wooden"),
            ("9403.60", "side tables"),
        ],
    );
}

#[test]
fn hp202_cotton() {
    expect(
        "HP202",
        &[
            ("5201.00", ""),
            ("5205.12.1000", ""),
            ("1404.20", ""),
            ("", "cotton yarn Ne 30/1"),
            ("", "100% COTTON"),
            ("", "纯棉面料"),
        ],
        &[
            ("", "cotton candy machine"),
            ("", "石棉板"),
            ("", "polyester fleece"),
            ("", "cottonwood lumber"),
        ],
    );
}

#[test]
fn hp203_silica() {
    expect(
        "HP203",
        &[
            ("8541.43.0010", ""),
            ("854142", ""),
            ("2804.61.0000", ""),
            ("2804.69", ""),
            ("3910.00", ""),
            ("", "Monocrystalline PV modules 550W"),
            ("", "polysilicon chunks"),
            ("", "silicone sealant"),
            ("", "多晶硅"),
        ],
        &[
            ("", "silicone-free shampoo"),
            ("8504.40", "string inverters"),
            ("", "solar panel cleaner"),
        ],
    );
}

#[test]
fn hp204_tomatoes() {
    expect(
        "HP204",
        &[
            ("0702.00", ""),
            ("2002.90.8010", ""),
            ("2103.20.4000", ""),
            ("", "tomato paste 28-30 brix"),
            ("", "ketchup"),
            ("", "番茄酱"),
        ],
        &[
            ("", "tomato red paint"),
            ("", "tomato cages, steel wire"),
            ("0709.60", "dried chili peppers"),
        ],
    );
}

#[test]
fn hp205_aluminum() {
    expect(
        "HP205",
        &[
            ("7601.10.6000", ""),
            ("7604", ""),
            ("", "aluminium extrusion profiles"),
            ("", "ALUMINUM FOIL"),
            ("", "铝锭"),
        ],
        &[
            ("", "aluminum-free deodorant"),
            ("", "aluminium free antiperspirant"),
        ],
    );
}

#[test]
fn hp206_pvc() {
    expect(
        "HP206",
        &[
            ("3904.10.0000", ""),
            ("3918.10.1000", ""),
            ("", "SPC vinyl plank flooring"),
            ("", "PVC pipes"),
            ("", "LVT flooring"),
        ],
        &[
            ("", "PVC-free shower curtain"),
            ("", "non-PVC gloves"),
            ("4418.79", "engineered oak flooring"),
        ],
    );
}

#[test]
fn hp207_seafood() {
    expect(
        "HP207",
        &[
            ("0304.75.1000", ""),
            ("1605.21", ""),
            ("0306", ""),
            ("", "Frozen Alaska pollock fillets"),
            ("", "cooked peeled shrimp"),
            ("", "鱿鱼"),
        ],
        &[
            ("", "fish tank filters"),
            ("", "oyster mushrooms"),
            ("", "salmon pink cushion"),
            ("", "payment COD"),
            ("", "fishing rod"),
        ],
    );
}

#[test]
fn hp208_steel() {
    expect(
        "HP208",
        &[
            ("7208.51", ""),
            ("7318.15.2065", ""),
            ("", "hot-rolled steel coil"),
            ("", "stainless steel sinks"),
            ("", "不锈钢"),
        ],
        &[("", "steel blue curtains"), ("", "钢琴"), ("", "钢化玻璃")],
    );
}

#[test]
fn hp209_copper() {
    expect(
        "HP209",
        &[
            ("7403.11", ""),
            ("7408", ""),
            ("", "copper cathodes 99.99%"),
            ("", "电解铜"),
        ],
        &[("", "copper-coloured vase"), ("", "copper tone lamp shade")],
    );
}

#[test]
fn hp210_lithium() {
    expect(
        "HP210",
        &[
            ("8507.60.0020", ""),
            ("2836.91", ""),
            ("2825.20", ""),
            ("", "Lithium-ion battery packs 48V"),
            ("", "碳酸锂"),
        ],
        &[
            ("8507.10", "lead-acid batteries"),
            ("", "alkaline AA batteries"),
        ],
    );
}

#[test]
fn hp211_caustic_soda() {
    expect(
        "HP211",
        &[
            ("2815.11", ""),
            ("2815.12.0000", ""),
            ("", "caustic soda flakes 99%"),
            ("", "Sodium Hydroxide"),
            ("", "烧碱"),
        ],
        &[("2836.20", "soda ash dense"), ("", "baking soda")],
    );
}

#[test]
fn hp212_red_dates() {
    expect(
        "HP212",
        &[
            ("0813.40.3000", ""),
            ("081340", ""),
            ("", "dried red dates (jujube)"),
            ("", "红枣"),
        ],
        &[
            ("0804.10", "Medjool dates"),
            ("", "best before date 2027"),
            ("", "枣庄市产品"),
        ],
    );
}

#[test]
fn sector_alone_is_review_and_one_finding_per_sector() {
    let csv = "supplier,hts_code,description\nAcme,6109.10.0012,cotton T-shirts; cotton knit\n";
    let (rows, _, _) = screen_bytes(csv.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(rows[0].1, Verdict::Review);
    assert_eq!(rows[0].2, vec!["HP201", "HP202"]);
}

#[test]
fn malformed_hts_is_a_cell_finding_with_its_column() {
    let csv = "supplier,hts_code,description\nAcme,61A9.10,shirts\nAcme,61,shirts\nAcme,61091000123,shirts\n";
    let (rows, rejects, _) = screen_bytes(csv.as_bytes(), &ReadOptions::default()).unwrap();
    // Each row is screened on the rest (the description names a garment) with DQ501.
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|r| r.1 == Verdict::Review && r.2.contains(&"DQ501".to_string()))
    );
    assert_eq!(rejects.len(), 3);
    assert!(
        rejects
            .iter()
            .all(|r| r.column.as_deref() == Some("hts_code")),
        "{rejects:?}"
    );
    assert!(rejects[0].reason.contains("unexpected 'A'"));
    assert!(rejects[1].reason.contains("2 digits"));
}

/// Trial 7 left Russian and Arabic goods words unread: "хлопок" and "قطن" raised no sector,
/// so Chinese cotton described in those languages went clear. Each sector now has goods
/// words in both (cotton also in Spanish, French, German and Turkish), read inflected where
/// the word walk reads names inflected ("хлопковую", "بالقطن"). Look-alikes: words that
/// only contain a keyword, and words the keyword spells in another sense.
#[test]
fn russian_and_arabic_goods_words_name_their_sector() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "HP201",
            &[
                "женская одежда",
                "футболки хлопковые",
                "ملابس رجالية",
                "قمصان",
            ],
            &["брюква свежая", "ملابسات الحادث"],
        ),
        (
            "HP202",
            &[
                "хлопок 100%",
                "пряжа из хлопка",
                "хлопчатобумажная ткань",
                "قطن 100%",
                "غزل القطن",
                "tela de algodón",
                "fil de coton",
                "Baumwolle",
                "pamuk iplik",
                // German compounds (trial 10)
                "Baumwollgarn Nm 34/1",
                "Herren Baumwollhemden",
                "Baumwollstoff, gefärbt",
            ],
            &["хлопотный заказ", "قطط", "Pamukkale travertine"],
        ),
        (
            "HP203",
            &[
                "поликремний",
                "солнечные панели 550 Вт",
                "الألواح الشمسية",
                "بولي سيليكون",
            ],
            &["солнечные очки", "ألواح خشبية"],
        ),
        (
            "HP204",
            &["томатная паста", "помидоры свежие", "معجون طماطم", "بندورة"],
            &["томагавк", "طمأنينة"],
        ),
        (
            "HP205",
            &["алюминиевый профиль", "слитки алюминия", "ألومنيوم"],
            &["алюминированная бумага", "ألوان"],
        ),
        (
            "HP206",
            &["трубы ПВХ", "поливинилхлорид"],
            &["ПВА клей", "بولي إيثيلين"],
        ),
        (
            "HP207",
            &[
                "морепродукты замороженные",
                "креветки",
                "أسماك مجمدة",
                "جمبري",
            ],
            &["рыбак", "السمك 2 مم"],
        ),
        (
            "HP208",
            &[
                "стальные трубы",
                "нержавеющая сталь",
                "الفولاذ المقاوم للصدأ",
            ],
            &["сталактит", "صلب"],
        ),
        (
            "HP209",
            &["медная проволока", "катоды меди", "أسلاك النحاس"],
            &["медведь игрушка", "نحت"],
        ),
        (
            "HP210",
            &[
                "литий-ионные аккумуляторы",
                "карбонат лития",
                "بطاريات الليثيوم",
            ],
            &["литье под давлением", "ليث"],
        ),
        (
            "HP211",
            &["каустическая сода", "едкий натр", "الصودا الكاوية"],
            &["сода пищевая", "صودا"],
        ),
        (
            "HP212",
            // жужуба, Spanish, German and Turkish (trial 10)
            &[
                "унаби сушеные",
                "عناب مجفف",
                "жужуба сушёная",
                "китайские финики",
                "azufaifas secas",
                "getrocknete chinesische Datteln",
                "kuru hünnap",
            ],
            &["финики", "تمر", "Datteln aus Tunesien"],
        ),
    ];
    for (code, catches, lookalikes) in cases {
        let catches: Vec<(&str, &str)> = catches.iter().map(|d| ("", *d)).collect();
        let lookalikes: Vec<(&str, &str)> = lookalikes.iter().map(|d| ("", *d)).collect();
        expect(code, &catches, &lookalikes);
    }
}

/// A finding quotes the keyword as the pack writes it: folding writes "й" as "и" and drops
/// the hamza, which would misspell the Russian and Arabic words.
#[test]
fn a_sector_finding_quotes_the_keyword_as_written() {
    let sectors = crate::support::screener().sector();
    for (text, want) in [
        ("поликремний", "keyword \"поликремний\""),
        ("الألواح الشمسية", "keyword \"الألواح الشمسية\""),
        ("全棉T恤", "keyword \"T恤\""),
    ] {
        let hows: Vec<String> = sectors.by_text(text).into_iter().map(|h| h.how).collect();
        assert!(hows.iter().any(|h| h == want), "{text}: {hows:?}");
    }
}
