//! The backend runs the same rules as `atalaya-sync`'s in-memory model: random pushes
//! (replays, resumed batches, concurrent edits, out-of-scope records) and pulls under changing
//! scopes get the very same answers from both.

use crate::common::*;
use atalaya_model::{DeviceId, Hlc};
use atalaya_server::{ServerError, open_storage};
use atalaya_sync::merge::FieldPolicy;
use atalaya_sync::server_state::{Cuadrantes, Everything, Scope, ServerState};
use atalaya_sync::wire::{Cursor, FieldChange, PullRequest, PushBatch, Stamp};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const COLUMNS: [&str; 3] = ["cuadrante", "category", "description"];
const VALUES: [&str; 3] = ["C3", "C5", "robo"];

/// A changed field: column, value, and which earlier stamp (if any) it names as its base.
type FieldEdit = (u8, u8, Option<u8>);
/// A change entry: the incident it edits, and its fields.
type Entry = (u8, Vec<FieldEdit>);

#[derive(Clone, Debug)]
enum Op {
    /// Device `device` pushes its next `entries` change entries (or, `replay`, its last batch
    /// again) under scope `scope`.
    Push {
        device: u8,
        scope: u8,
        replay: bool,
        entries: Vec<Entry>,
    },
    /// Device `device` pulls its next page (`restart`: from the beginning).
    Pull {
        device: u8,
        scope: u8,
        limit: u8,
        restart: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let field = (0..3u8, 0..3u8, proptest::option::of(0..8u8));
    let entry = (0..5u8, proptest::collection::vec(field, 1..3));
    prop_oneof![
        (
            0..3u8,
            0..3u8,
            any::<bool>(),
            proptest::collection::vec(entry, 0..4)
        )
            .prop_map(|(device, scope, replay, entries)| Op::Push {
                device,
                scope,
                replay,
                entries,
            }),
        (0..3u8, 0..3u8, 1..5u8, any::<bool>()).prop_map(|(device, scope, limit, restart)| {
            Op::Pull {
                device,
                scope,
                limit,
                restart,
            }
        }),
    ]
}

fn scope(n: u8) -> Box<dyn Scope> {
    match n {
        0 => Box::new(Everything),
        1 => Box::new(Cuadrantes::new(["C3"])),
        _ => Box::new(Cuadrantes::new(["C5"])),
    }
}

/// What each device has sent and received so far.
#[derive(Default, Clone)]
struct DeviceRun {
    next_change: u64,
    last_batch: Option<PushBatch>,
    cursor: Cursor,
    clock_ms: u64,
}

pub fn given_random_pushes_and_pulls_then_the_backend_answers_as_the_in_memory_model(
    backend: &dyn Backend,
) {
    let config = Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    runner
        .run(&proptest::collection::vec(op(), 1..40), |ops| {
            run(backend, &ops);
            Ok(())
        })
        .unwrap();
}

fn run(backend: &dyn Backend, ops: &[Op]) {
    let dir = tempfile::tempdir().unwrap();
    let storage = open_storage(&backend.storage(dir.path())).unwrap();
    let mut model = ServerState::new(FieldPolicy::atalaya());
    let devices: Vec<DeviceId> = (1..=3u8).map(|n| DeviceId::from_bytes([n; 16])).collect();
    let mut runs = vec![DeviceRun::default(); 3];
    let mut stamps: Vec<Stamp> = Vec::new();
    for op in ops {
        match op {
            Op::Push {
                device,
                scope: s,
                replay,
                entries,
            } => {
                let d = usize::from(*device);
                let batch = match (&runs[d].last_batch, replay) {
                    (Some(last), true) => last.clone(),
                    _ => next_batch(devices[d], &mut runs[d], entries, &mut stamps),
                };
                let expected = model.push(&batch, &*scope(*s));
                let got = storage.push(&batch, &*scope(*s)).map(|o| o.ack);
                match (expected, got) {
                    (Ok(want), Ok(got)) => assert_eq!(got, want, "{op:?}"),
                    (Err(want), Err(ServerError::Sync(got))) => assert_eq!(got, want, "{op:?}"),
                    (want, got) => panic!("{op:?}: model {want:?}, backend {got:?}"),
                }
                runs[d].last_batch = Some(batch);
            }
            Op::Pull {
                device,
                scope: s,
                limit,
                restart,
            } => {
                let d = usize::from(*device);
                let request = PullRequest {
                    device: devices[d],
                    cursor: if *restart {
                        Cursor::default()
                    } else {
                        runs[d].cursor
                    },
                    limit: u32::from(*limit),
                };
                let want = model.pull(&request, &*scope(*s));
                let got = storage.pull(&request, &*scope(*s)).unwrap();
                assert_eq!(got, want, "{op:?}");
                runs[d].cursor = got.next_cursor;
            }
        }
    }
    assert_eq!(storage.census().unwrap().head, model.head());
}

fn next_batch(
    device: DeviceId,
    run: &mut DeviceRun,
    entries: &[Entry],
    stamps: &mut Vec<Stamp>,
) -> PushBatch {
    let first = run.next_change + 1;
    let mut changes = Vec::new();
    for (row, fields) in entries {
        run.next_change += 1;
        run.clock_ms += 1;
        let hlc = Hlc::new(run.clock_ms, 0);
        for (column, value, base) in fields {
            changes.push(FieldChange {
                change_no: run.next_change,
                table: "incident".into(),
                row: incident(u64::from(*row)).id,
                column: COLUMNS[usize::from(*column)].into(),
                value: text(VALUES[usize::from(*value)]),
                hlc,
                // A base seen before (a successor, or a stale one: concurrent), or none.
                base: base.and_then(|b| stamps.get(usize::from(b)).copied()),
                resolves: Vec::new(),
            });
        }
        stamps.push(Stamp::new(hlc, device));
    }
    PushBatch {
        device,
        batch_id: first,
        first_change_no: first,
        changes,
    }
}
