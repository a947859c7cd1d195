// The filter panel's state, how it becomes the backend's `FilterArgs`, and saved filter sets.
import type { FilterArgs } from "./api";

export interface FilterState {
  /** First day shown, `YYYY-MM-DD` (inclusive). */
  from: string | null;
  /** Last day shown, `YYYY-MM-DD` (inclusive). */
  to: string | null;
  /** Category codes, or group codes standing for the whole group. */
  categories: string[];
  sources: string[];
  /** Cuadrante or barrio codes. */
  areas: string[];
  text: string;
}

export const EMPTY_FILTER: FilterState = {
  from: null,
  to: null,
  categories: [],
  sources: [],
  areas: [],
  text: "",
};

/** The day after `day` (`YYYY-MM-DD`), computed on the calendar, not in any time zone. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}

/** Adds `n` days to `day` (`YYYY-MM-DD`). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (`YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function toFilterArgs(state: FilterState): FilterArgs {
  const text = state.text.trim();
  return {
    from: state.from,
    // The panel's "to" day is included: the backend's bound is exclusive.
    to: state.to ? nextDay(state.to) : null,
    categories: [...state.categories],
    sources: [...state.sources],
    areas: [...state.areas],
    text: text === "" ? null : text,
  };
}

export function isEmptyFilter(state: FilterState): boolean {
  return JSON.stringify(state) === JSON.stringify(EMPTY_FILTER);
}

export interface SavedFilter {
  name: string;
  filter: FilterState;
}

const SAVED_KEY = "atalaya.savedFilters";

export function loadSavedFilters(): SavedFilter[] {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(SAVED_KEY) ?? "[]");
    return Array.isArray(raw) ? raw.filter((s) => typeof s?.name === "string" && s.filter) : [];
  } catch {
    return [];
  }
}

export function storeSavedFilters(saved: SavedFilter[]): void {
  globalThis.localStorage?.setItem(SAVED_KEY, JSON.stringify(saved));
}
