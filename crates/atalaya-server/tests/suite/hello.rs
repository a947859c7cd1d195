//! Version negotiation: a client of another protocol or store schema is told who must update,
//! and nothing on the server changes.

use crate::common::*;
use atalaya_model::Role;
use atalaya_server::Jurisdiction;
use atalaya_sync::wire::{Hello, HelloAnswer, Limits, ProtocolVersion, SchemaVersion, encode};

fn hello_frame(device: &Device, header: u16, protocol: u16, schema: u32) -> Vec<u8> {
    let hello = Hello {
        device: device.id,
        protocol: ProtocolVersion(protocol),
        schema: SchemaVersion(schema),
        app_version: "0.1.0".into(),
    };
    let mut frame = encode(&hello, &Limits::default()).unwrap();
    frame[4..6].copy_from_slice(&header.to_be_bytes());
    frame
}

pub fn given_each_version_mismatch_then_hello_says_who_must_update(backend: &dyn Backend) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let a = server.device("ana");
    let before = server.census();
    let current = ProtocolVersion::CURRENT.0;
    let please_update = HelloAnswer::PleaseUpdate {
        oldest_protocol: ProtocolVersion::OLDEST,
        server_schema: SCHEMA,
    };
    let server_too_old = HelloAnswer::ServerTooOld {
        newest_protocol: ProtocolVersion::CURRENT,
        server_schema: SCHEMA,
    };
    // (frame header protocol, hello's protocol, hello's schema) → answer
    let cases = [
        (
            current,
            current,
            SCHEMA.0,
            HelloAnswer::Ok {
                protocol: ProtocolVersion::CURRENT,
                schema: SCHEMA,
            },
        ),
        (current, current, SCHEMA.0 - 1, please_update.clone()),
        (current, current, SCHEMA.0 + 1, server_too_old.clone()),
        (current, current + 1, SCHEMA.0, server_too_old.clone()),
        (ProtocolVersion::OLDEST.0 - 1, 0, SCHEMA.0, please_update),
        (current + 1, current + 1, SCHEMA.0, server_too_old),
    ];
    for (header, protocol, schema, expected) in cases {
        let reply = server.post_bytes("/v1/hello", &a, hello_frame(&a, header, protocol, schema));
        assert_eq!(
            reply.frame::<HelloAnswer>(),
            expected,
            "header {header}, protocol {protocol}, schema {schema}"
        );
    }
    assert_eq!(server.census(), before, "negotiation changes nothing");
}
