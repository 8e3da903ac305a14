//! Bad input that needs a file system the trycmd cases (`tests/cmd/`, run by `cmd.rs`) cannot
//! hold: a file over the size limit, an unreadable file, a symbolic-link loop. Each must exit 2
//! with a coded message that names the file and says what to do. Every other kind of bad
//! input is a trycmd case with its exact output.

use std::fs;

use crate::run;

fn shown(path: &std::path::Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.toml");
    fs::write(&big, "#".repeat(1024 * 1024 + 1)).expect("write");
    let (code, _, stderr) = run(&["check", shown(&big)]);
    assert_eq!(code, Some(2));
    let expected = format!(
        "error[FF303]: {}: the file is 1048577 bytes; fiveforces reads files (questionnaires, question banks, playbooks) of at most 1048576 bytes (is this the right file?)\n",
        big.display()
    );
    assert_eq!(stderr, expected);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_explained() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("locked.toml");
    fs::copy(crate::repo("examples/saas-crm.toml"), &path).expect("copy");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root (and some CI containers run as root) can read a file whatever its permissions, so
    // the permission error can only be seen when a real read attempt fails.
    if fs::read(&path).is_ok() {
        return;
    }
    let (code, _, stderr) = run(&["score", shown(&path)]);
    assert_eq!(code, Some(2));
    let expected = format!(
        "error[FF308]: {}: permission denied: you may not read it (check its permissions with `ls -l`, or ask its owner for read access)\n",
        path.display()
    );
    assert_eq!(stderr, expected);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_and_the_rest_scored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("unit");
    fs::create_dir(&folder).expect("mkdir");
    fs::copy(crate::repo("examples/saas-crm.toml"), folder.join("a.toml")).expect("copy");
    std::os::unix::fs::symlink(&folder, folder.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("self.toml", folder.join("self.toml")).expect("symlink");
    let (code, stdout, stderr) = run(&["score", "--format", "json", shown(&folder)]);
    assert_eq!(code, Some(2));
    let (unit, shown) = (folder.display(), |name: &str| folder.join(name).display().to_string());
    let expected = format!(
        "error[FF304]: {}: this symbolic link loops back to {unit}, a folder above it, so it was not followed (remove the link, or name the folders you mean on the command line)\n\
         error[FF308]: {}: symbolic links here loop back on themselves (remove the link, or point it at a real file)\n",
        shown("loop"),
        shown("self.toml"),
    );
    assert_eq!(stderr, expected);
    let reports: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("json");
    let codes: Vec<&serde_json::Value> = reports.iter().map(|r| &r["problems"][0]["code"]).collect();
    assert_eq!(reports[0]["assessment"]["name"], "Nimbus CRM");
    assert_eq!(codes[1..], [&serde_json::json!("FF304"), &serde_json::json!("FF308")]);
}
