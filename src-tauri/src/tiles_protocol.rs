//! The `atalayatiles` URI scheme: MapLibre fetches the base map's vector tiles from
//! `atalayatiles://localhost/{version}/{z}/{x}/{y}` (`http://atalayatiles.localhost/…` on
//! Windows), answered from the local tiles file on a blocking thread — never the UI thread,
//! never the network. `version` only keeps an old file's tiles out of caches.
//!
//! Tiles go out decompressed (`application/vnd.mapbox-vector-tile`, no `Content-Encoding`):
//! a custom scheme's body reaches WebKit as it is, so a gzip body would not be inflated.
//! 200 with the tile, 204 where the file has no tile (MapLibre draws nothing there), 400 for a
//! malformed address, 500 when the file fails.

use atalaya::{StoreBaseMap, basemap::MVT_CONTENT_TYPE};
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

/// The scheme's name (also in the CSP in `tauri.conf.json`).
pub const SCHEME: &str = "atalayatiles";

/// The URL template MapLibre's vector source gets for base map `version`.
pub fn tile_url(version: u64) -> String {
    let origin = if cfg!(any(windows, target_os = "android")) {
        format!("http://{SCHEME}.localhost")
    } else {
        format!("{SCHEME}://localhost")
    };
    format!("{origin}/{version}/{{z}}/{{x}}/{{y}}")
}

/// The protocol handler: parses the address, reads the tile off the UI thread, responds.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let base_map = ctx.app_handle().state::<StoreBaseMap>().inner().clone();
    let address = parse(request.uri().path());
    tauri::async_runtime::spawn_blocking(move || {
        let response = match address {
            None => respond(
                StatusCode::BAD_REQUEST,
                "text/plain",
                b"expected /{version}/{z}/{x}/{y}".to_vec(),
            ),
            Some((z, x, y)) => match base_map.tile(z, x, y) {
                Ok(Some(tile)) => respond(StatusCode::OK, MVT_CONTENT_TYPE, tile),
                Ok(None) => respond(StatusCode::NO_CONTENT, MVT_CONTENT_TYPE, Vec::new()),
                Err(e) => {
                    eprintln!("atalaya-desktop: base map tile {z}/{x}/{y}: {e}");
                    respond(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "text/plain",
                        e.to_string().into_bytes(),
                    )
                }
            },
        };
        responder.respond(response);
    });
}

/// `/{version}/{z}/{x}/{y}` (an extension on `y` is allowed) → `(z, x, y)`.
fn parse(path: &str) -> Option<(u8, u32, u32)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let _version: u64 = parts.next()?.parse().ok()?;
    let z = parts.next()?.parse().ok()?;
    let x = parts.next()?.parse().ok()?;
    let y = parts.next()?.split('.').next()?.parse().ok()?;
    parts.next().is_none().then_some((z, x, y))
}

fn respond(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    let build = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        // The page's origin is `tauri://localhost`: the tiles are a cross-origin fetch.
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(body);
    // Only fails on an invalid header value, and every value above is a constant.
    build.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_addresses_parse_and_anything_else_is_refused() {
        assert_eq!(parse("/3/14/4977/9809"), Some((14, 4977, 9809)));
        assert_eq!(parse("/3/14/4977/9809.mvt"), Some((14, 4977, 9809)));
        for bad in [
            "/",
            "/3/14/4977",
            "/x/14/1/2",
            "/3/300/1/2",
            "/3/14/1/2/3",
            "/3/14/-1/2",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_url_template_carries_the_version() {
        let url = tile_url(7);
        assert!(url.ends_with("/7/{z}/{x}/{y}"), "{url}");
    }
}
