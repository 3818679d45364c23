//! Lists beside the UFLPA Entity List that users keep in a list directory (`--lists DIR`),
//! each with its own rule code, severity and legal basis:
//!
//! - `wro.csv`: CBP Withhold Release Orders and Findings under 19 U.S.C. 1307 (rules WR701,
//!   WR702): detention on their own legal basis, shown apart from the UFLPA presumption;
//!   matched on the producer and the merchandise (HTS prefixes), with the order's status;
//! - `xpcc-affiliates.csv`: companies the user's research names as subordinate or affiliated
//!   entities of the Xinjiang Production and Construction Corps (rule EL305, presumed: the
//!   XPCC is listed "and its subordinate and affiliated entities"); the finding names the
//!   file and the basis of the link.
//!
//! Formats (header lines starting `#` are comments; `|` separates values in a cell):
//!
//! ```text
//! producer,aliases,merchandise,country,hts_prefixes,status,date,type,citation,url,note
//! name,aliases,names_zh,relationship,source
//! ```
//!
//! `status` is `active`, `modified` (narrowed by CBP: still in force for what it covers) or
//! `revoked` (no finding); `type` is `WRO` or `Finding`; an empty `hts_prefixes` means any
//! product. All files are read offline: the tool never fetches them.

use super::ListError;

/// The file name of the WRO list in a list directory.
pub const WRO_FILE: &str = "wro.csv";
/// The file name of the XPCC affiliate list in a list directory.
pub const XPCC_FILE: &str = "xpcc-affiliates.csv";

/// The status of a WRO or Finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// In force.
    Active,
    /// Narrowed by CBP; in force for what it still covers.
    Modified,
    /// Revoked: raises no finding.
    Revoked,
}

/// One CBP Withhold Release Order or Finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WroOrder {
    /// The producer as CBP names it.
    pub producer: String,
    /// Other names of the producer (or each party the order names).
    pub aliases: Vec<String>,
    /// The merchandise in CBP's words.
    pub merchandise: String,
    /// Country of the producer.
    pub country: String,
    /// HTS prefixes (digits only) the order covers; empty: any product.
    pub hts_prefixes: Vec<String>,
    /// Status.
    pub status: OrderStatus,
    /// Date of the order (`YYYY-MM-DD`, `YYYY-MM` or empty).
    pub date: String,
    /// `WRO` or `Finding`.
    pub kind: String,
    /// Legal citation.
    pub citation: String,
    /// CBP's notice or press release.
    pub url: String,
}

/// One company named as an XPCC subordinate or affiliate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XpccAffiliate {
    /// Company name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Chinese names.
    pub names_zh: Vec<String>,
    /// The link ("subordinate (XPCC 8th Division)", "located in an XPCC city").
    pub relationship: String,
    /// Where the link comes from.
    pub source: String,
}

/// The user's lists besides the Entity List, with the files they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserLists {
    /// WROs and Findings.
    pub wro: Vec<WroOrder>,
    /// The WRO file as named (for findings).
    pub wro_file: String,
    /// XPCC subordinates and affiliates.
    pub xpcc: Vec<XpccAffiliate>,
    /// The XPCC file as named (for findings).
    pub xpcc_file: String,
}

fn split(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// One row of a user list: (column, value) pairs.
type Cells = Vec<(String, String)>;

/// Rows of a user list: the header (after `#` comment lines) must hold `required`; each
/// row comes with its 1-based line and a getter by column name.
fn rows(file: &str, text: &str, required: &[&str]) -> Result<Vec<(usize, Cells)>, ListError> {
    let err = |line: usize, key: &str, message: String| ListError {
        file: file.to_string(),
        line,
        key: key.to_string(),
        message,
    };
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| err(1, "header", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    // After the header the reader stands at the next line.
    let header_line = (r.position().line() as usize).saturating_sub(1);
    for c in required {
        if !headers.iter().any(|h| h == c) {
            return Err(err(
                header_line.max(1),
                c,
                format!("column missing (expected {})", required.join(", ")),
            ));
        }
    }
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            err(
                e.position().map_or(0, |p| p.line() as usize),
                "row",
                e.to_string(),
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        out.push((
            line,
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|c| c.trim().to_string()))
                .collect(),
        ));
    }
    Ok(out)
}

fn get<'a>(row: &'a [(String, String)], key: &str) -> &'a str {
    row.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// Refuse a name (or alias) of generic business words only: it would match any company.
fn distinctive(file: &str, line: usize, key: &str, names: &[&str]) -> Result<(), ListError> {
    match names
        .iter()
        .find(|n| crate::matchers::entity::generic_only(n))
    {
        Some(n) => Err(ListError {
            file: file.to_string(),
            line,
            key: key.to_string(),
            message: format!(
                "'{n}' is made of generic business words only: it would match any such company; give the full name"
            ),
        }),
        None => Ok(()),
    }
}

/// `YYYY-MM-DD` (a real day) or `YYYY-MM`.
fn valid_order_date(d: &str) -> bool {
    if super::parse_iso(d).is_some() && d.len() == 10 {
        return true;
    }
    let b = d.as_bytes();
    d.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(d[5..].parse::<u8>(), Ok(1..=12))
}

/// Read `wro.csv` (`file` names it in errors). Required columns: `producer`, `status`,
/// `type`; the others may be left out. `status` is `active`, `modified` (also CBP's
/// "Partially Active") or `revoked` (also CBP's "Inactive").
pub fn read_wro(file: &str, text: &str) -> Result<Vec<WroOrder>, ListError> {
    let mut out = Vec::new();
    for (line, row) in rows(file, text, &["producer", "status", "type"])? {
        let err = |key: &str, message: String| ListError {
            file: file.to_string(),
            line,
            key: key.to_string(),
            message,
        };
        let producer = get(&row, "producer").to_string();
        if producer.is_empty() {
            return Err(err("producer", "empty".to_string()));
        }
        let status = match get(&row, "status").to_ascii_lowercase().as_str() {
            "active" => OrderStatus::Active,
            "modified" | "partially active" => OrderStatus::Modified,
            "revoked" | "inactive" => OrderStatus::Revoked,
            other => {
                return Err(err(
                    "status",
                    format!("'{other}': expected active, modified or revoked"),
                ));
            }
        };
        let kind = match get(&row, "type").to_ascii_lowercase().as_str() {
            "wro" => "WRO",
            "finding" => "Finding",
            other => return Err(err("type", format!("'{other}': expected WRO or Finding"))),
        };
        let mut hts_prefixes = Vec::new();
        for p in split(get(&row, "hts_prefixes")) {
            // Digits with dots (or spaces) between them; anything else is a typo that would
            // silently narrow the order ("95O3" with a letter O).
            let ok = p
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
                && p.chars().any(|c| c.is_ascii_digit());
            if !ok {
                return Err(err(
                    "hts_prefixes",
                    format!("'{p}' is not an HTS prefix (digits and dots: 52|1404.20)"),
                ));
            }
            hts_prefixes.push(p.chars().filter(char::is_ascii_digit).collect::<String>());
        }
        let date = get(&row, "date").to_string();
        if !date.is_empty() && !valid_order_date(&date) {
            return Err(err(
                "date",
                format!("'{date}' is not a date (YYYY-MM-DD, YYYY-MM, or empty when unknown)"),
            ));
        }
        let aliases = split(get(&row, "aliases"));
        distinctive(file, line, "producer", &[producer.as_str()])?;
        distinctive(
            file,
            line,
            "aliases",
            &aliases.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        out.push(WroOrder {
            producer,
            aliases,
            merchandise: get(&row, "merchandise").to_string(),
            country: get(&row, "country").to_string(),
            hts_prefixes,
            status,
            date,
            kind: kind.to_string(),
            citation: get(&row, "citation").to_string(),
            url: get(&row, "url").to_string(),
        });
    }
    Ok(out)
}

/// Read `xpcc-affiliates.csv` (`file` names it in errors). Required columns: `name`,
/// `relationship`, `source`; `aliases` and `names_zh` may be left out.
pub fn read_xpcc(file: &str, text: &str) -> Result<Vec<XpccAffiliate>, ListError> {
    let mut out = Vec::new();
    for (line, row) in rows(file, text, &["name", "relationship", "source"])? {
        let name = get(&row, "name").to_string();
        if name.is_empty() {
            return Err(ListError {
                file: file.to_string(),
                line,
                key: "name".to_string(),
                message: "empty".to_string(),
            });
        }
        let aliases = split(get(&row, "aliases"));
        distinctive(file, line, "name", &[name.as_str()])?;
        distinctive(
            file,
            line,
            "aliases",
            &aliases.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        out.push(XpccAffiliate {
            name,
            aliases,
            names_zh: split(get(&row, "names_zh")),
            relationship: get(&row, "relationship").to_string(),
            source: get(&row, "source").to_string(),
        });
    }
    Ok(out)
}

/// The names of a WRO producer or an XPCC affiliate as Entity List records, so that the
/// Entity List's name matcher (abbreviations, cuts, scripts) reads them the same way.
pub fn as_records(names: &[(String, Vec<String>, Vec<String>)]) -> Vec<crate::rules::EntityRecord> {
    names
        .iter()
        .map(|(name, aliases, zh)| crate::rules::EntityRecord {
            name: name.clone(),
            aliases: aliases.clone(),
            names_zh: zh.clone(),
            scope: String::new(),
            sections: Vec::new(),
            date_added: crate::date::Date::from_days(0),
            citation: String::new(),
            notice: String::new(),
            sector_hint: String::new(),
            location: String::new(),
        })
        .collect()
}
