//! Shared by the differential tests: finding an independent peer, or saying loudly why not.

use std::process::{Command, Stdio};

/// A `python3` (or `$PYTHON`) that can `import module`. Without one the calling test is to
/// be skipped — except under CI (`CI` set), where a missing peer is a missing install step
/// and fails the run.
pub(crate) fn python_with(module: &str, pip_name: &str) -> Option<String> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let found = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have python3 with {pip_name} (pip install {pip_name})"
    );
    eprintln!("SKIPPED: python3 with {pip_name} not found");
    None
}
