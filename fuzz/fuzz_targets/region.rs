//! The region matcher on any text, as an address, a name and a description.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use uflpa_screen::matchers::region::{Country, TextKind};
use uflpa_screen::{RulePack, Screener};

fn screener() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| Screener::new(RulePack::embedded().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let f = uflpa_screen::text::fold(text);
    assert_eq!(uflpa_screen::text::fold(&f), f);
    for kind in [TextKind::Address, TextKind::Name, TextKind::Goods] {
        for c in [Country::Unknown, Country::China, Country::Foreign("KZ".into())] {
            for finding in screener().scan_text("t", text, kind, &c) {
                assert!(!finding.reason.is_empty());
            }
        }
    }
    let _ = screener().region().country_of(text);
});
