//! GPX patrol tracks, streaming with `quick-xml`: **one row per `<trk>`** (a unit's shift),
//! its segments' `<trkpt lat lon><time>` points concatenated in order. A row's verbatim text is
//! the `<trk>…</trk>` element exactly as in the file, and its row number the track's position
//! in the file (1 for the first `<trk>`; tracks may share a line), so every track can be found
//! again. Errors name the line. Waypoints and routes are not rows.
//!
//! The reader only splits; the points' values (numbers, times) are checked by the
//! standardizer, so a bad point quarantines its track with a precise reason.

use std::io::{BufReader, Read};

use quick_xml::events::Event;

use crate::IngestError;
use crate::reader::RawRow;

/// The columns of a GPX row: the track's `<name>`, `<type>`, `<desc>`, `<number>`, and its
/// points as JSON `[["lon", "lat", "time"], …]` (text as written; empty when absent).
pub const GPX_HEADER: &[&str] = &["name", "type", "desc", "number", "points"];

/// The largest `<trk>` accepted, in bytes (about 300 000 points).
pub const MAX_TRACK_BYTES: usize = 32 << 20;

/// Keeps the bytes the XML parser has read since the current `<trk>` started (or, outside a
/// track, since the last event), counting the line breaks of what it drops.
struct Tee<R> {
    inner: R,
    kept: Vec<u8>,
    /// Stream offset of `kept[0]`.
    base: u64,
    /// Line breaks before `base`.
    lines: u64,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<R> Tee<R> {
    /// The 1-based line of stream offset `pos` (at or after `base`).
    fn line_at(&self, pos: u64) -> u64 {
        let upto = usize::try_from(pos - self.base)
            .unwrap_or(usize::MAX)
            .min(self.kept.len());
        1 + self.lines + newlines(&self.kept[..upto])
    }

    /// Forget the bytes before stream offset `pos`.
    fn drop_before(&mut self, pos: u64) {
        let n = usize::try_from(pos.saturating_sub(self.base))
            .unwrap_or(usize::MAX)
            .min(self.kept.len());
        self.lines += newlines(&self.kept[..n]);
        self.kept.drain(..n);
        self.base += n as u64;
    }

    fn text(&self, from: u64, to: u64) -> String {
        let a = usize::try_from(from - self.base).unwrap_or(0);
        let b = usize::try_from(to - self.base)
            .unwrap_or(usize::MAX)
            .min(self.kept.len());
        String::from_utf8_lossy(&self.kept[a.min(b)..b]).into_owned()
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

/// The track being read.
#[derive(Default)]
struct Track {
    start: u64,
    /// The line the `<trk>` starts on.
    line: u64,
    name: String,
    kind: String,
    desc: String,
    number: String,
    points: Vec<[String; 3]>,
}

/// The `<trk>`s of a GPX file.
pub struct GpxRows<R: Read> {
    xml: quick_xml::Reader<BufReader<Tee<R>>>,
    file: String,
    buf: Vec<u8>,
    /// Local names of the open elements.
    path: Vec<String>,
    seen_root: bool,
    done: bool,
    /// Tracks read so far.
    count: u64,
}

impl<R: Read> GpxRows<R> {
    /// A reader of `src`, named `file` in errors.
    pub fn new(src: R, file: &str) -> Self {
        let tee = Tee {
            inner: src,
            kept: Vec::new(),
            base: 0,
            lines: 0,
        };
        Self {
            xml: quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, tee)),
            file: file.into(),
            buf: Vec::new(),
            path: Vec::new(),
            seen_root: false,
            done: false,
            count: 0,
        }
    }

    fn tee(&self) -> &Tee<R> {
        self.xml.get_ref().get_ref()
    }

    fn malformed(&self, reason: impl Into<String>) -> IngestError {
        let row = self.tee().line_at(self.xml.buffer_position());
        IngestError::malformed(&self.file, Some(row), "gpx", reason)
    }

    /// The next track, `None` after the last.
    pub fn next_row(&mut self) -> Result<Option<RawRow>, IngestError> {
        if self.done {
            return Ok(None);
        }
        let mut track: Option<Track> = None;
        loop {
            let before = self.xml.buffer_position();
            if track.is_none() {
                self.xml.get_mut().get_mut().drop_before(before);
            } else if self.tee().kept.len() > MAX_TRACK_BYTES {
                return Err(IngestError::RowTooLong {
                    file: self.file.clone(),
                    row: track.as_ref().map_or(0, |t| t.line),
                    limit: MAX_TRACK_BYTES,
                });
            }
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(e) => e.into_owned(),
                Err(e) => {
                    self.done = true;
                    return Err(self.malformed(e.to_string()));
                }
            };
            match event {
                Event::Start(e) | Event::Empty(e) if !self.seen_root => {
                    if e.local_name().as_ref() != "gpx" {
                        self.done = true;
                        return Err(self.malformed(format!(
                            "expected a <gpx> document, found <{}>",
                            e.local_name().as_ref()
                        )));
                    }
                    self.seen_root = true;
                    self.path.push("gpx".into());
                }
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    if name == "trk" && track.is_none() {
                        track = Some(Track {
                            start: before,
                            line: self.tee().line_at(before),
                            ..Track::default()
                        });
                    } else if name == "trkpt"
                        && let Some(t) = track.as_mut()
                    {
                        t.points.push(point(&e));
                    }
                    self.path.push(name);
                }
                Event::Empty(e) => {
                    if e.local_name().as_ref() == "trkpt"
                        && let Some(t) = track.as_mut()
                    {
                        t.points.push(point(&e));
                    }
                }
                Event::End(_) => {
                    let name = self.path.pop().unwrap_or_default();
                    if name == "trk"
                        && let Some(t) = track.take()
                    {
                        let end = self.xml.buffer_position();
                        let text = self.tee().text(t.start, end);
                        self.count += 1;
                        return Ok(Some(track_row(self.count, t, text)));
                    }
                }
                Event::Text(e) => self.text(&mut track, &e),
                Event::CData(e) => self.text(&mut track, &e),
                Event::GeneralRef(e) => {
                    let resolved = match e.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match &*e {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => format!("&{other};"),
                        },
                    };
                    self.text(&mut track, &resolved);
                }
                Event::Eof => {
                    self.done = true;
                    if let Some(t) = track {
                        return Err(self.malformed(format!(
                            "the file ends inside the <trk> that starts on line {}",
                            t.line
                        )));
                    }
                    if !self.seen_root {
                        return Err(self.malformed("expected a <gpx> document"));
                    }
                    return Ok(None);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }

    /// Text inside the open element: a track's name, type, description or number, or a
    /// point's time.
    fn text(&self, track: &mut Option<Track>, text: &str) {
        let Some(t) = track.as_mut() else { return };
        let n = self.path.len();
        let (Some(leaf), Some(parent)) =
            (self.path.last(), n.checked_sub(2).map(|i| &self.path[i]))
        else {
            return;
        };
        let slot = match (parent.as_str(), leaf.as_str()) {
            ("trk", "name") => &mut t.name,
            ("trk", "type") => &mut t.kind,
            ("trk", "desc") => &mut t.desc,
            ("trk", "number") => &mut t.number,
            ("trkpt", "time") => match t.points.last_mut() {
                Some(p) => &mut p[2],
                None => return,
            },
            _ => return,
        };
        slot.push_str(text);
    }
}

fn point(e: &quick_xml::events::BytesStart<'_>) -> [String; 3] {
    let attr = |name: &str| {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .map(|a| a.value.trim().to_string())
            .unwrap_or_default()
    };
    [attr("lon"), attr("lat"), String::new()]
}

fn track_row(row: u64, t: Track, text: String) -> RawRow {
    let points: Vec<[String; 3]> = t
        .points
        .into_iter()
        .map(|[lon, lat, time]| [lon, lat, time.trim().to_string()])
        .collect();
    let fields = vec![
        t.name.trim().to_string(),
        t.kind.trim().to_string(),
        t.desc.trim().to_string(),
        t.number.trim().to_string(),
        serde_json::to_string(&points).unwrap_or_default(),
    ];
    RawRow::new(row, text, fields)
}

/// Split a `<trk>` kept in lineage back into the fields of [`GPX_HEADER`].
pub fn split_track(text: &str) -> Vec<String> {
    let doc = format!("<gpx>{text}</gpx>");
    match GpxRows::new(doc.as_bytes(), "").next_row() {
        Ok(Some(row)) => row.fields,
        _ => vec![String::new(); GPX_HEADER.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="AVL" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="-33.1" lon="-70.1"><name>base</name></wpt>
  <trk>
    <name>M-03 &amp; apoyo</name>
    <type>patrullaje</type>
    <trkseg>
      <trkpt lat="-33.4262" lon="-70.6127"><ele>600</ele><time>2024-03-01T21:00:00Z</time></trkpt>
      <trkpt lat="-33.4270" lon="-70.6100"><time>2024-03-01T21:05:00Z</time></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="-33.4280" lon="-70.6090"/>
    </trkseg>
  </trk>
  <trk><name>M-04</name></trk>
</gpx>
"#;

    fn rows(text: &str) -> Result<Vec<RawRow>, IngestError> {
        let mut r = GpxRows::new(text.as_bytes(), "t.gpx");
        let mut out = vec![];
        while let Some(row) = r.next_row()? {
            out.push(row);
        }
        Ok(out)
    }

    #[test]
    fn each_trk_is_a_row_with_its_points_and_verbatim_text() {
        let got = rows(GPX).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].row, 1);
        assert_eq!(
            got[0].fields,
            vec![
                "M-03 & apoyo",
                "patrullaje",
                "",
                "",
                r#"[["-70.6127","-33.4262","2024-03-01T21:00:00Z"],["-70.6100","-33.4270","2024-03-01T21:05:00Z"],["-70.6090","-33.4280",""]]"#
            ]
        );
        assert!(
            got[0]
                .text
                .starts_with("<trk>\n    <name>M-03 &amp; apoyo</name>")
        );
        assert!(got[0].text.ends_with("</trkseg>\n  </trk>"));
        assert_eq!(
            (got[1].row, got[1].text.as_str()),
            (2, "<trk><name>M-04</name></trk>")
        );
        assert_eq!(split_track(&got[0].text), got[0].fields);
    }

    #[test]
    fn malformed_xml_names_the_row() {
        let text = "<gpx>\n<trk>\n<trkseg>\n<trkpt lat=\"1\" lon=\"2\"></trkseg>\n</trk></gpx>";
        let e = rows(text).unwrap_err().to_string();
        assert!(e.starts_with("t.gpx, line 4: not valid gpx:"), "{e}");
        let e = rows("<gpx><trk><name>x</name>").unwrap_err().to_string();
        assert!(
            e.contains("ends inside the <trk> that starts on line 1"),
            "{e}"
        );
        let e = rows("<kml></kml>").unwrap_err().to_string();
        assert!(e.contains("expected a <gpx> document, found <kml>"), "{e}");
        assert!(rows("").is_err());
    }
}
