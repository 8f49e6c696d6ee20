// The forms a shop committee and its officials use every week (issue #15): calling an
// election of a vacant post, logging manual labour, proposing a removal (picking the member
// by name), proposing an amendment of the constitution, and proposing a revision of a
// workplace's target. Each form is driven in Chromium as the demo's members: it shows only
// to those the rules allow (the others are told why, or see nothing), its limits are
// checked as it is filled, a refusal from the server is shown in words by the field it
// names, success is announced (role="status") and the page shows what changed. Every page
// passes axe at 1280 and at 390 px, and fits the phone.
//
// The file runs after governance and rounds (alphabetical order), so that the posts and
// motions it leaves behind do not stand in their way.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  api,
  apiLogin,
  assertNoHorizontalScroll,
  checkAxe,
  commandAs,
  login,
  MEMBER,
  SHOP_MEMBERS,
  stopBrowser,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

const COMMITTEE_MEMBER = process.env.COLLEGIUM_COMMITTEE_MEMBER ?? "";
const COMMITTEE_MEMBERS = (process.env.COLLEGIUM_COMMITTEE_MEMBERS ?? "").split(/\s+/).filter(Boolean);
const CONGRESS_MEMBER = process.env.COLLEGIUM_CONGRESS_MEMBER ?? "";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const stamp = Date.now().toString(36);

after(stopBrowser);

// axe at a desktop's width and at a phone's, where nothing may scroll sideways.
async function axeBoth(page, label) {
  await page.setViewportSize(DESKTOP);
  await checkAxe(page, `${label} at 1280 px`);
  await page.setViewportSize(PHONE);
  await assertNoHorizontalScroll(page, `${label} at 390 px`);
  await checkAxe(page, `${label} at 390 px`);
  await page.setViewportSize(DESKTOP);
}

const esc = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The ids in a control's aria-describedby.
async function describedBy(locator) {
  return ((await locator.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
}

// The control is marked invalid and described by the message with `errorId`, which says
// `words`.
async function refusedAt(page, control, errorId, words) {
  const message = page.locator(`#${errorId}`);
  await message.filter({ hasText: words }).waitFor();
  assert.equal(await message.getAttribute("role"), "alert");
  assert.equal(await control.getAttribute("aria-invalid"), "true");
  assert.ok((await describedBy(control)).includes(errorId), `the field is described by ${errorId}`);
}

async function operator() {
  return apiLogin("operator");
}

async function asOperator(cmd) {
  const op = await operator();
  const r = await api("/api/commands", { method: "POST", body: cmd, cookie: op.cookie, csrf: op.csrf });
  assert.equal(r.status, 200, `the operator's ${Object.keys(cmd)[0]}: ${JSON.stringify(r.json)}`);
  return r.json;
}

test("a member of a shop calls an election of its vacant post; one outside is told why; a refusal is shown in words", async (t) => {
  if (!COMMITTEE_MEMBER || SHOP_MEMBERS.length < 2) return t.skip("the demo's logins are not set");
  const me = await apiLogin(MEMBER);
  const shop = (await api(`/api/members/${MEMBER}`, { cookie: me.cookie })).json.shop;
  // Two executive posts of the member's shop (specialist bodies, which the clock leaves to
  // appointment): the electorate may elect them instead (A5).
  const post = `safety-${stamp}`;
  const other = `stores-${stamp}`;
  for (const [id, name] of [
    [post, `Safety engineer ${stamp}`],
    [other, `Stores keeper ${stamp}`],
  ]) {
    await asOperator({
      declare_body: { id, name, kind: "specialist", seats: 1, term_months: 12, constituency: { shop } },
    });
  }

  // A member of another workplace sees why there is no form.
  await withPage(t, async (page) => {
    await login(page, COMMITTEE_MEMBER);
    await page.goto(`/bodies/${post}`);
    await page.getByRole("heading", { level: 2, name: "Calling an election" }).waitFor();
    await page.getByTestId("call-election-why").filter({ hasText: "You are not among them" }).waitFor();
    assert.equal(await page.getByTestId("call-election").count(), 0, "no form for one outside the electorate");
  });

  await withPage(t, async (page) => {
    await login(page);
    // The form, then an election called meanwhile by another member: the server refuses,
    // and the page says why and shows the election now open.
    await page.goto(`/bodies/${other}`);
    const form = page.getByTestId("call-election");
    await form.filter({ hasText: "Its seat is vacant." }).waitFor();
    // Another member of the shop (the files before may have removed one: a former member
    // calls nothing, and is told so).
    let r;
    for (const m of SHOP_MEMBERS.filter((x) => x !== MEMBER)) {
      r = await commandAs(m, { call_election: { body: other } });
      if (!(r.status === 403 && /only members/.test(r.json.detail))) break;
    }
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await form.getByRole("button", { name: "Call an election of the 1 vacant seat" }).click();
    await page.locator("#call-error").filter({ hasText: /already has an election open/ }).waitFor();
    assert.equal(await page.locator("#call-error").getAttribute("role"), "alert");
    await page.getByTestId("open-election").waitFor();

    // The post with no election yet: called by the form.
    await page.goto(`/bodies/${post}`);
    await waitForLoaded(page);
    await page.getByTestId("call-election").waitFor();
    await axeBoth(page, "a post's page with the form to call an election");
    await page.getByRole("button", { name: "Call an election of the 1 vacant seat" }).click();
    const done = page.getByTestId("call-election-done");
    await done.filter({ hasText: /The election is called for 1 seat: nominations are open until/ }).waitFor();
    assert.equal(await done.getAttribute("role"), "status");
    const poll = (await api(`/api/bodies/${post}`)).json.open_election;
    assert.ok(poll, "the post has an election open");
    assert.equal(await done.getByRole("link").getAttribute("href"), `/elections/${poll}`);
    await page.getByTestId("open-election").waitFor();
    await axeBoth(page, "a post's page once its election is called");
    const called = (await api(`/api/polls/${poll}`, { cookie: me.cookie })).json;
    assert.equal(called.body, post);
  });
});

test("an official logs manual labour on their own page, with its limits checked and a refusal shown by the field", async (t) => {
  if (!COMMITTEE_MEMBER || COMMITTEE_MEMBERS.length < 2) return t.skip("COLLEGIUM_COMMITTEE_MEMBERS is not set");
  const other = COMMITTEE_MEMBERS.find((m) => m !== COMMITTEE_MEMBER);
  await withPage(t, async (page) => {
    await login(page, COMMITTEE_MEMBER);
    // Another official's page asks them, not us.
    await page.goto(`/officials/${other}`);
    await page.getByRole("heading", { level: 2, name: "Manual labour" }).waitFor();
    await waitForLoaded(page);
    assert.equal(await page.getByTestId("log-labour").count(), 0, "no form on another official's page");

    await page.goto(`/officials/${COMMITTEE_MEMBER}`);
    const form = page.getByTestId("log-labour");
    await form.waitFor();
    await waitForLoaded(page);
    await axeBoth(page, "an official's own page with the labour form");

    // Limits in characters: a thousand Cyrillic letters (two thousand bytes) fit the note.
    const note = form.getByLabel("Note (optional)");
    const count = form.getByTestId("labour-note-count");
    await note.fill("ж".repeat(1000));
    await count.filter({ hasText: /^1,000 of 1,000 characters$/ }).waitFor();
    assert.equal(await note.getAttribute("aria-invalid"), null);
    await note.fill("ж".repeat(1001));
    await count.filter({ hasText: "1 character over the limit of 1,000" }).waitFor();
    assert.equal(await note.getAttribute("aria-invalid"), "true");
    // Days are checked as they are typed.
    const days = form.getByLabel("Days");
    await days.fill("40");
    await form.locator("#labour-days-bad").filter({ hasText: "from 1 to 31" }).waitFor();
    assert.equal(await days.getAttribute("aria-invalid"), "true");
    await days.fill("2");
    assert.equal(await days.getAttribute("aria-invalid"), null);

    // The server refuses a character nobody can see, and says so by the note.
    await note.fill("Loading\u200b bay");
    await form.getByRole("button", { name: "Log the days" }).click();
    await refusedAt(page, note, "labour-error", /zero-width/);

    const start = new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10);
    await form.getByLabel("First day").fill(start);
    await note.fill(`Loading bay, two night shifts ${stamp}.`);
    await form.getByRole("button", { name: "Log the days" }).click();
    const done = form.getByTestId("labour-done");
    await done.filter({ hasText: `2 days from ${start}` }).waitFor();
    assert.equal(await done.getAttribute("role"), "status");
    // The page shows the entry, waiting for a member of that shop to confirm it.
    const entry = page.getByTestId("labour").getByRole("listitem").filter({ hasText: `two night shifts ${stamp}` });
    await entry.filter({ hasText: "Not confirmed yet" }).waitFor();
    const official = (await api(`/api/officials/${COMMITTEE_MEMBER}`)).json;
    const logged = official.labour.find((l) => l.note.includes(stamp));
    assert.ok(logged && logged.days === 2 && logged.start === start, JSON.stringify(official.labour));
    await axeBoth(page, "an official's page after logging labour");
  });
});

test("a seat holder of a workplace's committee proposes a removal, picking the member by name among namesakes", async (t) => {
  if (!COMMITTEE_MEMBER) return t.skip("COLLEGIUM_COMMITTEE_MEMBER is not set");
  const s = await apiLogin(COMMITTEE_MEMBER);
  const workplace = (await api(`/api/members/${COMMITTEE_MEMBER}`, { cookie: s.cookie })).json.workplace;
  const members = (await api(`/api/members?workplace=${workplace}&limit=1000`, { cookie: s.cookie })).json.members;
  const model = members.find((m) => m.id !== COMMITTEE_MEMBER && m.offices.length === 0);
  const full = (await api(`/api/members/${model.id}`, { cookie: (await operator()).cookie })).json;
  // A namesake joins the workplace, so that the search finds two members of one name.
  const namesake = `m-namesake-${stamp}`;
  await asOperator({
    admit_member: {
      id: namesake,
      name: model.name,
      category: model.category,
      workplace,
      shop: full.shop,
      joined: new Date().toISOString().slice(0, 10),
    },
  });

  // A member of another workplace, or one without a seat, sees no form.
  await withPage(t, async (page) => {
    await login(page);
    await page.goto(`/workplaces/${workplace}`);
    await page.getByRole("heading", { level: 2, name: "Members" }).waitFor();
    await waitForLoaded(page);
    assert.equal(await page.getByTestId("propose-removal").count(), 0, "no form for one without a seat");
  });

  await withPage(t, async (page) => {
    await login(page, COMMITTEE_MEMBER);
    await page.goto(`/workplaces/${workplace}`);
    const form = page.getByTestId("propose-removal");
    await form.waitFor();
    await waitForLoaded(page);
    await axeBoth(page, "a workplace's page with the removal form");

    // Searching by part of the name, in another case: both namesakes are offered, each with
    // their id, as two members share the name.
    const search = form.getByLabel("Member to remove: search by name");
    const part = model.name.split(" ").pop();
    await search.fill(part.toUpperCase());
    const matches = form.getByTestId("removal-member-matches");
    await matches.waitFor();
    await form.getByTestId("removal-member-status").filter({ hasText: /match/ }).waitFor();
    const labels = await matches.getByRole("radio").evaluateAll((radios) => radios.map((r) => r.labels[0].textContent.trim()));
    const named = labels.filter((l) => l.startsWith(`${model.name} (`));
    assert.ok(named.some((l) => l.includes(`(${namesake})`)) && named.some((l) => l.includes(`(${model.id})`)), labels.join("; "));
    // A name nobody else has is shown without its id.
    const unique = members.find((m) => members.filter((x) => x.name === m.name).length === 1 && m.name !== model.name);
    await search.fill(unique.name);
    await matches.getByRole("radio", { name: new RegExp(`^${esc(unique.name)} `) }).first().waitFor();
    assert.ok(
      (await matches.getByRole("radio").evaluateAll((radios) => radios.map((r) => r.labels[0].textContent.trim()))).every(
        (l) => !l.includes(`(${unique.id})`),
      ),
      "no id by a name nobody else has",
    );
    await search.fill(model.name);
    await matches.getByRole("radio", { name: new RegExp(`^${esc(model.name)} \\(${esc(namesake)}\\)`) }).check();
    await form.getByTestId("removal-member-chosen").filter({ hasText: `${model.name} (${namesake})` }).waitFor();

    // The server refuses a reason with a character nobody can see, by the reason.
    const reason = form.getByLabel("Reason");
    await reason.fill("Never came to work\u200b since joining.");
    await form.getByRole("button", { name: "Propose the removal" }).click();
    await refusedAt(page, reason, "removal-error", /zero-width/);

    await reason.fill(`Admitted twice by mistake (${stamp}): the record holds this member already.`);
    await form.getByRole("button", { name: "Propose the removal" }).click();
    const done = form.getByTestId("removal-done");
    await done.filter({ hasText: `The removal of ${model.name} is before` }).waitFor();
    assert.equal(await done.getAttribute("role"), "status");
    const motion = (await api(`/api/motions?state=open`)).json.motions.find(
      (m) => m.kind === "removal" && m.text.includes(stamp),
    );
    assert.ok(motion, "the removal is an open motion");
    assert.equal(motion.payload.member, namesake, "the namesake chosen, not the member of the same name");
    assert.equal(await done.getByRole("link").getAttribute("href"), `/motions/${motion.id}`);
    // The page lists it among the proposals before the committee.
    await page.getByTestId("open-removals").getByRole("link", { name: new RegExp(esc(stamp)) }).waitFor();
    await axeBoth(page, "a workplace's page after proposing a removal");
  });
});

test("a seat holder of the congress proposes an amendment of the constitution, rule by rule", async (t) => {
  if (!CONGRESS_MEMBER || !COMMITTEE_MEMBER) return t.skip("COLLEGIUM_CONGRESS_MEMBER is not set");
  const before = (await api("/api/constitution")).json.constitution;
  const days = before.manual_labour_days + 1;

  // A member without a seat in the congress is told who proposes amendments.
  await withPage(t, async (page) => {
    await login(page, COMMITTEE_MEMBER);
    await page.goto("/motions?body=congress");
    await page.getByTestId("who-proposes").filter({ hasText: "amendments of the constitution" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Write an amendment" }).count(), 0);
  });

  await withPage(t, async (page) => {
    await login(page, CONGRESS_MEMBER);
    await page.goto("/motions?body=congress");
    await page.getByRole("button", { name: "Write an amendment" }).click();
    const form = page.getByTestId("propose-amendment");
    await form.waitFor();
    await waitForLoaded(page);
    await axeBoth(page, "the congress's motions with the amendment form");

    // A rule's own limit is checked as it is typed: never less than two thirds (A13).
    const majority = form.getByLabel("Share of the votes cast that amends the constitution");
    await majority.fill("1/2");
    await form.getByText("The constitution changes only by at least two thirds (A13).").waitFor();
    assert.equal(await majority.getAttribute("aria-invalid"), "true");
    await majority.fill(before.amendment_majority);
    assert.equal(await majority.getAttribute("aria-invalid"), null);

    // Rules that tie two fields together are the server's to check: its refusal is shown by
    // the field it names.
    const decide = form.getByLabel("How long a body has to record what it decided on a signal");
    await decide.fill("PT1M");
    await form.getByLabel("The motion: what the amendment does and why").fill("Decide on signals within a minute.");
    await form.getByRole("button", { name: "Propose the amendment" }).click();
    await refusedAt(page, decide, "amendment-error", /at least the time to acknowledge it/);
    await decide.fill(before.signal_decide_period);

    await form.getByLabel("Days of manual labour a year asked of an official").fill(String(days));
    await form
      .getByTestId("amendment-changes")
      .getByRole("listitem")
      .filter({ hasText: `Days of manual labour a year asked of an official: ${before.manual_labour_days} → ${days}` })
      .waitFor();
    const text = `One more day at the bench each year for every official (${stamp}).`;
    await form.getByLabel("The motion: what the amendment does and why").fill(text);
    await form.getByRole("button", { name: "Propose the amendment" }).click();
    const done = form.getByTestId("amendment-done");
    await done.filter({ hasText: "The amendment is before the congress" }).waitFor();
    assert.equal(await done.getAttribute("role"), "status");
    const motion = (await api("/api/motions?body=congress&state=open")).json.motions.find((m) => m.text === text);
    assert.ok(motion && motion.kind === "amendment", "the amendment is an open motion of the congress");
    assert.equal(motion.payload.constitution.manual_labour_days, days);
    // Every rule left alone stays as it is.
    assert.deepEqual({ ...motion.payload.constitution, manual_labour_days: before.manual_labour_days }, before);
    // The list shows it, and its page what it would change.
    await page.getByTestId(`motion-${motion.id}`).waitFor();
    await done.getByRole("link", { name: "on the motion's page" }).click();
    const table = page.getByTestId("amendment-table");
    await table
      .getByRole("row", { name: new RegExp(`Days of manual labour a year asked of an official ${before.manual_labour_days} ${days}`) })
      .waitFor();
    await axeBoth(page, "an amendment's page");
  });
});

test("a seat holder proposes a revision of their workplace's target on its fulfilment page", async (t) => {
  if (!COMMITTEE_MEMBER) return t.skip("COLLEGIUM_COMMITTEE_MEMBER is not set");
  const s = await apiLogin(COMMITTEE_MEMBER);
  const workplace = (await api(`/api/members/${COMMITTEE_MEMBER}`, { cookie: s.cookie })).json.workplace;
  const f = (await api(`/api/workplaces/${workplace}/fulfilment`)).json;
  assert.ok(f.plan, "the demo's plan is being carried out");

  await withPage(t, async (page) => {
    await login(page);
    await page.goto(`/workplaces/${workplace}/fulfilment`);
    await page.getByRole("heading", { level: 2, name: "Its signals" }).waitFor();
    await waitForLoaded(page);
    assert.equal(await page.getByTestId("propose-target-revision").count(), 0, "no form for one without a seat");
  });

  await withPage(t, async (page) => {
    await login(page, COMMITTEE_MEMBER);
    await page.goto(`/workplaces/${workplace}/fulfilment`);
    const form = page.getByTestId("propose-target-revision");
    await form.waitFor();
    await waitForLoaded(page);
    await axeBoth(page, "a workplace's fulfilment with the revision form");

    const target = form.getByLabel("New target for the year");
    await target.fill(String(f.yearly_target));
    await form.locator("#revision-target-bad").filter({ hasText: "already" }).waitFor();
    assert.equal(await target.getAttribute("aria-invalid"), "true");
    const revised = Math.round(f.yearly_target * 0.9);
    await target.fill(String(revised));
    assert.equal(await target.getAttribute("aria-invalid"), null);

    const why = form.getByLabel("Why revise it");
    await why.fill("The loom\u200b shed is closed for repairs.");
    await form.getByRole("button", { name: "Propose the revision" }).click();
    await refusedAt(page, why, "revision-error", /zero-width/);

    await why.fill(`The loom shed is closed for repairs until spring (${stamp}).`);
    await form.getByRole("button", { name: "Propose the revision" }).click();
    const done = page.getByTestId("revision-done");
    await done.filter({ hasText: `The revision of its target to ${revised.toLocaleString("en")} a year is before` }).waitFor();
    assert.equal(await done.getAttribute("role"), "status");
    const motion = (await api("/api/motions?state=open")).json.motions.find(
      (m) => m.kind === "target_revision" && m.text.includes(stamp),
    );
    assert.ok(motion, "the revision is an open motion");
    assert.equal(motion.payload.workplace, workplace);
    assert.equal(Number(motion.payload.target), revised);
    await page.getByTestId("open-revisions").getByRole("link", { name: new RegExp(esc(stamp)) }).waitFor();
    await axeBoth(page, "a workplace's fulfilment after proposing a revision");
  });
});
