// Message catalogues and the active locale. es-CL is the default; the choice is remembered.
import { addMessages, init, locale } from "svelte-i18n";
import en from "./en.json";
import esCL from "./es-CL.json";

export const LOCALES = ["es-CL", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];

const DEFAULT_LOCALE: AppLocale = "es-CL";
const STORAGE_KEY = "atalaya.locale";

function isAppLocale(value: unknown): value is AppLocale {
  return LOCALES.includes(value as AppLocale);
}

function rememberedLocale(): AppLocale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return isAppLocale(saved) ? saved : DEFAULT_LOCALE;
}

export function setupI18n(): void {
  addMessages("es-CL", esCL);
  addMessages("en", en);
  init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: rememberedLocale() });
  locale.subscribe((value) => {
    if (!isAppLocale(value)) return;
    document.documentElement.lang = value;
    globalThis.localStorage?.setItem(STORAGE_KEY, value);
  });
}

/** The active locale as one of ours (svelte-i18n may report `null` before `init`). */
export function appLocale(value: string | null | undefined): AppLocale {
  return isAppLocale(value) ? value : DEFAULT_LOCALE;
}
