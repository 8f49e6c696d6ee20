// A member walks through a whole planning round in Chromium (issue #14; C1-C4, A8): the
// round's page in each phase (axe, a phone's width), an amendment proposed through the
// browser by a committee's seat holder and carried by the committee's other seat holders,
// the server's recomputation, the ranked ballot cast in the browser while the shop votes
// through the API, and the result with its adopted targets (or the round back to
// amendment). Also the adopted round of the demo's history, with its results and targets.
//
// The demo that scripts/test-e2e.sh starts opens a round whose phases follow a short
// schedule (discussion 20 s, amendment 40 s, vote 40 s); a vote that adopts nothing sends
// the round back to amendment with phases of the same lengths, so the walk joins the round
// at its next amendment phase wherever the earlier tests left it. It waits by polling the
// API, never by fixed sleeps.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  api,
  assertNoHorizontalScroll,
  checkAxe,
  commandAll,
  commandAs,
  login,
  MEMBER,
  sessionsFor,
  SHOP_MEMBERS,
  stopBrowser,
  waitFor,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

const COMMITTEE_MEMBER = process.env.COLLEGIUM_COMMITTEE_MEMBER ?? "";
const COMMITTEE_MEMBERS = (process.env.COLLEGIUM_COMMITTEE_MEMBERS ?? "").split(/\s+/).filter(Boolean);
const COUNCIL_MEMBER = process.env.COLLEGIUM_COUNCIL_MEMBER ?? "";
const PHONE = { width: 390, height: 844 };

after(stopBrowser);

async function rounds() {
  const r = await api("/api/rounds");
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.rounds;
}

async function round(id) {
  const r = await api(`/api/rounds/${encodeURIComponent(id)}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json;
}

// The round the demo opened at start: the newest one not adopted.
async function openRound() {
  const open = (await rounds()).filter((r) => r.phase !== "adopted");
  assert.ok(open.length > 0, "the demo has an open planning round");
  return open[0];
}

const secondsLeft = (iso) => (new Date(iso).getTime() - Date.now()) / 1000;

// The round's page, checked with axe, at a desktop width and at a phone's.
async function checkRoundPage(page, id, label) {
  await page.goto(`/rounds/${encodeURIComponent(id)}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await waitForLoaded(page);
  await checkAxe(page, label);
  await page.setViewportSize(PHONE);
  await assertNoHorizontalScroll(page, `${label} at 390 px`);
  await checkAxe(page, `${label} at 390 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("the Plans page lists the rounds and the navigation leads to it", async (t) => {
  await withPage(t, async (page) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plans" }).click();
    await page.getByRole("heading", { level: 1, name: "Plans" }).waitFor();
    await waitForLoaded(page);
    const list = page.getByTestId("rounds");
    await list.waitFor();
    assert.ok((await list.getByRole("listitem").count()) >= 1, "the rounds are listed");
    await checkAxe(page, "the Plans page");
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page, "the Plans page at 390 px");
  });
});

test("the adopted round of the demo's history shows its results and targets", async (t) => {
  const adopted = (await rounds()).filter((r) => r.phase === "adopted" && r.adopted >= 0);
  assert.ok(adopted.length > 0, "the demo's history holds an adopted round");
  const r = adopted[adopted.length - 1]; // the oldest: the demo's own
  const view = await round(r.id);
  assert.ok(view.results.length > 0, "its vote was counted");
  const winner = r.alternatives[r.adopted];
  await withPage(t, async (page) => {
    await login(page);
    await checkRoundPage(page, r.id, "an adopted round");
    await page.getByTestId("phase").filter({ hasText: "Adopted" }).waitFor();
    const results = page.getByTestId("results");
    await results.getByTestId("outcome").first().filter({ hasText: `Adopted: ${winner}` }).waitFor();
    assert.equal(await results.getByTestId("pairwise").first().getByRole("row").count(), r.alternatives.length + 1);
    // The member's own bodies and how their members voted.
    await results.getByTestId("body-results").first().waitFor();
    // The targets, and the member's workplace page showing its own.
    const targets = page.getByTestId("targets-table");
    await targets.waitFor();
    assert.ok((await targets.locator("tbody tr").count()) > 0, "the adopted targets are listed");
    const me = (await api(`/api/members/${encodeURIComponent(MEMBER)}`, { cookie: await cookieOf(page) })).json;
    await page.goto(`/workplaces/${encodeURIComponent(me.workplace)}`);
    const mine = page.getByTestId("workplace-targets");
    await mine.getByRole("link", { name: "the round" }).first().waitFor();
    await mine.getByRole("rowheader", { name: r.period, exact: true }).first().waitFor();
    await checkAxe(page, "a workplace page with its targets");
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page, "a workplace page with its targets at 390 px");
    // A body's figures page, reached from the round page.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/rounds/${encodeURIComponent(r.id)}`);
    await page.getByTestId("for-us").getByRole("link", { name: "all its figures and workplaces" }).first().click();
    await page.getByRole("heading", { level: 2, name: "How its members voted" }).waitFor();
    await waitForLoaded(page);
    await page.getByTestId("tally-1").waitFor();
    await checkAxe(page, "a body's round figures");
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page, "a body's round figures at 390 px");
  });
});

async function cookieOf(page) {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

test("a council seat holder sees the form that calls a round, and a wrong schedule is refused in words", async (t) => {
  if (!COUNCIL_MEMBER) return t.skip("COLLEGIUM_COUNCIL_MEMBER is not set");
  await withPage(t, async (page) => {
    await login(page, COUNCIL_MEMBER);
    await page.goto("/rounds");
    const form = page.getByTestId("call-round");
    await form.waitFor();
    await checkAxe(page, "the Plans page with the form that calls a round");
    await form.getByLabel("Period").fill("e2e");
    await form.getByLabel("What the council proposes").fill("A round with an impossible schedule");
    // The end of the vote before the end of the discussion: refused, nothing proposed.
    await form.getByLabel("Discussion until").fill("2099-01-02T00:00");
    await form.getByLabel("Amendments until").fill("2099-01-03T00:00");
    await form.getByLabel("Vote until").fill("2099-01-01T00:00");
    await form.getByRole("button", { name: "Propose the round" }).click();
    await form.getByRole("alert").waitFor();
    assert.match(await form.getByRole("alert").innerText(), /\w/);
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page, "the form that calls a round at 390 px");
  });
});

test("a member walks through a whole round: amendment, recomputation, ranked ballot, result", { timeout: 420_000 }, async (t) => {
  assert.ok(COMMITTEE_MEMBER, "COLLEGIUM_COMMITTEE_MEMBER is set by scripts/test-e2e.sh");
  assert.ok(SHOP_MEMBERS.length > 0, "COLLEGIUM_SHOP_MEMBERS is set by scripts/test-e2e.sh");
  const r0 = await openRound();

  // The committee the committee member sits on, and its workplace.
  const seated = await committeeOf(COMMITTEE_MEMBER, r0.id);
  assert.ok(seated, `${COMMITTEE_MEMBER} sits on a workplace committee`);

  await withPage(t, async (page) => {
    // Discussion or whatever phase the round is in: the page shows it and passes axe.
    await login(page, COMMITTEE_MEMBER);
    await checkRoundPage(page, r0.id, "an open round");
    await page.getByTestId("schedule").waitFor();

    // Join the round at an amendment phase with time enough left for the committee to vote.
    await waitFor(
      "an amendment phase with 20 s left",
      async () => {
        const r = (await round(r0.id)).round;
        // A vote the clock cannot count stays "counting" for good: say so rather than wait.
        if (r.phase === "counting" && secondsLeft(r.vote_until) < -30)
          throw new Error(
            `vote ${r.vote} of ${r.id} closed at ${r.vote_until} (${r.voters} ballots) and is still not counted: the server's clock cannot close it (see the server's log)`,
          );
        return r.phase === "amendment" && secondsLeft(r.amendment_until) > 20 && r.computed_version === r.version;
      },
      { timeout: 200_000, every: 500 },
    );
    const before = await round(r0.id);
    await page.reload();
    await page.getByTestId("phase").filter({ hasText: "Amendments" }).waitFor();

    // The committee member proposes an amendment through the form.
    const form = page.getByTestId("amend-form");
    await form.waitFor();
    const wp = seated.workplace;
    await form.getByLabel("Workplace", { exact: true }).selectOption(wp.workplace);
    const target = Math.max(1, Math.round(wp.capacity * 0.99 * 10) / 10);
    await form.getByLabel(/Target/).fill(String(target));
    await form.getByLabel("Why").fill("Our machines need a day of upkeep each month: we undertake a little less.");
    await form.getByRole("button", { name: "Propose the amendment" }).click();
    await form.getByRole("status").filter({ hasText: "The amendment is before" }).waitFor();
    const proposed = await waitFor("the amendment in the round", async () => {
      const v = await round(r0.id);
      return v.amendments.find((a) => a.state === "open" && a.workplace === wp.workplace && a.body === seated.body);
    });
    await checkAxe(page, "a round with an open amendment");
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page, "a round with an open amendment at 390 px");
    await page.setViewportSize({ width: 1280, height: 900 });

    // The committee's other seat holders carry it.
    // (The proposer votes too, through the API: a vote already given is no refusal here.)
    const seatHolders = [...new Set([...COMMITTEE_MEMBERS, COMMITTEE_MEMBER])];
    await commandAll(seatHolders, () => ({ vote_motion: { motion: proposed.motion, choice: "yes" } }), {
      allow: (r) => r.status === 409 && /already/i.test(JSON.stringify(r.json)),
    });
    // Carried, then every alternative computed again.
    const recomputed = await waitFor(
      "the amendment carried and the round recomputed",
      async () => {
        const v = await round(r0.id);
        const a = v.amendments.find((x) => x.motion === proposed.motion);
        return a?.state === "carried" && v.round.version > before.round.version && v.round.computed_version === v.round.version
          ? v
          : null;
      },
      { timeout: 90_000 },
    );
    assert.ok(recomputed.computations.length > before.computations.length, "a new computation is recorded");
    await page.getByTestId("amendments").getByTestId("amendment-state").filter({ hasText: "carried" }).first().waitFor();
  });

  // The vote: the member under test ranks every alternative in the browser. It opens when
  // the round's amendment phase ends, whenever its schedule puts that.
  const scheduled = (await round(r0.id)).round;
  const voting = await waitFor(
    "the vote",
    async () => {
      const v = await round(r0.id);
      return v.round.phase === "voting" ? v : null;
    },
    { timeout: Math.max(90_000, (secondsLeft(scheduled.amendment_until) + 60) * 1000) },
  );
  const names = voting.round.alternatives;
  const k = names.length;
  await withPage(
    t,
    async (page) => {
      await login(page);
      await page.goto(`/rounds/${encodeURIComponent(r0.id)}`);
      await page.getByTestId("phase").filter({ hasText: "Vote open" }).waitFor();
      const ballot = page.getByTestId("round-ballot");
      await ballot.waitFor();
      await checkAxe(page, "the round's ballot");
      await assertNoHorizontalScroll(page, "the round's ballot at 390 px");
      // The first choice first, the status quo last: add each in that order.
      const order = [...names.keys()].slice(1).concat([0]);
      for (const i of order) await ballot.getByRole("button", { name: `Add ${names[i]} to the ranking` }).click();
      // Keyboard: the status quo up one place, then back down.
      await ballot.getByRole("button", { name: `Move ${names[0]} up` }).click();
      await ballot.getByRole("button", { name: `Move ${names[0]} down` }).focus();
      await page.keyboard.press("Enter");
      const items = ballot.getByTestId("round-ranking").getByRole("listitem");
      assert.equal(await items.count(), k);
      assert.match(await items.last().innerText(), new RegExp(names[0]));
      await ballot.getByRole("button", { name: /^Review my ballot/ }).click();
      const review = page.getByTestId("round-ballot-review");
      await review.waitFor();
      assert.equal(await review.getByTestId("review").getByRole("listitem").count(), k);
      await checkAxe(page, "the ballot's review");
      await review.getByRole("button", { name: "Cast my ballot" }).click();
      await page.getByTestId("round-voted").waitFor();
      // A second ballot is refused with the server's words.
      const again = await commandAs(MEMBER, { cast_round_ballot: { round: r0.id, ranks: names.map((_, i) => i + 1) } });
      assert.notEqual(again.status, 200);
      await page.reload();
      await page.getByTestId("round-voted").filter({ hasText: "You have voted" }).waitFor();
      await checkAxe(page, "a round after voting");
    },
    { viewport: PHONE },
  );

  // The shop votes through the API: the first alternative above the status quo.
  const ranks = names.map((_, i) => (i === 0 ? k : i));
  const voters = SHOP_MEMBERS.filter((m) => m !== MEMBER);
  // A member the governance tests removed from the shop is no longer a member: refused.
  await commandAll(voters, () => ({ cast_round_ballot: { round: r0.id, ranks } }), {
    allow: (r) =>
      (r.status === 409 && /already/i.test(JSON.stringify(r.json))) ||
      (r.status === 403 && /only members/i.test(JSON.stringify(r.json))),
  });
  const closed = await waitFor(
    "the vote's close",
    async () => {
      const v = await round(r0.id);
      return v.results.some((x) => x.vote === voting.round.vote) ? v : null;
    },
    { timeout: 120_000 },
  );
  const res = closed.results.find((x) => x.vote === voting.round.vote);
  assert.ok(res.ballots >= voters.length, "every ballot was counted");

  await withPage(t, async (page) => {
    await login(page);
    await checkRoundPage(page, r0.id, "a round after its vote");
    const shown = page.getByTestId(`result-${res.vote}`);
    await shown.waitFor();
    if (res.outcome === "adopted") {
      await shown.getByTestId("outcome").filter({ hasText: `Adopted: ${names[res.adopted]}` }).waitFor();
      await page.getByTestId("targets-table").waitFor();
      await page.getByTestId("phase").filter({ hasText: "Adopted" }).waitFor();
    } else {
      await shown.getByTestId("outcome").filter({ hasText: "back to amendment" }).waitFor();
    }
    assert.equal(await shown.getByTestId("order").getByRole("listitem").count(), k);
    await shown.getByTestId("body-results").waitFor();
  });
});

// The workplace committee `member` sits on, its workplace's figures in the round.
async function committeeOf(member, roundId) {
  const [s] = await sessionsFor([member]);
  const m = await api(`/api/members/${encodeURIComponent(member)}`, { cookie: s.cookie });
  assert.equal(m.status, 200, JSON.stringify(m.json));
  for (const o of m.json.offices) {
    const v = await api(`/api/rounds/${encodeURIComponent(roundId)}/bodies/${encodeURIComponent(o.body)}`);
    if (v.status === 200 && v.json.body_kind === "workplace_committee" && v.json.scope === "workplace") {
      const wp = v.json.workplaces.find((w) => w.workplace === v.json.workplace);
      if (wp) return { body: o.body, workplace: wp };
    }
  }
  return null;
}
