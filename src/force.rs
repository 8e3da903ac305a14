//! The five competitive forces: their stable names (the questionnaire's table names and the
//! JSON keys), their labels for people, and their fixed display order.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of Porter's five competitive forces.
///
/// The order of the variants is the order in which forces are shown everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Force {
    /// Bargaining power of suppliers.
    Suppliers,
    /// Bargaining power of buyers.
    Buyers,
    /// Rivalry among existing competitors.
    Rivalry,
    /// Threat of substitute products or services.
    Substitutes,
    /// Threat of new entrants.
    NewEntrants,
}

impl Force {
    /// All forces, in display order.
    pub const ALL: [Force; 5] =
        [Force::Suppliers, Force::Buyers, Force::Rivalry, Force::Substitutes, Force::NewEntrants];

    /// The stable name used as the questionnaire table name and in machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Force::Suppliers => "suppliers",
            Force::Buyers => "buyers",
            Force::Rivalry => "rivalry",
            Force::Substitutes => "substitutes",
            Force::NewEntrants => "new_entrants",
        }
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Force::Suppliers => "Supplier power",
            Force::Buyers => "Buyer power",
            Force::Rivalry => "Competitive rivalry",
            Force::Substitutes => "Threat of substitutes",
            Force::NewEntrants => "Threat of new entrants",
        }
    }

    /// Position in [`Force::ALL`], for per-force arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Looks a force up by its stable name.
    pub fn from_key(key: &str) -> Option<Force> {
        Force::ALL.into_iter().find(|force| force.key() == key)
    }

    /// The stable names of all forces, in display order.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        Force::ALL.into_iter().map(Force::key)
    }
}

impl fmt::Display for Force {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A value for each of the five forces, indexed by [`Force`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PerForce<T>(pub [T; 5]);

// `Force::index` is below 5 for every force, so indexing the array of 5 cannot fail.
#[allow(clippy::indexing_slicing)]
impl<T> PerForce<T> {
    /// The value for one force.
    pub fn get(&self, force: Force) -> &T {
        &self.0[force.index()]
    }

    /// The value for one force, mutably.
    pub fn get_mut(&mut self, force: Force) -> &mut T {
        &mut self.0[force.index()]
    }

    /// Each force with its value, in display order.
    pub fn iter(&self) -> impl Iterator<Item = (Force, &T)> {
        Force::ALL.into_iter().zip(self.0.iter())
    }
}
