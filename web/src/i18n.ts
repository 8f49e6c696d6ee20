// The app's languages (issue #15): English and Russian. Every string a page shows comes
// from a catalogue (src/locales/<lang>.json, a plain object from key to message) through
// t(key, params); numbers and dates are written the language's way through Intl. How a
// message is written and formatted is in messages.ts; how a page adds its strings, in
// docs/web.md.
//
// The member's choice is kept in localStorage ("collegium.lang"); until they choose, the
// browser's preferred languages decide, and English is the fallback. index.html applies the
// same rule to <html lang> before the app loads, so that a screen reader and the browser's
// hyphenation see the right language from the first paint.
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import en from "./locales/en.json";
import ruJson from "./locales/ru.json";
import { formatDateIn, formatMessage, formatNumberIn, messageParts, type Message, type Params } from "./messages";

export type MessageKey = keyof typeof en;
type Catalogue = Record<MessageKey, Message>;

// Russian must have every English key (the type checker says which is missing); that both
// catalogues have the same keys and parameters is checked by tests/e2e/i18n-catalogue.test.mjs.
const ru: Catalogue = ruJson;

export const LANGUAGES = {
  en: { name: "English", locale: "en", catalogue: en as Catalogue },
  ru: { name: "Русский", locale: "ru", catalogue: ru },
} as const;
export type Lang = keyof typeof LANGUAGES;

const STORAGE_KEY = "collegium.lang";

function isLang(s: string | null | undefined): s is Lang {
  return !!s && Object.prototype.hasOwnProperty.call(LANGUAGES, s);
}

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused (private mode, a sandboxed frame): follow the browser
  }
}

// The browser's first preferred language that we have, by its primary subtag ("ru-RU" → ru).
function fromBrowser(): Lang {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split("-")[0];
    if (isLang(primary)) return primary;
  }
  return "en";
}

function initial(): Lang {
  const s = stored();
  return isLang(s) ? s : fromBrowser();
}

let current: Lang = initial();
const listeners = new Set<(l: Lang) => void>();
document.documentElement.lang = current;

export function language(): Lang {
  return current;
}

export function locale(): string {
  return LANGUAGES[current].locale;
}

// Switches the language, remembers it and re-renders whoever uses useLang().
export function setLanguage(l: Lang) {
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not remembered, but still applied for this visit
  }
  document.documentElement.lang = l;
  listeners.forEach((f) => f(l));
}

// The language now; a component calling it renders again when the language changes. The
// shell calls it, so the whole tree renders again with the new strings.
export function useLang(): Lang {
  const [l, setL] = useState(current);
  useEffect(() => {
    listeners.add(setL);
    setL(current);
    return () => void listeners.delete(setL);
  }, []);
  return l;
}

// The message `key` in the current language, its parameters filled in. A key missing from
// a catalogue falls back to English (the type checker already refuses unknown keys).
export function t(key: MessageKey, params?: Params): string {
  const message = LANGUAGES[current].catalogue[key] ?? LANGUAGES.en.catalogue[key];
  return formatMessage(locale(), message, params);
}

// The same, where a parameter is an element (a link inside a sentence): string and number
// parameters are filled in as t() does, the others are put in place as they are.
export function tx(key: MessageKey, params: Record<string, ComponentChild>): ComponentChild[] {
  const plain: Params = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === "string" || typeof v === "number") plain[k] = v;
  return messageParts(t(key, plain)).map((p) => (typeof p === "string" ? p : params[p.param]));
}

// A number as the language writes it: 1,234.5 in English, 1 234,5 in Russian.
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return formatNumberIn(locale(), n, options);
}

// A date (and time, unless options say otherwise) as the language writes it.
export function formatDate(when: string | number | Date, options?: Intl.DateTimeFormatOptions): string {
  return formatDateIn(locale(), when, options);
}
