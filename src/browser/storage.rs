//! The partner's claims and their documents' files, in IndexedDB (through the small
//! module `js/storage.js`), one record per claim under its key, so that a reload or a
//! crash loses nothing.

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
    #[wasm_bindgen(js_name = listClaims)]
    fn list_claims() -> js_sys::Promise;
    #[wasm_bindgen(js_name = deleteClaim)]
    fn delete_claim(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = errorName)]
    fn error_name(error: &JsValue) -> String;
}

/// A saved claim and the files of its documents.
#[derive(Clone, PartialEq)]
pub struct Saved {
    pub key: String,
    pub claim: Claim,
    pub files: Vec<(DocumentId, File)>,
}

fn problem(error: &JsValue) -> Problem {
    match error_name(error).as_str() {
        "QuotaExceededError" => Problem::new("storage.full", ""),
        _ => Problem::new("storage.refused", ""),
    }
}

/// Saves a claim under its key with the files the page holds for its documents.
pub async fn save(key: &str, claim: &Claim, files: &[(DocumentId, File)]) -> Result<(), Problem> {
    // Pretty and from bytes, as the manifest is written and read: one copy of serde's
    // code for Claim in the page instead of two.
    let json = serde_json::to_vec_pretty(claim).ok().and_then(|bytes| String::from_utf8(bytes).ok()).ok_or_else(|| Problem::new("storage.refused", ""))?;
    let ids: Vec<u32> = files.iter().map(|(id, _)| *id).collect();
    let list = Array::new();
    for (_, file) in files {
        list.push(file);
    }
    JsFuture::from(save_claim(key, &json, &Uint32Array::from(&ids[..]), &list)).await.map(|_| ()).map_err(|error| problem(&error))
}

/// Removes a saved claim and its files.
pub async fn delete(key: &str) -> Result<(), Problem> {
    JsFuture::from(delete_claim(key)).await.map(|_| ()).map_err(|error| problem(&error))
}

/// One saved claim with its files, or none under that key.
pub async fn load(key: &str) -> Result<Option<Saved>, Problem> {
    let record = JsFuture::from(load_claim(key)).await.map_err(|error| problem(&error))?;
    Ok(read_record(key.to_string(), &record))
}

/// Every saved claim, and how many records could not be read (they stay stored, untouched).
pub async fn list() -> Result<(Vec<Saved>, usize), Problem> {
    let records = JsFuture::from(list_claims()).await.map_err(|error| problem(&error))?;
    let mut saved = Vec::new();
    let mut unreadable = 0;
    for record in Array::from(&records).iter() {
        let key = Reflect::get(&record, &JsValue::from_str("key")).ok().and_then(|key| key.as_string()).unwrap_or_default();
        match read_record(key, &record) {
            Some(claim) => saved.push(claim),
            None => unreadable += 1,
        }
    }
    Ok((saved, unreadable))
}

fn read_record(key: String, record: &JsValue) -> Option<Saved> {
    if record.is_undefined() || record.is_null() {
        return None;
    }
    let field = |name: &str| Reflect::get(record, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let json = field("json").as_string()?;
    let claim = serde_json::from_slice::<Claim>(json.as_bytes()).ok()?;
    let ids: Vec<u32> = Array::from(&field("ids")).iter().filter_map(|id| id.as_f64()).map(|id| id as u32).collect();
    let files: Vec<File> = Array::from(&field("files")).iter().filter_map(|file| file.dyn_into().ok()).collect();
    Some(Saved { key, claim, files: ids.into_iter().zip(files).collect() })
}
