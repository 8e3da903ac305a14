//! Byte tests eight bytes at a time, in one machine word, for the hot loops that look for the
//! rare byte in text that nearly never has one (a character JSON must escape, a control
//! character TOML forbids). The tests are the exact ones of "Bit Twiddling Hacks": whether a
//! word has a byte below `n` (for `n` up to 128), and, by XOR, whether it has a given byte.

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The words of `bytes`, eight bytes each, the last padded with `pad` (a byte the caller's
/// test does not look for).
pub(crate) fn words(bytes: &[u8], pad: u8) -> impl Iterator<Item = (u64, &[u8])> {
    let whole = bytes.chunks_exact(8);
    let rest = whole.remainder();
    let last = (!rest.is_empty()).then(|| {
        let mut last = [pad; 8];
        for (slot, &byte) in last.iter_mut().zip(rest) {
            *slot = byte;
        }
        (u64::from_le_bytes(last), rest)
    });
    whole
        .map(|chunk| {
            let mut eight = [0; 8];
            eight.copy_from_slice(chunk);
            (u64::from_le_bytes(eight), chunk)
        })
        .chain(last)
}

/// Whether some byte of `word` is below `n` (`n` at most 128).
pub(crate) fn has_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0
}

/// Whether some byte of `word` is `byte`.
pub(crate) fn has(word: u64, byte: u8) -> bool {
    has_below(word ^ (ONES * u64::from(byte)), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both tests find exactly the bytes they look for, at every place of a word.
    #[test]
    fn the_word_tests_are_exact() {
        for at in 0..8 {
            for byte in 0..=u8::MAX {
                let mut eight = [b'x'; 8];
                if let Some(slot) = eight.get_mut(at) {
                    *slot = byte;
                }
                let word = u64::from_le_bytes(eight);
                for n in [1, 0x20, 0x7f, 0x80] {
                    assert_eq!(has_below(word, n), byte < n || b'x' < n, "{byte:#04x} below {n:#04x} at {at}");
                }
                for wanted in [b'"', b'\\', 0x7f, 0] {
                    assert_eq!(has(word, wanted), byte == wanted, "{byte:#04x} is {wanted:#04x} at {at}");
                }
            }
        }
    }
}
