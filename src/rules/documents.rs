//! Rules on the documents a claim lists, PRODUCT.md §2 "A successful claim includes".

use crate::claim::{CostType, DocType, Document, DocumentField};
use std::collections::HashSet;

use crate::claim::{CostLineField, CostLineId};
use crate::rules::{Arg, Code, Context, Finding, Target};

fn of_type<'a>(context: &Context<'a>, doc_type: DocType) -> impl Iterator<Item = &'a Document> {
    context.claim.documents.iter().filter(move |document| document.doc_type == Some(doc_type))
}

/// `DOC-CORE-REQUIREMENTS`: no document shows that the activity met its core requirements.
pub fn core_requirements(context: &Context, findings: &mut Vec<Finding>) {
    if of_type(context, DocType::CoreRequirements).next().is_none() {
        findings.push(Finding::new(Code::DocCoreRequirements, Target::Documents));
    }
}

/// `DOC-INVOICE`: a third-party cost line has no invoice linked to it.
pub fn invoice(context: &Context, findings: &mut Vec<Finding>) {
    let invoiced: HashSet<CostLineId> = of_type(context, DocType::Invoice).filter_map(|document| document.cost_line).collect();
    for (position, line) in context.claim.cost_lines.iter().enumerate() {
        if line.cost_type == CostType::ThirdParty && !invoiced.contains(&line.id) {
            findings.push(
                Finding::new(Code::DocInvoice, Target::CostLine(line.id, CostLineField::Description))
                    .with("line", Arg::Number(position as i64 + 1))
                    // In brackets after the number, when the line has one: "Cost line 1 ()"
                    // said nothing.
                    .with("description", Arg::Text(match line.description.trim() {
                        "" => String::new(),
                        description => format!(" ({description})"),
                    })),
            );
        }
    }
}

/// `INVOICE-UNLINKED` (warning; our addition to PRODUCT.md §2.1): an invoice pays for no
/// cost line of the claim. Removing a cost line unlinks its invoices, and an invoice may
/// never have been linked; either way its Cost line choice went back to "Choose the cost
/// line" without a word.
///
/// A code of its own rather than `DOC-INVOICE`: that one is about a cost line that lacks
/// its invoice and points to the line, which here may be gone; this one points to the
/// invoice's Cost line choice, where the fix is. A warning, not a blocker: an invoice too
/// many does not make Partner Center reject a claim, but one that supports no claimed cost
/// invites a question, and a line removed by mistake also lowers the supported total
/// (`AMOUNT-UNSUPPORTED`, a blocker).
pub fn invoice_unlinked(context: &Context, findings: &mut Vec<Finding>) {
    // A set, not a search per invoice: a thousand invoices and lines stay linear.
    let lines: HashSet<CostLineId> = context.claim.cost_lines.iter().map(|line| line.id).collect();
    for document in of_type(context, DocType::Invoice) {
        if !document.cost_line.is_some_and(|line| lines.contains(&line)) {
            findings.push(
                Finding::new(Code::InvoiceUnlinked, Target::Document(document.id, DocumentField::CostLine))
                    .with("file", Arg::Text(document.file_name.clone())),
            );
        }
    }
}

/// `DOC-CSR`: in-house work needs a Certification Statement and Report.
pub fn csr(context: &Context, findings: &mut Vec<Finding>) {
    let has_in_house = context.claim.cost_lines.iter().any(|line| line.cost_type == CostType::InHouse);
    if has_in_house && of_type(context, DocType::Csr).next().is_none() {
        findings.push(Finding::new(Code::DocCsr, Target::Documents));
    }
}

/// `DOC-POE`: no proof of execution at all.
pub fn proof_of_execution(context: &Context, findings: &mut Vec<Finding>) {
    if of_type(context, DocType::ProofOfExecution).next().is_none() {
        findings.push(Finding::new(Code::DocPoe, Target::Documents));
    }
}

/// `POE-ITEM-MISSING`: a proof item the activity type requires (PRODUCT.md §2.3) is not
/// covered by any proof of execution document.
pub fn proof_items(context: &Context, findings: &mut Vec<Finding>) {
    let Some(activity) = context.activity else { return };
    let first_proof = of_type(context, DocType::ProofOfExecution).next();
    let target = first_proof.map_or(Target::Documents, |document| Target::Document(document.id, DocumentField::ProofItems));
    for (at, item) in activity.proof_items.iter().enumerate() {
        let covered = of_type(context, DocType::ProofOfExecution).any(|document| document.proof_items.contains(&item.id));
        if !covered {
            let mut finding = Finding::new(Code::PoeItemMissing, target).with("item", Arg::Profile(item.name.clone()));
            // Past the first, the item's own checkbox is the one to go to ([`Finding::anchor`]).
            if at > 0 {
                finding = finding.with("item-id", Arg::Text(item.id.clone()));
            }
            findings.push(finding);
        }
    }
}

/// `DOC-NOTE-MISSING`: each proof document needs an explanatory note.
pub fn notes(context: &Context, findings: &mut Vec<Finding>) {
    for document in of_type(context, DocType::ProofOfExecution) {
        if document.note.trim().is_empty() {
            findings.push(
                Finding::new(Code::DocNoteMissing, Target::Document(document.id, DocumentField::Note))
                    .with("file", Arg::Text(document.file_name.clone())),
            );
        }
    }
}

/// `DOC-UNCLASSIFIED`: a document has no type, so nobody knows what it proves.
pub fn unclassified(context: &Context, findings: &mut Vec<Finding>) {
    for document in &context.claim.documents {
        if document.doc_type.is_none() {
            findings.push(
                Finding::new(Code::DocUnclassified, Target::Document(document.id, DocumentField::DocType))
                    .with("file", Arg::Text(document.file_name.clone())),
            );
        }
    }
}

/// Words of a company's legal form, as the reader folds them (`S.A.R.L.` is `s`, `a`, `r`,
/// `l`: one-character words, never looked for): a brochure names the company without them.
const LEGAL_FORMS: &[&str] = &[
    "ltd", "limited", "inc", "incorporated", "llc", "llp", "lp", "plc", "corp", "corporation", "co", "company", "pty", "gmbh", "ag", "kg", "mbh", "ug", "sa", "sas", "sarl", "sl",
    "srl", "spa", "bv", "nv", "ab", "oy", "as", "asa", "aps", "kk", "pte", "pvt", "bhd", "sdn",
];

/// `POE-BRANDING`: a proof of execution whose text names neither Microsoft (nor a
/// product of the profile's `branding_terms`) nor the partner's company name (each of
/// its words among the document's). Only what the reader read counts: a scan says
/// nothing here (`PDF-NO-TEXT` says it cannot be checked).
pub fn branding(context: &Context, findings: &mut Vec<Finding>) {
    // Each word once, and looked up in the reading's words (sorted, as the reader keeps
    // them): a company name of a million characters repeating one word cost a billion
    // comparisons at every review.
    // Words of one character are not kept by the reader (`K & L Events`, `Studio 5`).
    let named: std::collections::BTreeSet<String> = crate::evidence::words(&context.claim.company_name).filter(|word| word.chars().count() >= 2).collect();
    // Its legal form aside (`Contoso Ltd` on a brochure that says `Contoso`), unless the
    // name is nothing else.
    let company: std::collections::BTreeSet<String> = match named.iter().filter(|word| !LEGAL_FORMS.contains(&word.as_str())).cloned().collect::<std::collections::BTreeSet<_>>() {
        rest if rest.is_empty() => named,
        rest => rest,
    };
    for document in context.claim.documents.iter().filter(|document| document.doc_type == Some(DocType::ProofOfExecution)) {
        let Some(read) = document.inspection().filter(|read| read.brands == Some(false)) else { continue };
        if !company.is_empty() && company.iter().all(|word| read.words.binary_search(word).is_ok()) {
            continue;
        }
        let named = if context.claim.company_name.trim().is_empty() { Arg::Key("poe.your-company".into()) } else { Arg::Text(context.claim.company_name.trim().to_string()) };
        findings.push(
            Finding::new(Code::PoeBranding, Target::Document(document.id, crate::claim::DocumentField::File))
                .with("file", Arg::Text(document.file_name.clone()))
                .with("company", named),
        );
    }
}
