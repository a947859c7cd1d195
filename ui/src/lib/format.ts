// Locale-aware number and date formatting (es-CL: "12.345", "3 ene 2025").
import type { AppLocale } from "../i18n";

export function formatCount(value: number, locale: AppLocale): string {
  // "always": some ICU versions skip the separator in 4-digit Spanish numbers ("1234").
  return new Intl.NumberFormat(locale, { useGrouping: "always" }).format(value);
}

/** Smallest share shown as a number; below it a non-zero share reads "< 0,1 %", never "0,0 %". */
const MIN_SHOWN_SHARE = 0.0005;

export function formatShare(part: number, whole: number, locale: AppLocale): string {
  const share = whole > 0 ? part / whole : 0;
  const percent = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  if (share > 0 && share < MIN_SHOWN_SHARE) return `< ${percent.format(0.001)}`;
  return percent.format(share);
}

/** Incidents happen in Providencia: days are Santiago's, whatever the machine's zone. */
const COMUNA_TIME_ZONE = "America/Santiago";

export function formatDay(iso: string, locale: AppLocale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: COMUNA_TIME_ZONE,
  }).format(date);
}

/** A calendar day (`YYYY-MM-DD`, no time zone) as the locale writes it: "3 ene 2025". */
export function formatPlainDay(day: string, locale: AppLocale): string {
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

/** Short counts for map labels: 950, 12k / 12 mil, 1,2 M. */
export function formatCompact(value: number, locale: AppLocale): string {
  return new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(
    value,
  );
}

/** Date and time of an incident in Santiago: "3 ene 2025, 21:15". */
export function formatDateTime(iso: string, locale: AppLocale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: COMUNA_TIME_ZONE,
  }).format(date);
}
