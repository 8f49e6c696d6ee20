// Formatting one message of a catalogue, with no other imports, so that a Node test can
// load this file alone (tests/e2e/i18n-catalogue.test.mjs) and check the same code the
// pages run.
//
// A message is a string with named parameters in braces ("Logged in as {name}"), or, when
// it depends on a number, an object with one string per plural category of the language
// (Intl.PluralRules: "one" and "other" in English; "one", "few", "many" and "other" in
// Russian), chosen by the parameter `count`. Numbers given as parameters are written the
// language's way (Intl.NumberFormat: "1,234" in English, "1 234" in Russian).

export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Params = Record<string, string | number>;

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function rulesFor(locale: string): Intl.PluralRules {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

export function formatNumberIn(locale: string, n: number, options?: Intl.NumberFormatOptions): string {
  if (options) return new Intl.NumberFormat(locale, options).format(n);
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 })));
  return f.format(n);
}

// A date as the language writes it ("8 Dec 2026, 01:10" in English, "8 дек. 2026 г., 01:10"
// in Russian); what it cannot read as a date it returns as it is.
export function formatDateIn(
  locale: string,
  when: string | number | Date,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
): string {
  const d = when instanceof Date ? when : new Date(when);
  return Number.isNaN(d.getTime()) ? String(when) : new Intl.DateTimeFormat(locale, options).format(d);
}

// The message's text for these parameters. A plural message without `count` takes "other";
// a parameter the message names but was not given is left in braces, so that it shows.
export function formatMessage(locale: string, message: Message, params: Params = {}): string {
  let text: string;
  if (typeof message === "string") {
    text = message;
  } else {
    const count = params.count;
    const category = typeof count === "number" ? rulesFor(locale).select(count) : "other";
    text = message[category] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumberIn(locale, v) : v;
  });
}

// The names of the parameters a message uses, over all its plural forms.
export function messageParams(message: Message): Set<string> {
  const out = new Set<string>();
  for (const text of typeof message === "string" ? [message] : Object.values(message)) {
    for (const m of (text ?? "").matchAll(/\{(\w+)\}/g)) out.add(m[1]);
  }
  return out;
}

// Splits a message at its parameters: ["Logged in as ", {param: "name"}, ""], for callers
// that put an element (a link) where a parameter stands.
export function messageParts(text: string): (string | { param: string })[] {
  const parts: (string | { param: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    parts.push(text.slice(last, m.index));
    parts.push({ param: m[1] });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}
