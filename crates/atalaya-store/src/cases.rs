//! What the cases screen reads: the cases with their counts, one case, and its timeline (the
//! items placed on it and the reviews it received). Writes go through [`crate::WriteTx`] like
//! every other record.

use rusqlite::{OptionalExtension, Row, params};

use crate::Result;
use crate::imports::id16;
use crate::store::Store;

/// A case as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    /// Case id.
    pub id: [u8; 16],
    /// Title.
    pub title: String,
    /// `open`, `in_review`, `approved` or `closed`.
    pub status: String,
    /// The owner's username.
    pub owner: Option<String>,
    /// The supervisor's username.
    pub supervisor: Option<String>,
    /// Its cuadrante (`None`: the whole comuna).
    pub cuadrante: Option<String>,
    /// When it was opened, Unix seconds.
    pub opened_at: i64,
    /// Records and notes on its timeline (status steps not counted).
    pub items: u64,
    /// Reviews it received.
    pub reviews: u64,
    /// The newest of its opening, items and reviews, Unix seconds.
    pub last_activity: i64,
}

/// An item on a case's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseItemRow {
    /// Item id.
    pub id: [u8; 16],
    /// When it was placed, Unix seconds.
    pub at: i64,
    /// `incident`, `camera_event`, `citizen_report`, `registry_record`, `note` or `status`.
    pub kind: String,
    /// The record it places, if not a note.
    pub ref_id: Option<[u8; 16]>,
    /// Note text (for a status step, the new status).
    pub note: Option<String>,
    /// Who placed it.
    pub added_by: Option<String>,
}

/// A review of a case.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRow {
    /// Review id.
    pub id: [u8; 16],
    /// When, Unix seconds.
    pub at: i64,
    /// The reviewer's username.
    pub reviewer: Option<String>,
    /// `approve`, `request_changes` or `reject`.
    pub decision: String,
    /// The reviewer's comment.
    pub comment: String,
}

const CASE_SELECT: &str = "SELECT c.id, c.title, c.status, c.owner, c.supervisor, c.cuadrante,
    c.opened_at,
    (SELECT count(*) FROM case_item i WHERE i.case_id = c.id AND i.item_kind <> 'status'),
    (SELECT count(*) FROM review r WHERE r.case_id = c.id),
    max(c.opened_at,
        coalesce((SELECT max(at) FROM case_item i WHERE i.case_id = c.id), 0),
        coalesce((SELECT max(at) FROM review r WHERE r.case_id = c.id), 0))
    FROM case_file c";

fn count(n: i64) -> u64 {
    n.unsigned_abs()
}

fn case_row(r: &Row<'_>) -> Result<CaseRow> {
    Ok(CaseRow {
        id: id16(r.get(0)?, "case_file", "id")?,
        title: r.get(1)?,
        status: r.get(2)?,
        owner: r.get(3)?,
        supervisor: r.get(4)?,
        cuadrante: r.get(5)?,
        opened_at: r.get(6)?,
        items: count(r.get(7)?),
        reviews: count(r.get(8)?),
        last_activity: r.get(9)?,
    })
}

impl Store {
    /// Every case (in `status`, when given), most recent activity first.
    pub fn cases(&self, status: Option<&str>) -> Result<Vec<CaseRow>> {
        let sql =
            format!("{CASE_SELECT} WHERE ?1 IS NULL OR c.status = ?1 ORDER BY 10 DESC, c.id DESC");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![status])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(case_row(r)?);
        }
        Ok(out)
    }

    /// One case, if this store holds it.
    pub fn case(&self, id: &[u8; 16]) -> Result<Option<CaseRow>> {
        let sql = format!("{CASE_SELECT} WHERE c.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([&id[..]])?;
        rows.next()?.map(case_row).transpose()
    }

    /// A case's items, oldest first.
    pub fn case_items(&self, case: &[u8; 16]) -> Result<Vec<CaseItemRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, item_kind, ref_id, note, added_by FROM case_item
             WHERE case_id = ?1 ORDER BY at, id",
        )?;
        let mut rows = stmt.query([&case[..]])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(CaseItemRow {
                id: id16(r.get(0)?, "case_item", "id")?,
                at: r.get(1)?,
                kind: r.get(2)?,
                ref_id: r
                    .get::<_, Option<Vec<u8>>>(3)?
                    .map(|v| id16(v, "case_item", "ref_id"))
                    .transpose()?,
                note: r.get(4)?,
                added_by: r.get(5)?,
            });
        }
        Ok(out)
    }

    /// A case's reviews, oldest first.
    pub fn case_reviews(&self, case: &[u8; 16]) -> Result<Vec<ReviewRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, reviewer, decision, comment FROM review
             WHERE case_id = ?1 ORDER BY at, id",
        )?;
        let mut rows = stmt.query([&case[..]])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(ReviewRow {
                id: id16(r.get(0)?, "review", "id")?,
                at: r.get(1)?,
                reviewer: r.get(2)?,
                decision: r.get(3)?,
                comment: r.get(4)?,
            });
        }
        Ok(out)
    }

    /// The case review `review` belongs to, if this store holds that review.
    pub fn review_case(&self, review: &[u8; 16]) -> Result<Option<[u8; 16]>> {
        let case: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT case_id FROM review WHERE id = ?1")?
            .query_row([&review[..]], |r| r.get(0))
            .optional()?;
        case.map(|c| id16(c, "review", "case_id")).transpose()
    }

    /// Whether `record` is already on `case`'s timeline.
    pub fn case_has_record(&self, case: &[u8; 16], record: &[u8; 16]) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM case_item WHERE case_id = ?1 AND ref_id = ?2")?
            .query_row(params![&case[..], &record[..]], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
