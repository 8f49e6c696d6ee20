// The message catalogues (issue #15): web/src/locales/en.json and ru.json have the same
// keys, each message the same parameters in both, and every plural message exactly the
// plural forms its language has (Intl.PluralRules). Then web/src/messages.ts, the code that
// formats a message in the app, is compiled with the web app's TypeScript and checked on
// Russian plurals and numbers. Reads files only: no server, no browser.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LANGS = { en: "en", ru: "ru" }; // as LANGUAGES in web/src/i18n.ts: language → locale
const catalogue = (l) => JSON.parse(readFileSync(path.join(root, `web/src/locales/${l}.json`), "utf8"));

function params(message) {
  const texts = typeof message === "string" ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();
}

test("the English and Russian catalogues have the same keys and the same parameters in each message", () => {
  const en = catalogue("en");
  const ru = catalogue("ru");
  const missing = (a, b) => Object.keys(a).filter((k) => !(k in b));
  assert.deepEqual(missing(en, ru), [], "keys in English missing from Russian");
  assert.deepEqual(missing(ru, en), [], "keys in Russian missing from English");
  assert.ok(Object.keys(en).length >= 30, "the shell's strings are in the catalogue");
  for (const key of Object.keys(en)) {
    assert.deepEqual(params(ru[key]), params(en[key]), `${key}: the same parameters in both languages`);
  }
});

test("every message is text, and a plural message has exactly its language's plural forms, each with {count}", () => {
  for (const [lang, locale] of Object.entries(LANGS)) {
    const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.sort();
    for (const [key, message] of Object.entries(catalogue(lang))) {
      if (typeof message === "string") {
        assert.ok(message.trim().length > 0, `${lang} ${key} is empty`);
        assert.equal(message.trim(), message, `${lang} ${key} has spaces at an end`);
        continue;
      }
      assert.equal(typeof message, "object", `${lang} ${key} is a string or plural forms`);
      assert.deepEqual(Object.keys(message).sort(), forms, `${lang} ${key}: the plural forms of ${locale}`);
      for (const [form, text] of Object.entries(message)) {
        assert.match(text, /\{count\}/, `${lang} ${key}.${form} says the number`);
      }
    }
  }
});

// web/src/messages.ts as JavaScript, through the TypeScript compiler the web app builds with.
async function loadMessages() {
  const require = createRequire(path.join(root, "web/package.json"));
  const ts = require("typescript");
  const source = readFileSync(path.join(root, "web/src/messages.ts"), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const dir = mkdtempSync(path.join(tmpdir(), "collegium-messages-"));
  try {
    const file = path.join(dir, "messages.mjs");
    writeFileSync(file, js);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a message is formatted in its language: Russian plurals, numbers and parameters", async () => {
  const { formatDateIn, formatMessage, messageParams, messageParts } = await loadMessages();
  const signatures = {
    one: "{count} подпись из {needed}",
    few: "{count} подписи из {needed}",
    many: "{count} подписей из {needed}",
    other: "{count} подписи из {needed}",
  };
  const ru = (count) => formatMessage("ru", signatures, { count, needed: 1200 });
  assert.equal(ru(1), "1 подпись из 1\u00a0200");
  assert.equal(ru(3), "3 подписи из 1\u00a0200");
  assert.equal(ru(5), "5 подписей из 1\u00a0200");
  assert.equal(ru(11), "11 подписей из 1\u00a0200");
  assert.equal(ru(21), "21 подпись из 1\u00a0200");
  assert.equal(ru(1.5), "1,5 подписи из 1\u00a0200");
  const en = { one: "{count} signature", other: "{count} signatures" };
  assert.equal(formatMessage("en", en, { count: 1 }), "1 signature");
  assert.equal(formatMessage("en", en, { count: 1234 }), "1,234 signatures");
  assert.equal(formatMessage("en", "Logged in as {who}", { who: "Ines" }), "Logged in as Ines");
  // A parameter not given stays in braces, where a reader sees that it is missing.
  assert.equal(formatMessage("en", "{a} and {b}", { a: "x" }), "x and {b}");
  assert.deepEqual([...messageParams(signatures)].sort(), ["count", "needed"]);
  // Dates in the language's words, in UTC here so that the test does not depend on the machine.
  const when = "2026-12-08T01:10:00Z";
  const day = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  assert.equal(formatDateIn("en", when, day), "December 8, 2026");
  assert.equal(formatDateIn("ru", when, day), "8 декабря 2026 г.");
  assert.equal(formatDateIn("ru", "not a date"), "not a date");
  assert.deepEqual(messageParts("{federation} или {record}."), ["", { param: "federation" }, " или ", { param: "record" }, "."]);
});
