// End-to-end tests of the web app against a real `collegium serve --demo` on 127.0.0.1.
// scripts/test-e2e.sh starts the server and sets COLLEGIUM_URL, COLLEGIUM_MEMBER and
// COLLEGIUM_PASSWORD; see docs/web.md.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  api,
  apiLogin,
  assertNoHorizontalScroll,
  checkAxe,
  login,
  MEMBER,
  startBrowser,
  stopBrowser,
  withPage,
} from "./lib.mjs";

before(async () => {
  await startBrowser();
  const h = await api("/api/health");
  assert.equal(h.status, 200, "the server answers /api/health");
});
after(stopBrowser);

// A workplace and a member of it, found through the API (the demo is generated).
async function someWorkplace() {
  const list = await api("/api/bodies?kind=workplace_committee&limit=1");
  const body = await api(`/api/bodies/${encodeURIComponent(list.json.bodies[0].id)}`);
  return { id: body.json.constituency.workplace, name: body.json.constituency_name };
}

describe("browsing", () => {
  test("the federation page shows the counts and the tree", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/");
      await page.getByRole("heading", { level: 1, name: "The federation" }).waitFor();
      const tree = page.getByTestId("tree");
      await tree.getByRole("link", { name: "Central Economic Council" }).waitFor();
      await tree.getByRole("link", { name: "Congress of Producers" }).first().waitFor();
      assert.match(await page.locator(".counts").innerText(), /Members\s+[1-9][\d,]*/);
      await checkAxe(page, "the federation page");
    });
  });

  test("the skip link is the first stop and moves to the content", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/record");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      assert.equal(focused, "Skip to the content");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    });
  });

  test("an unknown page and an unknown body say so", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/no/such/page");
      await page.getByRole("heading", { name: "Page not found" }).waitFor();
      await page.goto("/bodies/no-such-body");
      await page.getByRole("heading", { name: "Body not found" }).waitFor();
      await page.getByRole("alert").getByText("no body no-such-body").waitFor();
      await checkAxe(page, "an unknown body");
    });
  });
});

describe("logging in and out", () => {
  test("a wrong password shows the server's reason and logs nobody in", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/login");
      await checkAxe(page, "the log-in page");
      await page.getByLabel("Member id").fill(MEMBER);
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Log in", exact: true }).click();
      await page.getByRole("alert").getByText("the member id or the password is wrong").waitFor();
      assert.equal(await page.getByRole("button", { name: "Log out" }).count(), 0);
      const s = await page.evaluate(async () => (await fetch("/api/session")).status);
      assert.equal(s, 401);
      await checkAxe(page, "the log-in page with an error");
    });
  });

  test("the right password logs in, shows who is logged in, and logging out ends it", async (t) => {
    await withPage(t, async (page) => {
      await login(page);
      // Logging in lands on one's home (#15), which links to one's own page.
      await page.waitForURL("**/home");
      const me = await api(`/api/members/${MEMBER}`, { cookie: (await apiLogin(MEMBER)).cookie });
      await page.getByRole("heading", { level: 1, name: `Your home, ${me.json.name}` }).waitFor();
      await page.getByRole("main").getByRole("link", { name: "Your page" }).click();
      await page.waitForURL(`**/members/${MEMBER}`);
      await page.getByRole("heading", { level: 1, name: me.json.name }).waitFor();
      await page.getByRole("banner").getByRole("link", { name: me.json.name }).waitFor();
      await page.getByText("No offices.").waitFor();
      // Still logged in after a reload (the cookie holds the session).
      await page.reload();
      await page.getByRole("button", { name: "Log out" }).waitFor();
      await page.getByRole("button", { name: "Log out" }).click();
      await page.getByText("You are logged out.").waitFor();
      await page.getByRole("banner").getByRole("link", { name: "Log in" }).waitFor();
      const s = await page.evaluate(async () => (await fetch("/api/session")).status);
      assert.equal(s, 401, "the session is gone on the server too");
    });
  });
});

describe("navigating", () => {
  test("tree → union → workplace committee → workplace → member, by mouse and keyboard", async (t) => {
    await withPage(t, async (page) => {
      await login(page);
      await page.getByRole("link", { name: "Federation" }).click();
      const tree = page.getByTestId("tree");
      // Open the Congress with the keyboard.
      const congress = tree.getByRole("button", { name: "Who elects Congress of Producers" }).first();
      await congress.focus();
      await page.keyboard.press("Enter");
      assert.equal(await congress.getAttribute("aria-expanded"), "true");
      // Open the first union: its electors load on demand.
      const unionToggle = tree.getByRole("button", { name: /^Who elects .*Union/ }).first();
      await unionToggle.click();
      const unionItem = unionToggle.locator("xpath=ancestor::li[1]");
      const committeeLink = unionItem.locator(".tree-children a").first();
      await committeeLink.waitFor();
      const committeeName = await committeeLink.innerText();
      await checkAxe(page, "the federation tree, opened");
      await committeeLink.click();

      await page.getByRole("heading", { level: 1, name: committeeName }).waitFor();
      // Focus moved to the new page's heading.
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
      // The demo's past elected this committee: its seats have holders.
      await page.getByRole("heading", { name: "Seats and holders" }).waitFor();
      await page.getByRole("heading", { name: "Whom it elects" }).waitFor();
      await checkAxe(page, "a body's page");

      const wpLink = page.locator("section", { has: page.getByRole("heading", { name: "Who elects it" }) }).getByRole("link").first();
      const wpName = await wpLink.innerText();
      await wpLink.click();
      await page.getByRole("heading", { level: 1, name: wpName }).waitFor();
      await page.getByRole("heading", { name: "Shops" }).waitFor();
      const member = page.getByTestId("members").getByRole("link").first();
      await member.waitFor();
      await checkAxe(page, "a workplace's page");

      const memberName = await member.innerText();
      await member.click();
      await page.getByRole("heading", { level: 1, name: memberName }).waitFor();
      await page.getByRole("heading", { name: "Offices held" }).waitFor();
      await page.getByRole("link", { name: wpName }).waitFor();
      await checkAxe(page, "a member's page");

      // Back goes back.
      await page.goBack();
      await page.getByRole("heading", { level: 1, name: wpName }).waitFor();
    });
  });

  test("a member's page asks an anonymous visitor to log in", async (t) => {
    await withPage(t, async (page) => {
      await page.goto(`/members/${MEMBER}`);
      await page.getByText("Only members see each other's pages.").waitFor();
      await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
      await page.getByLabel("Member id").fill(MEMBER);
      await page.getByLabel("Password").fill(process.env.COLLEGIUM_PASSWORD ?? "demo-pass-1");
      await page.getByRole("button", { name: "Log in", exact: true }).click();
      await page.waitForURL(`**/members/${MEMBER}`);
      await page.getByText("No offices.").waitFor();
    });
  });
});

describe("the public record", () => {
  test("lists events, pages back, and verifies", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/record");
      const events = page.getByTestId("events");
      await events.locator("li").first().waitFor();
      // Newest first: the newest event that is not a routine clock step, or a newer one.
      const newest = (await api("/api/record/entries?limit=1")).json.entries[0].seq;
      const firstSeq = Number(await events.locator("li").first().getAttribute("data-seq"));
      assert.ok(firstSeq >= newest, `newest first: ${firstSeq} >= ${newest}`);
      await checkAxe(page, "the record page");

      await page.getByRole("button", { name: "Verify the record" }).click();
      const result = page.getByTestId("verification");
      await result.getByText("The record is intact.").waitFor({ timeout: 30_000 });
      assert.match(await result.innerText(), /signed checkpoint/);
      await checkAxe(page, "the record page after verification");

      await page.getByRole("link", { name: "Older events →" }).first().click();
      await page.waitForURL(/\/record\?before=\d+/);
      await page.waitForFunction(
        (prev) => Number(document.querySelector("[data-testid=events] li")?.getAttribute("data-seq")) < prev,
        firstSeq,
      );
      await page.locator(".event details summary").first().click();
      await page.locator(".event .hash").first().waitFor();
    });
  });

  test("shows an operator's write live, without reloading", async (t) => {
    await withPage(t, async (page) => {
      await page.goto("/record");
      await page.getByTestId("events").locator("li").first().waitFor();
      await page.getByTestId("live").getByText("Live").waitFor({ timeout: 15_000 });
      const op = await apiLogin("operator");
      const id = `r-e2e-${Date.now()}`;
      const w = await api("/api/commands", {
        method: "POST",
        cookie: op.cookie,
        csrf: op.csrf,
        body: { create_region: { id, name: `Test region ${id}` } },
      });
      assert.equal(w.status, 200, JSON.stringify(w.json));
      const seq = w.json.events[0];
      const item = page.locator(`[data-testid=events] li[data-seq="${seq}"]`);
      await item.waitFor({ timeout: 10_000 });
      assert.equal(await item.getAttribute("data-type"), "region.created");
      assert.match(await item.innerText(), new RegExp(`The region Test region ${id} was added\\.`));
      // At the top, or below only newer events: the server's clock writes too (the demo's
      // polls and rounds move on their own while the page is open).
      const top = Number(
        await page.getByTestId("events").locator("li").first().getAttribute("data-seq"),
      );
      assert.ok(top >= seq, `the new event ${seq} is below an older one (${top})`);
      // Without the CSRF token the same write is refused and nothing is written.
      const refused = await api("/api/commands", {
        method: "POST",
        cookie: op.cookie,
        body: { create_region: { id: `${id}-x`, name: `Refused ${id}` } },
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.code, "csrf_token_missing");
    });
  });
});

describe("on a phone (375×667)", () => {
  const phone = { viewport: { width: 375, height: 667 } };

  test("public pages fit the screen and pass axe", async (t) => {
    const wp = await someWorkplace();
    await withPage(
      t,
      async (page) => {
        for (const [url, heading] of [
          ["/", "The federation"],
          ["/bodies/congress", "Congress of Producers"],
          [`/workplaces/${wp.id}`, wp.name],
          ["/record", "The public record"],
          ["/login", "Log in"],
        ]) {
          await page.goto(url);
          await page.getByRole("heading", { level: 1, name: heading }).waitFor();
          await page.waitForLoadState("networkidle").catch(() => {});
          await assertNoHorizontalScroll(page, url);
          await checkAxe(page, `${url} on a phone`);
        }
        // The tree opened on a phone still fits.
        await page.goto("/");
        await page.getByRole("button", { name: "Who elects Congress of Producers" }).first().click();
        await page.getByRole("button", { name: /^Who elects .*Union/ }).first().click();
        await page.locator(".tree-children .tree-children .tree-children a").first().waitFor();
        await assertNoHorizontalScroll(page, "the opened tree");
      },
      phone,
    );
  });

  test("logged-in pages fit the screen and pass axe", async (t) => {
    const wp = await someWorkplace();
    await withPage(
      t,
      async (page) => {
        await login(page);
        await page.waitForURL("**/home");
        await page.goto(`/members/${MEMBER}`);
        await page.getByText("No offices.").waitFor();
        await assertNoHorizontalScroll(page, "one's own page");
        await checkAxe(page, "one's own page on a phone");
        await page.goto(`/workplaces/${wp.id}`);
        await page.getByTestId("members").getByRole("link").first().waitFor();
        await assertNoHorizontalScroll(page, "a workplace with its members");
        await checkAxe(page, "a workplace with its members on a phone");
        await page.getByRole("button", { name: "Log out" }).click();
        await page.getByText("You are logged out.").waitFor();
      },
      phone,
    );
  });
});
