//! Serving a pull: the records changed after the client's cursor, in server order, whole if
//! the scope admits them, as evictions if the device once held them and no longer may.

use super::{Scope, ServerStore};
use crate::wire::{Cursor, PullPage, PullRequest};

/// The page after `request.cursor`. A cursor of another scope (or none yet) restarts the
/// client from the beginning with a reset page, which both evicts what it may no longer see
/// and backfills what it may now see.
pub fn pull<S: ServerStore + ?Sized>(
    store: &mut S,
    request: &PullRequest,
    scope: &dyn Scope,
) -> Result<PullPage, S::Error> {
    let fingerprint = scope.fingerprint();
    let reset = request.cursor.scope != fingerprint || request.cursor.seq == 0;
    let from = if reset { 0 } else { request.cursor.seq };
    let limit = usize::try_from(request.limit.max(1)).unwrap_or(usize::MAX);
    // One record past the page says whether more follow.
    let mut records = store.records_after(from, limit.saturating_add(1))?;
    let more = records.len() > limit;
    records.truncate(limit);
    let (mut rows, mut evictions, mut held, mut last) = (Vec::new(), Vec::new(), Vec::new(), from);
    for (row, stored) in records {
        last = stored.seq;
        if scope.admits(&row, &stored.fields) {
            rows.push(stored.to_state(&row));
            held.push(row);
        } else if store.held(request.device, &row)? {
            // Still held: if this page is lost, its retry must evict again.
            evictions.push(row);
        }
    }
    // `held` is never cleared, not even by a reset: a stale request from an old cursor may be
    // served after the client moved on, and the client would then keep records the server no
    // longer knew to evict.
    store.hold(request.device, &held)?;
    Ok(PullPage {
        from: request.cursor,
        reset,
        rows,
        evictions,
        next_cursor: Cursor {
            seq: if more { last } else { store.head()? },
            scope: fingerprint,
        },
        more,
        // Users are the server's business (the HTTP layer names them); the state has none.
        authors: Vec::new(),
    })
}
