//! What the page prints: the same one- or two-page summary as the package's
//! `summary.html`, in the page's language. It is made when the browser is about to print
//! (`beforeprint`, whether from the menu, Ctrl+P or `window.print()`) and dropped after,
//! so that a claim of thousands of documents does not rebuild it on every keystroke.
//! The print style sheet shows it instead of the form.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::package::manifest::ManifestDocument;
use crate::package::summary::{summary_body, SummaryInput};
use crate::ui::store::{use_store, State, Store};

/// The summary's HTML; every value in it is escaped by `summary_body`.
fn summary_of(state: &State) -> String {
    let documents: Vec<ManifestDocument> = state
        .claim
        .documents
        .iter()
        .map(|document| ManifestDocument {
            id: document.id,
            original_name: document.file_name.clone(),
            path: String::new(),
            size: document.file.as_ref().map_or(0, |file| file.size),
            media_type: document.file.as_ref().map(|file| file.media_type.clone()).unwrap_or_default(),
            sha256: document.file.as_ref().map(|file| file.sha256.clone()).unwrap_or_default(),
            doc_type: document.doc_type,
            cost_line: document.cost_line,
            proof_items: document.proof_items.iter().cloned().collect(),
            note: document.note.clone(),
        })
        .collect();
    summary_body(&SummaryInput {
        claim: &state.claim,
        profile: &state.profile,
        review: &state.review,
        catalog: &state.catalog,
        documents: &documents,
        built_on: state.today,
    })
}

#[component]
pub fn PrintSummary() -> Html {
    let store = use_store();
    let container = use_node_ref();
    // The listeners read the latest state through this cell, refreshed on every render
    // (a handle is an Rc: no copy of the claim).
    let latest: Rc<RefCell<Option<Store>>> = use_mut_ref(|| None);
    *latest.borrow_mut() = Some(store.clone());
    {
        let (container, latest) = (container.clone(), latest.clone());
        use_effect_with((), move |_| {
            let fill = {
                let container = container.clone();
                Closure::<dyn Fn()>::new(move || {
                    if let (Some(element), Some(state)) = (container.cast::<web_sys::Element>(), latest.borrow().as_ref()) {
                        element.set_inner_html(&summary_of(state));
                    }
                })
            };
            let clear = Closure::<dyn Fn()>::new(move || {
                if let Some(element) = container.cast::<web_sys::Element>() {
                    element.set_inner_html("");
                }
            });
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("beforeprint", fill.as_ref().unchecked_ref());
                let _ = window.add_event_listener_with_callback("afterprint", clear.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback("beforeprint", fill.as_ref().unchecked_ref());
                    let _ = window.remove_event_listener_with_callback("afterprint", clear.as_ref().unchecked_ref());
                }
            }
        });
    }
    html! { <div class="print-summary" ref={container}></div> }
}
