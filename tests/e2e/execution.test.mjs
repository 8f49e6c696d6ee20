// Carrying out the plan in Chromium (issue #16; C6): a committee's seat holder files the
// open period's report by the form and sees the forecaster's reading, follows the signal it
// raised to its page (reading, history) and acknowledges it there, and names a member to
// report; anyone reads the plan's fulfilment with its chart, and a body's signals. Every
// page passes axe and fits a phone.
//
// The demo that scripts/test-e2e.sh starts has its plan adopted a dozen report periods ago,
// every elected workplace's reports filed for the periods before the last, and the last
// one's open: the running demo files it half way through its window, so the form below
// files a report or, when the demo was first, a correction of it.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { api, apiLogin, assertNoHorizontalScroll, checkAxe, login, stopBrowser, waitForLoaded, withPage } from "./lib.mjs";

const COMMITTEE_MEMBER = process.env.COLLEGIUM_COMMITTEE_MEMBER ?? "";
const PHONE = { width: 390, height: 844 };

after(stopBrowser);

async function atPhone(page, label) {
  await page.setViewportSize(PHONE);
  await assertNoHorizontalScroll(page, `${label} at 390 px`);
  await checkAxe(page, `${label} at 390 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a seat holder files a report by the form, sees its reading, acknowledges the signal it raised and names a reporter", async (t) => {
  if (!COMMITTEE_MEMBER) return t.skip("COLLEGIUM_COMMITTEE_MEMBER is not set");
  const s = await apiLogin(COMMITTEE_MEMBER);
  const me = (await api(`/api/members/${encodeURIComponent(COMMITTEE_MEMBER)}`, { cookie: s.cookie })).json;
  const workplace = me.workplace;
  await withPage(t, async (page) => {
    await login(page, COMMITTEE_MEMBER);
    await page.goto(`/workplaces/${encodeURIComponent(workplace)}`);
    await page.getByTestId("fulfilment-link").click();
    await page.getByRole("heading", { level: 2, name: "File a report" }).waitFor();
    await waitForLoaded(page);
    await page.getByTestId("public-note").waitFor();
    await page.getByTestId("workplace-chart").locator("svg").waitFor();
    await checkAxe(page, "a workplace's fulfilment with the report form");

    // Nothing made in the period: with the periods before on plan, the plan so far falls
    // more than 5% behind, which the forecaster reads as an alert (cause: the cumulative
    // total) and which raises a signal before the committee.
    const form = page.getByTestId("report-form");
    const period = Number(/Period (\d+) ended/.exec(await form.textContent())[1]);
    for (let attempt = 0; ; attempt++) {
      await form.getByLabel(/^Output of/).fill("0");
      await form.getByLabel("Production").fill("10");
      await form.getByRole("button", { name: /^File the (report|correction)$/ }).click();
      const outcome = await Promise.race([
        page.getByTestId("report-notice").waitFor().then(() => "filed"),
        form.getByRole("alert").waitFor().then(() => "refused"),
      ]);
      if (outcome === "filed") break;
      // The running demo filed the period between the page's load and the click: file a
      // correction of its report instead.
      assert.ok(attempt === 0, `the report was refused: ${await form.getByRole("alert").textContent()}`);
      await page.reload();
      await page.getByRole("heading", { level: 2, name: "File a report" }).waitFor();
      await waitForLoaded(page);
    }
    const row = page.getByTestId(`period-${period}`);
    await row.filter({ hasText: "confirmed" }).waitFor();
    await row.filter({ hasText: /Alert|Crisis/ }).waitFor();

    // The seat holder names a member of the workplace, by name, to file its reports.
    const reporters = page.getByRole("group", { name: "Members named to report" });
    const box = reporters.getByRole("checkbox").first();
    const was = await box.isChecked();
    await box.setChecked(!was);
    await page.getByRole("button", { name: "Name these members" }).click();
    await page.getByTestId("report-notice").filter({ hasText: /may now file reports|No member is named/ }).waitFor();
    const named = (await api(`/api/workplaces/${encodeURIComponent(workplace)}/fulfilment`)).json.reporters;
    assert.equal(named.length > 0, !was, `the reporters named: ${named}`);

    // The signal's page: the reading in words, its history, and the acknowledgement.
    const signals = page.getByRole("region", { name: "Its signals" }).getByTestId("signals");
    await signals.getByRole("link", { name: /^(Alert|Crisis): a shortfall/ }).first().click();
    await page.getByRole("heading", { level: 2, name: "The reading" }).waitFor();
    await waitForLoaded(page);
    await page.getByTestId("probabilities").filter({ hasText: /^Most likely (steady|a step change|a slope change|an outlier) \(/ }).waitFor();
    const history = page.getByTestId("signal-history");
    await history.getByRole("listitem").filter({ hasText: /^Raised/ }).waitFor();
    await checkAxe(page, "a signal's page with the forms of its body's seat holder");
    await page.getByLabel("A note (optional)").fill("We are checking the figure with the shop floor.");
    await page.getByRole("button", { name: "Acknowledge", exact: true }).click();
    await page.getByTestId("signal-notice").waitFor();
    await page.getByTestId("signal-state").filter({ hasText: "acknowledged" }).waitFor();
    await history
      .getByRole("listitem")
      .filter({ hasText: /^Acknowledged .* by .*: We are checking the figure/ })
      .waitFor();
    await atPhone(page, "a signal's page");
    await page.goBack();
    await page.getByRole("heading", { level: 2, name: "Its signals" }).waitFor();
    await waitForLoaded(page);
    await atPhone(page, "a workplace's fulfilment");
  });
});

test("anyone reads the plan's fulfilment with its chart, filtered by branch, and a body's signals", async (t) => {
  const all = (await api("/api/signals?state=&limit=100")).json;
  assert.ok(all.signals.length > 0, "the demo's deviations raised signals");
  assert.ok(
    all.signals.some((s) => s.level >= 1),
    "a signal nobody answered climbed above the workplace's committee",
  );
  await withPage(t, async (page) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fulfilment" }).click();
    await page.getByRole("heading", { level: 1, name: "Plan fulfilment" }).waitFor();
    await waitForLoaded(page);
    await page.getByTestId("public-note").waitFor();
    const chart = page.getByTestId("plan-chart");
    await chart.locator("svg path.actual").waitFor();
    assert.ok((await page.getByTestId("plan-periods").locator("tbody tr").count()) > 1, "periods are listed");
    await checkAxe(page, "the plan's fulfilment");

    // On a phone the chart is drawn at the width shown, its labels at 13 px.
    await page.setViewportSize(PHONE);
    await assertNoHorizontalScroll(page, "the plan's fulfilment at 390 px");
    // The chart draws itself again once it notices the new width (a ResizeObserver), leaving
    // out some period labels: measure once it has, so that no label is measured as it goes.
    await chart.locator("svg").evaluate(
      (svg) =>
        new Promise((done) => {
          const drawn = () => Number(svg.getAttribute("width")) === Math.max(240, Math.floor(svg.parentElement.clientWidth));
          const wait = () => (drawn() ? requestAnimationFrame(() => done()) : requestAnimationFrame(wait));
          wait();
        }),
    );
    const sizes = await chart.locator("svg text").evaluateAll((texts) =>
      texts.map((e) => parseFloat(getComputedStyle(e).fontSize)),
    );
    const drawn = await chart.locator("svg").evaluate((svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
    assert.ok(sizes.length > 0 && sizes.every((px) => px * drawn >= 12), `chart labels of at least 12 px: ${sizes} × ${drawn}`);
    await checkAxe(page, "the plan's fulfilment at 390 px");
    await page.setViewportSize({ width: 1280, height: 900 });

    const branch = page.getByLabel("Branch");
    const first = await branch.locator("option").nth(1).getAttribute("value");
    await branch.selectOption(first);
    await page.waitForURL(new RegExp(`branch=${first}`));
    await waitForLoaded(page);

    // The signals before the body of the first signal that climbed.
    const climbed = all.signals.find((s) => s.level >= 1);
    await page.goto(`/bodies/${encodeURIComponent(climbed.body)}`);
    await page.getByRole("link", { name: "Signals before this body" }).click();
    await page.getByRole("heading", { level: 1, name: /^Signals before / }).waitFor();
    await waitForLoaded(page);
    await page.getByLabel("Show").selectOption("");
    await waitForLoaded(page);
    await page.getByTestId("signals").getByRole("link", { name: climbed.workplace_name }).first().waitFor();
    await checkAxe(page, "a body's signals");
    await atPhone(page, "a body's signals");
  });
});

test("an input used over plan has a signal of its own, with what drawing it over plan would cut, and its workplace lists hours and inputs", async (t) => {
  const all = (await api("/api/signals?state=&limit=100")).json;
  const wasted = all.signals.find((s) => s.indicator?.startsWith("inputs/") && s.direction === "over");
  assert.ok(wasted, "the demo's wasteful workplace raised a signal on its largest input");
  const input = wasted.indicator_name; // "Crushed stone used"
  const esc = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await withPage(t, async (page) => {
    await page.goto(`/signals/${encodeURIComponent(wasted.id)}`);
    await page.getByRole("heading", { level: 1, name: new RegExp(`^(Alert|Crisis): ${esc(input)} over the plan(, from .*)? at ${esc(wasted.workplace_name)}$`) }).waitFor();
    await waitForLoaded(page);
    await page.getByTestId("reading-words").filter({ hasText: "the plan's technology asks for the output made" }).waitFor();
    await page.getByRole("heading", { level: 2, name: `What drawing ${input.replace(/ used$/, "")} over plan would cut` }).waitFor();
    await checkAxe(page, "an input's signal");
    await atPhone(page, "an input's signal");

    await page.getByRole("link", { name: wasted.workplace_name }).first().click();
    await page.getByRole("columnheader", { name: "Hours and inputs" }).waitFor();
    await waitForLoaded(page);
    const row = page.getByTestId(`period-${wasted.period}`);
    await row.filter({ hasText: new RegExp(`${esc(input)} \\d+(\\.\\d)?% \\((alert|crisis)\\)`) }).waitFor();
    await atPhone(page, "a workplace's hours and inputs");
  });
});
