//! The scenarios, as data built from raft-core's scenario scripts at compile time (see
//! build.rs): the wasm opens a scenario like a share link, without carrying the scripts.

use raft_core::Time;

/// One scenario: what `Playground.scenarios()` lists and `fromScenario(id)` opens.
#[derive(Debug)]
pub struct Scenario {
    /// Stable id.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// The recording as share-link text, cursor at 0.
    pub link: &'static str,
    /// Captions as (virtual µs, text), in time order.
    pub captions: &'static [(Time, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));

/// The scenario `id`.
pub fn find(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_core::scenarios::build;
    use raft_core::share::decode;

    #[test]
    fn the_data_is_raft_cores_scenarios() {
        let listed: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
        assert_eq!(listed, raft_core::scenarios::IDS);
        assert_eq!(IDS, listed.join(", "));
        for s in SCENARIOS {
            let built = build(s.id).unwrap();
            assert_eq!(s.title, built.title);
            let captions: Vec<(Time, &str)> = built
                .captions
                .iter()
                .map(|c| (c.at, c.text.as_str()))
                .collect();
            assert_eq!(s.captions, &captions[..], "{}", s.id);
            let shared = decode(s.link).unwrap();
            assert_eq!(shared.recording, built.recording, "{}", s.id);
            assert_eq!(shared.cursor, 0);
            assert!(std::ptr::eq(find(s.id).unwrap(), s));
        }
        assert!(find("nope").is_none());
    }
}
