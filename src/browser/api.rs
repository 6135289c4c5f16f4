//! A small JavaScript entry point, `wasmBindings.packageFiles(files)`, that runs the
//! page's own intake and package builder on a list of `File`s. The package benchmark
//! (`scripts/bench-package.mjs`) calls it to time exactly the code the Build package
//! button runs, beside other ZIP libraries in the same page.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::browser::{self, files};
use crate::claim::{Claim, DocType, Edit};
use crate::i18n::Catalog;
use crate::package;
use crate::profile::Profile;
use crate::rules::review;

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Adds the files to a fresh claim (reading and hashing each, as when a partner adds
/// them), then builds the package (reading and verifying each again). Resolves to
/// `{ blob, fileName, addMs, buildMs }`.
#[wasm_bindgen(js_name = packageFiles)]
pub async fn package_files(list: Array) -> Result<JsValue, JsValue> {
    let profile = Profile::default_profile();
    let mut claim = Claim::new(&profile);
    claim.apply(Edit::Set(crate::claim::ClaimField::Title, "Benchmark".into()), &profile);
    let never = Rc::new(Cell::new(false));
    let started = js_sys::Date::now();
    let mut batch = Vec::new();
    for value in list.iter() {
        let file: web_sys::File = value.dyn_into().map_err(|_| JsValue::from_str("packageFiles takes an array of File"))?;
        claim.apply(Edit::AddDocument { file_name: file.name(), doc_type: Some(DocType::Other), file: None }, &profile);
        let id = claim.next_id - 1;
        files::register(id, file.clone());
        batch.push((id, file));
    }
    let mut failure = None;
    files::hash_all(batch, &never, Rc::new(|_| {}), |id, _, result| match result {
        Ok(facts) => {
            claim.apply(Edit::SetDocumentFile(id, Some(facts)), &profile);
            true
        }
        Err(error) => {
            failure = Some(error.to_string());
            false
        }
    })
    .await;
    if let Some(message) = failure {
        return Err(JsValue::from_str(&message));
    }
    let added = js_sys::Date::now();
    let today = browser::today();
    let review = review(&claim, &profile, today);
    let plan = package::plan(&claim, &profile, &review, &Catalog::for_tag("en"), browser::now_local()).map_err(|error| JsValue::from_str(&error.to_string()))?;
    let blob = browser::package::write(&plan, |_, _| {}, &never).await.map_err(|error| JsValue::from_str(&error.to_string()))?;
    let built = js_sys::Date::now();
    for document in &claim.documents {
        files::forget(document.id);
    }
    let result = Object::new();
    set(&result, "blob", &blob);
    set(&result, "fileName", &JsValue::from_str(&plan.file_name));
    set(&result, "addMs", &JsValue::from_f64(added - started));
    set(&result, "buildMs", &JsValue::from_f64(built - added));
    Ok(result.into())
}
