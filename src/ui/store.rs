//! The page's one state and its one reducer, a thin adapter around the claims session
//! ([`crate::session`]): claim events go to [`Session::handle`], whose effects wait in
//! the outbox until [`super::effects`] carries them out after the render. What stays
//! here is the page's own: the language, the last Open package report, read errors.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use crate::claim::{Claim, DocumentId, Edit, Origin};
use crate::claims::ClaimRow;
use crate::i18n::{Catalog, Problem};
use crate::package::reader::Check;
use crate::profile::Profile;
use crate::rules::Review;
use crate::session::{Effect, Event, Notice, Session};

pub use crate::session::SaveState as SaveStatus;

/// A file of a claim not on the page that could not be read ([`State::read_errors`]).
type Elsewhere = (String, DocumentId, String, Problem);

#[derive(Clone)]
pub struct State {
    pub session: Rc<Session>,
    /// Of the claim on the page, from the session (derived, never edited here).
    pub claim: Rc<Claim>,
    pub review: Rc<Review>,
    pub profile: Rc<Profile>,
    /// The partner's calendar date when the page opened.
    pub today: NaiveDate,
    pub save_status: SaveStatus,
    pub catalog: Rc<Catalog>,
    /// Files of the claim on the page that could not be read, with what to tell the partner.
    pub read_errors: Rc<BTreeMap<DocumentId, Problem>>,
    /// The same of the claims not on the page: what was found while a claim was on the
    /// page, or after (a package built for it while another was shown), is on its rows
    /// again when it is opened again, with the field that takes the file. Each with the
    /// checksum of the document's file then: a file given since (in another tab) is not
    /// said to be unreadable; a file never read is read again when the claim is opened,
    /// and not kept. (A list, `(key, document, checksum, problem)`: a map of maps is
    /// kilobytes of code.)
    read_errors_elsewhere: Rc<Vec<Elsewhere>>,
    /// Documents of the claim on the page marked by a package's check, given a file that
    /// is not their original: the name of the file refused, said on the row until the
    /// next file read for it ([`crate::session::Effect::NotOriginal`]).
    /// (A problem, `ui.document.not-original` and the name: a map of the same type as
    /// `read_errors`, whose code the page has already.)
    pub not_original: Rc<BTreeMap<DocumentId, Problem>>,
    /// What the last Open package found.
    pub open_report: Option<Rc<OpenReport>>,
    /// Where the last backup or restore stands, or what it did.
    pub backup_report: Option<Rc<crate::ui::backup::BackupReport>>,
    /// Effects the session asked for, carried out after the render, in order.
    pub outbox: Rc<RefCell<Vec<Effect>>>,
    /// Counts the batches put in the outbox, so that the effect runner knows when to look.
    pub outbox_generation: u64,
    /// Whether this tab edits the claim on the page (`(key, lock)`: for that claim).
    pub lock: (String, Lock),
    /// The claim's date fields (by anchor) where the browser holds a date it cannot give
    /// (February 30, or one not typed in full): the claim has no date there, and Checks
    /// says which of the two rather than "empty". Of the claim on the page only.
    pub not_dates: Rc<std::collections::BTreeSet<String>>,
    /// The device's storage has not answered a request for a while (a browser whose
    /// database hangs): the page says so, rather than nothing.
    pub storage_slow: bool,
}

/// The result of opening a package, for the partner.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenReport {
    /// `unlisted`: files of the ZIP its manifest does not list, named, not taken.
    /// `already_here`: its claim was on the device already and is the one shown (the
    /// session decides, as it handles the package: see [`Action::OpenReport`]).
    /// `beside`: the title of a claim here with other content (changed since the package
    /// was built) of the claim opened's title: the claim opened is a second of that title.
    /// `renamed`: documents found by their content under another path (see
    /// [`crate::browser::open::Opened::renamed`]).
    /// `marked`: documents of the claim shown marked (a file a backup left out, an
    /// altered one), whatever the checks: their rows say so (the session decides too).
    Opened { file_name: String, checks: Vec<(String, Check)>, unlisted: Vec<String>, renamed: Vec<(String, String)>, missing: Vec<String>, already_here: bool, beside: Option<String>, marked: usize },
    Failed { file_name: String, problem: Problem },
    /// Being opened: a package of gigabytes takes a while to check, and the page shows so.
    Opening { file_name: String },
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.catalog.lang() == other.catalog.lang()
            && self.lock == other.lock
            && self.read_errors == other.read_errors
            && self.not_original == other.not_original
            && self.open_report == other.open_report
            && self.backup_report == other.backup_report
            && self.outbox_generation == other.outbox_generation
            && self.not_dates == other.not_dates
            && self.storage_slow == other.storage_slow
    }
}

pub enum Action {
    /// A change to the claim on the page.
    Edit(Edit),
    /// Anything else that concerns the claims (see [`Event`]).
    Session(Box<Event>),
    /// Files of a claim could not be read (or, `None`, now were).
    ReadResults { key: String, results: Vec<(DocumentId, Option<Problem>)> },
    /// The file of this name, read for a marked document of claim `key`, is not its
    /// original and was refused.
    NotOriginal { key: String, document: DocumentId, name: String },
    /// What Open package found (the claim itself comes as [`Event::OpenedPackage`]).
    OpenReport(OpenReport),
    /// Where a backup or a restore stands (the claims come as [`Event::RestoredBackup`]).
    BackupReport(crate::ui::backup::BackupReport),
    SetLanguage(&'static str),
    /// Whether this tab may edit the claim of this key (another tab may hold it).
    Lock(String, Lock),
    /// Whether the claim's date field of this anchor holds a date the browser cannot give.
    NotADate(String, bool),
    /// Whether the device's storage has left a request unanswered for a while.
    StorageSlow(bool),
    /// A file given again on a document's row began to be read: the page is drawn again,
    /// its row saying so (what is being read is the effect runner's, not the state's).
    Reading,
}

/// Who edits the claim on the page: this tab, or another one (then this tab shows it
/// read-only and offers to take it over).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lock {
    #[default]
    Editing,
    /// Another tab had it open first.
    ElsewhereFirst,
    /// Another tab took it over from this one.
    TakenOver,
}

impl State {
    /// A fresh page; new claims start in `currency` (see [`crate::locale`]), files are
    /// checked against the partner's remembered `file_limit` if any.
    pub fn new(profile: Profile, lang: &str, currency: &str, file_limit: Option<u64>, today: NaiveDate, claim_key: &str) -> State {
        let session = Session::new(Rc::new(profile), today, claim_key).with_default_currency(currency).with_file_limit(file_limit);
        State {
            claim: session.shared_claim(),
            review: session.review().clone(),
            profile: session.profile().clone(),
            today,
            save_status: session.save_state(),
            session: Rc::new(session),
            catalog: Rc::new(Catalog::for_tag(&crate::ui::regional(lang))),
            read_errors: Rc::default(),
            read_errors_elsewhere: Rc::default(),
            not_original: Rc::default(),
            open_report: None,
            backup_report: None,
            outbox: Rc::default(),
            outbox_generation: 0,
            lock: (claim_key.to_string(), Lock::Editing),
            not_dates: Rc::default(),
            storage_slow: false,
        }
    }

    /// The state with a session that handled an event, and the effects it asked for.
    fn with_session(&self, session: Session, effects: Vec<Effect>) -> State {
        let page_changed = session.key() != self.session.key();
        let generation = if effects.is_empty() { self.outbox_generation } else { self.outbox_generation + 1 };
        self.outbox.borrow_mut().extend(effects);
        // What was said of a file refused goes with the mark (accepted, the original
        // added, the document removed): back (Undo, another tab's version), it is old news.
        let not_original = match () {
            _ if page_changed => Rc::default(),
            _ if self.not_original.is_empty() => self.not_original.clone(),
            _ => {
                let claim = session.claim();
                let mut kept = (*self.not_original).clone();
                for id in self.not_original.keys().filter(|id| claim.document(**id).is_none_or(|document| document.integrity.is_none())) {
                    kept.remove(id);
                }
                Rc::new(kept)
            }
        };
        let (read_errors, read_errors_elsewhere) = if page_changed {
            // Of claims still here only (one deleted for good, or left empty, is gone).
            let mut elsewhere: Vec<Elsewhere> = self.read_errors_elsewhere.iter().filter(|(key, ..)| session.entry(key).is_some()).cloned().collect();
            for (id, problem) in self.read_errors.iter() {
                if let Some(sha256) = file_of(&self.session, self.session.key(), *id) {
                    elsewhere.push((self.session.key().to_string(), *id, sha256, problem.clone()));
                }
            }
            let mut here = BTreeMap::new();
            elsewhere.retain(|(key, id, sha256, problem)| {
                let of_page = key == session.key();
                if of_page && file_of(&session, key, *id).as_ref() == Some(sha256) {
                    here.insert(*id, problem.clone());
                }
                !of_page
            });
            (Rc::new(here), Rc::new(elsewhere))
        } else {
            (self.read_errors.clone(), self.read_errors_elsewhere.clone())
        };
        State {
            claim: session.shared_claim(),
            review: session.review().clone(),
            profile: session.profile().clone(),
            save_status: session.save_state(),
            today: session.today(),
            session: Rc::new(session),
            read_errors,
            read_errors_elsewhere,
            not_original,
            open_report: if page_changed { None } else { self.open_report.clone() },
            not_dates: if page_changed { Rc::default() } else { self.not_dates.clone() },
            outbox_generation: generation,
            ..self.clone()
        }
    }

    /// Whether the file of this document of the claim under `key` (on the page or not)
    /// could not be read, as far as this tab knows.
    pub fn read_failed(&self, key: &str, document: DocumentId) -> bool {
        match key == self.session.key() {
            true => self.read_errors.contains_key(&document),
            false => self.read_errors_elsewhere.iter().any(|(of, id, sha256, _)| of == key && *id == document && file_of(&self.session, key, document).as_ref() == Some(sha256)),
        }
    }

    /// Every claim, the one on the page included, the most urgent first.
    pub fn rows(&self) -> Vec<ClaimRow> {
        self.session.rows()
    }

    /// A claim's title as the page shows it; "Untitled claim" when it has none yet.
    pub fn title_of(&self, title: &str) -> String {
        match title.trim() {
            "" => self.t("claims.untitled"),
            title => crate::claims::label(title),
        }
    }

    /// The text of a catalog key in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.catalog.text(key).to_string()
    }
}

/// The checksum of the file of this document of the claim under `key`, once read.
fn file_of(session: &Session, key: &str, document: DocumentId) -> Option<String> {
    let file = session.entry(key)?.claim.document(document)?.file.as_ref()?;
    (!file.sha256.is_empty()).then(|| file.sha256.clone())
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(edit) => self.reduce(Action::Session(Box::new(Event::Edit(edit)))),
            // Shown read-only while another tab edits it, the claim on the page changes
            // only there: a file dropped or Archive pressed here would be saved over that
            // tab's keystrokes (as a conflict this tab's partner never made).
            Action::Session(event) if !self.editable() && event.changes_claim(self.session.key()) => self,
            Action::Session(event) => {
                let mut session = (*self.session).clone();
                match session.handle(*event) {
                    Some(effects) => Rc::new(self.with_session(session, effects)),
                    None => self, // same Rc: Yew skips the re-render
                }
            }
            Action::ReadResults { key, results } if key != self.session.key() => {
                let mut elsewhere = (*self.read_errors_elsewhere).clone();
                for (id, problem) in results {
                    elsewhere.retain(|(of, document, ..)| !(*of == key && *document == id));
                    if let (Some(problem), Some(sha256)) = (problem, file_of(&self.session, &key, id)) {
                        elsewhere.push((key.clone(), id, sha256, problem));
                    }
                }
                Rc::new(State { read_errors_elsewhere: Rc::new(elsewhere), ..(*self).clone() })
            }
            Action::ReadResults { key: _, results } => {
                let mut errors = (*self.read_errors).clone();
                let mut not_original = (*self.not_original).clone();
                for (id, problem) in results {
                    // A file read for the document since: what was said of the one refused
                    // is old news (said again if this one is refused too).
                    not_original.remove(&id);
                    match problem {
                        Some(problem) => errors.insert(id, problem),
                        None => errors.remove(&id),
                    };
                }
                Rc::new(State { read_errors: Rc::new(errors), not_original: Rc::new(not_original), ..(*self).clone() })
            }
            Action::NotOriginal { key, document, name } if key == self.session.key() => {
                let mut not_original = (*self.not_original).clone();
                not_original.insert(document, Problem::new("ui.document.not-original", name));
                Rc::new(State { not_original: Rc::new(not_original), ..(*self).clone() })
            }
            Action::NotOriginal { .. } => self,
            Action::OpenReport(mut report) => {
                // Dispatched right after the package's claim went to the session: its
                // notice says whether that claim was here already, rather than restored.
                // The claim it put on the page, restored or the one here, is the one whose
                // marked documents the report counts.
                if let OpenReport::Opened { already_here, marked, .. } = &mut report {
                    *already_here = matches!(self.session.notice(), Some(Notice::AlreadyHere { origin: Origin::Package(_), .. }));
                    *marked = self.session.claim().documents.iter().filter(|document| document.integrity.is_some()).count();
                }
                Rc::new(State { open_report: Some(Rc::new(report)), ..(*self).clone() })
            }
            // A backup or restore after a package that could not be opened: its reason is
            // old news (the partner may have picked the backup with the other button).
            Action::BackupReport(report) => Rc::new(State {
                backup_report: Some(Rc::new(report)),
                open_report: self.open_report.clone().filter(|open| !matches!(**open, OpenReport::Failed { .. })),
                ..(*self).clone()
            }),
            Action::SetLanguage(lang) if lang != self.catalog.lang() => {
                Rc::new(State { catalog: Rc::new(Catalog::for_tag(&crate::ui::regional(lang))), ..(*self).clone() })
            }
            Action::SetLanguage(_) => self,
            Action::Lock(key, lock) if key == self.session.key() && self.lock != (key.clone(), lock) => {
                Rc::new(State { lock: (key, lock), ..(*self).clone() })
            }
            Action::Lock(..) => self,
            Action::StorageSlow(slow) if slow != self.storage_slow => Rc::new(State { storage_slow: slow, ..(*self).clone() }),
            Action::StorageSlow(_) => self,
            Action::Reading => Rc::new((*self).clone()),
            Action::NotADate(anchor, bad) if bad != self.not_dates.contains(&anchor) => {
                let mut not_dates = (*self.not_dates).clone();
                if bad {
                    not_dates.insert(anchor);
                } else {
                    not_dates.remove(&anchor);
                }
                Rc::new(State { not_dates: Rc::new(not_dates), ..(*self).clone() })
            }
            Action::NotADate(..) => self,
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

impl State {
    /// Whether this tab may edit the claim on the page: it holds the claim's lock (or the
    /// browser has no locks, and the revision check alone keeps saves safe).
    pub fn editable(&self) -> bool {
        self.lock.0 != self.session.key() || self.lock.1 == Lock::Editing
    }
}
