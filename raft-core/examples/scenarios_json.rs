//! Prints the scenario catalogue the page loads: `cargo run -p raft-core --example
//! scenarios_json > www/src/scenarios.json` (a test fails when the file is stale).

fn main() {
    print!("{}", raft_core::scenarios::catalog_json());
}
