//! Telling the East Asian legacy encodings apart: GB18030/GBK (mainland China), Big5
//! (Taiwan, Hong Kong), Shift_JIS (Japan), EUC-KR (Korea), and UTF-16 without a BOM.
//!
//! Their byte ranges overlap, so valid bytes alone do not tell them apart: the same bytes
//! are often valid GBK, Big5 and EUC-KR. What tells them apart is what the text says once
//! decoded: each candidate that decodes the sample without error is scored by the share of
//! its non-ASCII characters that are among the most frequent characters of its language
//! (business and address text included). A clear winner is taken; otherwise the run stops
//! and asks for `--encoding`.

use encoding_rs::Encoding;

/// Frequent simplified Chinese characters (GB18030/GBK text).
const SIMPLIFIED: &str = "的一是不了在人有我他这中大来上国个到说们为子和地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话者向情部正名定问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真世气信北少关并内加化由代军产入先山五太水万市体别处总才场书比住员九性通目华报立马命张活神数件安表原车白应路期常感金何更反合放做系计或司利受光王果界及今京务制解各任至清物台记边共风战干接许八特望直服林题建南度统色字请交认算论百义科元社术结六功指非流每青管连远资队带花快条院变联言权往展该领传近留红治决周保达办运半七必城强步完革深区即求品转量空众技轻程告江语英基派满式李息写识极令黄德收钱党未持取设始版双历越史商千片容研像找友站广改议形委早房音际则首单据导影失网香似斯专石若兵弟校读志飞观争究包组造落视济喜离兴切讲亚省纺织厂疆限号县镇乡村街楼室园贸易进出口集团股份责任药材棉纱线布料服装鞋帽玻璃钢铁铝硅光伏电池板番茄酱红枣海鲜虾鱼冻干货";

/// Frequent traditional Chinese characters (Big5 text).
const TRADITIONAL: &str = "的一是不了在人有我他這中大來上國個到說們為子和地出道也時年得就那要下以生會自著去之過家學對可裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話者向情部正名定問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真世氣信北少關並內加化由代軍產入先山五太水萬市體別處總才場書比住員九性通目華報立馬命張活神數件安表原車白應路期常感金何更反合放做系計或司利受光王果界及今京務制解各任至清物台臺記邊共風戰乾接許八特望直服林題建南度統色字請交認算論百義科元社術結六功指非流每青管連遠資隊帶花快條院變聯言權往展該領傳近留紅治決周保達辦運半七必城強步完革深區即求品轉量空眾技輕程告江語英基派滿式李息寫識極令黃德收錢黨未持取設始版雙歷越史商千片容研像找友站廣改議形委早房音際則首單據導影失網香似斯專石若兵弟校讀志飛觀爭究包組造落視濟喜離興切講亞省紡織廠疆限號縣鎮鄉村街樓室園貿易進出口集團股份責任藥材棉紗線布料服裝鞋帽玻璃鋼鐵鋁矽灣港九龍";

/// Frequent kanji of Japanese business and address text (kana count by their range).
const KANJI: &str = "株式会社有限日本東京大阪府県市区町村丁目番地号通商事業製造工場販売輸出入品名住所電話番電気機械自動車部品化学繊維衣料品食品鉄鋼金属中国台湾韓国上海横浜名古屋神奈川埼玉千葉兵庫愛知福岡北海道";

/// Frequent Hangul syllables of Korean business and address text.
const HANGUL: &str = "이의다는에을를하고사회주식시도구로동대한국서울부산인천광역특별기업산업전자제품가나리지수자원인정성명신상무유공통개발중앙남북경기강원충청전라상제포항울산물류무역수출입섬유의류화학철강금속자동차부품기계전기식품번지호층길읍면";

fn score(text: &str, set: &str, kana: bool) -> (usize, usize) {
    let (mut hit, mut all) = (0, 0);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        all += 1;
        let in_kana = ('\u{3040}'..='\u{30FF}').contains(&c);
        if set.contains(c) || (kana && in_kana) {
            hit += 1;
        }
    }
    (hit, all)
}

/// The East Asian encoding of a sample that is not UTF-8, when one is clearly the best:
/// `Ok(None)` when none decodes it into text of its language, `Err` with the candidates
/// when two fit about equally.
pub fn detect(sample: &[u8], complete: bool) -> Result<Option<&'static Encoding>, String> {
    let cands: [(&'static Encoding, &str, bool); 4] = [
        (encoding_rs::GB18030, SIMPLIFIED, false),
        (encoding_rs::BIG5, TRADITIONAL, false),
        (encoding_rs::SHIFT_JIS, KANJI, true),
        (encoding_rs::EUC_KR, HANGUL, false),
    ];
    let mut scored: Vec<(f64, &'static Encoding)> = Vec::new();
    for (enc, set, kana) in cands {
        let (text, bad) = enc.decode_without_bom_handling(sample);
        // A sample cut in the middle of a character may end in one replacement.
        let bad = bad
            && (complete
                || text.trim_end_matches('\u{fffd}').contains('\u{fffd}')
                || text.ends_with("\u{fffd}\u{fffd}\u{fffd}"));
        if bad {
            continue;
        }
        let (hit, all) = score(&text, set, kana);
        if all >= 2 {
            scored.push((hit as f64 / all as f64, enc));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [] => Ok(None),
        [(best, enc), rest @ ..] => {
            if *best < 0.3 {
                return Ok(None);
            }
            match rest.first() {
                Some((second, other)) if *second * 1.5 > *best => Err(format!(
                    "the encoding is not UTF-8 and could be {} or {}; pass --encoding {} or --encoding {}",
                    enc.name(),
                    other.name(),
                    enc.name().to_ascii_lowercase(),
                    other.name().to_ascii_lowercase()
                )),
                _ => Ok(Some(enc)),
            }
        }
    }
}

/// UTF-16 without a BOM: ASCII-range text has a NUL in every other byte.
pub fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    if sample.len() < 8 {
        return None;
    }
    let n = sample.len() / 2;
    let zeros = |odd: usize| {
        sample
            .chunks_exact(2)
            .filter(|p| p[odd] == 0 && p[1 - odd] != 0)
            .count()
    };
    let (le, be) = (zeros(1), zeros(0));
    if le * 10 >= n * 6 && be * 20 < n {
        Some(encoding_rs::UTF_16LE)
    } else if be * 10 >= n * 6 && le * 20 < n {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(e: &'static Encoding, text: &str) -> Vec<u8> {
        e.encode(text).0.into_owned()
    }

    #[test]
    fn each_region_encoding_is_told_apart() {
        let zh_cn =
            "供应商,地址\n新疆阿克苏纺织有限公司,新疆阿克苏市\n上海贸易有限公司,上海市浦东新区\n";
        let zh_tw = "供應商,地址\n臺灣紡織股份有限公司,臺北市中山區\n香港貿易有限公司,九龍旺角\n";
        let ja = "仕入先,住所\n東京繊維株式会社,東京都中央区日本橋1丁目\nさくら商事,大阪府大阪市\n";
        let ko =
            "공급업체,주소\n삼성전자 주식회사,서울특별시 강남구\n한국섬유,부산광역시 해운대구\n";
        assert_eq!(
            detect(&enc(encoding_rs::GBK, zh_cn), true),
            Ok(Some(encoding_rs::GB18030))
        );
        assert_eq!(
            detect(&enc(encoding_rs::BIG5, zh_tw), true),
            Ok(Some(encoding_rs::BIG5))
        );
        assert_eq!(
            detect(&enc(encoding_rs::SHIFT_JIS, ja), true),
            Ok(Some(encoding_rs::SHIFT_JIS))
        );
        assert_eq!(
            detect(&enc(encoding_rs::EUC_KR, ko), true),
            Ok(Some(encoding_rs::EUC_KR))
        );
        let mut le = Vec::new();
        for u in "supplier,address\nAcme,Urumqi\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(utf16_without_bom(&le), Some(encoding_rs::UTF_16LE));
        let be: Vec<u8> = le.chunks(2).flat_map(|p| [p[1], p[0]]).collect();
        assert_eq!(utf16_without_bom(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(utf16_without_bom(b"supplier,address\nAcme,Urumqi\n"), None);
    }
}
