//! Version negotiation: an older client is told to update, a newer one that the server is too
//! old, before any data moves.

use atalaya_model::DeviceId;
use atalaya_sync::wire::{Hello, HelloAnswer, ProtocolVersion, SchemaVersion, ServerVersions};

const SERVER: ServerVersions = ServerVersions {
    oldest_protocol: ProtocolVersion(2),
    newest_protocol: ProtocolVersion(3),
    schema: SchemaVersion(5),
};

fn check(protocol: u16, schema: u32, expected: HelloAnswer) {
    let hello = Hello {
        device: DeviceId::from_bytes([7; 16]),
        protocol: ProtocolVersion(protocol),
        schema: SchemaVersion(schema),
        app_version: "0.1.0".into(),
    };
    assert_eq!(
        SERVER.answer(&hello),
        expected,
        "protocol {protocol}, schema {schema}"
    );
}

fn ok(protocol: u16) -> HelloAnswer {
    HelloAnswer::Ok {
        protocol: ProtocolVersion(protocol),
        schema: SchemaVersion(5),
    }
}

fn please_update() -> HelloAnswer {
    HelloAnswer::PleaseUpdate {
        oldest_protocol: ProtocolVersion(2),
        server_schema: SchemaVersion(5),
    }
}

fn server_too_old() -> HelloAnswer {
    HelloAnswer::ServerTooOld {
        newest_protocol: ProtocolVersion(3),
        server_schema: SchemaVersion(5),
    }
}

#[test]
fn given_matching_versions_then_the_session_goes_on_in_the_clients_protocol() {
    check(2, 5, ok(2));
    check(3, 5, ok(3));
}

#[test]
fn given_an_older_client_then_please_update() {
    check(1, 5, please_update());
    check(3, 4, please_update());
    check(1, 6, please_update());
}

#[test]
fn given_a_newer_client_then_server_too_old() {
    check(4, 5, server_too_old());
    check(3, 6, server_too_old());
}

#[test]
fn the_answer_is_tagged_json_a_client_of_any_version_reads() {
    let json = serde_json::to_string(&please_update()).unwrap();
    assert_eq!(
        json,
        r#"{"answer":"please_update","oldest_protocol":2,"server_schema":5}"#
    );
}
