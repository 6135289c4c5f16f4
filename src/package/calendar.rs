//! `deadlines.ics`: the claim deadline and the end of record retention as all-day events
//! (RFC 5545), so the partner's calendar reminds them.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::dates;

pub struct CalendarEvent {
    /// Stable within a claim, so that importing a newer package updates the event.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    /// Days before the date at which to remind, if any.
    pub alarm_days_before: Option<u32>,
    /// Withdrawn (`STATUS:CANCELLED`, no alarm): a deadline reminder imported before the
    /// claim was submitted is taken back by the next file imported, not left to ring.
    pub cancelled: bool,
}

/// A claim's events: its deadline while it awaits submission (withdrawn once it has
/// gone in or is put away), and its retention end. Named by its calendar key, so that a
/// newer file, the package's or the register's, moves them rather than adds others.
pub fn claim_events(key: &str, claim: &crate::claim::Claim, review: &crate::rules::Review, catalog: &crate::i18n::Catalog, profile: &crate::profile::Profile) -> Vec<CalendarEvent> {
    // An untitled claim's events say so, as the list and the file name do.
    let title = catalog.claim_title(&claim.title);
    let mut events = Vec::new();
    if let Some(deadline) = &review.dates.claim_deadline {
        let effective = deadline.effective();
        let cancelled = !claim.lifecycle.awaits_submission();
        // Passed as the file is made, the deadline rings no more (a calendar may ring a
        // reminder of the past as it is imported) and says what the Dates card says.
        let passed = review.today > effective;
        events.push(CalendarEvent {
            uid: format!("{key}-claim-deadline@coop-claim-preflight"),
            date: effective,
            // Withdrawn, said in its title too: calendars that ignore `STATUS:CANCELLED`
            // (Outlook's) show it as any event, and its title is all a day's view shows.
            summary: catalog.format_with(if cancelled { "calendar.deadline.withdrawn-summary" } else { "calendar.deadline" }, &[("title", &title)]),
            description: if cancelled {
                catalog.text("calendar.deadline.withdrawn").to_string()
            } else if passed && review.today <= deadline.accepted_until() {
                catalog.format_with("ui.dates.passed-before-close", &[("date", &catalog.date(deadline.accepted_until()))])
            } else if passed {
                catalog.text("ui.dates.passed").to_string()
            } else {
                catalog.format_with("calendar.deadline.description", &[("date", &catalog.date(crate::dates::business_day_before(effective)))])
            },
            alarm_days_before: (!cancelled && !passed).then_some(profile.deadline_warning_days),
            cancelled,
        });
    }
    if let Some(retention_end) = review.dates.retention_end {
        events.push(CalendarEvent {
            uid: format!("{key}-retention-end@coop-claim-preflight"),
            date: retention_end,
            summary: catalog.format_with("calendar.retention", &[("title", &title)]),
            description: catalog.text("calendar.retention.description").to_string(),
            alarm_days_before: None,
            cancelled: false,
        });
    }
    events
}

/// The version of every event of a file made at `stamp_utc` (UTC): its minutes since
/// 2020, so that a file made later is newer for the calendar (RFC 5545 §3.8.7.4), which
/// then takes its events over those imported before, a withdrawn one included.
fn sequence(stamp_utc: NaiveDateTime) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(2020, 1, 1).and_then(|day| day.and_hms_opt(0, 0, 0)).unwrap_or_default();
    (stamp_utc - epoch).num_minutes().max(0)
}

/// Escapes TEXT values: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
/// The no-break spaces of French typography and of dates are plain spaces here: an event
/// is searched for in a calendar by typing, and a typed space finds no no-break one.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{a0}' | '\u{202f}' => out.push(' '),
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The calendar file; `stamp_utc` (when it was made, in UTC) is every event's `DTSTAMP`,
/// which RFC 5545 §3.8.7.2 requires in UTC: hence the `Z`.
pub fn calendar(events: &[CalendarEvent], stamp_utc: NaiveDateTime) -> String {
    let stamp = stamp_utc;
    let mut out = String::new();
    let mut line = |text: String| fold(&text, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Co-op Claim Preflight//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    for event in events {
        line("BEGIN:VEVENT".into());
        // No line break or other control can end the line early and add to the event.
        line(format!("UID:{}", event.uid.chars().filter(|c| !c.is_control()).collect::<String>()));
        line(format!("DTSTAMP:{}T{:02}{:02}{:02}Z", dates::compact(stamp.date()), stamp.hour(), stamp.minute(), stamp.second()));
        line(format!("SEQUENCE:{}", sequence(stamp)));
        line(format!("DTSTART;VALUE=DATE:{}", dates::compact(event.date)));
        line(format!("DTEND;VALUE=DATE:{}", dates::compact(dates::add_days(event.date, 1))));
        line(format!("SUMMARY:{}", escape(&event.summary)));
        line(format!("DESCRIPTION:{}", escape(&event.description)));
        line("TRANSP:TRANSPARENT".into());
        if event.cancelled {
            line("STATUS:CANCELLED".into());
        }
        if let Some(days) = event.alarm_days_before.filter(|_| !event.cancelled) {
            line("BEGIN:VALARM".into());
            line("ACTION:DISPLAY".into());
            line(format!("DESCRIPTION:{}", escape(&event.summary)));
            line(format!("TRIGGER:-P{days}D"));
            line("END:VALARM".into());
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        dates::parse_iso(text).expect("date")
    }

    #[test]
    fn all_day_events_with_escaped_folded_text() {
        let events = [CalendarEvent {
            uid: "abc-claim-deadline@coop-claim-preflight".into(),
            date: date("2019-02-14"),
            summary: "Claim deadline: Séminaire, Lyon; \"Q3\"".into(),
            description: "Submit by 2019-02-13.\nFunds not claimed are forfeited. ".repeat(3),
            alarm_days_before: Some(14),
            cancelled: false,
        }];
        let stamp = date("2018-12-01").and_hms_opt(9, 30, 0).expect("time"); // UTC
        let text = calendar(&events, stamp);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20190214\r\nDTEND;VALUE=DATE:20190215\r\n"));
        assert!(text.contains("DTSTAMP:20181201T093000Z\r\n"));
        assert!(text.contains("SUMMARY:Claim deadline: Séminaire\\, Lyon\\; \"Q3\"\r\n"));
        assert!(text.contains("TRIGGER:-P14D"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("Funds not claimed are forfeited. Submit by"), "{unfolded}");
        assert!(!text.replace("\r\n", "").contains('\n'), "bare line feeds");
        // French no-break spaces are plain in a calendar, where events are searched by typing.
        let french = [CalendarEvent { uid: "f@coop-claim-preflight".into(), date: date("2027-02-14"), summary: "Date limite Co-op\u{a0}: Webinaire".into(), description: "12\u{a0}février\u{202f}!".into(), alarm_days_before: None, cancelled: false }];
        let text = calendar(&french, stamp);
        assert!(text.contains("SUMMARY:Date limite Co-op : Webinaire\r\n") && text.contains("DESCRIPTION:12 février !\r\n"), "{text}");
    }

    /// A file made once the deadline passed (a package built anyway, the register's
    /// calendar) sets no reminder in the past, and says the deadline passed.
    #[test]
    fn a_deadline_passed_as_the_file_is_made_rings_no_reminder() {
        use crate::claim::{ClaimField, Edit};
        let profile = crate::profile::Profile::default_profile();
        let catalog = crate::i18n::Catalog::for_tag("en");
        // Usage ended 2026-06-30: the deadline is 2026-08-14.
        let event_on = |today: &str| {
            let today = date(today);
            let mut claim = crate::example::example_claim(today, &profile, "en", "USD");
            claim.apply(Edit::Set(ClaimField::UsageStart, "2026-01-01".into()), &profile);
            claim.apply(Edit::Set(ClaimField::UsageEnd, "2026-06-30".into()), &profile);
            let review = crate::rules::review(&claim, &profile, today);
            claim_events("k", &claim, &review, &catalog, &profile).into_iter().next().expect("the deadline")
        };
        let open = event_on("2026-08-01");
        assert_eq!(open.alarm_days_before, Some(profile.deadline_warning_days));
        assert!(open.description.starts_with("Submit"), "{}", open.description);
        let passed = event_on("2026-09-01");
        assert_eq!((passed.date, passed.alarm_days_before, passed.cancelled), (date("2026-08-14"), None, false));
        assert!(passed.description.starts_with("The deadline has passed"), "{}", passed.description);
        assert!(!calendar(&[passed], date("2026-09-01").and_hms_opt(9, 0, 0).expect("time")).contains("VALARM"));
    }

    #[test]
    fn a_withdrawn_event_is_cancelled_without_its_alarm_and_a_later_file_is_a_newer_version() {
        let event = |cancelled| CalendarEvent { uid: "k-claim-deadline@coop-claim-preflight".into(), date: date("2027-02-14"), summary: "Deadline".into(), description: String::new(), alarm_days_before: Some(14), cancelled };
        let (before, after) = (date("2026-12-01").and_hms_opt(9, 0, 0).expect("time"), date("2026-12-06").and_hms_opt(9, 1, 0).expect("time"));
        let first = calendar(&[event(false)], before);
        let second = calendar(&[event(true)], after);
        assert!(first.contains("TRIGGER:-P14D") && !first.contains("STATUS:CANCELLED"));
        assert!(second.contains("STATUS:CANCELLED\r\n") && !second.contains("VALARM"), "{second}");
        let sequence_of = |text: &str| text.lines().find_map(|line| line.strip_prefix("SEQUENCE:")).and_then(|n| n.parse::<i64>().ok()).expect("SEQUENCE");
        assert!(sequence_of(&second) > sequence_of(&first));
        assert_eq!(sequence_of(&calendar(&[event(false)], date("2020-01-01").and_hms_opt(0, 1, 0).expect("time"))), 1);
    }
}
