//! Stopping: a server that has served requests stops gracefully, with no panic on the way out
//! (the storage is dropped inside the runtime, where a blocking database client must not start
//! a runtime of its own).

use crate::common::*;
use atalaya_model::Role;
use atalaya_server::Jurisdiction;
use atalaya_sync::client_state::Replica;
use atalaya_sync::merge::FieldPolicy;

pub fn given_a_server_that_served_a_sync_when_it_stops_then_it_stops_cleanly(
    backend: &dyn Backend,
) {
    let server = TestServer::start(backend);
    server.user("ana", Role::Analyst, Jurisdiction::All);
    let a = server.device("ana");
    let mut replica = Replica::new(a.id, FieldPolicy::atalaya());
    replica.edit(&incident(1), &[("category", text("robo"))], 1_000);
    server.sync(&a, &mut replica, 1_000);
    assert_eq!(server.census().records, 1);
    let (url, http) = (server.url.clone(), server.http.clone());
    server
        .stop()
        .unwrap_or_else(|e| panic!("the server stops cleanly: {e}"));
    assert!(
        http.get(format!("{url}/health")).send().is_err(),
        "nothing listens after the stop"
    );
}
