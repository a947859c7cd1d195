//! `atalaya serve`: run the central sync server until SIGINT or SIGTERM. On start it prints
//! two lines on standard output, for people and scripts alike:
//!
//! ```text
//! url: https://127.0.0.1:7878
//! fingerprint: 3F:0A:…   (SHA-256 of the certificate; `none` with --tls off)
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use atalaya::server::{self, Tls};
use clap::Args;

use super::server::{DataArgs, fail};

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port; the printed URL says which).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub data: DataArgs,
    /// self-signed (made in the data directory on first start, then reused), off (plain
    /// HTTP, loopback only), or CERT,KEY (PEM files).
    #[arg(
        long,
        default_value = "self-signed",
        value_name = "self-signed|off|CERT,KEY"
    )]
    pub tls: Tls,
}

pub fn run(a: ServeArgs) -> atalaya::Result<ExitCode> {
    let config = server::config(a.listen, a.data.storage(), a.tls);
    let ready = |running: &server::RunningServer| {
        outln!("url: {}", running.url());
        match running.fingerprint() {
            Some(fingerprint) => outln!("fingerprint: {fingerprint}"),
            None => outln!("fingerprint: none"),
        }
    };
    match server::run(config, ready) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => Ok(fail(&e)),
    }
}
