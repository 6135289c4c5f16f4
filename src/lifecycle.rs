//! A claim's life after its package (PRODUCT.md §2.5): submitted in Partner Center (with
//! its claim ID and the date), reviewed (more information requested, approved, rejected),
//! paid, or archived. Each change of status is kept, dated, with an optional note (the
//! reviewer's request, pasted). A submitted claim is locked against accidental edits;
//! the partner unlocks it on purpose for a requested correction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a claim stands with Microsoft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Preparing,
    Submitted,
    /// Partner Center asked for more information (a correction, a document).
    MoreInformation,
    Approved,
    Rejected,
    /// Paid (Partner Center's payment status "Sent").
    Paid,
    /// Approved, and Partner Center's payment waits for the partner's tax invoice
    /// (its payment status "Pending tax invoice"): the partner has something to do.
    PendingTaxInvoice,
    /// Approved, the payment under way (Partner Center's payment status "In progress").
    PaymentInProgress,
}

impl Status {
    /// In the order a claim goes through them (the status choices, the period's funds).
    pub const ALL: [Status; 8] = [Status::Preparing, Status::Submitted, Status::MoreInformation, Status::Approved, Status::PendingTaxInvoice, Status::PaymentInProgress, Status::Paid, Status::Rejected];

    pub fn name(self) -> &'static str {
        match self {
            Status::Preparing => "preparing",
            Status::Submitted => "submitted",
            Status::MoreInformation => "more-information",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Paid => "paid",
            Status::PendingTaxInvoice => "pending-tax-invoice",
            Status::PaymentInProgress => "payment-in-progress",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.name() == name)
    }

    /// Whether the claim is in Partner Center's hands: its claim deadline no longer
    /// applies (what counts now is the reviewer's, and the retention end).
    pub fn submitted(self) -> bool {
        self != Status::Preparing
    }
}

/// One change of status, dated (ISO), with the partner's note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusChange {
    pub on: String,
    pub status: Status,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Submitted on as a day, when it is one of the years a claim can concern: a day of 1989
/// or 275760 is none, for its field (a slip), the Dates card and the history alike.
fn plausible_day(text: &str) -> Option<NaiveDate> {
    crate::dates::parse_iso(text.trim()).filter(|day| crate::dates::PLAUSIBLE_YEARS.contains(&chrono::Datelike::year(day)))
}

/// Whether `change` takes back `preparing`, chosen after `prior` by mistake: the status
/// before it again, the same day, neither with a note ([`Lifecycle::taken_back`]).
fn slip_of_preparing(prior: &StatusChange, preparing: &StatusChange, change: &StatusChange) -> bool {
    preparing.status == Status::Preparing
        && change.status != Status::Preparing
        && prior.status == change.status
        && preparing.on == change.on
        && preparing.note.is_empty()
        && change.note.is_empty()
}

/// Why Submitted on cannot be the day the claim was submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmittedOnSlip {
    /// A day still to come.
    Future,
    /// A day before the activity ended, on the day given.
    BeforeActivityEnd(NaiveDate),
    /// A day after the claim deadline, the day given: Partner Center takes no claim then.
    AfterDeadline(NaiveDate),
    /// A day after Partner Center's first answer to the submission (a request, an
    /// approval…, not one picked by mistake and taken back), of the day given: the claim
    /// was submitted before it was answered.
    AfterLaterChange(NaiveDate),
    /// A day before Partner Center rejected the claim, on the day given, for a claim sent
    /// again since: that submission came after (as Submitted on, the first day, was kept
    /// by earlier versions of the page).
    BeforeRejection(NaiveDate),
    /// Not a day of the years a claim can concern (`275760-01-01`, which a date field
    /// takes): read as no day, and said so rather than shown as nothing.
    NotADate,
}

/// A claim's life after its package.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lifecycle {
    pub status: Status,
    /// The claim's ID in Partner Center, as the partner copies it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub partner_center_id: String,
    /// ISO date.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub submitted_on: String,
    /// Every change of status, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    /// Paid, forfeited or abandoned, and put away: out of the active list, kept, found
    /// by search, its retention end still shown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
    /// The partner chose "Edit anyway" on a submitted claim.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unlocked: bool,
}

impl Lifecycle {
    pub fn is_default(&self) -> bool {
        *self == Lifecycle::default()
    }

    /// Whether this is a later state of the life `earlier`: its history goes on from
    /// `earlier`'s (submitted, sent back, paid since; archived, or its claim ID given
    /// since). A claim of the same content ([`crate::claim::Claim::content_without_life`])
    /// whose life went on since its package was built is that claim when the package is
    /// opened again (or its backup of before restored), not a second one in preparation
    /// claiming its funds and invoices twice. Two claims of one content whose histories
    /// part (a rejected claim and the copy made to send it again) stay two. Later means
    /// at least as far along in everything: a longer history, or the same one and put away
    /// or given its claim ID since, never put away before and taken out since. Changes are
    /// compared by status and note: a Submitted on corrected since re-dates the first.
    pub fn goes_on_from(&self, earlier: &Lifecycle) -> bool {
        let goes_on = self.history.len() >= earlier.history.len() && self.history.iter().zip(&earlier.history).all(|(now, then)| now.status == then.status && now.note == then.note);
        let longer = self.history.len() > earlier.history.len();
        let same_id = earlier.partner_center_id.is_empty() || earlier.partner_center_id == self.partner_center_id;
        // Its Submitted on corrected in one of them and not since in the other: which is
        // later is not known, and neither is taken for the other (a correction is never
        // dropped unsaid).
        let same_day = longer || earlier.submitted_on.is_empty() || earlier.submitted_on == self.submitted_on;
        self != earlier && goes_on && same_id && same_day && (longer || !earlier.archived || self.archived)
    }

    /// Whether the claim draws on its usage period's funds (and its invoices are used):
    /// not once rejected, nor archived before it went in ([`Lifecycle::went_in`]: abandoned,
    /// or forfeited). A claim archived once gone in (paid, most often) spent them: putting
    /// it away gives nothing back.
    pub fn draws_funds(&self) -> bool {
        self.status != Status::Rejected && !self.put_away()
    }

    /// Whether the claim was archived before it went in ([`Lifecycle::went_in`]):
    /// abandoned, or forfeited. It draws no funds, and its deadline is said, never urged
    /// (no DEADLINE-SOON or ACTIVITY-45-DAYS, no advice on the Dates card, the period card
    /// or the summary).
    pub fn put_away(&self) -> bool {
        self.archived && !self.went_in()
    }

    /// Whether the claim went to Partner Center: in its hands now, or back in preparation
    /// for a correction after Partner Center answered it (its first submission stays,
    /// [`Lifecycle::set_status`]): either way its claim deadline was met, and no longer
    /// warns, blocks or reminds. Not once a Preparing took the submission back straight
    /// after Submitted (a slip of the status, its date cleared with it), nor after a
    /// rejection: Partner Center does not take a rejected claim back, and sending it again
    /// is a submission the deadline binds.
    pub fn went_in(&self) -> bool {
        self.status.submitted() || self.last_answer().is_some_and(|answer| answer != Status::Rejected)
    }

    /// Partner Center's last answer to the dated submission that stands ([`Lifecycle::answers`]).
    fn last_answer(&self) -> Option<Status> {
        self.answers().next_back().map(|change| change.status)
    }

    /// Partner Center's answers to the dated submission, in order (a request for more
    /// information, an approval, a payment…; not a status chosen by mistake and taken
    /// back); none before a submission is dated.
    fn answers(&self) -> impl DoubleEndedIterator<Item = &StatusChange> + '_ {
        let from = self.dated_submission().map_or(self.history.len(), |dated| dated + 1);
        // (Not walked for a claim never submitted: every row and review asks.)
        let taken_back = if from < self.history.len() { self.taken_back() } else { Vec::new() };
        self.history
            .iter()
            .enumerate()
            .skip(from)
            .filter(move |(index, change)| !taken_back[*index] && !matches!(change.status, Status::Submitted | Status::Preparing))
            .map(|(_, change)| change)
    }

    /// Whether the claim is judged with its usage period's other claims (their funds
    /// together, the caps per usage period): it draws on the funds and its content can
    /// still change. A locked claim (submitted, paid, archived after) is not: it cannot
    /// change now, and its funds count for the claims that can. One sent back for more
    /// information, or opened with Edit anyway, is: its correction may go over them.
    pub fn judged_with_the_period(&self) -> bool {
        self.draws_funds() && !self.locked()
    }

    /// Once the claim went in ([`Lifecycle::went_in`]; `Some`): the day it was submitted
    /// (sent again after a rejection: that day, a new submission, which Submitted on then
    /// dates), `None` when Submitted on is empty, not a date, or after `today` (a slip its
    /// field says; not a day to say the claim went in late). `None` while it has not gone
    /// in (first prepared, or prepared again after a rejection). For a
    /// day after Partner Center's answer (its field says so), the day the history holds:
    /// one day for one submission everywhere until the field is corrected.
    pub fn submission(&self, today: NaiveDate) -> Option<Option<chrono::NaiveDate>> {
        self.went_in().then(|| {
            let dated = || self.dated_submission().and_then(|index| plausible_day(&self.history[index].on));
            let typed = plausible_day(&self.submitted_on).filter(|day| *day <= today)?;
            // Before the rejection it was sent again after: the history's day (a slip its
            // field says).
            if self.rejected_on().is_some_and(|rejected| typed < rejected) {
                return dated().filter(|day| *day <= today);
            }
            // After Partner Center's answer: its field says so, and the page keeps the day
            // the history holds, so that it names one day for one submission.
            match self.answered_on().filter(|answered| typed > *answered) {
                Some(_) => dated().or(Some(typed)),
                None => Some(typed),
            }
        })
    }

    /// Submitted on, as typed. The history's "Submitted" that it dates follows it whenever
    /// it is a date (the status is often chosen the day the claim is recorded here, and the
    /// day it was submitted typed after): the two never say two days for one submission. A
    /// day after `today` (ISO), or after Partner Center answered the submission, is a slip
    /// the field says so; the history keeps its day and its order.
    pub fn set_submitted_on(&mut self, on: String, today: &str) {
        let answered = self.answered_on();
        if let Some(day) = plausible_day(&on).filter(|day| crate::dates::parse_iso(today).is_none_or(|today| *day <= today) && answered.is_none_or(|answered| *day <= answered)) {
            if let Some(index) = self.dated_submission() {
                // Never after the change that follows it (one taken back too), nor before
                // the one it follows (a rejection it was sent again after): the history
                // stays in order.
                let next = self.history.get(index + 1).and_then(|change| crate::dates::parse_iso(&change.on));
                let before = index.checked_sub(1).and_then(|at| crate::dates::parse_iso(&self.history[at].on));
                if next.is_none_or(|next| day <= next) && before.is_none_or(|before| day >= before) {
                    self.history[index].on = crate::dates::iso(day);
                }
            }
        }
        self.submitted_on = on;
    }

    /// Where the submission that stands starts in the history, and whether a Preparing
    /// recorded now would take it back: a Preparing takes the submission back when only
    /// Submitted (and Preparing) came before it, with no answer of Partner Center's. Such
    /// a Preparing was a slip of the status, straight after Submitted (the claim was opened
    /// with Edit anyway to go back), and its date went with it ([`Lifecycle::set_status`]);
    /// a second slip as much as the first. After an answer, Preparing is a correction's
    /// start (a request recorded the day the claim was, in one sitting, is one too), and
    /// the submission stays. The history is walked once, a history of thousands too.
    /// A rejection (not one chosen by mistake and taken back) ends a submission too, once
    /// the claim is prepared or sent again after it: Partner Center does not take a
    /// rejected claim back, and sent again, it is a new submission, which the claim
    /// deadline binds and Submitted on dates. Until then (the claim stands rejected, a
    /// note added to the rejection) the submission rejected stands, and so it does when
    /// another answer follows the rejection (Partner Center changed its word on it).
    fn standing(&self) -> (usize, bool) {
        let slips = self.history.iter().any(|change| matches!(change.status, Status::Rejected | Status::Preparing)).then(|| self.taken_back());
        let (mut from, mut unanswered) = (0, true);
        // Where the submission stood before the latest rejection, while nothing but more
        // of it follows.
        let mut before_rejection = None;
        for (index, change) in self.history.iter().enumerate() {
            let taken_back = slips.as_ref().is_some_and(|taken_back| taken_back[index]);
            match change.status {
                // A Preparing picked by mistake, and the status picked again after it, are
                // no change.
                Status::Preparing | Status::Submitted if taken_back => {}
                // A status picked by mistake and taken back is no answer after a rejection.
                _ if taken_back => unanswered = false,
                Status::Rejected => {
                    before_rejection.get_or_insert(from);
                    (from, unanswered) = (index + 1, true);
                }
                Status::Preparing | Status::Submitted => {
                    // Prepared or sent again after a rejection: a new submission, which
                    // nothing answered yet (a slip taken back after the rejection was
                    // about the one rejected).
                    if before_rejection.take().is_some() {
                        unanswered = true;
                    }
                    if change.status == Status::Preparing && unanswered {
                        from = index + 1;
                    }
                }
                _ => {
                    if let Some(before) = before_rejection.take() {
                        from = before;
                    }
                    unanswered = false;
                }
            }
        }
        if let Some(before) = before_rejection {
            (from, unanswered) = (before, false);
        }
        (from, unanswered)
    }

    /// Where the history holds the submission that Submitted on dates: its first, or the
    /// first after a Preparing that took the submission back ([`Lifecycle::standing`]).
    fn dated_submission(&self) -> Option<usize> {
        let (from, _) = self.standing();
        self.history[from..].iter().position(|change| change.status == Status::Submitted).map(|at| from + at)
    }

    /// Which changes of the history were Partner Center's answers chosen by mistake and
    /// taken back: a run of answers (statuses but Submitted and Preparing) recorded the
    /// same day as the return to the status before them, none with a note (Approved
    /// picked for nothing, then Submitted again; Approved, then More information, then
    /// Submitted). The return is no change either. A choice made with the pointer counts at
    /// once, so such slips stay in the history; they are not Partner Center's word.
    fn taken_back(&self) -> Vec<bool> {
        let history = &self.history;
        let mut taken_back = vec![false; history.len()];
        // The changes standing, each with the length of the run of answers without a note,
        // all of its day, that it ends (0: it is no such answer). Kept as they are pushed,
        // so a history of thousands of answers stays one pass.
        let mut standing: Vec<(usize, usize)> = Vec::new();
        for (index, change) in history.iter().enumerate() {
            // Preparing chosen by mistake and taken back: the status before it chosen
            // again, the same day, neither with a note (Submitted, or Rejected, picked
            // again after Edit anyway): the submission it took back stands.
            if let [.., (prior, _), (preparing, _)] = standing[..] {
                if slip_of_preparing(&history[prior], &history[preparing], change) {
                    standing.pop();
                    taken_back[preparing] = true;
                    taken_back[index] = true;
                    continue;
                }
            }
            let run = standing.last().filter(|(at, _)| history[*at].on == change.on).map_or(0, |(_, run)| *run);
            let before = standing.len().checked_sub(run + 1).map(|at| standing[at].0);
            if run > 0 && change.note.is_empty() && before.is_some_and(|before| history[before].status == change.status) {
                for (at, _) in standing.drain(standing.len() - run..) {
                    taken_back[at] = true;
                }
                taken_back[index] = true;
                continue;
            }
            let answer = !matches!(change.status, Status::Submitted | Status::Preparing) && change.note.is_empty();
            standing.push((index, if answer { run + 1 } else { 0 }));
        }
        taken_back
    }

    /// The day of the claim's last submission after Partner Center answered its first
    /// (sent back for more information, corrected and submitted again), when there was
    /// one: what Partner Center now holds. Submitted on stays the first's (the day the
    /// deadline was met). A status chosen by mistake and taken back is no answer.
    fn resubmitted_on(&self) -> Option<NaiveDate> {
        let dated = self.dated_submission()?;
        let taken_back = self.taken_back();
        // Partner Center takes a claim again once it asked for more: an approval or a
        // payment leads to no second submission (and a refusal ends the submission: sent
        // again, the claim is submitted anew, `Lifecycle::standing`).
        let (mut asked, mut again, mut before) = (false, None, Status::Submitted);
        for (_, change) in self.history.iter().enumerate().skip(dated + 1).filter(|(index, _)| !taken_back[*index]) {
            match change.status {
                // A note added under Submitted is no second submission.
                Status::Submitted if asked && before != Status::Submitted => again = crate::dates::parse_iso(&change.on).or(again),
                Status::MoreInformation => asked = true,
                _ => {}
            }
            before = change.status;
        }
        again
    }

    /// The day the claim was sent again ([`Lifecycle::resubmitted_on`]) to name after the
    /// first's, `first`: only a later one. A first day typed after a request picked by
    /// mistake would make "again" say nothing true. The lock notice and the summary's
    /// status line both name it by this rule.
    pub fn resubmitted_after(&self, first: NaiveDate) -> Option<NaiveDate> {
        self.resubmitted_on().filter(|again| *again > first)
    }

    /// The day of the rejection the standing submission was sent again after, if one
    /// ([`Lifecycle::standing`]).
    fn rejected_on(&self) -> Option<NaiveDate> {
        // Before it, past the Preparings it was prepared again in (and the changes picked
        // by mistake and taken back).
        let (from, _) = self.standing();
        let taken_back = self.taken_back();
        let change = self.history[..from].iter().enumerate().rev().find(|(at, change)| change.status != Status::Preparing && !taken_back[*at]).map(|(_, change)| change)?;
        (change.status == Status::Rejected).then(|| crate::dates::parse_iso(&change.on)).flatten()
    }

    /// The day Partner Center first answered the dated submission (a request for more
    /// information, an approval, a payment…; not a status chosen by mistake and taken
    /// back): the claim was submitted by then.
    fn answered_on(&self) -> Option<NaiveDate> {
        self.answers().find_map(|change| crate::dates::parse_iso(&change.on))
    }

    /// What makes Submitted on, as typed, a day the claim cannot have been submitted:
    /// one still to come, one after Partner Center answered it, one before its activity
    /// ended (`activity_end`; a claim is for
    /// an activity performed), or one after its claim deadline (`deadline`, the last day
    /// Partner Center takes a claim, `ClaimDeadline::accepted_until`: the day is likely
    /// mistyped, and a claim sent in late would be refused), or no day of the years a
    /// claim can concern.
    /// `None` when it is empty or likely.
    pub fn submitted_on_slip(&self, today: NaiveDate, activity_end: Option<NaiveDate>, deadline: Option<NaiveDate>) -> Option<SubmittedOnSlip> {
        let text = self.submitted_on.trim();
        if text.is_empty() {
            return None;
        }
        let Some(day) = plausible_day(text) else {
            return Some(SubmittedOnSlip::NotADate);
        };
        if day > today {
            return Some(SubmittedOnSlip::Future);
        }
        if let Some(answered) = self.answered_on().filter(|answered| day > *answered) {
            return Some(SubmittedOnSlip::AfterLaterChange(answered));
        }
        if let Some(rejected) = self.rejected_on().filter(|rejected| day < *rejected) {
            return Some(SubmittedOnSlip::BeforeRejection(rejected));
        }
        if let Some(end) = activity_end.filter(|end| day < *end) {
            return Some(SubmittedOnSlip::BeforeActivityEnd(end));
        }
        deadline.filter(|deadline| day > *deadline).map(SubmittedOnSlip::AfterDeadline)
    }

    /// Standing rejected, the day Submitted on holds, if it can be the day the claim was
    /// sent again (Submitted chosen then dates that submission by it): after the
    /// rejection (its day is the rejection's: the same day, a resubmission with no note
    /// would read as a rejection taken back), not after the last change recorded (the
    /// history stays in order: the two never say two days for one submission), not after
    /// `today` (ISO).
    fn resubmission_day(&self, today: &str) -> Option<NaiveDate> {
        if self.status != Status::Rejected {
            return None;
        }
        let standing = self.taken_back();
        let rejected = (0..self.history.len()).rev().find(|at| !standing[*at]).and_then(|at| crate::dates::parse_iso(&self.history[at].on))?;
        let last = self.history.last().and_then(|change| crate::dates::parse_iso(&change.on))?;
        plausible_day(&self.submitted_on).filter(|day| *day > rejected && *day >= last && crate::dates::parse_iso(today).is_none_or(|today| *day <= today))
    }

    /// Whether Submitted on, as typed, would date the claim sent again once Submitted is
    /// chosen ([`Lifecycle::resubmission_day`]): what its field then says.
    pub fn dates_a_resubmission(&self, today: NaiveDate) -> bool {
        self.resubmission_day(&crate::dates::iso(today)).is_some()
    }

    /// Whether the claim deadline is still the claim's to meet: not gone in, not put
    /// away. The calendars (the package's and the register's) remind of it only then.
    pub fn awaits_submission(&self) -> bool {
        !self.went_in() && !self.archived
    }

    /// In Partner Center's hands without the claim ID Partner Center gave it: the ID its
    /// messages and the partner's records name the claim by.
    pub fn lacks_claim_id(&self) -> bool {
        self.went_in() && self.partner_center_id.trim().is_empty()
    }

    /// Whether the claim's content is locked: submitted and not unlocked on purpose. A
    /// claim Partner Center sent back for more information is open to its correction.
    pub fn locked(&self) -> bool {
        self.status.submitted() && self.status != Status::MoreInformation && !self.unlocked
    }

    /// A change of status on `on` (ISO), with a note: kept in the history; the first
    /// submission dates the claim's Submitted on when it has none. Setting the status
    /// it has adds the note alone (a reviewer's second request) and relocks nothing.
    /// Back to Preparing only once the claim is open (never submitted, sent back, or
    /// opened with "Edit anyway"): one arrow key on the status of a locked claim had
    /// unlocked it. Its first submission's date stays once Partner Center answered it (a
    /// resubmission does not make it look late); straight after Submitted, it was a slip
    /// of the status, and the date goes with it.
    pub fn set_status(&mut self, status: Status, on: &str, note: &str) {
        if (status == self.status && note.trim().is_empty()) || (status == Status::Preparing && self.locked()) {
            return;
        }
        // Straight after Submitted (not a note added to a claim never submitted, whose
        // Submitted on may be typed already), Preparing takes the submission back.
        if status == Status::Preparing && self.status == Status::Submitted && self.standing().1 {
            self.submitted_on.clear();
        }
        // Out of a rejection, a new submission is prepared or made: Submitted on dates it
        // (the one rejected stays in the history). Not the rejection chosen by mistake and
        // taken back at once (the day it was chosen, no note, back to the status before).
        let mut resent = false;
        if self.status == Status::Rejected && matches!(status, Status::Preparing | Status::Submitted) {
            // As `taken_back` judges it with this change: a run of answers picked by
            // mistake (Approved, then Rejected) taken back too.
            let mut after = Lifecycle { history: self.history.clone(), ..Lifecycle::default() };
            after.history.push(StatusChange { on: on.to_string(), status, note: note.trim().to_string() });
            // The rejection standing: the last change not taken back already (a status
            // picked by mistake after it and taken back is not it).
            let standing = self.taken_back();
            let rejected = (0..self.history.len()).rev().find(|at| !standing[*at]);
            let slip = rejected.is_some_and(|rejected| after.taken_back()[rejected]);
            if !slip {
                // Sent again, recorded here later: the day typed for it dates it, rather
                // than the day it is recorded ([`Lifecycle::resubmission_day`]).
                let typed = self.resubmission_day(on).filter(|_| status == Status::Submitted);
                self.submitted_on = typed.map(crate::dates::iso).unwrap_or_default();
                resent = !self.submitted_on.is_empty();
            }
        }
        // Taking back a Preparing chosen by mistake (the status before it chosen again,
        // the same day, no note): the submission it took back stands, with its day.
        // (As `taken_back` judges it with this change, among the changes still standing.)
        let returns = status != Status::Preparing && note.trim().is_empty() && self.history.last().is_some_and(|last| last.status == Status::Preparing) && {
            let mut after = Lifecycle { history: self.history.clone(), ..Lifecycle::default() };
            after.history.push(StatusChange { on: on.to_string(), status, note: String::new() });
            let taken_back = after.taken_back();
            taken_back.last().copied().unwrap_or(false) && taken_back.get(after.history.len() - 2).copied().unwrap_or(false)
        };
        // What Submitted on says now: typed since the Preparing took it back, it dates the
        // submission that stands again.
        let typed_since = !self.submitted_on.trim().is_empty();
        // An answer of Partner Center's chosen with no submission before it (a claim
        // recorded here once submitted): the submission is recorded first, as choosing
        // Submitted records it, so that the answer is one and the claim went in.
        if !returns && !matches!(status, Status::Preparing | Status::Submitted) && self.dated_submission().is_none() {
            self.set_status(Status::Submitted, on, "");
        }
        // Submitted chosen dates it when no day is typed; a note added to it (the status
        // it has) records no submission, and leaves the field as the partner left it.
        if status == Status::Submitted && status != self.status && self.submitted_on.is_empty() {
            self.submitted_on = on.to_string();
        }
        // Submitted on typed first: the history dates the submission by it, not by today.
        // Not before the change it follows: the history stays in order.
        let last = self.history.last().and_then(|change| crate::dates::parse_iso(&change.on));
        let typed = plausible_day(&self.submitted_on).filter(|day| crate::dates::parse_iso(on).is_none_or(|today| *day <= today) && last.is_none_or(|last| *day >= last));
        // (The first, or one sent again after a rejection with its day typed.)
        let first_submission = status == Status::Submitted && (resent || self.dated_submission().is_none());
        let on = match typed {
            Some(day) if first_submission => crate::dates::iso(day),
            _ => on.to_string(),
        };
        let on = on.as_str();
        if status != self.status {
            // A new status locks again what "Edit anyway" opened.
            self.unlocked = false;
        }
        self.status = status;
        self.history.push(StatusChange { on: on.to_string(), status, note: note.trim().to_string() });
        // The Preparing taken back had cleared Submitted on: the day of the submission
        // that stands again comes back.
        if returns {
            // (Picked again, Rejected leaves the submission rejected its own day.)
            if typed_since && status == Status::Submitted {
                let typed = self.submitted_on.clone();
                self.set_submitted_on(typed, on);
            } else if let Some(dated) = self.dated_submission() {
                self.submitted_on = self.history[dated].on.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions as first written, a change at a time over the whole history before
    /// it (a Preparing taken back looked for among every change before it not taken back,
    /// not on a stack): the reference the one-pass walks must agree with.
    fn taken_back_as_defined(history: &[StatusChange]) -> Vec<bool> {
        let mut taken_back = vec![false; history.len()];
        let mut standing: Vec<usize> = Vec::new();
        for (index, change) in history.iter().enumerate() {
            // A Preparing, the last change before this one not taken back, of its day, the
            // change not taken back before the Preparing of this one's status, no notes.
            let before: Vec<usize> = (0..index).filter(|at| !taken_back[*at]).collect();
            if let [.., prior, preparing] = before[..] {
                let (prior, preparing) = (&history[prior], &history[preparing]);
                if preparing.status == Status::Preparing && change.status != Status::Preparing && prior.status == change.status && preparing.on == change.on && preparing.note.is_empty() && change.note.is_empty() {
                    taken_back[before[before.len() - 1]] = true;
                    taken_back[index] = true;
                    standing.retain(|at| !taken_back[*at]);
                    continue;
                }
            }
            let answer = |at: usize| !matches!(history[at].status, Status::Submitted | Status::Preparing) && history[at].on == change.on && history[at].note.is_empty();
            let run = standing.iter().rev().take_while(|at| answer(**at)).count();
            let before = standing.len().checked_sub(run + 1).map(|at| standing[at]);
            if run > 0 && change.note.is_empty() && before.is_some_and(|before| history[before].status == change.status) {
                for at in standing.drain(standing.len() - run..) {
                    taken_back[at] = true;
                }
                taken_back[index] = true;
                continue;
            }
            standing.push(index);
        }
        taken_back
    }

    /// A rejection ends the submission once the claim is prepared or sent again after it;
    /// another answer after it (or none) leaves the submission rejected standing.
    fn dated_submission_as_defined(history: &[StatusChange]) -> Option<usize> {
        let taken_back = taken_back_as_defined(history);
        let (mut dated, mut since) = (None, 0);
        let mut before_rejection = None;
        for (index, change) in history.iter().enumerate() {
            match change.status {
                _ if taken_back[index] => {}
                Status::Rejected => {
                    before_rejection.get_or_insert((dated, since));
                    (dated, since) = (None, index + 1);
                }
                Status::Submitted | Status::Preparing => {
                    if before_rejection.take().is_some() {
                        since = index;
                    }
                    match change.status {
                        Status::Submitted if dated.is_none() => dated = Some(index),
                        Status::Preparing if history[since..index].iter().all(|change| matches!(change.status, Status::Submitted | Status::Preparing)) => dated = None,
                        _ => {}
                    }
                }
                _ => {
                    if let Some(before) = before_rejection.take() {
                        (dated, since) = before;
                    }
                }
            }
        }
        before_rejection.map_or(dated, |(before, _)| before)
    }

    proptest::proptest! {
        /// A history of thousands of changes (a package may carry 10,000) is walked once,
        /// not once per change: the walks give what the definitions give.
        #[test]
        fn the_one_pass_walks_of_a_history_agree_with_its_definitions(changes in proptest::collection::vec((0_usize..5, 0_u8..3, proptest::bool::weighted(0.2)), 0..40)) {
            const STATUSES: [Status; 5] = [Status::Preparing, Status::Submitted, Status::MoreInformation, Status::Approved, Status::Rejected];
            let history: Vec<StatusChange> = changes
                .into_iter()
                .map(|(status, day, noted)| StatusChange { on: format!("2027-01-0{}", day + 1), status: STATUSES[status], note: if noted { "n".into() } else { String::new() } })
                .collect();
            let life = Lifecycle { history: history.clone(), ..Lifecycle::default() };
            proptest::prop_assert_eq!(life.taken_back(), taken_back_as_defined(&history));
            proptest::prop_assert_eq!(life.dated_submission(), dated_submission_as_defined(&history));
        }
    }

    /// A later state of a claim's life: as far along in everything, its history going on.
    #[test]
    fn a_life_goes_on_from_another_only_as_far_along_in_everything() {
        let preparing = Lifecycle::default();
        let mut submitted = Lifecycle::default();
        submitted.set_status(Status::Submitted, "2026-11-20", "");
        submitted.partner_center_id = "PC-1".into();
        assert!(submitted.goes_on_from(&preparing) && !preparing.goes_on_from(&submitted));
        assert!(!submitted.goes_on_from(&submitted.clone()), "the same life");
        // Its Submitted on corrected since: the same change, re-dated.
        let mut corrected = submitted.clone();
        corrected.set_submitted_on("2026-11-18".into(), "2026-12-01");
        let mut paid = corrected.clone();
        paid.set_status(Status::Paid, "2027-01-10", "");
        assert!(paid.goes_on_from(&submitted));
        // Corrected in one and not in the other, no further: neither is the later.
        assert!(!corrected.goes_on_from(&submitted) && !submitted.goes_on_from(&corrected));
        // Put away since, with no change of status: later; taken out since: not.
        let archived = Lifecycle { archived: true, ..Lifecycle::default() };
        assert!(archived.goes_on_from(&preparing) && !preparing.goes_on_from(&archived));
        // Another claim ID, or a history that parts: another claim.
        assert!(!Lifecycle { partner_center_id: "PC-2".into(), ..paid.clone() }.goes_on_from(&submitted));
        let mut rejected = submitted.clone();
        rejected.set_status(Status::Rejected, "2026-12-20", "");
        assert!(!paid.goes_on_from(&rejected) && !rejected.goes_on_from(&paid));
    }

    #[test]
    fn a_claim_is_submitted_dated_locked_sent_back_and_paid_with_its_history() {
        let mut life = Lifecycle::default();
        assert!(!life.locked() && life.is_default());
        life.set_status(Status::Submitted, "2026-12-03", "");
        assert_eq!((life.status, life.submitted_on.as_str()), (Status::Submitted, "2026-12-03"));
        assert!(life.locked());
        life.unlocked = true;
        assert!(!life.locked(), "Edit anyway");
        life.set_status(Status::MoreInformation, "2026-12-20", "  Please add the signed CSR.  ");
        assert!(!life.locked(), "open to the requested correction");
        assert_eq!(life.resubmitted_on(), None);
        life.set_status(Status::Submitted, "2026-12-21", "");
        assert!(life.locked(), "submitted again: locked again");
        assert_eq!(life.resubmitted_on(), crate::dates::parse_iso("2026-12-21"));
        // A note added under Submitted is not a submission.
        let mut noted = life.clone();
        noted.set_status(Status::Submitted, "2026-12-22", "Called the reviewer.");
        assert_eq!(noted.resubmitted_on(), crate::dates::parse_iso("2026-12-21"));
        // Locked, it does not go back to Preparing; opened with Edit anyway, it does, its
        // first submission's date and its history kept, and submitted again, that date
        // stays the first's.
        let before = life.clone();
        life.set_status(Status::Preparing, "2026-12-22", "");
        assert_eq!(life, before, "locked: unchanged");
        life.unlocked = true;
        life.set_status(Status::Preparing, "2026-12-22", "");
        assert_eq!((life.status, life.submitted_on.as_str(), life.locked()), (Status::Preparing, "2026-12-03", false));
        assert_eq!(life.history.last().map(|change| change.status), Some(Status::Preparing));
        life.set_status(Status::Submitted, "2026-12-23", "");
        assert_eq!(life.submitted_on, "2026-12-03");
        life = before;
        // Straight after Submitted, Preparing was a slip of the status: the date goes.
        let mut slip = Lifecycle::default();
        slip.set_status(Status::Submitted, "2026-11-20", "");
        slip.unlocked = true;
        slip.set_status(Status::Preparing, "2026-11-20", "");
        assert_eq!(slip.submitted_on, "");
        slip.set_status(Status::Submitted, "2026-12-05", "");
        assert_eq!(slip.submitted_on, "2026-12-05", "the real submission's date");
        assert_eq!(life.submitted_on, "2026-12-03", "the first submission's date stays");
        life.set_status(Status::Paid, "2027-02-01", "");
        let history: Vec<(Status, &str, &str)> = life.history.iter().map(|change| (change.status, change.on.as_str(), change.note.as_str())).collect();
        assert_eq!(
            history,
            [
                (Status::Submitted, "2026-12-03", ""),
                (Status::MoreInformation, "2026-12-20", "Please add the signed CSR."),
                (Status::Submitted, "2026-12-21", ""),
                (Status::Paid, "2027-02-01", ""),
            ]
        );
        // The same status again adds nothing, unless it brings a note.
        life.set_status(Status::Paid, "2027-02-02", "");
        assert_eq!(life.history.len(), 4);
        life.set_status(Status::Paid, "2027-02-03", "Remittance 4471");
        assert_eq!(life.history.len(), 5);
        assert!(Status::ALL.iter().all(|status| Status::from_name(status.name()) == Some(*status)));
    }
    /// A claim rejected and sent again as earlier versions of the page kept it (Submitted
    /// on the first day): the day it went in again is the history's, and its field says
    /// the first is a slip. A run of answers picked by mistake, a rejection among them,
    /// taken back at once, leaves the submission as it was.
    #[test]
    fn a_claim_sent_again_after_a_rejection_is_dated_by_that_submission() {
        let day = |iso: &str| crate::dates::parse_iso(iso).expect("date");
        let history = [(Status::Submitted, "2026-11-25"), (Status::Rejected, "2027-03-01"), (Status::Preparing, "2027-03-02"), (Status::Submitted, "2027-03-04")];
        let kept = Lifecycle {
            status: Status::Submitted,
            submitted_on: "2026-11-25".into(),
            history: history.iter().map(|(status, on)| StatusChange { on: (*on).into(), status: *status, note: String::new() }).collect(),
            ..Lifecycle::default()
        };
        assert_eq!(kept.submission(day("2027-03-10")), Some(Some(day("2027-03-04"))));
        assert_eq!(kept.submitted_on_slip(day("2027-03-10"), None, None), Some(SubmittedOnSlip::BeforeRejection(day("2027-03-01"))));
        let mut slips = Lifecycle::default();
        slips.set_status(Status::Submitted, "2026-11-25", "");
        for status in [Status::Approved, Status::Rejected, Status::Submitted] {
            slips.set_status(status, "2026-12-05", "");
        }
        assert_eq!(slips.submitted_on, "2026-11-25");
        assert_eq!(slips.submission(day("2026-12-06")), Some(Some(day("2026-11-25"))));
    }

    /// A claim rejected, sent again in Partner Center, and recorded here days later: the
    /// day typed for it, then Submitted chosen, dates the new submission (it was the day
    /// it was recorded, said late). A day of the rejected submission still in the field
    /// does not.
    #[test]
    fn a_claim_sent_again_after_a_rejection_and_recorded_later_keeps_the_day_typed() {
        let day = |iso: &str| crate::dates::parse_iso(iso).expect("date");
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-11-20", "");
        life.set_status(Status::Rejected, "2027-01-10", "Wrong invoice.");
        life.set_submitted_on("2027-02-10".into(), "2027-02-20");
        assert!(life.dates_a_resubmission(day("2027-02-20")), "what its field says");
        life.set_status(Status::Submitted, "2027-02-20", "");
        assert_eq!(life.submitted_on, "2027-02-10");
        assert_eq!(life.submission(day("2027-02-20")), Some(Some(day("2027-02-10"))));
        assert_eq!(life.history.last().map(|change| change.on.as_str()), Some("2027-02-10"), "the history dates it so too");
        assert_eq!(life.submitted_on_slip(day("2027-02-20"), None, None), None);
        // Sent again the day of the rejection: a resubmission with no note that day would
        // read as the rejection taken back; the day it is recorded, as before.
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-11-20", "");
        life.set_status(Status::Rejected, "2027-01-10", "");
        life.submitted_on = "2027-01-10".into();
        assert!(!life.dates_a_resubmission(day("2027-02-20")));
        life.set_status(Status::Submitted, "2027-02-20", "");
        assert_eq!((life.submitted_on.as_str(), life.history.last().map(|change| change.on.as_str())), ("2027-02-20", Some("2027-02-20")));
        // A day before the last change recorded (a note added to the rejection later): not
        // that submission's either, or the history would say another day.
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-11-20", "");
        life.set_status(Status::Rejected, "2027-01-10", "");
        life.set_status(Status::Rejected, "2027-01-20", "The CSR is not signed.");
        life.submitted_on = "2027-01-15".into();
        assert!(!life.dates_a_resubmission(day("2027-02-20")));
        life.set_status(Status::Submitted, "2027-02-20", "");
        assert_eq!((life.submitted_on.as_str(), life.history.last().map(|change| change.on.as_str())), ("2027-02-20", Some("2027-02-20")));
        // The rejected submission's day left in the field: the day it is recorded.
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-11-20", "");
        life.set_status(Status::Rejected, "2027-01-10", "Wrong invoice.");
        life.set_status(Status::Submitted, "2027-02-20", "");
        assert_eq!(life.submitted_on, "2027-02-20");
    }

    /// A note added to a submitted claim whose Submitted on the partner cleared leaves it
    /// cleared: it wrote the day the note was added, said the day it was submitted.
    #[test]
    fn a_note_added_to_a_submitted_claim_writes_no_submission_day() {
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-11-20", "");
        life.set_submitted_on(String::new(), "2026-11-25");
        life.set_status(Status::Submitted, "2026-12-01", "Claim ID PC-1 given by email.");
        assert_eq!(life.submitted_on, "");
        assert_eq!(life.history.len(), 2);
    }

    /// A claim standing rejected is dated by the submission rejected (it was not sent
    /// again: its Submitted on is no slip), a note added to the rejection records no
    /// submission of its own, and an answer after it (Partner Center's word changed) is
    /// of that submission too.
    #[test]
    fn a_claim_standing_rejected_keeps_the_day_it_was_submitted() {
        let day = |iso: &str| crate::dates::parse_iso(iso).expect("date");
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2027-01-10", "");
        life.set_status(Status::Rejected, "2027-02-01", "");
        assert_eq!(life.submission(day("2027-02-03")), Some(Some(day("2027-01-10"))));
        assert_eq!(life.submitted_on_slip(day("2027-02-03"), None, None), None);
        // The reason pasted as a note, days later.
        life.set_status(Status::Rejected, "2027-02-05", "The CSR is not signed.");
        assert_eq!(life.submitted_on, "2027-01-10");
        assert_eq!(life.history.iter().map(|change| change.status).collect::<Vec<_>>(), [Status::Submitted, Status::Rejected, Status::Rejected]);
        assert_eq!(life.submission(day("2027-02-06")), Some(Some(day("2027-01-10"))));
        // Approved on appeal: no submission made up before it.
        life.set_status(Status::Approved, "2027-02-20", "");
        assert_eq!(life.history.len(), 4);
        assert_eq!((life.submitted_on.as_str(), life.submission(day("2027-02-21"))), ("2027-01-10", Some(Some(day("2027-01-10")))));
        // Prepared again and sent: the new submission is the one dated.
        let mut again = Lifecycle::default();
        again.set_status(Status::Submitted, "2027-01-10", "");
        again.set_status(Status::Rejected, "2027-02-01", "");
        again.unlocked = true;
        again.set_status(Status::Preparing, "2027-02-02", "");
        again.set_status(Status::Submitted, "2027-02-04", "");
        assert_eq!(again.history.len(), 4, "prepared again, then sent");
        assert_eq!(again.submission(day("2027-02-05")), Some(Some(day("2027-02-04"))));
        // A status picked by mistake after the rejection and taken back the same day is no
        // answer: prepared and sent again after it, the new submission is dated.
        let mut slipped = Lifecycle::default();
        slipped.set_status(Status::Submitted, "2027-01-10", "");
        slipped.set_status(Status::Rejected, "2027-02-01", "");
        slipped.set_status(Status::Paid, "2027-02-03", "");
        slipped.set_status(Status::Rejected, "2027-02-03", "");
        assert_eq!(slipped.submission(day("2027-02-03")), Some(Some(day("2027-01-10"))));
        slipped.unlocked = true;
        slipped.set_status(Status::Preparing, "2027-02-04", "");
        slipped.set_status(Status::Submitted, "2027-02-05", "");
        assert_eq!((slipped.submitted_on.as_str(), slipped.submission(day("2027-02-06"))), ("2027-02-05", Some(Some(day("2027-02-05")))));
        // Then a slip of the status straight after that submission takes it back, its
        // date with it, as with no rejection before.
        slipped.unlocked = true;
        slipped.set_status(Status::Preparing, "2027-02-05", "");
        assert_eq!(slipped.submitted_on, "");
        slipped.set_status(Status::Submitted, "2027-02-20", "");
        assert_eq!(slipped.submission(day("2027-02-21")), Some(Some(day("2027-02-20"))));
    }

    /// A note added to a claim never submitted keeps its Submitted on; a second slip of
    /// the status is taken back as the first was, its date with it.
    #[test]
    fn preparing_takes_back_only_a_submission_straight_before_it() {
        let mut noted = Lifecycle::default();
        noted.set_submitted_on("2026-11-20".into(), "2026-12-01");
        noted.set_status(Status::Preparing, "2026-12-01", "Sent by Anna");
        assert_eq!((noted.submitted_on.as_str(), noted.history.len()), ("2026-11-20", 1));
        noted.set_status(Status::Submitted, "2026-12-01", "");
        assert_eq!(noted.submitted_on, "2026-11-20", "the day typed, not today");
        // The history stays in order: its submission not dated before the note.
        let days: Vec<&str> = noted.history.iter().map(|change| change.on.as_str()).collect();
        assert_eq!(days, ["2026-12-01", "2026-12-01"]);
        let mut slips = Lifecycle::default();
        for day in ["2026-11-20", "2026-11-22"] {
            slips.set_status(Status::Submitted, day, "");
            slips.unlocked = true;
            slips.set_status(Status::Preparing, day, "");
            assert_eq!(slips.submitted_on, "", "{day}");
            assert!(!slips.went_in());
        }
        slips.set_status(Status::Submitted, "2026-12-05", "");
        assert_eq!(slips.submitted_on, "2026-12-05");
        assert_eq!(slips.submission(crate::dates::parse_iso("2026-12-06").expect("a day")), Some(crate::dates::parse_iso("2026-12-05")));
        // After an answer, Preparing is a correction's start: the submission stays.
        slips.set_status(Status::MoreInformation, "2026-12-20", "Add the CSR");
        slips.set_status(Status::Preparing, "2026-12-21", "");
        assert_eq!(slips.submitted_on, "2026-12-05");
        assert!(slips.went_in());
    }

    /// Preparing picked by mistake (Edit anyway, then the wrong status) and the status
    /// before it picked again the same day: the submission it took back stands, with its
    /// day, as if nothing had been picked. It was dated today, or the rejected claim's
    /// answer made up a submission of today.
    #[test]
    fn a_preparing_picked_by_mistake_and_taken_back_leaves_the_submission_and_its_day() {
        let today = crate::dates::parse_iso("2026-11-20").expect("a day");
        let mut submitted = Lifecycle::default();
        submitted.set_submitted_on("2026-11-18".into(), "2026-11-20");
        submitted.set_status(Status::Submitted, "2026-11-20", "");
        let before = submitted.clone();
        submitted.unlocked = true;
        submitted.set_status(Status::Preparing, "2026-11-20", "");
        assert_eq!(submitted.submitted_on, "", "taken back as it is picked");
        submitted.set_status(Status::Submitted, "2026-11-20", "");
        assert_eq!(submitted.submitted_on, "2026-11-18");
        assert_eq!(submitted.submission(today), before.submission(today));
        assert_eq!((submitted.dated_submission(), submitted.resubmitted_on()), (Some(0), None));
        assert!(submitted.locked());

        let day = |iso: &str| crate::dates::parse_iso(iso).expect("a day");
        let mut rejected = Lifecycle::default();
        rejected.set_status(Status::Submitted, "2027-01-10", "");
        rejected.set_status(Status::Rejected, "2027-02-01", "Not eligible.");
        let standing = rejected.clone();
        rejected.unlocked = true;
        rejected.set_status(Status::Preparing, "2027-02-05", "");
        rejected.set_status(Status::Rejected, "2027-02-05", "");
        assert_eq!(rejected.history.len(), 4, "no submission made up: {:?}", rejected.history);
        assert_eq!(rejected.submitted_on, "2027-01-10");
        assert_eq!((rejected.dated_submission(), rejected.rejected_on(), rejected.went_in()), (standing.dated_submission(), standing.rejected_on(), standing.went_in()));
        assert_eq!(rejected.submission(day("2027-02-06")), standing.submission(day("2027-02-06")));
        // Prepared again after it: the rejection it follows is the one Partner Center
        // made, not the one picked again.
        rejected.unlocked = true;
        rejected.set_status(Status::Preparing, "2027-02-06", "");
        assert_eq!(rejected.rejected_on(), Some(day("2027-02-01")));
        // A day typed while it was Preparing dates the submission picked again.
        let mut typed = Lifecycle::default();
        typed.set_status(Status::Submitted, "2026-12-01", "");
        typed.unlocked = true;
        typed.set_status(Status::Preparing, "2026-12-05", "");
        typed.set_submitted_on("2026-12-03".into(), "2026-12-05");
        typed.set_status(Status::Submitted, "2026-12-05", "");
        assert_eq!((typed.submitted_on.as_str(), typed.history[0].on.as_str()), ("2026-12-03", "2026-12-03"));
        // Rejected picked again, a day typed meanwhile: the rejected submission's day.
        let mut typed = standing.clone();
        typed.unlocked = true;
        typed.set_status(Status::Preparing, "2027-02-06", "");
        typed.set_submitted_on("2027-02-06".into(), "2027-02-06");
        typed.set_status(Status::Rejected, "2027-02-06", "");
        assert_eq!(typed.submitted_on, "2027-01-10");
        // A Preparing with a note, or another day, is the start of a new submission.
        let mut resubmitting = standing.clone();
        resubmitting.unlocked = true;
        resubmitting.set_status(Status::Preparing, "2027-02-05", "Fixing the CSR");
        resubmitting.set_status(Status::Rejected, "2027-02-05", "");
        assert_ne!(resubmitting.submitted_on, "2027-01-10");
    }

    #[test]
    fn submitted_on_is_a_slip_in_the_future_before_the_activity_ended_or_after_the_deadline_and_a_submitted_claim_wants_its_id() {
        let day = |iso: &str| crate::dates::parse_iso(iso).unwrap();
        let today = day("2026-12-04");
        let end = Some(day("2026-11-20"));
        let slip = |typed: &str, end: Option<NaiveDate>| Lifecycle { submitted_on: typed.into(), ..Lifecycle::default() }.submitted_on_slip(today, end, None);
        assert_eq!(slip("2026-12-05", end), Some(SubmittedOnSlip::Future));
        assert_eq!(slip("2026-11-19", end), Some(SubmittedOnSlip::BeforeActivityEnd(day("2026-11-20"))));
        assert_eq!(slip("2026-11-20", end), None, "the day the activity ended");
        assert_eq!(slip(" 2026-12-04 ", end), None, "today");
        assert_eq!(slip("2026-01-01", None), None, "no activity end to compare with");
        assert_eq!(slip("", end), None);
        assert_eq!(slip("2026-02-30", end), Some(SubmittedOnSlip::NotADate), "not a date (the browser's field gives none such: it says so itself)");
        assert_eq!(slip("275760-01-01", end), Some(SubmittedOnSlip::NotADate), "a year a date field takes, and no claim's");
        assert_eq!(slip("1989-12-31", None), Some(SubmittedOnSlip::NotADate));
        assert_eq!(slip("2100-12-31", None), Some(SubmittedOnSlip::Future), "a year a claim can concern, to come");
        // Not a day for the Dates card either (it said such a day in time or late).
        let old = Lifecycle { status: Status::Submitted, submitted_on: "1989-12-31".into(), ..Lifecycle::default() };
        assert_eq!(old.submission(today), Some(None));
        // A day to come is said first, whatever the activity's end.
        assert_eq!(slip("2027-01-10", Some(day("2027-02-01"))), Some(SubmittedOnSlip::Future));
        // After the claim deadline: Partner Center took no claim that day.
        let deadline = Some(day("2026-11-30"));
        let late = |typed: &str| Lifecycle { submitted_on: typed.into(), ..Lifecycle::default() }.submitted_on_slip(today, end, deadline);
        assert_eq!(late("2026-12-01"), Some(SubmittedOnSlip::AfterDeadline(day("2026-11-30"))));
        assert_eq!(late("2026-11-30"), None, "on the deadline day");
        assert_eq!(late("2026-11-19"), Some(SubmittedOnSlip::BeforeActivityEnd(day("2026-11-20"))), "before the activity ended is said first");
        assert_eq!(late("2026-12-05"), Some(SubmittedOnSlip::Future));

        let mut life = Lifecycle::default();
        assert!(!life.lacks_claim_id(), "still being prepared");
        life.set_status(Status::Submitted, "2026-12-03", "");
        assert!(life.lacks_claim_id());
        life.partner_center_id = "   ".into();
        assert!(life.lacks_claim_id(), "spaces are no ID");
        life.partner_center_id = "PC-2026-77881".into();
        assert!(!life.lacks_claim_id());
    }

    #[test]
    fn the_history_dates_the_submission_by_submitted_on() {
        // Chosen today, then corrected: the history follows the correction.
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-12-04", "");
        life.set_submitted_on("2026-11-3".into(), "2026-12-31");
        assert_eq!(life.history[0].on, "2026-12-04", "half typed: not a date yet");
        life.set_submitted_on("2026-11-30".into(), "2026-12-31");
        assert_eq!((life.submitted_on.as_str(), life.history[0].on.as_str()), ("2026-11-30", "2026-11-30"));
        // Typed first, then the status chosen: dated by what was typed.
        let mut life = Lifecycle::default();
        life.set_submitted_on("2026-11-28".into(), "2026-12-31");
        life.set_status(Status::Submitted, "2026-12-04", "");
        assert_eq!(life.history[0].on, "2026-11-28");
        // A later change of status is dated the day it is recorded; a second submission too.
        life.set_status(Status::MoreInformation, "2026-12-10", "Add the list.");
        life.set_status(Status::Submitted, "2026-12-12", "");
        let days: Vec<&str> = life.history.iter().map(|change| change.on.as_str()).collect();
        assert_eq!(days, ["2026-11-28", "2026-12-10", "2026-12-12"]);
        // Submitted on changed again: the first submission follows, the later ones stay.
        life.set_submitted_on("2026-11-27".into(), "2026-12-31");
        assert_eq!(life.history[0].on, "2026-11-27");
        assert_eq!(life.history[2].on, "2026-12-12");
        // Nor a year the field says is no date (as correcting it afterwards is not).
        let mut life = Lifecycle::default();
        life.set_submitted_on("1989-12-31".into(), "2026-12-31");
        life.set_status(Status::Submitted, "2026-12-04", "");
        assert_eq!(life.history[0].on, "2026-12-04");
        // A day still to come typed first is not taken for the history.
        let mut life = Lifecycle::default();
        life.set_submitted_on("2099-01-01".into(), "2026-12-31");
        life.set_status(Status::Submitted, "2026-12-04", "");
        assert_eq!(life.history[0].on, "2026-12-04");
        // Nor typed after: the history keeps its day, and the claim's submission has none.
        life.set_status(Status::MoreInformation, "2026-12-05", "Add the list.");
        life.set_submitted_on("2027-03-01".into(), "2026-12-05");
        assert_eq!(life.history[0].on, "2026-12-04", "not a submission after the request it answered");
        let today = crate::dates::parse_iso("2026-12-05").expect("date");
        assert_eq!(life.submission(today), Some(None), "still to come");
        life.set_submitted_on("2026-12-01".into(), "2026-12-05");
        assert_eq!(life.history[0].on, "2026-12-01");
        assert_eq!(life.submission(today), Some(crate::dates::parse_iso("2026-12-01")));
    }

    #[test]
    fn a_status_chosen_by_mistake_and_taken_back_is_no_answer_and_no_second_submission() {
        let today = crate::dates::parse_iso("2026-12-20").expect("date");
        let day = |text: &str| crate::dates::parse_iso(text);
        let days = |life: &Lifecycle| life.history.iter().map(|change| change.on.clone()).collect::<Vec<_>>();
        let lived = |changes: &[(Status, &str, &str)]| {
            let mut life = Lifecycle::default();
            for (status, on, note) in changes {
                life.set_status(*status, on, note);
            }
            life
        };
        // Approved picked for nothing, then Submitted again, the same day; and Approved,
        // then More information, then Submitted.
        for picks in [&[Status::Approved][..], &[Status::Approved, Status::MoreInformation]] {
            let mut life = Lifecycle::default();
            life.set_status(Status::Submitted, "2026-12-01", "");
            for status in picks {
                life.set_status(*status, "2026-12-06", "");
            }
            life.set_status(Status::Submitted, "2026-12-06", "");
            assert_eq!(life.resubmitted_on(), None, "never sent again: {picks:?}");
            life.set_submitted_on("2026-12-03".into(), "2026-12-20");
            assert_eq!(life.submitted_on_slip(today, None, None), None, "no answer: {picks:?}");
            assert_eq!((life.submission(today), life.history[0].on.as_str()), (Some(day("2026-12-03")), "2026-12-03"));
            // A day after the changes that follow is taken, but the history keeps its order.
            life.set_submitted_on("2026-12-08".into(), "2026-12-20");
            assert_eq!(life.submission(today), Some(day("2026-12-08")));
            assert_eq!(life.history[0].on, "2026-12-03", "not moved past what follows it");
        }
        // Submitted, More information and Preparing picked in a row the same day, then
        // submitted for real ten days on: the request cannot be told from Partner Center's
        // (recorded afterwards in one sitting, it is one), so the real day is said to be
        // after it; the page keeps the history's day, and the history its order.
        let mut life = lived(&[(Status::Submitted, "2026-11-20", ""), (Status::MoreInformation, "2026-11-20", ""), (Status::Preparing, "2026-11-20", "")]);
        assert_eq!(life.submitted_on, "2026-11-20", "a request recorded the day of the claim is a request");
        life.set_status(Status::Submitted, "2026-12-01", "");
        life.set_submitted_on("2026-12-01".into(), "2026-12-20");
        assert_eq!(life.submitted_on_slip(today, None, None), day("2026-11-20").map(SubmittedOnSlip::AfterLaterChange));
        assert_eq!(life.submission(today), Some(day("2026-11-20")), "the history's day, until the field is corrected");
        assert_eq!(days(&life), ["2026-11-20", "2026-11-20", "2026-11-20", "2026-12-01"]);
        // Partner Center's real request, and the correction started the same day, then sent
        // again: a second submission, and a first one dated after the request is a slip.
        let mut real = lived(&[(Status::Submitted, "2026-11-20", ""), (Status::MoreInformation, "2026-11-25", ""), (Status::Preparing, "2026-11-25", "")]);
        assert_eq!(real.submitted_on, "2026-11-20", "the correction's start: the submission stays");
        real.set_status(Status::Submitted, "2026-11-28", "");
        assert_eq!(real.resubmitted_on(), day("2026-11-28"));
        real.set_submitted_on("2026-11-27".into(), "2026-12-20");
        assert_eq!(real.submitted_on_slip(today, None, None), day("2026-11-25").map(SubmittedOnSlip::AfterLaterChange));
        assert_eq!(days(&real), ["2026-11-20", "2026-11-25", "2026-11-25", "2026-11-28"]);
        // Asked and sent again the same day without the request pasted: taken for a slip;
        // with it pasted, a second submission.
        let quick = lived(&[(Status::Submitted, "2026-11-20", ""), (Status::MoreInformation, "2026-11-25", ""), (Status::Submitted, "2026-11-25", "")]);
        assert_eq!(quick.resubmitted_on(), None);
        let noted = lived(&[(Status::Submitted, "2026-11-20", ""), (Status::MoreInformation, "2026-11-25", "Add the list."), (Status::Submitted, "2026-11-25", "")]);
        assert_eq!(noted.resubmitted_on(), day("2026-11-25"));
        // An approval taken back another day is Partner Center's word, but leads to no
        // second submission. A refusal ends the submission: sent again, the claim is
        // submitted anew, and Submitted on dates that submission (the refused one stays in
        // the history).
        let approved = lived(&[(Status::Submitted, "2026-12-01", ""), (Status::Approved, "2026-12-06", ""), (Status::Submitted, "2026-12-07", "")]);
        assert_eq!(approved.resubmitted_on(), None);
        let mut rejected = Lifecycle::default();
        rejected.set_status(Status::Submitted, "2026-12-01", "");
        rejected.set_status(Status::Rejected, "2026-12-10", "");
        rejected.unlocked = true;
        rejected.set_status(Status::Preparing, "2026-12-10", "");
        rejected.set_status(Status::Submitted, "2026-12-15", "");
        assert_eq!((rejected.resubmitted_on(), rejected.submitted_on.as_str()), (None, "2026-12-15"));
        assert_eq!(rejected.submission(crate::dates::parse_iso("2026-12-20").expect("date")), Some(day("2026-12-15")));
        assert_eq!(rejected.history.len(), 4);
        // Named after the first day only when later: a first day on or after it (typed
        // after the request) leaves one day to name.
        let mut asked = Lifecycle::default();
        asked.set_status(Status::Submitted, "2026-12-01", "");
        asked.set_status(Status::MoreInformation, "2026-12-10", "Add the list.");
        asked.set_status(Status::Submitted, "2026-12-15", "");
        for (first, again) in [("2026-12-01", day("2026-12-15")), ("2026-12-15", None), ("2026-12-16", None)] {
            assert_eq!(day(first).and_then(|first| asked.resubmitted_after(first)), again, "{first}");
        }
    }

    #[test]
    fn submitted_on_after_partner_center_answered_is_a_slip_and_leaves_the_history_in_order() {
        let today = crate::dates::parse_iso("2026-12-20").expect("date");
        let mut life = Lifecycle::default();
        life.set_status(Status::Submitted, "2026-12-01", "");
        life.set_status(Status::MoreInformation, "2026-12-05", "Add the list.");
        life.set_status(Status::Submitted, "2026-12-08", "");
        // Typed after the request it answered: said, and the history keeps its order.
        life.set_submitted_on("2026-12-06".into(), "2026-12-20");
        let days: Vec<&str> = life.history.iter().map(|change| change.on.as_str()).collect();
        assert_eq!(days, ["2026-12-01", "2026-12-05", "2026-12-08"]);
        let answered = crate::dates::parse_iso("2026-12-05");
        assert_eq!(life.submitted_on_slip(today, None, None), answered.map(SubmittedOnSlip::AfterLaterChange));
        assert_eq!(life.submission(today), Some(crate::dates::parse_iso("2026-12-01")), "said on its field; the history's day is the page's");
        // The day Partner Center answered is still one the claim can have gone in.
        life.set_submitted_on("2026-12-05".into(), "2026-12-20");
        assert_eq!((life.history[0].on.as_str(), life.submitted_on_slip(today, None, None)), ("2026-12-05", None));
        // A status chosen by mistake and taken back: the submission after it is the one
        // dated, and the history before it does not make its day a slip.
        let mut slip = Lifecycle::default();
        slip.set_status(Status::Submitted, "2026-11-20", "");
        slip.unlocked = true;
        slip.set_status(Status::Preparing, "2026-11-20", "");
        // Its day typed before the status is chosen again dates it, as a first submission's.
        slip.set_submitted_on("2026-12-08".into(), "2026-12-20");
        slip.set_status(Status::Submitted, "2026-12-10", "");
        assert_eq!(slip.history[2].on, "2026-12-08");
        slip.set_submitted_on("2026-12-09".into(), "2026-12-20");
        let days: Vec<(Status, &str)> = slip.history.iter().map(|change| (change.status, change.on.as_str())).collect();
        assert_eq!(days, [(Status::Submitted, "2026-11-20"), (Status::Preparing, "2026-11-20"), (Status::Submitted, "2026-12-09")]);
        assert_eq!(slip.submitted_on_slip(today, None, None), None);
        slip.set_status(Status::Approved, "2026-12-15", "");
        slip.set_submitted_on("2026-12-16".into(), "2026-12-20");
        assert_eq!(slip.submitted_on_slip(today, None, None), crate::dates::parse_iso("2026-12-15").map(SubmittedOnSlip::AfterLaterChange));
        assert_eq!(slip.history[2].on, "2026-12-09");
    }
}
