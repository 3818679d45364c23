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

#[cfg(test)]
mod tests {
    use super::*;

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
}
