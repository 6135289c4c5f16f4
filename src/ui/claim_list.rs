//! The start view's list of the partner's claims, the most urgent deadline first, and
//! what a partner does with them: open another, duplicate, delete (with Undo). The claim
//! that leaves the page is kept by the reducer until it is stored: nothing is lost.

use yew::prelude::*;

use crate::claims::ClaimRow;
use crate::session::Event;
use crate::ui::effects::{fresh_key, send};
use crate::ui::store::{use_store, Store};

/// The control focus moves to when the one pressed goes away.
pub const UNDO: &str = "claims-undo";
/// Where what a search or filter found is said, once the keys stop.
const CLAIMS_SAID: &str = "claims-said";

fn open(store: &Store, key: String) {
    send(store, Event::Open { key });
}

/// A copy of the claim, documents included, under a new key and a title that says so; a
/// claim without a title gives a copy without one (the list's "Untitled claim" is a
/// label, not a title: kept, it would clear FIELD-REQUIRED, in one language).
fn duplicate(store: &Store, key: String) {
    let Some(entry) = store.session.entry(&key) else { return };
    let title = if entry.claim.title.trim().is_empty() { String::new() } else { store.catalog.format_with("claims.copy-title", &[("title", &entry.claim.title)]) };
    send(store, Event::Duplicate { key, new_key: fresh_key(store), title });
}

/// Deletes a claim from the device; the session keeps it in its bin for Undo.
fn delete(store: &Store, key: String) {
    send(store, Event::Delete { key, fallback_key: fresh_key(store) });
}

/// Archives a claim, or brings it back: its row moves to another group, and the focus
/// follows it to its button (now "Restore", or "Archive"), not to whatever took its place;
/// or, when the row moved past the claims shown, to what shows more (it fell to the page).
fn archive(store: &Store, key: String) {
    set_archived(store, key, true);
}

fn unarchive(store: &Store, key: String) {
    set_archived(store, key, false);
}

fn set_archived(store: &Store, key: String, archived: bool) {
    crate::browser::focus_soon_or(format!("archive-{key}"), "section.claims > button, #claims-unfold");
    send(store, Event::EditClaim { key, edit: crate::claim::Edit::SetArchived(archived) });
}

/// Claims shown before "Show more": the open claim's form stays near the top.
const SHOWN_CLAIMS: usize = 8;

/// From this many claims the list starts folded: the claim on the page, those due soon,
/// the search, "Show all" and the backup's buttons, so that the claim's form is at once
/// below it on a phone too.
const FOLDED_FROM: usize = 4;

/// The claims due soon a folded list keeps in view, at most.
const FOLDED_DUE_SOON: usize = 3;

/// What the last export gave: its file's name, and how many claims (the register) or
/// dates not withdrawn (the calendar) it holds; `None`, the browser could not save it.
#[derive(Clone, PartialEq)]
struct Exported {
    name: String,
    calendar: bool,
    count: Option<usize>,
}

impl Exported {
    fn words(&self, catalog: &crate::i18n::Catalog) -> String {
        match self.count {
            Some(n) => catalog.count(if self.calendar { "claims.exported-ics" } else { "claims.exported-csv" }, n, &[("name", &self.name)]),
            None => catalog.format_with("claims.export-refused", &[("name", &self.name)]),
        }
    }
}

/// The register (CSV) or the calendar of every claim, downloaded; what it gave is shown
/// under the buttons and said (the browser's own download bubble is not).
fn export(store: &Store, calendar: bool, exported: &UseStateHandle<Option<Exported>>) {
    // In the list's order (the most urgent first), whatever order the page holds them in
    // (a reload lists them by key): two exports of the same claims read alike.
    let rows = store.rows();
    let with_keys: Vec<(&str, &crate::claim::Claim)> = rows
        .iter()
        .filter_map(|row| store.session.entry(&row.key).filter(|entry| !store.session.is_empty(&entry.claim)).map(|entry| (row.key.as_str(), entry.claim.as_ref())))
        .collect();
    let claims: Vec<&crate::claim::Claim> = with_keys.iter().map(|(_, claim)| *claim).collect();
    let today = store.today;
    let (text, count, name, media_type) = if calendar {
        let stamp = crate::browser::build_time().utc;
        let (text, dates) = crate::register::calendar(&with_keys, &store.profile, &store.catalog, today, stamp);
        (text, dates, format!("coop-claims-{}.ics", crate::dates::iso(today)), "text/calendar")
    } else {
        let decimal_comma = crate::register::decimal_comma_of(crate::browser::one_and_a_half().as_deref(), &store.catalog);
        let semicolons = crate::register::semicolons_of(decimal_comma, crate::browser::number_locale().as_deref());
        (crate::register::csv(&claims, &store.profile, &store.catalog, today, decimal_comma, semicolons), claims.len(), format!("coop-claims-{}.csv", crate::dates::iso(today)), "text/csv")
    };
    let pieces = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let saved = crate::browser::download::blob_of(&pieces, media_type).and_then(|blob| crate::browser::download::save(&blob, &name));
    let result = Exported { name, calendar, count: saved.ok().map(|_| count) };
    crate::browser::say(&result.words(&store.catalog));
    exported.set(Some(result));
}

/// One claim of the list; opening it folds the list (`unfolded`), so that its form is
/// right below.
fn claim_row(store: &Store, row: &ClaimRow, unfolded: &UseStateHandle<bool>) -> Html {
    let shown = row.key == store.session.key();
    let name = store.title_of(&row.title);
    let on = |action: fn(&Store, String)| {
        let (store, key) = (store.clone(), row.key.clone());
        crate::ui::controls::single_click(move || action(&store, key.clone()))
    };
    // Once the claim went in (a correction under way too), the claim deadline was met: the
    // row says when it went in. Once
    // archived, what still matters is how long the originals are kept.
    let kept_until = row.archived.then_some(row.retention_end);
    // A day not known is said in a sentence of its own: a label before it reads wrong
    // in French ("Soumise le date non saisie").
    let pending = |key: &str| html! { <span class="pending">{ store.t(key) }</span> };
    let (when_label, when) = match (kept_until, row.went_in, row.submitted, row.deadline) {
        (Some(Some(end)), ..) => (Some("ui.dates.retention-end"), crate::ui::dates_panel::day(store, end)),
        (Some(None), ..) => (None, pending("claims.retention-unknown")),
        (None, false, _, Some(deadline)) => (Some("claims.deadline"), crate::ui::dates_panel::dated(store, deadline)),
        (None, false, _, None) => (Some("claims.deadline"), pending("claims.no-deadline")),
        (None, _, Some(on), _) => (Some("claims.submitted"), crate::ui::dates_panel::day(store, on)),
        (None, _, None, _) => (None, pending("claims.submitted-unknown")),
    };
    let blockers = match row.blockers {
        // A claim in Partner Center's hands is not "ready" to submit, only clear.
        0 => html! { <span class="claim-ready">{ store.t(if row.status.submitted() { "claims.clear" } else { "claims.ready" }) }</span> },
        n => html! { <span class="claim-blocked">{ store.catalog.count("ui.checks.blockers", n, &[]) }</span> },
    };
    html! {
        <li key={row.key.clone()} class={classes!("claim-row", shown.then_some("shown"))} data-claim-key={row.key.clone()} aria-current={shown.then_some("true")}>
            <div class="claim-name">
                if shown {
                    <strong>{ name.clone() }</strong>
                    <span class="on-page">{ store.t("claims.on-page") }</span>
                } else {
                    <button type="button" id={format!("open-{}", row.key)} class="link" onclick={
                        let (open, unfolded) = (on(open), unfolded.clone());
                        Callback::from(move |event: MouseEvent| { unfolded.set(false); open.emit(event) })
                    }>
                        <span class="visually-hidden">{ store.t("claims.open") }{" "}</span>{ name.clone() }
                    </button>
                }
            </div>
            <div class="claim-deadline">
                if let Some(label) = when_label {
                    <span class="label">{ store.t(label) }</span>{" "}
                }
                { when }
                // Preparing is said too once the claim went in: a correction under way.
                if row.went_in {
                    {" "}<span class={classes!("claim-status", row.status.name())}>{ store.t(&format!("status.{}", row.status.name())) }</span>
                }
            </div>
            <div class="claim-blockers">{ blockers }</div>
            <div class="claim-actions">
                // Not the claim on the page while another tab edits it: that tab's alone.
                // (Delete is: the editing tab is told and keeps what it typed. A claim
                // another tab edits that is not on this page is not known to be held here.)
                <button type="button" class="quiet" id={format!("archive-{}", row.key)} disabled={shown && !store.editable()} onclick={
                    // Said: the row moves to another group, and its button, focused
                    // again there, only names the claim.
                    let (store, key, toggle) = (store.clone(), row.key.clone(), if row.archived { unarchive } else { archive });
                    let text = store.catalog.format_with(if row.archived { "claims.unarchived" } else { "claims.archived" }, &[("title", &name)]);
                    crate::ui::controls::single_click(move || {
                        crate::browser::say(&text);
                        toggle(&store, key.clone())
                    })
                }>
                    { store.t(if row.archived { "claims.restore" } else { "claims.archive" }) }<span class="visually-hidden">{" "}{ name.clone() }</span>
                </button>
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
    let all = store.rows();
    // The search, and the status and usage period filters ("" for all).
    let query = use_state(|| (String::new(), String::new(), String::new()));
    let shown = use_state(|| SHOWN_CLAIMS);
    let unfolded = use_state(|| false);
    let (text, status, period) = &*query;
    let filtering = !text.is_empty() || !status.is_empty() || !period.is_empty();
    // Folding: many claims and no search or filter; folded until "Show all". A restore
    // that added claims unfolds it and shows every row, so that the claims its report
    // names are in view wherever they sort (not behind "Show more").
    let restored = store.backup_report.as_ref().filter(|report| matches!(***report, crate::ui::backup::BackupReport::Restored(ref restore) if restore.added() > 0)).map(|report| std::rc::Rc::as_ptr(report) as usize);
    {
        let (unfolded, shown) = (unfolded.clone(), shown.clone());
        use_effect_with(restored, move |restored| {
            if restored.is_some() {
                unfolded.set(true);
                shown.set(usize::MAX);
            }
        });
    }
    let folding = all.len() >= FOLDED_FROM && !filtering;
    let folded = folding && !*unfolded;
    // Folded, the claims still to submit whose deadline is near stay in view too (the
    // nearest first, a few): folding hides claims, never one about to be forfeited.
    let warning_days = i64::from(store.profile.deadline_warning_days);
    let due_soon = |row: &crate::claims::ClaimRow| row.group() == crate::claims::Group::ToDo && !row.went_in && (row.still_taken || row.days_left.is_some_and(|days| (0..=warning_days).contains(&days)));
    // The claim on the page is always listed; the others as the search and filters say
    // (Undo clears them: the claim it brings back is where the keyboard goes).
    let brought_back = store.session.brought_back();
    let rows: Vec<_> = all
        .iter()
        .filter(|row| row.key == store.session.key() || (row.matches(text) && (status.is_empty() || row.status.name() == status) && (period.is_empty() || row.period == *period)))
        .cloned()
        .collect();
    let on_search = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let (_, status, period) = (*query).clone();
            query.set((event.target_unchecked_into::<web_sys::HtmlInputElement>().value(), status, period));
        })
    };
    // A filter chosen unfolds the list: set back to All, it would fold again, and the
    // filters (shown only unfolded) would go from under the keyboard.
    let on_status = {
        let (query, unfolded) = (query.clone(), unfolded.clone());
        Callback::from(move |value: String| {
            let (text, _, period) = (*query).clone();
            unfolded.set(true);
            query.set((text, value, period));
        })
    };
    let on_period = {
        let (query, unfolded) = (query.clone(), unfolded.clone());
        Callback::from(move |value: String| {
            let (text, status, _) = (*query).clone();
            unfolded.set(true);
            query.set((text, status, value));
        })
    };
    let statuses = crate::ui::controls::Choices::flat(crate::lifecycle::Status::ALL.iter().map(|s| (s.name().to_string(), store.t(&format!("status.{}", s.name())))).collect());
    let mut periods: Vec<String> = all.iter().map(|row| row.period.clone()).filter(|period| !period.is_empty()).collect();
    periods.sort();
    periods.dedup();
    let period_label = |period: &str| {
        let (start, end) = period.split_once("..").unwrap_or_default();
        match (crate::dates::parse_iso(start), crate::dates::parse_iso(end)) {
            (Some(start), Some(end)) => store.catalog.format_with("claims.period", &[("start", &store.catalog.date(start)), ("end", &store.catalog.date(end))]),
            _ => period.to_string(),
        }
    };
    let periods = crate::ui::controls::Choices::flat(periods.iter().map(|period| (period.clone(), period_label(period))).collect());
    let others = rows.iter().filter(|row| row.key != store.session.key()).count();
    // What a search or filter found is said once the keys stop (a live region read each
    // count as the partner typed), and not again in the other language.
    {
        let found = match (filtering, others) {
            (false, _) => String::new(),
            (true, 0) => store.t("claims.no-match"),
            (true, n) => store.catalog.count("claims.matching", n, &[]),
        };
        // In a region of its own (one another notice shares would be replaced), and emptied
        // when the search is: a count still waiting is not said after it.
        use_effect_with(((*query).clone(), others), move |_| crate::browser::say_in(CLAIMS_SAID, &found, 1000));
    }
    let mut grouped: Vec<(crate::claims::Group, Vec<&crate::claims::ClaimRow>)> = Vec::new();
    // The first few, and the claim on the page and the claim Undo brought back wherever
    // they sort.
    let soon: Vec<&str> = if folded { rows.iter().filter(|row| due_soon(row)).take(FOLDED_DUE_SOON).map(|row| row.key.as_str()).collect() } else { Vec::new() };
    for row in rows.iter().enumerate().filter(|(at, row)| (!folded && *at < *shown) || row.key == store.session.key() || brought_back == Some(row.key.as_str()) || (folded && soon.contains(&row.key.as_str()))).map(|(_, row)| row) {
        match grouped.last_mut() {
            Some((group, members)) if *group == row.group() => members.push(row),
            _ => grouped.push((row.group(), vec![row])),
        }
    }
    let exported = use_state(|| None::<Exported>);
    let exports = |calendar: bool| {
        let (store, exported) = (store.clone(), exported.clone());
        Callback::from(move |_| export(&store, calendar, &exported))
    };
    // One claim of content is a register and a calendar too.
    let export_controls = if all.len() > 1 || !store.session.is_empty(store.session.claim()) {
        html! {
            <>
                <p class="claims-exports">
                    <button type="button" class="quiet" onclick={exports(false)}>{ store.t("claims.export-csv") }</button>
                    <button type="button" class="quiet" onclick={exports(true)}>{ store.t("claims.export-ics") }</button>
                </p>
                // Said as it is given (`export`); shown here, in the page's language.
                if let Some(exported) = &*exported {
                    <p class={classes!("claims-exported", exported.count.is_none().then_some("field-error"))}>{ exported.words(&store.catalog) }</p>
                }
            </>
        }
    } else {
        Html::default()
    };
    // Once for a double click: the claim deleted before would come back too.
    let on_undo = {
        let (store, query) = (store.clone(), query.clone());
        crate::ui::controls::single_click(move || {
            // The claim brought back is listed, where the keyboard goes: a search or filter
            // it does not match no longer hides it (it went to the top of the page).
            query.set(Default::default());
            send(&store, Event::Undo { spare_key: fresh_key(&store) })
        })
    };
    let unreadable = store.session.unreadable().len();
    // Said once as they come, not kept in a live region: one re-rendered in the other
    // language was said again, long after (a claim deleted, claims that cannot be read).
    // A claim deleted is said by its number (`Binned::number`): the one before it, shown
    // again after an Undo or a restore, is no news.
    let deleted = store.session.last_deleted().map(|deleted| (deleted.number, store.catalog.format_with(if deleted.set_aside { "claims.set-aside" } else { "claims.deleted" }, &[("title", &store.title_of(&deleted.claim.title))])));
    {
        let said_up_to = use_mut_ref(|| deleted.as_ref().map_or(0, |(number, _)| *number));
        let words = deleted.as_ref().map(|(_, words)| words.clone()).unwrap_or_default();
        use_effect_with(deleted.as_ref().map_or(0, |(number, _)| *number), move |number| {
            if *number > *said_up_to.borrow() {
                *said_up_to.borrow_mut() = *number;
                crate::browser::say(&words);
            }
        });
    }
    crate::ui::controls::use_said(unreadable.to_string(), if unreadable > 0 { store.catalog.count("claims.unreadable", unreadable, &[]) } else { String::new() });
    // The button pressed goes: shown all, the focus goes to the first claim that was not;
    // folded again, to "Show all".
    // (Not one of the claims due soon shown folded too, which the keyboard passed already.)
    let hidden_folded = |row: &&crate::claims::ClaimRow| row.key != store.session.key() && brought_back != Some(row.key.as_str()) && !soon.contains(&row.key.as_str());
    let first_other = rows.iter().find(hidden_folded).or_else(|| rows.iter().find(|row| row.key != store.session.key())).map(|row| format!("open-{}", row.key));
    let fold = |unfold: bool| {
        let (unfolded, first_other) = (unfolded.clone(), first_other.clone());
        Callback::from(move |_| {
            let next = if unfold { first_other.clone() } else { Some("claims-unfold".to_string()) };
            if let Some(id) = next {
                crate::browser::focus_soon(id);
            }
            unfolded.set(unfold)
        })
    };
    html! {
        <section class="card claims" aria-labelledby="claims-heading">
            <h2 id="claims-heading">{ store.t("claims.heading") }</h2>
            <p class="help">{ store.t("claims.help") }</p>
            // The search is there from the first claim (PRODUCT.md §5 names it: a partner
            // finds it where it was); the filters, once there are claims to filter.
            <div class="claims-search">
                <div>
                    <label for="search-claims">{ store.t("claims.search") }</label>
                    <input type="search" id="search-claims" value={text.clone()} oninput={on_search} />
                </div>
                if all.len() > 1 && !folded {
                    <crate::ui::controls::Select id="filter-status" label={store.t("claims.filter-status")} value={status.clone()} choices={statuses}
                        placeholder={store.t("claims.filter-all")} onchange={on_status} />
                    <crate::ui::controls::Select id="filter-period" label={store.t("claims.filter-period")} value={period.clone()} choices={periods}
                        placeholder={store.t("claims.filter-all")} onchange={on_period} />
                }
            </div>
            <>{ for grouped.into_iter().map(|(group, members)| html! {
                <key={group.name()}>
                    // Every group has its heading, for moving by headings; the first,
                    // the claims still to do, only for screen readers.
                    <h3 class={classes!("claim-group", (group == crate::claims::Group::ToDo).then_some("visually-hidden"))}>{ store.t(&format!("claims.group.{}", group.name())) }</h3>
                    <ol class="claim-list" data-group={group.name()}>
                        { for members.into_iter().map(|row| claim_row(&store, row, &unfolded)) }
                    </ol>
                </>
            }) }</>
            // The claim on the page is listed whether it matches or not: the message
            // speaks of the others. Said once the keys stop (above).
            if filtering && others == 0 {
                <p class="empty">{ store.t("claims.no-match") }</p>
            }
            <p id={CLAIMS_SAID} class="visually-hidden" role="status"></p>
            if folded {
                <p class="claims-fold">
                    <button type="button" id="claims-unfold" onclick={fold(true)}>{ store.catalog.count("claims.show-all", all.len(), &[]) }</button>
                </p>
                // Backing up stays at hand (the storage line asks for it now and then),
                // and so does a backup or restore under way or just done, with its report;
                // its help waits for the whole list. The exports too: they are of every
                // claim, whatever the list shows.
                { export_controls }
                { crate::ui::backup::backup_controls(&store, false) }
            } else {
                // The claim on the page is listed wherever it sorts: past the claims shown,
                // it is not one more to show.
                { crate::ui::controls::show_more(&store, &shown, rows.len(), rows.iter().skip(*shown).take(crate::ui::controls::PAGE).filter(|row| row.key != store.session.key()).count(), "claims.show-more", rows.iter().skip(*shown).find(|row| row.key != store.session.key()).map(|row| format!("open-{}", row.key))) }
                if folding {
                    <p class="claims-fold">
                        <button type="button" class="quiet" onclick={fold(false)}>{ store.t("claims.fold") }</button>
                    </p>
                }
                { export_controls.clone() }
                <RecentlyDeleted />
                <StorageLine claims={all.len()} />
                { crate::ui::backup::backup_controls(&store, true) }
            }
            <div>
                if let Some((_, words)) = deleted {
                    <p class="claim-deleted">
                        { words }
                        {" "}<button type="button" id={UNDO} onclick={on_undo}>{ store.t("claims.undo") }</button>
                    </p>
                }
                if unreadable > 0 {
                    <p class="field-error">{ store.catalog.count("claims.unreadable", unreadable, &[]) }</p>
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StorageLineProps {
    /// The number of claims: the line is measured again when it changes.
    claims: usize,
}

/// Whether the browser keeps the claims for good, and the space they take: the page asks
/// for persistent storage, says what the browser answered and, when it did not agree,
/// what to do so that nothing is lost when space runs low.
#[component]
fn StorageLine(props: &StorageLineProps) -> Html {
    let store = use_store();
    let answer = use_state(|| None::<crate::browser::storage::Persistence>);
    // Asks the browser and keeps its answer: one function for the line's life, given to
    // the browser's timers too (one made at each save and left to them stayed for the
    // page's life, and one dropped when its timer is cleared may still be called: a
    // test's clock did).
    let measure = {
        let answer = answer.clone();
        use_memo((), move |_| {
            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let answer = answer.clone();
                wasm_bindgen_futures::spawn_local(async move { answer.set(Some(crate::browser::storage::persistence().await)) });
            })
            .into_js_value()
        })
    };
    {
        // At once as claims come and go.
        let measure = measure.clone();
        use_effect_with(props.claims, move |_| {
            let _ = wasm_bindgen::JsCast::unchecked_ref::<js_sys::Function>(&*measure).call0(&wasm_bindgen::JsValue::NULL);
        });
    }
    {
        // Measured again a few seconds after documents come and go or a save lands or is
        // refused: "space used" agrees with what was saved (it said 1.3 KB after 210 MB
        // of documents, beside a storage said to be full). Not at once: the browser's
        // estimate is slow with thousands of files, and measured as the page opened it
        // held back the list of 200 claims by half a second (the claims benchmark).
        let saved = matches!(store.session.save_state(), crate::session::SaveState::Saved);
        use_effect_with((store.claim.documents.len(), saved), move |_| {
            let timeout = web_sys::window().and_then(|window| window.set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&*measure), 3000).ok());
            move || {
                if let (Some(window), Some(timeout)) = (web_sys::window(), timeout) {
                    window.clear_timeout_with_handle(timeout);
                }
            }
        });
    }
    // Until the browser answers, what is true of any page's storage: it may be cleared.
    // (This is also what the first view built into index.html says.)
    let persisted = answer.is_some_and(|answer| answer.persisted);
    let catalog = &store.catalog;
    let space = match *answer {
        Some(crate::browser::storage::Persistence { usage: Some(usage), quota: Some(quota), .. }) => {
            Some(catalog.format_with("storage.space", &[("used", &catalog.bytes(usage)), ("available", &catalog.bytes(quota.saturating_sub(usage)))]))
        }
        _ => None,
    };
    let (class, said) = if persisted { ("storage-kept", "storage.persisted") } else { ("storage-evictable", "storage.not-persisted") };
    html! {
        <>
            <p class={classes!("storage-line", class)} data-persisted={answer.map(|answer| answer.persisted.to_string())}>{ store.t(said) }</p>
            // Its line is there before the answer, so that nothing below moves when it comes.
            <p class="storage-space" aria-hidden={space.is_none().then_some("true")}>{ space.unwrap_or_else(|| "\u{a0}".to_string()) }</p>
        </>
    }
}

/// What the last restore from Recently deleted did.
#[derive(Clone, PartialEq)]
enum RestoreSaid {
    /// Done, and said then (`browser::say`): only said (its claim shows; this card may go
    /// with the list's fold before a region here is read).
    Done,
    /// Refused: its message key and the claim's title as saved, shown (and said) in the
    /// page's language as it renders.
    Refused(&'static str, String),
}

/// Recently deleted's heading, where the keyboard goes once its last claim is deleted
/// for good.
const BIN_SUMMARY: &str = "recently-deleted";

/// The id of a claim's Delete for good under Recently deleted.
fn forget_id(key: &str) -> String {
    format!("forget-{key}")
}

/// The bin on the device: claims deleted in the last 30 days, each restorable with its
/// documents (after a reload, when Undo no longer can). Read when opened.
#[component]
fn RecentlyDeleted() -> Html {
    let store = use_store();
    let items = use_state(|| None::<Result<Vec<crate::browser::storage::BinnedRecord>, crate::i18n::Problem>>);
    let load = {
        let items = items.clone();
        move || {
            let items = items.clone();
            wasm_bindgen_futures::spawn_local(async move { items.set(Some(crate::browser::storage::list_bin().await)) });
        }
    };
    let ontoggle = {
        let load = load.clone();
        Callback::from(move |event: web_sys::Event| {
            let open = event.target_dyn_into::<web_sys::HtmlDetailsElement>().is_some_and(|details| details.open());
            if open {
                load();
            }
        })
    };
    // Deleted here while it is shown (or since it was first opened): read again once the
    // device has answered the delete (its copy is then in the bin), so that the claim
    // just deleted is listed.
    {
        let (load, loaded) = (load.clone(), items.is_some());
        use_effect_with((store.session.n_deleted(), store.session.removals_under_way()), move |_| {
            if loaded {
                load();
            }
        });
    }
    // A restore that added claims: the bin read again (what it brought back is here now).
    {
        let (load, loaded) = (load.clone(), items.is_some());
        let restored = store.backup_report.as_ref().filter(|report| matches!(***report, crate::ui::backup::BackupReport::Restored(ref restore) if restore.added() > 0)).map(|report| std::rc::Rc::as_ptr(report) as usize);
        use_effect_with(restored, move |restored| {
            if loaded && restored.is_some() {
                load();
            }
        });
    }
    // What this page holds is not offered, by key or by content (a backup restored since
    // brought it back under another key). A claim Undo can still bring back is: "No
    // claim was deleted" would be untrue (brought back here, Undo then only shows it).
    // The contents are fingerprinted once the bin is read and holds a claim not here by
    // its key, and each claim again only once changed: this renders on every keystroke.
    let fingerprints = use_mut_ref(crate::session::FingerprintCache::new);
    // What the last restore from here did: said once (the list itself is not read out
    // again at each change).
    // A restore done is only said (its claim shows); one not done is shown too.
    let restored_said = use_state(|| None::<RestoreSaid>);
    // The claims being restored from here: a second press (a double click) waits for the first.
    let restoring = use_mut_ref(std::collections::HashSet::<String>::new);
    let catalog = &store.catalog;
    let body = match &*items {
        None => Html::default(),
        Some(Err(problem)) => html! { <p class="field-error">{ catalog.problem(problem) }</p> },
        Some(Ok(records)) => {
            let elsewhere: Vec<_> = records.iter().filter(|record| store.session.entry(&record.key).is_none()).collect();
            let here = if elsewhere.is_empty() { Default::default() } else { store.session.content_fingerprints_cached(&mut fingerprints.borrow_mut()) };
            let shown: Vec<_> = elsewhere.into_iter().filter(|record| !here.contains(&record.content)).collect();
            if shown.is_empty() {
                html! { <p class="empty">{ store.t("claims.bin.empty") }</p> }
            } else {
                html! {
                    <ul class="bin">
                        { for shown.iter().enumerate().map(|(n, record)| {
                            let title = store.title_of(&record.title);
                            let deleted = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(record.deleted_at));
                            let day = chrono::NaiveDate::from_ymd_opt(deleted.get_full_year() as i32, deleted.get_month() + 1, deleted.get_date());
                            let when = day.map(|day| catalog.date(day)).unwrap_or_default();
                            let restore = {
                                let (store, key, load, restored_said, title, restoring, content) = (store.clone(), record.key.clone(), load.clone(), restored_said.clone(), record.title.clone(), restoring.clone(), record.content.clone());
                                // One click, one claim: the next row's Restore moves into its place.
                                crate::ui::controls::single_click(move || {
                                    if !restoring.borrow_mut().insert(key.clone()) {
                                        return;
                                    }
                                    let (store, key, load, restored_said, title, restoring) = (store.clone(), key.clone(), load.clone(), restored_said.clone(), title.clone(), restoring.clone());
                                    let new_key = fresh_key(&store);
                                    // Undo of it goes now: pressed while the restore copies its
                                    // files, it brought the claim back a second time.
                                    send(&store, Event::LeavingBin { key: key.clone(), content: content.clone() });
                                    wasm_bindgen_futures::spawn_local(async move {
                                        match crate::browser::storage::restore_from_bin(&key, &new_key).await {
                                            Ok(true) => {
                                                // Said, not shown: the list that takes the claim may fold, and
                                                // this card with it, before a region shown here is read.
                                                crate::browser::say(&store.catalog.format_with("claims.bin.restored", &[("title", &store.title_of(&title))]));
                                                restored_said.set(Some(RestoreSaid::Done));
                                                if let Ok(Some(stored)) = crate::browser::storage::load(&new_key).await {
                                                    send(&store, Event::ChangedElsewhere { key: new_key.clone(), record: Some(crate::ui::effects::adopt_files(stored)) });
                                                    send(&store, Event::Open { key: new_key.clone() });
                                                }
                                            }
                                            // Another restore has it (pressed twice, or in another tab).
                                            Ok(false) => restored_said.set(Some(RestoreSaid::Refused("claims.bin.taken", title))),
                                            // (The storage's own words are of the claim on the page.)
                                            Err(_) => restored_said.set(Some(RestoreSaid::Refused("claims.bin.not-restored", title))),
                                        }
                                        restoring.borrow_mut().remove(&key);
                                        load();
                                    });
                                })
                            };
                            // Deleted for good: how a full device gets room back (a claim
                            // deleted only moved into the bin, files and all). The keyboard
                            // goes to the next claim's same button (or the one before, or
                            // the card's heading), the refused save is tried again at once.
                            let forget = {
                                let (store, key, load, restored_said, title, restoring, content) = (store.clone(), record.key.clone(), load.clone(), restored_said.clone(), record.title.clone(), restoring.clone(), record.content.clone());
                                let next = shown.get(n + 1).or_else(|| n.checked_sub(1).and_then(|before| shown.get(before))).map_or_else(|| BIN_SUMMARY.to_string(), |next| forget_id(&next.key));
                                crate::ui::controls::single_click(move || {
                                    if !restoring.borrow_mut().insert(key.clone()) {
                                        return;
                                    }
                                    let (store, key, load, restored_said, title, restoring, next) = (store.clone(), key.clone(), load.clone(), restored_said.clone(), title.clone(), restoring.clone(), next.clone());
                                    send(&store, Event::LeavingBin { key: key.clone(), content: content.clone() });
                                    wasm_bindgen_futures::spawn_local(async move {
                                        match crate::browser::storage::forget_from_bin(&key).await {
                                            Ok(true) => {
                                                crate::browser::focus_soon(next);
                                                crate::browser::say(&store.catalog.format_with("claims.bin.forgotten", &[("title", &store.title_of(&title))]));
                                                restored_said.set(Some(RestoreSaid::Done));
                                                send(&store, Event::TryAgain);
                                            }
                                            Ok(false) => restored_said.set(Some(RestoreSaid::Refused("claims.bin.gone", title))),
                                            Err(_) => restored_said.set(Some(RestoreSaid::Refused("claims.bin.not-forgotten", title))),
                                        }
                                        restoring.borrow_mut().remove(&key);
                                        load();
                                    });
                                })
                            };
                            // Keyed: after a restore refused, the list read again keeps
                            // the keyboard on this claim's button, not the next claim's.
                            html! {
                                // (The time as whole milliseconds: formatting a float costs the page 7 KB.)
                                <li key={format!("{}@{}", record.key, record.deleted_at as u64)}>
                                    { catalog.format_with("claims.bin.item", &[("title", &title), ("date", &when)]) }
                                    { " " }
                                    <button type="button" onclick={restore} aria-label={catalog.format_with("claims.bin.restore-label", &[("title", &title)])}>
                                        { store.t("claims.bin.restore") }
                                    </button>
                                    { " " }
                                    <button type="button" class="quiet" id={forget_id(&record.key)} onclick={forget} aria-label={catalog.format_with("claims.bin.forget-label", &[("title", &title)])}>
                                        { store.t("claims.bin.forget") }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            }
        }
    };
    // Only what changes because of the partner is live: a restore done, a list that
    // cannot be read. The list is read when opened, not again at each delete.
    let failed = matches!(&*items, Some(Err(_)));
    html! {
        <details class="recently-deleted" {ontoggle}>
            <summary id={BIN_SUMMARY}>{ store.t("claims.bin.heading") }</summary>
            if !failed { { body.clone() } }
            <div role="status">
                if failed { { body } }
                { match &*restored_said {
                    Some(RestoreSaid::Done) | None => Html::default(),
                    Some(RestoreSaid::Refused(key, title)) => html! { <p class="field-error">{ catalog.format_with(key, &[("title", &store.title_of(title))]) }</p> },
                } }
            </div>
        </details>
    }
}
