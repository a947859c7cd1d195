//! `atalaya case list|new|show|add|submit|review|close|reopen`: cases with a timeline that
//! supervisors review. Every step is audited and travels with the next `atalaya sync`.

use std::process::ExitCode;

use atalaya::cases::{CaseDetail, CaseStatus, CaseSummary, NewCase, ReviewDecision};
use clap::{Args, Subcommand, ValueEnum};

use super::Global;
use super::quarantine::ListFormat;
use crate::common::open;
use crate::output::table;

#[derive(Subcommand)]
pub enum CaseCommand {
    /// Every case, most recent activity first.
    List(ListArgs),
    /// Open a case (owned by $USER); prints its id.
    New(NewArgs),
    /// A case and its timeline.
    Show(ShowArgs),
    /// Place incidents and/or a note on a case's timeline.
    Add(AddArgs),
    /// Send an open case for review.
    Submit(IdArg),
    /// A supervisor's decision on a case in review.
    Review(ReviewArgs),
    /// Close an open or approved case.
    Close(IdArg),
    /// Take a closed or approved case up again.
    Reopen(IdArg),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Open,
    // Also as the JSON output writes it.
    #[value(alias = "in_review")]
    InReview,
    Approved,
    Closed,
}

impl From<StatusArg> for CaseStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Open => Self::Open,
            StatusArg::InReview => Self::InReview,
            StatusArg::Approved => Self::Approved,
            StatusArg::Closed => Self::Closed,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DecisionArg {
    Approve,
    // Also as the JSON output writes it.
    #[value(alias = "request_changes")]
    RequestChanges,
    Reject,
}

impl From<DecisionArg> for ReviewDecision {
    fn from(d: DecisionArg) -> Self {
        match d {
            DecisionArg::Approve => Self::Approve,
            DecisionArg::RequestChanges => Self::RequestChanges,
            DecisionArg::Reject => Self::Reject,
        }
    }
}

#[derive(Args)]
pub struct ListArgs {
    /// Only cases in this status.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args)]
pub struct NewArgs {
    /// The case's title.
    pub title: String,
    /// The cuadrante it belongs to (default: the whole comuna); set once.
    #[arg(long)]
    pub cuadrante: Option<String>,
    /// The supervisor's username.
    #[arg(long)]
    pub supervisor: Option<String>,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The case's id, as `atalaya case list` prints it.
    pub id: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
}

#[derive(Args)]
pub struct AddArgs {
    /// The case's id.
    pub id: String,
    /// Incident ids (as `atalaya query` prints them); ones already on the case are skipped.
    #[arg(long = "incident", value_name = "ID")]
    pub incidents: Vec<String>,
    /// A note to write on the timeline.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Args)]
pub struct IdArg {
    /// The case's id.
    pub id: String,
}

#[derive(Args)]
pub struct ReviewArgs {
    /// The case's id.
    pub id: String,
    #[arg(long, value_enum)]
    pub decision: DecisionArg,
    /// Why (required unless approving).
    #[arg(long, default_value = "")]
    pub comment: String,
}

pub fn run(g: &Global, cmd: CaseCommand) -> atalaya::Result<ExitCode> {
    let mut ws = open(g)?;
    let detail = match cmd {
        CaseCommand::List(a) => {
            let cases = ws.cases(a.status.map(Into::into))?;
            print_list(&cases, a.format);
            return Ok(ExitCode::SUCCESS);
        }
        CaseCommand::Show(a) => {
            print_detail(&ws.case_detail(&a.id)?, a.format);
            return Ok(ExitCode::SUCCESS);
        }
        CaseCommand::New(a) => {
            let detail = ws.open_case(&NewCase {
                title: a.title,
                cuadrante: a.cuadrante,
                supervisor: a.supervisor,
            })?;
            outln!("{}", detail.case.id);
            return Ok(ExitCode::SUCCESS);
        }
        CaseCommand::Add(a) => {
            if a.incidents.is_empty() && a.note.is_none() {
                eprintln!("error: give --incident ID (one or more) and/or --note TEXT");
                return Ok(ExitCode::from(2));
            }
            let mut detail = None;
            if !a.incidents.is_empty() {
                detail = Some(ws.add_case_incidents(&a.id, &a.incidents)?);
            }
            if let Some(note) = &a.note {
                detail = Some(ws.add_case_note(&a.id, note)?);
            }
            detail
        }
        CaseCommand::Submit(a) => Some(ws.submit_case(&a.id)?),
        CaseCommand::Review(a) => Some(ws.review_case(&a.id, a.decision.into(), &a.comment)?),
        CaseCommand::Close(a) => Some(ws.close_case(&a.id)?),
        CaseCommand::Reopen(a) => Some(ws.reopen_case(&a.id)?),
    };
    if let Some(d) = detail {
        let c = &d.case;
        outln!(
            "{}: {} ({} items, {} reviews)",
            c.id,
            c.status.as_str(),
            c.items,
            c.reviews
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn or_dash(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "-".to_owned())
}

fn print_list(cases: &[CaseSummary], format: ListFormat) {
    if let ListFormat::Json = format {
        outln!(
            "{}",
            serde_json::to_string_pretty(cases).unwrap_or_default()
        );
        return;
    }
    let cells: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            vec![
                c.id.clone(),
                format!(
                    "{}{}",
                    c.status.as_str(),
                    if c.conflict { " (!)" } else { "" }
                ),
                c.title.clone(),
                or_dash(&c.cuadrante),
                or_dash(&c.owner),
                or_dash(&c.supervisor),
                c.items.to_string(),
                c.reviews.to_string(),
                c.last_activity.clone(),
            ]
        })
        .collect();
    out!(
        "{}",
        table(
            &[
                "case",
                "status",
                "title",
                "cuadrante",
                "owner",
                "supervisor",
                "items",
                "reviews",
                "last activity",
            ],
            &cells
        )
    );
    if cases.iter().any(|c| c.conflict) {
        outln!("(!) status in conflict: see `atalaya conflicts`");
    }
}

fn print_detail(d: &CaseDetail, format: ListFormat) {
    if let ListFormat::Json = format {
        outln!("{}", serde_json::to_string_pretty(d).unwrap_or_default());
        return;
    }
    let c = &d.case;
    outln!("{}  {}", c.id, c.title);
    outln!(
        "status {}{} · cuadrante {} · owner {} · supervisor {} · opened {}",
        c.status.as_str(),
        if c.conflict {
            " (in conflict: see `atalaya conflicts`)"
        } else {
            ""
        },
        or_dash(&c.cuadrante),
        or_dash(&c.owner),
        or_dash(&c.supervisor),
        c.opened_at
    );
    let cells: Vec<Vec<String>> = d
        .timeline
        .iter()
        .map(|e| {
            let what = match (&e.decision, &e.record, &e.ref_id) {
                (Some(decision), _, _) => decision.as_str().to_owned(),
                (None, Some(r), Some(id)) => format!(
                    "{id} {} {}",
                    r.category.clone().unwrap_or_default(),
                    r.occurred_at.clone().unwrap_or_default()
                ),
                (None, None, Some(id)) => format!("{id} (not in this store)"),
                _ => String::new(),
            };
            vec![
                e.at.clone(),
                e.kind.clone(),
                or_dash(&e.author),
                what,
                e.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out!(
        "{}",
        table(&["at", "kind", "by", "record / decision", "note"], &cells)
    );
}
