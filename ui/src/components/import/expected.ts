// What a quarantined or previewed row should have held, in the current language. The backend
// states it in English (`Rejection::expected`, written in `crates/atalaya-ingest/src/standardize/`
// and `crates/atalaya/src/import/{preview,sink}.rs`); each form it can take is matched here and
// worded from the catalogue, with the facts it names (formats, zone, digit, street) kept as they
// are. A form not listed stays in English rather than being lost.
type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

interface Rule {
  pattern: RegExp;
  key: string;
  values?: (match: RegExpMatchArray, t: Translate) => Record<string, string>;
}

/** JSON value kinds as the reader names them (`kind_of` in `atalaya-ingest/src/json.rs`). */
const JSON_KINDS: Record<string, string> = {
  null: "null",
  "a boolean": "boolean",
  "a number": "number",
  "a string": "string",
  "an array": "array",
  "an object": "object",
};

/** Why a JSON record could not be read (`parse_object` in `atalaya-ingest/src/json.rs`). */
function recordFault(fault: string, t: Translate): string {
  if (fault === 'expected a GeoJSON Feature ("type": "Feature")')
    return t("expected.fault.geojsonFeature");
  const found = fault.match(/^expected a JSON object, found (.+)$/);
  if (found && JSON_KINDS[found[1]])
    return t("expected.fault.jsonObject", {
      values: { found: t(`expected.json.${JSON_KINDS[found[1]]}`) },
    });
  const invalid = fault.match(/^not valid JSON: (.+)$/s);
  if (invalid) return t("expected.fault.notJson", { values: { detail: invalid[1] } });
  return fault;
}

/** Why an address could not be placed (`GeocodeError` in `atalaya-ingest/src/geocode/`). */
function geocodeFault(why: string, t: Translate): string {
  if (why === "no gazetteer loaded") return t("expected.why.noGazetteer");
  if (why === "no street name in the address") return t("expected.why.noStreet");
  const street = why.match(/^no street named '(.+)' in the gazetteer$/);
  if (street) return t("expected.why.unknownStreet", { values: { street: street[1] } });
  const crossing = why.match(/^'(.+)' and '(.+)' do not cross$/);
  if (crossing) return t("expected.why.noCrossing", { values: { a: crossing[1], b: crossing[2] } });
  return why;
}

/** A profile's date format (chrono's `%d-%m-%Y %H:%M`) as people write one: «dd-mm-aaaa HH:MM»
 * (yyyy in English). A directive with no common spelling is kept as it is. */
function humanDateFormat(format: string, t: Translate): string {
  const tokens: Record<string, string> = {
    d: "dd",
    e: "d",
    m: "mm",
    b: "mmm",
    Y: t("expected.year"),
    y: t("expected.year2"),
    H: "HH",
    I: "hh",
    M: "MM",
    S: "SS",
    p: "AM/PM",
    F: `${t("expected.year")}-mm-dd`,
    R: "HH:MM",
    T: "HH:MM:SS",
    "%": "%",
  };
  return format.replace(/%([A-Za-z%])/g, (whole, c: string) => tokens[c] ?? whole);
}

/** `` `%d-%m-%Y` or `%d/%m/%Y` or an Excel serial number `` in the current language. */
function dateForms(forms: string, t: Translate): string {
  return forms
    .split(" or ")
    .map((f) => {
      if (f === "an Excel serial number") return t("expected.excelSerial");
      const quoted = f.match(/^`(.+)`$/);
      if (!quoted) return f;
      return t("expected.pattern", { values: { pattern: humanDateFormat(quoted[1], t) } });
    })
    .join(` ${t("expected.or")} `);
}

const RULES: Rule[] = [
  {
    pattern: /^a date as (.+)$/,
    key: "dateAs",
    values: (m, t) => ({ forms: dateForms(m[1], t) }),
  },
  { pattern: /^a \[time\] section in the profile$/, key: "timeSection" },
  {
    pattern: /^a local time that occurs once in (.+) \(this one is repeated when DST ends\)$/,
    key: "onceIn",
    values: (m) => ({ zone: m[1] }),
  },
  {
    pattern: /^a local time that exists in (.+) \(this one is skipped when DST starts\)$/,
    key: "existsIn",
    values: (m) => ({ zone: m[1] }),
  },
  { pattern: /^(\d+) columns, as in the header$/, key: "columns", values: (m) => ({ n: m[1] }) },
  {
    pattern: /^longitude and latitude in degrees \(EPSG:4326\) near Santiago, e\.g\. .+$/,
    key: "wgs84",
  },
  { pattern: /^UTM zone 19S easting .+ and northing .+$/, key: "utm19s" },
  {
    pattern: /^usable coordinates, or an address the street gazetteer can place \((.+)\)$/,
    key: "geocodable",
    values: (m, t) => ({ why: geocodeFault(m[1], t) }),
  },
  {
    pattern: /^a source category listed in the profile's \[category\.map\] \(or a taxonomy code\)$/,
    key: "category",
  },
  { pattern: /^a case number$/, key: "caseNumber" },
  { pattern: /^a RUC: 10 digits, a dash and a check digit/, key: "rucShape" },
  {
    pattern: /^a RUC whose check digit is (.) \(módulo 11 over its 10 digits\)$/,
    key: "rucDigit",
    values: (m) => ({ digit: m[1] }),
  },
  { pattern: /^the patrol unit's code \(GPX: the track's <name>\)$/, key: "unit" },
  {
    pattern: /^points as JSON \[\["lon", "lat", "time"\], …\] \((.+)\)$/s,
    key: "pointsJson",
    values: (m) => ({ detail: m[1] }),
  },
  { pattern: /^a track with at least one <trkpt lat lon> with its <time>$/, key: "trackPoint" },
  { pattern: /^a longitude in degrees, −180 to 180$/, key: "longitude" },
  { pattern: /^a latitude in degrees, −90 to 90$/, key: "latitude" },
  {
    pattern: /^an ISO 8601 time such as (.+)$/,
    key: "isoTime",
    values: (m) => ({ example: m[1] }),
  },
  {
    pattern: /^a well-formed (\w+) record \((.+)\)$/s,
    key: "wellFormed",
    values: (m, t) => ({ kind: m[1].toUpperCase(), fault: recordFault(m[2], t) }),
  },
  {
    pattern: /^a point inside the comuna boundary \((.+)\)$/,
    key: "insideComuna",
    values: (m) => ({ name: m[1] }),
  },
];

/** `raw` worded in the current language; `raw` itself when it is not a known form. */
export function expectedText(t: Translate, raw: string): string {
  const text = raw.trim();
  for (const rule of RULES) {
    const match = text.match(rule.pattern);
    if (match) return t(`expected.${rule.key}`, { values: rule.values?.(match, t) ?? {} });
  }
  return raw;
}
