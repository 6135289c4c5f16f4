//! Autosave: after every change (debounced), the claim and its files go to the browser's
//! storage; when the page opens, the saved claim comes back. A refused or full storage is
//! said plainly, with what to do; nothing is dropped silently.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::{files, storage};
use crate::ui::store::{Action, SaveStatus, Store};

/// Quiet time after the last change before saving.
const DEBOUNCE_MS: i32 = 400;

#[hook]
pub fn use_autosave(store: Store) {
    {
        let store = store.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let restored = match storage::load().await {
                    Ok(Some((claim, saved_files))) => {
                        for (id, file) in saved_files {
                            files::register(id, file);
                        }
                        Some(claim)
                    }
                    Ok(None) => None,
                    Err(problem) => {
                        store.dispatch(Action::SaveDone(Err(problem)));
                        None
                    }
                };
                store.dispatch(Action::Restored(restored));
            });
        });
    }
    let deps = (store.revision, store.storage_ready);
    use_effect_with(deps, move |&(_, ready)| {
        let window = web_sys::window();
        let mut pending = None;
        if ready {
            let store = store.clone();
            let save = Closure::once(move || {
                let documents: Vec<_> = store.claim.documents.iter().filter_map(|d| files::get(d.id).map(|file| (d.id, file))).collect();
                let claim = store.claim.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = storage::save(&claim, &documents).await;
                    store.dispatch(Action::SaveDone(result));
                });
            });
            let handle = window.as_ref().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(save.as_ref().unchecked_ref(), DEBOUNCE_MS).ok()
            });
            pending = Some((save, handle));
        }
        move || {
            if let (Some(window), Some((_save, Some(handle)))) = (window, pending) {
                window.clear_timeout_with_handle(handle);
            }
        }
    });
}

/// The save state as the partner sees it.
pub fn status_key(status: &SaveStatus) -> Option<&'static str> {
    match status {
        SaveStatus::Unsaved => None,
        SaveStatus::Saved => Some("ui.saved"),
        SaveStatus::Failed(problem) => Some(problem.key),
    }
}
