//! The Entity List name matcher on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use uflpa_screen::{RulePack, Screener};

fn screener() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| Screener::new(RulePack::embedded().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = uflpa_screen::matchers::entity::normalise(text);
    for h in screener().entity().candidates(text, 5) {
        assert!(h.score >= 0.0 && h.score <= 1.0001, "{h:?}");
        assert!(h.entity < screener().pack().entities.len());
    }
});
