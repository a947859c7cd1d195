// Which catalogue message explains a failed case command (chosen by code and details, never by
// message text). Codes the cases commands do not give fall back to the app's general messages.
import type { ApiError } from "./api";
import { errorMessageKey } from "./errors";

export interface CaseErrorText {
  key: string;
  values: Record<string, string>;
}

/** `invalid_argument`'s `what` → the message that says what to type. */
const MISSING: Record<string, string> = {
  "case title": "cases.error.title",
  note: "cases.error.note",
  "review comment": "cases.error.comment",
};

export function caseErrorText(error: ApiError): CaseErrorText {
  const d = error.details;
  switch (error.code) {
    case "case_state":
      // `status` and `action` pick words with ICU `select`; unknown ones read "other".
      return {
        key: "cases.error.state",
        values: { status: d.status ?? "", action: d.action ?? "" },
      };
    case "role_required":
      return { key: "cases.error.role", values: { role: d.role ?? "" } };
    case "not_found":
      return { key: "cases.error.notFound", values: {} };
    case "invalid_argument": {
      const key = MISSING[d.what ?? ""];
      if (key) return { key, values: {} };
      return {
        key: "cases.error.invalid",
        values: { what: d.what ?? "", value: d.value ?? "" },
      };
    }
    default:
      return {
        key: errorMessageKey(error),
        values: { code: error.code, message: error.message },
      };
  }
}
