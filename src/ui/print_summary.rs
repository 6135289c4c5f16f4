//! What the page prints: the same one- or two-page summary as the package's
//! `summary.html`, in the page's language. It is made when the browser is about to print
//! (`beforeprint`, whether from the menu, Ctrl+P or `window.print()`) and dropped after,
//! so that a claim of thousands of documents does not rebuild it on every keystroke.
//! The print style sheet shows it instead of the form. Every piece of it reaches the page
//! as a text node (a claim and a package are the partner's or anyone's text), never as
//! markup.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::package::manifest::ManifestDocument;
use crate::package::summary::{spaced, summary_blocks, Block, Cell, Inline, Occasion, SummaryInput};
use crate::ui::store::{use_store, State, Store};

/// The summary's blocks for the claim on the page, as of today.
fn summary_of(state: &State) -> Vec<Block> {
    // In the package's order, as summary.html lists them.
    let documents: Vec<ManifestDocument> = crate::package::in_package_order(&state.claim.documents)
        .into_iter()
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
            // With its total read as summary.html reads it (in the currency the invoice names).
            invoice: if document.doc_type == Some(crate::claim::DocType::Invoice) { crate::package::manifest::ManifestInvoice::of(document).map(|invoice| invoice.with_amount(document, &state.claim, &state.profile)) } else { None },
        })
        .collect();
    summary_blocks(&SummaryInput {
        claim: &state.claim,
        profile: &state.profile,
        review: &state.review,
        catalog: &state.catalog,
        documents: &documents,
        on: state.today,
        occasion: Occasion::Print,
    })
}

/// Builds the blocks under `parent` with elements and text nodes only.
fn render(document: &web_sys::Document, parent: &web_sys::Element, blocks: &[Block]) -> Result<(), wasm_bindgen::JsValue> {
    let element = |tag: &str, class: Option<&str>, text: Option<&str>| -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let element = document.create_element(tag)?;
        if let Some(class) = class {
            element.set_class_name(class);
        }
        if let Some(text) = text {
            element.set_text_content(Some(&crate::package::summary::without_direction_controls(text)));
        }
        Ok(element)
    };
    let inline = |parent: &web_sys::Element, content: &[Inline]| -> Result<(), wasm_bindgen::JsValue> {
        for (i, piece) in content.iter().enumerate() {
            if spaced(content, i) {
                parent.append_with_str_1(" ")?;
            }
            match piece {
                Inline::Text(text) => parent.append_with_str_1(&crate::package::summary::without_direction_controls(text))?,
                _ => {
                    let child = match piece {
                        Inline::Strong(text) => element("strong", None, Some(text))?,
                        Inline::Code(text) => element("code", None, Some(text))?,
                        Inline::Muted(text) => element("span", Some("muted"), Some(text))?,
                        Inline::Time { iso, text } => {
                            let time = element("time", None, Some(text))?;
                            time.set_attribute("datetime", iso)?;
                            time
                        }
                        _ => element("br", None, None)?,
                    };
                    parent.append_child(&child)?;
                }
            }
        }
        Ok(())
    };
    for block in blocks {
        let node = match block {
            Block::Status { ready, text } => element("p", Some(if *ready { "status ready" } else { "status blocked" }), Some(text))?,
            Block::Title(text) => element("h1", None, Some(text))?,
            Block::Note(text) => element("p", Some("muted"), Some(text))?,
            Block::Heading(text) => element("h2", None, Some(text))?,
            Block::Paragraph(text) => element("p", None, Some(text))?,
            Block::Table { head, rows } => {
                let table = element("table", None, None)?;
                let row = |cells: &[Cell]| -> Result<web_sys::Element, wasm_bindgen::JsValue> {
                    let tr = element("tr", None, None)?;
                    for cell in cells {
                        let td = element(if cell.header { "th" } else { "td" }, cell.class, None)?;
                        if let Some(span) = cell.colspan {
                            td.set_attribute("colspan", &span.to_string())?;
                        }
                        inline(&td, &cell.content)?;
                        tr.append_child(&td)?;
                    }
                    Ok(tr)
                };
                // Column headings in a `thead`, which the browser prints again at the top
                // of each page the table runs onto.
                let body = if head.is_empty() {
                    table.clone()
                } else {
                    let thead = element("thead", None, None)?;
                    let tr = row(head)?;
                    thead.append_child(&tr)?;
                    table.append_child(&thead)?;
                    let tbody = element("tbody", None, None)?;
                    table.append_child(&tbody)?;
                    tbody
                };
                for cells in rows {
                    let tr = row(cells)?;
                    body.append_child(&tr)?;
                }
                table
            }
            Block::List(items) => {
                let list = element("ul", None, None)?;
                for (class, content) in items {
                    let item = element("li", Some(class), None)?;
                    inline(&item, content)?;
                    list.append_child(&item)?;
                }
                list
            }
        };
        parent.append_child(&node)?;
    }
    Ok(())
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
                    if let (Some(element), Some(state), Some(document)) =
                        (container.cast::<web_sys::Element>(), latest.borrow().as_ref(), web_sys::window().and_then(|w| w.document()))
                    {
                        element.set_text_content(None);
                        let _ = render(&document, &element, &summary_of(state));
                    }
                })
            };
            let clear = Closure::<dyn Fn()>::new(move || {
                if let Some(element) = container.cast::<web_sys::Element>() {
                    element.set_text_content(None);
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
