// Every form of the backend's "expected" text (`Rejection::expected` in
// `crates/atalaya-ingest/src/standardize/` and `crates/atalaya/src/import/{preview,sink}.rs`)
// is worded in Spanish, and in English when English is chosen; the quarantine shows the Spanish
// and keeps the backend's text as a tooltip.
import assert from "node:assert/strict";
import { test } from "node:test";
import { QUARANTINE_STORE } from "./support/import-scenarios.mjs";
import { uiSession } from "./support/ui-session.mjs";

const ui = uiSession();

/** `[backend text, Spanish, English]`, one per form the backend writes. */
const FORMS = [
  [
    "a date as `%d-%m-%Y %H:%M` or an Excel serial number",
    "una fecha con formato «dd-mm-aaaa HH:MM» o un número de serie de Excel",
    "a date as “dd-mm-yyyy HH:MM” or an Excel serial number",
  ],
  [
    "a date as `%Y-%m-%dT%H:%M:%S` or `%d/%m/%y %I:%M %p` or `%F %T` or `%d.%m.%Y %Q`",
    "una fecha con formato «aaaa-mm-ddTHH:MM:SS» o «dd/mm/aa hh:MM AM/PM» o «aaaa-mm-dd HH:MM:SS» o «dd.mm.aaaa %Q»",
    "a date as “yyyy-mm-ddTHH:MM:SS” or “dd/mm/yy hh:MM AM/PM” or “yyyy-mm-dd HH:MM:SS” or “dd.mm.yyyy %Q”",
  ],
  [
    "a [time] section in the profile",
    "una sección [time] en el perfil",
    "a [time] section in the profile",
  ],
  [
    "a local time that occurs once in America/Santiago (this one is repeated when DST ends)",
    "una hora local que ocurra una sola vez en America/Santiago (esta se repite cuando termina el horario de verano)",
    "a local time that occurs once in America/Santiago (this one is repeated when daylight saving time ends)",
  ],
  [
    "a local time that exists in America/Santiago (this one is skipped when DST starts)",
    "una hora local que exista en America/Santiago (esta se salta cuando comienza el horario de verano)",
    "a local time that exists in America/Santiago (this one is skipped when daylight saving time starts)",
  ],
  [
    "9 columns, as in the header",
    "9 columnas, como en el encabezado",
    "9 columns, as in the header",
  ],
  [
    "longitude and latitude in degrees (EPSG:4326) near Santiago, e.g. -70.61 and -33.43",
    "longitud y latitud en grados (EPSG:4326) cerca de Santiago, p. ej. -70.61 y -33.43",
    "longitude and latitude in degrees (EPSG:4326) near Santiago, e.g. -70.61 and -33.43",
  ],
  [
    "UTM zone 19S easting (100000–900000 m) and northing (0–10000000 m)",
    "coordenadas UTM zona 19S: este entre 100000 y 900000 m y norte entre 0 y 10000000 m",
    "UTM zone 19S coordinates: easting 100000 to 900000 m and northing 0 to 10000000 m",
  ],
  [
    "usable coordinates, or an address the street gazetteer can place (no gazetteer loaded)",
    "coordenadas utilizables, o una dirección que el callejero pueda ubicar (no hay un callejero cargado)",
    "usable coordinates, or an address the street gazetteer can place (no street gazetteer loaded)",
  ],
  [
    "usable coordinates, or an address the street gazetteer can place (no street name in the address)",
    "coordenadas utilizables, o una dirección que el callejero pueda ubicar (la dirección no nombra una calle)",
    "usable coordinates, or an address the street gazetteer can place (no street name in the address)",
  ],
  [
    "usable coordinates, or an address the street gazetteer can place (no street named 'avenida los leonez' in the gazetteer)",
    "coordenadas utilizables, o una dirección que el callejero pueda ubicar (no hay una calle llamada «avenida los leonez» en el callejero)",
    "usable coordinates, or an address the street gazetteer can place (no street named “avenida los leonez” in the gazetteer)",
  ],
  [
    "usable coordinates, or an address the street gazetteer can place ('suecia' and 'holanda' do not cross)",
    "coordenadas utilizables, o una dirección que el callejero pueda ubicar («suecia» y «holanda» no se cruzan)",
    "usable coordinates, or an address the street gazetteer can place (“suecia” and “holanda” do not cross)",
  ],
  [
    "a source category listed in the profile's [category.map] (or a taxonomy code)",
    "una categoría de la fuente listada en [category.map] del perfil (o un código de la taxonomía)",
    "a source category listed in the profile's [category.map] (or a taxonomy code)",
  ],
  ["a case number", "un número de causa", "a case number"],
  [
    "a RUC: 10 digits, a dash and a check digit (e.g. 2400123456-7)",
    "un RUC: 10 dígitos, un guion y un dígito verificador (p. ej. 2400123456-7)",
    "a RUC: 10 digits, a dash and a check digit (e.g. 2400123456-7)",
  ],
  [
    "a RUC whose check digit is K (módulo 11 over its 10 digits)",
    "un RUC cuyo dígito verificador sea K (módulo 11 sobre sus 10 dígitos)",
    "a RUC whose check digit is K (modulo 11 over its 10 digits)",
  ],
  [
    "the patrol unit's code (GPX: the track's <name>)",
    "el código del móvil (en GPX, el nombre del recorrido)",
    "the patrol unit's code (in GPX, the track's name)",
  ],
  [
    'points as JSON [["lon", "lat", "time"], …] (EOF while parsing a list at line 1 column 9)',
    "puntos como JSON [[lon, lat, hora], …] (EOF while parsing a list at line 1 column 9)",
    "points as JSON [[lon, lat, time], …] (EOF while parsing a list at line 1 column 9)",
  ],
  [
    "a track with at least one <trkpt lat lon> with its <time>",
    "un recorrido con al menos un punto (trkpt) con latitud, longitud y hora",
    "a track with at least one point (trkpt) with latitude, longitude and time",
  ],
  [
    "a longitude in degrees, −180 to 180",
    "una longitud en grados, entre −180 y 180",
    "a longitude in degrees, −180 to 180",
  ],
  [
    "a latitude in degrees, −90 to 90",
    "una latitud en grados, entre −90 y 90",
    "a latitude in degrees, −90 to 90",
  ],
  [
    "an ISO 8601 time such as 2024-03-01T21:15:00Z",
    "una hora ISO 8601, como 2024-03-01T21:15:00Z",
    "an ISO 8601 time such as 2024-03-01T21:15:00Z",
  ],
  [
    'a well-formed geojson record (expected a GeoJSON Feature ("type": "Feature"))',
    'un registro GEOJSON bien formado (se esperaba un Feature de GeoJSON, con "type": "Feature")',
    'a well-formed GEOJSON record (expected a GeoJSON Feature, with "type": "Feature")',
  ],
  [
    "a well-formed json record (expected a JSON object, found an array)",
    "un registro JSON bien formado (se esperaba un objeto JSON y llegó una lista)",
    "a well-formed JSON record (expected a JSON object, found an array)",
  ],
  [
    "a well-formed json record (not valid JSON: expected value at line 1 column 1)",
    "un registro JSON bien formado (no es JSON válido: expected value at line 1 column 1)",
    "a well-formed JSON record (not valid JSON: expected value at line 1 column 1)",
  ],
  [
    "a point inside the comuna boundary (Providencia)",
    "un punto dentro del límite de la comuna (Providencia)",
    "a point inside the comuna boundary (Providencia)",
  ],
  // A form the UI does not know stays as the backend wrote it.
  ["something new", "something new", "something new"],
];

const worded = (page, raws) =>
  page.evaluate((list) => list.map((raw) => window.__atalayaExpected(raw)), raws);

test("every backend form of 'expected' is worded in Spanish, and in English on request", async () => {
  const { page, errors } = await ui.open(QUARANTINE_STORE);
  await page.waitForFunction(() => typeof window.__atalayaExpected === "function");
  const raws = FORMS.map(([raw]) => raw);
  assert.deepEqual(
    await worded(page, raws),
    FORMS.map(([, es]) => es),
  );
  await page.click('.language-switch button[data-locale="en"]');
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.deepEqual(
    await worded(page, raws),
    FORMS.map(([, , en]) => en),
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test("the quarantine shows what was expected in Spanish, with the backend's text as a tooltip", async () => {
  const { page } = await ui.open(QUARANTINE_STORE);
  await page.click('nav button[data-screen="quarantine"]');
  const first = await page.waitForSelector('[data-testid="quarantine-expected"]');
  assert.equal(
    (await first.textContent()).replace(/\s+/g, " ").trim(),
    "Se esperaba: una fecha con formato «dd-mm-aaaa HH:MM» o «dd-mm-aaaa HH:MM:SS»",
  );
  assert.equal(
    await first.getAttribute("title"),
    "a date as `%d-%m-%Y %H:%M` or `%d-%m-%Y %H:%M:%S`",
  );
  await page.close();
});
