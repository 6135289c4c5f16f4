//! Saving on the device, the shell's side: when the page opens, the saved claims are
//! listed (their files go to the registry) and handed to the session; when the page is
//! hidden or closed, everything not saved yet is saved at once; when another tab of the
//! page changes a claim, the session hears of it. The session decides the rest.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::{self, storage};
use crate::session::{Event, SaveState};
use crate::ui::effects::{adopt_files, send, OPEN_CLAIM_KEY};
use crate::ui::store::Store;

thread_local! {
    /// How many claims hold documents whose files the device does not hold yet, as of the
    /// last render ([`crate::session::Session::claims_with_files_unsaved`]).
    static FILES_UNSAVED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The listener that asks before the page is closed, made once, and whether it is
    /// listening ([`guard_leaving`]).
    static LEAVING: (Closure<dyn Fn(web_sys::Event)>, std::cell::Cell<bool>) = (
        Closure::new(|event: web_sys::Event| {
            event.prevent_default();
            // (As older browsers ask for it.)
            let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
        }),
        std::cell::Cell::new(false),
    );
}

/// Asks before the page is closed while documents' files are being read or are not saved
/// on the device yet (a backup of gigabytes restored, a recording added): the journal of
/// a closing page keeps a claim's words, not its files, which would have to be added
/// again. Listening only then: a page that always listens is kept out of some
/// browsers' back-and-forward cache.
pub fn guard_leaving() {
    let on = FILES_UNSAVED.with(std::cell::Cell::get) > 0 || crate::ui::effects::reading_any();
    LEAVING.with(|(listener, listening)| {
        if on == listening.get() {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let done = if on {
            window.add_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref())
        } else {
            window.remove_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref())
        };
        if done.is_ok() {
            listening.set(on);
        }
    });
}

#[hook]
pub fn use_autosave(store: Store) {
    FILES_UNSAVED.with(|unsaved| unsaved.set(store.session.claims_with_files_unsaved()));
    guard_leaving();
    use_effect_with((), move |_| {
        // Read before anything is written: the claim open when this tab was last left
        // (reloaded), else, for a tab opened afresh, when the page was.
        let remembered = browser::recall_for_tab(OPEN_CLAIM_KEY);
        {
            let store = store.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // A database that hangs from the start leaves the page with nothing to
                // save, and it would say nothing: it says the storage does not answer.
                crate::ui::effects::watch_storage(&store);
                let listed = storage::list().await;
                crate::ui::effects::storage_answered(&store);
                match listed {
                    Ok((stored, unreadable)) => {
                        let records: Vec<_> = stored.into_iter().map(adopt_files).collect();
                        let journal = storage::read_journal().await;
                        let here = |key: &String| records.iter().any(|record: &crate::session::Record| record.key == *key) || journal.iter().any(|entry| entry.key == *key);
                        // A tab that had a claim of its own and finds it gone opens the most
                        // urgent one, not the page's last (most likely one another tab
                        // holds, shown read-only here); a tab of its own first visit does.
                        let last_open = match remembered {
                            [Some(own), _] => here(&own).then_some(own),
                            [None, page] => page.filter(here),
                        };
                        send(&store, Event::Listed { records, unreadable, last_open, journal });
                    }
                    Err(problem) => send(&store, Event::ListFailed(problem)),
                }
                // The page's parts render with the claims known (see `browser::staging`).
                browser::staging::proceed();
            });
        }
        {
            // Another tab wrote or removed a claim: the session learns what the device holds now.
            let store = store.clone();
            storage::listen(move |key| {
                let store = store.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(stored) = storage::load(&key).await {
                        send(&store, Event::ChangedElsewhere { key, record: stored.map(adopt_files) });
                    }
                });
            });
        }
        {
            // The site's data cleared while the page is open: save again what it holds.
            let store = store.clone();
            storage::on_cleared(move || send(&store, Event::StorageCleared));
        }
        // Hidden (another tab, the phone's home screen) or closed: save now, not in 400 ms,
        // and journal what is unsaved, since the save may not land.
        let day_store = store.clone();
        let hidden = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            if event.type_() == "pagehide" || browser::page_hidden() {
                send(&store, Event::PageHidden);
            } else {
                // Back in view, perhaps days later: the deadlines count from today. The
                // partner may have made room on the device meanwhile: what it refused to
                // save is tried again.
                send(&store, Event::Today(browser::today()));
                send(&store, Event::TryAgain);
            }
        });
        // A page left open past midnight: its day moves on within a minute; what the device
        // refused to save is tried again each minute (a session told the day it has, or
        // with nothing refused, changes nothing and renders nothing).
        let tick = Closure::<dyn Fn()>::new(move || {
            send(&day_store, Event::Today(browser::today()));
            send(&day_store, Event::TryAgain);
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 60_000);
        }
        tick.forget();
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("pagehide", hidden.as_ref().unchecked_ref());
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback("visibilitychange", hidden.as_ref().unchecked_ref());
            }
        }
        // The listeners live as long as the page.
        hidden.forget();
    });
}

/// The save state as the partner sees it.
pub fn status_key(status: &SaveState) -> Option<&'static str> {
    match status {
        SaveState::Pending | SaveState::Nothing => None,
        SaveState::Saved => Some("ui.saved"),
        SaveState::Failed(problem) => Some(problem.key),
        SaveState::Conflict { changed: true } => Some("storage.conflict-changed"),
        SaveState::Conflict { changed: false } => Some("storage.conflict-deleted"),
    }
}
