//! Finds the message catalogs (`i18n/<lang>.json`) so that adding a language is adding a
//! file: the page offers every catalog it finds, English first.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("i18n");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut languages: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .filter_map(|path| Some((path.file_stem()?.to_str()?.to_string(), path.clone())))
                .collect()
        })
        .unwrap_or_default();
    languages.sort_by_key(|(lang, _)| (lang != "en", lang.clone()));
    let mut code = String::from("&[\n");
    for (lang, path) in &languages {
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(code, "    ({lang:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("languages.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}
