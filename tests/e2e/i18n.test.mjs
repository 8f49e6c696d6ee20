// English and Russian (issue #15): the shell (header, navigation, footer), the login page
// and the not-found page read in Russian once it is chosen in the footer, <html lang> says
// so, the choice is kept over a reload, and the pages pass axe in it. A browser that prefers
// Russian gets it before anyone chooses, from the first paint.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  assertHeaderOneLine,
  assertNoHorizontalScroll,
  assertNoSplitWords,
  checkAxe,
  MEMBER,
  PASSWORD,
  startBrowser,
  stopBrowser,
  waitForLoaded,
  withPage,
} from "./lib.mjs";

before(startBrowser);
after(stopBrowser);

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const nav = (page) => page.getByRole("navigation").first();

test("chosen in the footer, Russian is the shell's and the login page's language, kept over a reload", async (t) => {
  await withPage(
    t,
    async (page) => {
      await page.goto("/login");
      await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
      assert.equal(await lang(page), "en");
      await page.getByLabel("Language", { exact: true }).selectOption({ label: "Русский" });

      await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
      assert.equal(await lang(page), "ru");
      assert.equal(await page.title(), "Вход · collegium");
      for (const name of ["Федерация", "Планы", "Выполнение", "Выборы", "Отзывы", "Предложения", "Назначения", "Апелляции", "Открытый реестр"]) {
        await nav(page).getByRole("link", { name, exact: true }).waitFor();
      }
      assert.equal(await nav(page).getByRole("link", { name: "Federation" }).count(), 0, "no English left in the navigation");
      await page.getByRole("link", { name: "Войти", exact: true }).waitFor();
      await page.getByLabel("Личный номер").waitFor();
      await page.getByLabel("Пароль").waitFor();
      await page.getByText("Например, m-0000002, или «operator» для оператора.").waitFor();
      await page.getByRole("contentinfo").getByText("Всё, что здесь показано, взято из открытого реестра").waitFor();
      await page.getByRole("link", { name: "посмотреть и проверить его" }).waitFor();
      await page.getByLabel("Оформление").waitFor();

      // Kept over a reload, and already in <html lang> before the app draws anything.
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
      assert.equal(await lang(page), "ru");
      assert.equal(await page.getByLabel("Язык").inputValue(), "ru");
      await checkAxe(page, "the login page in Russian", { themes: true });
      await assertHeaderOneLine(page, "the header in Russian at 1280 px");
      await assertNoSplitWords(page, "the login page in Russian at 1280 px");
      await page.setViewportSize({ width: 390, height: 844 });
      await assertNoSplitWords(page, "the login page in Russian at 390 px");
      await assertNoHorizontalScroll(page, "the login page in Russian at 390 px");
      await checkAxe(page, "the login page in Russian at 390 px", { themes: true });
      await page.setViewportSize({ width: 1280, height: 900 });

      // Logging in through the Russian form; the header then greets the member in Russian.
      await page.getByLabel("Личный номер").fill(MEMBER);
      await page.getByLabel("Пароль").fill(PASSWORD);
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.getByRole("button", { name: "Выйти" }).waitFor();
      await page.getByText("Вы вошли как").waitFor();
      await waitForLoaded(page);
      await checkAxe(page, "a member's page with the Russian shell");

      // The not-found page.
      await page.goto("/no-such-page");
      await page.getByRole("heading", { level: 1, name: "Страница не найдена" }).waitFor();
      await page.getByText("По этому адресу страницы нет.").waitFor();
      await page.getByRole("link", { name: "к открытому реестру" }).waitFor();
      await checkAxe(page, "the not-found page in Russian", { themes: true });
      await assertNoSplitWords(page, "the not-found page in Russian");

      // And back to English.
      await page.getByLabel("Язык").selectOption({ label: "English" });
      await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      assert.equal(await lang(page), "en");
      await nav(page).getByRole("link", { name: "Federation", exact: true }).waitFor();
      await page.getByRole("button", { name: "Log out" }).click();
    },
    { options: { locale: "en-GB" } },
  );
});

test("a browser that prefers Russian gets it until the member chooses, from the first paint", async (t) => {
  await withPage(
    t,
    async (page, context) => {
      // index.html alone, with the app's script refused, already says lang="ru".
      await context.route(/\/assets\/.*\.js$/, (r) => r.abort());
      await page.goto("/login");
      assert.equal(await lang(page), "ru");
      await context.unroute(/\/assets\/.*\.js$/);
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
      assert.equal(await page.getByLabel("Язык").inputValue(), "ru");
      // Choosing English is kept, over the browser's preference.
      await page.getByLabel("Язык").selectOption({ label: "English" });
      await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
      assert.equal(await lang(page), "en");
    },
    { options: { locale: "ru-RU" } },
  );
});
