// Which catalogue message explains an `ApiError` (chosen by code, never by message text).
import type { ApiError } from "./api";

export function errorMessageKey(error: ApiError): string {
  return error.isKnown() ? `errors.${error.code}` : "errors.unknown";
}

export function errorMessageValues(error: ApiError, storePath: string): Record<string, string> {
  return { code: error.code, message: error.message, path: storePath };
}
