//! Reading the name cell of the DHS UFLPA Entity List: the listed name, its aliases, the
//! scope wording and the subsidiaries a cell names.
//!
//! DHS writes everything about a listed entity in one cell. The shapes below are the ones
//! the OpenSanctions crawler of the page (`datasets/us/dhs_uflpa/crawler.py`) documents in
//! its comments, plus the `(formerly known as …)` / `(also known as …)` forms its pattern
//! accepts (`tests/data/lists/FORMATS.md`, section 1):
//!
//! ```text
//! NAME (and one alias: NAME)
//! NAME (including one alias: NAME) and subsidiaries
//! NAME (including three aliases: NAME; NAME; and NAME)
//! NAME (formerly known as NAME; also known as NAME)
//! NAME (XPCC) and its subordinate and affiliated entities
//! NAME and its eight PLACE-based subsidiaries, which include NAME, NAME, ..., and NAME
//! NAME and its subsidiary NAME
//! NAME, and Subsidiaries
//! ```
//!
//! A parenthesis inside the name (`Hoshine Silicon Industry (Shanshan) Co., Ltd`) is part of
//! the name: only a parenthesis that opens with alias wording, or an acronym at the end of
//! the name, gives aliases.

use regex::Regex;
use std::sync::LazyLock;

/// One name cell, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameCell {
    /// The listed name.
    pub name: String,
    /// Aliases and former names, in the cell's order.
    pub aliases: Vec<String>,
    /// Scope wording kept for the matcher ("and subsidiaries", "and its subordinate and
    /// affiliated entities"); empty when none.
    pub scope: String,
    /// Subsidiaries the cell names; each is a listed entity of its own.
    pub subsidiaries: Vec<String>,
}

static SUBS_WHICH_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),?\s+and\s+its\s+(?:[a-z]+\s+)?(?:[\w-]+-based\s+)?subsidiaries,?\s+(?:which|that)\s+(?:include|are)\s*:?\s+(.+)$")
        .expect("static regex")
});
static ONE_SUBSIDIARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),?\s+and\s+its\s+subsidiary,?\s+(.+)$").expect("static regex")
});
static SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i),?\s+(and\s+(?:its\s+)?(?:subordinate\s+and\s+affiliated\s+entities|subordinates|subsidiaries))\s*\.?$",
    )
    .expect("static regex")
});
static ALIAS_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:including|and)\s+([a-z]+|\d+)\s+alias(?:es)?\s*:\s*|^(?:formerly|also)\s+known\s+as\s*:?\s*|^(?:a/k/a|aka|f/k/a|fka)[\s:]+",
    )
    .expect("static regex")
});
static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9&.\-]{1,11}$").expect("static regex"));

/// Collapse every run of white space (line breaks, no-break spaces) into one space.
pub fn squeeze(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A count written as a word or digits ("three", "3"); `None` when it is neither.
fn count_word(w: &str) -> Option<usize> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let w = w.to_ascii_lowercase();
    WORDS
        .iter()
        .position(|x| *x == w)
        .or_else(|| w.parse().ok())
}

/// Read one name cell. Never fails: a cell in a shape not listed above gives its whole
/// text as the name, so nothing is dropped.
pub fn parse(cell: &str) -> NameCell {
    let mut text = squeeze(cell);
    let mut out = NameCell::default();
    if let Some(c) = SUBS_WHICH_INCLUDE.captures(&text) {
        let whole = c.get(0).map_or(0, |m| m.start());
        out.subsidiaries = split_names(&c[1], None);
        text.truncate(whole);
    } else if let Some(c) = ONE_SUBSIDIARY.captures(&text) {
        let whole = c.get(0).map_or(0, |m| m.start());
        out.subsidiaries = vec![trim_name(&c[1])];
        text.truncate(whole);
    }
    if let Some(c) = SCOPE.captures(&text) {
        let whole = c.get(0).map_or(0, |m| m.start());
        out.scope = c[1].to_lowercase();
        if out.scope == "and its subordinates" {
            out.scope = "and its subordinate and affiliated entities".to_string();
        }
        text.truncate(whole);
    }
    // Alias parentheses at the end of the name (there may be two: "(XPCC) (also known as …)").
    loop {
        let t = text.trim_end();
        let Some(open) = closing_group(t) else { break };
        let inner = &t[open + 1..t.len() - 1];
        let head = ALIAS_HEAD.find(inner);
        if let Some(h) = head {
            let count = ALIAS_HEAD
                .captures(inner)
                .and_then(|c| c.get(1))
                .and_then(|m| count_word(m.as_str()));
            let rest = &inner[h.end()..];
            let mut found = Vec::new();
            for part in rest.split(';') {
                let p = ALIAS_HEAD.replace(part.trim(), "");
                let p = p.trim().trim_start_matches("and ").trim();
                if !p.is_empty() {
                    found.push(p.to_string());
                }
            }
            if found.len() == 1 && count.is_some_and(|n| n > 1) {
                found = split_names(&found[0], count);
            }
            let mut all = found;
            all.append(&mut out.aliases);
            out.aliases = all.into_iter().map(|a| trim_name(&a)).collect();
        } else if ACRONYM.is_match(inner.trim()) {
            out.aliases.insert(0, inner.trim().to_string());
        } else {
            break;
        }
        text.truncate(open);
    }
    out.name = trim_name(&text);
    if out.name.is_empty() {
        out.name = squeeze(cell);
    }
    out.aliases.retain(|a| !a.is_empty() && *a != out.name);
    out
}

/// The byte index of the `(` that closes at the end of `t`, when `t` ends with `)`.
fn closing_group(t: &str) -> Option<usize> {
    if !t.ends_with(')') {
        return None;
    }
    let mut depth = 0i32;
    for (i, c) in t.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn trim_name(s: &str) -> String {
    s.trim()
        .trim_end_matches([',', ';', ':'])
        .trim()
        .to_string()
}

/// Company-form words that follow a comma inside one name ("Co., Ltd.").
const FORM_AFTER_COMMA: &[&str] = &[
    "ltd", "ltd.", "limited", "inc", "inc.", "llc", "co.", "co", "corp", "corp.", "plc", "s.a.",
    "ag", "gmbh",
];

/// Split a list of names written "A, B, and C", "A; B; and C" or "A and B". Commas inside a
/// company form ("Co., Ltd.") do not split. With `count`, a split on " and " is tried
/// only when it gives exactly that many names.
fn split_names(s: &str, count: Option<usize>) -> Vec<String> {
    let s = squeeze(s);
    let parts: Vec<String> = if s.contains(';') {
        s.split(';').map(str::to_string).collect()
    } else {
        let mut out: Vec<String> = Vec::new();
        for piece in s.split(", ") {
            let first = piece
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let joins = FORM_AFTER_COMMA.contains(&first.as_str());
            match out.last_mut() {
                Some(last) if joins => {
                    last.push_str(", ");
                    last.push_str(piece);
                }
                _ => out.push(piece.to_string()),
            }
        }
        out
    };
    let mut names: Vec<String> = parts
        .iter()
        .map(|p| {
            let p = p.trim();
            p.strip_prefix("and ").unwrap_or(p).trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .map(|p| trim_name(&p))
        .collect();
    if let (Some(n), 1) = (count, names.len()) {
        let by_and: Vec<String> = names[0].split(" and ").map(trim_name).collect();
        if by_and.len() == n {
            names = by_and;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_scope_and_subsidiaries() {
        let c = parse(
            "Xinjiang Production and Construction Corps (including three aliases: XPCC; Xinjiang Corps; and Bingtuan) and its subordinate and affiliated entities",
        );
        assert_eq!(c.name, "Xinjiang Production and Construction Corps");
        assert_eq!(c.aliases, ["XPCC", "Xinjiang Corps", "Bingtuan"]);
        assert_eq!(c.scope, "and its subordinate and affiliated entities");

        let c = parse(
            "Hoshine Silicon Industry (Shanshan) Co., Ltd (including one alias: Hesheng Silicon Industry (Shanshan) Co.) and subsidiaries",
        );
        assert_eq!(c.name, "Hoshine Silicon Industry (Shanshan) Co., Ltd");
        assert_eq!(c.aliases, ["Hesheng Silicon Industry (Shanshan) Co."]);
        assert_eq!(c.scope, "and subsidiaries");

        let c = parse(
            "Xinjiang Production and Construction Corps (XPCC) and its subordinate and affiliated entities",
        );
        assert_eq!(c.name, "Xinjiang Production and Construction Corps");
        assert_eq!(c.aliases, ["XPCC"]);

        let c = parse(
            "Changhong Meiling Co., Ltd.\n(formerly known as Hefei Meiling Co., Ltd.; also known as Hefei Meiling Group Holdings Limited)",
        );
        assert_eq!(c.name, "Changhong Meiling Co., Ltd.");
        assert_eq!(
            c.aliases,
            [
                "Hefei Meiling Co., Ltd.",
                "Hefei Meiling Group Holdings Limited"
            ]
        );

        let c = parse(
            "Ninestar Corporation and its eight Zhuhai-based subsidiaries, which include Zhuhai Ninestar Information Technology Co. Ltd., Zhuhai Pantum Electronics Co. Ltd., Zhuhai Apex Microelectronics Co., Ltd., Geehy Semiconductor Co., Ltd., Zhuhai Pu-Tech Industrial Co., Ltd., Zhuhai G&G Digital Technology Co., Ltd., Zhuhai Seine Printing Technology Co., Ltd., and Zhuhai Ninestar Management Co., Ltd.",
        );
        assert_eq!(c.name, "Ninestar Corporation");
        assert_eq!(c.subsidiaries.len(), 8, "{:?}", c.subsidiaries);
        assert_eq!(c.subsidiaries[2], "Zhuhai Apex Microelectronics Co., Ltd.");
        assert_eq!(c.subsidiaries[7], "Zhuhai Ninestar Management Co., Ltd.");
        assert_eq!(c.scope, "");

        let c = parse(
            "Chenguang Biotech Group Co., Ltd. and its subsidiary Chenguang Biotechnology Group Yanqi Co. Ltd.",
        );
        assert_eq!(c.name, "Chenguang Biotech Group Co., Ltd.");
        assert_eq!(
            c.subsidiaries,
            ["Chenguang Biotechnology Group Yanqi Co. Ltd."]
        );

        let c = parse("Example Textile Co., Ltd., and Subsidiaries");
        assert_eq!(c.name, "Example Textile Co., Ltd.");
        assert_eq!(c.scope, "and subsidiaries");

        // "two aliases: A and B" without semicolons: split on " and " only because the count says two.
        let c = parse("Foo Co., Ltd. (including two aliases: Bar Trading and Baz Holdings)");
        assert_eq!(c.aliases, ["Bar Trading", "Baz Holdings"]);
        // ... and a single alias with "and" in it stays whole.
        let c = parse("Foo Co., Ltd. (and one alias: Production and Sales Co.)");
        assert_eq!(c.aliases, ["Production and Sales Co."]);
    }

    #[test]
    fn look_alikes_stay_names() {
        // A qualifier in parentheses is part of the name, not an alias.
        let c = parse("Kashgar Construction Engineering (Group) Co., Ltd.");
        assert_eq!(c.name, "Kashgar Construction Engineering (Group) Co., Ltd.");
        assert!(c.aliases.is_empty());
        let c = parse("Hoshine Silicon Industry (Shanshan)");
        assert_eq!(c.name, "Hoshine Silicon Industry (Shanshan)");
        assert!(c.aliases.is_empty());
        // "and" inside a name is not scope wording.
        let c = parse(
            "Xinjiang Production and Construction Corps Eighth Division Tianshan Aluminum Co., Ltd. (also known as Tian Aluminum Co., Ltd.)",
        );
        assert_eq!(
            c.name,
            "Xinjiang Production and Construction Corps Eighth Division Tianshan Aluminum Co., Ltd."
        );
        assert_eq!(c.aliases, ["Tian Aluminum Co., Ltd."]);
        assert_eq!(c.scope, "");
        // An unknown shape keeps the whole cell.
        assert_eq!(parse("  Odd   cell ( ").name, "Odd cell (");
    }
}
