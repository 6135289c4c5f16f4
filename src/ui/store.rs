//! The page's one state and its one reducer. Components dispatch [`Action`]s; the
//! reducer turns them into claim edits (the core's [`Claim::apply`]) or page changes.

use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use crate::browser::files;
use crate::browser::storage::Saved;
use crate::claim::{Claim, DocumentId, Edit, FileFacts};
use crate::claims::{self, ClaimRow};
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
    /// Where the claim on the page is kept on the device.
    pub claim_key: Rc<str>,
    /// The other claims, as the list shows them.
    pub others: Rc<Vec<ClaimRow>>,
    /// Claims that left the page (another took its place) and are not yet confirmed
    /// stored, with their files: they are saved from here, and opened from here until
    /// then, so a claim never depends on a save that has not landed (or was refused).
    pub leaving: Rc<Vec<Rc<Saved>>>,
    /// The claim deleted last, with its files, kept in memory so that Undo can bring it back.
    pub deleted: Option<Rc<Saved>>,
    /// Saved claims that could not be read; they stay stored, untouched.
    pub unreadable: usize,
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
            && self.claim_key == other.claim_key
            && self.others == other.others
            && Rc::ptr_eq(&self.leaving, &other.leaving)
            && match (&self.deleted, &other.deleted) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && self.unreadable == other.unreadable
    }
}

pub enum Action {
    Edit(Edit),
    /// Files picked or dropped: each becomes a document, then is read and hashed.
    AddFiles(Vec<web_sys::File>),
    /// Files were read: each one's facts, or why it could not be. Results come in
    /// batches so that 5,000 small files do not re-render the page 5,000 times.
    FilesRead(Vec<(DocumentId, web_sys::File, Result<FileFacts, Problem>)>),
    /// Each of these puts another claim on the page; the claim that was there joins the
    /// list (and `leaving`, to be saved), unless it is empty.
    /// The example claim, as a new claim.
    LoadExample,
    NewClaim,
    /// A listed claim, or a copy of it (`copy`: a new key and a title that says so). The
    /// latest version is used: the page's, a leaving one, else `loaded` from storage.
    Open { key: String, loaded: Option<Box<Saved>>, copy: bool },
    /// The claim and files read from a package, as a new claim, with the report.
    Opened { claim: Box<Claim>, files: Vec<(DocumentId, web_sys::File)>, report: OpenReport },
    /// Opening a package failed: nothing changes but the report.
    OpenFailed(OpenReport),
    /// A listed claim is deleted. It is kept in memory for Undo: from the page, from
    /// `leaving`, else `loaded`; when it cannot be (already gone, or not loaded), nothing
    /// changes. Its stored record is removed after this action, only if it is now the one
    /// kept for Undo. When it was on the page, the most urgent other claim takes its
    /// place (`next_loaded` is that one as stored), or an empty claim.
    Delete { key: String, loaded: Option<Box<Saved>>, next_loaded: Option<Box<Saved>> },
    /// Undo: the claim deleted last is back in the list, and saved again like a claim
    /// that left the page.
    Undeleted,
    /// A leaving claim is stored: it no longer needs to be kept here.
    Stored(Rc<Saved>),
    SetLanguage(&'static str),
    /// What an earlier visit saved: the claim to open with its files, the rows of every
    /// saved claim (the one to open included), and how many records could not be read.
    Restored { open: Option<Saved>, others: Vec<ClaimRow>, unreadable: usize },
    SaveDone(Result<(), Problem>),
}

impl State {
    pub fn new(profile: Profile, lang: &str, today: NaiveDate, claim_key: &str) -> State {
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
            claim_key: claim_key.into(),
            others: Rc::default(),
            leaving: Rc::default(),
            deleted: None,
            unreadable: 0,
        }
    }

    /// Whether a claim has nothing in it (it is then neither listed nor kept).
    pub fn is_empty(&self, claim: &Claim) -> bool {
        *claim == Claim::new(&self.profile)
    }

    pub fn claim_is_empty(&self) -> bool {
        self.is_empty(&self.claim)
    }

    /// The claim on the page with its files, as it would be stored.
    pub fn on_page(&self) -> Saved {
        Saved { key: self.claim_key.to_string(), claim: self.claim.clone(), files: self.current_files() }
    }

    /// The most urgent listed claim other than `key` (the page's own claim aside).
    pub fn most_urgent_other(&self, key: &str) -> Option<ClaimRow> {
        claims::sorted(self.others.iter().filter(|row| row.key != key).cloned()).into_iter().next()
    }

    /// Every claim, the one on the page included, the most urgent first.
    pub fn rows(&self) -> Vec<ClaimRow> {
        let current = ClaimRow::from_review(&self.claim_key, &self.claim, &self.review);
        claims::sorted(self.others.iter().cloned().chain([current]))
    }

    /// A key no claim of the page has.
    pub fn fresh_key(&self) -> String {
        let taken = self.others.iter().map(|row| row.key.as_str()).chain([&*self.claim_key]);
        claims::new_key(js_sys::Date::now() as u64, (js_sys::Math::random() * 1e9) as u64, taken)
    }

    /// The files the page holds for the documents of the claim on the page.
    pub fn current_files(&self) -> Vec<(DocumentId, web_sys::File)> {
        self.claim.documents.iter().filter_map(|d| files::get(d.id).map(|file| (d.id, file))).collect()
    }

    /// The latest version of a claim that is not on the page: leaving, else as stored.
    fn latest(&self, key: &str, loaded: Option<Box<Saved>>) -> Option<Saved> {
        match self.leaving.iter().find(|saved| saved.key == key) {
            Some(saved) => Some((**saved).clone()),
            None => loaded.filter(|saved| saved.key == key).map(|saved| *saved),
        }
    }

    /// The state once the claim on the page has left it: listed and queued to be saved
    /// (an empty claim is only queued, so that its record, if any, goes), and the file
    /// registry emptied for the next claim.
    fn leave(&self) -> State {
        let saved = Rc::new(self.on_page());
        let mut leaving: Vec<Rc<Saved>> = self.leaving.iter().filter(|s| s.key != saved.key).cloned().collect();
        leaving.push(saved);
        let mut others: Vec<ClaimRow> = self.others.iter().filter(|row| *row.key != *self.claim_key).cloned().collect();
        if !self.claim_is_empty() {
            others.push(ClaimRow::from_review(&self.claim_key, &self.claim, &self.review));
        }
        files::forget_all();
        State { others: Rc::new(others), leaving: Rc::new(leaving), ..self.clone() }
    }

    /// Puts a claim and its files on the page under its key (the page must have been
    /// left); documents whose file was never read (the page closed mid-read) are read again.
    fn show(&self, key: &str, claim: Claim, claim_files: Vec<(DocumentId, web_sys::File)>) -> State {
        for (id, file) in claim_files {
            files::register(id, file);
        }
        let intake: Vec<_> = claim.documents.iter().filter(|d| d.file.is_none()).filter_map(|d| files::get(d.id).map(|file| (d.id, file))).collect();
        let others = Rc::new(self.others.iter().filter(|row| row.key != key).cloned().collect());
        // From now on autosave keeps this claim; an older copy must not be saved over it.
        let leaving = Rc::new(self.leaving.iter().filter(|saved| saved.key != key).cloned().collect());
        State {
            claim_key: key.into(),
            others,
            leaving,
            intake: Rc::new(intake),
            read_errors: Rc::default(),
            open_report: None,
            save_status: SaveStatus::Unsaved,
            ..self.with_claim(claim)
        }
    }

    fn with_claim(&self, claim: Claim) -> State {
        let review = Rc::new(review(&claim, &self.profile, self.today));
        State { claim, review, revision: self.revision + 1, ..self.clone() }
    }

    /// A claim's title as the page shows it; "Untitled claim" when it has none yet.
    pub fn title_of(&self, title: &str) -> String {
        match title.trim() {
            "" => self.t("claims.untitled"),
            title => title.to_string(),
        }
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
                let left = self.leave();
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
                Rc::new(State { intake: Rc::new(intake), ..left.show(&self.fresh_key(), claim, Vec::new()) })
            }
            Action::NewClaim => Rc::new(self.leave().show(&self.fresh_key(), Claim::new(&self.profile), Vec::new())),
            Action::Open { key, loaded, copy } => {
                let latest = if key == *self.claim_key {
                    Some(self.on_page())
                } else {
                    self.latest(&key, loaded)
                };
                let Some(Saved { mut claim, files: claim_files, .. }) = latest else { return self };
                if !copy {
                    return if key == *self.claim_key { self } else { Rc::new(self.leave().show(&key, claim, claim_files)) };
                }
                claim.title = self.catalog.format_with("claims.copy-title", &[("title", &self.title_of(&claim.title))]);
                Rc::new(self.leave().show(&self.fresh_key(), claim, claim_files))
            }
            Action::Opened { claim, files: claim_files, report } => Rc::new(State {
                open_report: Some(Rc::new(report)),
                ..self.leave().show(&self.fresh_key(), *claim, claim_files)
            }),
            Action::OpenFailed(report) => Rc::new(State { open_report: Some(Rc::new(report)), ..(*self).clone() }),
            Action::Delete { key, loaded, next_loaded } => {
                let shown = key == *self.claim_key;
                let deleted = if shown {
                    self.on_page()
                } else {
                    // Only a claim kept for Undo is deleted (not one already gone, or
                    // one that could not be loaded): the page then leaves its record alone.
                    match self.latest(&key, loaded) {
                        Some(saved) if self.others.iter().any(|row| row.key == key) => saved,
                        _ => return self,
                    }
                };
                // An empty claim needs no Undo; the one deleted before stays undoable.
                let deleted = if self.is_empty(&deleted.claim) { self.deleted.clone() } else { Some(Rc::new(deleted)) };
                let state = State {
                    others: Rc::new(self.others.iter().filter(|row| row.key != key).cloned().collect()),
                    leaving: Rc::new(self.leaving.iter().filter(|saved| saved.key != key).cloned().collect()),
                    deleted,
                    ..(*self).clone()
                };
                if !shown {
                    return Rc::new(state);
                }
                files::forget_all();
                let next = state.most_urgent_other(&key).and_then(|row| state.latest(&row.key, next_loaded));
                Rc::new(match next {
                    Some(next) => state.show(&next.key, next.claim, next.files),
                    None => state.show(&state.fresh_key(), Claim::new(&state.profile), Vec::new()),
                })
            }
            Action::Undeleted => match &self.deleted {
                Some(saved) => {
                    let mut others = (*self.others).clone();
                    others.push(ClaimRow::of(&saved.key, &saved.claim, &self.profile, self.today));
                    let mut leaving = (*self.leaving).clone();
                    leaving.push(saved.clone());
                    Rc::new(State { others: Rc::new(others), leaving: Rc::new(leaving), deleted: None, ..(*self).clone() })
                }
                None => self,
            },
            Action::Stored(saved) => {
                let leaving: Vec<Rc<Saved>> = self.leaving.iter().filter(|s| !Rc::ptr_eq(s, &saved)).cloned().collect();
                if leaving.len() == self.leaving.len() {
                    return self;
                }
                Rc::new(State { leaving: Rc::new(leaving), ..(*self).clone() })
            }
            Action::SetLanguage(lang) if lang != self.catalog.lang() => {
                Rc::new(State { catalog: Rc::new(Catalog::for_tag(lang)), ..(*self).clone() })
            }
            Action::SetLanguage(_) => self,
            // A partner who started before the saved claims were found keeps what is on
            // the page; the saved claims are listed beside what the page already lists.
            Action::Restored { open, others, unreadable } => {
                let mut listed: Vec<ClaimRow> = others.into_iter().filter(|row| !self.others.iter().any(|own| own.key == row.key)).collect();
                listed.extend(self.others.iter().cloned());
                let state = State { storage_ready: true, unreadable, others: Rc::new(listed), ..(*self).clone() };
                match open {
                    Some(open) if self.claim_is_empty() => {
                        files::forget_all();
                        Rc::new(State { save_status: SaveStatus::Saved, ..state.show(&open.key, open.claim, open.files) })
                    }
                    // Its row is among the others already.
                    _ => Rc::new(State { revision: self.revision + 1, ..state }),
                }
            }
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
