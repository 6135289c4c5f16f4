//! The Yew shell: components render the [`store::State`] and dispatch actions; nothing
//! here decides anything about a claim.

mod activity_panel;
mod autosave;
pub mod backup;
mod checks;
mod claim_list;
mod claim_form;
mod claim_lock;
pub mod controls;
mod cost_lines;
pub(crate) mod dates_panel;
mod documents;
pub mod effects;
mod header;
mod open_package;
pub(crate) mod package_panel;
mod period;
mod print_summary;
mod submission;
pub mod store;

use yew::prelude::*;

use crate::browser;
use crate::i18n::Catalog;
use crate::profile::Profile;
use store::State;

/// The language of the page: the partner's earlier choice, else the browser's.
fn initial_language() -> &'static str {
    let remembered = browser::load_preference(header::LANGUAGE_KEY);
    let browser_languages = browser::preferred_languages();
    Catalog::negotiate(remembered.iter().chain(browser_languages.iter()).map(String::as_str))
}

/// The page's language `lang` in the partner's region (`en-GB` for English on a British
/// browser, `en-DE` on a German one that reads the English page), which says how it
/// writes dates: the region of the browser's first language ([`crate::i18n::region_of`];
/// Chrome lists `de-DE, de, en-US, en` for a German partner: theirs is DE), else of the
/// first that names one; `lang` itself when none does.
pub fn regional(lang: &str) -> String {
    crate::i18n::regional_tag(lang, &browser::preferred_languages())
}

/// The page inside another site's frame: a message in the partner's language instead of
/// the app (see [`browser::refuse_framed`]).
pub fn refuse_framed() {
    let catalog = Catalog::for_tag(&regional(initial_language()));
    browser::refuse_framed(catalog.text("ui.framed"), catalog.text("ui.framed.open"));
}

thread_local! {
    /// The page's first state, made ahead by [`prepare`].
    static PREPARED: std::cell::RefCell<Option<State>> = const { std::cell::RefCell::new(None) };
}

/// The page's state as it starts: the partner's language, currency and file limit, an
/// empty claim and its review.
fn first_state() -> State {
    let key = effects::key_not_in(|_| false);
    let (profile, lang) = (Profile::default_profile(), initial_language());
    let currency = crate::locale::default_currency(&browser::preferred_languages(), lang, &profile);
    let file_limit = browser::load_preference(documents::FILE_LIMIT_KEY).and_then(|mb| mb.parse::<u64>().ok()).map(|mb| mb.saturating_mul(1024 * 1024));
    State::new(profile, lang, &currency, file_limit, browser::today(), &key)
}

/// Makes the first state in a task before the app's first render, which takes it: each
/// is then a shorter task (the first run of the rules' code costs its compilation too).
pub fn prepare() {
    let state = first_state();
    PREPARED.with(|prepared| *prepared.borrow_mut() = Some(state));
}

/// How many parts the page renders one by one at first (`part(0)` to `part(9)` below).
const PARTS: usize = 10;

#[component]
pub fn App() -> Html {
    let store = use_reducer(|| PREPARED.with(|prepared| prepared.borrow_mut().take()).unwrap_or_else(first_state));
    effects::use_effect_runner(store.clone());
    autosave::use_autosave(store.clone());
    claim_lock::use_claim_lock(store.clone());
    // The page's parts, in their order on the page: while the app first renders, each
    // in a task of its own (see `browser::staging`); at once, the first render was one
    // long task.
    let parts = use_state(|| if browser::staging::active() { 0 } else { PARTS });
    {
        let parts = parts.clone();
        use_effect_with((), move |_| browser::staging::parts(PARTS, move |shown| parts.set(shown)));
    }
    let part = |n: usize| *parts > n;
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| browser::offline::register_service_worker(move || update_ready.set(true)));
    }
    {
        let lang = store.catalog.lang();
        use_effect_with(lang, move |lang| browser::set_document_language(lang));
    }
    {
        let store = store.clone();
        use_effect_with((), move |_| documents::follow_file_limit(&store));
    }
    // Files dropped elsewhere on the page (beside the documents' card, on the form) are
    // added as documents too, as dropped on the card: the browser would open the file in
    // place of the page. Those dropped on a file field of its own stay that field's.
    use_effect_with((), |_| browser::files::forward_drops("section.documents"));
    // Said once as they come, not rendered as live regions (see `controls::use_said`).
    controls::use_said(update_ready.to_string(), if *update_ready { store.t("ui.update-ready").to_string() } else { String::new() });
    submission::use_lock_said(&store);
    html! {
        <ContextProvider<store::Store> context={store.clone()}>
            if part(0) { <header::Header /> }
            // A landmark of its own, named: outside the header and the main content, a
            // screen reader that missed it as it was said finds it among the landmarks.
            if *update_ready {
                <section class="update-notice" aria-label={store.t("ui.update-ready.label")}>
                    <p>{ store.t("ui.update-ready") }</p>
                </section>
            }
            // Filled by `browser::say` only, never by a render.
            <p id={browser::SAID} class="visually-hidden" role="status"></p>
            <main id="main" class="layout">
                if part(1) { <claim_list::ClaimList /> }
                // The status column comes before the form, as it shows on a narrow screen
                // (above the form), so that the keyboard and a screen reader meet them in the
                // order they are seen; on a wide one the grid puts it on the right.
                <aside class="status-column" aria-label={store.t("ui.status")}>
                    <open_package::OpenReportCard />
                    if part(6) { <dates_panel::DatesPanel /> }
                    { period::card(&store) }
                    if part(7) { <checks::ChecksPanel /> }
                    if part(8) { <package_panel::PackagePanel /> }
                    { submission::card(&store) }
                </aside>
                // Named, as where Skip to the claim lands: a screen reader says so.
                <section class="form-column" id="claim" tabindex="-1" aria-label={store.t("ui.claim-fields")}>
                    <claim_form::SessionNotice />
                    <claim_form::LockNotice />
                    { submission::lock_notice(&store) }
                    // Read-only while another tab edits this claim, or once it is submitted:
                    // a disabled fieldset keeps every control readable and out of reach. (No
                    // legend: the region around it is named so, and a screen reader said
                    // "The claim" twice.) The cost lines and documents have fieldsets of
                    // their own, around all but their Show more, which a locked claim's
                    // reader still needs.
                    <fieldset class="claim-fields" disabled={controls::locked(&store)}>
                        if !controls::locked(&store) {
                            <p class="required-legend" aria-hidden="true">{ store.t("ui.required") }</p>
                        }
                        if part(2) { <claim_form::ClaimForm /> }
                        if part(3) { <activity_panel::ActivityPanel /> }
                    </fieldset>
                    if part(4) { <cost_lines::CostLines /> }
                    if part(5) { <documents::DocumentList /> }
                </section>
            </main>
            <footer class="page-footer"><p>{ store.t("ui.footer") }</p></footer>
            if part(9) { <print_summary::PrintSummary /> }
        </ContextProvider<store::Store>>
    }
}
