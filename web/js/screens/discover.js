// Discover: trending tags (GET /v1/tags/trending), a tag or keyword search, the way to Nearby, and
// every collection (GET /v1/collections) with subscribe / unsubscribe. Names and descriptions come
// from other people (moderators), so they are text nodes like any post.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import { subscribeButton, subscriberCount } from "../subscribe.js";

export async function discover(screen) {
  const trending = h("div", { "data-testid": "trending" });
  const collections = h("div", { "data-testid": "collections" });
  const search = h("input", { id: "tag-search", type: "search", autocapitalize: "none", autocomplete: "off", spellcheck: "false", maxlength: 33 });
  const searchForm = h("form", { role: "search" },
    h("label", { for: "tag-search" }, t("discover.search")), search,
    h("button", { type: "submit" }, t("discover.go")));
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = search.value.trim().replace(/^#/, "");
    if (name) location.hash = `#/tag/${encodeURIComponent(name)}`;
  });
  mount(screen,
    h("h2", {}, t("discover.title")),
    h("p", {}, h("a", { href: "#/nearby", class: "button-link" }, t("discover.nearby"))),
    h("p", { class: "hint" }, t("discover.nearbyHint")),
    h("h3", {}, t("discover.trending")), trending,
    searchForm,
    h("h3", {}, t("discover.collections")), collections);

  const retry = () => discover(screen);
  const [tags, list] = await Promise.all([
    guarded(() => call("GET", "/v1/tags/trending"), retry),
    guarded(() => call("GET", "/v1/collections"), retry),
  ]);
  if (tags) mount(trending, trendingList(tags.items));
  if (list) {
    mount(collections, list.items.length
      ? h("ul", { class: "collections" }, list.items.map(collectionItem))
      : h("p", { class: "hint" }, t("discover.noCollections")));
  }
}

/** Trending tags as links to their pages; counts are the API's (rounded down to fives). */
export function trendingList(items) {
  if (!items.length) return h("p", { class: "hint" }, t("discover.noTrending"));
  return h("ul", { class: "tags" }, items.map((item) => h("li", {},
    h("a", { href: `#/tag/${encodeURIComponent(item.tag)}`, "data-testid": "trending-tag" }, `#${item.tag}`),
    " ", h("span", { class: "hint" }, t("discover.tagPosts", { n: item.posts })))));
}

function collectionItem(item) {
  const count = subscriberCount(item);
  return h("li", { class: "collection", "data-testid": "collection" },
    h("a", { href: `#/collection/${encodeURIComponent(item.slug)}`, class: "title", "data-testid": "collection-title" }, item.title),
    item.description ? h("p", { class: "hint", "data-testid": "collection-description" }, item.description) : null,
    h("div", { class: "row" }, count.element, subscribeButton(item, count.paint)));
}
