// Rows as tab-separated text for the clipboard (pastes into a spreadsheet as cells).

/** A cell as TSV: tabs and line breaks become spaces, so one row stays one line. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[\t\r\n]+/g, " ");
}

export function toTsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join("\t")).join("\n") + "\n";
}
