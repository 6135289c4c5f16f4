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

/// The page inside another site's frame: a message in the partner's language instead of
/// the app (see [`browser::refuse_framed`]).
pub fn refuse_framed() {
    let catalog = Catalog::for_tag(initial_language());
    browser::refuse_framed(catalog.text("ui.framed"), catalog.text("ui.framed.open"));
}

#[component]
pub fn App() -> Html {
    let store = use_reducer(|| {
        let key = effects::key_not_in(std::iter::empty());
        let (profile, lang) = (Profile::default_profile(), initial_language());
        let currency = crate::locale::default_currency(&browser::preferred_languages(), lang, &profile);
        let file_limit = browser::load_preference(documents::FILE_LIMIT_KEY).and_then(|mb| mb.parse::<u64>().ok()).map(|mb| mb * 1024 * 1024);
        State::new(profile, lang, &currency, file_limit, browser::today(), &key)
    });
    effects::use_effect_runner(store.clone());
    autosave::use_autosave(store.clone());
    claim_lock::use_claim_lock(store.clone());
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| browser::offline::register_service_worker(move || update_ready.set(true)));
    }
    {
        let lang = store.catalog.lang();
        use_effect_with(lang, move |lang| browser::set_document_language(lang));
    }
    html! {
        <ContextProvider<store::Store> context={store.clone()}>
            <header::Header />
            if *update_ready {
                <p class="update-notice" role="status">{ store.t("ui.update-ready") }</p>
            }
            <main id="main" class="layout">
                <claim_list::ClaimList />
                <div class="form-column">
                    <claim_form::SessionNotice />
                    <claim_form::LockNotice />
                    { submission::lock_notice(&store) }
                    // Read-only while another tab edits this claim, or once it is submitted:
                    // a disabled fieldset keeps every control readable and out of reach.
                    <fieldset class="claim-fields" disabled={!store.editable() || store.claim.lifecycle.locked()}>
                        <legend class="visually-hidden">{ store.t("ui.claim-fields") }</legend>
                        <claim_form::ClaimForm />
                        <activity_panel::ActivityPanel />
                        <cost_lines::CostLines />
                        <documents::DocumentList />
                    </fieldset>
                </div>
                <aside class="status-column" aria-label={store.t("ui.status")}>
                    <open_package::OpenReportCard />
                    <dates_panel::DatesPanel />
                    { period::card(&store) }
                    <checks::ChecksPanel />
                    <package_panel::PackagePanel />
                    { submission::card(&store) }
                </aside>
            </main>
            <footer class="page-footer"><p>{ store.t("ui.footer") }</p></footer>
            <print_summary::PrintSummary />
        </ContextProvider<store::Store>>
    }
}
