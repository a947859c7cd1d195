//! Getting a current view cheaply. Unlock reads the store's saved index and catches up on the
//! incidents the change log names since it was saved; after a write, a view catches up the
//! same way from where it stood. Only a store without a usable snapshot (or one that changed
//! too much since) is scanned whole, and then the snapshot is saved again.

use atalaya_store::Store;
use atalaya_store::view_snapshot::ViewSnapshot;

use super::index::IncidentIndex;
use super::{IncidentView, Recent, snapshot};
use crate::{Result, Workspace};

/// Past this many changed incidents (or a quarter of the index), a full scan beats reading
/// each one by id.
const CATCH_UP_MAX: usize = 50_000;

/// After catching up on this many incidents since the saved snapshot, save a new one, so
/// the next unlock does not repeat the work.
const RESAVE_AFTER: usize = 5_000;

impl Workspace {
    /// The in-memory view of every incident: the saved snapshot brought up to date, or one
    /// scan of the store (which then saves a snapshot).
    pub fn incident_view(&self) -> Result<IncidentView> {
        if let Some(view) = self.view_from_snapshot()? {
            return Ok(view);
        }
        self.scanned_view()
    }

    /// Bring `view` up to date with the writes made since it was built: the incidents the
    /// change log names are re-read, the rest is kept (a full scan only when too much
    /// changed). Its caches start empty. Nothing happens when it is current.
    pub fn refresh_view(&self, view: &mut IncidentView) -> Result<()> {
        if self.view_is_current(view)? {
            return Ok(());
        }
        // Taken, not copied: a failure below leaves an empty index that the next refresh's
        // count check sends to a full scan.
        let index = std::mem::take(&mut view.index);
        *view = match self.caught_up(index, view.change_seq)? {
            Some((fresh, _)) => fresh,
            None => self.scanned_view()?,
        };
        Ok(())
    }

    /// Whether no write happened since `view` was built.
    pub fn view_is_current(&self, view: &IncidentView) -> Result<bool> {
        Ok(self.store.last_audit_seq()? == view.built_at_seq)
    }

    fn view_from_snapshot(&self) -> Result<Option<IncidentView>> {
        let Some(saved) = self.store.view_snapshot()? else {
            return Ok(None);
        };
        let index = match (saved.format == snapshot::FORMAT)
            .then(|| snapshot::decode(&saved.data))
            .flatten()
        {
            Some(index) => index,
            None => return Ok(None),
        };
        let Some((view, changed)) = self.caught_up(index, saved.change_seq)? else {
            return Ok(None);
        };
        if changed >= RESAVE_AFTER {
            save(&self.store, &view)?;
        }
        Ok(Some(view))
    }

    /// `index` (reflecting the change log up to `change_seq`) with every later change applied,
    /// and how many incidents changed; `None` when only a full scan can tell (the log was
    /// compacted past `change_seq`, too much changed, or the result disagrees with the store's
    /// own count).
    fn caught_up(
        &self,
        index: IncidentIndex,
        change_seq: i64,
    ) -> Result<Option<(IncidentView, usize)>> {
        let Some(changes) = self.store.incident_changes_since(change_seq)? else {
            return Ok(None);
        };
        if changes.sources_changed || changes.ids.len() > CATCH_UP_MAX.min(index.len() / 4 + 1000) {
            return Ok(None);
        }
        let total = self.store.incident_total()?;
        // A write that touched no incident (a link decision, a quarantine note) keeps the index.
        let caught = if changes.ids.is_empty() {
            index
        } else {
            index.with_changes(&self.store, &changes.ids)?
        };
        if caught.len() as u64 != total {
            return Ok(None);
        }
        let view = view_of(caught, changes.audit_seq, changes.change_seq);
        Ok(Some((view, changes.ids.len())))
    }

    fn scanned_view(&self) -> Result<IncidentView> {
        // No other writer shares this connection: the positions read before the scan are the
        // ones the scan sees.
        let built_at_seq = self.store.last_audit_seq()?;
        let change_seq = self.store.last_change_seq()?;
        let view = view_of(IncidentIndex::build(&self.store)?, built_at_seq, change_seq);
        save(&self.store, &view)?;
        Ok(view)
    }
}

fn view_of(index: IncidentIndex, built_at_seq: i64, change_seq: i64) -> IncidentView {
    IncidentView {
        index,
        built_at_seq,
        change_seq,
        texts: Recent::new(4),
        matches: Recent::new(4),
        orders: Recent::new(6),
    }
}

fn save(store: &Store, view: &IncidentView) -> Result<()> {
    store.save_view_snapshot(&ViewSnapshot {
        format: snapshot::FORMAT,
        audit_seq: view.built_at_seq,
        change_seq: view.change_seq,
        data: snapshot::encode(&view.index),
    })?;
    Ok(())
}

impl Workspace {
    /// A view built by scanning every incident, ignoring any snapshot (what the snapshot
    /// path must equal; for tests).
    #[doc(hidden)]
    pub fn scanned_incident_view(&self) -> Result<IncidentView> {
        self.scanned_view()
    }
}

impl IncidentView {
    /// Whether both views hold the same incidents with the same indexed values, in the same
    /// order (dictionary positions may differ; the texts they stand for may not).
    #[doc(hidden)]
    pub fn same_incidents_as(&self, other: &IncidentView) -> bool {
        let (a, b) = (&self.index, &other.index);
        a.len() == b.len()
            && (0..a.len()).all(|p| {
                a.rid[p] == b.rid[p]
                    && a.id[p] == b.id[p]
                    && a.time[p] == b.time[p]
                    && a.day[p] == b.day[p]
                    && a.categories.get(a.category[p]) == b.categories.get(b.category[p])
                    && a.sources.get(a.source[p]) == b.sources.get(b.source[p])
                    && a.cuadrantes.get(a.cuadrante[p]) == b.cuadrantes.get(b.cuadrante[p])
                    && a.barrios.get(a.barrio[p]) == b.barrios.get(b.barrio[p])
                    && a.lon[p].to_bits() == b.lon[p].to_bits()
                    && a.lat[p].to_bits() == b.lat[p].to_bits()
            })
    }
}
