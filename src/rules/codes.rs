//! The rule codes the tool emits by itself, as one closed set.
//!
//! The loader checks that the registry (`pack.toml`) defines every one of them, the engine
//! and [`crate::verdict`] emit them, outputs and tests name them through this type, so a
//! code cannot drift between files. Codes that come with data are not here: the
//! high-priority sector codes (`HP2xx`) are defined by `sectors.toml`, and an imported list
//! registers its own code when it is loaded ([`crate::RulePack::register_rule`]).
//! The registry snapshot test (`tests/integration/registry.rs`) keeps the whole list visible
//! in review.

use std::fmt;

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A built-in rule code. Stable: never renamed or reused once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every built-in code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as written in outputs and in `pack.toml`, e.g. `"XJ101"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => stringify!($name),)*
                }
            }
        }
    };
}

codes! {
    /// Xinjiang named in a party name or address.
    XJ101,
    /// A Xinjiang prefecture, county or XPCC city named.
    XJ102,
    /// A Xinjiang postcode.
    XJ103,
    /// A Xinjiang telephone area code.
    XJ104,
    /// The XPCC (Bingtuan) or one of its units.
    XJ105,
    /// Goods described as from Xinjiang.
    XJ106,
    /// An ambiguous place name that may be in Xinjiang (review).
    XJ107,
    /// A product named after a Xinjiang place (review).
    XJ108,
    /// Text garbled by the wrong code page, which may hide a place (review).
    XJ109,
    /// A party on the UFLPA Entity List (exact name or alias).
    EL301,
    /// A party that closely matches an Entity List entry.
    EL302,
    /// A party that resembles or extends an Entity List name (review).
    EL303,
    /// A party named as part of an entity listed with its subsidiaries or subordinate
    /// entities (presumed).
    EL304,
    /// A party named as an XPCC subordinate or affiliate by the user's own list (presumed:
    /// the XPCC is listed with its subordinate and affiliated entities).
    EL305,
    /// A high-priority sector traced to its raw material with no Xinjiang link (info).
    SC401,
    /// A high-priority sector whose raw-material origin is not traced (review).
    SC402,
    /// A cell of the row could not be read (value, quantity, date, HTS code, tier); the row
    /// was screened on every other field (review).
    DQ501,
    /// An HTS code that lost its leading zero in a spreadsheet (5, 7 or 9 digits), read
    /// with the zero restored (info).
    DQ502,
    /// An HTS code in scientific notation (`1.60521E+09`): its digits are lost, never
    /// guessed (review).
    DQ503,
    /// A declared value above the plausible maximum per line, left out of every total
    /// (review).
    DQ504,
    /// A quoted field that runs over several lines and whose first line would finish the
    /// row: if a quote is not closed, rows were read as one (info).
    DQ505,
    /// A company on the user's watch list.
    WL601,
    /// A place on the user's watch list.
    WL602,
    /// A keyword on the user's watch list.
    WL603,
    /// A producer named by a CBP Withhold Release Order or Finding in force, for goods the
    /// order covers (19 U.S.C. 1307, apart from the UFLPA presumption).
    WR701,
    /// A producer named by a CBP WRO or Finding in force, for goods outside the order's
    /// merchandise (info).
    WR702,
}

impl Code {
    /// The codes of the user's watch lists (`[watch]` in `uflpa.toml`).
    pub const WATCH: [Code; 3] = [Code::WL601, Code::WL602, Code::WL603];

    /// The built-in code written `s` (case-insensitive), if any.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }

    /// Data-quality codes (`DQ5xx`): a cell of the row, not a risk signal.
    pub fn is_data_quality(self) -> bool {
        matches!(
            self,
            Code::DQ501 | Code::DQ502 | Code::DQ503 | Code::DQ504 | Code::DQ505
        )
    }

    /// Entity List codes (`EL3xx`).
    pub fn is_entity_list(self) -> bool {
        matches!(
            self,
            Code::EL301 | Code::EL302 | Code::EL303 | Code::EL304 | Code::EL305
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, other: &Code) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        for (i, c) in Code::ALL.iter().enumerate() {
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(Code::parse(&c.as_str().to_lowercase()), Some(*c));
            assert!(!Code::ALL[..i].contains(c));
        }
        assert_eq!(Code::parse("HP201"), None);
        assert!("XJ107" == Code::XJ107);
        let owned = String::from("EL301");
        assert!(owned == Code::EL301);
    }
}
