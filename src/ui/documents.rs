//! The claim's documents: each with its type, the cost line an invoice pays for, the
//! proof items a proof of execution covers, and its explanatory note.

use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::claim::{DocType, Document, DocumentField, Edit, FactSource, IntegrityState, InvoiceField};
use crate::rules::{Code, Severity, Target};
use crate::ui::controls::{show_more, Choices, Select, TextArea, TextInput, PAGE};
use crate::browser::files;
use crate::ui::store::{use_store, Action, Store};

fn proof_items(state: &Store, document: &Document) -> Html {
    let Some(activity) = state.profile.activity_type(&state.claim.activity_type) else {
        return html! { <p class="help">{ state.t("ui.document.choose-activity") }</p> };
    };
    let id = document.id;
    let lang = state.catalog.lang();
    html! {
        // Described, as a field is, by what Checks says of its items (POE-ITEM-MISSING).
        <fieldset class="proof-items" aria-describedby={crate::ui::claim_form::field_flags(state, &Target::Document(id, DocumentField::ProofItems).anchor()).0}>
            <legend>{ state.t("ui.document.proof-items") }</legend>
            <>{ for activity.proof_items.iter().enumerate().map(|(i, item)| {
                let checkbox_id = if i == 0 { Target::Document(id, DocumentField::ProofItems).anchor() } else { format!("document-{id}-proof-{}", item.id) };
                let item_id = item.id.clone();
                let store = state.clone();
                let onchange = Callback::from(move |event: Event| {
                    let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
                    store.dispatch(Action::Edit(Edit::SetProofItem(id, item_id.clone(), checked)));
                });
                html! {
                    <div class="check">
                        <input type="checkbox" id={checkbox_id.clone()} checked={document.proof_items.contains(&item.id)} {onchange} />
                        <label for={checkbox_id}>{ item.name.get(lang).to_string() }</label>
                    </div>
                }
            }) }</>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct DocumentRowProps {
    document: Document,
    /// The findings on this document, blockers first: each a marker on its row, with
    /// what tells markers of one code apart (a proof item's name).
    markers: Vec<(Code, Severity, Option<String>)>,
}

/// What the reader found, in a few words for the row: a PDF's pages, an image's size.
fn described(store: &Store, document: &Document) -> Option<String> {
    // Missing from the package it came from: no file here to read (its row says so).
    if document.integrity.as_ref().is_some_and(crate::claim::Integrity::lacks_file) {
        return None;
    }
    let file = document.file.as_ref().filter(|file| file.size > 0)?;
    let Some(inspection) = document.inspection() else {
        return (!file.sha256.is_empty()).then(|| store.t("ui.document.inspecting"));
    };
    let catalog = &store.catalog;
    match (inspection.pages, inspection.width.zip(inspection.height), inspection.pdf) {
        (_, _, Some(crate::evidence::PdfState::NotRead)) => Some(store.t("ui.document.not-read")),
        (Some(pages), _, _) => Some(catalog.count("ui.document.pages", pages as usize, &[])),
        (_, Some((width, height)), _) => Some(catalog.format_with("ui.document.pixels", &[("width", &catalog.number(i64::from(width))), ("height", &catalog.number(i64::from(height)))])),
        _ => None,
    }
}

#[component]
fn DocumentRow(props: &DocumentRowProps) -> Html {
    let store = use_store();
    let document = &props.document;
    let id = document.id;
    let dispatch = |make: fn(u32, String) -> Edit| {
        let store = store.clone();
        Callback::from(move |text: String| store.dispatch(Action::Edit(make(id, text))))
    };
    // An invoice given another type loses its cost line (only an invoice pays for one);
    // given back its type before the row goes, it gets its line back: browsing the types
    // with the arrow keys (each one a change, in Chromium on Windows and Linux) passes over
    // CSR and back to Invoice, and must not unlink it.
    let last_link = use_mut_ref(|| None::<u32>);
    if document.cost_line.is_some() {
        *last_link.borrow_mut() = document.cost_line;
    }
    // A number that names no line says so (the field shows the line linked once left,
    // none then): it was dropped without a word. What was typed is kept; whether it names
    // a line is seen as the row renders, since lines come and go (a line added, Undo,
    // another tab).
    let no_such_line = use_state(|| None::<String>);
    // Its original added here, the mark goes with the field it was picked in: the
    // keyboard, left nowhere, goes to the row's file, which names it. Only after this
    // tab's own pick (`picked_here`): a tab that follows another tab's edits (every tab
    // edits where the browser has no Web Locks) keeps its keyboard and scroll.
    // A file read that leaves the mark (not the original) ends the pick. The same for a
    // file given again on a row that could not read its own (Add this file again): read,
    // the field it was picked in goes with the error.
    let read_error = store.read_errors.get(&id).map(|problem| store.catalog.problem(problem));
    let blocked = document.integrity.is_some() || read_error.is_some();
    let was_marked = use_mut_ref(|| blocked);
    let picked_here = use_mut_ref(|| false);
    {
        let anchor = Target::Document(id, DocumentField::File).anchor();
        let picked_here = picked_here.clone();
        let file = document.file.as_ref().map(|file| file.sha256.clone());
        use_effect_with((blocked, file), move |(marked, _)| {
            let nowhere = crate::browser::focused().is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"));
            let picked = std::mem::take(&mut *picked_here.borrow_mut());
            if std::mem::replace(&mut *was_marked.borrow_mut(), *marked) && !*marked && picked && nowhere {
                crate::browser::focus_element(&anchor);
            }
        });
    }
    let on_type = {
        let (store, last_link, linked, no_such_line) = (store.clone(), last_link.clone(), document.cost_line.is_some(), no_such_line.clone());
        Callback::from(move |name: String| {
            no_such_line.set(None);
            let doc_type = DocType::from_name(&name);
            store.dispatch(Action::Edit(Edit::SetDocumentType(id, doc_type)));
            let relink = *last_link.borrow();
            if let (Some(DocType::Invoice), false, Some(line)) = (doc_type, linked, relink) {
                store.dispatch(Action::Edit(Edit::LinkDocument(id, Some(line))));
            }
        })
    };
    // A line unlinked on purpose is not linked again by a change of type.
    let on_link = {
        let (store, last_link) = (store.clone(), last_link.clone());
        Callback::from(move |line: String| {
            let line = line.parse().ok();
            *last_link.borrow_mut() = line;
            store.dispatch(Action::Edit(Edit::LinkDocument(id, line)));
        })
    };
    let on_link_number = {
        let (store, no_such_line) = (store.clone(), no_such_line.clone());
        Callback::from(move |text: String| {
            let line = text.trim().parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|at| store.claim.cost_lines.get(at)).map(|line| line.id);
            no_such_line.set((line.is_none() && !text.trim().is_empty()).then(|| text.trim().to_string()));
            store.dispatch(Action::Edit(Edit::LinkDocument(id, line)));
        })
    };
    let on_note = dispatch(Edit::SetDocumentNote);
    let remove = {
        let store = store.clone();
        // One click, one document: the next row's Remove moves into its place.
        crate::ui::controls::single_click(move || {
            store.dispatch(Action::Edit(Edit::RemoveDocument(id)));
            // The row is gone: the keyboard goes to Undo.
            crate::browser::focus_soon(UNDO_REMOVE.to_string());
        })
    };
    let types = Choices::flat(DocType::ALL.iter().map(|t| (t.name().to_string(), store.t(&format!("doc-type.{}", t.name())))).collect());
    // Only an invoice links to a cost line: the other rows do not build the choices (a
    // claim may have thousands of lines).
    let lines = || {
        Choices::flat(
            store
                .claim
                .cost_lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let number = (i + 1).to_string();
                    let label = match line.description.trim() {
                        "" => store.catalog.format_with("ui.cost-line.untitled", &[("line", &number)]),
                        // A choice, not the description: written out below the select on a
                        // phone, 5,000 characters were a block of several screens per invoice.
                        description => store.catalog.format_with("ui.cost-line.option", &[("line", &number), ("description", &crate::claims::cut(description, COST_LINE_CHOICE_CHARS))]),
                    };
                    (line.id.to_string(), label)
                })
                .collect(),
        )
    };
    let anchor = |field| Target::Document(id, field).anchor();
    let integrity = integrity_notice(&store, document, &picked_here);
    let add_again = {
        let (store, picked_here) = (store.clone(), picked_here.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|list| list.item(0)) {
                *picked_here.borrow_mut() = true;
                crate::ui::effects::replace_file(&store, id, file);
            }
            input.set_value("");
        })
    };
    // A file over the limit never reads as the limit (`FILE-TOO-LARGE` beside it).
    let size = |file: &crate::claim::FileFacts| store.catalog.bytes_above(file.size, store.profile.file_size_limit_bytes);
    // A file given again on its row (or the original added), being read: said so, rather
    // than the old facts, or nothing, for the seconds a recording takes.
    let reading_now = crate::ui::effects::reading(store.session.key(), id);
    let facts = match &document.file {
        _ if reading_now => store.t("ui.document.reading"),
        Some(file) => match described(&store, document).filter(|_| read_error.is_none()) {
            Some(described) => format!("{} · {described} · SHA-256 {}…", size(file), file.sha256.get(..12).unwrap_or("")),
            None => format!("{} · SHA-256 {}…", size(file), file.sha256.get(..12).unwrap_or("")),
        },
        None if read_error.is_some() => String::new(),
        None => store.t("ui.document.reading"),
    };
    html! {
        <li class="document" aria-labelledby={format!("document-{id}-name")}>
            <div class="row-head">
                <h3 id={format!("document-{id}-name")} class="file-name">{ document.file_name.clone() }</h3>
                // Where a finding of the file itself leads the keyboard: it names the file
                // and is described by the finding's words, as a field is.
                <span class="facts" id={anchor(DocumentField::File)} tabindex="-1" role="group"
                    aria-labelledby={format!("document-{id}-name {}", anchor(DocumentField::File))}
                    aria-describedby={super::claim_form::field_flags(&store, &anchor(DocumentField::File)).0}>{ facts }</span>
                <button type="button" class="quiet" onclick={remove}
                    aria-label={store.catalog.format_with("ui.document.remove", &[("name", &document.file_name)])}>{ store.t("ui.remove") }</button>
            </div>
            if !props.markers.is_empty() {
                <ul class="markers" id={format!("document-{id}-markers")} aria-label={store.t("ui.document.markers")}>
                    { for props.markers.iter().map(|(code, severity, detail)| {
                        let title = store.catalog.with_profile(&format!("check.{}.title", code.as_str()), &store.profile);
                        let said = match detail {
                            Some(detail) => store.catalog.format_with("ui.document.marker-of", &[("check", &title), ("what", detail)]),
                            None => title,
                        };
                        // The glyph is drawn for the eye; a screen reader hears the word.
                        let severity_said = format!("{}, ", store.t(&format!("severity.{}", severity.name())));
                        html! { <li class={classes!("marker", severity.name())} data-marker={code.as_str()}><span class="visually-hidden">{ severity_said }</span>{ said }</li> }
                    }) }
                </ul>
            }
            if let Some(message) = read_error {
                // Not an alert: ten rows said ten times as the claim opened, and again at
                // each language switch. What reading gave is said once (`DocumentList`), the
                // save status names rows that lack their file, Build package and Open
                // package say theirs.
                <p class="field-error" id={format!("document-{id}-read-error")}>{ message }</p>
                // The file given again on its row: the document keeps its type, note and
                // links (removed and added again, it lost them).
                <div class="field file-field">
                    <label for={format!("document-{id}-again")}>{ store.t("ui.document.add-again") }</label>
                    <input type="file" id={format!("document-{id}-again")} onchange={add_again} aria-describedby={format!("document-{id}-read-error")} />
                </div>
            }
            // Named by the file: a screen reader moving into a field of the row hears
            // which document it is in (every row's fields have the same names), Add the
            // original file too.
            <div role="group" aria-labelledby={format!("document-{id}-name")}>
            { integrity }
            <div class="grid">
                <Select id={anchor(DocumentField::DocType)} label={store.t("ui.document.type")}
                    value={document.doc_type.map_or("", DocType::name)} choices={types}
                    placeholder={store.t("ui.document.choose-type")} long_choice={crate::ui::controls::LONG_CHOICE_IN_ROW} onchange={on_type} flags={crate::ui::claim_form::field_flags(&store, &anchor(DocumentField::DocType))} />
                if document.doc_type == Some(DocType::Invoice) && store.claim.cost_lines.len() <= MANY_LINES {
                    <Select id={anchor(DocumentField::CostLine)} label={store.t("ui.document.cost-line")}
                        value={document.cost_line.map(|l| l.to_string()).unwrap_or_default()} choices={lines()}
                        placeholder={store.t("ui.document.choose-cost-line")} long_choice={crate::ui::controls::LONG_CHOICE_IN_ROW} onchange={on_link} flags={crate::ui::claim_form::field_flags(&store, &anchor(DocumentField::CostLine))} />
                } else if document.doc_type == Some(DocType::Invoice) {
                    // Thousands of lines make a list nobody scrolls, and one that costs the
                    // page seconds on every keystroke: the line is given by its number.
                    <TextInput id={anchor(DocumentField::CostLine)} label={store.t("ui.document.cost-line")} inputmode="numeric"
                        value={store.claim.cost_lines.iter().position(|line| Some(line.id) == document.cost_line).map(|at| (at + 1).to_string()).unwrap_or_default()}
                        hint={store.catalog.format_with("ui.document.cost-line-number", &[("total", &store.catalog.number(store.claim.cost_lines.len() as i64))])}
                        error={(*no_such_line).as_ref().filter(|number| document.cost_line.is_none() && number.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|at| store.claim.cost_lines.get(at)).is_none()).map(|number| AttrValue::from(store.catalog.format_with("ui.document.no-such-line", &[("number", number), ("total", &store.catalog.number(store.claim.cost_lines.len() as i64))])))}
                        oninput={on_link_number} flags={crate::ui::claim_form::field_flags(&store, &anchor(DocumentField::CostLine))} keep_typed=true />
                }
                <TextArea id={anchor(DocumentField::Note)} label={store.t("ui.document.note")} value={document.note.clone()}
                    flags={crate::ui::claim_form::field_flags(&store, &anchor(DocumentField::Note))} oninput={on_note} />
            </div>
            if document.doc_type == Some(DocType::Invoice) { { invoice_facts(&store, document) } }
            if document.doc_type == Some(DocType::ProofOfExecution) { { proof_items(&store, document) } }
            </div>
        </li>
    }
}

/// An invoice's number, date, total, currency and vendor: what was typed, else what was read
/// from the file (said so under the field); typing wins, clearing shows what was read.
fn invoice_facts(store: &Store, document: &Document) -> Html {
    let id = document.id;
    let field = |field: InvoiceField, label: &str, kind: &'static str| {
        let (value, source) = document.invoice_fact(field).map_or((String::new(), None), |(value, source)| (value.to_string(), Some(source)));
        let currency = (field == InvoiceField::Total).then(|| store.claim.invoice_currency(document, &store.profile));
        // A total read from the file is shown as the partner would type it in the page's
        // language (`4 000,00` on a French page); the claim keeps it as read (`4000.00`).
        let shown = match &currency {
            Some(currency) if source == Some(FactSource::Read) => crate::rules::read_money(&value, currency, &store.profile)
                .valid()
                .map(|minor| store.catalog.amount_as_typed(minor, store.profile.currency(currency).map_or(2, |known| known.minor_digits)))
                .unwrap_or_else(|| value.clone()),
            _ => value.clone(),
        };
        let oninput = {
            let store = store.clone();
            Callback::from(move |text: String| store.dispatch(Action::Edit(Edit::SetInvoiceFact(id, field, text))))
        };
        let hint = (source == Some(FactSource::Read)).then(|| AttrValue::from(store.t("ui.invoice.read")));
        // How a total reads.
        let reading = currency.as_ref().and_then(|currency| super::claim_form::amount_reading(store, &value, currency));
        let label = store.t(label);
        let not_a_date = super::controls::not_a_date(&store.catalog, kind, &label);
        // Keyed by claim (a field of another claim is another component) and by field, five
        // fields side by side.
        let target = Target::Document(id, DocumentField::Invoice(field));
        let anchor = target.anchor();
        // A total or date that cannot be read says so on the field, as a claim's field does.
        let error = super::claim_form::field_error(store, target);
        // A phone shows its keypad with a separator for an amount, as for the claim's.
        let inputmode = (field == InvoiceField::Total).then_some(AttrValue::Static("decimal"));
        html! {
            <TextInput key={format!("{}/{anchor}", store.session.key())} id={anchor.clone()} {label} value={shown} kind={kind}
                {hint} {error} {reading} {not_a_date} {inputmode} flags={super::claim_form::field_flags(store, &anchor)} {oninput} keep_typed=true />
        }
    };
    html! {
        <fieldset class="invoice-facts">
            <legend>{ store.t("ui.invoice.heading") }</legend>
            <div class="grid">
                { field(InvoiceField::Number, "ui.invoice.number", "text") }
                { field(InvoiceField::Date, "ui.invoice.date", "date") }
                { field(InvoiceField::Total, "ui.invoice.total", "text") }
                { field(InvoiceField::Currency, "ui.invoice.currency", "text") }
                { field(InvoiceField::Vendor, "ui.invoice.vendor", "text") }
            </div>
        </fieldset>
    }
}

/// What the row of document `name` says, and the page says once, of file `picked` given
/// as its original and refused.
pub fn not_original_words(catalog: &crate::i18n::Catalog, picked: &str, name: &str) -> String {
    catalog.format_with("ui.document.not-original", &[("other", picked), ("name", name)])
}

/// A document whose package check failed: the blocker on its row, with the two ways out
/// (its original file added again; for an altered file, accepting it as it is).
fn integrity_notice(store: &Store, document: &Document, picked_here: &std::rc::Rc<std::cell::RefCell<bool>>) -> Html {
    let Some(integrity) = &document.integrity else { return Html::default() };
    let id = document.id;
    let altered = integrity.state == IntegrityState::Altered;
    let (code, state) = if altered { ("PACKAGE-DOC-ALTERED", "altered") } else { ("PACKAGE-DOC-MISSING", "missing") };
    let file = [("file", document.file_name.as_str())];
    let onchange = {
        let (store, picked_here) = (store.clone(), picked_here.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|list| list.item(0)) {
                *picked_here.borrow_mut() = true;
                crate::ui::effects::replace_file(&store, id, file);
            }
            input.set_value("");
        })
    };
    // The notice and its button go with the mark: the keyboard goes to the row's file,
    // which names it, rather than to nowhere.
    let accept = {
        let store = store.clone();
        Callback::from(move |_| {
            crate::browser::focus_soon(Target::Document(id, DocumentField::File).anchor());
            store.dispatch(Action::Edit(Edit::AcceptDocumentFile(id)))
        })
    };
    let input_id = format!("document-{id}-original");
    let said_id = format!("document-{id}-integrity");
    // The file last picked here was not the original: the row says so under the mark,
    // and the field is described by both.
    let refused_id = format!("document-{id}-not-original");
    let refused = store.not_original.get(&id).map(|problem| not_original_words(&store.catalog, &problem.name, &document.file_name));
    let described_by = if refused.is_some() { format!("{said_id} {refused_id}") } else { said_id.clone() };
    html! {
        <div class="integrity" data-integrity={state}>
            // Not an alert either: the Open report says what a package's check found.
            <p class="field-error" id={said_id.clone()}>
                <strong>{ store.t("severity.blocker-said") }</strong>
                { store.catalog.format_with(&format!("check.{code}"), &file) }
            </p>
            if let Some(refused) = refused {
                <p class="field-error" id={refused_id}>{ refused }</p>
            }
            <div class="field file-field">
                <label for={input_id.clone()}>{ store.t("ui.document.add-original") }</label>
                <input type="file" id={input_id} {onchange} aria-describedby={described_by} />
            </div>
            if altered {
                <button type="button" onclick={accept}
                    aria-label={store.catalog.format_with("ui.document.accept-file.label", &[("name", &document.file_name)])}>
                    { store.t("ui.document.accept-file") }
                </button>
            }
        </div>
    }
}

/// Above this many cost lines, an invoice names its line by number instead of choosing it
/// from a list.
const MANY_LINES: usize = 200;

/// The most of a cost line's description its choice shows ("2. Email invitation
/// campaign…"): enough to tell lines apart.
const COST_LINE_CHOICE_CHARS: usize = 60;

/// The id of the Undo button for the document removed last.
const UNDO_REMOVE: &str = "undo-remove-document";

/// Says which document was removed last and offers to bring it back, in its place.
#[component]
fn RemovedDocument() -> Html {
    let store = use_store();
    let Some(removed) = store.session.last_removed_document() else { return Html::default() };
    let focus = Target::Document(removed.id, DocumentField::DocType).anchor();
    crate::ui::controls::removed_notice(&store, "ui.documents.removed", &removed.file_name, UNDO_REMOVE, crate::session::Event::UndoRemoveDocument, focus)
}

/// Where the partner's file size limit is remembered, in whole megabytes (MiB).
pub const FILE_LIMIT_KEY: &str = "preflight.file-limit-mb";

const MIB: u64 = 1024 * 1024;

/// Remembers the partner's file size limit (in whole megabytes) on this device.
pub fn remember_file_limit(bytes: u64) {
    crate::browser::save_preference(FILE_LIMIT_KEY, &(bytes / MIB).to_string());
}

/// A limit in whole megabytes, as typed or remembered, if it is one the page takes.
fn file_limit_of(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok().map(|mb| mb.saturating_mul(MIB)).filter(|bytes| crate::session::FILE_LIMIT_RANGE.contains(bytes))
}

/// Follows the limit another tab sets: the same claim is judged by one limit in every
/// tab (a file too large in one tab was not in the other, and its package was built
/// against the other limit).
pub fn follow_file_limit(store: &Store) {
    let store = store.clone();
    crate::browser::on_preference_changed(FILE_LIMIT_KEY, move |value| {
        if let Some(bytes) = value.as_deref().and_then(file_limit_of) {
            crate::ui::effects::send(&store, crate::session::Event::FileLimit { bytes, elsewhere: true });
        }
    });
}

/// The live region that says how many documents were just added.
const DOCUMENTS_SAID: &str = "documents-said";

/// The file size limit, which the partner may change when Microsoft changes it before
/// the program profile does; the change is remembered on this device.
#[component]
fn FileLimitField() -> Html {
    let store = use_store();
    let current = store.profile.file_size_limit_bytes / MIB;
    let text = use_state(|| current.to_string());
    // Whether what was typed is refused (said in the page's language as it renders: a
    // language switched since says it in the new one).
    let error = use_state(|| false);
    // A limit typed and not yet applied (it is once the field is left) is remembered if
    // the page is closed or reloaded first: the one edit a reload lost. Not at each key:
    // typing 5000 would remember 5, 50 and 500 on the way, for every tab.
    let typed = use_mut_ref(|| None::<u64>);
    {
        // Another tab or a reload may bring another limit: the field follows it, and
        // what was typed here before it is let go (closing this tab would otherwise
        // give every tab a limit no one chose last).
        let (text, typed) = (text.clone(), typed.clone());
        use_effect_with(current, move |current| {
            typed.borrow_mut().take();
            text.set(current.to_string());
        });
    }
    {
        let typed = typed.clone();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                if let Some(bytes) = typed.borrow_mut().take() {
                    remember_file_limit(bytes);
                }
            });
            if let Some(window) = web_sys::window() {
                let _ = window.add_event_listener_with_callback("pagehide", wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()));
            }
            move || {
                if let Some(window) = web_sys::window() {
                    let _ = window.remove_event_listener_with_callback("pagehide", wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()));
                }
            }
        });
    }
    let onchange = {
        let (store, text, error, typed) = (store.clone(), text.clone(), error.clone(), typed.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            typed.borrow_mut().take();
            text.set(value.clone());
            match file_limit_of(&value) {
                Some(bytes) => {
                    error.set(false);
                    remember_file_limit(bytes);
                    crate::ui::effects::send(&store, crate::session::Event::FileLimit { bytes, elsewhere: false });
                }
                None => error.set(true),
            }
        })
    };
    // What is typed is kept as it is typed: the page re-renders whenever anything changes
    // (a file read, another tab's save), and would otherwise put the last committed value
    // back into the field under the partner's fingers, so that leaving it changed nothing.
    let oninput = {
        let (text, typed) = (text.clone(), typed.clone());
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            *typed.borrow_mut() = file_limit_of(&value).filter(|bytes| *bytes != current * MIB);
            text.set(value);
        })
    };
    let described = if *error { "file-limit-hint file-limit-error" } else { "file-limit-hint" };
    let range = crate::session::FILE_LIMIT_RANGE;
    html! {
        <div class={classes!("field", "file-limit", error.then_some("invalid"))}>
            <label for="file-limit">{ store.t("ui.file-limit") }</label>
            <input id="file-limit" type="number" inputmode="numeric" min="1" max="4096" step="1" value={(*text).clone()} {oninput} {onchange}
                aria-invalid={error.then_some("true")} aria-describedby={described} />
            <span class="hint" id="file-limit-hint">{ store.catalog.format_with("ui.file-limit.hint", &[("default", &store.catalog.bytes(store.session.profile_file_limit()))]) }</span>
            if *error {
                <span class="field-error" id="file-limit-error">{ store.catalog.format_with("ui.file-limit.invalid", &[("smallest", &(range.start() / MIB).to_string()), ("largest", &store.catalog.number((range.end() / MIB) as i64))]) }</span>
            }
        </div>
    }
}

#[component]
pub fn DocumentList() -> Html {
    let store = use_store();
    let dragging = use_state(|| false);
    let shown = use_state(|| PAGE);
    // Documents shown apart, past Show more: one a finding leads to far down (see
    // `controls::Apart`).
    let apart = use_state(crate::ui::controls::Apart::default);
    crate::ui::controls::register_rows(crate::ui::controls::Rows::Documents, &shown, &apart);
    let count = crate::ui::controls::use_rows_of_claim(&shown, store.session.key());
    let apart_rows = crate::ui::controls::apart_rows(&store.claim.documents, count, &apart, store.session.key(), |document| document.id);
    // Each document's findings, in one pass (the review lists blockers first). Proof
    // items not covered all go on the first proof document: each marker names its item,
    // or three read as one said three times.
    let mut markers: std::collections::HashMap<u32, Vec<(Code, Severity, Option<String>)>> = std::collections::HashMap::new();
    let lang = store.catalog.lang();
    for finding in &store.review.findings {
        if let Target::Document(id, _) = finding.target {
            let detail = match (finding.code, finding.arg("item")) {
                (Code::PoeItemMissing, Some(crate::rules::Arg::Profile(item))) => Some(item.get(lang).to_string()),
                _ => None,
            };
            markers.entry(id).or_default().push((finding.code, finding.severity, detail));
        }
    }
    // Files picked or dropped on a claim that cannot change here (edited in another tab,
    // or submitted and locked) are refused in words, and the keyboard goes to what
    // unlocks it. The refusal (how many files, and a number that makes each one a new
    // alert, said again) goes once the claim can change, or another claim is shown.
    let refused = use_state(|| None::<(usize, u32)>);
    let refusals = use_mut_ref(|| 0_u32);
    let closed = !store.editable() || store.claim.lifecycle.locked();
    // Files chosen for a claim that left the page while the browser's dialog was open (a
    // package opened meanwhile, the claim deleted in another tab): refused in words, not
    // added to the claim that came instead. The claim the dialog was opened for, and the
    // refusal said (how many files, a number that makes each a new alert).
    let picked_for = use_mut_ref(|| None::<String>);
    let moved = use_state(|| None::<(usize, u32)>);
    // Folders dropped are refused in words (their names, and a number that makes each
    // refusal a new alert): what is in them is to be added.
    let folders = use_state(|| None::<(String, u32)>);
    {
        let (refused, moved, folders) = (refused.clone(), moved.clone(), folders.clone());
        use_effect_with((store.session.key().to_string(), store.editable(), store.claim.lifecycle.locked()), move |_| {
            refused.set(None);
            moved.set(None);
            folders.set(None);
        });
    }
    let add = {
        let (store, refused, refusals) = (store.clone(), refused.clone(), refusals.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            if closed {
                *refusals.borrow_mut() += 1;
                refused.set(Some((files.len(), *refusals.borrow())));
                crate::browser::focus_element("add-documents");
                return;
            }
            refused.set(None);
            crate::ui::effects::add_files(&store, files)
        })
    };
    let onclick = {
        let (picked_for, key) = (picked_for.clone(), store.session.key().to_string());
        Callback::from(move |_: MouseEvent| *picked_for.borrow_mut() = Some(key.clone()))
    };
    let onchange = {
        let (add, moved, refusals, key) = (add.clone(), moved.clone(), refusals.clone(), store.session.key().to_string());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let picked = files::from_list(input.files());
            input.set_value("");
            if picked_for.borrow_mut().take().is_some_and(|chosen_for| chosen_for != key) && !picked.is_empty() {
                *refusals.borrow_mut() += 1;
                moved.set(Some((picked.len(), *refusals.borrow())));
                crate::browser::focus_element("add-documents");
                return;
            }
            moved.set(None);
            add.emit(picked);
        })
    };
    // A claim that cannot change does not light up as taking the file (the drop is still
    // taken from the browser, which would open the file in place of the page, and refused
    // in words).
    // Only a drag of files: text or a link dragged into a note is the note's. A file
    // dropped on a document's own file field (Add the original file) is that field's.
    let ours = |event: &DragEvent| files::takes_drag(event, "add-documents");
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            if !ours(&event) {
                return;
            }
            event.prevent_default();
            if *dragging == closed {
                dragging.set(!closed);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let drop = {
        let (add, folders, refusals) = (add.clone(), folders.clone(), refusals.clone());
        Callback::from(move |event: DragEvent| {
            let (dropped, folders_dropped) = files::dropped(&event);
            if folders_dropped.is_empty() {
                folders.set(None);
            } else {
                *refusals.borrow_mut() += 1;
                folders.set(Some((folders_dropped.join(", "), *refusals.borrow())));
            }
            add.emit(dropped);
        })
    };
    let ondrop = {
        let (dragging, drop) = (dragging.clone(), drop.clone());
        Callback::from(move |event: DragEvent| {
            dragging.set(false);
            if !ours(&event) {
                return;
            }
            event.prevent_default();
            drop.emit(event);
        })
    };
    let n_reading = store.claim.documents.iter().filter(|d| d.file.is_none() && !store.read_errors.contains_key(&d.id)).count();
    // Once read, the files added are said to be added (the "Reading…" line goes): the
    // most read at once since the last time none was, then that count.
    // Of the claim on the page: another opened meanwhile was told of its files.
    let added = use_mut_ref(|| (String::new(), 0_usize, None::<usize>));
    let just_added = {
        let mut added = added.borrow_mut();
        if added.0 != store.session.key() {
            *added = (store.session.key().to_string(), 0, None);
        }
        if n_reading > 0 {
            added.1 = added.1.max(n_reading);
            added.2 = None;
        } else if added.1 > 0 {
            added.2 = Some(added.1);
            added.1 = 0;
        }
        added.2
    };
    // Said once, and gone a few seconds later: left in a live region, it was said again,
    // long after, when the language was switched. With the files that could not be read,
    // whose rows say why (not alerts of their own).
    // A file that could not be read later (given again on its row, or found unreadable
    // by the reader) is said when the count of them grows, with no files being added.
    {
        let catalog = store.catalog.clone();
        // Those of documents on the claim (an error stays with a row removed).
        let unread = store.read_errors.keys().filter(|id| store.claim.document(**id).is_some()).count();
        let said_unread = use_mut_ref(|| unread);
        // What was said of the files added last: said once (the count stays until the
        // next files are read, and this runs again when the unread count changes).
        let said_added = use_mut_ref(|| None::<usize>);
        use_effect_with((just_added, unread), move |(just_added, unread)| {
            let before = std::mem::replace(&mut *said_unread.borrow_mut(), *unread);
            let new_added = std::mem::replace(&mut *said_added.borrow_mut(), *just_added) != *just_added;
            let not_read = (*unread > 0).then(|| catalog.count("ui.documents.not-read", *unread, &[]));
            match (just_added.filter(|_| new_added), not_read) {
                (Some(n), not_read) => {
                    let added = catalog.count("ui.documents.added", n, &[]);
                    crate::browser::say_in(DOCUMENTS_SAID, &not_read.map_or(added.clone(), |not_read| format!("{added} {not_read}")), 100);
                }
                (None, Some(not_read)) if *unread > before && n_reading == 0 => crate::browser::say_in(DOCUMENTS_SAID, &not_read, 100),
                _ => {}
            }
        });
    }
    // Files refused (picked for a claim that left the page, folders, dropped on a claim
    // shown read-only): shown, and said once as they come, not as alerts, which were said
    // again at each language switch for as long as they stayed.
    let refusals_said = [
        (*moved).map(|(n, refusal)| (format!("moved-{refusal}"), store.catalog.count("ui.documents.picked-elsewhere", n, &[]))),
        (*folders).as_ref().map(|(names, refusal)| (format!("folders-{refusal}"), store.catalog.format_with("ui.documents.folder-refused", &[("name", names)]))),
        (*refused).filter(|_| closed).map(|(n, refusal)| (format!("refused-{refusal}"), store.catalog.count(if store.editable() { "ui.documents.drop-refused-locked" } else { "ui.documents.drop-refused" }, n, &[]))),
    ];
    let [moved_said, folders_said, refused_said] = refusals_said.clone().map(Option::unwrap_or_default);
    crate::ui::controls::use_said(moved_said.0, moved_said.1);
    crate::ui::controls::use_said(folders_said.0, folders_said.1);
    crate::ui::controls::use_said(refused_said.0, refused_said.1);
    html! {
        <section class={classes!("card", "documents", dragging.then_some("dragging"))} aria-labelledby="section-documents"
            {ondragover} {ondragleave} {ondrop}>
            <h2 id="section-documents">{ store.t("ui.section.documents") }</h2>
            <crate::ui::controls::SectionHelp section="documents" />
            <p class="help">{ store.t("ui.help.documents") }</p>
            // Out of reach on a locked claim but for Show more (see `ui::mod`).
            <fieldset class="rows-fields" disabled={crate::ui::controls::locked(&store)}>
            <div class="field file-field">
                <label for="add-documents">{ store.t("ui.add-documents") }</label>
                <input type="file" id="add-documents" multiple=true {onclick} {onchange} aria-describedby="add-documents-hint" />
                <span class="hint" id="add-documents-hint">{ store.t("ui.hint.add-documents") }</span>
            </div>
            if store.profile.file_size_limit_editable { <FileLimitField /> }
            { for refusals_said.into_iter().flatten().map(|(key, words)| html! { <p {key} class="field-error">{ words }</p> }) }
            // Neither is a live region: Remove takes the keyboard to Undo, which names what
            // it brings back (the notice read too was heard twice, and again in the other
            // language after a switch); what reading gave is said once it is done
            // (`DOCUMENTS_SAID`), not at each of its steps.
            <RemovedDocument />
            if n_reading > 0 {
                <p class="reading">{ store.catalog.count("ui.documents.reading", n_reading, &[]) }</p>
            }
            // Filled by `browser::say_in` only.
            <p id={DOCUMENTS_SAID} class="visually-hidden" role="status"></p>
            if store.claim.documents.is_empty() {
                <p class="empty">{ store.t("ui.documents.none") }</p>
            }
            // Keyed by claim and document: a copy of a claim has the same document ids, and a
            // row keeps what it remembers (its last cost line) for its own claim only.
            <ul class={classes!("rows", crate::ui::controls::long_list(store.claim.documents.len()))}>
                { for store.claim.documents.iter().take(count).map(|document| html! {
                    <DocumentRow key={format!("{}/{}", store.session.key(), document.id)} document={document.clone()} markers={markers.remove(&document.id).unwrap_or_default()} />
                }) }
            </ul>
            </fieldset>
            { show_more(&store, &shown, store.claim.documents.len(), crate::ui::controls::next_rows(count, store.claim.documents.len()).min(store.claim.documents.len().saturating_sub(count + apart_rows.len())), "ui.documents.show-more", store.claim.documents.get(count).map(|document| Target::Document(document.id, if crate::ui::controls::locked(&store) { DocumentField::File } else { DocumentField::DocType }).anchor())) }
            if !apart_rows.is_empty() {
                <fieldset class="rows-fields" disabled={crate::ui::controls::locked(&store)}>
                <ul class="rows">
                    { for apart_rows.into_iter().map(|(_, document)| html! {
                        <DocumentRow key={format!("{}/{}", store.session.key(), document.id)} document={document.clone()} markers={markers.remove(&document.id).unwrap_or_default()} />
                    }) }
                </ul>
                </fieldset>
            }
        </section>
    }
}
