//! Who may do what: every endpoint by every role, in and out of jurisdiction; a field user
//! never receives another cuadrante's record; revoked devices and bad tokens are refused.

use crate::common::*;
use atalaya_model::{DeviceId, Hlc, Role};
use atalaya_server::Jurisdiction;
use atalaya_sync::wire::{
    Cursor, Hello, ProtocolVersion, PullRequest, Refusal, RefusalReason, RowRef, Stamp,
};

#[derive(Clone, Copy, Debug)]
enum Reach {
    All,
    C3,
    C5,
}

impl Reach {
    fn jurisdiction(self) -> Jurisdiction {
        match self {
            Reach::All => Jurisdiction::All,
            Reach::C3 => cuadrantes(&["C3"]),
            Reach::C5 => cuadrantes(&["C5"]),
        }
    }
}

/// The callers of the matrix, in the order of each expectation row.
const CALLERS: [(&str, Role, Reach); 11] = [
    ("admin-all", Role::Admin, Reach::All),
    ("admin-c3", Role::Admin, Reach::C3),
    ("admin-c5", Role::Admin, Reach::C5),
    ("analyst-all", Role::Analyst, Reach::All),
    ("analyst-c3", Role::Analyst, Reach::C3),
    ("analyst-c5", Role::Analyst, Reach::C5),
    ("supervisor-all", Role::Supervisor, Reach::All),
    ("supervisor-c3", Role::Supervisor, Reach::C3),
    ("supervisor-c5", Role::Supervisor, Reach::C5),
    ("field-c3", Role::Field, Reach::C3),
    ("field-c5", Role::Field, Reach::C5),
];

#[derive(Clone, Copy, Debug)]
enum Endpoint {
    Health,
    Metrics,
    Register,
    Hello,
    Push,
    Pull,
    ListUsers,
    AddUser,
    SetRole,
    SetJurisdiction,
    ListDevices,
    Revoke,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// 2xx.
    Ok,
    /// Push: the edit of the cuadrante-3 record applied.
    Applied,
    /// Push: the edit was refused as out of scope (the batch itself was acknowledged).
    OutOfScope,
    /// Pull: the cuadrante-3 record came.
    Sees,
    /// Pull: it did not.
    Blind,
    /// 403 `forbidden`.
    Forbidden,
}

use Expect::{Applied as A, Blind as B, Forbidden as F, Ok as K, OutOfScope as R, Sees as S};

/// Callers:  admin all/c3/c5, analyst all/c3/c5, supervisor all/c3/c5, field c3/c5.
const MATRIX: &[(Endpoint, [Expect; 11])] = &[
    (Endpoint::Health, [K, K, K, K, K, K, K, K, K, K, K]),
    (Endpoint::Metrics, [K, K, K, K, K, K, K, K, K, K, K]),
    (Endpoint::Register, [K, K, K, K, K, K, K, K, K, K, K]),
    (Endpoint::Hello, [K, K, K, K, K, K, K, K, K, K, K]),
    (Endpoint::Push, [A, A, R, A, A, R, A, A, R, A, R]),
    (Endpoint::Pull, [S, S, B, S, S, B, S, S, B, S, B]),
    (Endpoint::ListUsers, [K, K, K, F, F, F, F, F, F, F, F]),
    (Endpoint::AddUser, [K, K, K, F, F, F, F, F, F, F, F]),
    (Endpoint::SetRole, [K, K, K, F, F, F, F, F, F, F, F]),
    (Endpoint::SetJurisdiction, [K, K, K, F, F, F, F, F, F, F, F]),
    (Endpoint::ListDevices, [K, K, K, F, F, F, F, F, F, F, F]),
    (Endpoint::Revoke, [K, K, K, F, F, F, F, F, F, F, F]),
];

/// The record every data endpoint is tried on: incident 3, in cuadrante C3.
fn target() -> RowRef {
    incident(3)
}

pub fn every_endpoint_by_every_role_in_and_out_of_jurisdiction(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("seed", Role::Analyst, Jurisdiction::All);
    server.user("scratch", Role::Analyst, cuadrantes(&["C3"]));
    let seed = server.device("seed");
    let mut changes = create(1, &target(), "C3", "robo");
    changes.extend(create(2, &incident(5), "C5", "hurto"));
    server.push(&seed, &batch(&seed, changes));
    for (name, role, reach) in CALLERS {
        server.user(name, role, reach.jurisdiction());
    }
    let devices: Vec<Device> = CALLERS.iter().map(|(n, ..)| server.device(n)).collect();
    for (endpoint, expectations) in MATRIX {
        for (i, expected) in expectations.iter().enumerate() {
            let (name, ..) = CALLERS[i];
            let got = attempt(&server, *endpoint, name, &devices[i]);
            assert_eq!(got, *expected, "{endpoint:?} by {name}");
        }
    }
}

/// Try `endpoint` as `caller` and classify the answer.
fn attempt(server: &TestServer, endpoint: Endpoint, caller: &str, device: &Device) -> Expect {
    let reply = match endpoint {
        Endpoint::Health => server.get("/health", None),
        Endpoint::Metrics => server.get("/metrics", None),
        Endpoint::Register => server.register(caller, &password(caller), DeviceId::new()),
        Endpoint::Hello => {
            let hello = Hello {
                device: device.id,
                protocol: ProtocolVersion::CURRENT,
                schema: SCHEMA,
                app_version: "test".into(),
            };
            server.post_frame("/v1/hello", device, &hello)
        }
        Endpoint::Push => return push_edit(server, device),
        Endpoint::Pull => return pull_sees_target(server, device),
        Endpoint::ListUsers => server.get("/v1/admin/users", Some(device)),
        Endpoint::AddUser => {
            let body = serde_json::json!({
                "username": format!("new-{caller}"), "role": "field", "password": "long enough",
            });
            server.post_json("/v1/admin/users", Some(device), body)
        }
        Endpoint::SetRole => {
            let body = serde_json::json!({ "role": "supervisor" });
            server.post_json("/v1/admin/users/scratch/role", Some(device), body)
        }
        Endpoint::SetJurisdiction => {
            let body = serde_json::json!({ "jurisdiction": { "cuadrantes": ["C3", "C5"] } });
            server.post_json("/v1/admin/users/scratch/jurisdiction", Some(device), body)
        }
        Endpoint::ListDevices => server.get("/v1/admin/devices", Some(device)),
        Endpoint::Revoke => {
            let victim = server.device("scratch");
            let path = format!("/v1/admin/devices/{}/revoke", victim.id);
            let reply = server.post_json(&path, Some(device), serde_json::json!({}));
            let revoked = server
                .admin
                .device_list()
                .unwrap()
                .into_iter()
                .any(|d| d.device == victim.id && d.revoked);
            assert_eq!(revoked, reply.status == 200, "revoked exactly when allowed");
            reply
        }
    };
    match reply.status {
        200 | 201 => Expect::Ok,
        403 if reply.code() == "forbidden" => Expect::Forbidden,
        _ => panic!("{endpoint:?} by {caller}: unexpected {reply:?}"),
    }
}

fn push_edit(server: &TestServer, device: &Device) -> Expect {
    let edit = change(1, &target(), "description", text("visto"), 5_000, None);
    let ack = server.push(device, &batch(device, vec![edit]));
    assert_eq!(ack.applied_up_to, 1, "settled either way");
    let out_of_scope = vec![Refusal {
        change_no: 1,
        reason: RefusalReason::OutOfScope { row: target() },
    }];
    match ack.refused {
        r if r.is_empty() => Expect::Applied,
        r if r == out_of_scope => Expect::OutOfScope,
        r => panic!("unexpected refusals {r:?}"),
    }
}

fn pull_sees_target(server: &TestServer, device: &Device) -> Expect {
    let request = PullRequest {
        device: device.id,
        cursor: Cursor::default(),
        limit: 100,
    };
    let page = server.pull(device, &request);
    assert!(!page.more);
    if page.rows.iter().any(|r| r.row == target()) {
        Expect::Sees
    } else {
        Expect::Blind
    }
}

pub fn given_a_field_user_for_cuadrante_3_then_no_cuadrante_5_record_ever_arrives(
    backend: &dyn Backend,
) {
    let server = TestServer::start(backend);
    server.user("seed", Role::Analyst, Jurisdiction::All);
    server.user("fer", Role::Field, cuadrantes(&["C3"]));
    let (seed, fer) = (server.device("seed"), server.device("fer"));
    let mut changes = Vec::new();
    for n in 1..=20u64 {
        let cuadrante = if n % 2 == 0 { "C3" } else { "C5" };
        changes.extend(create(n, &incident(n), cuadrante, "robo"));
    }
    server.push(&seed, &batch(&seed, changes));
    let mut cursor = pull_every_page(&server, &fer, Cursor::default(), &[]);
    // Incident 2 moves to C5: the field user is told to evict it, never sent its new state.
    let base = Stamp::new(Hlc::new(1_000, 0), seed.id);
    let moved = change(21, &incident(2), "cuadrante", text("C5"), 9_000, Some(base));
    server.push(&seed, &batch(&seed, vec![moved]));
    cursor = pull_every_page(&server, &fer, cursor, &[incident(2)]);
    assert!(cursor.seq > 0);
}

/// Pull every page after `cursor` with small pages; every row must be in C3, and the
/// evictions exactly `evicted`.
fn pull_every_page(
    server: &TestServer,
    device: &Device,
    mut cursor: Cursor,
    evicted: &[RowRef],
) -> Cursor {
    let mut evictions = Vec::new();
    loop {
        let request = PullRequest {
            device: device.id,
            cursor,
            limit: 3,
        };
        let page = server.pull(device, &request);
        for row in &page.rows {
            assert_eq!(
                row.fields["cuadrante"].value(),
                Some(&text("C3")),
                "{:?}",
                row.row
            );
        }
        evictions.extend(page.evictions);
        cursor = page.next_cursor;
        if !page.more {
            assert_eq!(evictions, evicted);
            return cursor;
        }
    }
}

pub fn given_a_revoked_device_then_every_request_is_refused(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let a = server.device("ana");
    let request = PullRequest {
        device: a.id,
        cursor: Cursor::default(),
        limit: 10,
    };
    server.pull(&a, &request);
    server.admin.device_revoke(a.id).unwrap();
    let before = server.census();
    let push = batch(&a, create(1, &incident(1), "C3", "robo"));
    for reply in [
        server.post_frame("/v1/pull", &a, &request),
        server.post_frame("/v1/push", &a, &push),
        server.get("/v1/admin/users", Some(&a)),
        server.register("ana", &password("ana"), a.id),
    ] {
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (403, "device_revoked")
        );
    }
    assert_eq!(server.census(), before);
}

pub fn given_no_token_or_a_bad_one_then_requests_are_refused(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    let before = server.census();
    let sync = Some(atalaya_server::http::SYNC_CONTENT_TYPE);
    for path in ["/v1/hello", "/v1/push", "/v1/pull"] {
        let none = server.send("POST", path, None, sync, b"ATSY".to_vec());
        assert_eq!(
            (none.status, none.code().as_str()),
            (401, "missing_token"),
            "{path}"
        );
        let bad = server.send("POST", path, Some("atk_00"), sync, b"ATSY".to_vec());
        assert_eq!(
            (bad.status, bad.code().as_str()),
            (401, "bad_token"),
            "{path}"
        );
    }
    let basic = server
        .http
        .get(format!("{}/v1/admin/users", server.url))
        .basic_auth("a", Some("b"));
    let basic = basic.send().unwrap();
    assert_eq!(basic.status().as_u16(), 401);
    assert_eq!(
        server.get("/v1/admin/devices", None).code(),
        "missing_token"
    );
    assert_eq!(server.census(), before);
}

pub fn given_a_message_naming_another_device_then_it_is_refused(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let (a, b) = (server.device("ana"), server.device("ana"));
    let before = server.census();
    let as_b = batch(&b, create(1, &incident(1), "C3", "robo"));
    let reply = server.post_frame("/v1/push", &a, &as_b);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (403, "device_mismatch")
    );
    let request = PullRequest {
        device: b.id,
        cursor: Cursor::default(),
        limit: 10,
    };
    let reply = server.post_frame("/v1/pull", &a, &request);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (403, "device_mismatch")
    );
    assert_eq!(server.census(), before);
}

pub fn given_wrong_credentials_then_registration_is_refused(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    server.user("bob", Role::Analyst, Jurisdiction::All);
    let before = server.census();
    for (user, pw) in [("ana", "wrong password"), ("nobody", "password-of-nobody")] {
        let reply = server.register(user, pw, DeviceId::new());
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (401, "bad_credentials")
        );
    }
    assert_eq!(server.census(), before);
    // A device registered by ana cannot be taken over by bob.
    let a = server.device("ana");
    let reply = server.register("bob", &password("bob"), a.id);
    assert_eq!((reply.status, reply.code().as_str()), (409, "device_taken"));
}

pub fn given_a_field_user_then_the_whole_comuna_cannot_be_their_jurisdiction(
    backend: &dyn Backend,
) {
    let server = TestServer::start(backend);
    server.user("root", Role::Admin, Jurisdiction::All);
    server.user("fer", Role::Field, cuadrantes(&["C3"]));
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let root = server.device("root");
    let body = serde_json::json!({ "jurisdiction": "all" });
    let reply = server.post_json("/v1/admin/users/fer/jurisdiction", Some(&root), body);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "field_needs_cuadrantes")
    );
    let body = serde_json::json!({ "role": "field" });
    let reply = server.post_json("/v1/admin/users/ana/role", Some(&root), body);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "field_needs_cuadrantes")
    );
    let reply = server.post_json(
        "/v1/admin/users/nobody/role",
        Some(&root),
        serde_json::json!({ "role": "field" }),
    );
    assert_eq!((reply.status, reply.code().as_str()), (404, "unknown_user"));
}

/// A review, and a case set to approved, pushed by each role (all of the whole comuna): only
/// supervisors and administrators write them; the others are refused for that record, like one
/// out of jurisdiction, and see the supervisor's.
pub fn given_a_review_then_only_supervisors_and_admins_may_write_it(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    let callers = [
        ("admin-all", Role::Admin, true),
        ("supervisor-all", Role::Supervisor, true),
        ("analyst-all", Role::Analyst, false),
    ];
    for (name, role, _) in callers {
        server.user(name, role, Jurisdiction::All);
    }
    for (n, (name, _, may)) in callers.into_iter().enumerate() {
        let device = server.device(name);
        let review = RowRef::new(
            "review",
            atalaya_sync::wire::RowId::Id(uuid::Uuid::from_u128(100 + n as u128)),
        );
        let changes = vec![
            change(1, &review, "decision", text("approve"), 1_000, None),
            change(1, &review, "comment", text("conforme"), 1_000, None),
        ];
        let ack = server.push(&device, &batch(&device, changes));
        let refused = vec![Refusal {
            change_no: 1,
            reason: RefusalReason::OutOfScope {
                row: review.clone(),
            },
        }];
        assert_eq!(ack.applied_up_to, 1, "{name}: settled either way");
        assert_eq!(ack.refused.is_empty(), may, "{name}: {:?}", ack.refused);
        if !may {
            assert_eq!(ack.refused, refused, "{name}");
        }
        let page = server.pull(
            &device,
            &PullRequest {
                device: device.id,
                cursor: Cursor::default(),
                limit: 100,
            },
        );
        let reviews = page.rows.iter().filter(|r| r.row.table == "review").count();
        assert_eq!(
            reviews,
            if may { n + 1 } else { n },
            "{name} sees the reviews written"
        );

        // Approval is a review's outcome: only a reviewer sets a case to approved; anyone in
        // scope sends one for review.
        let case = |k: u128| {
            RowRef::new(
                "case_file",
                atalaya_sync::wire::RowId::Id(uuid::Uuid::from_u128(200 + 10 * n as u128 + k)),
            )
        };
        let (approved, in_review) = (case(1), case(2));
        let mut second = batch(
            &device,
            vec![
                change(2, &approved, "status", text("approved"), 2_000, None),
                change(3, &in_review, "status", text("in_review"), 2_000, None),
            ],
        );
        second.batch_id = 2;
        let ack = server.push(&device, &second);
        let expected: Vec<Refusal> = if may {
            Vec::new()
        } else {
            vec![Refusal {
                change_no: 2,
                reason: RefusalReason::OutOfScope { row: approved },
            }]
        };
        assert_eq!(ack.applied_up_to, 3, "{name}: settled either way");
        assert_eq!(ack.refused, expected, "{name}");
    }
}
