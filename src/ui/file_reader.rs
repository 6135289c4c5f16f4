//! Reads each batch of added files, one file at a time (5,000 files at once must not
//! read 5,000 files at once), and reports the results to the store every 150 ms, so the
//! page re-renders a few times a second rather than once per file. A result for a file
//! the page no longer holds (removed, or another claim started) is ignored by the reducer.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::browser::files;
use crate::ui::store::{Action, Store};

const REPORT_EVERY_MS: f64 = 150.0;

#[hook]
pub fn use_file_reader(store: Store) {
    let intake = store.intake.clone();
    use_effect_with(intake, move |intake| {
        let batch: Vec<_> = intake.iter().cloned().collect();
        for (id, file) in &batch {
            files::register(*id, file.clone());
        }
        wasm_bindgen_futures::spawn_local(async move {
            let never = Rc::new(Cell::new(false));
            let mut results = Vec::new();
            let mut last_report = js_sys::Date::now();
            for (id, file) in batch {
                if files::get(id).as_ref() != Some(&file) {
                    continue; // removed before its turn came
                }
                let result = files::hash(&file, |_| {}, &never).await.map_err(|error| error.to_string());
                results.push((id, file, result));
                if js_sys::Date::now() - last_report >= REPORT_EVERY_MS {
                    store.dispatch(Action::FilesRead(std::mem::take(&mut results)));
                    last_report = js_sys::Date::now();
                }
            }
            if !results.is_empty() {
                store.dispatch(Action::FilesRead(results));
            }
        });
    });
}
