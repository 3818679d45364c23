//! Answers remembered by the text they are about, for one screening thread.
//!
//! Manifests repeat the same addresses, names and goods on many lines: the engine asks the
//! matchers once per distinct text and remembers the answer in a [`Memo`] that the thread
//! owns (no global or thread-local state). A key is the text and whatever else the answer
//! depends on, compared in full on a hit, so a hash collision cannot give a wrong answer.
//! A memo holds at most `limit` answers and is emptied when full, so memory stays flat
//! however long the input.

use std::hash::{BuildHasher, Hash};

/// Text (with the other parts of its key, `A`) -> answer `V`.
#[derive(Debug)]
pub struct Memo<A, V> {
    map: std::collections::HashMap<u64, (Box<str>, A, V), foldhash::fast::FixedState>,
    limit: usize,
}

impl<A: PartialEq + Clone + Hash, V: Clone> Memo<A, V> {
    /// A memo of at most `limit` answers.
    pub fn with_limit(limit: usize) -> Memo<A, V> {
        Memo {
            map: Default::default(),
            limit,
        }
    }

    /// The remembered answer for (`text`, `aux`), or `f()` remembered.
    pub fn get_or(&mut self, text: &str, aux: &A, f: impl FnOnce() -> V) -> V {
        let h = self.map.hasher().hash_one((text, aux));
        if let Some((t, a, v)) = self.map.get(&h) {
            if **t == *text && a == aux {
                return v.clone();
            }
        }
        let v = f();
        if self.map.len() >= self.limit {
            self.map.clear();
        }
        self.map.insert(h, (text.into(), aux.clone(), v.clone()));
        v
    }

    /// Forget everything.
    pub fn clear(&mut self) {
        self.map.clear();
    }
}
