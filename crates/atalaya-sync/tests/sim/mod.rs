//! A simulated deployment: one server, a few replicas with their scopes, and a network that
//! delivers, duplicates, drops, reorders and cuts framed messages as the steps say.

mod check;
mod network;

pub use check::Census;

use network::{Kind, Msg};

use crate::common::{device, incident, policy, text};
use atalaya_sync::client_state::Replica;
use atalaya_sync::merge::{FieldClass, FieldPolicy};
use atalaya_sync::server_state::{Cuadrantes, Everything, Scope, ServerState};
use atalaya_sync::wire::{Limits, RowRef, Stamp, WireValue, decode, encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub const CUADRANTES: [&str; 3] = ["C3", "C5", "C7"];
const CATEGORIES: [&str; 4] = ["robo", "hurto", "lesiones", "otros"];
const COLUMNS: [&str; 5] = ["category", "lon", "description", "cuadrante", "notes"];

/// One thing that happens.
#[derive(Clone, Debug)]
pub enum Step {
    /// Wall time moves on by 0–3 ms (so clocks often tie).
    Tick(u8),
    /// A replica creates an incident.
    Create {
        client: u8,
        cuadrante: u8,
        category: u8,
    },
    /// A replica edits one field of a record it sees.
    Edit {
        client: u8,
        pick: u16,
        column: u8,
        value: u8,
    },
    /// A replica resolves one of its open conflicts by taking one side.
    Resolve { client: u8, pick: u8, side: bool },
    /// A replica sends its outbox head.
    SendPush { client: u8, max: u8 },
    /// A replica asks for its next page.
    SendPull { client: u8, limit: u8 },
    /// The network delivers one message in flight (any one: reordering).
    Deliver(u16),
    /// The network duplicates one message.
    Duplicate(u16),
    /// The network loses one message.
    Drop(u16),
    /// The network cuts one message short.
    Cut(u16, u16),
    /// Everyone comes online at once and syncs over a reliable network.
    Settle,
    /// An administrator changes a replica's user's jurisdiction.
    Rescope { client: u8, scope: Option<Vec<u8>> },
}

/// Every field edit made, to account for each at the end.
#[derive(Clone, Debug)]
pub struct EditLog {
    pub client: usize,
    pub change_no: u64,
    pub row: RowRef,
    pub column: String,
    pub class: FieldClass,
    pub value: WireValue,
    pub stamp: Stamp,
    pub base: Option<Stamp>,
}

struct Client {
    replica: Replica,
    scope: Box<dyn Scope>,
    skew: u64,
}

/// The deployment.
pub struct Sim {
    server: ServerState,
    clients: Vec<Client>,
    policy: FieldPolicy,
    net: Vec<Msg>,
    now: u64,
    log: Vec<EditLog>,
    next_row: u64,
    census: Census,
}

fn wire<T: Serialize + DeserializeOwned>(message: &T) -> T {
    let frame = encode(message, &Limits::default()).expect("encodable");
    decode(&frame, &Limits::default()).expect("decodable")
}

impl Sim {
    /// Replicas with these scopes (`None`: everything; else cuadrante indexes) and clock skews.
    pub fn new(scopes: &[(Option<Vec<u8>>, u8)]) -> Self {
        let clients = scopes
            .iter()
            .enumerate()
            .map(|(i, (scope, skew))| Client {
                replica: Replica::new(device(i as u8 + 1), policy()),
                scope: scope_of(scope.as_deref()),
                skew: u64::from(*skew),
            })
            .collect();
        Self {
            server: ServerState::new(policy()),
            clients,
            policy: policy(),
            net: Vec::new(),
            now: 1_000,
            log: Vec::new(),
            next_row: 1,
            census: Census::default(),
        }
    }

    /// Play the steps.
    pub fn run(&mut self, steps: &[Step]) {
        for step in steps {
            self.step(step);
        }
    }

    fn client_index(&self, client: u8) -> usize {
        usize::from(client) % self.clients.len()
    }

    fn step(&mut self, step: &Step) {
        match *step {
            Step::Tick(ms) => self.now += u64::from(ms % 4),
            Step::Create {
                client,
                cuadrante,
                category,
            } => {
                let c = self.client_index(client);
                let row = incident(self.next_row);
                self.next_row += 1;
                let values = [
                    ("cuadrante", text(CUADRANTES[usize::from(cuadrante) % 3])),
                    ("category", text(CATEGORIES[usize::from(category) % 4])),
                    ("description", text("nuevo")),
                ];
                self.edit(c, &row, &values);
            }
            Step::Edit {
                client,
                pick,
                column,
                value,
            } => {
                let c = self.client_index(client);
                let rows: Vec<RowRef> = self.clients[c].replica.snapshot().into_keys().collect();
                if rows.is_empty() {
                    return;
                }
                let row = rows[usize::from(pick) % rows.len()].clone();
                let column = COLUMNS[usize::from(column) % COLUMNS.len()];
                self.edit(c, &row, &[(column, value_for(column, value))]);
            }
            Step::Resolve { client, pick, side } => {
                self.resolve(self.client_index(client), pick, side)
            }
            Step::SendPush { client, max } => {
                let c = self.client_index(client);
                if let Some(batch) = self.clients[c].replica.next_push(usize::from(max % 4) + 1) {
                    self.send(c, Kind::Push, &batch);
                }
            }
            Step::SendPull { client, limit } => {
                let c = self.client_index(client);
                let request = self.clients[c]
                    .replica
                    .pull_request(u32::from(limit % 5) + 1);
                self.send(c, Kind::Pull, &request);
            }
            Step::Deliver(i) => {
                if let Some(msg) = self.take(i) {
                    self.deliver(msg);
                }
            }
            Step::Duplicate(i) => {
                if !self.net.is_empty() {
                    let msg = self.net[usize::from(i) % self.net.len()].clone();
                    self.net.push(msg);
                    self.census.duplicated += 1;
                }
            }
            Step::Drop(i) => {
                if self.take(i).is_some() {
                    self.census.dropped += 1;
                }
            }
            Step::Settle => self.settle(),
            Step::Rescope { client, ref scope } => {
                let c = self.client_index(client);
                self.clients[c].scope = scope_of(scope.as_deref());
                self.census.rescopes += 1;
            }
            Step::Cut(i, at) => {
                if !self.net.is_empty() {
                    let n = self.net.len();
                    let msg = &mut self.net[usize::from(i) % n];
                    if msg.bytes.is_empty() {
                        return;
                    }
                    let keep = usize::from(at) % msg.bytes.len();
                    msg.bytes.truncate(keep);
                    msg.cut = true;
                }
            }
        }
    }

    fn edit(&mut self, c: usize, row: &RowRef, values: &[(&str, WireValue)]) {
        let now = self.now + self.clients[c].skew;
        let change_no = self.clients[c].replica.edit(row, values, now);
        self.log_change(c, change_no);
    }

    fn resolve(&mut self, c: usize, pick: u8, side: bool) {
        let replica = &self.clients[c].replica;
        let open: Vec<_> = replica
            .conflicts()
            .filter(|k| k.is_open())
            .cloned()
            .collect();
        if open.is_empty() {
            return;
        }
        let conflict = &open[usize::from(pick) % open.len()];
        let chosen = if side {
            &conflict.kept
        } else {
            &conflict.incoming
        };
        let now = self.now + self.clients[c].skew;
        let replica = &mut self.clients[c].replica;
        let change_no = replica
            .resolve(conflict.id, chosen.value.clone(), now)
            .expect("held");
        self.census.resolutions += 1;
        self.log_change(c, change_no);
    }

    fn log_change(&mut self, c: usize, change_no: u64) {
        let replica = &self.clients[c].replica;
        for change in replica.outbox().iter().filter(|x| x.change_no == change_no) {
            self.log.push(EditLog {
                client: c,
                change_no,
                row: change.row_ref(),
                column: change.column.clone(),
                class: self.policy.class(&change.table, &change.column),
                value: change.value.clone(),
                stamp: Stamp::new(change.hlc, replica.device()),
                base: change.base,
            });
        }
    }

    /// Sync everyone over a reliable network until nothing moves; then deliver whatever was
    /// still in flight (stale acks, old pages, replayed pushes) and settle again.
    pub fn quiesce(&mut self) {
        self.settle();
        while let Some(msg) = self.take(0) {
            self.deliver(msg);
        }
        self.settle();
    }

    fn settle(&mut self) {
        for _ in 0..4 {
            for client in &mut self.clients {
                let scope = &*client.scope;
                while let Some(batch) = client.replica.next_push(16) {
                    let ack = self.server.push(&wire(&batch), scope).expect("valid batch");
                    client.replica.apply_ack(&wire(&ack));
                }
            }
            for client in &mut self.clients {
                loop {
                    let request = wire(&client.replica.pull_request(7));
                    let page = wire(&self.server.pull(&request, &*client.scope));
                    assert!(client.replica.apply_page(&page, self.now));
                    self.census.evictions += page.evictions.len();
                    if !page.more {
                        break;
                    }
                }
            }
            let head = self.server.head();
            if self
                .clients
                .iter()
                .all(|c| c.replica.outbox().is_empty() && c.replica.cursor().seq == head)
            {
                return;
            }
        }
        panic!("no quiescence after four reliable rounds");
    }
}

fn scope_of(codes: Option<&[u8]>) -> Box<dyn Scope> {
    match codes {
        None => Box::new(Everything),
        Some(codes) => Box::new(Cuadrantes::new(
            codes.iter().map(|c| CUADRANTES[usize::from(*c) % 3]),
        )),
    }
}

fn value_for(column: &str, v: u8) -> WireValue {
    match column {
        "category" => text(CATEGORIES[usize::from(v) % 4]),
        "lon" => WireValue::Real(-70.6 + f64::from(v) * 0.001),
        "cuadrante" => text(CUADRANTES[usize::from(v) % 3]),
        "notes" => text(&format!("nota {v}")),
        _ => text(&format!("texto {v}")),
    }
}
