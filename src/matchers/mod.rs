//! Matchers answer small questions about a piece of text ("which Xinjiang places does this
//! address name, and how sure is that?", "which listed entity might this name be?", "which
//! sector are these goods in?", "which watched names does this row carry?"). They know
//! nothing of verdicts: the [`crate::engine`] records their answers as findings and
//! [`crate::verdict`] decides.

pub mod entity;
pub(crate) mod iso3166;
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
/// patterns, same match kind), so when the switch happens changes no result. Only
/// [`word_matches`] searches a tier (with [`Joint`] for several lists at once).
pub(crate) struct Tiered {
    nfa: aho_corasick::AhoCorasick,
    /// The DFA as its own type, which [`word_matches`] walks byte by byte (without the
    /// general search's set-up per word).
    word_dfa: std::sync::OnceLock<Option<aho_corasick::dfa::DFA>>,
    patterns: Vec<String>,
    kind: aho_corasick::MatchKind,
    start: aho_corasick::StartKind,
    uses: std::sync::atomic::AtomicU32,
    /// Which three bytes a match can begin with, hashed to one of 65,536 bits
    /// ([`Tiered::slot`]; a pattern of two bytes sets every third byte, one of one byte every
    /// bit, and the end of the text counts as byte 0), so that [`word_matches`] starts a
    /// search only where some pattern may begin. A collision only costs a search.
    starts: Box<[u64; 1024]>,
    /// Some pattern begins with a space: [`word_matches`] must then try spaces too.
    space_start: bool,
}

impl std::fmt::Debug for Tiered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tiered")
            .field("patterns", &self.patterns.len())
            .field("dfa", &self.word_dfa.get().is_some_and(|d| d.is_some()))
            .finish()
    }
}

impl Tiered {
    /// Searches answered by the NFA before the DFA is built.
    pub(crate) const UPGRADE_AFTER: u32 = 20_000;

    /// Compile `patterns` (already folded) with `kind`, for searches of the kind `start`
    /// (anchored ones: only matches that begin where the search begins; such an automaton's
    /// DFA is smaller and quicker to build). Errors: the automaton's own (a pattern set too
    /// large for its state identifiers).
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
        let mut starts = Box::new([0u64; 1024]);
        let mut set = |bit: usize| starts[bit / 64] |= 1 << (bit % 64);
        for p in &patterns {
            match *p.as_bytes() {
                [] | [_] => (0..65536).for_each(&mut set),
                [a, b] => (0..=255).for_each(|c| set(Tiered::slot(a, b, c))),
                [a, b, c, ..] => set(Tiered::slot(a, b, c)),
            }
        }
        let space_start = patterns.iter().any(|p| p.starts_with(' '));
        Ok(Tiered {
            space_start,
            word_dfa: std::sync::OnceLock::new(),
            nfa,
            starts,
            patterns,
            kind,
            start,
            uses: std::sync::atomic::AtomicU32::new(0),
        })
    }

    /// The bit of three bytes in `starts`.
    #[inline]
    fn slot(a: u8, b: u8, c: u8) -> usize {
        let v = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
        (v.wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    /// Whether some pattern may begin at byte `i` of `text` (by bytes `i` to `i + 2`).
    #[inline]
    fn may_begin(&self, text: &[u8], i: usize) -> bool {
        let at = |k: usize| text.get(i + k).copied().unwrap_or(0);
        let bit = Tiered::slot(at(0), at(1), at(2));
        self.starts[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The DFA for [`word_matches`], once it has been asked for often enough to be worth
    /// building (the search that passes [`Tiered::UPGRADE_AFTER`] builds it); `None`
    /// before, or if it cannot be built.
    fn word_dfa(&self) -> Option<&aho_corasick::dfa::DFA> {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(d) = self.word_dfa.get() {
            return d.as_ref();
        }
        if self.uses.fetch_add(1, Relaxed) != Self::UPGRADE_AFTER {
            return None;
        }
        let dfa = self.build_word_dfa();
        self.word_dfa.get_or_init(|| dfa).as_ref()
    }

    fn build_word_dfa(&self) -> Option<aho_corasick::dfa::DFA> {
        aho_corasick::dfa::DFA::builder()
            .match_kind(self.kind)
            .start_kind(self.start)
            .build(&self.patterns)
            .ok()
    }

    /// The same tier with its DFA for [`word_matches`] built now, to test the DFA's walk.
    #[cfg(test)]
    fn with_word_dfa_now(self) -> Tiered {
        let dfa = self.build_word_dfa();
        assert!(dfa.is_some());
        let _ = self.word_dfa.set(dfa);
        self
    }
}

/// The leftmost-longest non-overlapping subset of matches on word boundaries ([`word_matches`]
/// or [`Joint::word_matches`]: (start, end, pattern)), in order of start: of matches with
/// the same start the longest, then none that begins inside it. Matches with the same start
/// and end keep their order.
pub(crate) fn leftmost_longest(
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    if found.len() <= 1 {
        return found;
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut end = 0;
    found.retain(|&(start, stop, _)| {
        let keep = start >= end;
        if keep {
            end = stop;
        }
        keep
    });
    found
}

/// `N` pattern lists in one anchored automaton, so that one walk of a text answers for
/// each list: a description is walked once for places, the countries and provinces it
/// names, sector keywords and listed names; a party's name or address once for the first
/// two. Each walk from a word start costs about the same however many lists share it,
/// and most of a text's cost is in starting walks.
pub(crate) struct Joint<const N: usize> {
    tiered: Tiered,
    /// Where each list's patterns begin in `tiered` (each list ends where the next begins,
    /// the last at the end).
    bounds: [usize; N],
}

impl<const N: usize> std::fmt::Debug for Joint<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Joint")
            .field("tiered", &self.tiered)
            .field("bounds", &self.bounds)
            .finish()
    }
}

impl<const N: usize> Joint<N> {
    /// Compile `lists` (each already folded) into one automaton for anchored searches with
    /// [`aho_corasick::MatchKind::Standard`], as [`word_matches`] wants. Errors: the
    /// automaton's own.
    pub(crate) fn new(lists: [&[String]; N]) -> Result<Joint<N>, aho_corasick::BuildError> {
        let mut patterns = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
        let mut bounds = [0; N];
        for (k, list) in lists.iter().enumerate() {
            bounds[k] = patterns.len();
            patterns.extend_from_slice(list);
        }
        let tiered = Tiered::with_start(
            patterns,
            aho_corasick::MatchKind::Standard,
            aho_corasick::StartKind::Anchored,
        )?;
        Ok(Joint { tiered, bounds })
    }

    /// For each list, the matches [`word_matches`] finds with that list alone, as
    /// (start, end, index in the list), in order of start. The same set of matches; a
    /// match may come more often than there (a longer walk passes more later starts), and
    /// every caller resolves overlaps, which drops a repeat. Matches with the same start and
    /// end keep their order.
    pub(crate) fn word_matches(&self, folded: &str) -> [Vec<(usize, usize, usize)>; N] {
        let mut out: [Vec<(usize, usize, usize)>; N] = std::array::from_fn(|_| Vec::new());
        for (s, t, p) in word_matches(&self.tiered, folded) {
            // The last list that begins at or before `p` (N is 2 or 3: a short scan).
            let k = self.bounds.iter().rposition(|&b| b <= p).unwrap_or(0);
            out[k].push((s, t, p - self.bounds[k]));
        }
        out
    }
}

/// Every match of `tiered` (built with [`aho_corasick::StartKind::Anchored`]) in folded text
/// that sits on word boundaries ([`crate::text::on_boundaries`]), or is a Cyrillic name
/// followed by a case ending ([`crate::text::on_boundaries_or_inflected`]: "кашгара" holds
/// "кашгар"), as (start, end, pattern), in order of start.
///
/// A match can only begin where a word may begin (the start of the text, after a character
/// that is not a letter or digit, at a Chinese character, or after an Arabic prefix joined to
/// the word, [`crate::text::after_arabic_proclitic`]), so an anchored search starts
/// only there and reports every pattern that begins at that point; the end of each is then
/// checked. This finds what an unanchored overlapping search filtered by `on_boundaries`
/// finds, without walking the automaton through the middle of every word; and a word whose
/// first three bytes begin no pattern is not searched at all.
pub(crate) fn word_matches(tiered: &Tiered, folded: &str) -> Vec<(usize, usize, usize)> {
    use crate::text::on_boundaries_or_inflected as on_boundaries;
    use crate::text::{CharClass, class};
    use aho_corasick::{Anchored, Input, automaton::OverlappingState};
    let mut all = Vec::new();
    let bytes = folded.as_bytes();
    // The tier's DFA once built, else its NFA through the general search.
    let dfa = tiered.word_dfa();
    let search = |i: usize, all: &mut Vec<(usize, usize, usize)>| match dfa {
        Some(d) => walk(d, folded, i, all),
        None => nfa_search(&tiered.nfa, folded, i, all),
    };
    /// Every match that begins at byte `i` and ends on a boundary, by the general search.
    fn nfa_search(
        ac: &aho_corasick::AhoCorasick,
        folded: &str,
        i: usize,
        all: &mut Vec<(usize, usize, usize)>,
    ) {
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
    /// An anchored overlapping search from byte `i`, as `try_find_overlapping` makes it
    /// (every match of each state reached, in order), keeping those that end on a boundary.
    fn walk(
        dfa: &aho_corasick::dfa::DFA,
        folded: &str,
        i: usize,
        all: &mut Vec<(usize, usize, usize)>,
    ) {
        use aho_corasick::automaton::Automaton;
        let report = |sid, at: usize, all: &mut Vec<(usize, usize, usize)>| {
            for k in 0..dfa.match_len(sid) {
                let pid = dfa.match_pattern(sid, k);
                let start = at - dfa.pattern_len(pid);
                if on_boundaries(folded, start, at) {
                    all.push((start, at, pid.as_usize()));
                }
            }
        };
        let Ok(mut sid) = dfa.start_state(Anchored::Yes) else {
            return;
        };
        if dfa.is_match(sid) {
            report(sid, i, all);
        }
        for (at, &b) in folded.as_bytes().iter().enumerate().skip(i) {
            sid = dfa.next_state(Anchored::Yes, sid, b);
            if dfa.is_special(sid) {
                if dfa.is_dead(sid) {
                    return;
                }
                if dfa.is_match(sid) {
                    report(sid, at + 1, all);
                }
            }
        }
    }
    // Folded Latin text (letters, digits and single spaces, as most is): a word begins at
    // the start and after each space, so only spaces are looked for (words are short: a
    // plain loop beats memchr). A space itself may begin a match only if a pattern begins
    // with one.
    if !tiered.space_start
        && bytes
            .iter()
            .all(|&b| b == b' ' || b.is_ascii_alphanumeric())
    {
        let mut after_space = true;
        for (i, &b) in bytes.iter().enumerate() {
            let start = after_space && b != b' ';
            after_space = b == b' ';
            if start && tiered.may_begin(bytes, i) {
                search(i, &mut all);
            }
        }
        return all;
    }
    let mut prev_word = false;
    // Where the word began: a name may begin after an Arabic prefix joined to it
    // ("بشينجيانغ", [`crate::text::after_arabic_proclitic`]).
    let mut word_start = 0;
    let mut next = 0;
    while next < bytes.len() {
        let i = next;
        // Folded text is mostly ASCII, whose letters and digits are word characters.
        let word = if bytes[i] < 0x80 {
            next += 1;
            bytes[i].is_ascii_alphanumeric()
        } else {
            let Some(c) = folded[i..].chars().next() else {
                break;
            };
            next += c.len_utf8();
            class(c) == CharClass::Word
        };
        if word && !prev_word {
            word_start = i;
        }
        // An Arabic letter (U+0600-06FF: lead bytes D8-DB) inside a word, after at most
        // three letters (two bytes each) that are a prefix.
        let after_prefix = word
            && prev_word
            && (0xD8..=0xDB).contains(&bytes[i])
            && i - word_start <= 6
            && crate::text::ARABIC_PREFIXES.contains(&&folded[word_start..i]);
        let may_start = !(prev_word && word) || after_prefix;
        prev_word = word;
        if !may_start || !tiered.may_begin(bytes, i) {
            continue;
        }
        search(i, &mut all);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::{Joint, Tiered, word_matches};
    use aho_corasick::{AhoCorasick, MatchKind, StartKind};
    use proptest::prelude::*;

    /// What `word_matches` promises: the set of every match of an unanchored overlapping search that
    /// sits on word boundaries, whatever the patterns (one byte, several, Chinese).
    #[test]
    fn word_matches_equal_an_overlapping_search_on_boundaries() {
        // Text of mixed scripts (the byte-by-byte walk), of Latin letters, digits and
        // spaces only (the walk from word starts after spaces), and with other ASCII (the walk again);
        // patterns that never or may begin with a space.
        for (text, pattern) in [
            ("[abk 新疆1]{0,24}", "[abk新疆1]{1,4}"),
            ("[abk 1]{0,24}", "[abk1]{1,4}"),
            ("[abk ,1]{0,24}", "[abk 1]{1,4}"),
            // Arabic particles joined to a name (و, ب), and other Arabic letters.
            ("[والبشين ،1]{0,24}", "[والبشين]{1,6}"),
        ] {
            same_as_overlapping_search(text, pattern);
        }
    }

    /// What `Joint` promises: for each list, the set of matches `word_matches` finds with
    /// that list alone, with its own pattern numbers; and with the DFA as with the NFA.
    #[test]
    fn joint_lists_find_what_each_list_alone_finds() {
        let mut runner = proptest::test_runner::TestRunner::default();
        let list = || proptest::collection::vec("[abk 新1]{1,4}", 0..4);
        runner
            .run(
                &("[abk 新疆1,]{0,24}", list(), list(), list()),
                |(text, a, b, c)| {
                    let joint = Joint::new([&a[..], &b[..], &c[..]]).unwrap();
                    let mut got = joint.word_matches(&text);
                    let dfa = Joint {
                        tiered: joint.tiered.with_word_dfa_now(),
                        bounds: joint.bounds,
                    };
                    prop_assert_eq!(&got, &dfa.word_matches(&text));
                    for (k, list) in [a, b, c].into_iter().enumerate() {
                        let mut want = if list.is_empty() {
                            Vec::new()
                        } else {
                            let alone =
                                Tiered::with_start(list, MatchKind::Standard, StartKind::Anchored)
                                    .unwrap();
                            word_matches(&alone, &text)
                        };
                        want.sort_unstable();
                        want.dedup();
                        got[k].sort_unstable();
                        got[k].dedup();
                        prop_assert_eq!(&got[k], &want, "list {} in {:?}", k, text);
                    }
                    Ok(())
                },
            )
            .unwrap();
    }

    fn same_as_overlapping_search(text: &str, pattern: &str) {
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(text, proptest::collection::vec(pattern, 1..6)),
                |(text, patterns)| {
                    let tiered = Tiered::with_start(
                        patterns.clone(),
                        MatchKind::Standard,
                        StartKind::Anchored,
                    )
                    .unwrap();
                    // The same match may come twice (an anchored overlapping search can
                    // report a later start); every caller resolves overlaps, so the set counts.
                    let mut got = word_matches(&tiered, &text);
                    // With the NFA (a tier's first searches) and with the DFA's own walk, in
                    // the same order.
                    let with_dfa = word_matches(&tiered.with_word_dfa_now(), &text);
                    prop_assert_eq!(&got, &with_dfa);
                    got.sort_unstable();
                    got.dedup();
                    let plain = AhoCorasick::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&patterns)
                        .unwrap();
                    let mut want: Vec<(usize, usize, usize)> = plain
                        .find_overlapping_iter(&text)
                        .filter(|m| {
                            crate::text::on_boundaries_or_inflected(&text, m.start(), m.end())
                        })
                        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                        .collect();
                    want.sort_unstable();
                    prop_assert_eq!(got, want, "{:?} in {:?}", patterns, text);
                    Ok(())
                },
            )
            .unwrap();
    }
}
