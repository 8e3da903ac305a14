//! Every input the fuzzer ever crashed on (`tests/integration/fuzz_regressions/`), replayed
//! through the fuzz target's own checks.

use crate::pipeline;

#[test]
fn inputs_that_once_crashed_the_fuzzer_pass() {
    let dir = crate::repo("tests/integration/fuzz_regressions");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the regressions folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.file_name().is_some_and(|name| name != "README.md"))
        .collect();
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path).expect("read");
        let outcome = std::panic::catch_unwind(|| pipeline::exercise(&String::from_utf8_lossy(&bytes)));
        assert!(outcome.is_ok(), "{} fails again", path.display());
    }
}
