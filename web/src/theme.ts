// Light and dark (issue #15). The member picks light, dark or "as the system"
// (prefers-color-scheme), kept in localStorage ("collegium.theme"); the choice is resolved
// to `data-theme="light"` or `"dark"` on <html>, which style.css reads. index.html does the
// same before the first paint, so a dark page never flashes light while the app loads;
// this module then keeps following the system's setting while the choice is "system".
import { useEffect, useState } from "preact/hooks";

export type ThemeChoice = "system" | "light" | "dark";
const STORAGE_KEY = "collegium.theme";
const dark = window.matchMedia("(prefers-color-scheme: dark)");

function isChoice(s: string | null): s is ThemeChoice {
  return s === "system" || s === "light" || s === "dark";
}

function stored(): ThemeChoice {
  try {
    const s = localStorage.getItem(STORAGE_KEY);
    return isChoice(s) ? s : "system";
  } catch {
    return "system";
  }
}

let choice: ThemeChoice = stored();
const listeners = new Set<(c: ThemeChoice) => void>();

function apply() {
  const resolved = choice === "system" ? (dark.matches ? "dark" : "light") : choice;
  document.documentElement.dataset.theme = resolved;
}

apply();
dark.addEventListener("change", apply);

export function themeChoice(): ThemeChoice {
  return choice;
}

export function setTheme(c: ThemeChoice) {
  choice = c;
  try {
    if (c === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, c);
  } catch {
    // applied for this visit only
  }
  apply();
  listeners.forEach((f) => f(c));
}

export function useThemeChoice(): ThemeChoice {
  const [c, setC] = useState(choice);
  useEffect(() => {
    listeners.add(setC);
    return () => void listeners.delete(setC);
  }, []);
  return c;
}
