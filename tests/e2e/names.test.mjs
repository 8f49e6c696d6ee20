// People by name in the appointment form (issue #15): an official picks the appointee by a
// search by name, never by id, and once the proposal is made the page says what became of
// its motion: before the union body, or, where that body has no seat holders to vote, that
// it cannot pass; never that it is before the union when it is already lost.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api, apiLogin, assertNoSplitWords, checkAxe, login, startBrowser, stopBrowser, withPage } from "./lib.mjs";

const COMMITTEE_MEMBER = process.env.COLLEGIUM_COMMITTEE_MEMBER;

before(startBrowser);
after(stopBrowser);

describe("appointments by name", () => {
  test("an official proposes an appointment picking the member by name, and reads what became of it", async (t) => {
    // The demo declares no specialist post: the operator declares one, elected by a union body,
    // which may then consent to an appointment to it (A5).
    const op = await apiLogin("operator");
    const union = (await api("/api/bodies?kind=union&limit=1")).json.bodies[0];
    assert.ok(union, "the demo has a union body");
    const post = { id: `lab-names-${Date.now()}`, name: `Metallurgy laboratory ${Date.now()}` };
    const declared = await api("/api/commands", {
      method: "POST",
      cookie: op.cookie,
      csrf: op.csrf,
      body: {
        declare_body: { id: post.id, name: post.name, kind: "specialist", seats: 1, constituency: { bodies: [union.id] } },
      },
    });
    assert.equal(declared.status, 200, JSON.stringify(declared.json));
    // A seat holder of a workplace committee proposes; the appointee is a member of their
    // workplace who holds no office.
    const official = COMMITTEE_MEMBER;
    const { cookie } = await apiLogin(official);
    const me = (await api(`/api/members/${official}`, { cookie })).json;
    const list = await api(`/api/members?workplace=${encodeURIComponent(me.workplace)}&limit=1000`, { cookie });
    const appointee = list.json.members.find((m) => m.id !== official && m.offices.length === 0);
    assert.ok(appointee, "someone to appoint");
    for (const width of [1280, 390]) {
      await withPage(
        t,
        async (page) => {
          await login(page, official);
          await page.goto("/appointments");
          const form = page.getByTestId("propose-appointment");
          await form.waitFor();
          await form.getByLabel("Post").selectOption(post.id);
          await form.getByLabel("Union body whose consent is asked").selectOption(union.id);
          const box = form.getByRole("searchbox", { name: "Member to appoint" });
          await box.fill(appointee.name.slice(0, -1));
          const choice = form.locator(`input[name="appointment-member-choice"][value="${appointee.id}"]`);
          await choice.check();
          await form.getByTestId("appointment-member-chosen").getByText(appointee.name).waitFor();
          await checkAxe(page, `the appointment form with a member chosen at ${width} px`);
          await form.getByLabel("Why appoint rather than elect?").fill("The only trained metallurgist among us.");
          await form.getByRole("button", { name: "Propose the appointment" }).click();
          const outcome = form.getByTestId("appointment-outcome");
          await outcome.waitFor();
          const text = await outcome.innerText();
          assert.ok(text.includes(appointee.name), text);
          assert.ok(!text.includes(appointee.id), `the appointee is named by id: ${text}`);
          const consenting = await api(`/api/bodies/${encodeURIComponent(union.id)}`);
          const voters = consenting.json.seat_holders.filter((h) => h.holder).length;
          const motions = await api(`/api/motions?body=${encodeURIComponent(union.id)}`);
          const made = motions.json.motions.find((m) => m.kind === "appointment" && m.payload.member === appointee.id);
          assert.ok(made, "the motion was made");
          // The clock closes a motion no one can vote on soon after the page read it back:
          // the page says it was lost, or that it cannot pass; never that it is being voted.
          if (voters === 0) {
            assert.match(text, /has no seat holders yet: no one can vote on it|was lost at once/);
          } else if (made.state === "open") {
            assert.match(text, /its seat holders vote on it/);
          } else {
            assert.doesNotMatch(text, /its seat holders vote on it/);
          }
          await checkAxe(page, `the appointment proposed at ${width} px`);
          await assertNoSplitWords(page, `the appointments page at ${width} px`);
        },
        { viewport: { width, height: 900 } },
      );
    }
  });
});
