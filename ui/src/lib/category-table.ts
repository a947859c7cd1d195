// Turns `Stats` into the rows the counts table shows: one section per taxonomy group,
// categories by descending count, with the group's subtotal.
import type { AppLocale } from "../i18n";
import type { CategoryCount, GroupCount, Stats } from "./api";

export interface CategoryRow {
  code: string;
  label: string;
  count: number;
}

export interface GroupSection {
  code: string;
  label: string;
  subtotal: number;
  rows: CategoryRow[];
}

export interface CategoryTable {
  sections: GroupSection[];
  total: number;
  /** The largest single category count: the full width of a bar. */
  maxCount: number;
}

type Labelled = Pick<CategoryCount | GroupCount, "label_es" | "label_en">;

function label(item: Labelled, locale: AppLocale): string {
  return locale === "en" ? item.label_en : item.label_es;
}

function rowsOf(categories: CategoryCount[], locale: AppLocale): CategoryRow[] {
  return categories
    .map((c) => ({ code: c.code, label: label(c, locale), count: c.count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, locale));
}

export function categoryTable(stats: Stats, locale: AppLocale): CategoryTable {
  const known = new Set(stats.by_group.map((g) => g.code));
  const sections: GroupSection[] = stats.by_group.map((group) => ({
    code: group.code,
    label: label(group, locale),
    subtotal: group.count,
    rows: rowsOf(
      stats.by_category.filter((c) => c.group === group.code),
      locale,
    ),
  }));
  // A category whose group the backend did not report still counts: show it under its code.
  const orphans = stats.by_category.filter((c) => !known.has(c.group));
  for (const code of new Set(orphans.map((c) => c.group))) {
    const rows = rowsOf(
      orphans.filter((c) => c.group === code),
      locale,
    );
    sections.push({ code, label: code, subtotal: rows.reduce((n, r) => n + r.count, 0), rows });
  }
  const maxCount = Math.max(0, ...stats.by_category.map((c) => c.count));
  return { sections: sections.filter((s) => s.rows.length > 0), total: stats.incidents, maxCount };
}
