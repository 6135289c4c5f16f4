//! The page's one state and its one reducer. Components dispatch [`Action`]s; the
//! reducer turns them into claim edits (the core's [`Claim::apply`]) or page changes.

use std::rc::Rc;

use chrono::NaiveDate;
use yew::prelude::*;

use crate::claim::{Claim, Edit};
use crate::example::example_claim;
use crate::i18n::Catalog;
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
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.claim == other.claim && self.catalog.lang() == other.catalog.lang() && self.today == other.today
    }
}

pub enum Action {
    Edit(Edit),
    LoadExample,
    NewClaim,
    SetLanguage(&'static str),
}

impl State {
    pub fn new(profile: Profile, lang: &str, today: NaiveDate) -> State {
        let claim = Claim::new(&profile);
        let review = Rc::new(review(&claim, &profile, today));
        State { claim, profile: Rc::new(profile), catalog: Rc::new(Catalog::for_tag(lang)), today, review }
    }

    fn with_claim(&self, claim: Claim) -> State {
        let review = Rc::new(review(&claim, &self.profile, self.today));
        State { claim, review, ..self.clone() }
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
            Action::LoadExample => Rc::new(self.with_claim(example_claim(self.today, &self.profile))),
            Action::NewClaim => Rc::new(self.with_claim(Claim::new(&self.profile))),
            Action::SetLanguage(lang) if lang != self.catalog.lang() => {
                Rc::new(State { catalog: Rc::new(Catalog::for_tag(lang)), ..(*self).clone() })
            }
            Action::SetLanguage(_) => self,
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
