//! The start view's list of the partner's claims, the most urgent deadline first, and
//! what a partner does with them: open another, start a new one, duplicate, delete (with
//! Undo). Before another claim takes the page, the one there is saved: nothing is lost.

use yew::prelude::*;

use crate::browser::{self, files, storage};
use crate::claim::{Claim, DocumentId};
use crate::claims::ClaimRow;
use crate::dates;
use crate::ui::autosave::{current_files, save_now};
use crate::ui::store::{use_store, Action, OpenReport, State, Store};

/// Saves the claim on the page before another takes its place. When the device refuses
/// to keep it, the partner decides whether to leave it anyway (its package can still be
/// built first); otherwise nothing changes.
async fn leave(store: &Store) -> bool {
    match save_now(store).await {
        Ok(()) => true,
        Err(problem) => {
            let question = store.catalog.format_with("claims.leave-unsaved", &[("problem", &store.catalog.problem(&problem))]);
            let leave = browser::confirm(&question);
            if !leave {
                store.dispatch(Action::SaveDone(Err(problem)));
            }
            leave
        }
    }
}

/// `New claim` and `Load example claim`: a new claim takes the page.
pub fn start(store: &Store, example: bool) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if leave(&store).await {
            let key = store.fresh_key();
            store.dispatch(if example { Action::LoadExample(key) } else { Action::NewClaim(key) });
        }
    });
}

/// A claim read from a package takes the page, as a new claim beside the others.
pub fn show_opened(store: &Store, claim: Claim, opened_files: Vec<(DocumentId, web_sys::File)>, report: OpenReport) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if leave(&store).await {
            files::forget_all();
            for (id, file) in opened_files {
                files::register(id, file);
            }
            store.dispatch(Action::Show { key: store.fresh_key(), claim, report: Some(report) });
        }
    });
}

/// Loads a saved claim and registers its files, ready to take the page.
async fn load(store: &Store, key: &str) -> Option<Claim> {
    match storage::load(key).await {
        Ok(Some(saved)) => {
            files::forget_all();
            for (id, file) in saved.files {
                files::register(id, file);
            }
            Some(saved.claim)
        }
        Ok(None) => None,
        Err(problem) => {
            store.dispatch(Action::SaveDone(Err(problem)));
            None
        }
    }
}

fn open(store: &Store, key: String) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if leave(&store).await {
            if let Some(claim) = load(&store, &key).await {
                store.dispatch(Action::Show { key, claim, report: None });
            }
        }
    });
}

/// A copy of a claim, documents included, takes the page under a title that says so.
fn duplicate(store: &Store, key: String) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if !leave(&store).await {
            return;
        }
        let copy = if key == *store.claim_key { Some(store.claim.clone()) } else { load(&store, &key).await };
        if let Some(mut claim) = copy {
            claim.title = store.catalog.format_with("claims.copy-title", &[("title", &title(&store, &claim.title))]);
            store.dispatch(Action::Show { key: store.fresh_key(), claim, report: None });
        }
    });
}

/// Deletes a claim from the device, keeping it in memory for Undo. When it was on the
/// page, the most urgent of the others takes its place (or an empty claim).
fn delete(store: &Store, key: String) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let shown = key == *store.claim_key;
        let saved = if shown {
            Some(storage::Saved { key: key.clone(), claim: store.claim.clone(), files: current_files(&store) })
        } else {
            match storage::load(&key).await {
                Ok(saved) => saved,
                Err(problem) => return store.dispatch(Action::SaveDone(Err(problem))),
            }
        };
        let Some(saved) = saved else { return };
        let mut next = None;
        if shown {
            let rows = store.rows();
            if let Some(row) = rows.iter().find(|row| row.key != key) {
                next = load(&store, &row.key).await.map(|claim| (row.key.clone(), claim));
            }
            if next.is_none() {
                files::forget_all();
            }
        }
        // The list changes first, so that no pending autosave of this claim outlives it.
        store.dispatch(Action::Deleted { saved, next });
        if let Err(problem) = storage::delete(&key).await {
            store.dispatch(Action::SaveDone(Err(problem)));
        }
    });
}

fn undo(store: &Store) {
    let store = store.clone();
    let Some(saved) = store.deleted.clone() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        match storage::save(&saved.key, &saved.claim, &saved.files).await {
            Ok(()) => store.dispatch(Action::Undeleted),
            Err(problem) => store.dispatch(Action::SaveDone(Err(problem))),
        }
    });
}

/// A claim's title as the list shows it; "Untitled claim" when it has none yet.
fn title(state: &State, title: &str) -> String {
    match title.trim() {
        "" => state.t("claims.untitled"),
        title => title.to_string(),
    }
}

fn claim_row(store: &Store, row: &ClaimRow) -> Html {
    let shown = row.key == *store.claim_key;
    let name = title(store, &row.title);
    let on = |action: fn(&Store, String)| {
        let (store, key) = (store.clone(), row.key.clone());
        Callback::from(move |_| action(&store, key.clone()))
    };
    let deadline = match (row.deadline, row.days_left) {
        (Some(deadline), Some(days)) => {
            let urgency = if days < 0 { "overdue" } else if days <= i64::from(store.profile.deadline_warning_days) { "soon" } else { "later" };
            html! {
                <>
                    <time datetime={dates::iso(deadline)}>{ store.catalog.date(deadline) }</time>
                    <span class={classes!("relative", urgency)}>{ store.catalog.days_relative(days) }</span>
                </>
            }
        }
        _ => html! { <span class="pending">{ store.t("claims.no-deadline") }</span> },
    };
    let blockers = match row.blockers {
        0 => html! { <span class="claim-ready">{ store.t("claims.ready") }</span> },
        n => {
            let key = if n == 1 { "ui.checks.blocker" } else { "ui.checks.blockers" };
            html! { <span class="claim-blocked">{ store.catalog.format_with(key, &[("n", &n.to_string())]) }</span> }
        }
    };
    html! {
        <li class={classes!("claim-row", shown.then_some("shown"))} data-claim-key={row.key.clone()} aria-current={shown.then_some("true")}>
            <div class="claim-name">
                if shown {
                    <strong>{ name.clone() }</strong>
                    <span class="on-page">{ store.t("claims.on-page") }</span>
                } else {
                    <button type="button" class="link" onclick={on(open)}>
                        <span class="visually-hidden">{ store.t("claims.open") }{" "}</span>{ name.clone() }
                    </button>
                }
            </div>
            <div class="claim-deadline">
                <span class="label">{ store.t("claims.deadline") }</span>{" "}{ deadline }
            </div>
            <div class="claim-blockers">{ blockers }</div>
            <div class="claim-actions">
                <button type="button" class="quiet" onclick={on(duplicate)}>
                    { store.t("claims.duplicate") }<span class="visually-hidden">{" "}{ name.clone() }</span>
                </button>
                <button type="button" class="quiet" onclick={on(delete)}>
                    { store.t("claims.delete") }<span class="visually-hidden">{" "}{ name }</span>
                </button>
            </div>
        </li>
    }
}

#[component]
pub fn ClaimList() -> Html {
    let store = use_store();
    let rows = store.rows();
    let on_undo = {
        let store = store.clone();
        Callback::from(move |_| undo(&store))
    };
    html! {
        <section class="card claims" aria-labelledby="claims-heading">
            <h2 id="claims-heading">{ store.t("claims.heading") }</h2>
            <p class="help">{ store.t("claims.help") }</p>
            <ol class="claim-list">
                { for rows.iter().map(|row| claim_row(&store, row)) }
            </ol>
            <div role="status">
                if let Some(deleted) = &store.deleted {
                    <p class="claim-deleted">
                        { store.catalog.format_with("claims.deleted", &[("title", &title(&store, &deleted.claim.title))]) }
                        {" "}<button type="button" onclick={on_undo}>{ store.t("claims.undo") }</button>
                    </p>
                }
                if store.unreadable > 0 {
                    <p class="field-error">{ store.catalog.format_with("claims.unreadable", &[("n", &store.unreadable.to_string())]) }</p>
                }
            </div>
        </section>
    }
}
