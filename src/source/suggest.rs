//! "Did you mean …" suggestions for misspelled names (forces, question ids, keys).

/// Similarity below which a candidate is not worth suggesting. clap uses the same Jaro cutoff
/// for misspelled subcommands and flags.
const CUTOFF: f64 = 0.7;

/// The candidate most similar to `input`, if any is similar enough to be a likely typo.
/// Ties go to the candidate listed first, so the answer never depends on hashing.
pub fn closest<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for &candidate in candidates {
        let similarity = strsim::jaro(input, candidate);
        if similarity >= CUTOFF && best.is_none_or(|(top, _)| similarity > top) {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `did you mean `x`?` for the closest candidate, or a list of what is allowed when nothing is
/// close.
pub fn did_you_mean(input: &str, candidates: &[&str], what: &str) -> String {
    if let Some(candidate) = closest(input, candidates) {
        format!("did you mean `{candidate}`?")
    } else {
        let all: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
        format!("{what} are: {}", all.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_force() {
        let forces = ["suppliers", "buyers", "rivalry", "substitutes", "new_entrants"];
        assert_eq!(closest("supplier", &forces), Some("suppliers"));
        assert_eq!(closest("entrants", &forces), Some("new_entrants"));
        assert_eq!(closest("rivals", &forces), Some("rivalry"));
        assert_eq!(closest("xyz", &forces), None);
    }

    #[test]
    fn lists_the_allowed_names_when_nothing_is_close() {
        let message = did_you_mean("zzz", &["a_b", "c_d"], "valid names");
        assert_eq!(message, "valid names are: `a_b`, `c_d`");
    }
}
