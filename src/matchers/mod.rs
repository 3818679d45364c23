//! Matchers answer small questions about a piece of text ("which Xinjiang places does this
//! address name, and how sure is that?", "which listed entity might this name be?", "which
//! sector are these goods in?", "which watched names does this row carry?"). They know
//! nothing of verdicts: the [`crate::engine`] records their answers as findings and
//! [`crate::verdict`] decides.

pub mod entity;
pub mod region;
pub mod sector;
pub mod watch;

/// An Aho-Corasick automaton that starts as a compact NFA and becomes a DFA once it has
/// been used enough for the DFA to pay for itself.
///
/// The gazetteer's DFA makes each search about twice as fast as its NFA but costs about
/// 0.15 s to build (measured with callgrind: 540 M instructions for the gazetteer and the
/// country names), which a `check` of one text or a CI run over a 50-line supplier list
/// should not pay. So the NFA answers the first [`Tiered::UPGRADE_AFTER`] searches; the
/// search that passes the mark builds the DFA on its own thread while the other threads go
/// on with the NFA, and every later search uses the DFA. Both find the same matches (same
/// patterns, same match kind), so when the switch happens changes no result.
pub(crate) struct Tiered {
    nfa: aho_corasick::AhoCorasick,
    dfa: std::sync::OnceLock<aho_corasick::AhoCorasick>,
    patterns: Vec<String>,
    kind: aho_corasick::MatchKind,
    start: aho_corasick::StartKind,
    uses: std::sync::atomic::AtomicU32,
}

impl std::fmt::Debug for Tiered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tiered")
            .field("patterns", &self.patterns.len())
            .field("dfa", &self.dfa.get().is_some())
            .finish()
    }
}

impl Tiered {
    /// Searches answered by the NFA before the DFA is built.
    pub(crate) const UPGRADE_AFTER: u32 = 20_000;

    /// Compile `patterns` (already folded) with `kind`, for unanchored searches. Errors:
    /// the automaton's own (a pattern set too large for its state identifiers).
    pub(crate) fn new(
        patterns: Vec<String>,
        kind: aho_corasick::MatchKind,
    ) -> Result<Tiered, aho_corasick::BuildError> {
        Tiered::with_start(patterns, kind, aho_corasick::StartKind::Unanchored)
    }

    /// [`Tiered::new`] for searches of the kind `start` (anchored ones: only matches that
    /// begin where the search begins; such an automaton has no failure transitions and
    /// its DFA is smaller and quicker to build).
    pub(crate) fn with_start(
        patterns: Vec<String>,
        kind: aho_corasick::MatchKind,
        start: aho_corasick::StartKind,
    ) -> Result<Tiered, aho_corasick::BuildError> {
        let nfa = aho_corasick::AhoCorasick::builder()
            .match_kind(kind)
            .start_kind(start)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&patterns)?;
        Ok(Tiered {
            nfa,
            dfa: std::sync::OnceLock::new(),
            patterns,
            kind,
            start,
            uses: std::sync::atomic::AtomicU32::new(0),
        })
    }

    /// The automaton to search with now.
    pub(crate) fn get(&self) -> &aho_corasick::AhoCorasick {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if self.uses.fetch_add(1, Relaxed) != Self::UPGRADE_AFTER {
            return &self.nfa;
        }
        let dfa = aho_corasick::AhoCorasick::builder()
            .match_kind(self.kind)
            .start_kind(self.start)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&self.patterns);
        match dfa {
            Ok(d) => self.dfa.get_or_init(|| d),
            // The NFA was built from the same patterns; a DFA too large to build (not seen
            // with any pack) leaves the NFA in use.
            Err(_) => &self.nfa,
        }
    }
}

/// Every match of `ac` (built with [`aho_corasick::StartKind::Anchored`]) in folded text
/// that sits on word boundaries ([`crate::text::on_boundaries`]), as (start, end, pattern),
/// in order of start.
///
/// A match can only begin where a word may begin (the start of the text, after a character
/// that is not a letter or digit, or at a Chinese character), so an anchored search starts
/// only there and reports every pattern that begins at that point; the end of each is then
/// checked. This finds what an unanchored overlapping search filtered by `on_boundaries`
/// finds, without walking the automaton through the middle of every word.
pub(crate) fn word_matches(
    ac: &aho_corasick::AhoCorasick,
    folded: &str,
) -> Vec<(usize, usize, usize)> {
    use crate::text::{CharClass, class, on_boundaries};
    use aho_corasick::{Anchored, Input, automaton::OverlappingState};
    let mut all = Vec::new();
    let mut prev: Option<CharClass> = None;
    for (i, c) in folded.char_indices() {
        let here = class(c);
        let may_start = !(prev == Some(CharClass::Word) && here == CharClass::Word);
        prev = Some(here);
        if !may_start {
            continue;
        }
        let input = Input::new(folded).range(i..).anchored(Anchored::Yes);
        let mut state = OverlappingState::start();
        while ac.try_find_overlapping(input.clone(), &mut state).is_ok() {
            let Some(m) = state.get_match() else {
                break;
            };
            if on_boundaries(folded, m.start(), m.end()) {
                all.push((m.start(), m.end(), m.pattern().as_usize()));
            }
        }
    }
    all
}
