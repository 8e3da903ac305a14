//! Folder scans like ripgrep's: `.gitignore` (in a git repository), `.ignore` and hidden
//! files and folders are skipped, and so are TOML files that are plainly not questionnaires
//! (one notice for all of them), while a file named on the command line is still read as a
//! questionnaire. Checked in a temporary git repository laid out like a real one.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{repo, run_in};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// A repository root with questionnaires in `assessments/` and `nested/deep/`, and TOML
/// files that must not be scanned.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let git = Command::new("git").args(["init", "-q"]).current_dir(root).status().expect("git runs");
    assert!(git.success());
    let example = fs::read_to_string(repo("examples/saas-crm.toml")).expect("example");
    write(root, "assessments/b.toml", &example);
    write(root, "assessments/a.toml", &example);
    write(root, "nested/deep/c.toml", &example);
    write(root, "Cargo.toml", "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n");
    write(root, ".taplo.toml", "[formatting]\nalign_entries = true\n");
    write(root, "config/settings.toml", "title = \"not a questionnaire\"\n[server]\nport = 8080\n");
    write(root, ".gitignore", "/target/\nnode_modules/\ngenerated.toml\n");
    write(root, ".ignore", "drafts/\n");
    // Each of these is broken; a scan that read any of them would fail with exit 2.
    let broken = "[assessment]\nname = \n";
    write(root, "target/debug/build.toml", broken);
    write(root, "node_modules/pkg/x.toml", broken);
    write(root, "assessments/generated.toml", broken);
    write(root, "drafts/wip.toml", broken);
    write(root, ".hidden/h.toml", broken);
    write(root, "assessments/.secret.toml", broken);
    dir
}

#[test]
fn score_at_a_repository_root_reads_only_the_questionnaires_in_path_order() {
    let dir = repository();
    let (code, out, err) = run_in(dir.path(), &["score", ".", "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    let paths: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert_eq!(paths, ["./assessments/a.toml", "./assessments/b.toml", "./nested/deep/c.toml"], "{out}");
    // One notice for the two plain TOML files that are not questionnaires.
    let notices: Vec<&str> = err.lines().filter(|l| l.contains("not a questionnaire")).collect();
    assert_eq!(notices.len(), 1, "{err}");
    assert!(notices[0].starts_with("skipped 2 TOML files"), "{err}");
}

#[test]
fn check_scans_the_same_way_and_a_file_named_explicitly_is_still_an_error() {
    let dir = repository();
    let (code, out, err) = run_in(dir.path(), &["check", "."]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), 3, "{out}");
    let (code, _, err) = run_in(dir.path(), &["check", "Cargo.toml"]);
    assert_eq!(code, Some(2), "a file named on the command line is read as a questionnaire: {err}");
    assert!(err.contains("Cargo.toml"), "{err}");
    // An ignored file named explicitly is read too.
    let (code, _, _) = run_in(dir.path(), &["check", "drafts/wip.toml"]);
    assert_eq!(code, Some(2));
}

#[test]
fn a_broken_questionnaire_in_a_scanned_folder_is_still_reported() {
    let dir = repository();
    write(dir.path(), "assessments/typo.toml", "[assessment]\nname = \"x\"\n[buyer]\na = 3\n");
    let (code, _, err) = run_in(dir.path(), &["check", "."]);
    assert_eq!(code, Some(2));
    assert!(err.contains("FF101"), "{err}");
}

#[test]
fn a_folder_scanned_through_a_symbolic_link_and_a_subfolder_scanned_alone_follow_the_same_rules() {
    let dir = repository();
    // Scanned from below the root, the root's `.gitignore` still applies.
    let (code, out, err) = run_in(&dir.path().join("assessments"), &["score", ".", "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    let paths: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
    assert_eq!(paths, ["./a.toml", "./b.toml"], "{out}");
    // A folder given as a symbolic link is read as the folder it leads to.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let link = elsewhere.path().join("linked");
        std::os::unix::fs::symlink(dir.path().join("nested"), &link).expect("symlink");
        let (code, out, err) = run_in(elsewhere.path(), &["score", "linked", "--format", "csv"]);
        assert_eq!(code, Some(0), "{err}");
        let paths: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
        assert_eq!(paths, ["linked/deep/c.toml"], "{out}");
    }
}
