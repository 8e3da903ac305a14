//! The business context of a questionnaire (its `[context]` table): how the business sells, so
//! that the advice fits it. Four keys, each optional, each with a closed list of values; the
//! playbook's `fits` rules name the same values, which is why this vocabulary sits beside
//! [`crate::force`] rather than inside the questionnaire: both the file format and the data
//! use it.

use std::fmt;

/// The `[context]` table.
pub const CONTEXT: &str = "context";

/// One key of `[context]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextKey {
    /// Who buys: businesses, consumers or both.
    Customers,
    /// How the business sells (a list).
    Selling,
    /// What it sells (a list).
    Offering,
    /// How customers buy: once, again and again, or under a contract.
    Purchase,
}

impl ContextKey {
    /// Every key, in the order they are written and asked.
    pub const ALL: [ContextKey; 4] =
        [ContextKey::Customers, ContextKey::Selling, ContextKey::Offering, ContextKey::Purchase];

    /// The key's name in the file.
    pub const fn key(self) -> &'static str {
        match self {
            ContextKey::Customers => "customers",
            ContextKey::Selling => "selling",
            ContextKey::Offering => "offering",
            ContextKey::Purchase => "purchase",
        }
    }

    /// The key by its name.
    pub fn from_key(key: &str) -> Option<ContextKey> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether the key holds a list of values (`selling`, `offering`) rather than one.
    pub const fn is_list(self) -> bool {
        matches!(self, ContextKey::Selling | ContextKey::Offering)
    }

    /// The values the key accepts, each with one line of help, in the documented order.
    pub const fn values(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ContextKey::Customers => &[
                ("businesses", "other businesses buy from you"),
                ("consumers", "people buy for themselves"),
                ("both", "businesses and consumers"),
            ],
            ContextKey::Selling => &[
                ("sales_reps", "field or account representatives"),
                ("online", "self-serve web or app"),
                ("stores", "shops, counters, branches"),
                ("partners", "dealers, resellers, distributors"),
            ],
            ContextKey::Offering => &[
                ("goods", "physical products"),
                ("software", "software, apps, digital subscriptions"),
                ("services", "work done for the customer"),
            ],
            ContextKey::Purchase => &[
                ("one_off", "customers buy once, or rarely"),
                ("repeat", "the customer comes back to buy again"),
                ("contract", "a subscription or contract that renews"),
            ],
        }
    }

    /// The value's position in [`ContextKey::values`], if it is one.
    pub fn value_index(self, value: &str) -> Option<u8> {
        self.values().iter().position(|(v, _)| *v == value).and_then(|i| u8::try_from(i).ok())
    }

    /// The value's name by its position.
    pub fn value_name(self, index: u8) -> &'static str {
        self.values().get(usize::from(index)).map_or("", |(v, _)| v)
    }

    /// What the key describes, for people: "how it sells".
    pub const fn aspect(self) -> &'static str {
        match self {
            ContextKey::Customers => "who buys",
            ContextKey::Selling => "how it sells",
            ContextKey::Offering => "what it sells",
            ContextKey::Purchase => "how customers buy",
        }
    }

    /// What the key asks, for the template and the interview.
    pub const fn question(self) -> &'static str {
        match self {
            ContextKey::Customers => "Who are your customers?",
            ContextKey::Selling => "How do you sell?",
            ContextKey::Offering => "What do you sell?",
            ContextKey::Purchase => "How do customers buy?",
        }
    }
}

impl fmt::Display for ContextKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The values given for one key, as a set of positions in [`ContextKey::values`] (a bit set: at
/// most eight values per key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Values(u8);

impl Values {
    /// No value.
    pub const EMPTY: Values = Values(0);

    /// Adds a value by position; false when it was already there.
    pub fn insert(&mut self, index: u8) -> bool {
        let bit = 1u8.checked_shl(u32::from(index)).unwrap_or(0);
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }

    /// Whether a value is there.
    pub fn contains(self, index: u8) -> bool {
        1u8.checked_shl(u32::from(index)).is_some_and(|bit| self.0 & bit != 0)
    }

    /// Whether no value is there.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two share a value.
    pub const fn meets(self, other: Values) -> bool {
        self.0 & other.0 != 0
    }

    /// The positions, in order.
    pub fn indices(self) -> impl Iterator<Item = u8> {
        (0..8u8).filter(move |&i| self.contains(i))
    }
}

/// A validated `[context]`: for each key, the values given (empty when the key is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Context {
    values: [Values; 4],
}

impl Context {
    /// The values given for `key` (empty when the key is left out).
    pub fn get(&self, key: ContextKey) -> Values {
        self.values.get(key as usize).copied().unwrap_or_default()
    }

    /// Sets the values of `key`.
    pub fn set(&mut self, key: ContextKey, values: Values) {
        if let Some(slot) = self.values.get_mut(key as usize) {
            *slot = values;
        }
    }

    /// The value names given for `key`, in the documented order.
    pub fn names(&self, key: ContextKey) -> Vec<&'static str> {
        self.get(key).indices().map(|i| key.value_name(i)).collect()
    }

    /// Whether no key is given.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(|v| v.is_empty())
    }

    /// Whether the business, as described, has at least one of `wanted` for `key`. A key left
    /// out matches anything (nothing is known against it); `customers = "both"` matches
    /// businesses and consumers.
    pub fn matches(&self, key: ContextKey, wanted: Values) -> bool {
        let mut given = self.get(key);
        if given.is_empty() {
            return true;
        }
        if key == ContextKey::Customers && given.contains(2) {
            given.insert(0);
            given.insert(1);
        }
        given.meets(wanted)
    }

    /// One line for people: `customers: consumers · selling: stores, online · …`.
    pub fn summary(&self) -> String {
        ContextKey::ALL
            .into_iter()
            .filter(|&k| !self.get(k).is_empty())
            .map(|k| format!("{k}: {}", self.names(k).join(", ")))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The line every report shows when a questionnaire has no `[context]`.
pub const NOT_FITTED: &str = "The advice is not fitted to the business: add a [context] table (customers, selling, offering, purchase) so that actions that cannot apply are left out; `fiveforces init` shows it.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_customers_match_either_kind_and_missing_keys_match_anything() {
        let mut context = Context::default();
        let mut businesses = Values::EMPTY;
        businesses.insert(0);
        assert!(context.matches(ContextKey::Customers, businesses));
        let mut both = Values::EMPTY;
        both.insert(2);
        context.set(ContextKey::Customers, both);
        assert!(context.matches(ContextKey::Customers, businesses));
        let mut consumers = Values::EMPTY;
        consumers.insert(1);
        context.set(ContextKey::Customers, consumers);
        assert!(!context.matches(ContextKey::Customers, businesses));
    }

    #[test]
    fn values_round_trip_by_name() {
        for key in ContextKey::ALL {
            for (i, (name, _)) in key.values().iter().enumerate() {
                assert_eq!(key.value_index(name).map(usize::from), Some(i));
                assert_eq!(key.value_name(u8::try_from(i).expect("small")), *name);
            }
        }
    }
}
