//! Reading what JavaScript hands in, trusting nothing about it.
//!
//! The class is public to embedders, so any argument may be of the wrong type, a sparse array
//! whose `length` is 2^32 - 1, or a `Proxy` whose every access throws. Two rules keep every
//! such call an `Error` and the playground usable after it:
//! - every JS access that can run user code (a getter, a Proxy trap) goes through an import
//!   declared `catch`, so a throw comes back as a value instead of unwinding through the wasm,
//!   which would skip the release of wasm-bindgen's borrow of the `Playground` and leave every
//!   later call failing with "recursive use of an object";
//! - sizes are checked before anything is allocated or iterated.
//!
//! The values read are plain Rust data; the playground is only touched after.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::convert::UntilKind;
use crate::failure::{Failure, FailureView, Given};

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array_checked(value: &JsValue) -> Result<bool, JsValue>;
}

/// True when `value` is an array (or a Proxy of one); false for a revoked Proxy too.
pub fn is_array(value: &JsValue) -> bool {
    is_array_checked(value).unwrap_or(false)
}

/// How a refusal names a JS value: its type, or the value itself for a primitive.
pub fn describe(value: &JsValue) -> Given {
    if value.is_undefined() {
        Given::Undefined
    } else if value.is_null() {
        Given::Null
    } else if let Some(x) = value.as_f64() {
        Given::Number(x)
    } else if let Some(b) = value.as_bool() {
        Given::Boolean(b)
    } else if let Some(s) = value.as_string() {
        // A long string is named by its start: the message must stay readable.
        let mut start: String = s.chars().take(40).collect();
        if start.len() < s.len() {
            start.push('…');
        }
        Given::String(start)
    } else if value.is_symbol() {
        Given::Symbol
    } else if value.is_bigint() {
        Given::Bigint
    } else if value.is_function() {
        Given::Function
    } else if is_array(value) {
        Given::Array
    } else {
        Given::Object
    }
}

/// What a throwing getter or Proxy trap becomes.
fn threw(what: &str) -> Failure {
    Failure::new(
        FailureView::ArgumentThrew { what: what.into() },
        format!("{what}: reading the argument threw"),
    )
}

/// The length of an array argument, refused past `max` before any element is read.
fn length(value: &JsValue, what: &str, max: u32) -> Result<u32, Failure> {
    let len = Reflect::get(value, &JsValue::from_str("length")).map_err(|_| threw(what))?;
    match len.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => Ok(n as u32),
        _ => {
            let got = describe(&len);
            let message = format!("{what}: at most {max} entries, got an array of length {got}");
            Err(Failure::new(
                FailureView::TooManyEntries {
                    what: what.into(),
                    max,
                    got,
                },
                message,
            ))
        }
    }
}

/// `setPartition`'s groups: an array of at most `max` arrays of at most `max` numbers (node
/// ids are checked later, against the cluster). `max` is the most servers a cluster has:
/// groups name each server at most once.
pub fn groups(value: &JsValue, max: u32) -> Result<Vec<Vec<f64>>, Failure> {
    const WHAT: &str = "setPartition expects an array of arrays of node ids, e.g. [[0, 1], [2]]";
    let shape = |value: &JsValue| {
        let got = describe(value);
        let message = format!("{WHAT}, got {got}");
        Failure::new(FailureView::NotGroups { got }, message)
    };
    if !is_array(value) {
        return Err(shape(value));
    }
    let outer = length(value, WHAT, max)?;
    let mut groups = Vec::with_capacity(outer as usize);
    for i in 0..outer {
        let group = Reflect::get_u32(value, i).map_err(|_| threw(WHAT))?;
        if !is_array(&group) {
            return Err(shape(&group));
        }
        let inner = length(&group, WHAT, max)?;
        let mut ids = Vec::with_capacity(inner as usize);
        for j in 0..inner {
            let id = Reflect::get_u32(&group, j).map_err(|_| threw(WHAT))?;
            ids.push(id.as_f64().ok_or_else(|| shape(&id))?);
        }
        groups.push(ids);
    }
    Ok(groups)
}

/// A string argument (a share link), refused when it is anything else.
pub fn text(value: &JsValue, what: &str) -> Result<String, Failure> {
    value.as_string().ok_or_else(|| {
        let got = describe(value);
        let message = format!("{what} takes a string, got {got}");
        Failure::new(
            FailureView::NotAString {
                what: what.into(),
                got,
            },
            message,
        )
    })
}

/// What `runUntil` and `lookAhead` look for.
pub fn until_kind(method: &str, kind: &JsValue) -> Result<UntilKind, Failure> {
    match kind.as_string().as_deref() {
        Some("leader") => Ok(UntilKind::Leader),
        Some("commit") => Ok(UntilKind::Commit),
        Some("split") => Ok(UntilKind::Split),
        _ => {
            let got = describe(kind);
            let message = format!("{method}(kind) takes 'leader', 'commit' or 'split', got {got}");
            Err(Failure::new(
                FailureView::NotUntilKind {
                    method: method.into(),
                    got,
                },
                message,
            ))
        }
    }
}

/// The most fields a config object may have (it has a dozen).
const MAX_CONFIG_FIELDS: u32 = 64;

/// A plain copy of a config object: its own fields, each read once through `catch` and each
/// value a number, boolean, string, null or undefined as it came, or an empty array or object
/// standing for anything else (config values are numbers, booleans and strings: the others are
/// refused by name later). serde then reads the
/// copy, which runs no user code.
pub fn plain_config(config: &JsValue) -> Result<JsValue, Failure> {
    const WHAT: &str = "config";
    let keys = Reflect::own_keys(config).map_err(|_| threw(WHAT))?;
    if keys.length() > MAX_CONFIG_FIELDS {
        return Err(Failure::new(
            FailureView::ConfigTooManyFields {
                count: keys.length(),
            },
            format!(
                "config has {} fields; it takes at most a dozen",
                keys.length()
            ),
        ));
    }
    let copy = Object::new();
    for key in keys.iter() {
        // Symbol keys name no field.
        let Some(name) = key.as_string() else {
            continue;
        };
        let value = Reflect::get(config, &key).map_err(|_| threw(WHAT))?;
        let plain = if value.is_symbol()
            || value.is_bigint()
            || value.is_function()
            || (value.is_object() && !is_array(&value))
        {
            Object::new().into()
        } else if value.is_object() {
            js_sys::Array::new().into()
        } else {
            value
        };
        Reflect::set(&copy, &JsValue::from_str(&name), &plain).map_err(|_| threw(WHAT))?;
    }
    Ok(copy.into())
}
