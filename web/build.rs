//! Builds raft-core's scenarios at compile time, on the host, and hands them to the crate as
//! data: for each scenario its id, title, captions and recording as share-link text. The page
//! then opens a scenario the way it opens a link, and the wasm carries neither the scenario
//! scripts nor the formatting they use (about 24 KB of wasm, 11 KB gzipped, less).
//!
//! Output: `$OUT_DIR/scenarios.rs`, included by src/scenarios.rs.

use std::fmt::Write as _;
use std::path::PathBuf;

use raft_core::scenarios::{build, IDS};
use raft_core::share::{encode, Shared};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::from(
        "/// (id, title, recording as link text, captions as (µs, text)), in teaching order.\n\
         pub static SCENARIOS: &[Scenario] = &[\n",
    );
    for id in IDS {
        let s = build(id)
            .unwrap_or_else(|| panic!("raft-core lists scenario {id} but cannot build it"));
        let link = encode(&Shared {
            recording: s.recording,
            cursor: 0,
        });
        writeln!(
            out,
            "    Scenario {{\n        id: {:?},\n        title: {:?},",
            s.id, s.title
        )
        .unwrap();
        writeln!(out, "        link: {link:?},\n        captions: &[").unwrap();
        for c in &s.captions {
            writeln!(out, "            ({}, {:?}),", c.at, c.text).unwrap();
        }
        out.push_str("        ],\n    },\n");
    }
    out.push_str("];\n");
    writeln!(
        out,
        "/// Every id, comma separated (for an error message).\npub const IDS: &str = {:?};",
        IDS.join(", ")
    )
    .unwrap();
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("scenarios.rs"), out).expect("OUT_DIR is writable");
}
