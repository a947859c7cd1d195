// Which catalogue message explains an import or quarantine error, worded around the facts the
// backend names (`details`): the columns a file has, the column a profile needs.
import type { ApiError } from "./api";
import { errorMessageKey } from "./errors";

export function importErrorKey(error: ApiError): string {
  if (error.code === "profile_mismatch" && error.details.column) return "errors.missing_column";
  return errorMessageKey(error);
}

export function importErrorValues(error: ApiError): Record<string, string> {
  return {
    code: error.code,
    message: error.message,
    header: error.details.header || "—",
    column: error.details.column ?? "",
    file: error.details.file ?? "ARCHIVO",
  };
}
