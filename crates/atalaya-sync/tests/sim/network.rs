//! The simulated network: framed messages in flight, and what each end does on delivery.

use super::Sim;
use atalaya_sync::merge::Row;
use atalaya_sync::wire::{Limits, PullPage, PullRequest, PushAck, PushBatch, decode, encode};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Push,
    Ack,
    Pull,
    Page,
}

#[derive(Clone)]
pub(super) struct Msg {
    pub client: usize,
    pub kind: Kind,
    pub bytes: Vec<u8>,
    pub cut: bool,
}

impl Sim {
    pub(super) fn send<T: Serialize>(&mut self, client: usize, kind: Kind, message: &T) {
        let bytes = encode(message, &Limits::default()).expect("encodable");
        self.net.push(Msg {
            client,
            kind,
            bytes,
            cut: false,
        });
    }

    pub(super) fn take(&mut self, i: u16) -> Option<Msg> {
        if self.net.is_empty() {
            return None;
        }
        let n = self.net.len();
        Some(self.net.remove(usize::from(i) % n))
    }

    pub(super) fn deliver(&mut self, msg: Msg) {
        let limits = Limits::default();
        let c = msg.client;
        let decoded = match msg.kind {
            Kind::Push => decode::<PushBatch>(&msg.bytes, &limits).map(|b| {
                let ack = self
                    .server
                    .push(&b, &*self.clients[c].scope)
                    .expect("valid batch");
                self.send(c, Kind::Ack, &ack);
            }),
            Kind::Ack => decode::<PushAck>(&msg.bytes, &limits)
                .map(|ack| self.clients[c].replica.apply_ack(&ack)),
            Kind::Pull => decode::<PullRequest>(&msg.bytes, &limits).map(|r| {
                let scope = &*self.clients[c].scope;
                let page = self.server.pull(&r, scope);
                for state in &page.rows {
                    let row = Row {
                        fields: state.fields.clone(),
                    };
                    assert!(
                        scope.admits(&state.row, &row),
                        "sent a record outside the scope"
                    );
                }
                self.send(c, Kind::Page, &page);
            }),
            Kind::Page => decode::<PullPage>(&msg.bytes, &limits).map(|p| self.receive_page(c, &p)),
        };
        match decoded {
            Ok(()) => assert!(!msg.cut, "a cut frame decoded"),
            Err(e) => {
                assert!(msg.cut, "an intact {:?} failed to decode: {e}", msg.kind);
                self.census.cut += 1;
            }
        }
    }

    fn receive_page(&mut self, c: usize, page: &PullPage) {
        let client = &mut self.clients[c];
        if client.replica.apply_page(page, self.now + client.skew) {
            self.census.evictions += page.evictions.len();
            self.census.resets += usize::from(page.reset && page.from.seq > 0);
        }
    }
}
