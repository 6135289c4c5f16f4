//! The start view's list of the partner's claims, the most urgent deadline first, and
//! what a partner does with them: open another, duplicate, delete (with Undo). The claim
//! that leaves the page is kept by the reducer until it is stored: nothing is lost.

use yew::prelude::*;

use crate::browser::{self, storage::{self, Saved}};
use crate::claims::ClaimRow;
use crate::ui::store::{use_store, Action, Store};

/// The controls focus moves to when the one pressed goes away.
const CLAIM_TITLE: &str = "claim-title";
const UNDO: &str = "claims-undo";

fn open_id(key: &str) -> String {
    format!("open-{key}")
}

/// A saved claim as stored; a refusal is shown, and the reducer may still know the claim.
async fn load(store: &Store, key: &str) -> Option<Box<Saved>> {
    match storage::load(key).await {
        Ok(saved) => saved.map(Box::new),
        Err(problem) => {
            store.dispatch(Action::SaveDone(Err(problem)));
            None
        }
    }
}

/// Opens a listed claim, or a copy of it.
fn open(store: &Store, key: String, copy: bool) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = if key == *store.claim_key { None } else { load(&store, &key).await };
        store.dispatch(Action::Open { key, loaded, copy });
        // The button pressed is gone: the claim's first field is where work goes on.
        browser::focus_soon(CLAIM_TITLE.into());
    });
}

/// Deletes a claim from the device; the reducer keeps it in memory for Undo. When it was
/// on the page, the most urgent of the others takes its place.
fn delete(store: &Store, key: String) {
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = if key == *store.claim_key { None } else { load(&store, &key).await };
        // The claim that will take the page, as stored (the reducer picks the same one).
        let next_loaded = match store.most_urgent_other(&key) {
            Some(row) if key == *store.claim_key => load(&store, &row.key).await,
            _ => None,
        };
        // The list changes first, so that no pending autosave of this claim outlives it.
        store.dispatch(Action::Delete { key: key.clone(), loaded, next_loaded });
        // The reducer has run: the record goes only if the claim is kept for Undo (or was
        // empty and on the page, which autosave then removes anyway).
        if store.deleted.as_ref().is_none_or(|deleted| deleted.key != key) {
            return;
        }
        browser::focus_soon(UNDO.into());
        if let Err(problem) = storage::delete(&key).await {
            store.dispatch(Action::SaveDone(Err(problem)));
        }
    });
}

fn claim_row(store: &Store, row: &ClaimRow) -> Html {
    let shown = row.key == *store.claim_key;
    let name = store.title_of(&row.title);
    let on = |action: fn(&Store, String)| {
        let (store, key) = (store.clone(), row.key.clone());
        Callback::from(move |_| action(&store, key.clone()))
    };
    let (open, duplicate) = (|store: &Store, key| open(store, key, false), |store: &Store, key| open(store, key, true));
    let deadline = match row.deadline {
        Some(deadline) => crate::ui::dates_panel::dated(store, deadline),
        None => html! { <span class="pending">{ store.t("claims.no-deadline") }</span> },
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
                    <button type="button" id={open_id(&row.key)} class="link" onclick={on(open)}>
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
        Callback::from(move |_| {
            if let Some(deleted) = &store.deleted {
                browser::focus_soon(open_id(&deleted.key));
            }
            store.dispatch(Action::Undeleted);
        })
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
                        { store.catalog.format_with("claims.deleted", &[("title", &store.title_of(&deleted.claim.title))]) }
                        {" "}<button type="button" id={UNDO} onclick={on_undo}>{ store.t("claims.undo") }</button>
                    </p>
                }
                if store.unreadable > 0 {
                    <p class="field-error">{ store.catalog.format_with("claims.unreadable", &[("n", &store.unreadable.to_string())]) }</p>
                }
            </div>
        </section>
    }
}
