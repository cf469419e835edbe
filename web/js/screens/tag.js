// A tag or keyword page: GET /v1/tags/<tag>/posts (every post carrying it that the person may see,
// with its label), recent or popular. The tag comes from the URL and is shown as text only.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { t } from "../i18n/index.js";
import { PAGE, markDiscoverTab, pagedPosts, routeArg, sortTabs } from "../paged.js";

export function tag(screen, rawTag) {
  markDiscoverTab();
  const name = routeArg(rawTag).replace(/^#/, "");
  const holder = h("div", {});
  let paged = null;
  const show = (sort) => {
    if (paged) paged.stop();
    paged = pagedPosts((cursor) => call("GET", `/v1/tags/${encodeURIComponent(name)}/posts`, { query: { sort, limit: PAGE, cursor } }));
    mount(holder, paged.element);
  };
  mount(screen,
    h("p", {}, h("a", { href: "#/discover", class: "back" }, t("discover.back"))),
    h("h2", { "data-testid": "tag-heading" }, `#${name}`),
    h("p", { class: "hint" }, t("discover.tagHint")),
    sortTabs(show), holder);
  show("recent");
  return () => { if (paged) paged.stop(); };
}
