//! Typed values: money and quantities as `rust_decimal`, and dates.
//!
//! Numbers arrive as `1,234.50`, `1.234,50`, `1 234,50 €`, `$1,234.50`, `(12.00)`. A
//! value is read exactly or rejected with a reason, never guessed: `1,234` could be one
//! thousand two hundred and thirty-four or one point two three four, so it is only read
//! when the file's convention is known (from `--decimal` or from the file's other values).

use rust_decimal::Decimal;
use std::str::FromStr;

pub use crate::date::{Date, DateOrder, parse_date, slash_order};

/// Which character separates decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalStyle {
    /// Decide from each value; ambiguous values are rejected.
    #[default]
    Auto,
    /// `1,234.50`
    Point,
    /// `1.234,50`
    Comma,
}

/// The shape of a number as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No separators at all.
    Plain,
    /// Unambiguously uses a decimal point.
    Point,
    /// Unambiguously uses a decimal comma.
    Comma,
    /// `1,234` or `1.234`: either.
    Ambiguous,
}

/// A money value as read: amount and, if the text carried one, its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// The amount.
    pub amount: Decimal,
    /// ISO currency from a symbol or code in the value (`$` is taken as USD).
    pub currency: Option<String>,
}

const SYMBOLS: &[(&str, Option<&str>)] = &[
    ("us$", Some("USD")),
    ("hk$", Some("HKD")),
    ("a$", Some("AUD")),
    ("c$", Some("CAD")),
    ("s$", Some("SGD")),
    ("rm", Some("MYR")),
    ("rmb", Some("CNY")),
    ("元", Some("CNY")),
    ("$", Some("USD")),
    ("€", Some("EUR")),
    ("£", Some("GBP")),
    ("₫", Some("VND")),
    ("৳", Some("BDT")),
    ("₹", Some("INR")),
    ("¥", None),
    ("￥", None),
];

/// Strip a currency symbol or ISO code from either end. Returns the rest and the currency
/// (`Some(None)` when a symbol was present but does not say which currency, like `¥`).
fn strip_currency(s: &str) -> (&str, Option<Option<String>>) {
    let t = crate::text::trim(s);
    let bytes = t.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) && bytes.last().is_some_and(u8::is_ascii_digit)
    {
        // The usual case: a bare number (no symbol or code starts or ends with a digit).
        return (t, None);
    }
    let at = |i: usize, j: usize, sym: &str| {
        t.is_char_boundary(i) && t.is_char_boundary(j) && t[i..j].eq_ignore_ascii_case(sym)
    };
    for (sym, code) in SYMBOLS {
        if t.len() >= sym.len() && at(0, sym.len(), sym) {
            return (t[sym.len()..].trim(), Some(code.map(str::to_string)));
        }
        if t.len() >= sym.len() && at(t.len() - sym.len(), t.len(), sym) {
            return (
                t[..t.len() - sym.len()].trim(),
                Some(code.map(str::to_string)),
            );
        }
    }
    // A three-letter ISO code (capitals) before or after the number: "USD 1,234.50", "1.234,50 EUR".
    if bytes.len() > 4
        && bytes[..3].iter().all(u8::is_ascii_uppercase)
        && !bytes[3].is_ascii_alphabetic()
    {
        return (t[3..].trim(), Some(Some(t[..3].to_string())));
    }
    let n = bytes.len();
    if n > 4
        && bytes[n - 3..].iter().all(u8::is_ascii_uppercase)
        && !bytes[n - 4].is_ascii_alphabetic()
    {
        return (t[..n - 3].trim(), Some(Some(t[n - 3..].to_string())));
    }
    (t, None)
}

/// Split off a sign: `-1`, `1-`, `(1)`.
fn strip_sign(s: &str) -> (&str, bool) {
    let t = crate::text::trim(s);
    if let Some(r) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return (r.trim(), true);
    }
    if let Some(r) = t.strip_prefix('-') {
        return (r.trim(), true);
    }
    if let Some(r) = t.strip_suffix('-') {
        return (r.trim(), true);
    }
    if let Some(r) = t.strip_prefix('+') {
        return (r.trim(), false);
    }
    (t, false)
}

/// Remove group separators that cannot be decimals: spaces, NBSP, apostrophes.
fn strip_spaces(s: &str) -> std::borrow::Cow<'_, str> {
    let sep = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’' | '_');
    if s.contains(sep) {
        s.chars().filter(|c| !sep(*c)).collect::<String>().into()
    } else {
        s.into()
    }
}

fn grouped_ok(int_part: &str, sep: char) -> bool {
    let mut groups = int_part.split(sep);
    let first = groups.next().map_or(0, str::len);
    let mut rest = groups.peekable();
    if rest.peek().is_none() {
        return first > 0;
    }
    (1..=3).contains(&first) && rest.all(|g| g.len() == 3)
}

/// Classify a bare number (digits, `.` and `,` only).
pub fn shape(num: &str) -> Shape {
    let dots = num.bytes().filter(|&b| b == b'.').count();
    let commas = num.bytes().filter(|&b| b == b',').count();
    match (dots, commas) {
        (0, 0) => Shape::Plain,
        (_, 0) if dots > 1 => Shape::Comma, // 1.234.567 groups with dots
        (0, _) if commas > 1 => Shape::Point, // 1,234,567 groups with commas
        (1, 0) | (0, 1) => {
            let sep = if dots == 1 { '.' } else { ',' };
            let (int, frac) = num.split_once(sep).unwrap_or((num, ""));
            if frac.len() == 3 && (1..=3).contains(&int.len()) && int != "0" {
                Shape::Ambiguous
            } else if sep == '.' {
                Shape::Point
            } else {
                Shape::Comma
            }
        }
        _ => {
            let last_dot = num.rfind('.').unwrap_or(0);
            let last_comma = num.rfind(',').unwrap_or(0);
            if last_dot > last_comma {
                Shape::Point
            } else {
                Shape::Comma
            }
        }
    }
}

/// The common unambiguous shapes under decimal points, in one pass: `1234`, `1234.5`,
/// `1,234,567.89`, `0.500`. Anything else (`1,234`, `1.234`, spaces, decimal commas...)
/// is left to the general rules.
fn plain_point_number(b: &[u8]) -> Option<Decimal> {
    let dot = b.iter().position(|&c| c == b'.');
    let (int, frac) = match dot {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[..0]),
    };
    if dot.is_some() && (frac.is_empty() || !frac.iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let commas = int.iter().filter(|&&c| c == b',').count();
    if commas > 0 {
        // Grouped by threes, and not the ambiguous `1,234`.
        let mut groups = int.split(|&c| c == b',');
        let first = groups.next().map_or(0, <[u8]>::len);
        if !(1..=3).contains(&first)
            || groups.any(|g| g.len() != 3)
            || (commas == 1 && dot.is_none())
        {
            return None;
        }
    } else if frac.len() == 3 && (1..=3).contains(&int.len()) && int != b"0" {
        return None; // `1.234`: ambiguous
    }
    if !int.iter().all(|&c| c.is_ascii_digit() || c == b',') {
        return None;
    }
    from_digits(int, frac)
}

/// The exact decimal of a checked number: the digits of its integer part (group separators
/// skipped) and of its fraction. `None` with no digit or more than 28 (a Decimal's mantissa).
fn from_digits(int: &[u8], frac: &[u8]) -> Option<Decimal> {
    let mut mantissa: i128 = 0;
    let mut count = 0;
    for &c in int.iter().chain(frac).filter(|c| c.is_ascii_digit()) {
        mantissa = mantissa * 10 + i128::from(c - b'0');
        count += 1;
        if count > 28 {
            return None;
        }
    }
    if count == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32).ok()
}

fn parse_number(raw: &str, style: DecimalStyle) -> Result<Decimal, String> {
    let (rest, neg) = strip_sign(raw);
    if style != DecimalStyle::Comma {
        if let Some(mut d) = plain_point_number(rest.as_bytes()) {
            if neg {
                d.set_sign_negative(true);
            }
            return Ok(d);
        }
    }
    parse_number_general(raw, style)
}

fn parse_number_general(raw: &str, style: DecimalStyle) -> Result<Decimal, String> {
    let (rest, neg) = strip_sign(raw);
    let num = strip_spaces(rest);
    if num.is_empty() {
        return Err(format!("'{raw}' has no digits"));
    }
    if !num
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        let c = num
            .chars()
            .find(|c| !c.is_ascii_digit() && *c != '.' && *c != ',')
            .unwrap_or('?');
        return Err(format!("'{raw}' is not a number (unexpected '{c}')"));
    }
    let sh = shape(&num);
    let decimal_sep = match (sh, style) {
        (Shape::Plain, _) => None,
        (Shape::Ambiguous, DecimalStyle::Auto) => {
            return Err(format!(
                "'{raw}' is ambiguous: it could use ',' or '.' as the decimal separator; pass --decimal point or --decimal comma"
            ));
        }
        (Shape::Ambiguous, DecimalStyle::Point)
        | (Shape::Point, DecimalStyle::Auto | DecimalStyle::Point) => Some('.'),
        (Shape::Ambiguous, DecimalStyle::Comma)
        | (Shape::Comma, DecimalStyle::Auto | DecimalStyle::Comma) => Some(','),
        (Shape::Point, DecimalStyle::Comma) => {
            return Err(format!(
                "'{raw}' uses a decimal point, but this file uses decimal commas"
            ));
        }
        (Shape::Comma, DecimalStyle::Point) => {
            return Err(format!(
                "'{raw}' uses a decimal comma, but this file uses decimal points"
            ));
        }
    };
    let (int, frac) = match decimal_sep.and_then(|sep| num.rfind(sep)) {
        None => (&num[..], ""),
        Some(i) => (&num[..i], &num[i + 1..]),
    };
    let group_sep = match decimal_sep {
        Some('.') | None => ',',
        _ => '.',
    };
    let has = |t: &str, c: char| t.bytes().any(|b| b == c as u8);
    if has(frac, '.') || has(frac, ',') || has(int, group_sep) && !grouped_ok(int, group_sep) {
        return Err(format!("'{raw}' has misplaced separators"));
    }
    if has(int, if group_sep == ',' { '.' } else { ',' }) {
        return Err(format!("'{raw}' has misplaced separators"));
    }
    if let Some(mut d) = from_digits(int.as_bytes(), frac.as_bytes()) {
        if neg {
            d.set_sign_negative(true);
        }
        return Ok(d);
    }
    let digits: String = int.chars().filter(char::is_ascii_digit).collect();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    let text = if frac.is_empty() {
        digits
    } else {
        format!("{digits}.{frac}")
    };
    let mut d = Decimal::from_str(&text).map_err(|e| format!("'{raw}': {e}"))?;
    if neg {
        d.set_sign_negative(true);
    }
    Ok(d)
}

/// Read a money value.
pub fn parse_money(raw: &str, style: DecimalStyle) -> Result<Money, String> {
    let (rest, cur) = strip_currency(raw);
    let amount = parse_number(rest, style)
        .map_err(|e| e.replace(&format!("'{rest}'"), &format!("'{raw}'")))?;
    Ok(Money {
        amount,
        currency: cur.flatten(),
    })
}

/// Read a quantity (no currency).
pub fn parse_quantity(raw: &str, style: DecimalStyle) -> Result<Decimal, String> {
    parse_number(raw, style)
}

/// The shape of a money text, for inferring a file's convention from a sample.
pub fn money_shape(raw: &str) -> Option<Shape> {
    let (rest, _) = strip_currency(raw);
    let (rest, _) = strip_sign(rest);
    let num = strip_spaces(rest);
    if num.is_empty()
        || !num
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    Some(shape(&num))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_rules() {
        // Every string of up to 7 characters over digits, `,` and `.` (and some longer
        // ones): where the fast path answers, the general rules give the same value and scale.
        let alphabet = [b'0', b'1', b'5', b'9', b',', b'.'];
        let mut answered = 0;
        let mut check = |s: &str| {
            if let Some(fast) = plain_point_number(s.as_bytes()) {
                answered += 1;
                for style in [DecimalStyle::Auto, DecimalStyle::Point] {
                    let general = parse_number_general(s, style)
                        .unwrap_or_else(|e| panic!("{s}: fast {fast}, general: {e}"));
                    assert_eq!(fast.to_string(), general.to_string(), "{s} {style:?}");
                }
            }
        };
        for len in 1..=7u32 {
            for mut n in 0..6usize.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(alphabet[n % 6] as char);
                    n /= 6;
                }
                check(&s);
            }
        }
        for s in [
            "1,234,567.89",
            "12,345,678,901,234,567,890.12",
            "0.500",
            "233,065.62",
        ] {
            check(s);
        }
        assert!(answered > 1000, "{answered}");
    }

    #[test]
    fn money_in_both_conventions() {
        assert_eq!(
            parse_money("1,234.50", DecimalStyle::Auto).unwrap().amount,
            d("1234.50")
        );
        assert_eq!(
            parse_money("1.234,50", DecimalStyle::Auto).unwrap().amount,
            d("1234.50")
        );
        assert_eq!(
            parse_money("1 234,50 €", DecimalStyle::Auto).unwrap(),
            Money {
                amount: d("1234.50"),
                currency: Some("EUR".into())
            }
        );
        assert_eq!(
            parse_money("$12,000", DecimalStyle::Point).unwrap(),
            Money {
                amount: d("12000"),
                currency: Some("USD".into())
            }
        );
        assert_eq!(
            parse_money("USD 1,234,567.89", DecimalStyle::Auto)
                .unwrap()
                .amount,
            d("1234567.89")
        );
        assert_eq!(
            parse_money("(12.00)", DecimalStyle::Auto).unwrap().amount,
            d("-12.00")
        );
        assert_eq!(
            parse_money("¥ 1200", DecimalStyle::Auto).unwrap(),
            Money {
                amount: d("1200"),
                currency: None
            }
        );
        assert_eq!(
            parse_money("1234", DecimalStyle::Auto).unwrap().amount,
            d("1234")
        );
        assert_eq!(
            parse_money("0.125", DecimalStyle::Auto).unwrap().amount,
            d("0.125")
        );
    }

    #[test]
    fn ambiguous_values_need_a_convention() {
        let e = parse_money("1,234", DecimalStyle::Auto).unwrap_err();
        assert!(e.contains("ambiguous"), "{e}");
        assert_eq!(
            parse_money("1,234", DecimalStyle::Point).unwrap().amount,
            d("1234")
        );
        assert_eq!(
            parse_money("1,234", DecimalStyle::Comma).unwrap().amount,
            d("1.234")
        );
        assert_eq!(
            parse_money("1.234", DecimalStyle::Comma).unwrap().amount,
            d("1234")
        );
    }

    #[test]
    fn contradictions_and_garbage_are_rejected() {
        assert!(parse_money("1.234,50", DecimalStyle::Point).is_err());
        assert!(parse_money("1,23,4.50", DecimalStyle::Auto).is_err());
        assert!(parse_money("12abc", DecimalStyle::Auto).is_err());
        assert!(parse_money("", DecimalStyle::Auto).is_err());
        assert!(parse_money("1.2.3,4,5", DecimalStyle::Auto).is_err());
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(Date::from_days(0), Date::new(1970, 1, 1).unwrap());
        assert_eq!(Date::from_days(20_625), Date::new(2026, 6, 21).unwrap());
        assert_eq!(Date::from_days(11_016), Date::new(2000, 2, 29).unwrap());
    }

    #[test]
    fn dates() {
        let x = Date::new(2024, 3, 5).unwrap();
        for s in [
            "2024-03-05",
            "2024/03/05",
            "20240305",
            "05.03.2024",
            "5 Mar 2024",
            "Mar 5, 2024",
            "05-Mar-2024",
            "2024-03-05T10:00:00",
        ] {
            assert_eq!(parse_date(s, DateOrder::Auto).unwrap(), x, "{s}");
        }
        assert_eq!(parse_date("03/05/2024", DateOrder::MonthFirst).unwrap(), x);
        assert_eq!(parse_date("05/03/2024", DateOrder::DayFirst).unwrap(), x);
        assert_eq!(
            parse_date("25/03/2024", DateOrder::Auto).unwrap(),
            Date::new(2024, 3, 25).unwrap()
        );
        assert!(
            parse_date("03/05/2024", DateOrder::Auto)
                .unwrap_err()
                .contains("ambiguous")
        );
        assert!(parse_date("2024-02-30", DateOrder::Auto).is_err());
        assert!(parse_date("yesterday", DateOrder::Auto).is_err());
    }
}
