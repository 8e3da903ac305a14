//! Puts the git revision into `fiveforces --version` when built from a checkout
//! (`0.1.0 (a1b2c3d)`, with `-modified` for uncommitted changes); a build from a source
//! archive without `.git` gets the plain version.

use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let revision = Command::new("git")
        .args(["describe", "--always", "--dirty=-modified", "--exclude", "*"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|rev| rev.trim().to_owned())
        .filter(|rev| !rev.is_empty());
    let full = match revision {
        Some(rev) => format!("{version} ({rev})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=FIVEFORCES_VERSION={full}");
    for path in [".git/HEAD", ".git/index", ".git/refs"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
