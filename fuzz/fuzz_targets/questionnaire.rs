//! Bytes → text (invalid UTF-8 replaced, as a lossy reader would) → read as a questionnaire,
//! a question bank and a playbook → score, rank and render every report, or render the
//! problems. The checks are the property tests' own (`tests/integration/pipeline.rs`).
//!
//! Run from the repository root (see README, Contributing):
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run questionnaire fuzz/seeds -- -max_total_time=600`

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/integration/pipeline.rs"]
mod pipeline;

fuzz_target!(|data: &[u8]| {
    pipeline::exercise(&String::from_utf8_lossy(data));
});
