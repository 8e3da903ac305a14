//! Bytes → text (invalid UTF-8 replaced, as a lossy reader would) → read as a questionnaire,
//! a question bank and a playbook → score, rank and render every report, or render the
//! problems. The checks are the property tests' own (`tests/integration/pipeline.rs`).
//!
//! Two things libFuzzer alone would miss, because its inputs are short and it runs on the 8 MiB
//! main thread:
//! - every input is also tried *long*: its first line (at most 16 bytes) is a fragment, repeated
//!   thousands of times (the last byte says how many, up to 100,000) into the rest of the input
//!   at an offset (the byte before the last says where), so `{a = ` becomes 2,000 nested inline
//!   tables after `few_suppliers = ` and `[` 100,000 nested arrays, whatever `-max_len` is;
//! - the work runs on a thread with the stack of a batch worker
//!   ([`fiveforces::batch::WORKER_STACK`]), where a deep recursion overflows first.
//!
//! Run from the repository root (see README, Contributing):
//! `cargo +nightly fuzz run questionnaire fuzz/corpus/questionnaire examples fuzz/seeds -- -max_total_time=600`

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/pipeline.rs"]
mod pipeline;

/// How many times the first bytes of an input are repeated for its long form: from the input's
/// last byte, up to 100,000.
fn repeats(data: &[u8]) -> usize {
    let last = data.last().copied().unwrap_or(0);
    match last % 4 {
        0 => 2_000,
        1 => 5_000,
        2 => 20_000,
        _ => 100_000,
    }
}

/// The rest of the input with its first line (at most 16 bytes) repeated many times inside.
fn long_form(data: &[u8]) -> Vec<u8> {
    let Some(head_len) = data.iter().take(17).position(|&b| b == b'\n') else { return Vec::new() };
    let (head, rest) = data.split_at(head_len);
    let rest = &rest[1..];
    if head.is_empty() {
        return Vec::new();
    }
    let at = usize::from(data.len().checked_sub(2).map_or(0, |i| data[i])).min(rest.len());
    let (before, after) = rest.split_at(at);
    let mut long = before.to_vec();
    long.extend(head.repeat(repeats(data)));
    long.extend_from_slice(after);
    long
}

fuzz_target!(|data: &[u8]| {
    let short = String::from_utf8_lossy(data).into_owned();
    let long = String::from_utf8_lossy(&long_form(data)).into_owned();
    let worker = std::thread::Builder::new().stack_size(fiveforces::batch::WORKER_STACK).spawn(move || {
        pipeline::exercise(&short);
        if !long.is_empty() {
            pipeline::exercise(&long);
        }
    });
    // A panic on the worker is a finding: hand it on to libFuzzer.
    if let Err(panic) = worker.expect("a thread can be started").join() {
        std::panic::resume_unwind(panic);
    }
});
