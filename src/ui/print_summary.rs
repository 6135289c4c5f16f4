//! What the page prints: the same one- or two-page summary as the package's
//! `summary.html`, in the page's language. Hidden on screen; the print style sheet shows
//! it instead of the form.

use yew::prelude::*;

use crate::package::manifest::ManifestDocument;
use crate::package::summary::{summary_body, SummaryInput};
use crate::ui::store::use_store;

#[component]
pub fn PrintSummary() -> Html {
    let store = use_store();
    let documents: Vec<ManifestDocument> = store
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
    // Every value in the body is escaped by summary_body.
    let body = summary_body(&SummaryInput {
        claim: &store.claim,
        profile: &store.profile,
        review: &store.review,
        catalog: &store.catalog,
        documents: &documents,
        built_on: store.today,
    });
    html! { <div class="print-summary">{ Html::from_html_unchecked(body.into()) }</div> }
}
