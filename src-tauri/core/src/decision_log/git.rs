//! The user's own `git` executable, run in a log's folder: their configuration, hooks,
//! signing and credentials apply as on the command line. ArchDecide never pulls or pushes.

use std::path::Path;
use std::process::Command;

/// `git -C dir args…`; its stdout, or its stderr (or why it could not start) as the reason.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("git cannot be started: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim_end().to_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("git failed").trim().to_owned())
    }
}

/// The root of the git working tree holding `dir`, if there is one.
pub fn work_tree(dir: &Path) -> Option<String> {
    git(dir, &["rev-parse", "--show-toplevel"]).ok().filter(|root| !root.is_empty())
}

/// Commits exactly `files` and the removal of `removed` (paths relative to `dir`), whatever
/// else is staged; the result is `<short hash> <first line of the message>`.
pub fn commit(dir: &Path, files: &[String], removed: &[String], message: &str) -> Result<String, String> {
    work_tree(dir).ok_or_else(|| format!("{} is not inside a git working tree", dir.display()))?;
    let mut add = vec!["add", "--"];
    add.extend(files.iter().map(String::as_str));
    git(dir, &add)?;
    // Only what git knew can be committed as removed.
    let removed: Vec<&str> = removed
        .iter()
        .map(String::as_str)
        .filter(|f| git(dir, &["cat-file", "-e", &format!("HEAD:./{f}")]).is_ok())
        .collect();
    if !removed.is_empty() {
        let mut rm = vec!["rm", "--cached", "--quiet", "--ignore-unmatch", "--"];
        rm.extend(removed.iter().copied());
        git(dir, &rm)?;
    }
    let mut commit = vec!["commit", "--quiet", "-m", message, "--"];
    commit.extend(files.iter().map(String::as_str));
    commit.extend(removed.iter().copied());
    git(dir, &commit)?;
    let hash = git(dir, &["rev-parse", "--short", "HEAD"])?;
    Ok(format!("{hash} {}", message.lines().next().unwrap_or_default()))
}

/// The branch that holds what is published: the remote's default (`origin/HEAD`), else
/// `origin/main` or `origin/master`, else a local `main` or `master`.
pub fn default_branch(dir: &Path) -> Option<String> {
    if let Ok(head) = git(dir, &["rev-parse", "--abbrev-ref", "origin/HEAD"])
        && !head.is_empty()
        && head != "origin/HEAD"
    {
        return Some(head);
    }
    ["origin/main", "origin/master", "main", "master"]
        .into_iter()
        .find(|branch| git(dir, &["rev-parse", "--verify", "--quiet", branch]).is_ok())
        .map(str::to_owned)
}

/// Whether `file` (relative to `dir`) is in `branch`.
pub fn in_branch(dir: &Path, branch: &str, file: &str) -> bool {
    git(dir, &["cat-file", "-e", &format!("{branch}:./{file}")]).is_ok()
}
