// Reading the web app (issue #15): no word of a main page's text breaks across lines, at a
// desktop's width and at a phone's, and the header stays on one line at 1280 px; what the
// public record holds (motions with their votes, petitions, officials' records, decisions
// and appeals) is readable on its page by an anonymous visitor, who is told it is public
// (B1). The pages are visited after the other files, so that they hold closed
// elections, a recall, motions and an appeal. One login, one page load per page; the width
// changes in place.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  api,
  apiLogin,
  assertHeaderOneLine,
  assertNoHorizontalScroll,
  assertNoSplitWords,
  checkAxe,
  login,
  MEMBER,
  startBrowser,
  stopBrowser,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

before(startBrowser);
after(stopBrowser);

// The pages to read, found through the API: one of each kind that the demo (and the tests
// before this file) leave behind.
async function mainPages() {
  const me = await apiLogin(MEMBER);
  const member = (await api(`/api/members/${MEMBER}`, { cookie: me.cookie })).json;
  const workplace = (await api(`/api/workplaces/${encodeURIComponent(member.workplace)}`)).json;
  const committee = workplace.bodies.find((b) => b.kind === "workplace_committee");
  const body = (await api(`/api/bodies/${encodeURIComponent(committee.id)}`)).json;
  const closed = (await api("/api/polls?state=closed&limit=5")).json.polls;
  const motions = (await api("/api/motions")).json.motions;
  const rounds = (await api("/api/rounds")).json.rounds;
  const holder = body.seat_holders.find((s) => s.holder);
  const pages = [
    ["/", "The federation"],
    ["/record", "The public record"],
    ["/elections", "Elections"],
    ["/recalls", "Recall petitions"],
    ["/motions", "Motions"],
    ["/appeals", "Appeals"],
    ["/appointments", "Appointments"],
    ["/rounds", null],
    [`/bodies/${body.id}`, body.name],
    [`/workplaces/${workplace.id}`, workplace.name],
    [`/members/${MEMBER}`, member.name],
  ];
  const election = closed.find((p) => p.kind === "election") ?? closed[0];
  if (election) pages.push([`/elections/${election.id}`, null]);
  const recall = closed.find((p) => p.kind === "recall");
  if (recall) pages.push([`/elections/${recall.id}`, null]);
  if (motions.length) pages.push([`/motions/${motions[0].id}`, null]);
  if (rounds.length) pages.push([`/rounds/${rounds[0].id}`, null]);
  if (holder) pages.push([`/officials/${holder.holder}`, holder.holder_name]);
  return { pages, motions, holder };
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test("no word of a main page breaks across lines at 1280 and 390 px, and the header is one line", async (t) => {
  const { pages } = await mainPages();
  assert.ok(pages.length >= 14, "the main pages, with an election, a motion, a round and an official");
  await withPage(
    t,
    async (page) => {
      await login(page);
      let menus = 0;
      for (const [url, heading] of pages) {
        await page.setViewportSize(DESKTOP);
        await page.goto(url);
        await page.getByRole("heading", { level: 1, ...(heading ? { name: heading } : {}) }).waitFor();
        await waitForLoaded(page);
        await settle(page);
        await assertHeaderOneLine(page, `${url} at 1280 px`);
        await assertNoSplitWords(page, `${url} at 1280 px`);
        // A menu is as tall as a text field and has the page's font size.
        for (const size of await page.locator("select").evaluateAll((all) =>
          all.map((e) => ({
            h: e.getBoundingClientRect().height,
            font: parseFloat(getComputedStyle(e).fontSize),
            body: parseFloat(getComputedStyle(document.body).fontSize),
          })),
        )) {
          assert.ok(size.h >= 38, `${url}: a menu is at least 38 px high (${size.h})`);
          assert.equal(size.font, size.body, `${url}: a menu has the page's font size`);
          menus++;
        }
        await page.setViewportSize(PHONE);
        await settle(page);
        await assertNoSplitWords(page, `${url} at 390 px`);
        await assertNoHorizontalScroll(page, `${url} at 390 px`);
      }
      assert.ok(menus > 0, "some page has a menu to measure");
    },
    { viewport: DESKTOP },
  );
});

test("an anonymous visitor reads motions, votes, petitions, officials' records and appeals, and is told they are public", async (t) => {
  const { motions, holder } = await mainPages();
  await withPage(t, async (page) => {
    const visit = async (url, heading) => {
      await page.goto(url);
      await page.getByRole("heading", { level: 1, ...(heading ? { name: heading } : {}) }).waitFor();
      await waitForLoaded(page);
      await page.getByTestId("public-note").getByText("This page is public").waitFor();
      assert.equal(await page.getByText(/Log in\s+to see/).count(), 0, `${url} asks no one to log in to read it`);
      assert.equal(await page.getByRole("alert").count(), 0, `${url} shows no error`);
    };
    await visit("/motions", "Motions");
    if (motions.length) {
      await page.getByTestId("motions").getByRole("listitem").first().waitFor();
      // Nobody logged in is told who votes, and sees no buttons.
      assert.equal(await page.getByRole("button", { name: "Vote yes" }).count(), 0);
      const m = motions[0];
      await visit(`/motions/${m.id}`);
      await page.getByTestId("motion-text").getByText(m.text.slice(0, 30)).waitFor();
      const votes = (await api(`/api/motions/${m.id}`)).json.votes;
      if (votes.length) {
        await page.getByTestId("motion-votes").getByRole("link", { name: votes[0].name }).first().waitFor();
      }
      await checkAxe(page, "a motion's page, anonymous");
    }
    await visit("/recalls", "Recall petitions");
    await visit("/appeals", "Appeals");
    if (holder) {
      await visit(`/officials/${holder.holder}`, holder.holder_name);
      await page.getByRole("heading", { level: 2, name: "Mandates" }).waitFor();
      await checkAxe(page, "an official's record, anonymous");
    }
    // Who is a member, and their shop, stay with members.
    const members = await api("/api/members");
    assert.equal(members.status, 401);
  });
});
