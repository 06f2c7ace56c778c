//! The page's scenario catalogue (www/src/scenarios.json, written by raft-core's
//! `scenarios_json` example and loaded by the page only when a visitor opens a scenario): its
//! shape, declared here once so the page's TypeScript type is generated (tsify) and the native
//! tests check the file against it. Nothing here runs in the wasm.

use serde::Deserialize;
use tsify::Tsify;

/// One caption of a scenario's story.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Caption {
    /// Shown from this virtual time on, ms.
    pub at_ms: f64,
    /// What to say.
    pub text: String,
}

/// One scenario: a share link and the story told over it.
#[derive(Clone, Debug, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioEntry {
    /// Its id (the `scenario` attribute or query parameter).
    pub id: String,
    /// Its title.
    pub title: String,
    /// How long the story takes, virtual ms.
    pub duration_ms: f64,
    /// The run, as a share link.
    pub link: String,
    /// The story, in time order.
    pub captions: Vec<Caption>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_file_has_the_declared_shape() -> Result<(), serde_json::Error> {
        let list: Vec<ScenarioEntry> =
            serde_json::from_str(include_str!("../../www/src/scenarios.json"))?;
        assert_eq!(list.len(), raft_core::scenarios::IDS.len());
        for entry in &list {
            assert!(entry.captions.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        }
        Ok(())
    }
}
