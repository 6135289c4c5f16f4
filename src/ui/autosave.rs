//! Autosave: after every change (debounced), the claim on the page and its files go to
//! the browser's storage under the claim's key; when the page opens, the claim open last
//! comes back and the others are listed. A refused or full storage is
//! said plainly, with what to do; nothing is dropped silently.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::{self, storage};
use crate::claims::{self, ClaimRow};
use crate::i18n::Problem;
use crate::ui::store::{Action, SaveStatus, Store};

/// Quiet time after the last change before saving.
const DEBOUNCE_MS: i32 = 400;

/// Where the page remembers which claim was open, for the next visit.
const OPEN_CLAIM_KEY: &str = "preflight.open-claim";

#[hook]
pub fn use_autosave(store: Store) {
    {
        let store = store.clone();
        use_effect_with((), move |_| {
            // Read before anything is written: the claim open when the page was last left.
            let last = browser::load_preference(OPEN_CLAIM_KEY);
            wasm_bindgen_futures::spawn_local(async move {
                let action = match storage::list().await {
                    Ok((saved, unreadable)) => restore(&store, saved, unreadable, last),
                    Err(problem) => {
                        store.dispatch(Action::SaveDone(Err(problem)));
                        Action::Restored { open: None, others: Vec::new(), unreadable: 0 }
                    }
                };
                store.dispatch(action);
            });
        });
    }
    {
        // Once the saved claims are known, so that a fresh page's key never replaces it.
        let key = (store.claim_key.clone(), store.storage_ready);
        use_effect_with(key, |(key, ready)| {
            if *ready {
                browser::save_preference(OPEN_CLAIM_KEY, key);
            }
        });
    }
    {
        // Claims that left the page are saved at once, each once at a time (a failed one
        // is tried again at the next change of the list).
        let store = store.clone();
        let saving = use_mut_ref(Vec::<Rc<storage::Saved>>::new);
        use_effect_with(store.leaving.clone(), move |leaving| {
            for saved in leaving.iter().cloned() {
                if saving.borrow().iter().any(|busy| Rc::ptr_eq(busy, &saved)) {
                    continue;
                }
                saving.borrow_mut().push(saved.clone());
                let (store, saving) = (store.clone(), saving.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let result = keep(&store, &saved).await;
                    saving.borrow_mut().retain(|busy| !Rc::ptr_eq(busy, &saved));
                    store.dispatch(match result {
                        Ok(()) => Action::Stored(saved),
                        Err(problem) => Action::SaveDone(Err(problem)),
                    });
                });
            }
        });
    }
    let deps = (store.revision, store.storage_ready);
    use_effect_with(deps, move |&(_, ready)| {
        let window = web_sys::window();
        let mut pending = None;
        if ready {
            let store = store.clone();
            let save = Closure::once(move || {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = save_now(&store).await;
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

/// Opens the claim that was open last (else the most urgent one) and lists the others.
fn restore(store: &Store, saved: Vec<storage::Saved>, unreadable: usize, last: Option<String>) -> Action {
    let rows = claims::sorted(saved.iter().map(|s| ClaimRow::of(&s.key, &s.claim, &store.profile, store.today)));
    let open_key = last.filter(|key| rows.iter().any(|row| row.key == *key)).or_else(|| rows.first().map(|row| row.key.clone()));
    let open = saved.into_iter().find(|claim| Some(&claim.key) == open_key.as_ref());
    Action::Restored { open, others: rows, unreadable }
}

/// Saves the claim on the page now.
async fn save_now(store: &Store) -> Result<(), Problem> {
    keep(store, &store.on_page()).await
}

/// Stores a claim under its key; an empty claim is not kept (its record, if any, goes).
async fn keep(store: &Store, saved: &storage::Saved) -> Result<(), Problem> {
    if store.is_empty(&saved.claim) {
        return storage::delete(&saved.key).await;
    }
    storage::save(&saved.key, &saved.claim, &saved.files).await
}

/// The save state as the partner sees it.
pub fn status_key(status: &SaveStatus) -> Option<&'static str> {
    match status {
        SaveStatus::Unsaved => None,
        SaveStatus::Saved => Some("ui.saved"),
        SaveStatus::Failed(problem) => Some(problem.key),
    }
}
