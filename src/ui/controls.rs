//! Leaf form controls: a native control with its visible label, an optional hint and an
//! inline error tied to it with `aria-describedby`. They take values and emit strings.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Says `words` once, when `when` changes: for a notice that comes on the page with its
/// words. A live region inserted with its text is not read by every screen reader, one
/// whose text changes as a field is typed is read at every key, and one re-rendered in
/// another language is read again long after: the notice itself is no live region.
/// Empty `words`: nothing said. (`when` is text: one hook in the page, not one per kind
/// of key.)
#[hook]
pub fn use_said(when: String, words: String) {
    use_effect_with(when, move |_| {
        if !words.is_empty() {
            crate::browser::say(&words);
        }
    });
}

/// A button's click that acts once. The second click of a double click lands on what
/// took the button's place (the claim row moved up into it; Restore where Archive was,
/// Lock again where Edit anyway was) and would act on it, undoing the first. A key
/// (`detail` 0) acts.
pub fn single_click(act: impl Fn() + 'static) -> Callback<MouseEvent> {
    Callback::from(move |event: MouseEvent| {
        if event.detail() <= 1 {
            act()
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct TextInputProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// How the page read what was typed (an amount: "Read as $1,234.50"), so that a
    /// misreading shows where it happens.
    #[prop_or_default]
    pub reading: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    /// For a date: what to say while the browser holds a date it cannot give (02/30/2026,
    /// or a date not typed in full), which reaches `oninput` as "".
    #[prop_or_default]
    pub not_a_date: Option<AttrValue>,
    /// Told whether the field holds such a date (with its value ""), each time that
    /// changes: Checks then says so rather than "empty".
    #[prop_or_default]
    pub onbaddate: Option<Callback<bool>>,
    /// What Checks says of this field (see `claim_form::field_flags`).
    #[prop_or_default]
    pub flags: (Option<AttrValue>, bool),
    /// While the field has the keyboard, it shows what was typed in it, not `value`: for
    /// a value that stands in for an empty entry (an invoice fact cleared shows what was
    /// read from the file; a line number that names no line shows none), which, put back
    /// under the caret, had the next keys appended to it (`4,000.003500`).
    #[prop_or_default]
    pub keep_typed: bool,
    pub oninput: Callback<String>,
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    described_by_all(id, &[(hint, "hint"), (error, "error")])
}

fn described_by_all(id: &str, parts: &[(bool, &str)]) -> Option<String> {
    let ids: Vec<String> = parts
        .iter()
        .filter(|(present, _)| *present)
        .map(|(_, suffix)| format!("{id}-{suffix}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The ids a field is described by, and the findings of Checks that name it.
fn with_findings(own: Option<String>, findings: &Option<AttrValue>) -> Option<String> {
    match (own, findings) {
        (Some(own), Some(findings)) => Some(format!("{own} {findings}")),
        (own, findings) => own.or_else(|| findings.as_ref().map(|ids| ids.to_string())),
    }
}

fn hint_and_error(id: &str, hint: &Option<AttrValue>, error: &Option<AttrValue>) -> Html {
    html! {
        <>
            if let Some(hint) = hint { <span class="hint" id={format!("{id}-hint")}>{ hint.clone() }</span> }
            if let Some(error) = error { <span class="field-error" id={format!("{id}-error")}>{ error.clone() }</span> }
        </>
    }
}

/// A field's visible label; a required field's is followed by a mark (explained above
/// the form, `ui.required`) outside the label and hidden from the accessibility tree,
/// where `aria-required` says it: the field's name stays its label, word for word.
fn label(id: &AttrValue, text: &AttrValue, required: bool) -> Html {
    let label = html! { <label for={id.clone()}>{ text.clone() }</label> };
    if required {
        html! { <span class="label-line">{ label }<span class="required" aria-hidden="true">{ "*" }</span></span> }
    } else {
        label
    }
}

/// What a date field says of a date that does not exist: for [`TextInputProps::not_a_date`]
/// of a field of `kind` "date" (`None` for any other kind).
pub fn not_a_date(catalog: &crate::i18n::Catalog, kind: &str, label: &str) -> Option<AttrValue> {
    (kind == "date").then(|| AttrValue::from(catalog.format_with("ui.date.not-a-date", &[("field", label)])))
}

/// Whether the browser holds typed text it cannot give as a value: a date field showing
/// 02/30/2026, or a date not typed in full, has the value "".
fn bad_input(input: &HtmlInputElement) -> bool {
    js_sys::Reflect::get(input, &"validity".into()).and_then(|validity| js_sys::Reflect::get(&validity, &"badInput".into())).is_ok_and(|bad| bad.is_truthy())
}

#[component]
pub fn TextInput(props: &TextInputProps) -> Html {
    // A date the calendar does not have (or not typed in full) reaches the claim as no
    // date; the field says what is wrong, rather than "empty", until a date is there.
    // The browser tells of it on input when a date was there before, and only on leaving
    // the field when it was empty (its value stays "": no input event); leaving it also
    // clears the message once the field is emptied part by part. A field of another claim
    // is another component (the callers key it by claim), so nothing carries over.
    let bad = use_state_eq(|| false);
    // What was typed, while the field has the keyboard ([`TextInputProps::keep_typed`]).
    let typed = use_state_eq(|| None::<String>);
    let oninput = {
        let (bad, typed, keep, oninput) = (bad.clone(), typed.clone(), props.keep_typed, props.oninput.clone());
        Callback::from(move |event: InputEvent| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            bad.set(bad_input(&input));
            if keep {
                typed.set(Some(input.value()));
            }
            oninput.emit(input.value());
        })
    };
    let onfocusout = (props.not_a_date.is_some() || props.keep_typed).then(|| {
        let (bad, typed) = (bad.clone(), typed.clone());
        Callback::from(move |event: FocusEvent| {
            bad.set(bad_input(&event.target_unchecked_into::<HtmlInputElement>()));
            // The window left (the partner looks at the invoice in another one): the
            // field gets the keyboard back with the window, what was typed still in it.
            let window_left = web_sys::window().and_then(|window| window.document()).is_some_and(|document| !document.has_focus().unwrap_or(true));
            if !window_left {
                typed.set(None);
            }
        })
    });
    let value = typed.as_ref().filter(|_| props.keep_typed).map_or_else(|| props.value.clone(), |typed| AttrValue::from(typed.clone()));
    let not_a_date = *bad && props.value.is_empty();
    {
        let onbaddate = props.onbaddate.clone();
        use_effect_with(not_a_date, move |not_a_date| {
            if let Some(onbaddate) = onbaddate {
                onbaddate.emit(*not_a_date);
            }
        });
    }
    let error = if not_a_date { props.not_a_date.clone().or_else(|| props.error.clone()) } else { props.error.clone() };
    let id = props.id.to_string();
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            { label(&props.id, &props.label, props.required) }
            <input id={props.id.clone()} type={props.kind.clone()} {value} {oninput} {onfocusout}
                inputmode={props.inputmode.clone()} autocomplete={props.autocomplete.clone().unwrap_or(AttrValue::Static("off"))}
                aria-required={props.required.then_some("true")}
                aria-invalid={(error.is_some() || props.flags.1).then_some("true")}
                aria-describedby={with_findings(described_by_all(&id, &[(props.hint.is_some(), "hint"), (props.reading.is_some(), "reading"), (error.is_some(), "error")]), &props.flags.0)} />
            if let Some(hint) = &props.hint { <span class="hint" id={format!("{id}-hint")}>{ hint.clone() }</span> }
            if let Some(reading) = &props.reading { <span class="read-as" id={format!("{id}-reading")}>{ reading.clone() }</span> }
            if let Some(error) = error { <span class="field-error" id={format!("{id}-error")}>{ error }</span> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextAreaProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// What Checks says of this field (see `claim_form::field_flags`).
    #[prop_or_default]
    pub flags: (Option<AttrValue>, bool),
    pub oninput: Callback<String>,
}

#[component]
pub fn TextArea(props: &TextAreaProps) -> Html {
    let oninput = props.oninput.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let id = props.id.to_string();
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <textarea id={props.id.clone()} value={props.value.clone()} {oninput} rows="2"
                aria-invalid={props.flags.1.then_some("true")}
                aria-describedby={with_findings(described_by(&id, props.hint.is_some(), false), &props.flags.0)} />
            { hint_and_error(&id, &props.hint, &None) }
        </div>
    }
}

/// A select's options as (value, label).
pub type Options = Vec<(String, String)>;

/// Options of a select, optionally in labelled groups.
#[derive(Clone, PartialEq, Default)]
pub struct Choices {
    pub groups: Vec<(Option<String>, Options)>,
}

impl Choices {
    pub fn flat(options: Vec<(String, String)>) -> Choices {
        Choices { groups: vec![(None, options)] }
    }
}

/// Choices longer than this (in characters) are written out below a narrow select: one
/// of the claim's form (as wide as the column at 320 px, about 22 characters shown:
/// "Customer seminar or webinar", 27, was cut there and not written out).
const LONG_CHOICE: usize = 20;

/// The same, for a select that shares a card's row with another (a document's type and
/// cost line, narrower: "2. Email invitation campaign", 28 characters, was cut at 360 px).
pub const LONG_CHOICE_IN_ROW: usize = 20;

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub choices: Choices,
    /// The text of an empty first option, when nothing need be chosen yet.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Choices longer than this are written out below the select on a narrow screen.
    #[prop_or(LONG_CHOICE)]
    pub long_choice: usize,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    /// What Checks says of this field (see `claim_form::field_flags`).
    #[prop_or_default]
    pub flags: (Option<AttrValue>, bool),
    /// Hold a choice made with the arrow keys until the select is left (see [`Select`]).
    #[prop_or_default]
    pub hold_keys: bool,
    /// What a held choice is of (the claim on the page): one held for another is dropped,
    /// never committed to this one (another claim can come on the page while the select
    /// keeps the keyboard: a package opened, the claim deleted in another tab).
    #[prop_or_default]
    pub scope: AttrValue,
    pub onchange: Callback<String>,
}

/// A choice. Browsers on Windows and Linux change a closed select at each arrow key (and
/// at each letter typed), with a `change` each time: a partner looking through the
/// statuses with ↓ would record each one (a dated history entry, a lock at Submitted).
/// With `hold_keys`, a choice made by those keys is held, and shown, until the partner
/// leaves the select or presses Enter; one made with the pointer or in the opened list
/// counts at once. Only where a choice writes a record or changes other fields (a status;
/// the claim's currency, which its cost lines in that currency follow, so that passing
/// another line's currency would take that line along; an earning period, which writes
/// the usage dates): a held choice that changes the page when the select is left
/// (Checks growing above Build package) moves what the pointer was pressing, and its
/// click is lost.
#[component]
pub fn Select(props: &SelectProps) -> Html {
    // The choice held, with what it is of ([`SelectProps::scope`]).
    let holding = use_state(|| None::<(AttrValue, String)>);
    let held: Option<String> = holding.as_ref().filter(|(scope, _)| *scope == props.scope).map(|(_, value)| value.clone());
    let browsing = use_mut_ref(|| false);
    let select = use_node_ref();
    let onkeydown = props.hold_keys.then(|| {
        let (browsing, holding, held, commit) = (browsing.clone(), holding.clone(), held.clone(), props.onchange.clone());
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            let moves = matches!(key.as_str(), "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown");
            let types = key.chars().count() == 1 && key != " " && !event.ctrl_key() && !event.meta_key();
            *browsing.borrow_mut() = (moves && !event.alt_key()) || types;
            if key == "Enter" {
                holding.set(None);
                if let Some(value) = held.clone() {
                    commit.emit(value);
                }
            }
        })
    });
    let onpointerdown = props.hold_keys.then(|| {
        let browsing = browsing.clone();
        Callback::from(move |_: PointerEvent| *browsing.borrow_mut() = false)
    });
    let onchange = {
        let (browsing, holding, commit, scope) = (browsing.clone(), holding.clone(), props.onchange.clone(), props.scope.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            if *browsing.borrow() {
                holding.set(Some((scope.clone(), value)));
            } else {
                holding.set(None);
                commit.emit(value);
            }
        })
    };
    let onblur = props.hold_keys.then(|| {
        let (holding, held, commit) = (holding.clone(), held.clone(), props.onchange.clone());
        Callback::from(move |_: FocusEvent| {
            holding.set(None);
            if let Some(value) = held.clone() {
                commit.emit(value);
            }
        })
    });
    // A held choice counts if the page is closed or reloaded first, so that a choice
    // shown is not lost: the listener is added when the select is first shown, before the
    // page's own `pagehide` (which keeps what is not saved yet) is listened to.
    let latest = use_mut_ref(|| (None::<String>, props.onchange.clone()));
    *latest.borrow_mut() = (held.clone(), props.onchange.clone());
    {
        let (latest, hold) = (latest.clone(), props.hold_keys);
        use_effect_with((), move |_| {
            let listener = hold.then(|| {
                wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    let (held, commit) = latest.borrow().clone();
                    if let Some(value) = held {
                        commit.emit(value);
                    }
                })
            });
            if let (Some(window), Some(listener)) = (web_sys::window(), &listener) {
                let _ = window.add_event_listener_with_callback("pagehide", wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()));
            }
            move || {
                if let (Some(window), Some(listener)) = (web_sys::window(), &listener) {
                    let _ = window.remove_event_listener_with_callback("pagehide", wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()));
                }
            }
        });
    }
    let shown = held.as_deref().unwrap_or(props.value.as_str()).to_string();
    // The value set as a property after each render: once the partner changed a select,
    // the `selected` attribute no longer moves it (the claim opened after another showed
    // the other's status).
    // Only a value one of its options has: another would leave the select blank, where
    // the browser shows its first option.
    let offered = (props.placeholder.is_some() && shown.is_empty()) || props.choices.groups.iter().any(|(_, options)| options.iter().any(|(value, _)| *value == shown));
    {
        // A value no option has shows the placeholder, if there is one: a choice to make
        // (a claim's currency the program does not have), not another value as if chosen.
        let set = if offered { Some(shown.clone()) } else { props.placeholder.is_some().then(String::new) };
        let select = select.clone();
        use_effect(move || {
            if let (Some(select), Some(set)) = (select.cast::<HtmlSelectElement>(), set) {
                if select.value() != set {
                    select.set_value(&set);
                }
            }
        });
    }
    let id = props.id.to_string();
    // A long choice is cut by a narrow select (an earning period's words at 320 px): the
    // chosen one is written out below it there (the select itself says it to a screen
    // reader, so this copy is hidden from one).
    let chosen = props
        .choices
        .groups
        .iter()
        .flat_map(|(_, options)| options.iter())
        .find(|(value, _)| *value == shown)
        .map(|(_, label)| label.clone())
        .or_else(|| props.placeholder.as_ref().filter(|_| shown.is_empty()).map(|placeholder| placeholder.to_string()))
        .filter(|label| label.chars().count() > props.long_choice);
    let option = |(value, label): &(String, String)| {
        html! { <option value={value.clone()} selected={*value == shown}>{ label.clone() }</option> }
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("invalid"))}>
            { label(&props.id, &props.label, props.required) }
            <select id={props.id.clone()} ref={select} {onchange} {onkeydown} {onpointerdown} {onblur}
                aria-required={props.required.then_some("true")}
                aria-invalid={(props.error.is_some() || props.flags.1).then_some("true")}
                aria-describedby={with_findings(described_by(&id, props.hint.is_some(), props.error.is_some()), &props.flags.0)}>
                if let Some(placeholder) = &props.placeholder {
                    <option value="" selected={shown.is_empty()}>{ placeholder.clone() }</option>
                }
                <>{ for props.choices.groups.iter().map(|(group, options)| match group {
                    Some(group) => html! { <optgroup label={group.clone()}>{ for options.iter().map(option) }</optgroup> },
                    None => html! { <>{ for options.iter().map(option) }</> },
                }) }</>
            </select>
            if let Some(chosen) = chosen {
                <span class="select-chosen" aria-hidden="true">{ chosen }</span>
            }
            { hint_and_error(&id, &props.hint, &props.error) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SectionHelpProps {
    /// The section's name: its help texts are `help.<section>` in the catalogs, its
    /// links the profile's help links for it.
    pub section: &'static str,
}

/// A short help on the section's subject, opened on request; links to Microsoft's own
/// pages open only when followed, in a new tab.
#[component]
pub fn SectionHelp(props: &SectionHelpProps) -> Html {
    let store = crate::ui::store::use_store();
    let section = props.section;
    let heading = store.t(&format!("ui.section.{section}"));
    let body = store.catalog.with_profile(&format!("help.{section}"), &store.profile);
    let lang = store.catalog.lang();
    let links: Vec<_> = store.profile.help_links.iter().filter(|link| link.section == section).collect();
    html! {
        <details class="section-help">
            <summary>{ store.catalog.format_with("ui.help.about", &[("section", &heading)]) }</summary>
            { for body.split("\n\n").map(|paragraph| html! { <p>{ paragraph.to_string() }</p> }) }
            if !links.is_empty() {
                <ul class="help-links">
                    { for links.iter().map(|link| html! {
                        <li>
                            // That it opens a new tab is part of its name: heard with it
                            // in a list of links, or tabbed to.
                            <a href={link.url.clone()} target="_blank" rel="noopener noreferrer">{ link.name.get(lang).to_string() }<span class="visually-hidden">{ format!(" ({})", store.t("ui.help.new-tab")) }</span></a>
                        </li>
                    }) }
                </ul>
            }
        </details>
    }
}

/// Rows a long list renders at first, and adds with each "Show more": a claim of thousands
/// of lines or documents must not block the page while it renders them all.
pub const PAGE: usize = 100;

/// The lists that render their first rows only (documents, cost lines), each with how
/// many it shows: a finding of a row not shown yet shows it first ([`reveal`]).
#[derive(Clone, Copy)]
pub enum Rows {
    Documents,
    CostLines,
}

/// Rows a list shows on their own, past its first rows and Show more, by id, for the
/// claim of this key: a line added, or a row a finding leads to, far down a claim of
/// thousands (showing every row up to it rendered 10,001 rows, and froze the page for
/// ten seconds).
pub type Apart = (String, Vec<u32>);

/// The ids a list shows apart ([`Apart`]) for the claim of `key`.
fn apart_of<'a>(apart: &'a Apart, key: &str) -> &'a [u32] {
    if apart.0 == key { &apart.1 } else { &[] }
}

/// The rows of `rows` (each with its place, and its id by `id_of`) a list shows apart:
/// past the first `shown`, and named by `apart` for the claim of `key`.
pub fn apart_rows<'a, T>(rows: &'a [T], shown: usize, apart: &Apart, key: &str, id_of: impl Fn(&T) -> u32) -> Vec<(usize, &'a T)> {
    let ids = apart_of(apart, key);
    if ids.is_empty() {
        return Vec::new();
    }
    rows.iter().enumerate().skip(shown).filter(|(_, row)| ids.contains(&id_of(row))).collect()
}

/// `apart` with `id` shown apart too, for the claim of `key`.
pub fn with_apart(apart: &Apart, key: &str, id: u32) -> Apart {
    let mut ids = apart_of(apart, key).to_vec();
    if !ids.contains(&id) {
        ids.push(id);
    }
    (key.to_string(), ids)
}

type Shown = (UseStateHandle<usize>, UseStateHandle<Apart>);

thread_local! {
    static SHOWN: std::cell::RefCell<[Option<Shown>; 2]> = const { std::cell::RefCell::new([None, None]) };
}

/// How many rows of the claim of `key` a list shows: `shown`, for the claim it was counted
/// for; another claim opened starts at its first page (it showed as many rows as the claim
/// before it, thousands at once). (Not by keying the list with the claim: its file field,
/// its dialog open as another claim comes, would go with it, and the files picked too.)
#[hook]
pub fn use_rows_of_claim(shown: &UseStateHandle<usize>, key: &str) -> usize {
    let counted_for = use_mut_ref(String::new);
    let count = if *counted_for.borrow() == key { **shown } else { PAGE };
    let (shown, counted_for) = (shown.clone(), counted_for.clone());
    use_effect_with(key.to_string(), move |key| {
        if *counted_for.borrow() != *key {
            *counted_for.borrow_mut() = key.clone();
            if *shown != PAGE {
                shown.set(PAGE);
            }
        }
    });
    count
}

/// Called by a list as it renders: how many rows it shows, and which apart, which
/// [`reveal`] may change.
pub fn register_rows(rows: Rows, shown: &UseStateHandle<usize>, apart: &UseStateHandle<Apart>) {
    SHOWN.with(|lists| lists.borrow_mut()[rows as usize] = Some((shown.clone(), apart.clone())));
}

/// Shows the row at `index` (of id `id`, of the claim of `key`), so that a finding's
/// field there can take the focus: the next page of rows when it is on it, else the row
/// apart.
pub fn reveal(rows: Rows, index: usize, id: u32, key: &str) {
    SHOWN.with(|lists| {
        if let Some((shown, apart)) = &lists.borrow()[rows as usize] {
            if index < **shown {
                return;
            }
            if index < **shown + PAGE {
                shown.set((index / PAGE + 1) * PAGE);
            } else {
                apart.set(with_apart(apart, key, id));
            }
        }
    });
}

/// The class of a list of rows long enough that rows out of view skip their layout
/// (`content-visibility`): skipped, a row is out of the accessibility tree too, and a
/// screen reader's list of fields or headings would miss it; a short list keeps them all.
pub fn long_list(rows: usize) -> Option<&'static str> {
    (rows > 20).then_some("long")
}

/// How many more rows "Show more" shows of a list of `total` rows of which the first
/// `shown` are rendered.
pub fn next_rows(shown: usize, total: usize) -> usize {
    PAGE.min(total.saturating_sub(shown))
}

/// Whether the claim's controls are out of reach: another tab edits it, or it is
/// submitted (locked). Their fieldsets are disabled; Show more is left out of them.
pub fn locked(store: &crate::ui::store::State) -> bool {
    !store.editable() || store.claim.lifecycle.locked()
}

/// The "Show more" button of a list that renders `shown` of its `total` rows, pressed to
/// show `next` more ([`next_rows`], or fewer where some rows past `shown` are rendered
/// anyway), or nothing when none is left. `key` is its catalog message (a count `n` and
/// the `total`). The keyboard goes on to `focus`, the first row it shows (the button
/// may go): its first field, or on a locked claim, whose fields are out of reach, its
/// heading or file.
pub fn show_more(store: &crate::ui::store::State, shown: &UseStateHandle<usize>, total: usize, next: usize, key: &str, focus: Option<String>) -> Html {
    if next == 0 {
        return Html::default();
    }
    let onclick = {
        let shown = shown.clone();
        Callback::from(move |_| {
            shown.set(*shown + PAGE);
            if let Some(id) = focus.clone() {
                crate::browser::focus_soon(id);
            }
        })
    };
    let label = store.catalog.count(key, next, &[("total", &store.catalog.number(total as i64))]);
    html! { <button type="button" {onclick}>{ label }</button> }
}

/// "“name” was removed. Undo": what the page says of a document or a cost line removed
/// last. Undo sends `undo` and moves the keyboard to `focus` (the thing brought back).
pub fn removed_notice(store: &crate::ui::store::Store, said: &str, name: &str, undo_id: &'static str, undo: crate::session::Event, focus: String) -> Html {
    // Once for a double click: the notice of the one removed before takes its place, and
    // the second click would bring that one back too.
    let onclick = {
        let store = store.clone();
        single_click(move || {
            crate::ui::effects::send(&store, undo.clone());
            crate::browser::focus_soon(focus.clone());
        })
    };
    html! {
        <p class="claim-deleted">
            { store.catalog.format_with(said, &[("name", name)]) }
            { " " }
            <button type="button" id={undo_id} {onclick}
                aria-label={store.catalog.format_with("ui.documents.undo-remove", &[("name", name)])}>{ store.t("claims.undo") }</button>
        </p>
    }
}
