// Mocked backend states for the import wizard and the quarantine review: files by path, the
// built-in profiles, and rows in quarantine.
import { SCENARIOS } from "./scenarios.mjs";

export const PATROL_FILE = "/home/analista/exportaciones/partes-marzo.csv";
export const EMPTY_FILE = "/home/analista/exportaciones/vacio.csv";
export const FOREIGN_FILE = "/home/analista/exportaciones/datos-abiertos.csv";
export const DONE_FILE = "/home/analista/exportaciones/partes-febrero.csv";
export const BIG_FILE = "/home/analista/exportaciones/partes-2024.csv";

/** What the backend says an unknown category should have been (`standardize/kinds.rs`). */
const CATEGORY_EXPECTED =
  "a source category listed in the profile's [category.map] (or a taxonomy code)";

const HEADER = [
  "N° Procedimiento",
  "Fecha",
  "Hora",
  "Tipo Procedimiento",
  "Dirección",
  "Latitud",
  "Longitud",
  "Móvil",
  "Observaciones",
];

export const PROFILES = [
  {
    name: "patrullaje_municipal",
    kind: "patrol",
    source: "Patrullaje municipal",
    format: "csv",
    record: "incident",
    description: "Partes de patrullaje de Seguridad Municipal",
  },
  {
    name: "denuncias_ciudadanas",
    kind: "citizen",
    source: "Denuncias ciudadanas",
    format: "csv",
    record: "incident",
    description: "Denuncias recibidas por teléfono y aplicación",
  },
];

const okRow = (row, id, when, category, original) => ({
  row,
  status: "ok",
  record_id: id,
  values: [
    { field: "occurred_from", value: when },
    { field: "category", value: category },
    { field: "original_category", value: original },
    { field: "location", value: "-70.615500, -33.417500" },
    { field: "address", value: "Av. Providencia 1234" },
    { field: "cuadrante", value: "C01" },
  ],
});

const preview = (file, overrides = {}) => ({
  file,
  file_bytes: 48_211,
  profile: "patrullaje_municipal",
  profile_auto: true,
  format: "csv",
  source: "Patrullaje municipal",
  record: "incident",
  header: HEADER,
  rows: [
    okRow(2, "PM-1", "2025-03-01T21:15:00-03:00", "dmcs.robo_sorpresa", "Robo por sorpresa"),
    { row: 3, status: "bad_date", record_id: null, values: [] },
    okRow(4, "PM-3", "2025-03-02T21:15:00-03:00", "dmcs.hurto", "Hurto"),
    { row: 5, status: "unknown_category", record_id: null, values: [] },
  ],
  scanned: 1204,
  more: false,
  ok: 1202,
  rejected: 2,
  by_reason: { bad_date: 1, unknown_category: 1 },
  problems: [
    {
      row: 3,
      reason: "bad_date",
      column: "Fecha + Hora",
      value: "31-02-2025 21:15",
      expected: "a date as `%d-%m-%Y %H:%M` or `%d-%m-%Y %H:%M:%S`",
    },
    {
      row: 5,
      reason: "unknown_category",
      column: "Tipo Procedimiento",
      value: "Abigeato",
      expected: CATEGORY_EXPECTED,
    },
  ],
  previous: null,
  ...overrides,
});

const fields = (values) => HEADER.map((column, i) => ({ column, value: values[i], edited: false }));

const BATCH = "0190c000-0000-7000-8000-000000000001";

export const QUARANTINED = [
  {
    id: "0190d000-0000-7000-8000-000000000003",
    file: "partes-marzo.csv",
    row: 3,
    reason: "bad_date",
    column: "Fecha + Hora",
    value: "31-02-2025 21:15",
    expected: "a date as `%d-%m-%Y %H:%M` or `%d-%m-%Y %H:%M:%S`",
    content: "PM-2;31-02-2025;21:15;Hurto;Av. Providencia 1234;-33,4175;-70,6155;M-03;Nota",
    batch_id: BATCH,
    fields: fields([
      "PM-2",
      "31-02-2025",
      "21:15",
      "Hurto",
      "Av. Providencia 1234",
      "-33,4175",
      "-70,6155",
      "M-03",
      "Nota",
    ]),
  },
  {
    id: "0190d000-0000-7000-8000-000000000005",
    file: "partes-marzo.csv",
    row: 5,
    reason: "unknown_category",
    column: "Tipo Procedimiento",
    value: "Abigeato",
    expected: CATEGORY_EXPECTED,
    content: "PM-4;02-03-2025;21:15;Abigeato;Av. Providencia 1234;-33,4175;-70,6155;M-03;Nota",
    batch_id: BATCH,
    fields: fields([
      "PM-4",
      "02-03-2025",
      "21:15",
      "Abigeato",
      "Av. Providencia 1234",
      "-33,4175",
      "-70,6155",
      "M-03",
      "Nota",
    ]),
  },
];

/** `links`: incidents merged into another source's, and pairs queued for review. */
const summary = (file, read, quarantined, [linked, linkQueued] = [0, 0]) => ({
  file,
  profile: "patrullaje_municipal",
  profile_auto: true,
  source: "Patrullaje municipal",
  batch_id: BATCH,
  content_hash: "ab12",
  already_imported: false,
  resumed_after_row: null,
  read,
  accepted: read - quarantined,
  created: read - quarantined - 3,
  updated: 3,
  quarantined,
  duplicate: 0,
  linked,
  link_queued: linkQueued,
  by_reason: { bad_date: 1, unknown_category: 1 },
  chunks: 1,
  notes: [],
});

export const IMPORT_STORE = {
  ...SCENARIOS.keyringStore,
  imports: {
    profiles: PROFILES,
    chosenFile: PATROL_FILE,
    files: {
      [PATROL_FILE]: {
        preview: preview(PATROL_FILE),
        summary: summary(PATROL_FILE, 1204, 2, [1034, 3]),
        steps: 4,
        stepMs: 250,
        quarantine: QUARANTINED,
      },
      [EMPTY_FILE]: {
        error: {
          code: "empty_file",
          message: `${EMPTY_FILE}: no header row (the file is empty)`,
          details: { file: EMPTY_FILE },
        },
      },
      [FOREIGN_FILE]: {
        error: {
          code: "profile_mismatch",
          message: "no profile matches its header",
          details: { file: FOREIGN_FILE, header: "folio, fecha_hecho, comuna, delito" },
        },
      },
      [DONE_FILE]: {
        preview: preview(DONE_FILE, {
          previous: {
            batch_id: BATCH,
            imported_at: "2025-03-02T09:00:00-03:00",
            rows_read: 1204,
            complete: true,
            last_row: 1205,
          },
        }),
      },
      [BIG_FILE]: {
        preview: preview(BIG_FILE, { scanned: 10_000, more: true }),
        summary: summary(BIG_FILE, 250_000, 2),
        steps: 40,
        stepMs: 300,
      },
    },
  },
};

/** The same store with rows already in quarantine. */
export const QUARANTINE_STORE = {
  ...IMPORT_STORE,
  imports: { ...IMPORT_STORE.imports, quarantine: QUARANTINED },
};
