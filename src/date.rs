//! Calendar dates: the entry date of a line, the listing date of an entity, the expiry of a
//! waiver and the "as of" date of a run. A base module: input, rules and the verdict use it,
//! and it uses none of them.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1-12.
    pub month: u8,
    /// Day 1-31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// Today's date (UTC) from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (the inverse of [`Date::from_days`]).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// A checked date.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }
}

/// Day-month order for dates written with slashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Decide per value; `03/04/2024` is rejected as ambiguous.
    #[default]
    Auto,
    /// `MM/DD/YYYY` (US customs data).
    MonthFirst,
    /// `DD/MM/YYYY`.
    DayFirst,
}

fn month_name(s: &str) -> Option<u8> {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let l = s.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    M.iter().position(|m| l.starts_with(m)).map(|i| i as u8 + 1)
}

/// Which order a slash date implies on its own, if any.
pub fn slash_order(raw: &str) -> Option<DateOrder> {
    let p: Vec<&str> = raw.trim().split('/').collect();
    if p.len() != 3 || p[0].len() > 2 {
        return None;
    }
    let a: u8 = p[0].parse().ok()?;
    let b: u8 = p[1].parse().ok()?;
    if a > 12 && b <= 12 {
        Some(DateOrder::DayFirst)
    } else if b > 12 && a <= 12 {
        Some(DateOrder::MonthFirst)
    } else {
        None
    }
}

/// Read a date: `2024-03-05`, `2024/03/05`, `20240305`, `05.03.2024`, `03/05/2024`
/// (order from `order`), `5 Mar 2024`, `Mar 5, 2024`, `05-Mar-2024`, ISO date-times.
pub fn parse_date(raw: &str, order: DateOrder) -> Result<Date, String> {
    let t = raw.trim();
    let bad = || format!("'{raw}' is not a date (write YYYY-MM-DD)");
    let t = t
        .split(['T', ' '])
        .next()
        .filter(|s| s.len() >= 8 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        .unwrap_or(t);
    let num = |s: &str| s.trim().parse::<i32>().map_err(|_| bad());
    // A year written with two digits is this century's ("5 Mar 24", "05/03/24"); one written
    // with four is as written, so "0001-01-01" (a placeholder of SQL and .NET exports) is
    // year 1, out of range, not 2001.
    let year = |s: &str| {
        let y = num(s)?;
        Ok::<i32, String>(if s.trim().len() <= 2 { 2000 + y } else { y })
    };
    let make = |y: i32, m: i32, d: i32| {
        u8::try_from(m)
            .ok()
            .zip(u8::try_from(d).ok())
            .and_then(|(m, d)| Date::new(y, m, d))
            .ok_or_else(|| format!("'{raw}' is not a valid calendar date from 1900 to 2200"))
    };
    let b = t.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
    {
        // YYYY-MM-DD, the usual case.
        let n = |i: usize, j: usize| {
            b[i..j]
                .iter()
                .fold(0i32, |a, d| a * 10 + i32::from(d - b'0'))
        };
        return make(n(0, 4), n(5, 7), n(8, 10));
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return make(num(&t[..4])?, num(&t[4..6])?, num(&t[6..])?);
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', ' ', ','])
        .filter(|s| !s.is_empty())
        .collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    // Month names.
    if let Some(m) = month_name(parts[1]) {
        return make(year(parts[2])?, m as i32, num(parts[0])?);
    }
    if let Some(m) = month_name(parts[0]) {
        return make(year(parts[2])?, m as i32, num(parts[1])?);
    }
    if parts[0].len() == 4 {
        return make(num(parts[0])?, num(parts[1])?, num(parts[2])?);
    }
    if parts[2].len() != 4 && parts[2].len() != 2 {
        return Err(bad());
    }
    let (a, b, y) = (num(parts[0])?, num(parts[1])?, year(parts[2])?);
    if t.contains('.') {
        return make(y, b, a); // 05.03.2024 is day-first everywhere it is used
    }
    let own = slash_order(t);
    match (own, order) {
        (Some(DateOrder::DayFirst), DateOrder::MonthFirst)
        | (Some(DateOrder::MonthFirst), DateOrder::DayFirst) => {
            Err(format!("'{raw}' does not fit the file's date order"))
        }
        (Some(DateOrder::DayFirst), _) | (None, DateOrder::DayFirst) => make(y, b, a),
        (Some(DateOrder::MonthFirst), _) | (None, DateOrder::MonthFirst) => make(y, a, b),
        _ if a == b => make(y, a, b),
        _ => Err(format!(
            "'{raw}' is ambiguous (day/month or month/day); write YYYY-MM-DD or pass --date-order mdy|dmy"
        )),
    }
}

#[cfg(test)]
mod year_tests {
    use super::{DateOrder, parse_date};

    #[test]
    fn two_digit_years_are_this_century_and_four_digit_years_as_written() {
        let ymd = |raw: &str| parse_date(raw, DateOrder::DayFirst).map(|d| d.to_string());
        assert_eq!(ymd("5 Mar 24").unwrap(), "2024-03-05");
        assert_eq!(ymd("05/03/24").unwrap(), "2024-03-05");
        assert_eq!(ymd("05.03.2024").unwrap(), "2024-03-05");
        // Placeholders of database exports are not dates of this century.
        for raw in [
            "0001-01-01",
            "00010101",
            "-0001-01-01",
            "0099-12-31",
            "1 Jan 0001",
        ] {
            assert!(ymd(raw).is_err(), "{raw}: {:?}", ymd(raw));
        }
    }
}

#[cfg(test)]
mod days_tests {
    use super::Date;

    #[test]
    fn days_is_the_inverse_of_from_days() {
        for d in [-800_000, -1, 0, 1, 59, 60, 10_956, 20_000, 47_541, 800_000] {
            assert_eq!(Date::from_days(d).days(), d, "{d}");
        }
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(
            Date::new(2024, 2, 29).unwrap().days() + 1,
            Date::new(2024, 3, 1).unwrap().days()
        );
    }
}
