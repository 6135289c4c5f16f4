//! Co-op Claim Preflight: prepare a Microsoft Co-op reimbursement claim in the browser.
//!
//! The core is plain Rust with no browser in it, so it runs and is tested natively:
//!
//! - [`claim`]: the claim as data ([`claim::Claim`]) and its edits ([`claim::Edit`]).
//! - [`claims`]: the list of the partner's claims, most urgent deadline first.
//! - [`profile`]: the program's numbers and activity catalog, as data ([`profile::Profile`]).
//! - [`dates`]: deadline math; `today` is always a parameter.
//! - [`advice`]: what the Dates card advises as of today (never a date in the past).
//! - [`money`]: exact amounts in minor units, and reading what partners type.
//! - [`rules`]: completeness checks ([`rules::review`] → [`rules::Review`] of
//!   [`rules::Finding`]s with stable [`rules::Code`]s).
//! - [`i18n`]: message catalogs (data) and locale formatting.
//! - [`example`]: the example claim a newcomer loads with one click.
//! - [`evidence`]: the document reader: what each file is by its bytes, PDF health.
//! - [`lifecycle`]: a claim after its package: status, history, lock, archive.
//!
//! The shell, compiled for wasm32 only: [`ui`] (Yew components and the one reducer) and
//! [`browser`] (adapters for the clock, the browser's languages and the DOM focus).

pub mod advice;
pub mod claim;
pub mod claims;
pub mod dates;
pub mod evidence;
pub mod example;
pub mod hashing;
pub mod i18n;
pub mod lifecycle;
pub mod locale;
pub mod money;
pub mod package;
pub mod periods;
pub mod profile;
pub mod register;
pub mod rules;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod ui;
