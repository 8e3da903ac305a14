//! Numbers as text, fast and exactly as the standard library and serde_json write them.
//!
//! A batch writes a dozen numbers per force for every file (scores, points, parts). The
//! standard library's `{:.1}` takes an exact big-number path (Dragon4) on every call, which
//! was about 5% of a JSONL batch, and a JSON float is written shortest-round-trip. Almost all
//! of these numbers are small non-negative tenths, which have a simple exact text; the rare
//! ones that do not (a negative value, a value within a hair of a rounding tie, a huge one)
//! go through the standard formatter, so the text is always the same as before, byte for byte
//! (held to it by the tests below, over every tenth and many random values).

use std::fmt::Write as _;

/// Below this a tenth's integer count is exact (well inside f64's 2^53 of integers).
const FAST_LIMIT: f64 = 1e12;

/// Below this `value * 10` is within 1e-9 of its exact product, so a fraction more than
/// 1e-6 from a tie rounds as the exact decimal does.
const FIXED_LIMIT: f64 = 1e7;

/// Below this every `f64` is exactly split into an integer part and a fraction by a cast.
const CAST_LIMIT: f64 = 4_503_599_627_370_496.0; // 2^52

/// `value.round()` (half away from zero), without the call to the C library the baseline
/// x86-64 target makes for it: for a non-negative value below 2^52 the cast truncates exactly
/// and `value − truncated` is exact; anything else (negative, −0, huge, NaN) goes to `round`.
pub fn round(value: f64) -> f64 {
    if value.is_sign_positive() && value < CAST_LIMIT {
        let whole = floor(value);
        if value - whole >= 0.5 { whole + 1.0 } else { whole }
    } else {
        value.round()
    }
}

/// `value.floor()`, without the C library call where a cast gives it exactly (see [`round`]).
pub fn floor(value: f64) -> f64 {
    if value.is_sign_positive() && value < CAST_LIMIT {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let whole = value as u64 as f64;
        whole
    } else {
        value.floor()
    }
}

/// Appends a whole number: up to three digits pushed one by one, larger ones through `itoa`.
pub fn push_uint(out: &mut String, value: u64) {
    let digit = |d: u64| char::from(b'0' + u8::try_from(d % 10).unwrap_or(0));
    match value {
        0..=9 => out.push(digit(value)),
        10..=99 => {
            out.push(digit(value / 10));
            out.push(digit(value));
        }
        100..=999 => {
            out.push(digit(value / 100));
            out.push(digit(value / 10));
            out.push(digit(value));
        }
        _ => out.push_str(itoa::Buffer::new().format(value)),
    }
}

/// Appends `value` with `digits` decimals (0 or 1), as `write!(out, "{value:.0}")` or
/// `write!(out, "{value:.1}")` does.
pub fn push_fixed(out: &mut String, value: f64, digits: u8) {
    let scale = if digits == 0 { 1.0 } else { 10.0 };
    let scaled = value * scale;
    let floor = floor(scaled);
    let fraction = scaled - floor;
    // A product within 1e-6 of a tie could round either way in exact arithmetic: leave it,
    // with anything negative, non-finite or large, to the standard formatter.
    let plain = value.is_sign_positive() && scaled < FIXED_LIMIT && (fraction - 0.5).abs() > 1e-6 && digits <= 1;
    if !plain {
        let _ = match digits {
            0 => write!(out, "{value:.0}"),
            _ => write!(out, "{value:.1}"),
        };
        return;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let units = (if fraction > 0.5 { floor + 1.0 } else { floor }) as u64;
    if digits == 0 {
        push_uint(out, units);
    } else {
        push_tenths_digits(out, units);
    }
}

/// Appends `units` tenths as a decimal with one digit after the point (`57` as `5.7`).
fn push_tenths_digits(out: &mut String, units: u64) {
    push_uint(out, units / 10);
    out.push('.');
    push_uint(out, units % 10);
}

/// `value` with `digits` decimals (0 or 1), as `format!("{value:.1}")` writes it.
pub fn fixed(value: f64, digits: u8) -> String {
    let mut out = String::with_capacity(8);
    push_fixed(&mut out, value, digits);
    out
}

/// Appends `value / 10` as serde_json writes an `f64` (shortest round trip, `5.0` for a whole
/// number): the text of a tenth, such as a rounded point or part.
pub fn push_tenths_json(out: &mut String, tenths: f64) {
    if tenths.is_sign_positive() && tenths < FAST_LIMIT && tenths - floor(tenths) == 0.0 {
        // The f64 nearest to k/10 prints as k/10's own decimal: it has far fewer than the
        // 15 significant digits every f64 round-trips.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        push_tenths_digits(out, tenths as u64);
    } else {
        push_json_float(out, tenths / 10.0);
    }
}

/// Appends a float as serde_json writes it (`null` when it is not finite).
pub fn push_json_float(out: &mut String, value: f64) {
    if value.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(value));
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn json(value: f64) -> String {
        serde_json::to_string(&value).unwrap_or_default()
    }

    #[test]
    fn every_tenth_to_ten_thousand_is_written_as_the_standard_formatter_writes_it() {
        for k in 0..100_000_u32 {
            let tenth = f64::from(k) / 10.0;
            for value in [tenth, tenth + 0.05, tenth + 0.049_999, tenth + 0.050_001, tenth * 0.999_999] {
                assert_eq!(fixed(value, 1), format!("{value:.1}"), "{value}");
                assert_eq!(fixed(value, 0), format!("{value:.0}"), "{value}");
            }
            let mut out = String::new();
            push_tenths_json(&mut out, f64::from(k));
            assert_eq!(out, json(tenth), "{k}");
        }
    }

    #[test]
    fn negative_zero_negative_and_odd_values_fall_back() {
        for value in [-0.0, -0.04, -2.5, 0.5, 1.5, 2.5, 0.25, 0.35, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(fixed(value, 1), format!("{value:.1}"), "{value}");
            assert_eq!(fixed(value, 0), format!("{value:.0}"), "{value}");
        }
        for tenths in [-0.0, -5.0, 2.5, f64::NAN, 1e300] {
            let mut out = String::new();
            push_tenths_json(&mut out, tenths);
            assert_eq!(out, json(tenths / 10.0), "{tenths}");
        }
    }

    #[test]
    fn round_and_floor_are_the_standard_ones_at_ties_edges_and_odd_values() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
            CAST_LIMIT,
            1e300,
            -0.5,
            -2.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            123.499_999_999_999_99,
        ];
        for value in edges {
            assert_eq!(round(value).to_bits(), value.round().to_bits(), "round {value}");
            assert_eq!(floor(value).to_bits(), value.floor().to_bits(), "floor {value}");
        }
        for n in (0..2_000).chain([u64::MAX, 1 << 40]) {
            let mut out = String::new();
            push_uint(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    proptest! {
        #[test]
        fn round_and_floor_agree_with_the_standard_ones(any in proptest::num::f64::ANY, small in 0.0_f64..2e3) {
            for value in [any, small, small * 1000.0] {
                prop_assert_eq!(round(value).to_bits(), value.round().to_bits());
                prop_assert_eq!(floor(value).to_bits(), value.floor().to_bits());
            }
        }

        #[test]
        fn any_value_is_written_as_the_standard_formatter_writes_it(value in -1e6_f64..1e6) {
            prop_assert_eq!(fixed(value, 1), format!("{value:.1}"));
            prop_assert_eq!(fixed(value, 0), format!("{value:.0}"));
            let tenths = (value * 10.0).round();
            let mut out = String::new();
            push_tenths_json(&mut out, tenths);
            prop_assert_eq!(out, json(tenths / 10.0));
        }
    }
}
