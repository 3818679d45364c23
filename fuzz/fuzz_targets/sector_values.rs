//! Typed values (money, quantities, dates, HTS codes) and the sector matcher on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use uflpa_screen::input::value::{parse_date, parse_money, parse_quantity};
use uflpa_screen::input::{DateOrder, DecimalStyle};
use uflpa_screen::{RulePack, Screener};

fn screener() -> &'static Screener {
    static S: std::sync::OnceLock<Screener> = std::sync::OnceLock::new();
    S.get_or_init(|| Screener::new(RulePack::embedded().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for style in [DecimalStyle::Auto, DecimalStyle::Point, DecimalStyle::Comma] {
        let _ = parse_money(text, style);
        let _ = parse_quantity(text, style);
    }
    for order in [DateOrder::Auto, DateOrder::MonthFirst, DateOrder::DayFirst] {
        let _ = parse_date(text, order);
    }
    if let Ok(digits) = uflpa_screen::hts::hts_digits(text, 4, 10) {
        let _ = screener().sector().by_hts(&digits, text);
    }
    for h in screener().sector().by_text(text) {
        assert!(h.sector < screener().pack().sectors.len());
    }
});
