// A list of post cards paged over the API's cursor, for the collection, tag and nearby screens:
// the next page loads when a sentinel scrolls into view (IntersectionObserver), or with "Load
// more" for keyboards. The feed screen uses it too.
import { h } from "./dom.js";
import { guarded } from "./errors.js";
import { t } from "./i18n/index.js";
import "./post-card.js";

export const PAGE = 10;

/** pagedPosts((cursor) => call(...), {id}) -> {element, stop}; the first page loads at once. */
export function pagedPosts(fetchPage, { id } = {}) {
  const list = h("div", { id, class: "posts", "aria-live": "polite", "data-testid": "posts" });
  const more = h("button", { type: "button", class: "plain", hidden: true }, t("feed.more"));
  const end = h("p", { class: "hint", hidden: true, "data-testid": "posts-end" }, t("feed.end"));
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  let cursor = null;
  let loading = false;
  let done = false;
  async function load() {
    if (loading || done) return;
    loading = true;
    const page = await guarded(() => fetchPage(cursor), load);
    loading = false;
    if (!page) return;
    for (const post of page.items) {
      const card = document.createElement("sg-post-card");
      card.post = post;
      list.append(card);
    }
    cursor = page.next_cursor;
    done = !cursor;
    more.hidden = done;
    end.hidden = !done;
    if (done && !list.children.length) end.textContent = t("feed.empty");
  }
  more.addEventListener("click", load);
  const observer = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) load(); });
  observer.observe(sentinel);
  load();
  return { element: h("div", {}, list, more, end, sentinel), stop: () => observer.disconnect() };
}

/** Recent / popular tabs that call `choose(sort)`; the sort stays in the screen, not the URL. */
export function sortTabs(choose, sort = "recent") {
  const bar = h("div", { class: "tablist", role: "tablist" });
  const paint = () => {
    for (const button of bar.children) button.setAttribute("aria-selected", String(button.dataset.sort === sort));
  };
  for (const name of ["recent", "popular"]) {
    bar.append(h("button", { type: "button", role: "tab", "data-sort": name,
      onclick: () => { if (sort !== name) { sort = name; paint(); choose(name); } } }, t(`feed.${name}`)));
  }
  paint();
  return bar;
}

/** A route segment, decoded; a malformed %-escape is kept as typed instead of throwing. */
export function routeArg(raw) {
  try { return decodeURIComponent(raw); } catch { return raw; }
}

/** The collection, tag and nearby screens belong to the Discover tab: light it (the router lights only exact names). */
export function markDiscoverTab() {
  document.querySelector('#tabs a[data-tab="discover"]')?.setAttribute("aria-current", "page");
}
