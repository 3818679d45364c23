//! Answers remembered by the text they are about, for one screening thread.
//!
//! Manifests repeat the same addresses, names and goods on many lines: the engine asks the
//! matchers once per distinct text and remembers the answer in a [`Memo`] that the thread
//! owns (no global or thread-local state). A key is the text and whatever else the answer
//! depends on, compared in full on a hit, so a hash collision cannot give a wrong answer.
//! A memo holds at most `limit` answers and is emptied when full, so memory stays flat
//! however long the input.
//!
//! For text that mostly never comes back (free-text descriptions with their own order and
//! carton numbers), [`Memo::with_doorkeeper`] remembers only what is asked about a second
//! time: the first time, the memo notes the key's hash (eight bytes, no copy of the text
//! or of the answer). Such text then costs a hash and a set insert, and does not push
//! the answers that do repeat out of a full memo.
//!
//! A memo that hardly ever answers costs more than it saves (a hash, a look-up that misses
//! the processor's caches, a copy of the key). Every memo watches its own hit rate through a
//! [`Gate`]: after a window of questions answered less than one time in twenty, it is
//! emptied and rests (the matchers are asked directly) for a while, then tries again. The
//! answers are the same either way; only the time differs.

use std::hash::{BuildHasher, Hash};

/// Text (with the other parts of its key, `A`) -> answer `V`.
#[derive(Debug)]
pub struct Memo<A, V> {
    map: std::collections::HashMap<u64, (Box<str>, A, V), foldhash::fast::FixedState>,
    /// With a doorkeeper: hashes of keys asked about once, at most `4 * limit`, emptied
    /// when full. A collision here only decides whether an answer is stored.
    seen: Option<std::collections::HashSet<u64, foldhash::fast::FixedState>>,
    limit: usize,
    gate: Gate,
    /// The last few questions with their answers, looked at before hashing: one row asks
    /// about the same text several times (the supplier is often the manufacturer, at the
    /// same address). Empty for a memo with a doorkeeper.
    recent: Vec<(String, A, V)>,
    /// How many `recent` holds at most, and the slot to fill next.
    recent_max: usize,
    next: usize,
    /// Questions answered from the memo.
    pub hits: u64,
    /// Questions asked.
    pub asked: u64,
}

/// Whether a memo is worth asking: after a window of [`Gate::WINDOW`] questions with fewer
/// than one hit in twenty, it rests (is not asked) for [`Gate::FIRST_REST`] questions, then
/// watches a new window; each window in a row that does not pay doubles the rest, up to
/// [`Gate::MAX_REST`], and a window that pays starts over. So on text that never repeats a
/// memo soon costs about 6% of what it would (one window in every longest rest), a file
/// whose rows start to repeat after a while finds its memo again within one rest, and on
/// text that repeats the memo is always asked.
#[derive(Debug, Default, Clone)]
pub struct Gate {
    asked: u32,
    hits: u32,
    resting: u32,
    /// The next rest; 0 before the first.
    next_rest: u32,
    /// Questions not asked of the memo because it rested (`screen --stats`).
    pub rested: u64,
}

impl Gate {
    /// Questions in one window of watching.
    pub const WINDOW: u32 = 16_384;
    /// Questions the first rest lasts.
    pub const FIRST_REST: u32 = 16_384;
    /// The longest rest.
    pub const MAX_REST: u32 = 262_144;

    /// Whether the memo should be asked this time (counts a question when it rests).
    pub fn open(&mut self) -> bool {
        if self.resting > 0 {
            self.resting -= 1;
            self.rested += 1;
            return false;
        }
        true
    }

    /// Record one question asked of the memo. True when the window just ended with too
    /// few hits: the caller empties its memo, which now rests.
    pub fn record(&mut self, hit: bool) -> bool {
        self.asked += 1;
        self.hits += u32::from(hit);
        if self.asked < Self::WINDOW {
            return false;
        }
        let useless = self.hits.saturating_mul(20) < self.asked;
        self.asked = 0;
        self.hits = 0;
        if useless {
            let rest = self.next_rest.max(Self::FIRST_REST);
            self.resting = rest;
            self.next_rest = rest.saturating_mul(2).min(Self::MAX_REST);
        } else {
            self.next_rest = Self::FIRST_REST;
        }
        useless
    }
}

impl<A: PartialEq + Clone + Hash, V: Clone> Memo<A, V> {
    /// A memo of at most `limit` answers.
    pub fn with_limit(limit: usize) -> Memo<A, V> {
        Memo {
            map: Default::default(),
            seen: None,
            limit,
            gate: Gate::default(),
            recent: Vec::new(),
            recent_max: 4,
            next: 0,
            hits: 0,
            asked: 0,
        }
    }

    /// A memo of at most `limit` answers that stores an answer only when its key is asked
    /// about a second time (see the module docs).
    pub fn with_doorkeeper(limit: usize) -> Memo<A, V> {
        Memo {
            map: Default::default(),
            seen: Some(Default::default()),
            limit,
            gate: Gate::default(),
            recent: Vec::new(),
            recent_max: 0,
            next: 0,
            hits: 0,
            asked: 0,
        }
    }

    /// The remembered answer for (`text`, `aux`), or `f()` remembered.
    pub fn get_or(&mut self, text: &str, aux: &A, f: impl FnOnce() -> V) -> V {
        self.asked += 1;
        if let Some((_, _, v)) = self
            .recent
            .iter()
            .find(|(t, a, _)| t.len() == text.len() && t == text && a == aux)
        {
            self.hits += 1;
            return v.clone();
        }
        let v = self.ask_map(text, aux, f);
        if self.recent_max > 0 {
            if self.recent.len() < self.recent_max {
                self.recent.push((text.to_string(), aux.clone(), v.clone()));
            } else {
                let slot = &mut self.recent[self.next];
                slot.0.clear();
                slot.0.push_str(text);
                slot.1 = aux.clone();
                slot.2 = v.clone();
            }
            self.next = (self.next + 1) % self.recent_max;
        }
        v
    }

    fn ask_map(&mut self, text: &str, aux: &A, f: impl FnOnce() -> V) -> V {
        if !self.gate.open() {
            return f();
        }
        let h = self.map.hasher().hash_one((text, aux));
        if let Some((t, a, v)) = self.map.get(&h) {
            if **t == *text && a == aux {
                self.hits += 1;
                self.gate.record(true);
                return v.clone();
            }
        }
        if self.gate.record(false) {
            self.map.clear();
            if let Some(seen) = &mut self.seen {
                seen.clear();
            }
            return f();
        }
        let v = f();
        if let Some(seen) = &mut self.seen {
            if seen.len() >= 4 * self.limit {
                seen.clear();
            }
            if seen.insert(h) {
                // First sighting: only its hash is kept.
                return v;
            }
        }
        if self.map.len() >= self.limit {
            self.map.clear();
        }
        self.map.insert(h, (text.into(), aux.clone(), v.clone()));
        v
    }

    /// Questions not asked of the stored answers because the memo rested ([`Gate`]).
    pub fn rested(&self) -> u64 {
        self.gate.rested
    }

    /// (questions answered, asked, asked while resting), for `screen --stats`.
    pub fn counts(&self) -> (u64, u64, u64) {
        (self.hits, self.asked, self.gate.rested)
    }

    /// Forget everything.
    pub fn clear(&mut self) {
        self.map.clear();
        self.recent.clear();
        self.next = 0;
        if let Some(seen) = &mut self.seen {
            seen.clear();
        }
    }

    /// Answers stored now.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no answer is stored.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn a_doorkeeper_stores_the_second_time() {
        let mut calls = 0;
        let mut m: Memo<(), usize> = Memo::with_doorkeeper(10);
        for _ in 0..3 {
            assert_eq!(
                m.get_or("desc", &(), || {
                    calls += 1;
                    7
                }),
                7
            );
        }
        // Computed on the first and second sightings, answered from the memo on the third.
        assert_eq!(calls, 2);
        assert_eq!(m.len(), 1);
        // A plain memo stores the first time.
        let mut calls = 0;
        let mut m: Memo<(), usize> = Memo::with_limit(10);
        for _ in 0..3 {
            m.get_or("addr", &(), || {
                calls += 1;
                7
            });
        }
        assert_eq!(calls, 1);
        // Text seen once is not stored.
        let mut m: Memo<(), usize> = Memo::with_doorkeeper(10);
        for i in 0..100 {
            m.get_or(&format!("unique {i}"), &(), || i);
        }
        assert!(m.is_empty());
    }

    #[test]
    fn the_last_questions_are_answered_before_hashing() {
        let mut m: Memo<u8, usize> = Memo::with_limit(10);
        let mut calls = 0;
        let mut ask = |m: &mut Memo<u8, usize>, t: &str, a: u8| {
            m.get_or(t, &a, || {
                calls += 1;
                t.len() + a as usize
            })
        };
        assert_eq!(ask(&mut m, "name", 1), 5);
        assert_eq!(ask(&mut m, "name", 2), 6); // another key: computed
        assert_eq!(ask(&mut m, "name", 1), 5);
        assert_eq!(ask(&mut m, "nam", 1), 4);
        assert_eq!(calls, 3);
        assert_eq!((m.hits, m.asked), (1, 4));
        // Forgetting forgets them too.
        m.clear();
        assert!(m.recent.is_empty() && m.is_empty());
    }

    #[test]
    fn a_memo_that_does_not_pay_rests_and_tries_again() {
        use super::Gate;
        let w = Gate::WINDOW as usize;
        let rest = Gate::FIRST_REST as usize;
        // Text that never repeats: after one window the memo is empty and not consulted.
        let mut m: Memo<(), usize> = Memo::with_limit(w * 2);
        for i in 0..w - 1 {
            assert_eq!(m.get_or(&format!("u{i}"), &(), || i), i);
        }
        assert_eq!(m.len(), w - 1);
        m.get_or("last of the window", &(), || 0);
        assert!(m.is_empty());
        // Resting: a text asked twice (with enough others between that the last few
        // questions no longer hold it) is computed twice, and nothing is stored.
        let mut calls = 0;
        for round in 0..2 {
            assert_eq!(
                m.get_or("again", &(), || {
                    calls += 1;
                    5
                }),
                5
            );
            for j in 0..4 {
                m.get_or(&format!("other {round} {j}"), &(), || 0);
            }
        }
        assert_eq!(calls, 2);
        assert!(m.is_empty());
        assert_eq!(m.rested(), 10);
        // After the rest it stores again, and text that repeats keeps it open.
        for i in 0..rest {
            m.get_or(&format!("r{i}"), &(), || i);
        }
        assert_eq!(m.rested(), rest as u64);
        let mut calls = 0;
        for _ in 0..3 * w {
            m.get_or("same", &(), || {
                calls += 1;
                1
            });
        }
        assert_eq!(calls, 1);
        assert_eq!(m.hits, 3 * w as u64 - 1);
        assert_eq!(m.asked, (w + 10 + rest + 3 * w) as u64);
    }

    #[test]
    fn rests_double_while_windows_do_not_pay_and_start_over_when_one_does() {
        use super::Gate;
        let mut g = Gate::default();
        // Watch a window, then rest; return how long the rest was.
        let window_then_rest = |g: &mut Gate, hit: bool| {
            for _ in 0..Gate::WINDOW {
                assert!(g.open());
                g.record(hit);
            }
            let mut n = 0;
            while !g.open() {
                n += 1;
            }
            // The question that found the gate open is part of the next window.
            g.record(hit);
            n
        };
        let first = Gate::FIRST_REST;
        assert_eq!(window_then_rest(&mut g, false), first);
        assert_eq!(g.rested, u64::from(first));
        // The next window started with the question above: finish it by hand.
        for _ in 1..Gate::WINDOW {
            assert!(g.open());
            g.record(false);
        }
        let mut n = 0;
        while !g.open() {
            n += 1;
        }
        assert_eq!(n, 2 * first);
        // Windows that pay: never rests; and the next useless one rests the first length.
        let mut g = Gate::default();
        assert_eq!(window_then_rest(&mut g, false), first);
        for _ in 1..3 * Gate::WINDOW {
            assert!(g.open());
            g.record(true);
        }
        for _ in 0..Gate::WINDOW {
            g.record(false);
        }
        let mut n = 0;
        while !g.open() {
            n += 1;
        }
        assert_eq!(n, first);
        // The longest rest.
        let mut g = Gate::default();
        let mut last = 0;
        for _ in 0..10 {
            for _ in 0..Gate::WINDOW {
                g.record(false);
            }
            last = 0;
            while !g.open() {
                last += 1;
            }
            g.record(false);
            // Keep window boundaries simple: undo the counted question.
            g.asked = 0;
        }
        assert_eq!(last, Gate::MAX_REST);
    }
}
