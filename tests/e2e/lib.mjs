// Shared helpers for the end-to-end tests: one headless Chromium (Debian's, never a
// downloaded one), a fresh browser context per test, axe-core checks, and a screenshot
// kept for every test that fails.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = require("axe-core").source;
const here = path.dirname(fileURLToPath(import.meta.url));

export const BASE = (process.env.COLLEGIUM_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
export const PASSWORD = process.env.COLLEGIUM_PASSWORD ?? "demo-pass-1";
export const MEMBER = process.env.COLLEGIUM_MEMBER ?? "m-0000002";
export const FAILURES = process.env.E2E_FAILURES_DIR ?? path.resolve(here, "../../build/e2e-failures");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

let browser = null;

export async function startBrowser() {
  if (browser) return browser;
  // playwright-core gives Chromium a fresh, empty user-data-dir of its own for every
  // launch and removes it afterwards; each test then gets its own context (no shared cookies).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  return browser;
}

export async function stopBrowser() {
  if (browser) {
    await browser.close().catch(() => {});
    browser = null;
  }
}

// Runs fn(page) in a fresh context (no cookies); when it throws, keeps a full-page
// screenshot and the page's HTML under FAILURES, named after the test.
// `options` are more of the context's settings (a locale, a colour scheme).
export async function withPage(t, fn, { viewport = { width: 1280, height: 900 }, options = {} } = {}) {
  const b = await startBrowser();
  const context = await b.newContext({ viewport, baseURL: BASE, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await fn(page, context);
    if (errors.length) throw new Error(`errors in the page: ${errors.join("; ")}`);
  } catch (e) {
    mkdirSync(FAILURES, { recursive: true });
    const name = t.name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
    const file = path.join(FAILURES, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    writeFileSync(path.join(FAILURES, `${name}.html`), await page.content().catch(() => ""));
    console.error(`screenshot of the failure: ${file}`);
    throw e;
  } finally {
    await context.close();
  }
}

// axe-core on the page as it is; fails on any serious or critical violation. With
// { themes: true } it runs in the light theme and again in the dark one (issue #15), the
// system's setting emulated while the member's choice is "as the system"; the page is left
// light.
export async function checkAxe(page, label, { themes = false } = {}) {
  if (themes) {
    await setColorScheme(page, "light");
    await checkAxe(page, `${label} (light)`);
    await setColorScheme(page, "dark");
    const result = await checkAxe(page, `${label} (dark)`);
    await setColorScheme(page, "light");
    return result;
  }
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    const lines = bad.map(
      (v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`,
    );
    throw new Error(`axe found ${bad.length} serious or critical violation(s) on ${label}:\n${lines.join("\n")}`);
  }
  return result;
}

export async function login(page, member = MEMBER, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Member id").fill(member);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await page.getByRole("button", { name: "Log out" }).waitFor();
}

// Plain API calls from the test itself (not through the page).
export async function api(pathname, { method = "GET", body, cookie, csrf } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (cookie) headers.Cookie = cookie;
  if (csrf) headers["X-CSRF-Token"] = csrf;
  const res = await fetch(BASE + pathname, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

export async function apiLogin(member, password = PASSWORD) {
  const r = await api("/api/session", { method: "POST", body: { member, password } });
  if (r.status !== 200) throw new Error(`log in as ${member}: ${r.status} ${JSON.stringify(r.json)}`);
  const cookie = r.headers.get("set-cookie").split(";")[0];
  return { cookie, csrf: r.json.csrf_token };
}

// The page must not scroll sideways.
// Waits until nothing on the page says it is loading. A page may load several lists at
// once, each with its own status line, so this waits for all of them, not the first.
export async function waitForLoaded(page) {
  await page.waitForFunction(
    () => ![...document.querySelectorAll('[role="status"]')].some((e) => /Loading/.test(e.textContent)),
  );
}

export async function assertNoHorizontalScroll(page, label) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  if (scroll > client) throw new Error(`${label} scrolls sideways: ${scroll}px of content in ${client}px`);
}

// The members of the first production member's shop, whom scripts/test-e2e.sh reads off the
// demo's output (all with the same password).
export const SHOP_MEMBERS = (process.env.COLLEGIUM_SHOP_MEMBERS ?? "").split(/\s+/).filter(Boolean);

// Polls fn until it returns something truthy; fails after `timeout` ms naming `what`.
export async function waitFor(what, fn, { timeout = 60_000, every = 500 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// API sessions for many members, logged in once (a few at a time) and kept.
const sessions = new Map();
export async function sessionsFor(members, concurrency = 4) {
  const missing = members.filter((m) => !sessions.has(m));
  let i = 0;
  async function worker() {
    while (i < missing.length) {
      const m = missing[i++];
      sessions.set(m, await apiLogin(m));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return members.map((m) => sessions.get(m));
}

// One command through POST /api/commands as `member`; returns the reply (status, json).
export async function commandAs(member, cmd) {
  const [s] = await sessionsFor([member]);
  return api("/api/commands", { method: "POST", body: cmd, cookie: s.cookie, csrf: s.csrf });
}

// The same command for many members, a few at a time; fails on any refusal unless `allow`
// says it is expected.
export async function commandAll(members, makeCmd, { concurrency = 4, allow = () => false } = {}) {
  await sessionsFor(members, concurrency);
  let i = 0;
  const refused = [];
  async function worker() {
    while (i < members.length) {
      const m = members[i++];
      const r = await commandAs(m, makeCmd(m));
      if (r.status !== 200 && !allow(r)) refused.push(`${m}: ${r.status} ${JSON.stringify(r.json)}`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (refused.length) throw new Error(`refused:\n${refused.slice(0, 5).join("\n")}`);
}

// No word of the page's text is split across two lines (issue #15): every word of every
// visible text node is measured with Range.getClientRects, and a word whose boxes sit on
// different lines fails. A line may still break after a hyphen or a slash ("count-" /
// "back"), as type always has; text marked as code (code, pre, .code, .hash) may break
// anywhere, as ids, hashes and commands must on a phone, and is left out.
export async function assertNoSplitWords(page, label) {
  const split = await page.evaluate(() => {
    const out = [];
    const skipped = 'code, pre, .code, .hash, script, style, svg, textarea, select, option, .visually-hidden, [aria-hidden="true"]';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skipped)) continue;
      const word = /[^\s\-‐–—/]+/g;
      let m;
      while ((m = word.exec(n.data))) {
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        if (boxes.length < 2) continue;
        const tops = boxes.map((r) => r.top);
        if (Math.max(...tops) - Math.min(...tops) > boxes[0].height / 2) {
          out.push(`"${m[0]}" in <${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ""}>`);
        }
      }
    }
    return out;
  });
  if (split.length) throw new Error(`${label}: words split across lines: ${split.slice(0, 8).join("; ")}`);
}

// The header's brand, navigation and login sit on one line, the navigation's links too.
export async function assertHeaderOneLine(page, label) {
  const rows = await page.evaluate(() => {
    const tops = [...document.querySelectorAll(".site-header .bar > *, .site-header nav li")].map((e) =>
      Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2),
    );
    return Math.max(...tops) - Math.min(...tops);
  });
  if (rows > 8) throw new Error(`${label}: the header wraps onto more than one line (${rows}px between rows)`);
}

// Emulates the system's colour scheme and waits until the page's theme follows it (the
// member's choice being "as the system", the default), two frames drawn since.
export async function setColorScheme(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// Everything drawn in the page's SVG charts (selector) against the background it is drawn
// on: text at least 4.5:1 (AA), lines and bars at least 3:1 (AA for graphics). Gridlines
// (.grid) and the forecaster's band (.band, a translucent area whose edges are the lines)
// are left out. Returns how many marks were measured; throws naming those that fail.
export async function assertChartContrast(page, selector, label) {
  const { checked, bad } = await page.evaluate((sel) => {
    const rgb = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (x, y) => {
      const [hi, lo] = [lum(x), lum(y)].sort((p, q) => q - p);
      return (hi + 0.05) / (lo + 0.05);
    };
    // The first opaque background from the element up (the chart's own, or the page's).
    const backdrop = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.99) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    // A colour drawn at an opacity, over the backdrop.
    const over = (c, alpha, bg) => ({
      r: c.r * alpha + bg.r * (1 - alpha),
      g: c.g * alpha + bg.g * (1 - alpha),
      b: c.b * alpha + bg.b * (1 - alpha),
    });
    const opacity = (el, stop) => {
      let o = 1;
      for (let e = el; e && e !== stop; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const out = [];
    let checked = 0;
    for (const svg of document.querySelectorAll(sel)) {
      const bg = backdrop(svg);
      for (const el of svg.querySelectorAll("text, line, path, rect, circle")) {
        if (el.closest(".grid, .band") || el.getBBox().width + el.getBBox().height === 0) continue;
        const st = getComputedStyle(el);
        const isText = el.tagName === "text";
        const paint = isText || st.stroke === "none" ? st.fill : st.stroke;
        const c = rgb(paint);
        if (!c || c.a === 0) continue;
        const seen = over(c, c.a * opacity(el, svg), bg);
        const need = isText ? 4.5 : 3;
        const r = ratio(seen, bg);
        checked++;
        if (r < need) {
          const what = isText ? `text "${el.textContent.slice(0, 30)}"` : `<${el.tagName} class="${el.getAttribute("class") ?? ""}">`;
          out.push(`${what}: ${r.toFixed(2)}:1, needs ${need}:1`);
        }
      }
    }
    return { checked, bad: out };
  }, selector);
  if (bad.length) throw new Error(`${label}: chart marks that do not stand out from the page:\n  ${bad.slice(0, 8).join("\n  ")}`);
  return checked;
}
