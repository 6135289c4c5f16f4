//! The page header: name, what the page promises, language switch, example and new claim.

use yew::prelude::*;

use crate::browser;
use crate::i18n::LANGUAGES;
use crate::session::Event;
use crate::ui::effects::{fresh_key, send};
use crate::ui::store::{use_store, Action, SaveStatus};

/// Where the partner's language choice is remembered.
pub const LANGUAGE_KEY: &str = "preflight.language";

/// "Keep this version": gone when another tab takes the claim over ([`crate::ui::claim_lock`]).
pub const KEEP_THIS_VERSION: &str = "keep-this-version";

#[component]
pub fn Header() -> Html {
    let store = use_store();
    // A new claim takes the page; the one there joins the list, never replaced.
    let start = |event: fn(String) -> Event| {
        let store = store.clone();
        Callback::from(move |_| send(&store, event(fresh_key(&store))))
    };
    let load_example = {
        let store = store.clone();
        Callback::from(move |_| send(&store, Event::LoadExample { key: fresh_key(&store), lang: store.catalog.lang().to_string() }))
    };
    let new_claim = start(|key| Event::NewClaim { key });
    let failed = matches!(store.save_status, SaveStatus::Failed(_));
    // A claim deleted without its copy in the bin is not a claim that cannot be saved:
    // its package is not the copy to keep (Undo is).
    // Nor is a claim deleted that the device still holds (to delete after a reload).
    let saving_fails = matches!(&store.save_status, SaveStatus::Failed(problem) if problem.key != crate::session::NOT_BINNED && problem.key != crate::session::NOT_DELETED);
    let conflict = matches!(store.save_status, SaveStatus::Conflict { .. });
    // The buttons go with the choice: the keyboard goes to the claim's title (or what
    // opens it here), or, the claim deleted in the other tab and taken so, to Undo.
    let deleted_elsewhere = matches!(store.save_status, SaveStatus::Conflict { changed: false });
    let resolve = |event: fn(String) -> Event, undo: bool| {
        let store = store.clone();
        Callback::from(move |_| {
            let to = if undo { crate::ui::claim_list::UNDO.to_string() } else { crate::rules::Target::Field(crate::claim::ClaimField::Title).anchor() };
            browser::focus_soon(to);
            send(&store, event(store.session.key().to_string()))
        })
    };
    let keep_copy = Callback::from(|_| browser::press(crate::ui::package_panel::BUILD_BUTTON));
    let current = store.catalog.lang();
    // Documents whose file this device does not have (added just before the page was
    // closed): the claim is saved, but not whole, and its rows say to add them again.
    let claim = store.session.claim();
    let files_not_stored = store.read_errors.iter().filter(|(id, problem)| problem.key == "error.not-stored" && claim.document(**id).is_some()).count();
    let saving_files = store.session.claims_with_files_unsaved();
    let status = match crate::ui::autosave::status_key(&store.save_status) {
        // The device's storage does not answer: what is on the page is not saved.
        // It comes before what a delete left (a claim not kept in the bin, or still there).
        _ if store.storage_slow && !saving_fails && !conflict => store.t("storage.not-answering"),
        // A conflict in a tab that no longer edits the claim: its version went to the tab
        // that took it over, and only taking the device's version is offered here.
        Some(key) if key.starts_with("storage.conflict") && !store.editable() => store.t("storage.conflict-elsewhere"),
        // One is named ("You deleted “Launch event”, but…"), in the page's language.
        Some(crate::session::NOT_DELETED) => {
            let titles = store.session.deletes_refused();
            let title = store.title_of(titles.first().copied().unwrap_or_default());
            store.catalog.count(crate::session::NOT_DELETED, titles.len(), &[("title", &title)])
        }
        Some("ui.saved") if files_not_stored > 0 => store.catalog.count("ui.saved-except-files", files_not_stored, &[]),
        // Documents' files still being written (a backup restored, a recording added):
        // the page must stay open until they are.
        Some("ui.saved") | None if saving_files > 0 => store.catalog.count("storage.saving-files", saving_files, &[]),
        key => key.map(|key| store.t(key)).unwrap_or_default(),
    };
    html! {
        <header class="page-header">
            <a class="skip-link" href="#claim">{ store.t("ui.skip") }</a>
            <div class="title">
                <h1>{ store.t("ui.app-name") }</h1>
                <p class="tagline">{ store.t("ui.tagline") }</p>
                // Only what went wrong is announced: "Saved on this device." comes back after
                // each save while the partner types, and a screen reader would say it each time.
                <p class={classes!("save-status", (failed || conflict || files_not_stored > 0 || store.storage_slow).then_some("failed"))}>
                    <span role="status">{ if failed || conflict || store.storage_slow { status.clone() } else { String::new() } }</span>
                    { if failed || conflict || store.storage_slow { String::new() } else { status } }
                </p>
                // What to do when the device keeps nothing: the package is a copy to keep.
                if saving_fails || store.storage_slow {
                    <button type="button" class="quiet keep-copy" onclick={keep_copy}>{ store.t("storage.keep-copy") }</button>
                }
                // Another tab changed or deleted this claim meanwhile: the partner chooses.
                if conflict {
                    <span class="conflict-actions">
                        // Not where another tab edits it now: keeping this version would
                        // save it over that tab's work (what was not saved here went to it).
                        if store.editable() {
                            <button type="button" class="quiet" id={KEEP_THIS_VERSION} onclick={resolve(|key| Event::KeepThisVersion { key }, false)}>{ store.t("storage.keep-this") }</button>
                        }
                        <button type="button" class="quiet" onclick={resolve(|key| Event::TakeOtherVersion { key }, deleted_elsewhere)}>{ store.t("storage.take-other") }</button>
                    </span>
                }
            </div>
            <nav class="actions" aria-label={store.t("ui.actions")}>
                <button type="button" class="primary" onclick={load_example}>{ store.t("ui.load-example") }</button>
                <button type="button" onclick={new_claim}>{ store.t("ui.new-claim") }</button>
                <crate::ui::open_package::OpenPackageButton />
                <div class="languages" role="group" aria-label={store.t("ui.language")}>
                    { for LANGUAGES.iter().map(|lang| {
                        let store = store.clone();
                        let lang: &'static str = lang;
                        let onclick = Callback::from(move |_| {
                            browser::save_preference(LANGUAGE_KEY, lang);
                            store.dispatch(Action::SetLanguage(lang));
                        });
                        // Each language by its own name ("Français", said in French): what a
                        // screen reader says and voice control takes is what is shown.
                        html! {
                            <button type="button" lang={lang} aria-pressed={(lang == current).to_string()} {onclick}>
                                { crate::i18n::language_name(lang) }
                            </button>
                        }
                    }) }
                </div>
            </nav>
        </header>
    }
}
