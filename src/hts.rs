//! HTS codes (Harmonized Tariff Schedule of the United States) as written on manifests.
//! A base module: input and rules use it, and it uses neither.

/// Turn an HTS code as written (`6109.10.0012`, `6109100012`) into its digits, or explain
/// why it is not one. `min..=max` digits are accepted.
pub fn hts_digits(raw: &str, min: usize, max: usize) -> Result<String, String> {
    let mut digits = String::with_capacity(10);
    hts_digits_into(raw, min, max, &mut digits)?;
    Ok(digits)
}

/// [`hts_digits`] into a buffer of the caller's (cleared first).
pub fn hts_digits_into(
    raw: &str,
    min: usize,
    max: usize,
    digits: &mut String,
) -> Result<(), String> {
    digits.clear();
    for c in raw.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            '.' | ' ' | '-' => {}
            _ => return Err(format!("'{raw}' is not an HTS code (unexpected '{c}')")),
        }
    }
    if digits.len() < min || digits.len() > max {
        return Err(format!(
            "'{raw}' has {} digits; an HTS code has {min} to {max}",
            digits.len()
        ));
    }
    Ok(())
}

/// How an HTS cell as written was read (see [`read_hts_into`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtsRead {
    /// The digits as written.
    Digits,
    /// 5, 7 or 9 digits (or a first group of 3): a spreadsheet dropped the leading zero,
    /// which was restored.
    LeadingZero,
    /// Scientific notation (`1.60521E+09`): digits are lost and never guessed.
    LostDigits,
}

/// Read an HTS cell into its digits (`digits`, cleared first), restoring a leading zero a
/// spreadsheet dropped; `Err` with the reason when it is not an HTS code.
///
/// - `6109.10.0012`, `6109100012`, `610910`: the digits (4 to 10);
/// - `30617`, `813403000` (5, 7 or 9 digits without separators) and `306.17.0040` (a first
///   group of 3 digits): one leading zero restored, [`HtsRead::LeadingZero`];
/// - `1.60521E+09`: [`HtsRead::LostDigits`], `digits` empty;
/// - a code with separators whose first group has 4 digits keeps its digits as written
///   (`6109.1` is heading 6109, never chapter 06).
pub fn read_hts_into(raw: &str, digits: &mut String) -> Result<HtsRead, String> {
    let t = raw.trim();
    // A number written by a float export ("306170040.0", "30617.00"): the fraction is not part
    // of the code.
    let t = match t.split_once('.') {
        Some((int, frac))
            if int.len() >= 5
                && int.bytes().all(|b| b.is_ascii_digit())
                && !frac.is_empty()
                && frac.bytes().all(|b| b == b'0') =>
        {
            int
        }
        _ => t,
    };
    if is_scientific(t) {
        digits.clear();
        return Ok(HtsRead::LostDigits);
    }
    hts_digits_into(t, 3, 10, digits).map_err(|e| e.replace(" 3 to 10", " 4 to 10"))?;
    let first_group = t
        .split(['.', ' ', '-'])
        .next()
        .map_or(0, |g| g.chars().filter(char::is_ascii_digit).count());
    let separated = first_group < digits.len();
    let restore = if separated {
        first_group == 3
    } else {
        matches!(digits.len(), 5 | 7 | 9)
    };
    if restore {
        digits.insert(0, '0');
        return Ok(HtsRead::LeadingZero);
    }
    if digits.len() < 4 {
        return Err(format!(
            "'{raw}' has {} digits; an HTS code has 4 to 10",
            digits.len()
        ));
    }
    Ok(HtsRead::Digits)
}

/// Digits written the usual way: `0306.17`, `0813.40.3000`, `6109.10.0012`.
pub fn dotted(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + 3);
    for (i, c) in digits.chars().enumerate() {
        if i == 4 || i == 6 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `1.60521E+09`, `6.1091E9`: a number in scientific notation.
fn is_scientific(t: &str) -> bool {
    let Some(e) = t.find(['e', 'E']) else {
        return false;
    };
    let (m, x) = (&t[..e], &t[e + 1..]);
    let x = x.strip_prefix(['+', '-']).unwrap_or(x);
    !m.is_empty()
        && m.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && m.chars().any(|c| c.is_ascii_digit())
        && !x.is_empty()
        && x.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<(String, HtsRead), String> {
        let mut d = String::new();
        read_hts_into(raw, &mut d).map(|r| (d, r))
    }

    #[test]
    fn lost_leading_zeros_and_scientific_notation() {
        use HtsRead::*;
        assert_eq!(read("30617").unwrap(), ("030617".into(), LeadingZero));
        assert_eq!(read("3061700").unwrap(), ("03061700".into(), LeadingZero));
        assert_eq!(
            read("813403000").unwrap(),
            ("0813403000".into(), LeadingZero)
        );
        assert_eq!(
            read("306.17.0040").unwrap(),
            ("0306170040".into(), LeadingZero)
        );
        assert_eq!(read("813.40").unwrap(), ("081340".into(), LeadingZero));
        assert!(read("306").is_err());
        assert_eq!(read("6109.1").unwrap(), ("61091".into(), Digits));
        assert_eq!(read("6109.10.0012").unwrap(), ("6109100012".into(), Digits));
        assert_eq!(read("0306.17").unwrap(), ("030617".into(), Digits));
        assert_eq!(read("1.60521E+09").unwrap(), (String::new(), LostDigits));
        assert_eq!(read("6.1091e9").unwrap(), (String::new(), LostDigits));
        assert!(read("61").is_err());
        assert!(read("61A9").unwrap_err().contains("unexpected 'A'"));
        assert!(read("E+09").is_err());
    }

    #[test]
    fn hts_codes_with_and_without_dots() {
        assert_eq!(hts_digits("6109.10.0012", 4, 10).unwrap(), "6109100012");
        assert_eq!(hts_digits("6109100012", 4, 10).unwrap(), "6109100012");
        assert_eq!(hts_digits("610910", 4, 10).unwrap(), "610910");
        assert!(hts_digits("61", 4, 10).is_err());
        assert!(hts_digits("61091000123", 4, 10).is_err());
        assert!(
            hts_digits("61A9", 4, 10)
                .unwrap_err()
                .contains("unexpected 'A'")
        );
    }

    #[test]
    fn a_float_export_fraction_is_not_part_of_the_code() {
        let mut d = String::new();
        assert_eq!(
            read_hts_into("306170040.0", &mut d),
            Ok(HtsRead::LeadingZero)
        );
        assert_eq!(d, "0306170040");
        assert_eq!(
            read_hts_into("813403000.0", &mut d),
            Ok(HtsRead::LeadingZero)
        );
        assert_eq!(d, "0813403000");
        assert_eq!(read_hts_into("6109100012.00", &mut d), Ok(HtsRead::Digits));
        assert_eq!(d, "6109100012");
        // A dotted code keeps its dots' meaning.
        assert_eq!(read_hts_into("6109.10", &mut d), Ok(HtsRead::Digits));
        assert_eq!(d, "610910");
    }
}
