//! Embeds the participant's page (ui/dist: participant.html and the assets it loads) into the
//! room server, as the window's UI is embedded into the app: build the UI before cargo.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    let page = dist.join("participant.html");
    assert!(page.exists(), "{} is missing: build the UI first (cd ui && npm ci && npm run build)", page.display());
    let mut out =
        String::from("/// (path served, bytes, content type)\npub static FILES: &[(&str, &[u8], &str)] = &[\n");
    let _ = writeln!(out, "    (\"/participant.html\", include_bytes!({:?}), \"text/html; charset=utf-8\"),", page);
    let assets = dist.join("assets");
    println!("cargo:rerun-if-changed={}", assets.display());
    let mut names: Vec<_> = std::fs::read_dir(&assets)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    for path in names {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("svg") => "image/svg+xml",
            Some("png") => "image/png",
            Some("woff2") => "font/woff2",
            _ => continue,
        };
        let _ = writeln!(out, "    (\"/assets/{name}\", include_bytes!({path:?}), {kind:?}),");
    }
    out += "];\n";
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("page_files.rs");
    std::fs::write(target, out).expect("writing page_files.rs into OUT_DIR");
}
