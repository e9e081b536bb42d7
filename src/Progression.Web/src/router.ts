import { useEffect, useState } from "preact/hooks";

// The app's routes; the service answers each with index.html (Hosting/WebApp.cs lists the same).
export type Route =
  | { page: "home" }
  | { page: "cases" }
  | { page: "case"; id: string; asOf?: string }
  | { page: "dashboard" }
  | { page: "catalogue" }
  | { page: "programmes" }
  | { page: "callback" }
  | { page: "unknown" };

export function routeOf(path: string, search: string): Route {
  const query = new URLSearchParams(search);
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 0) return { page: "home" };
  if (parts[0] === "cases" && parts.length === 1) return { page: "cases" };
  if (parts[0] === "cases" && parts.length === 2) return { page: "case", id: decodeURIComponent(parts[1]), asOf: query.get("asOf") ?? undefined };
  if (parts[0] === "dashboard" && parts.length === 1) return { page: "dashboard" };
  if (parts[0] === "catalogue" && parts.length === 1) return { page: "catalogue" };
  if (parts[0] === "programmes" && parts.length === 1) return { page: "programmes" };
  if (path === "/signin/callback") return { page: "callback" };
  return { page: "unknown" };
}

export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useLocation() {
  const [location, setLocation] = useState(() => window.location.pathname + window.location.search);
  useEffect(() => {
    const changed = () => setLocation(window.location.pathname + window.location.search);
    addEventListener("popstate", changed);
    return () => removeEventListener("popstate", changed);
  }, []);
  return location;
}

/** An ordinary link (open in a new tab works) that moves within the app without reloading it. */
export function onLinkClick(event: MouseEvent) {
  const link = (event.target as Element).closest("a");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || routeOf(url.pathname, url.search).page === "unknown" || url.pathname.startsWith("/api")) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
