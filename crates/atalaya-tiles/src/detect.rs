//! Which kind of file this is, decided from its first bytes (never from its name).

/// The two tile containers Atalaya reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TilesFormat {
    /// PMTiles v3: one file, a header, directories and tile data.
    PmTiles,
    /// MBTiles: a SQLite database with `metadata` and `tiles`.
    MbTiles,
}

impl TilesFormat {
    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Self::PmTiles => "PMTiles",
            Self::MbTiles => "MBTiles",
        }
    }
}

/// What the start of a file says it is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Empty,
    /// The PMTiles magic; the version byte if the file has one.
    PmTiles(Option<u8>),
    /// The two-byte magic of PMTiles v1/v2, with the version that follows it.
    OldPmTiles(u8),
    Sqlite,
    Other(&'static str),
}

const PMTILES_MAGIC: &[u8] = b"PMTiles";
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Classify a file by its first bytes (at least 16 if the file has them).
pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    if head.is_empty() {
        return Sniffed::Empty;
    }
    if let Some(rest) = head.strip_prefix(PMTILES_MAGIC) {
        return Sniffed::PmTiles(rest.first().copied());
    }
    // PMTiles v1 and v2 start with "PM" and a little-endian u16 version.
    if let [b'P', b'M', version, 0, ..] = head
        && (1..=2).contains(version)
    {
        return Sniffed::OldPmTiles(*version);
    }
    if head.starts_with(SQLITE_MAGIC) {
        return Sniffed::Sqlite;
    }
    Sniffed::Other(looks_like(head))
}

/// A short description of a foreign file, for the error message.
fn looks_like(head: &[u8]) -> &'static str {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
        (b"\x1f\x8b", "a gzip-compressed file"),
        (b"\x7fELF", "a program"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return what;
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return "a WebP image";
    }
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // A multi-byte character cut at the end of the sample is still text.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return "unrecognised binary data",
    };
    if text
        .chars()
        .all(|c| !c.is_control() || c.is_ascii_whitespace())
    {
        "text (CSV, JSON or similar)"
    } else {
        "unrecognised binary data"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(head: &[u8], expected: Sniffed) {
        assert_eq!(sniff(head), expected, "{:?}", String::from_utf8_lossy(head));
    }

    #[test]
    fn given_first_bytes_then_the_kind_is_named() {
        check(b"", Sniffed::Empty);
        check(b"PMTiles\x03rest", Sniffed::PmTiles(Some(3)));
        check(b"PMTiles", Sniffed::PmTiles(None));
        check(b"PM\x02\x00....", Sniffed::OldPmTiles(2));
        check(b"SQLite format 3\0....", Sniffed::Sqlite);
        check(b"\x89PNG\r\n\x1a\n....", Sniffed::Other("a PNG image"));
        check(
            b"fecha;categoria;lat\n",
            Sniffed::Other("text (CSV, JSON or similar)"),
        );
        check(
            "día;categoría".as_bytes(),
            Sniffed::Other("text (CSV, JSON or similar)"),
        );
        check(
            b"\x00\x01\x02\x03",
            Sniffed::Other("unrecognised binary data"),
        );
        check(b"PMT", Sniffed::Other("text (CSV, JSON or similar)"));
    }
}
