// The taxonomy's category labels in the app's language, by code (from the store's catalogue).
import type { AppLocale } from "../i18n";
import type { ViewCatalog } from "./api";

export function categoryLabels(
  catalog: ViewCatalog | null,
  locale: AppLocale,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const g of catalog?.groups ?? [])
    for (const c of g.categories) map.set(c.code, locale === "en" ? c.label_en : c.label_es);
  return map;
}
