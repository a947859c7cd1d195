//! A small blocking HTTP client for the tests: frames in and out, JSON errors read back.

use super::TestServer;
use atalaya_model::DeviceId;
use atalaya_server::http::{REPLAY_HEADER, SYNC_CONTENT_TYPE};
use atalaya_sync::client_state::Replica;
use atalaya_sync::wire::{Limits, PullPage, PullRequest, PushAck, PushBatch, decode, encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A registered device: its id and bearer token.
#[derive(Clone, Debug)]
pub struct Device {
    pub id: DeviceId,
    pub token: String,
}

/// An HTTP answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub replay: bool,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// The `code` of a JSON error body.
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_owned()
    }

    /// The body as a sync frame of `T`.
    pub fn frame<T: DeserializeOwned>(&self) -> T {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.content_type, SYNC_CONTENT_TYPE);
        decode(&self.body, &Limits::default()).expect("a valid frame")
    }
}

fn reply(response: reqwest::blocking::Response) -> Reply {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let (content_type, replay) = (header("content-type"), header(REPLAY_HEADER) == "1");
    Reply {
        status: response.status().as_u16(),
        content_type,
        replay,
        body: response.bytes().expect("a body").to_vec(),
    }
}

impl TestServer {
    /// Send any request.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        reply(request.body(body).send().expect("the server answers"))
    }

    /// POST raw bytes as a sync frame.
    pub fn post_bytes(&self, path: &str, device: &Device, body: Vec<u8>) -> Reply {
        self.send(
            "POST",
            path,
            Some(&device.token),
            Some(SYNC_CONTENT_TYPE),
            body,
        )
    }

    /// POST a message as a sync frame.
    pub fn post_frame<T: Serialize>(&self, path: &str, device: &Device, message: &T) -> Reply {
        let frame = encode(message, &Limits::default()).expect("encodes");
        self.post_bytes(path, device, frame)
    }

    /// POST JSON with a device's token (or none).
    pub fn post_json(&self, path: &str, device: Option<&Device>, body: serde_json::Value) -> Reply {
        let token = device.map(|d| d.token.as_str());
        self.send(
            "POST",
            path,
            token,
            Some("application/json"),
            body.to_string().into_bytes(),
        )
    }

    /// GET with a device's token (or none).
    pub fn get(&self, path: &str, device: Option<&Device>) -> Reply {
        self.send(
            "GET",
            path,
            device.map(|d| d.token.as_str()),
            None,
            Vec::new(),
        )
    }

    /// Register `device` with these credentials.
    pub fn register(&self, user: &str, password: &str, device: DeviceId) -> Reply {
        let body = serde_json::json!({
            "username": user, "password": password, "device": device, "name": "test",
        });
        self.post_json("/v1/devices", None, body)
    }

    /// Push a batch and read the ack.
    pub fn push(&self, device: &Device, batch: &PushBatch) -> PushAck {
        self.post_frame("/v1/push", device, batch).frame()
    }

    /// Ask for one page.
    pub fn pull(&self, device: &Device, request: &PullRequest) -> PullPage {
        self.post_frame("/v1/pull", device, request).frame()
    }

    /// Push everything `replica` has, then pull until the server has nothing more.
    pub fn sync(&self, device: &Device, replica: &mut Replica, now_ms: u64) {
        while let Some(batch) = replica.next_push(8) {
            let ack = self.push(device, &batch);
            replica.apply_ack(&ack);
        }
        loop {
            let page = self.pull(device, &replica.pull_request(4));
            assert!(
                replica.apply_page(&page, now_ms),
                "the page answers the cursor"
            );
            if !page.more {
                return;
            }
        }
    }
}
