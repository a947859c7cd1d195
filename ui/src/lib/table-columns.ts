// The incident table's columns: what each shows, how wide it is, whether it sorts, and which
// are shown by default. The user's choice is remembered.
import type { SortColumn, TableRow } from "./api";

export type ColumnId =
  "occurred_at" | "category" | "source" | "cuadrante" | "barrio" | "address" | "description" | "id";

export interface Column {
  id: ColumnId;
  /** CSS grid track. */
  width: string;
  sort?: SortColumn;
}

export const COLUMNS: Column[] = [
  { id: "occurred_at", width: "9.5rem", sort: "occurred_at" },
  { id: "category", width: "minmax(11rem, 1.3fr)", sort: "category" },
  { id: "cuadrante", width: "5.5rem", sort: "cuadrante" },
  { id: "barrio", width: "6rem", sort: "barrio" },
  { id: "address", width: "minmax(9rem, 1fr)" },
  { id: "description", width: "minmax(12rem, 2fr)" },
  { id: "source", width: "minmax(8rem, 1fr)", sort: "source" },
  { id: "id", width: "19rem" },
];

export const DEFAULT_COLUMNS: ColumnId[] = [
  "occurred_at",
  "category",
  "cuadrante",
  "address",
  "description",
];

const STORAGE_KEY = "atalaya.tableColumns";

export function loadColumns(): ColumnId[] {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? "null");
    const known = new Set(COLUMNS.map((c) => c.id));
    if (Array.isArray(saved) && saved.length > 0 && saved.every((id) => known.has(id)))
      return saved;
  } catch {
    // A damaged preference falls back to the default.
  }
  return [...DEFAULT_COLUMNS];
}

export function storeColumns(ids: ColumnId[]): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(ids));
}

/** "2025-01-03T21:15:00-03:00" → "2025-01-03 21:15" (already Santiago time). */
export function shortLocalTime(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

/** The text a cell shows; `categoryLabel` turns a code into the current language's label. */
export function cellText(
  row: TableRow,
  id: ColumnId,
  categoryLabel: (code: string) => string,
): string {
  switch (id) {
    case "occurred_at":
      return shortLocalTime(row.occurred_at);
    case "category":
      return categoryLabel(row.category);
    default:
      return row[id] ?? "";
  }
}
