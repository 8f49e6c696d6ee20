// The public record in words (issue #15): each event a sentence with names, newest first;
// filters by kind, body and member and a search, all held in the URL; routine clock steps
// hidden until asked for; pages back in time; a bad filter named. Read by an anonymous
// visitor, as the record is public (B1); axe and unbroken words at 1280 and 390 px.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  api,
  assertNoHorizontalScroll,
  assertNoSplitWords,
  checkAxe,
  startBrowser,
  stopBrowser,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

before(startBrowser);
after(stopBrowser);

// The seqs and types of the listed events, in the order shown.
async function listed(page) {
  return page.$$eval("[data-testid=events] > li", (items) =>
    items.map((li) => ({
      seq: Number(li.getAttribute("data-seq")),
      type: li.getAttribute("data-type"),
      sentence: li.querySelector(".event-sentence")?.textContent ?? "",
    })),
  );
}

async function loaded(page) {
  await page.getByTestId("record-count").waitFor();
  await waitForLoaded(page);
}

describe("the record in words", () => {
  test("sentences with names, newest first, at a desktop's width and a phone's", async (t) => {
    // Someone elected, as the API says it: the page must say the same words.
    const elected = (await api("/api/record/entries?kind=mandate.started&q=was%20elected%20to&limit=1")).json
      .entries[0];
    assert.ok(elected, "the demo has elected members");
    assert.match(elected.sentence, /^.+ was elected to the .+, until \d{4}-\d\d-\d\d\.$/);
    const name = elected.members[0].name;
    assert.ok(elected.sentence.startsWith(`${name} was elected to `), elected.sentence);
    await withPage(
      t,
      async (page) => {
        await page.goto("/record");
        await loaded(page);
        const shown = await listed(page);
        assert.ok(shown.length > 10, `${shown.length} events shown`);
        for (let i = 1; i < shown.length; i++) assert.ok(shown[i].seq < shown[i - 1].seq, "newest first");
        for (const e of shown) {
          assert.ok(e.sentence.endsWith("."), `a sentence: ${e.sentence}`);
          assert.notEqual(e.type, "poll.nominations_extended", "routine steps are hidden by default");
        }
        await checkAxe(page, "the record in words");
        await assertNoSplitWords(page, "the record in words");

        // The elected member's event, through the kind filter, says their name.
        await page.goto(`/record?kind=mandate.started`);
        await loaded(page);
        const item = page.locator(`[data-testid=events] li[data-seq="${elected.seq}"]`);
        await item.waitFor();
        assert.equal(await item.locator(".event-sentence").innerText(), elected.sentence);
        // The raw event is one disclosure away.
        await item.locator("details summary").click();
        assert.match(await item.locator("details pre").innerText(), /"origin": "election"/);
        await checkAxe(page, "a filtered record with a disclosure open");

        await page.setViewportSize(PHONE);
        await page.goto("/record");
        await loaded(page);
        await checkAxe(page, "the record in words on a phone");
        await assertNoSplitWords(page, "the record in words on a phone");
        await assertNoHorizontalScroll(page, "the record in words on a phone");
      },
      { viewport: DESKTOP },
    );
  });

  test("filters by kind, by member and by words, held in the URL", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/record");
      await loaded(page);
      // A group of kinds from the form.
      await page.getByLabel("Kind").selectOption("elections");
      await page.getByRole("button", { name: "Show events" }).click();
      await page.waitForURL(/\/record\?kind=elections$/);
      await loaded(page);
      let shown = await listed(page);
      assert.ok(shown.length > 0);
      for (const e of shown) assert.match(e.type, /^(poll|ballot|mandate)\./);

      // The events naming a member: from a link under an event.
      const link = page.getByRole("link", { name: /^Events naming / }).first();
      const who = (await link.innerText()).replace(/^Events naming /, "");
      await link.click();
      await page.waitForURL(/member=/);
      await loaded(page);
      await page.getByTestId("record-member").getByText(who).waitFor();
      const member = new URL(page.url()).searchParams.get("member");
      shown = await listed(page);
      assert.ok(shown.length > 0);
      const api1 = (await api(`/api/record/entries?kind=elections&member=${member}&limit=50`)).json;
      // The page lists what the API gives for the same filters (the clock may have added
      // newer events on top meanwhile).
      const fromApi = new Set(api1.entries.map((e) => e.seq));
      for (const e of shown.slice(-5)) assert.ok(fromApi.has(e.seq), `event ${e.seq} as the API lists it`);
      for (const e of api1.entries) assert.ok(e.members.some((m) => m.id === member), e.sentence);

      // Words, in any case: the page and a shared link give the same.
      await page.goto("/record");
      await loaded(page);
      // The server folds the case of ASCII letters; other letters match as typed.
      const shouted = who.replace(/[a-z]/g, (c) => c.toUpperCase());
      await page.getByLabel("Words in the sentence").fill(shouted);
      await page.getByRole("button", { name: "Show events" }).click();
      await page.waitForURL(/q=/);
      await loaded(page);
      shown = await listed(page);
      assert.ok(shown.length > 0, `sentences holding ${who}`);
      for (const e of shown) assert.ok(e.sentence.toLowerCase().includes(who.toLowerCase()), e.sentence);
      const shared = page.url();
      await page.goto("/");
      await page.goto(shared);
      await loaded(page);
      assert.equal(await page.getByLabel("Words in the sentence").inputValue(), shouted);
      const again = new Set((await listed(page)).map((e) => e.seq));
      for (const e of shown) assert.ok(again.has(e.seq), `event ${e.seq} again from the shared link`);
      await checkAxe(page, "the record searched");
      await assertNoSplitWords(page, "the record searched");

      await page.getByTestId("record-clear").click();
      await page.waitForURL(/\/record$/);
    });
  });

  test("routine steps on request, pages back, and a bad filter named", async (t) => {
    await withPage(t, async (page) => {
      const routine = (await api("/api/record/entries?kind=poll.nominations_extended&limit=1")).json;
      await page.goto("/record?kind=elections&routine=1");
      await loaded(page);
      assert.ok(await page.getByLabel(/Show routine clock steps/).isChecked());
      if (routine.entries.length) {
        // The demo keeps some nominations open: shown when asked for, by name.
        await page.goto("/record?kind=poll.nominations_extended");
        await loaded(page);
        const shown = await listed(page);
        assert.ok(shown.length > 0);
        for (const e of shown) {
          assert.equal(e.type, "poll.nominations_extended");
          assert.match(e.sentence, /^Nominations for the election to the .+ stay open until /);
        }
      }

      await page.goto("/record");
      await loaded(page);
      const first = await listed(page);
      await page.getByTestId("record-next").click();
      await page.waitForURL(/\/record\?before=\d+/);
      await page.waitForFunction(
        (last) => Number(document.querySelector("[data-testid=events] > li")?.getAttribute("data-seq")) < last,
        first[first.length - 1].seq + 1,
      );
      const older = await listed(page);
      assert.ok(older[0].seq < first[first.length - 1].seq, "the older page starts below the first");
      await page.getByRole("link", { name: "Newest" }).click();
      await page.waitForURL(/\/record$/);

      await page.goto("/record?member=m-nobody");
      await page.getByText(/no member m-nobody/i).waitFor();
      await checkAxe(page, "the record with a bad filter");
    });
  });
});
