//! Sessions in memory, bounded: at most a fixed number per provider, the oldest dropped
//! first, so that a long test run (or a flood) cannot grow the simulator's memory.

use std::collections::{HashMap, VecDeque};

/// Values by key, at most [`super::MAX_SESSIONS`] of them, in insertion order.
pub struct Store<T> {
    entries: HashMap<String, T>,
    order: VecDeque<String>,
    cap: usize,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Self::with_cap(super::MAX_SESSIONS)
    }
}

impl<T> Store<T> {
    /// An empty store holding at most `cap` values (at least one).
    pub fn with_cap(cap: usize) -> Self {
        Self {
            entries: HashMap::new(),
            order: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    /// Keeps `value` under `key`, dropping the oldest values while the store is full. A key
    /// already there is replaced and keeps its place in the order.
    pub fn insert(&mut self, key: String, value: T) {
        if let Some(slot) = self.entries.get_mut(&key) {
            *slot = value;
            return;
        }
        while self.entries.len() >= self.cap {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.entries.remove(&oldest);
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.entries.get(key)
    }

    /// The value under `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.entries.get_mut(key)
    }

    /// How many values are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Store;

    #[test]
    fn keeps_at_most_cap_values_and_drops_the_oldest_first() {
        let mut store = Store::with_cap(3);
        for n in 0..10 {
            store.insert(format!("k{n}"), n);
        }
        assert_eq!(store.len(), 3);
        assert_eq!(store.get("k6"), None);
        assert_eq!(store.get("k7"), Some(&7));
        assert_eq!(store.get("k9"), Some(&9));
    }

    #[test]
    fn replacing_a_key_does_not_grow_the_store() {
        let mut store = Store::with_cap(2);
        store.insert("a".to_owned(), 1);
        store.insert("a".to_owned(), 2);
        store.insert("b".to_owned(), 3);
        assert_eq!(store.len(), 2);
        assert_eq!(store.get("a"), Some(&2));
        if let Some(value) = store.get_mut("b") {
            *value = 4;
        }
        assert_eq!(store.get("b"), Some(&4));
    }
}
