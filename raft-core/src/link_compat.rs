//! Fields that share links do not carry.
//!
//! A link is the postcard bytes of the run's serde derives, so a new field anywhere in the
//! configuration or a starting state would move every byte after it and break the links made
//! before it (the format tag `r2` names that byte layout). A field marked
//! `#[serde(default, with = "crate::link_compat")]` is written in full to human-readable formats
//! (the page's objects, run files in JSON) and as nothing to compact binary formats (postcard),
//! which read it back as its default. What a link must still say about such a field it says in
//! its trailing extension ([`crate::share`]).

#[cfg(feature = "serde")]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `value` to a human-readable format, nothing (a unit) to a binary one.
#[cfg(feature = "serde")]
pub fn serialize<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        value.serialize(serializer)
    } else {
        ().serialize(serializer)
    }
}

/// Reads what [`serialize`] wrote: the value, or the default from a binary format.
#[cfg(feature = "serde")]
pub fn deserialize<'de, T: Deserialize<'de> + Default, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    if deserializer.is_human_readable() {
        T::deserialize(deserializer)
    } else {
        <()>::deserialize(deserializer)?;
        Ok(T::default())
    }
}
