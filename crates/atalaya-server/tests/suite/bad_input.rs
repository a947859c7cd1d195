//! Bad requests: each refused with its own code and a JSON body, and the server's state
//! byte-for-byte unchanged (its census digest); then arbitrary bodies, by proptest.

use crate::common::*;
use atalaya_model::Role;
use atalaya_server::http::SYNC_CONTENT_TYPE;
use atalaya_server::{Jurisdiction, RequestLimits};
use atalaya_sync::wire::{Cursor, Hello, Limits, ProtocolVersion, PullRequest, encode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const MAX_BODY: usize = 64 << 10;

/// (what, method, path, content type, body) → (status, code).
type Case<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Vec<u8>,
    u16,
    &'a str,
);
const MAX_MESSAGE: usize = 1 << 20;

fn small_server(backend: &dyn Backend) -> (TestServer, Device) {
    let limits = RequestLimits {
        max_body: MAX_BODY,
        max_message: MAX_MESSAGE,
        ..RequestLimits::default()
    };
    let server = TestServer::start_with(backend, limits);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let a = server.device("ana");
    server.push(&a, &batch(&a, create(1, &incident(1), "C3", "robo")));
    (server, a)
}

/// A frame with this header protocol and this (compressed as is) JSON body.
fn frame_of(protocol: u16, json: &[u8]) -> Vec<u8> {
    let mut frame = b"ATSY".to_vec();
    frame.extend_from_slice(&protocol.to_be_bytes());
    frame.extend_from_slice(&zstd::bulk::compress(json, 3).unwrap());
    frame
}

pub fn given_bad_requests_then_each_is_refused_with_its_code_and_nothing_changes(
    backend: &dyn Backend,
) {
    let (server, a) = small_server(backend);
    let valid = encode(
        &batch(&a, create(2, &incident(2), "C3", "hurto")),
        &Limits::default(),
    )
    .unwrap();
    let hello = Hello {
        device: a.id,
        protocol: ProtocolVersion::CURRENT,
        schema: SCHEMA,
        app_version: "t".into(),
    };
    let push_of = |changes| encode(&batch(&a, changes), &Limits::default()).unwrap();
    let mut gap = batch(&a, create(5, &incident(2), "C3", "hurto"));
    gap.first_change_no = 5;
    let huge = {
        let mut b = batch(&a, create(2, &incident(2), "C3", "hurto"));
        b.changes[1].change_no = u64::MAX;
        b
    };
    let current = ProtocolVersion::CURRENT.0;
    let sync = Some(SYNC_CONTENT_TYPE);
    let json = Some("application/json");
    let token = Some(a.token.as_str());
    // (what, method, path, content type, body) → (status, code)
    let cases: Vec<Case<'_>> = vec![
        (
            "wrong content type",
            "POST",
            "/v1/push",
            json,
            valid.clone(),
            415,
            "wrong_content_type",
        ),
        (
            "no content type",
            "POST",
            "/v1/pull",
            None,
            valid.clone(),
            415,
            "wrong_content_type",
        ),
        (
            "not a frame",
            "POST",
            "/v1/push",
            sync,
            b"{\"device\":1}".to_vec(),
            400,
            "not_a_frame",
        ),
        (
            "cut header",
            "POST",
            "/v1/push",
            sync,
            b"ATS".to_vec(),
            400,
            "truncated",
        ),
        (
            "cut frame",
            "POST",
            "/v1/push",
            sync,
            valid[..valid.len() / 2].to_vec(),
            400,
            "truncated",
        ),
        (
            "header only",
            "POST",
            "/v1/pull",
            sync,
            valid[..6].to_vec(),
            400,
            "truncated",
        ),
        (
            "corrupt body",
            "POST",
            "/v1/push",
            sync,
            [&valid[..6], &b"garbage!"[..]].concat(),
            400,
            "corrupt",
        ),
        (
            "another message",
            "POST",
            "/v1/push",
            sync,
            encode(&hello, &Limits::default()).unwrap(),
            400,
            "malformed",
        ),
        (
            "not JSON",
            "POST",
            "/v1/pull",
            sync,
            frame_of(current, b"{not json"),
            400,
            "malformed",
        ),
        (
            "body too large",
            "POST",
            "/v1/push",
            sync,
            vec![b'A'; MAX_BODY + 1],
            413,
            "body_too_large",
        ),
        (
            "zstd bomb",
            "POST",
            "/v1/push",
            sync,
            frame_of(current, &vec![b' '; MAX_MESSAGE + 1]),
            413,
            "oversized",
        ),
        (
            "newer protocol",
            "POST",
            "/v1/push",
            sync,
            frame_of(current + 1, b"{}"),
            400,
            "unsupported_protocol",
        ),
        (
            "change gap",
            "POST",
            "/v1/push",
            sync,
            encode(&gap, &Limits::default()).unwrap(),
            409,
            "change_gap",
        ),
        (
            "change number beyond i64",
            "POST",
            "/v1/push",
            sync,
            encode(&huge, &Limits::default()).unwrap(),
            400,
            "out_of_range",
        ),
        (
            "change number zero",
            "POST",
            "/v1/push",
            sync,
            push_of(create(0, &incident(2), "C3", "x")),
            400,
            "change_number_zero",
        ),
        (
            "bad registration JSON",
            "POST",
            "/v1/devices",
            json,
            b"{\"username\":".to_vec(),
            400,
            "malformed_json",
        ),
        (
            "registration as a frame",
            "POST",
            "/v1/devices",
            sync,
            valid.clone(),
            415,
            "wrong_content_type",
        ),
        (
            "wrong method",
            "GET",
            "/v1/push",
            None,
            Vec::new(),
            405,
            "method_not_allowed",
        ),
        (
            "no such path",
            "POST",
            "/v1/nothing",
            sync,
            valid.clone(),
            404,
            "no_such_endpoint",
        ),
    ];
    let before = server.census();
    for (what, method, path, content_type, body, status, code) in cases {
        let reply = server.send(method, path, token, content_type, body);
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (status, code),
            "{what}: {reply:?}"
        );
        assert!(
            !reply.json()["message"].as_str().unwrap_or("").is_empty(),
            "{what}: a message"
        );
        assert_eq!(server.census(), before, "{what}: nothing changed");
    }
    // A replay is acknowledged, not refused, and changes nothing either.
    let replay = server.post_frame(
        "/v1/push",
        &a,
        &batch(&a, create(1, &incident(1), "C3", "robo")),
    );
    assert!(replay.status == 200 && replay.replay);
    assert_eq!(server.census(), before, "replay: nothing changed");
}

/// Bodies that must never be accepted.
fn hostile_bodies(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = valid.len();
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        (any::<u16>(), proptest::collection::vec(any::<u8>(), 0..512))
            .prop_map(|(v, rest)| { [&b"ATSY"[..], &v.to_be_bytes()[..], &rest[..]].concat() }),
        (0..len).prop_map(move |cut| valid[..cut].to_vec()),
    ]
}

pub fn given_arbitrary_bodies_then_push_and_pull_refuse_them_and_nothing_changes(
    backend: &dyn Backend,
) {
    let (server, a) = small_server(backend);
    let push = encode(
        &batch(&a, create(2, &incident(2), "C3", "hurto")),
        &Limits::default(),
    )
    .unwrap();
    let pull = encode(
        &PullRequest {
            device: a.id,
            cursor: Cursor::default(),
            limit: 10,
        },
        &Limits::default(),
    )
    .unwrap();
    let before = server.census();
    let config = Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    };
    for (path, valid) in [("/v1/push", push), ("/v1/pull", pull)] {
        let mut runner = TestRunner::new(config.clone());
        let strategy = hostile_bodies(valid);
        runner
            .run(&strategy, |body| {
                let reply = server.post_bytes(path, &a, body);
                prop_assert!((400..500).contains(&reply.status), "{path}: {reply:?}");
                prop_assert!(!reply.code().is_empty());
                prop_assert_eq!(&server.census(), &before);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}
