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
        line(format!("DTSTART;VALUE=DATE:{}", dates::compact(event.date)));
        line(format!("DTEND;VALUE=DATE:{}", dates::compact(dates::add_days(event.date, 1))));
        line(format!("SUMMARY:{}", escape(&event.summary)));
        line(format!("DESCRIPTION:{}", escape(&event.description)));
        line("TRANSP:TRANSPARENT".into());
        if let Some(days) = event.alarm_days_before {
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
        let french = [CalendarEvent { uid: "f@coop-claim-preflight".into(), date: date("2027-02-14"), summary: "Date limite Co-op\u{a0}: Webinaire".into(), description: "12\u{a0}février\u{202f}!".into(), alarm_days_before: None }];
        let text = calendar(&french, stamp);
        assert!(text.contains("SUMMARY:Date limite Co-op : Webinaire\r\n") && text.contains("DESCRIPTION:12 février !\r\n"), "{text}");
    }
}
