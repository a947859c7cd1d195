//! Serving a pull: the records changed after the client's cursor, in server order, whole if
//! the scope admits them, as evictions if the device once held them and no longer may.

use super::{Scope, ServerState, row_state};
use crate::wire::{Cursor, PullPage, PullRequest};

impl ServerState {
    /// The page after `request.cursor`. A cursor of another scope (or none yet) restarts the
    /// client from the beginning with a reset page, which both evicts what it may no longer
    /// see and backfills what it may now see.
    pub fn pull(&mut self, request: &PullRequest, scope: &dyn Scope) -> PullPage {
        let fingerprint = scope.fingerprint();
        let reset = request.cursor.scope != fingerprint || request.cursor.seq == 0;
        let from = if reset { 0 } else { request.cursor.seq };
        // `held` is never cleared, not even by a reset: a stale request from an old cursor
        // may be served after the client moved on, and the client would then keep records
        // the server no longer knew to evict.
        let ledger = self.devices.entry(request.device).or_default();
        let limit = usize::try_from(request.limit.max(1)).unwrap_or(usize::MAX);
        let (mut rows, mut evictions, mut last) = (Vec::new(), Vec::new(), from);
        for (&seq, row) in self.by_seq.range(from + 1..).take(limit) {
            last = seq;
            let stored = &self.rows[row];
            if scope.admits(row, &stored.fields) {
                rows.push(row_state(row, stored));
                ledger.held.insert(row.clone());
            } else if ledger.held.contains(row) {
                // Kept in `held`: if this page is lost, its retry must evict again.
                evictions.push(row.clone());
            }
        }
        let more = self.by_seq.range(last + 1..).next().is_some();
        PullPage {
            from: request.cursor,
            reset,
            rows,
            evictions,
            next_cursor: Cursor {
                seq: if more { last } else { self.seq },
                scope: fingerprint,
            },
            more,
        }
    }
}
