//! Autosave: the claim in progress and its documents' files, in IndexedDB (through the
//! small module `js/storage.js`), so that a reload or a crash loses nothing.

use js_sys::{Array, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::claim::{Claim, DocumentId};
use crate::i18n::Problem;

#[wasm_bindgen(module = "/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = saveClaim)]
    fn save_claim(key: &str, json: &str, ids: &Uint32Array, files: &Array) -> js_sys::Promise;
    #[wasm_bindgen(js_name = loadClaim)]
    fn load_claim(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = errorName)]
    fn error_name(error: &JsValue) -> String;
}

/// The one claim kept between visits.
const CURRENT: &str = "current";

fn problem(error: &JsValue) -> Problem {
    match error_name(error).as_str() {
        "QuotaExceededError" => Problem::new("storage.full", ""),
        _ => Problem::new("storage.refused", ""),
    }
}

/// Saves the claim and the files the page holds for its documents.
pub async fn save(claim: &Claim, files: &[(DocumentId, File)]) -> Result<(), Problem> {
    // Pretty and from bytes, as the manifest is written and read: one copy of serde's
    // code for Claim in the page instead of two.
    let json = serde_json::to_vec_pretty(claim).ok().and_then(|bytes| String::from_utf8(bytes).ok()).ok_or_else(|| Problem::new("storage.refused", ""))?;
    let ids: Vec<u32> = files.iter().map(|(id, _)| *id).collect();
    let list = Array::new();
    for (_, file) in files {
        list.push(file);
    }
    JsFuture::from(save_claim(CURRENT, &json, &Uint32Array::from(&ids[..]), &list)).await.map(|_| ()).map_err(|error| problem(&error))
}

/// The claim saved by an earlier visit, with its files.
pub async fn load() -> Result<Option<(Claim, Vec<(DocumentId, File)>)>, Problem> {
    let record = JsFuture::from(load_claim(CURRENT)).await.map_err(|error| problem(&error))?;
    if record.is_undefined() || record.is_null() {
        return Ok(None);
    }
    let field = |name: &str| Reflect::get(&record, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let Some(json) = field("json").as_string() else { return Ok(None) };
    let Ok(claim) = serde_json::from_slice::<Claim>(json.as_bytes()) else { return Ok(None) };
    let ids: Vec<u32> = Array::from(&field("ids")).iter().filter_map(|id| id.as_f64()).map(|id| id as u32).collect();
    let files: Vec<File> = Array::from(&field("files")).iter().filter_map(|file| file.dyn_into().ok()).collect();
    Ok(Some((claim, ids.into_iter().zip(files).collect())))
}
