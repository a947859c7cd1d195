//! What a replica sends and what it does with the answers: push batches from the outbox head,
//! acks that settle it, and pulled pages merged into the confirmed state.

use super::{RefusedChange, Replica, as_field};
use crate::merge::{FieldClass, merge_field};
use crate::wire::{PullPage, PullRequest, PushAck, PushBatch, RowState};

impl Replica {
    /// The next batch to send: the outbox head, at most `max_entries` change entries. Sending
    /// it again (lost, cut, or unanswered) is always safe.
    pub fn next_push(&mut self, max_entries: usize) -> Option<PushBatch> {
        let batch = self
            .outbox
            .batch(self.device, self.batches_sent + 1, max_entries)?;
        self.batches_sent += 1;
        Some(batch)
    }

    /// The request for the page after the cursor.
    pub fn pull_request(&self, limit: u32) -> PullRequest {
        PullRequest {
            device: self.device,
            cursor: self.cursor,
            limit,
        }
    }

    /// Settle the outbox up to the ack. Refused changes move to [`Replica::refused`] and
    /// disappear from view; applied ones join the confirmed record if this replica holds it
    /// (otherwise the next pull brings the record whole, or its eviction). Stale or repeated
    /// acks change nothing.
    pub fn apply_ack(&mut self, ack: &PushAck) {
        for change in self.outbox.settle(ack.applied_up_to) {
            if let Some(refusal) = ack.refused.iter().find(|r| r.change_no == change.change_no) {
                self.refused.push(RefusedChange {
                    change,
                    reason: refusal.reason.clone(),
                });
                continue;
            }
            let class = self.policy.class(&change.table, &change.column);
            let Some(row) = self.confirmed.get_mut(&change.row_ref()) else {
                continue;
            };
            let field = as_field(&change, self.device, class == FieldClass::AppendOnly);
            match row.fields.fields.get_mut(&change.column) {
                Some(current) => merge_field(current, &field),
                None => {
                    row.fields.fields.insert(change.column.clone(), field);
                }
            }
        }
    }

    /// Merge a pulled page at wall time `now_ms`. A page that does not answer the current
    /// cursor (duplicated, late, or overtaken) is ignored: returns whether it was applied.
    pub fn apply_page(&mut self, page: &PullPage, now_ms: u64) -> bool {
        if page.from != self.cursor {
            return false;
        }
        if page.reset {
            self.confirmed.clear();
        }
        for row in &page.evictions {
            self.confirmed.remove(row);
        }
        if let Some(latest) = page.rows.iter().filter_map(RowState::latest_hlc).max() {
            // Later local edits must carry later clocks than any version they replace.
            self.clock.observe(latest, now_ms);
        }
        for state in &page.rows {
            let row = self.confirmed.entry(state.row.clone()).or_default();
            row.fields.merge(&state.fields);
            for conflict in &state.conflicts {
                let mine = row
                    .conflicts
                    .entry(conflict.id)
                    .or_insert_with(|| conflict.clone());
                mine.resolved_by = mine.resolved_by.max(conflict.resolved_by);
            }
        }
        self.cursor = page.next_cursor;
        true
    }
}
