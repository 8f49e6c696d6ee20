// Search (issue #15): the header's search box on every page leads to /search, where
// members, bodies, elections and motions are grouped by kind and linked. A member finds
// another by part of their name and follows the link; anyone finds bodies, and is told that
// members who hold no seat are found once logged in. Axe and unbroken words at a desktop's
// width and at a phone's.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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

let me;
before(async () => {
  await startBrowser();
  me = await apiLogin(MEMBER);
});
after(stopBrowser);

// A member of the member's own workplace other than themselves, with a name no one else in
// it shares, so that the link to follow is unambiguous.
async function someoneToFind() {
  const mine = (await api(`/api/members/${MEMBER}`, { cookie: me.cookie })).json;
  const list = await api(`/api/members?workplace=${encodeURIComponent(mine.workplace)}&limit=1000`, {
    cookie: me.cookie,
  });
  const count = new Map();
  for (const m of list.json.members) count.set(m.name, (count.get(m.name) ?? 0) + 1);
  return list.json.members.find((m) => m.id !== MEMBER && count.get(m.name) === 1);
}

describe("search", () => {
  test("a member finds another by part of their name from the header, and follows the link", async (t) => {
    const target = await someoneToFind();
    assert.ok(target, "the member's workplace has someone to find");
    // Part of the name, in lower case: without its first and last letters.
    const part = target.name.slice(1, -1).toLowerCase();
    for (const width of [1280, 390]) {
      await withPage(
        t,
        async (page) => {
          await login(page);
          const box = page.getByRole("search", { name: "Site" }).getByRole("searchbox", { name: "Search" });
          await box.fill(part);
          await box.press("Enter");
          await page.waitForURL(/\/search\?q=/);
          await page.getByRole("heading", { level: 1, name: "Search" }).waitFor();
          const members = page.getByTestId("found-member");
          // Two members may share the name: the link is the one to this member's page.
          const link = members.locator(`a[href="/members/${target.id}"]`);
          await link.waitFor();
          assert.equal(await link.innerText(), target.name);
          await page.getByTestId("found-body").waitFor();
          await page.getByTestId("found-poll").waitFor();
          await page.getByTestId("found-motion").waitFor();
          await page.getByTestId("search-summary").getByText(`Found for “${part}”`).waitFor();
          await waitForLoaded(page);
          await checkAxe(page, `the search results at ${width} px`);
          await assertNoSplitWords(page, `the search results at ${width} px`);
          await assertNoHorizontalScroll(page, `the search results at ${width} px`);
          if (width === 1280) await assertHeaderOneLine(page, "the search results");
          await link.click();
          await page.waitForURL(new RegExp(`/members/${target.id}$`));
          await page.getByRole("heading", { level: 1, name: target.name }).waitFor();
        },
        { viewport: { width, height: 900 } },
      );
    }
  });

  test("anyone finds bodies by name; members who hold no seat only once logged in", async (t) => {
    const target = await someoneToFind();
    // A member who has ever held a seat (running=0: ended seats too) has an official's record,
    // which is public; one who never has is found only by members. Asked again before each
    // search, as the demo's clock may elect them meanwhile.
    const everHeld = async () =>
      (await api(`/api/mandates?member=${encodeURIComponent(target.id)}&running=0`)).json.mandates.length > 0;
    for (const width of [1280, 390]) {
      await withPage(
        t,
        async (page) => {
          await page.goto(`/search?q=${encodeURIComponent("congress of")}`);
          const bodies = page.getByTestId("found-body");
          await bodies.getByRole("link", { name: "Congress of Producers" }).waitFor();
          await checkAxe(page, `the public search results at ${width} px`);
          await assertNoSplitWords(page, `the public search results at ${width} px`);
          await bodies.getByRole("link", { name: "Congress of Producers" }).click();
          await page.waitForURL(/\/bodies\//);
          await page.getByRole("heading", { level: 1, name: "Congress of Producers" }).waitFor();
          if (!(await everHeld())) {
            await page.goto(`/search?q=${encodeURIComponent(target.name)}&kind=member`);
            const members = page.getByTestId("found-member");
            await members.waitFor();
            await page.getByTestId("search-summary").waitFor();
            assert.equal(await members.locator(`a[href="/officials/${target.id}"]`).count(), 0);
          }
          // The precise refusal of an empty search, straight from the API.
          const r = await api("/api/search?q=%20");
          assert.equal(r.status, 400);
          assert.equal(r.json.field, "q");
        },
        { viewport: { width, height: 900 } },
      );
    }
  });
});
