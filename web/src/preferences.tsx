// The footer's two menus: the theme (light, dark, as the system) and the language. Each is
// a labelled native menu, so it works with the keyboard and a screen reader as any other;
// a change applies at once and is remembered in this browser.
import { LANGUAGES, setLanguage, t, useLang, type Lang } from "./i18n";
import { setTheme, useThemeChoice, type ThemeChoice } from "./theme";

export function Preferences() {
  const lang = useLang();
  const theme = useThemeChoice();
  return (
    <div class="prefs" role="group" aria-label={t("prefs.group")} data-testid="preferences">
      <div class="pref">
        <label for="pref-theme">{t("prefs.theme")}</label>
        <select
          id="pref-theme"
          value={theme}
          onChange={(e) => setTheme((e.target as HTMLSelectElement).value as ThemeChoice)}
        >
          <option value="system">{t("prefs.themeSystem")}</option>
          <option value="light">{t("prefs.themeLight")}</option>
          <option value="dark">{t("prefs.themeDark")}</option>
        </select>
      </div>
      <div class="pref">
        <label for="pref-lang">{t("prefs.language")}</label>
        {/* Each language is named in itself, and marked as such for a screen reader. */}
        <select id="pref-lang" value={lang} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Lang)}>
          {(Object.keys(LANGUAGES) as Lang[]).map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGES[l].name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
