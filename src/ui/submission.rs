//! The claim after its package: its status in Partner Center, its claim ID there, the day
//! it was submitted, the dated history of its statuses with the partner's notes, and the
//! lock on a submitted claim ("Edit anyway" for a requested correction). Plain functions
//! of the store: the rules of it are the core's ([`crate::lifecycle`]).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::claim::Edit;
use crate::lifecycle::{Status, SubmittedOnSlip};
use crate::ui::controls::{Choices, Select, TextInput};
use crate::ui::store::{Action, Store};

/// The note's text area, read when the partner records a note.
const NOTE: &str = "status-note";

/// Where a note typed and not yet added is kept (per claim), so that a reload or a closed
/// tab does not lose a reviewer's request pasted a moment before.
fn note_draft_key(claim_key: &str) -> String {
    format!("coop-note-draft:{claim_key}")
}

thread_local! {
    /// The note typed for each claim, held here as well as in local storage: where the
    /// browser refuses local storage (site data blocked, or full), the field drawn from
    /// it alone was set back to nothing at the page's next render, and a reviewer's
    /// request being pasted was wiped.
    static DRAFTS: std::cell::RefCell<std::collections::HashMap<String, String>> = std::cell::RefCell::default();
}

/// The note typed and not added yet for the claim under `claim_key`.
fn draft(claim_key: &str) -> String {
    DRAFTS.with(|drafts| drafts.borrow().get(claim_key).cloned()).or_else(|| crate::browser::load_preference(&note_draft_key(claim_key))).unwrap_or_default()
}

/// Keeps the note typed for a claim (empty: none), here and across a reload.
fn keep(claim_key: &str, text: String) {
    let key = note_draft_key(claim_key);
    if text.is_empty() {
        crate::browser::forget_preference(&key);
    } else {
        crate::browser::save_preference(&key, &text);
    }
    DRAFTS.with(|drafts| drafts.borrow_mut().insert(claim_key.to_string(), text));
}

fn edit(store: &Store, make: fn(String) -> Edit) -> Callback<String> {
    let store = store.clone();
    Callback::from(move |text: String| store.dispatch(Action::Edit(make(text))))
}

/// The notice above a locked claim's form, with "Edit anyway". No live region: its
/// words change as Submitted on is typed, and would be read at every key; they are said
/// once, as the claim locks ([`use_lock_said`]).
pub fn lock_notice(store: &Store) -> Html {
    let Some(notice) = locked_words(store) else {
        return unlocked_notice(store);
    };
    // Shown read-only here (another tab edits it): that tab unlocks it, not this one.
    let editable = store.editable();
    // The notice and its button go: the keyboard's focus goes to the claim's first field,
    // where the correction starts, rather than to the page's top.
    let unlock = {
        let store = store.clone();
        crate::ui::controls::single_click(move || {
            store.dispatch(Action::Edit(Edit::SetUnlocked(true)));
            crate::browser::focus_soon("claim-title".into());
        })
    };
    html! {
        <p class="notice lock-notice" id="submitted-notice">
            { notice }
            if editable {
                { " " }<button type="button" id={LOCK_BUTTON} onclick={unlock}>{ store.t("ui.submission.edit-anyway") }</button>
            }
        </p>
    }
}

/// What the lock notice says of a locked claim; `None` when it is not locked.
fn locked_words(store: &Store) -> Option<String> {
    let lifecycle = &store.claim.lifecycle;
    if !lifecycle.locked() {
        return None;
    }
    let status = store.t(&format!("status.{}", lifecycle.status.name()));
    // Submitted again after a request: the lock keeps what Partner Center received then,
    // and the notice names that day after the first's.
    let submitted = lifecycle.submission(store.today).flatten();
    let again = submitted.and_then(|first| lifecycle.resubmitted_after(first)).map(|day| store.catalog.date(day));
    let notice = match (submitted, again) {
        // The day is the submission's, whatever the status is now ("Paid on" the day it
        // was submitted would say it was paid then).
        (Some(day), None) if lifecycle.status == Status::Submitted => store.catalog.format_with("ui.submission.locked", &[("date", &store.catalog.date(day))]),
        (Some(day), Some(again)) if lifecycle.status == Status::Submitted => store.catalog.format_with("ui.submission.locked-again", &[("date", &store.catalog.date(day)), ("again", &again)]),
        (Some(day), None) => store.catalog.format_with("ui.submission.locked-status", &[("status", &status), ("date", &store.catalog.date(day))]),
        (Some(day), Some(again)) => store.catalog.format_with("ui.submission.locked-status-again", &[("status", &status), ("date", &store.catalog.date(day)), ("again", &again)]),
        // Submitted on left empty: the notice names no day.
        (None, _) => store.catalog.format_with("ui.submission.locked-undated", &[("status", &status)]),
    };
    Some(notice)
}

/// Says the lock notice's words once, when the claim on the page locks or opens again
/// with Edit anyway, or comes on the page so: not at each key typed in Submitted on (its
/// words change), nor at a language switch.
#[hook]
pub fn use_lock_said(store: &Store) {
    let lifecycle = &store.claim.lifecycle;
    let when = format!("{} {} {}", store.session.key(), lifecycle.locked(), unlocked_shown(lifecycle));
    let words = locked_words(store).or_else(|| unlocked_shown(lifecycle).then(|| unlocked_words(store))).unwrap_or_default();
    crate::ui::controls::use_said(when, words);
}

/// "Edit anyway" and "Lock again": one place, so that the focus stays on the button.
pub const LOCK_BUTTON: &str = "lock-toggle";

/// A submitted claim opened with "Edit anyway" says so, on every visit until it is
/// locked again (a reload kept it open without a word): what changes here is not in
/// Partner Center.
fn unlocked_notice(store: &Store) -> Html {
    if !unlocked_shown(&store.claim.lifecycle) {
        return Html::default();
    }
    let lock = {
        let store = store.clone();
        crate::ui::controls::single_click(move || {
            store.dispatch(Action::Edit(Edit::SetUnlocked(false)));
            crate::browser::focus_soon(LOCK_BUTTON.into());
        })
    };
    html! {
        <p class="notice lock-notice" id="submitted-notice">
            { unlocked_words(store) }
            if store.editable() {
                { " " }<button type="button" id={LOCK_BUTTON} onclick={lock}>{ store.t("ui.submission.lock-again") }</button>
            }
        </p>
    }
}

/// Whether the page says that a submitted claim is open with Edit anyway.
fn unlocked_shown(lifecycle: &crate::lifecycle::Lifecycle) -> bool {
    lifecycle.unlocked && lifecycle.status.submitted() && lifecycle.status != Status::MoreInformation
}

fn unlocked_words(store: &Store) -> String {
    let status = store.t(&format!("status.{}", store.claim.lifecycle.status.name()));
    store.catalog.format_with("ui.submission.unlocked", &[("status", &status)])
}

/// The Submission card: status, Partner Center claim ID, Submitted on, notes, history.
pub fn card(store: &Store) -> Html {
    let lifecycle = &store.claim.lifecycle;
    let today = crate::dates::iso(store.today);
    let on_status = {
        let (store, today) = (store.clone(), today.clone());
        Callback::from(move |name: String| {
            if let Some(status) = Status::from_name(&name) {
                store.dispatch(Action::Edit(Edit::SetStatus { status, on: today.clone(), note: String::new() }));
            }
        })
    };
    let add_note = {
        let (store, today) = (store.clone(), today);
        Callback::from(move |_| {
            let area = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(NOTE));
            let Some(area) = area.and_then(|area| wasm_bindgen::JsCast::dyn_into::<HtmlTextAreaElement>(area).ok()) else { return };
            let note = area.value();
            if note.trim().is_empty() {
                // Nothing to add yet: the keyboard goes where the note is written.
                let _ = area.focus();
                return;
            }
            area.set_value("");
            keep(store.session.key(), String::new());
            store.dispatch(Action::Edit(Edit::SetStatus { status: store.claim.lifecycle.status, on: today.clone(), note }));
            // The note lands in the history below, away from the focus.
            crate::browser::say(&store.t("ui.submission.note-added"));
        })
    };
    let keep_draft = {
        let key = store.session.key().to_string();
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            keep(&key, text);
        })
    };
    // Archived (paid, forfeited, abandoned): out of the active list, kept; or back.
    let archived = lifecycle.archived;
    let toggle_archived = {
        let (store, title) = (store.clone(), store.title_of(&store.claim.title));
        crate::ui::controls::single_click(move || {
            store.dispatch(Action::Edit(Edit::SetArchived(!archived)));
            // The button's new name is not read where it stays focused: what happened is said.
            crate::browser::say(&store.catalog.format_with(if archived { "claims.unarchived" } else { "claims.archived" }, &[("title", &title)]));
        })
    };
    let submitted_on = store.t("ui.submission.submitted-on");
    // The field as a sentence names it (French: « Date de soumission », not the label's
    // « Soumise le »).
    let field = store.t("ui.submission.submitted-on-field");
    // A day still to come, after Partner Center answered, before the activity ended or
    // after the claim deadline is a slip: the claim cannot have been submitted (and taken)
    // then.
    let activity_end = crate::dates::parse_iso(store.claim.activity_end.trim());
    let deadline = store.review.dates.claim_deadline.as_ref().map(|deadline| deadline.accepted_until());
    let slip = lifecycle.submitted_on_slip(store.today, activity_end, deadline).map(|slip| {
        AttrValue::from(match slip {
            SubmittedOnSlip::Future => store.catalog.format_with("ui.submission.future", &[("field", &field)]),
            // Standing rejected, a day after the rejection may be the claim's sent again:
            // choosing Submitted makes it that submission's.
            SubmittedOnSlip::AfterLaterChange(_) if lifecycle.dates_a_resubmission(store.today) => store.catalog.format_with("ui.submission.after-rejection", &[("field", &field)]),
            SubmittedOnSlip::AfterLaterChange(answered) => store.catalog.format_with("ui.submission.after-answer", &[("field", &field), ("date", &store.catalog.date(answered))]),
            SubmittedOnSlip::BeforeRejection(rejected) => store.catalog.format_with("ui.submission.before-rejection", &[("field", &field), ("date", &store.catalog.date(rejected))]),
            SubmittedOnSlip::BeforeActivityEnd(end) => store.catalog.format_with("ui.submission.before-activity", &[("field", &field), ("date", &store.catalog.date(end))]),
            // The last day Partner Center took claims: the deadline, or Microsoft's
            // published close after it, named as such (the Dates card shows the deadline).
            SubmittedOnSlip::AfterDeadline(last) => {
                let close = store.review.dates.claim_deadline.as_ref().is_some_and(|deadline| deadline.effective() != last);
                store.catalog.format_with(if close { "ui.submission.after-close" } else { "ui.submission.after-deadline" }, &[("field", &field), ("date", &store.catalog.date(last))])
            }
            SubmittedOnSlip::NotADate => store.catalog.format_with("ui.submission.not-a-date", &[("field", &field), ("reason", &store.t("date.error.invalid"))]),
        })
    });
    let claim_id_missing = lifecycle.lacks_claim_id().then(|| AttrValue::from(store.t("ui.submission.claim-id-missing")));
    // A locked claim goes back to Preparing only through "Edit anyway" (the lock notice).
    let statuses = Choices::flat(
        Status::ALL
            .iter()
            .filter(|status| **status != Status::Preparing || !lifecycle.locked())
            .map(|status| (status.name().to_string(), store.t(&format!("status.{}", status.name()))))
            .collect(),
    );
    let catalog = &store.catalog;
    html! {
        <section class="card submission" aria-labelledby="submission-heading">
            <h2 id="submission-heading">{ store.t("ui.submission.heading") }</h2>
            // Read-only while another tab edits this claim, as the form is (a submitted
            // claim's lock leaves this card open: it records what Partner Center does). No
            // legend: the region is named so by its heading, and it was said twice.
            <fieldset class="submission-fields" disabled={!store.editable()}>
            <div class="grid">
                // Not keyed by claim, unlike the claim ID below: the choice it holds while
                // arrowed through is committed by its `pagehide` listener, which must be
                // added before the page's own (see `Select`), so it is never made again.
                // A choice held for another claim is dropped (`scope`).
                <Select id="status" label={store.t("ui.submission.status")} value={lifecycle.status.name()} choices={statuses} onchange={on_status} hold_keys=true scope={AttrValue::from(store.session.key().to_string())} />
                // Keyed by claim, as the claim's fields are: another claim put on the page
                // (a package opened) is not typed into by keys meant for this one.
                <TextInput key={format!("claim-id-{}", store.session.key())} id="partner-center-claim-id" label={store.t("ui.submission.claim-id")} value={lifecycle.partner_center_id.clone()}
                    hint={claim_id_missing} oninput={edit(store, Edit::SetPartnerCenterId)} />
                <TextInput key={store.session.key().to_string()} id="submitted-on" label={submitted_on.clone()} kind="date" value={lifecycle.submitted_on.clone()}
                    error={slip}
                    not_a_date={super::controls::not_a_date(&store.catalog, "date", &field)} oninput={{
                        let (store, today) = (store.clone(), crate::dates::iso(store.today));
                        Callback::from(move |text: String| store.dispatch(Action::Edit(Edit::SetSubmittedOn(text, today.clone()))))
                    }} />
            </div>
            // The one status that waits for the partner: what it asks of them.
            if lifecycle.status == Status::PendingTaxInvoice {
                <p class="hint status-hint">{ store.t("ui.submission.pending-tax-invoice") }</p>
            }
            <div class="field">
                <label for={NOTE}>{ store.t("ui.submission.note") }</label>
                <textarea key={store.session.key().to_string()} id={NOTE} rows="2" value={draft(store.session.key())} oninput={keep_draft} />
            </div>
            <button type="button" onclick={add_note}>{ store.t("ui.submission.add-note") }</button>
            <p class="archive-line">
                <button type="button" aria-describedby="archive-hint" onclick={toggle_archived}>{ store.t(if archived { "claims.restore" } else { "claims.archive" }) }</button>
                { " " }<span class="hint" id="archive-hint">{ store.t("ui.submission.archive-hint") }</span>
            </p>
            </fieldset>
            if !lifecycle.history.is_empty() {
                // Newest first, numbered as they came (the first change is 1).
                <h3 class="status-history-heading" id="status-history-heading">{ store.t("ui.submission.history") }</h3>
                <ol class="status-history" reversed=true aria-labelledby="status-history-heading">
                    { for lifecycle.history.iter().enumerate().rev().map(|(at, change)| {
                        let said = crate::package::summary::change_said(catalog, &lifecycle.history, at);
                        html! {
                            <li>{ said }
                                if !change.note.is_empty() { { " " }<q>{ change.note.clone() }</q> }
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
