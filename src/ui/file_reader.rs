//! Reads each batch of added files, a few at a time (5,000 files at once must not read
//! 5,000 files at once), and reports the results to the store every 150 ms, so the
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
            // Skip files removed before their turn came.
            let batch: Vec<_> = batch.into_iter().filter(|(id, file)| files::get(*id).as_ref() == Some(file)).collect();
            let mut results = Vec::new();
            let mut last_report = js_sys::Date::now();
            files::hash_all(batch, &never, Rc::new(|_| {}), 0, &mut |(id, file, result, _)| {
                results.push((id, file, result.map_err(|error| error.problem())));
                if js_sys::Date::now() - last_report >= REPORT_EVERY_MS {
                    store.dispatch(Action::FilesRead(std::mem::take(&mut results)));
                    last_report = js_sys::Date::now();
                }
                true
            })
            .await;
            if !results.is_empty() {
                store.dispatch(Action::FilesRead(results));
            }
        });
    });
}
