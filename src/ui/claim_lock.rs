//! One editor per claim, the shell's side: the tab showing a claim holds its lock (Web
//! Locks, in `js/storage.js`); a tab that finds it held shows the claim read-only, and
//! follows the other tab's saves live, until the partner takes it over here. Browsers
//! without Web Locks edit in every tab; the session's revision check keeps saves safe.

use yew::prelude::*;

use crate::browser::storage;
use crate::ui::store::{Action, Lock, Store};

/// How long a tab taking a claim over waits for the tab it takes it from to journal what
/// it has not saved (that tab does so at once; a busy phone may take a few frames).
const TAKE_OVER_WAIT_MS: i32 = 250;

/// Asks for the lock of `key`; with `steal`, takes it from the tab that holds it. Held
/// elsewhere, it comes to this tab when that tab closes: what that tab journaled as it
/// closed (its last keystrokes, not saved yet) is taken first, then this tab edits.
async fn acquire(store: &Store, key: String, steal: bool) {
    // Taken over here: the claim is saved at once, and what is not saved yet journaled
    // for the tab taking it (the save may land after that tab starts editing).
    let lost = {
        let (store, key) = (store.clone(), key.clone());
        move || {
            let in_claim = keyboard_in_claim();
            crate::ui::effects::send(&store, crate::session::Event::LockLost { key: key.clone() });
            store.dispatch(Action::Lock(key.clone(), Lock::TakenOver));
            if in_claim {
                crate::browser::focus_soon("take-over".into());
            }
        }
    };
    let free = {
        let (store, key) = (store.clone(), key.clone());
        move || {
            // The keyboard on "Edit it here instead", which goes as the claim becomes
            // editable here: it goes on to the claim's first field, not to the page.
            let on_take_over = crate::browser::focused().is_some_and(|active| active.id() == "take-over");
            take_journal(&store, &key);
            store.dispatch(Action::Lock(key.clone(), Lock::Editing));
            if on_take_over {
                crate::browser::focus_soon("claim-title".into());
            }
        }
    };
    let held = storage::hold_claim(&key, steal, lost, free).await;
    // Taken from a tab that edits it: that tab journals its last keystrokes as it lets go
    // (a task or two later); taken before then, this tab showed the claim without them,
    // editable, and its first keystroke met that tab's save as a conflict.
    if held && steal {
        crate::browser::after_ms(TAKE_OVER_WAIT_MS).await;
    }
    // Held at once (the tab that edited it closed before this one asked, or browsers
    // without Web Locks), or taken over: what that tab journaled is taken too.
    if held {
        take_journal(store, &key);
    }
    // Opened from the list (or another claim's way), the claim's first field took the
    // keyboard before the answer came: disabled under it now, it goes to "Edit it here
    // instead" rather than to the page.
    let in_claim = !held && keyboard_in_claim();
    store.dispatch(Action::Lock(key, if held { Lock::Editing } else { Lock::ElsewhereFirst }));
    if in_claim {
        crate::browser::focus_soon("take-over".into());
    }
}

/// Whether the keyboard is on a control that the claim held in another tab disables or
/// takes away (a field, the claim's own Archive in the list, Edit anyway or Lock again,
/// Keep this version): it would fall to the page, and goes to "Edit it here instead",
/// what can be done here then.
fn keyboard_in_claim() -> bool {
    crate::browser::focused().is_some_and(|active| {
        active.closest("fieldset.claim-fields, fieldset.rows-fields, fieldset.submission-fields").ok().flatten().is_some()
            || active.matches("li.claim-row.shown button[id^='archive-']").unwrap_or(false)
            || [crate::ui::submission::LOCK_BUTTON, crate::ui::header::KEEP_THIS_VERSION].contains(&active.id().as_str())
    })
}

/// What a closed tab journaled of claim `key`, if anything, taken by this tab, which now
/// holds the claim's lock.
fn take_journal(store: &Store, key: &str) {
    if let Some(journaled) = storage::journal_of(key) {
        let spare_key = crate::ui::effects::fresh_key(store);
        crate::ui::effects::send(store, crate::session::Event::Journaled { journal: vec![journaled], spare_key });
    }
}

/// "Edit it here instead": takes the claim's lock from the other tab, then the keyboard
/// goes to the claim's first field, enabled now (the button it was on is gone).
pub fn take_over(store: &Store, key: String) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        acquire(&store, key, true).await;
        crate::browser::focus_soon("claim-title".into());
    });
}

/// Holds the lock of whichever claim is on the page.
#[hook]
pub fn use_claim_lock(store: Store) {
    let key = store.session.key().to_string();
    use_effect_with(key, move |key| {
        let key = key.clone();
        wasm_bindgen_futures::spawn_local(async move { acquire(&store, key, false).await });
    });
}
