//! Text folding shared by every matcher.
//!
//! Manifests spell the same place many ways: `ÜRÜMQI`, `Urumqi`, `urumqi,`, full-width
//! `ＵＲＵＭＱＩ`. Matchers never see the raw text: they see a *folded* copy in which
//! letters are lower-cased, diacritics are stripped, every run of punctuation or white
//! space is one ASCII space, and Chinese characters are kept as they are. Patterns are
//! folded the same way, so a pattern matches whatever way the text was typed.
//!
//! Word boundaries: a match only counts if it does not run into a neighbouring letter
//! or digit of the same kind ("aksu" must not match inside "aksuat"). Chinese has no
//! spaces, so a Chinese pattern may touch other Chinese characters; traps such as
//! 新疆路 (a street) are handled by longer patterns and by the street rule.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What kind of character this is, for boundary checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// A CJK ideograph: may touch other ideographs without a boundary.
    Han,
    /// A letter or digit of an alphabetic script (Latin, Cyrillic, Arabic, kana...).
    Word,
    /// Space, punctuation, symbols.
    Other,
}

/// Classify one character.
pub fn class(c: char) -> CharClass {
    if is_han(c) {
        CharClass::Han
    } else if c.is_alphanumeric() {
        CharClass::Word
    } else {
        CharClass::Other
    }
}

/// True for CJK unified ideographs (basic block and extension A, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// True if the text contains at least one CJK ideograph.
pub fn has_han(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(is_han)
}

/// Fold text for matching: see the module docs. Returns the folded string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    fold_into(s, &mut out, None);
    out
}

/// Fold text and also return, for every byte of the folded text, the byte offset in `s`
/// of the character it came from (plus one final entry for the end of `s`).
/// Used only when a match must be shown in its original spelling.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len() + 2);
    let mut map = Vec::with_capacity(s.len() + 2);
    fold_into(s, &mut out, Some(&mut map));
    map.push(s.len());
    (out, map)
}

fn fold_into(s: &str, out: &mut String, mut map: Option<&mut Vec<usize>>) {
    // Folded text always starts and ends without a space; runs of separators become one space.
    let mut pending_space = false;
    let push = |out: &mut String, map: &mut Option<&mut Vec<usize>>, c: char, at: usize| {
        let before = out.len();
        out.push(c);
        if let Some(m) = map.as_deref_mut() {
            for _ in before..out.len() {
                m.push(at);
            }
        }
    };
    if s.is_ascii() {
        for (i, b) in s.bytes().enumerate() {
            if b.is_ascii_alphanumeric() {
                if pending_space && !out.is_empty() {
                    push(out, &mut map, ' ', i);
                }
                pending_space = false;
                push(out, &mut map, b.to_ascii_lowercase() as char, i);
            } else {
                pending_space = true;
            }
        }
        return;
    }
    for (i, ch) in s.char_indices() {
        // NFKC turns full-width forms into ASCII; NFD then splits off diacritics.
        for c in std::iter::once(ch)
            .nfkc()
            .flat_map(|c| std::iter::once(c).nfd())
        {
            if is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    push(out, &mut map, ' ', i);
                }
                pending_space = false;
                for l in c.to_lowercase() {
                    // Dotless i and similar fold to their ASCII base where one exists.
                    let l = match l {
                        'ı' => 'i',
                        'ł' => 'l',
                        'ø' => 'o',
                        'đ' => 'd',
                        other => other,
                    };
                    push(out, &mut map, l, i);
                }
            } else {
                pending_space = true;
            }
        }
    }
}

/// Does a match of `pattern` at `[start, end)` of folded `text` sit on word boundaries?
///
/// Only a Word character touching another Word character breaks a boundary: Chinese may
/// touch Chinese, and Latin may touch Chinese (`新疆Urumqi`).
pub fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let clash = |edge: Option<char>, nb: Option<char>| match (edge, nb) {
        (Some(e), Some(n)) => class(e) == CharClass::Word && class(n) == CharClass::Word,
        _ => false,
    };
    !clash(first, before) && !clash(last, after)
}

/// Cut a string to at most `max` characters for messages, adding an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// True for a character that must never reach a person's terminal or a CI log raw: C0
/// controls (tab and newline included), DEL, C1 controls (NEL included), the Unicode line and
/// paragraph separators, and the bidirectional formatting characters (embeddings, overrides,
/// isolates, marks) that make text read differently from how it is stored.
pub fn is_hazard(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x1F | 0x7F..=0x9F | 0x061C | 0x200E | 0x200F | 0x2028 | 0x2029
        | 0x202A..=0x202E | 0x2066..=0x2069)
}

/// Text made safe for a human-facing line (the terminal table, messages on stderr, CI
/// annotations): every [`is_hazard`] character is replaced by a visible escape `\u{1b}`
/// (lower-case hex), so a supplier-controlled value can neither start a new line (a forged
/// `::error` workflow command, a fake summary line) nor send terminal control sequences (ANSI
/// or OSC: clear the screen, retitle the window), nor reorder what is shown. Everything else
/// is kept as it is; the result contains no hazard, so applying it twice changes nothing.
/// Data outputs (CSV, JSON Lines, Parquet) keep values as they are.
pub fn for_humans(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hazard) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hazard(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_punctuation_and_width() {
        assert_eq!(fold("Ürümqi,  XINJIANG!"), "urumqi xinjiang");
        assert_eq!(fold("ＵＲＵＭＱＩ"), "urumqi");
        assert_eq!(fold("Qäshqär"), "qashqar");
        assert_eq!(fold("Bayin'gholin"), "bayin gholin");
        assert_eq!(fold("  新疆 乌鲁木齐市 "), "新疆 乌鲁木齐市");
        assert_eq!(fold("No.8, Xinjiang Rd."), "no 8 xinjiang rd");
    }

    #[test]
    fn map_points_back_to_original_characters() {
        let s = "Ürümqi, Xinjiang";
        let (f, map) = fold_with_map(s);
        assert_eq!(f, "urumqi xinjiang");
        let start = f.find("xinjiang").unwrap();
        assert_eq!(&s[map[start]..], "Xinjiang");
        assert_eq!(&s[map[0]..map[5] + 1], "Ürümqi");
    }

    #[test]
    fn hazards_are_escaped_visibly() {
        assert_eq!(for_humans("S-1\n::error ::x"), "S-1\\u{a}::error ::x");
        assert_eq!(for_humans("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
        assert_eq!(
            for_humans("a\u{85}b\u{2028}c\u{202e}d\tz"),
            "a\\u{85}b\\u{2028}c\\u{202e}d\\u{9}z"
        );
        assert!(matches!(
            for_humans("Ürümqi 新疆"),
            std::borrow::Cow::Borrowed(_)
        ));
        let once = for_humans("x\r\ny\u{9b}");
        assert_eq!(for_humans(&once), once);
    }

    #[test]
    fn boundaries() {
        let t = "aksuat aksu 新疆路 abc新疆";
        let i = t.find("aksu").unwrap();
        assert!(!on_boundaries(t, i, i + 4));
        let j = t.rfind("aksu ").unwrap();
        assert!(on_boundaries(t, j, j + 4));
        let k = t.find("新疆").unwrap();
        assert!(on_boundaries(t, k, k + "新疆".len()));
        let l = t.rfind("新疆").unwrap();
        assert!(on_boundaries(t, l, l + "新疆".len()));
    }
}
