// What a failed analysis run or export says, in the current language (chosen by code and
// details, never by message text); codes the analysis commands do not give fall back to the
// app's general messages.
import type { ApiError } from "./api";
import { paramKey } from "./analysis-legend";
import { errorMessageKey } from "./errors";

type Translate = (key: string, options?: { values?: Record<string, string> }) => string;

export function analysisProblemText(error: ApiError, t: Translate): string {
  if (error.code === "invalid_argument")
    return t("analysis.error.invalid", {
      values: {
        param: t(paramKey(error.details.what)),
        value: error.details.value ?? "",
        message: error.message,
      },
    });
  if (error.code === "analysis_running") return t("analysis.error.running");
  if (error.code === "no_analysis") return t("analysis.error.noResult");
  if (error.code === "io") return t("analysis.error.io", { values: { message: error.message } });
  return t(errorMessageKey(error), { values: { code: error.code, message: error.message } });
}
