// A member's home, times in the member's own zone, and the help page (issue #15).
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import {
  api,
  apiLogin,
  assertHeaderOneLine,
  assertNoHorizontalScroll,
  assertNoSplitWords,
  BASE,
  checkAxe,
  login,
  MEMBER,
  startBrowser,
  stopBrowser,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

after(stopBrowser);

// The seat holder of an elected workplace committee whom scripts/test-e2e.sh reads off the
// demo's output: someone with seats, and so with something due.
const HOLDER = process.env.COLLEGIUM_COMMITTEE_MEMBER ?? MEMBER;
const PHONE = { width: 390, height: 844 };

// Where the home links each kind of item (web/src/pages/home.tsx).
function pageOf(item, me) {
  const id = encodeURIComponent(item.ref);
  return {
    nominate: `/elections/${id}`,
    vote_election: `/elections/${id}`,
    vote_recall: `/elections/${id}`,
    sign_petition: "/recalls",
    vote_motion: `/motions/${id}`,
    amend_round: `/rounds/${id}`,
    vote_round: `/rounds/${id}`,
    signal: `/signals/${id}`,
    report_back: `/officials/${encodeURIComponent(me)}`,
    labour: `/officials/${encodeURIComponent(me)}`,
    workplace_report: `/workplaces/${id}/fulfilment`,
  }[item.kind];
}

// A page in a browser whose time zone is `timezoneId`.
async function withZone(t, timezoneId, fn, viewport = { width: 1280, height: 900 }) {
  const b = await startBrowser();
  const context = await b.newContext({ viewport, baseURL: BASE, timezoneId });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await fn(page);
    if (errors.length) throw new Error(`errors in the page: ${errors.join("; ")}`);
  } finally {
    await context.close();
  }
}

// "14:05" as a clock in `zone` shows the instant `iso`.
function clock(iso, zone) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(iso),
  );
}

describe("a member's home", () => {
  test("logging in lands on the home, which lists what the home route answers, each linked to its page", async (t) => {
    await withPage(t, async (page) => {
      // The page's own answer: the demo files reports as it runs, so a second read could
      // differ from the one the page shows.
      const answered = page.waitForResponse((r) => r.url().endsWith(`/api/members/${HOLDER}/home`));
      await login(page, HOLDER);
      await page.waitForURL("**/home");
      const home = await (await answered).json();
      assert.equal(home.member, HOLDER);
      assert.ok(home.seats.length > 0, "the committee member holds a seat");
      await page.getByRole("heading", { level: 1, name: `Your home, ${home.name}` }).waitFor();
      await waitForLoaded(page);
      // Each list shows the route's items in its order, or says what would be there.
      for (const [key, testid] of [
        ["open", "home-open"],
        ["due", "home-due"],
      ]) {
        if (home[key].length === 0) {
          await page.getByTestId(`${testid}-empty`).waitFor();
          continue;
        }
        const cards = page.getByTestId(testid).locator("li.card");
        assert.equal(await cards.count(), home[key].length, `${key}: one card per item`);
        for (let i = 0; i < home[key].length; i++) {
          const item = home[key][i];
          assert.equal(await cards.nth(i).getAttribute("data-kind"), item.kind);
          const href = await cards.nth(i).locator(".card-title a").getAttribute("href");
          assert.equal(href, pageOf(item, HOLDER), `${item.kind} links to its page`);
          if (item.until) {
            // "until when", as a time element holding the item's date.
            const when = await cards.nth(i).locator("time").first().getAttribute("datetime");
            assert.equal(new Date(when).getTime(), new Date(item.until).getTime());
          }
        }
      }
      assert.ok(home.due.some((i) => i.kind === "report_back" || i.kind === "labour"), "a seat holder owes something");
      await page.getByTestId("home-seats").getByRole("link", { name: home.seats[0].body_name }).first().waitFor();
      await checkAxe(page, "the home");
      await assertNoSplitWords(page, "the home at 1280 px");
      await assertHeaderOneLine(page, "the header with Help and a member logged in");

      // The first item's link opens the page where it is done.
      const first = [...home.open, ...home.due][0];
      await page.getByTestId(home.open.length ? "home-open" : "home-due").locator(".card-title a").first().click();
      await page.waitForURL(`**${pageOf(first, HOLDER)}`);
      await page.getByRole("heading", { level: 1 }).waitFor();

      await page.setViewportSize(PHONE);
      await page.goto("/home");
      await page.getByRole("heading", { level: 1, name: `Your home, ${home.name}` }).waitFor();
      await waitForLoaded(page);
      await assertNoHorizontalScroll(page, "the home on a phone");
      await assertNoSplitWords(page, "the home at 390 px");
      await checkAxe(page, "the home on a phone");
    });
  });

  test("another member's home is refused; the operator may read it", async () => {
    const other = await apiLogin(MEMBER === HOLDER ? "operator" : MEMBER);
    const r = await api(`/api/members/${HOLDER}/home`, { cookie: other.cookie });
    if (MEMBER === HOLDER) {
      assert.equal(r.status, 200);
      return;
    }
    assert.equal(r.status, 403);
    assert.match(r.json.detail, /for that member alone/);
    assert.equal((await api(`/api/members/${HOLDER}/home`)).status, 401);
    const op = await apiLogin("operator");
    assert.equal((await api(`/api/members/${HOLDER}/home`, { cookie: op.cookie })).status, 200);
  });
});

describe("times in the member's zone", () => {
  test("a time shows the browser's zone with UTC in its title, and a zone picked on the home is kept", async (t) => {
    await withZone(t, "Asia/Kolkata", async (page) => {
      await login(page, HOLDER);
      await page.waitForURL("**/home");
      await waitForLoaded(page);
      const time = page.getByTestId("home-seats").locator("time").first();
      const iso = await time.getAttribute("datetime");
      // India is five and a half hours ahead of UTC: the clock differs in its minutes too.
      assert.match(await time.innerText(), new RegExp(clock(iso, "Asia/Kolkata")));
      const utc = new Date(iso).toISOString().slice(0, 16).replace("T", " ");
      assert.equal(await time.getAttribute("title"), `${utc} UTC`);
      assert.equal(await page.getByLabel("Times are shown in").inputValue(), "");

      // The record's times too, in the same zone. (The record grows as the demo runs, so
      // each check reads one element's time and text together.)
      const firstEvent = async () => {
        const ev = page.locator(".events time").first();
        await ev.waitFor();
        return ev.evaluate((e) => ({ iso: e.getAttribute("datetime"), text: e.textContent, title: e.title }));
      };
      await page.goto("/record");
      let ev = await firstEvent();
      assert.match(ev.text, new RegExp(clock(ev.iso, "Asia/Kolkata")));
      assert.equal(ev.title, `${new Date(ev.iso).toISOString().slice(0, 16).replace("T", " ")} UTC`);

      // Picking another zone on the home shows every time there, and is remembered. The
      // member's name in the header leads home.
      await page.goto("/home");
      await waitForLoaded(page);
      await page.getByLabel("Times are shown in").selectOption("Asia/Tokyo");
      assert.match(await time.innerText(), new RegExp(clock(iso, "Asia/Tokyo")));
      await page.goto("/record");
      ev = await firstEvent();
      assert.match(ev.text, new RegExp(clock(ev.iso, "Asia/Tokyo")));
      assert.equal(ev.title, `${new Date(ev.iso).toISOString().slice(0, 16).replace("T", " ")} UTC`);
      await page.getByRole("banner").getByTestId("me").click();
      await page.waitForURL("**/home");
      await waitForLoaded(page);
      assert.equal(await page.getByLabel("Times are shown in").inputValue(), "Asia/Tokyo");
      await checkAxe(page, "the home with a zone picked");
    });
  });
});

describe("the help page", () => {
  test("it is linked from the header, and its figures are the constitution's", async (t) => {
    const c = (await api("/api/constitution")).json.constitution;
    await withPage(t, async (page) => {
      await page.goto("/");
      await page.getByRole("banner").getByRole("link", { name: "Help" }).click();
      await page.waitForURL("**/help");
      await page.getByRole("heading", { level: 1, name: "How it works" }).waitFor();
      const rule = async (name) => (await page.locator(`[data-rule="${name}"]`).first().innerText()).trim();
      await page.locator('[data-rule="recall_petition"]').waitFor();
      const days = (n) => `${n.toLocaleString("en")} ${n === 1 ? "day" : "days"}`;
      assert.equal(await rule("manual_labour_days"), days(c.manual_labour_days));
      assert.equal(await rule("appeal_days"), days(c.appeal_days));
      assert.equal(await rule("max_offices"), `${c.max_offices} ${c.max_offices === 1 ? "office" : "offices"}`);
      assert.equal(await rule("multi_seat_method"), c.multi_seat_method);
      // Shares in words, each followed by the constitution's own fraction.
      for (const name of ["recall_petition", "production_share", "control_without_executive", "amendment_majority"]) {
        const words = await rule(name);
        const [n, d] = c[name].split("/").map(Number);
        assert.ok(words === `${n} in ${d}` || (words.length > 0 && !/\d/.test(words)), `${name}: ${words}`);
        const around = await page.locator(`[data-rule="${name}"]`).first().evaluate((e) => e.parentElement.textContent);
        assert.ok(around.includes(`(${c[name]})`), `${name} is given as ${c[name]}`);
      }
      // Periods from the constitution's durations ("P7D" is 7 days).
      const periodWords = (p) => {
        const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(p);
        const s = ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0);
        const unit = (n, w) => `${n.toLocaleString("en")} ${w}${n === 1 ? "" : "s"}`;
        if (s % 86400 === 0) return unit(s / 86400, "day");
        if (s % 3600 === 0) return unit(s / 3600, "hour");
        if (s % 60 === 0) return unit(s / 60, "minute");
        return unit(s, "second");
      };
      for (const name of ["nomination_period", "voting_period", "motion_period", "report_back_period", "report_period"]) {
        assert.equal(await rule(name), periodWords(c[name]), name);
      }
      // The examples are worked out from the figures: a petition in an electorate of 20.
      const [pn, pd] = c.recall_petition.split("/").map(Number);
      await page.getByText(`for an electorate of 20, ${Math.ceil((20 * pn) / pd)} signatures`).waitFor();
      await checkAxe(page, "the help page");
      await assertNoSplitWords(page, "the help page at 1280 px");
      await page.setViewportSize(PHONE);
      await assertNoHorizontalScroll(page, "the help page on a phone");
      await assertNoSplitWords(page, "the help page at 390 px");
      await checkAxe(page, "the help page on a phone");
    });
  });

  test("the ballot, the count sheet and the petitions link to their help", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/recalls");
      const link = page.getByRole("link", { name: "How recall works" });
      await link.waitFor();
      const c = (await api("/api/constitution")).json.constitution;
      await page.getByText(`(${c.recall_petition})`).first().waitFor();
      await link.click();
      await page.waitForURL("**/help#recall");
      await page.getByRole("heading", { level: 2, name: "Recall" }).waitFor();
      // A closed election's count sheet links to the quota.
      const polls = (await api("/api/polls?state=closed")).json.polls.filter((p) => p.kind === "election");
      if (polls.length) {
        await page.goto(`/elections/${polls[0].id}`);
        await page.getByRole("link", { name: "What the quota is" }).waitFor();
        assert.equal(await page.getByRole("link", { name: "What the quota is" }).getAttribute("href"), "/help#quota");
      }
    });
  });
});
