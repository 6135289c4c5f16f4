//! The page's one state and its one reducer. Components dispatch [`Action`]s; the
//! reducer turns them into claim edits (the core's [`Claim::apply`]) or page changes.

use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use crate::claim::{Claim, DocumentId, Edit, FileFacts};
use crate::browser::files;
use crate::example::{example_claim, example_document};
use crate::i18n::{Catalog, Problem};
use crate::package::reader::Check;
use crate::profile::Profile;
use crate::rules::{review, Review};

#[derive(Clone)]
pub struct State {
    pub claim: Claim,
    pub profile: Rc<Profile>,
    pub catalog: Rc<Catalog>,
    /// The partner's calendar date when the page opened.
    pub today: NaiveDate,
    /// Derived from the claim after every change; never edited directly.
    pub review: Rc<Review>,
    /// The latest batch of files added, waiting to be read by the file reader effect.
    pub intake: Rc<Vec<(DocumentId, web_sys::File)>>,
    /// Files that could not be read, with what to tell the partner.
    pub read_errors: Rc<BTreeMap<DocumentId, Problem>>,
    /// What the last Open package found.
    pub open_report: Option<Rc<OpenReport>>,
    /// Counts claim changes, so that autosave knows when to save.
    pub revision: u64,
    /// Whether the claim saved by an earlier visit has been looked for; nothing is saved
    /// before, so that it is never overwritten by the empty claim of a fresh page.
    pub storage_ready: bool,
    pub save_status: SaveStatus,
}

/// Where autosave stands, shown to the partner.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SaveStatus {
    #[default]
    Unsaved,
    Saved,
    Failed(Problem),
}

/// The result of opening a package, for the partner.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenReport {
    Opened { file_name: String, checks: Vec<(String, Check)> },
    Failed { file_name: String, problem: Problem },
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.claim == other.claim
            && self.catalog.lang() == other.catalog.lang()
            && self.today == other.today
            && Rc::ptr_eq(&self.intake, &other.intake)
            && self.read_errors == other.read_errors
            && self.open_report == other.open_report
            && self.revision == other.revision
            && self.storage_ready == other.storage_ready
            && self.save_status == other.save_status
    }
}

pub enum Action {
    Edit(Edit),
    /// Files picked or dropped: each becomes a document, then is read and hashed.
    AddFiles(Vec<web_sys::File>),
    /// Files were read: each one's facts, or why it could not be. Results come in
    /// batches so that 5,000 small files do not re-render the page 5,000 times.
    FilesRead(Vec<(DocumentId, web_sys::File, Result<FileFacts, Problem>)>),
    LoadExample,
    /// A package was opened: its claim replaces the current one (its files are already
    /// registered); or it could not be, and nothing changes but the report.
    Opened(Claim, OpenReport),
    OpenFailed(OpenReport),
    NewClaim,
    SetLanguage(&'static str),
    /// The claim saved by an earlier visit (its files already registered), or none.
    Restored(Option<Claim>),
    SaveDone(Result<(), Problem>),
}

impl State {
    pub fn new(profile: Profile, lang: &str, today: NaiveDate) -> State {
        let claim = Claim::new(&profile);
        let review = Rc::new(review(&claim, &profile, today));
        State {
            claim,
            profile: Rc::new(profile),
            catalog: Rc::new(Catalog::for_tag(lang)),
            today,
            review,
            intake: Rc::default(),
            read_errors: Rc::default(),
            open_report: None,
            revision: 0,
            storage_ready: false,
            save_status: SaveStatus::Unsaved,
        }
    }

    fn with_claim(&self, claim: Claim) -> State {
        let review = Rc::new(review(&claim, &self.profile, self.today));
        State { claim, review, revision: self.revision + 1, ..self.clone() }
    }

    /// The text of a catalog key in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.catalog.text(key).to_string()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(edit) => {
                let mut claim = self.claim.clone();
                claim.apply(edit, &self.profile);
                if claim == self.claim {
                    return self; // same Rc: Yew skips the re-render
                }
                Rc::new(self.with_claim(claim))
            }
            Action::AddFiles(files) => {
                let mut claim = self.claim.clone();
                let mut intake = Vec::with_capacity(files.len());
                for file in files {
                    claim.apply(Edit::AddDocument { file_name: file.name(), doc_type: None, file: None }, &self.profile);
                    intake.push((claim.next_id - 1, file));
                }
                Rc::new(State { intake: Rc::new(intake), ..self.with_claim(claim) })
            }
            Action::FilesRead(results) => {
                let mut claim = self.claim.clone();
                let mut errors = (*self.read_errors).clone();
                for (id, file, result) in results {
                    if files::get(id).as_ref() != Some(&file) {
                        continue; // removed, or another claim started, while it was read
                    }
                    match result {
                        Ok(facts) => {
                            claim.apply(Edit::SetDocumentFile(id, Some(facts)), &self.profile);
                            errors.remove(&id);
                        }
                        Err(message) => {
                            errors.insert(id, message);
                        }
                    }
                }
                Rc::new(State { read_errors: Rc::new(errors), ..self.with_claim(claim) })
            }
            Action::LoadExample => {
                files::forget_all();
                let claim = example_claim(self.today, &self.profile);
                // Its documents come with generated content, read like any added file.
                let intake = claim
                    .documents
                    .iter()
                    .filter_map(|document| {
                        let bytes = example_document(&document.file_name, &claim);
                        files::file_from_bytes(&bytes, &document.file_name, "application/pdf").map(|file| (document.id, file))
                    })
                    .collect();
                Rc::new(State { intake: Rc::new(intake), read_errors: Rc::default(), ..self.with_claim(claim) })
            }
            Action::Opened(claim, report) => Rc::new(State {
                open_report: Some(Rc::new(report)),
                read_errors: Rc::default(),
                ..self.with_claim(claim)
            }),
            Action::OpenFailed(report) => Rc::new(State { open_report: Some(Rc::new(report)), ..(*self).clone() }),
            Action::NewClaim => {
                files::forget_all();
                Rc::new(State { read_errors: Rc::default(), ..self.with_claim(Claim::new(&self.profile)) })
            }
            Action::SetLanguage(lang) if lang != self.catalog.lang() => {
                Rc::new(State { catalog: Rc::new(Catalog::for_tag(lang)), ..(*self).clone() })
            }
            Action::SetLanguage(_) => self,
            // A partner who started typing before the saved claim was found keeps what they typed.
            Action::Restored(Some(claim)) if self.claim == Claim::new(&self.profile) => {
                Rc::new(State { storage_ready: true, save_status: SaveStatus::Saved, ..self.with_claim(claim) })
            }
            Action::Restored(_) => Rc::new(State { storage_ready: true, revision: self.revision + 1, ..(*self).clone() }),
            Action::SaveDone(result) => {
                let save_status = match result {
                    Ok(()) => SaveStatus::Saved,
                    Err(problem) => SaveStatus::Failed(problem),
                };
                Rc::new(State { save_status, ..(*self).clone() })
            }
        }
    }
}

pub type Store = UseReducerHandle<State>;

/// The store, from the context that [`super::App`] provides.
#[hook]
pub fn use_store() -> Store {
    match use_context::<Store>() {
        Some(store) => store,
        None => panic!("use_store() outside <App>: the store context is missing"),
    }
}

/// A callback that dispatches an edit built from the value it receives.
#[hook]
pub fn use_edit<T: 'static>(make: impl Fn(T) -> Edit + 'static) -> Callback<T> {
    let store = use_store();
    Callback::from(move |value: T| store.dispatch(Action::Edit(make(value))))
}
