//! The command line's exact output, as trycmd case files: `tests/cmd/*.toml` (the command, the
//! input files in the folder named by `fs.cwd`, the exact standard output, standard error and
//! exit code) for every kind of bad input and every subcommand's `--help`, and the README's
//! `console` examples. `TRYCMD=overwrite cargo test --test integration cmd::` rewrites them
//! after an intended change (review the diff).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("fiveforces", std::path::Path::new(env!("CARGO_BIN_EXE_fiveforces")))
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml")
        .case("README.md");
}
