// The feed: recent and popular tabs, and everyone's (world) posts from /v1/explore, paged over the
// API's cursor by paged.js (infinite scroll, plus a button for keyboards and old browsers).
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { t } from "../i18n/index.js";
import { PAGE, pagedPosts } from "../paged.js";

export function feed(screen, sort = "recent") {
  const notice = h("p", { class: "notice", hidden: true, "data-testid": "circle-notice" });
  const tab = (name) => h("button", { type: "button", role: "tab", "aria-selected": String(name === sort),
    onclick: () => { location.hash = `#/feed/${name}`; } }, t(`feed.${name}`));
  const [path, order] = sort === "world" ? ["/v1/explore", "recent"] : ["/v1/feed", sort];
  const posts = pagedPosts(async (cursor) => {
    const page = await call("GET", path, { query: { sort: order, limit: PAGE, cursor } });
    if (page.circle && !page.circle.open) {
      notice.textContent = t("feed.closed", { needed: page.circle.needed, counted: page.circle.counted_friends });
      notice.hidden = false;
    }
    return page;
  }, { id: "posts" });
  mount(screen, h("div", { class: "tablist", role: "tablist" }, tab("recent"), tab("popular"), tab("world")), notice, posts.element);
  return posts.stop;
}
