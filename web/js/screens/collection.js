// One collection: its title and description, subscribe, and its posts
// (GET /v1/collections/<slug>/posts, recent or popular, paged like the feed).
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import { PAGE, markDiscoverTab, pagedPosts, routeArg, sortTabs } from "../paged.js";
import { subscribeButton, subscriberCount } from "../subscribe.js";

export function collection(screen, rawSlug) {
  markDiscoverTab();
  const slug = routeArg(rawSlug);
  // The slug comes from the URL: shown as text until the API names the collection.
  const title = h("h2", { "data-testid": "collection-heading" }, slug);
  const about = h("div", {});
  const holder = h("div", {});
  let paged = null;
  const show = (sort) => {
    if (paged) paged.stop();
    paged = pagedPosts((cursor) => call("GET", `/v1/collections/${encodeURIComponent(slug)}/posts`, { query: { sort, limit: PAGE, cursor } }));
    mount(holder, paged.element);
  };
  mount(screen, h("p", {}, h("a", { href: "#/discover", class: "back" }, t("discover.back"))), title, about);

  // There is no single-collection endpoint: the list says its title, description and subscription.
  (async () => {
    const list = await guarded(() => call("GET", "/v1/collections"), () => collection(screen, rawSlug));
    if (!list) return;
    const item = list.items.find((c) => c.slug === slug);
    if (!item) { mount(about, h("p", { class: "hint" }, t("discover.noSuchCollection"))); return; }
    title.textContent = item.title;
    const count = subscriberCount(item);
    mount(about,
      item.description ? h("p", { class: "hint", "data-testid": "collection-description" }, item.description) : null,
      h("div", { class: "row" }, count.element, subscribeButton(item, count.paint)),
      h("p", { class: "hint" }, t("discover.collectionHint")));
    screen.append(sortTabs(show), holder);
    show("recent");
  })();
  return () => { if (paged) paged.stop(); };
}
