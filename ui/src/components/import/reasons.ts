// The label of a quarantine reason code in the current language (unknown codes say so).
const REASONS = new Set([
  "wrong_column_count",
  "bad_date",
  "ambiguous_time",
  "nonexistent_time",
  "no_location",
  "unknown_category",
  "outside_comuna",
  "invalid_case_number",
  "missing_value",
  "malformed",
]);

export function reasonLabel(translate: (key: string) => string, code: string): string {
  return translate(REASONS.has(code) ? `reasons.${code}` : "reasons.unknown");
}
