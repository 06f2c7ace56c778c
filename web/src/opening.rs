//! Opening a share link in slices, for the page: `LinkOpening.begin(link)`, then `step(maxEvents)`
//! until it says done (the page draws and listens between steps), then `finish()` for the
//! playground. The link's checks and messages are `Playground.fromLink`'s; only the replay to
//! the link's moment is sliced.

use raft_core::sim::Opening;
use wasm_bindgen::prelude::*;

use crate::convert;
use crate::failure::{Failure, FailureView};
use crate::read;
use crate::sim::Sim;
use crate::{js_err, Playground};

/// A share link being opened.
#[wasm_bindgen]
pub struct LinkOpening {
    /// None once finished.
    opening: Option<Opening>,
    done: bool,
}

#[wasm_bindgen]
impl LinkOpening {
    /// Begins opening a share link (the text after '#', or with it). Throws at once for a
    /// malformed, truncated, oversized or newer-version link.
    pub fn begin(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<LinkOpening, JsValue> {
        let text = read::text(&text, "LinkOpening.begin(link)").map_err(js_err)?;
        let opening = Sim::begin_link(&text).map_err(js_err)?;
        Ok(LinkOpening {
            opening: Some(opening),
            done: false,
        })
    }

    /// Replays at most `maxEvents` more events; true once done (then call `finish`).
    pub fn step(
        &mut self,
        #[wasm_bindgen(js_name = maxEvents)] max_events: f64,
    ) -> Result<bool, JsValue> {
        let budget = convert::event_budget(max_events).map_err(js_err)?;
        let Some(opening) = self.opening.as_mut() else {
            return Err(finished("LinkOpening.step"));
        };
        if !self.done {
            self.done = opening.run(budget);
        }
        Ok(self.done)
    }

    /// How far the replay got, 0 to 1.
    pub fn progress(&self) -> f64 {
        self.opening.as_ref().map_or(1.0, Opening::progress)
    }

    /// The playground at the link's moment, once `step` said done; throws for a run whose
    /// actions do not all apply, or when called too early or twice.
    pub fn finish(&mut self) -> Result<Playground, JsValue> {
        if !self.done {
            return Err(js_err(Failure::new(
                FailureView::OpeningNotDone,
                String::from("LinkOpening.finish: step until it says done first"),
            )));
        }
        let Some(opening) = self.opening.take() else {
            return Err(finished("LinkOpening.finish"));
        };
        Ok(Playground::from_sim(Sim::opened(opening).map_err(js_err)?))
    }
}

/// `method` called after `finish`.
fn finished(method: &str) -> JsValue {
    js_err(Failure::new(
        FailureView::OpeningFinished {
            method: method.into(),
        },
        format!("{method}: already finished"),
    ))
}
