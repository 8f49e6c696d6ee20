// A small client-side router over the History API. Links are real <a href> elements, so
// they work with the keyboard, open in a new tab and degrade to full page loads; a plain
// left click is turned into pushState.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

type Listener = () => void;
const listeners = new Set<Listener>();

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

// The first page load keeps focus where the browser puts it; after a navigation the new
// page's heading takes it (see PageTitle).
function markNavigated() {
  document.body.dataset.navigated = "1";
}

export function navigate(to: string, replace = false) {
  markNavigated();
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  listeners.forEach((l) => l());
  if (!replace) window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => {
  markNavigated();
  listeners.forEach((l) => l());
});

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const l = () => setLoc(current());
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}

type LinkProps = JSX.AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

export function Link({ href, onClick, ...rest }: LinkProps) {
  const click = (e: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (onClick) (onClick as (e: JSX.TargetedMouseEvent<HTMLAnchorElement>) => void)(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}

// Path patterns like "/bodies/:id"; returns the decoded parameters or null.
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) {
      try {
        out[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  return out;
}
