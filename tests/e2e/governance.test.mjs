// Elections, recall and eligibility, end to end: the member under test (COLLEGIUM_MEMBER)
// uses the browser; the rest of their shop (COLLEGIUM_SHOP_MEMBERS, same password) nominate,
// sign and vote through the API. scripts/test-e2e.sh founds the demo with short periods
// (nominations 20 s, votes a minute), so every phase change is waited for by asking the API,
// never by a fixed sleep. The tests run in order: the election fills the seats the recall
// then empties and the count-back fills again.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  api,
  apiLogin,
  assertNoHorizontalScroll,
  checkAxe,
  commandAll,
  commandAs,
  login,
  MEMBER,
  SHOP_MEMBERS,
  sessionsFor,
  startBrowser,
  stopBrowser,
  waitFor,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

let me; // the member's API session, for reads that need one
let body; // the member's workplace committee
let pollId; // its election
const others = () => SHOP_MEMBERS.filter((m) => m !== MEMBER);

async function getPoll(id) {
  const r = await api(`/api/polls/${encodeURIComponent(id)}`, { cookie: me.cookie });
  assert.equal(r.status, 200);
  return r.json;
}

before(async () => {
  await startBrowser();
  assert.ok(SHOP_MEMBERS.length >= 10, "COLLEGIUM_SHOP_MEMBERS lists the member's shop");
  assert.ok(SHOP_MEMBERS.includes(MEMBER), "the member under test is in that shop");
  me = await apiLogin(MEMBER);
  const m = await api(`/api/members/${MEMBER}`, { cookie: me.cookie });
  const wp = await api(`/api/workplaces/${encodeURIComponent(m.json.workplace)}`);
  const wc = wp.json.bodies.find((b) => b.kind === "workplace_committee");
  assert.ok(wc, "the member's workplace has a committee");
  // The clock calls an election for every body at its first step.
  body = await waitFor("the committee's election", async () => {
    const b = await api(`/api/bodies/${encodeURIComponent(wc.id)}`);
    return b.json.open_election ? b.json : null;
  });
  pollId = body.open_election;
  // Everyone else in the shop logs in now, while nominations run (it takes a while).
  await sessionsFor(others());
});
after(stopBrowser);

describe("elections", () => {
  test("nominating picks a member by name among those who may stand, and a refusal names people and bodies", async (t) => {
    // A member who works elsewhere: the committee represents only its own workplace, so the
    // picker does not offer them, and the server, asked directly, says why in words.
    const wps = await api("/api/workplaces?limit=5");
    const elsewhere = wps.json.workplaces.find((w) => w.id !== body.constituency.workplace);
    const members = await api(`/api/members?workplace=${encodeURIComponent(elsewhere.id)}&limit=1`, {
      cookie: me.cookie,
    });
    const outsider = members.json.members[0];
    const refused = await commandAs(MEMBER, { nominate: { poll: pollId, member: outsider.id } });
    assert.equal(refused.status, 409, JSON.stringify(refused.json));
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(
      refused.json.detail,
      new RegExp(
        `^${escape(outsider.name)} \\(${outsider.id}\\) cannot stand: the ${escape(body.name)} is elected from among the members it represents, and ${escape(outsider.name)} is not one of them`,
      ),
    );
    // A member of the workplace who is not among the production members who stand below: a
    // nomination waits for its answer and puts no one on the ballot meanwhile.
    const own = await api(`/api/members?workplace=${encodeURIComponent(body.constituency.workplace)}&limit=1000`, {
      cookie: me.cookie,
    });
    const nominee = own.json.members.filter((m) => m.id !== MEMBER && m.category !== "production").at(-1);
    assert.ok(nominee, "the workplace has members outside production");
    const myName = (await api(`/api/members/${MEMBER}`, { cookie: me.cookie })).json.name;
    await withPage(t, async (page) => {
      await login(page);
      await page.goto(`/elections/${pollId}`);
      await page.getByRole("heading", { level: 1, name: `Election of ${body.name}` }).waitFor();
      assert.equal(await page.getByTestId("phase").innerText(), "Nominations open");
      const box = page.getByRole("searchbox", { name: "Their name" });
      // The outsider is not among the choices, whatever part of their name is typed.
      await box.fill(outsider.name);
      await page.getByTestId("nominee-status").filter({ hasText: /match|No member/ }).waitFor();
      assert.equal(await page.locator(`input[name="nominee-choice"][value="${outsider.id}"]`).count(), 0);
      await checkAxe(page, "an election's nomination form with a search");
      // The nominee by part of their family name.
      await box.fill(nominee.name.split(" ").slice(-1)[0]);
      await page.locator(`input[name="nominee-choice"][value="${nominee.id}"]`).check();
      await page.getByTestId("nominee-chosen").getByText(nominee.name).waitFor();
      await page.getByRole("button", { name: "Nominate", exact: true }).click();
      await page.getByRole("status").getByText(`${nominee.name} is nominated.`).waitFor();
      // Waiting for their answer, with who nominated them by name, never by id (the list is
      // read again with the page).
      await page.reload();
      const waiting = page.getByTestId("nominations");
      await waiting.getByText(nominee.name).waitFor();
      await waiting.getByText(`nominated by ${myName}`).waitFor();
      assert.ok(!(await waiting.innerText()).includes(MEMBER), "the nominator is named by their id");
      await checkAxe(page, "an election with a nomination waiting");
    });
    const p = await api(`/api/polls/${pollId}/nominations`, { cookie: me.cookie });
    assert.ok(!p.json.nominations.some((n) => n.member === outsider.id), "nothing was written for the outsider");
    assert.ok(p.json.nominations.some((n) => n.member === nominee.id && n.state === "nominated"));
  });

  test("a member stands, votes by keyboard with the ranked ballot, and sees the result and the count", async (t) => {
    await withPage(t, async (page) => {
      await login(page);
      // From the navigation to the list of one's elections, and on to the election.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Elections" }).click();
      await page.getByRole("heading", { level: 1, name: "Elections" }).waitFor();
      await page.getByTestId("my-polls").getByRole("link", { name: `Election: ${body.name}` }).click();
      await page.getByRole("heading", { level: 1, name: `Election of ${body.name}` }).waitFor();
      await checkAxe(page, "an election taking nominations");

      await page.getByRole("button", { name: "Stand as a candidate" }).click();
      await page.getByRole("status").getByText("You are now a candidate").waitFor();
      await page.getByLabel("What you stand for").fill("Shorter shifts at the furnace, and reports every month.");
      await page.getByRole("button", { name: "Save statement" }).click();
      await page.getByRole("status").getByText("Your statement is saved").waitFor();
      await page.getByTestId("candidates").getByText("Shorter shifts at the furnace").waitFor();

      // Four production members of the shop stand too, so that voting can open.
      const stand = [];
      for (const m of others()) {
        if (stand.length === 4) break;
        const r = await api(`/api/members/${m}`, { cookie: me.cookie });
        if (r.json.category === "production") stand.push(m);
      }
      for (const m of stand) {
        const r = await commandAs(m, { nominate: { poll: pollId, member: m } });
        assert.equal(r.status, 200, JSON.stringify(r.json));
      }
      await waitFor("voting to open", async () => (await getPoll(pollId)).state === "voting", { timeout: 90_000 });

      // The open page notices by itself that voting has opened.
      const ballot = page.getByTestId("ballot");
      await ballot.waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId("phase").innerText(), "Voting open");
      // A statement is fixed once voting opens: the page says so and offers no form (#15).
      await page.getByTestId("statement-fixed").waitFor();
      assert.equal(await page.getByRole("button", { name: "Save statement" }).count(), 0);
      await checkAxe(page, "an election with the ballot");

      // Keyboard only: Enter on "Add" ranks a candidate and moves to the next one's button.
      const addButtons = ballot.getByRole("button", { name: /^Add .* to the ranking$/ });
      const names = (await addButtons.allInnerTexts()).length;
      assert.equal(names, 5);
      const candidates = (await getPoll(pollId)).candidates.map((c) => c.name);
      const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
      const ranking = page.getByTestId("ranking").getByRole("listitem");
      await addButtons.first().focus();
      for (let n = 1; n <= 3; n++) {
        await page.keyboard.press("Enter");
        await waitFor(`${n} ranked`, async () => (await ranking.count()) === n, { timeout: 5000, every: 50 });
        // Focus moves on to the next candidate's "Add" button.
        await waitFor("focus on the next Add", async () => (await focusedLabel()) === `Add ${candidates[n]} to the ranking`, { timeout: 5000, every: 50 });
      }
      // The third choice moves to the top; focus follows it.
      await page.getByRole("button", { name: `Move ${candidates[2]} up` }).focus();
      await page.keyboard.press("Enter");
      await waitFor("the move", async () => (await ranking.nth(1).innerText()).includes(candidates[2]), { timeout: 5000, every: 50 });
      await waitFor("focus to follow the name", async () => (await focusedLabel()) === `Move ${candidates[2]} up`, { timeout: 5000, every: 50 });
      await page.keyboard.press("Enter");
      await waitFor("focus to follow the name to the top", async () => (await focusedLabel()) === `Move ${candidates[2]} down`, { timeout: 5000, every: 50 });
      const order = (await ranking.locator(".rank-name").allTextContents()).map((x) => x.replace(/^.*choice: /, "").trim());
      assert.deepEqual(order, [candidates[2], candidates[0], candidates[1]]);
      // Remove the last one again, then cast.
      await page.getByRole("button", { name: `Remove ${candidates[1]} from the ranking` }).focus();
      await page.keyboard.press("Enter");
      await waitFor("the removal", async () => (await ranking.count()) === 2, { timeout: 5000, every: 50 });
      await page.getByRole("button", { name: "Cast my ballot" }).focus();
      await page.keyboard.press("Enter");
      const voted = page.getByTestId("voted");
      await voted.getByText("Your vote is recorded.").waitFor();
      assert.match(await voted.innerText(), /secret/);

      // The rest of the electorate votes through the API; the vote closes when all have.
      const ids = (await getPoll(pollId)).candidates.map((c) => c.member);
      const everyone = others();
      await commandAll(everyone, (m) => {
        // Each elector ranks all five, starting from a different one.
        const k = everyone.indexOf(m) % ids.length;
        return { cast_ballot: { poll: pollId, ranking: [...ids.slice(k), ...ids.slice(0, k)] } };
      }, {
        // A vote that has closed on its deadline meanwhile refuses the last few.
        allow: (r) => r.status === 409 && /closed|not open|voting/.test(r.json?.detail ?? ""),
      });
      const closed = await waitFor("the count", async () => {
        const p = await getPoll(pollId);
        return p.state === "closed" ? p : null;
      });

      // The page shows the result without a reload.
      const result = page.getByTestId("result");
      await result.waitFor({ timeout: 15_000 });
      const elected = await result.getByTestId("elected").getByRole("listitem").allInnerTexts();
      assert.equal(elected.length, 3);
      const names3 = closed.result.elected.map((id) => closed.candidates.find((c) => c.member === id).name);
      assert.deepEqual(elected, names3);
      assert.match(await result.getByTestId("turnout").innerText(), new RegExp(`${closed.voters} of ${closed.electorate} electors voted`));
      const dl = result.getByRole("link", { name: /Download the ballots/ });
      assert.equal(await dl.getAttribute("href"), `/api/polls/${pollId}/ballots`);
      // The exact command that repeats the official count, seed and minimums included.
      assert.match(closed.recount_command, new RegExp(`^collegium count --method scottish-stv --seats 3 --seed \\d+ .*${pollId}\\.blt$`));
      assert.equal(await result.getByTestId("recount-command").innerText(), closed.recount_command);
      const blt = await page.evaluate(async (u) => (await fetch(u)).text(), `/api/polls/${pollId}/ballots`);
      assert.match(blt.split("\n")[0], /^5 3$/);
      // The count sheet as a table, and as a chart with a caption pointing to it.
      const table = page.getByTestId("sheet-table");
      const stages = closed.result.sheet.stages.length;
      assert.equal(await table.locator("thead th").count(), stages + 1);
      assert.equal(await table.locator("tbody tr").count(), 6);
      const chart = page.getByTestId("stage-chart");
      assert.equal(await chart.locator("svg").getAttribute("role"), "img");
      assert.equal(await chart.locator("svg rect").count(), 5 * stages);
      assert.match(await chart.locator("figcaption").innerText(), /The table above gives the same figures/);
      // Whole ballots read as whole numbers: "89 valid ballots", not "89.00000" (#15).
      assert.match(await page.getByTestId("valid-ballots").innerText(), /^\d+ valid ballots?\.\s*$/);
      await checkAxe(page, "a closed election with its count");
      await page.setViewportSize({ width: 375, height: 667 });
      await assertNoHorizontalScroll(page, "a closed election on a phone");
      // On a phone the chart's text stays readable (12 px at least, as shown), and the quota
      // line crosses no value's label.
      await waitFor("the chart to fit the phone", async () => {
        const c = await chart.locator("svg").evaluate((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
          const lines = [...svg.querySelectorAll(".quota-line")].map((l) => l.getBoundingClientRect());
          const crossed = [...svg.querySelectorAll(".chart-value")].filter((t) => {
            const b = t.getBoundingClientRect();
            return lines.some((l) => l.left >= b.left - 1 && l.left <= b.right + 1 && l.top <= b.bottom && l.bottom >= b.top);
          }).length;
          return { smallest: Math.min(...sizes), crossed, texts: sizes.length };
        });
        return c.texts > 0 && c.smallest >= 12 && c.crossed === 0 ? c : null;
      }, { timeout: 5000, every: 100 });
    });
  });

  test("a recall succeeds and the seat is filled again by count-back", async (t) => {
    const before = await api(`/api/bodies/${encodeURIComponent(body.id)}`);
    const seat = before.json.seat_holders.find((s) => s.holder && s.holder !== MEMBER);
    assert.ok(seat, "an elected holder other than the member");
    const holders = new Set(before.json.seat_holders.map((s) => s.holder));
    await withPage(t, async (page) => {
      await login(page);
      await page.goto(`/bodies/${body.id}`);
      await page.getByRole("heading", { level: 1, name: body.name }).waitFor();
      await page.getByTestId("seats").getByRole("link", { name: seat.holder_name }).waitFor();
      await page.getByText("Recall a seat holder").click();
      await page.getByRole("button", { name: `Petition to recall ${seat.holder_name}` }).click();
      await page.getByLabel(`Why should ${seat.holder_name} be recalled?`).fill("Never reported back to the shop.");
      await page.getByRole("button", { name: "Open the petition" }).click();
      await page.getByRole("status").getByText(`The petition to recall ${seat.holder_name} is open`).waitFor();
      await checkAxe(page, "a body with its seat holders");

      await page.getByRole("link", { name: "See the petitions" }).click();
      await page.getByRole("heading", { level: 1, name: "Recall petitions" }).waitFor();
      const recalls = (await api("/api/recalls?state=open", { cookie: me.cookie })).json.recalls;
      const recall = recalls.find((r) => r.mandate === seat.mandate);
      assert.ok(recall, "the petition is open");
      const card = page.getByTestId(`recall-${recall.id}`);
      // "1 signature of 18 needed", never "18 of 18 signatures needed" (#15).
      assert.equal(await card.getByTestId("signatures").innerText(), `1 signature of ${recall.threshold} needed`);
      await card.getByText("You have signed this petition.").waitFor();
      await checkAxe(page, "the petitions");

      // Enough of the electorate signs through the API; the recall vote opens by itself.
      await commandAll(others().filter((m) => m !== seat.holder).slice(0, recall.threshold - 1), () => ({
        sign_recall: { recall: recall.id },
      }));
      const forced = await waitFor("the recall vote", async () => {
        const r = await api(`/api/recalls/${recall.id}`, { cookie: me.cookie });
        return r.json.poll ? r.json : null;
      });
      await card.getByRole("link", { name: "go to the recall vote" }).click({ timeout: 15_000 });
      await page.getByRole("heading", { level: 1, name: `Recall vote: ${seat.holder_name} on ${body.name}` }).waitFor();
      await page.getByLabel("Yes, recall").check();
      await page.getByRole("button", { name: "Cast my vote" }).click();
      await page.getByTestId("voted").getByText("Your vote is recorded.").waitFor();
      await checkAxe(page, "a recall vote");

      await commandAll(others(), () => ({ cast_ballot: { poll: forced.poll, ranking: ["yes"] } }), {
        allow: (r) => r.status === 409 && /closed|not open|voting/.test(r.json?.detail ?? ""),
      });
      // The vote closes at its deadline at the latest.
      await waitFor("the recall vote to close", async () => (await getPoll(forced.poll)).state === "closed", {
        timeout: 90_000,
      });
      await page.getByTestId("recall-outcome").getByText(`${seat.holder_name} is recalled.`).waitFor({ timeout: 15_000 });

      // Count-back on the original ballots gives the seat to a new holder.
      const after = await waitFor("the seat to be filled again", async () => {
        const b = await api(`/api/bodies/${encodeURIComponent(body.id)}`);
        return b.json.seat_holders.find((s) => s.origin === "count_back") ?? null;
      });
      assert.ok(!holders.has(after.holder), "the count-back elects someone new");
      // The recall vote's page names who got the seat by count-back (#15).
      await page
        .getByTestId("count-back-holder")
        .getByRole("link", { name: after.holder_name })
        .waitFor({ timeout: 15_000 });
      await page.getByRole("link", { name: "see who holds the seats now" }).click();
      await page.getByRole("heading", { level: 1, name: body.name }).waitFor();
      const row = page.getByTestId("seats").getByRole("row").filter({ hasText: after.holder_name });
      await row.getByText("count-back").waitFor();
      assert.equal(await page.getByTestId("seats").getByText(seat.holder_name).count(), 0);
      // No pay has been recorded for the committee's offices (B8).
      await page.getByTestId("pay").getByText("No pay recorded for these offices.").waitFor();

      // The recalled official's record shows the ended mandate and the petition.
      await page.goto(`/officials/${seat.holder}`);
      await page.getByRole("heading", { level: 1, name: seat.holder_name }).waitFor();
      await page.getByTestId("mandates").getByText("recalled").waitFor();
      await page.getByTestId("official-recalls").getByText("Never reported back to the shop.").waitFor();
      await checkAxe(page, "an official's record");
      await page.setViewportSize({ width: 375, height: 667 });
      await assertNoHorizontalScroll(page, "an official's record on a phone");
    });
    // The new holder reports back to their electors from their own record.
    const newHolder = (await api(`/api/bodies/${encodeURIComponent(body.id)}`)).json.seat_holders.find(
      (s) => s.origin === "count_back",
    );
    await withPage(t, async (page) => {
      await login(page, newHolder.holder);
      await page.goto(`/officials/${newHolder.holder}`);
      await page.getByRole("heading", { level: 1, name: newHolder.holder_name }).waitFor();
      await page.getByTestId(`report-due-${newHolder.mandate}`).getByText(/Next report back due/).waitFor();
      await page.getByTestId("reports").getByText("No reports yet.").waitFor();
      await page.getByLabel("Mandate to report on").selectOption(newHolder.mandate);
      await page.getByLabel("Your report").fill("The furnace rota is settled; minutes are on the board.");
      await page.getByRole("button", { name: "Publish the report" }).click();
      await page.getByTestId("reports").getByText("The furnace rota is settled").waitFor();
      await checkAxe(page, "an official's own record with a report back");
      await page.setViewportSize({ width: 375, height: 667 });
      await assertNoHorizontalScroll(page, "an official's own record on a phone");
    });
  });
});

describe("appeals", () => {
  test("a removed member appeals to the body one level up, and the appeal is listed", async (t) => {
    const b = (await api(`/api/bodies/${encodeURIComponent(body.id)}`)).json;
    const holders = b.seat_holders.filter((s) => s.holder).map((s) => s.holder);
    assert.ok(holders.length >= 3, "the committee has its holders");
    const removed = others().find((m) => !holders.includes(m));
    // A holder proposes the removal, with its public reason; every holder votes for it.
    const proposed = await commandAs(holders[0], { propose_removal: { member: removed, reason: "Absent since spring." } });
    assert.equal(proposed.status, 200, JSON.stringify(proposed.json));
    const motion = (await api(`/api/motions?state=open&body=${encodeURIComponent(body.id)}`, { cookie: me.cookie })).json
      .motions.find((m) => m.kind === "removal");
    assert.ok(motion, "the removal is before the committee");
    await commandAll(holders, () => ({ vote_motion: { motion: motion.id, choice: "yes" } }));
    await waitFor("the removal to be decided", async () => {
      const d = (await api(`/api/adverse-decisions?member=${removed}`, { cookie: me.cookie })).json.decisions;
      return d.length ? d : null;
    });
    const decision = (await api(`/api/adverse-decisions?member=${removed}`)).json.decisions[0];
    await withPage(t, async (page) => {
      // Logging in, the removed member learns what was decided and where to appeal, not
      // "Member not found" (#15).
      await login(page, removed);
      await page.waitForURL(`**/members/${removed}`);
      await page.getByRole("heading", { level: 1, name: "You were removed from membership" }).waitFor();
      const removal = page.getByTestId("removal");
      await removal.getByText("Absent since spring.").waitFor();
      await removal.getByRole("link", { name: /see the motion and how each seat holder voted/ }).waitFor();
      const where = await removal.getByTestId("appeal-where").innerText();
      assert.match(where, new RegExp(`You may appeal until .* to ${decision.hearing_body_name}`));
      // Whether the body above can hear it yet: said only when it has no seat holders.
      assert.equal(await removal.getByTestId("no-holders").count(), decision.hearing_holders === 0 ? 1 : 0);
      await checkAxe(page, "a removed member's page");
      await page.goto("/appeals");
      await page.getByRole("heading", { level: 1, name: "Appeals" }).waitFor();
      const card = page.getByTestId(`decision-${motion.id}`);
      await card.getByText(/removal from membership by/).waitFor();
      await card.getByText(/may be appealed until/).waitFor();
      await card.getByLabel("Your grounds for appeal").fill("I was on sick leave, with a doctor's note.");
      await card.getByRole("button", { name: "File the appeal" }).click();
      const listed = page.getByTestId("appeals").getByRole("link", { name: /appeal against removal from membership/ });
      await listed.waitFor();
      await checkAxe(page, "appeals with a decision appealed");
      await listed.click();
      await page.getByTestId("appeal-state").getByText(/waiting to be heard/).waitFor();
      await page.getByText("I was on sick leave, with a doctor's note.").waitFor();
      await checkAxe(page, "an appeal");
      await page.setViewportSize({ width: 375, height: 667 });
      await assertNoHorizontalScroll(page, "an appeal on a phone");
    });
    // Only the removed member may appeal, and only once.
    const again = await commandAs(removed, { file_appeal: { decision: motion.id, grounds: "Again." } });
    assert.equal(again.status, 409, JSON.stringify(again.json));
  });
});

describe("motions", () => {
  test("a seat holder proposes and votes, a member without a seat is told who votes, and a tie is lost with its reason", async (t) => {
    const b = (await api(`/api/bodies/${encodeURIComponent(body.id)}`)).json;
    const holders = b.seat_holders.filter((s) => s.holder).map((s) => s.holder);
    assert.ok(holders.length >= 2, "the committee has its holders");
    // A member of the shop without a seat, still a member (the appeals test removed one).
    let outsider = null;
    for (const m of others()) {
      if (holders.includes(m)) continue;
      if ((await api(`/api/members/${m}`, { cookie: me.cookie })).status === 200) {
        outsider = m;
        break;
      }
    }
    assert.ok(outsider, "a member of the shop without a seat");
    const text = "Install extraction fans in the casting hall before winter.";
    let motion;
    await withPage(t, async (page) => {
      await login(page, holders[0]);
      await page.goto(`/motions?body=${encodeURIComponent(body.id)}`);
      await page.getByRole("heading", { level: 2, name: "Propose a motion" }).waitFor();
      // Limits count characters (two bytes each here), with a live counter; the server's
      // refusal marks the field and is linked to it (#15).
      const field = page.getByLabel("The motion");
      await field.fill("ж".repeat(8001));
      assert.equal(await page.getByTestId("motion-text-count").innerText(), "1 character over the limit of 8,000");
      assert.equal(await field.getAttribute("aria-invalid"), "true");
      await page.getByRole("button", { name: "Propose", exact: true }).click();
      const alert = page.locator("#propose-error");
      await alert.getByText("At most 8000 characters; this has 8001.").waitFor();
      assert.match(await field.getAttribute("aria-describedby"), /\bpropose-error\b/);
      await field.fill(text);
      assert.equal(await page.getByTestId("motion-text-count").innerText(), `${text.length} of 8,000 characters`);
      await page.getByRole("button", { name: "Propose", exact: true }).click();
      await page.getByRole("status").getByText("The motion is before the body.").waitFor();
      // Accepted, the field is no longer marked.
      assert.equal(await field.getAttribute("aria-invalid"), null);
      motion = (await api(`/api/motions?state=open&body=${encodeURIComponent(body.id)}`)).json.motions.find(
        (m) => m.text === text,
      );
      assert.ok(motion, "the motion is open before the committee");
      const card = page.getByTestId(`motion-${motion.id}`);
      await card.getByRole("button", { name: "Vote yes" }).click();
      await card.getByRole("status").getByText("Your vote for the motion is recorded.").waitFor();
      await checkAxe(page, "a body's motions after a vote");
    });
    await withPage(t, async (page) => {
      // A member without a seat sees no buttons: a sentence says who votes.
      await login(page, outsider);
      await page.goto(`/motions?body=${encodeURIComponent(body.id)}`);
      const card = page.getByTestId(`motion-${motion.id}`);
      await card.getByTestId("who-votes").getByText(`Only the seat holders of ${body.name} vote on it; you hold no seat there.`).waitFor();
      assert.equal(await card.getByRole("button").count(), 0);
      // The others split the vote evenly: a tie, which does not carry.
      const half = Math.floor(holders.length / 2);
      const choice = (i) => (i < half ? "yes" : i < 2 * half ? "no" : "abstain");
      for (let i = 1; i < holders.length; i++) {
        const r = await commandAs(holders[i], { vote_motion: { motion: motion.id, choice: choice(i) } });
        assert.equal(r.status, 200, JSON.stringify(r.json));
      }
      await waitFor("the motion to close", async () => (await api(`/api/motions/${motion.id}`)).json.state !== "open");
      await card.getByRole("link", { name: text }).click();
      await page.getByRole("heading", { level: 1, name: `Motion before ${body.name}` }).waitFor();
      await page.getByTestId("outcome").getByText(/^Lost: a tie does not carry, as a motion needs more yes than no/).waitFor();
      const rows = page.getByTestId("motion-votes").locator("tbody tr");
      await rows.first().waitFor();
      assert.equal(await rows.count(), holders.length);
      const first = (await api(`/api/members/${holders[0]}`, { cookie: me.cookie })).json.name;
      await rows.filter({ hasText: first }).getByText("yes").waitFor();
      await checkAxe(page, "a motion lost at a tie");
      await page.setViewportSize({ width: 375, height: 667 });
      await assertNoHorizontalScroll(page, "a motion's page on a phone");
    });
  });
});

describe("governance pages on a phone (375×667)", () => {
  test("elections, petitions, motions and a body's motions fit the screen and pass axe", async (t) => {
    await withPage(
      t,
      async (page) => {
        await login(page);
        for (const [path, heading] of [
          ["/elections", "Elections"],
          ["/recalls", "Recall petitions"],
          ["/motions", "Motions"],
          ["/appeals", "Appeals"],
          ["/appointments", "Appointments"],
          [`/motions?body=${body.id}`, `Motions before ${body.name}`],
          [`/elections/${pollId}`, `Election of ${body.name}`],
        ]) {
          await page.goto(path);
          await page.getByRole("heading", { level: 1, name: heading }).waitFor();
          await waitForLoaded(page);
          await assertNoHorizontalScroll(page, path);
          await checkAxe(page, path);
        }
      },
      { viewport: { width: 375, height: 667 } },
    );
  });
});

describe("a workplace's production data (issue #14)", () => {
  test("a member of the committee changes the capacity, and the page says who did", async (t) => {
    const b = (await api(`/api/bodies/${encodeURIComponent(body.id)}`)).json;
    const seat = b.seat_holders.find((s) => s.holder && SHOP_MEMBERS.includes(s.holder));
    assert.ok(seat, "a seat holder of the committee who can log in");
    const workplace = b.constituency.workplace;
    const before = (await api(`/api/workplaces/${encodeURIComponent(workplace)}/production`)).json;
    const capacity = Math.round(before.capacity * 1.1 + 1);
    await withPage(t, async (page) => {
      await login(page, seat.holder);
      await page.goto(`/workplaces/${encodeURIComponent(workplace)}`);
      await page.getByRole("heading", { level: 2, name: "Production" }).waitFor();
      await page.getByRole("heading", { name: "Change the production data" }).waitFor();
      await page.getByLabel("Capacity a year").fill(String(capacity));
      await page.getByRole("button", { name: "Save the figures" }).click();
      await page.getByRole("status").getByText("The figures are saved in the public record.").waitFor();
      await page.getByTestId("capacity").getByText(capacity.toLocaleString("en")).waitFor();
      await page.getByTestId("production-history").getByText(seat.holder_name).first().waitFor();
      // A CSV upload that the server refuses names the line and column.
      await page.getByLabel("Or the CSV itself").fill("capacity\n-5\n");
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByRole("alert").getByText(/Line 2, column 1/).waitFor();
      await checkAxe(page, "a workplace with its production data and the committee's forms");
      await page.setViewportSize({ width: 375, height: 667 });
      await assertNoHorizontalScroll(page, "a workplace's production data on a phone");
    });
    const after = (await api(`/api/workplaces/${encodeURIComponent(workplace)}/production`)).json;
    assert.equal(after.capacity, capacity);
    assert.equal(after.history[0].actor, seat.holder);
    assert.deepEqual(after.history[0].changed, ["capacity", "workers", "hours"]);
  });
});
