// The feed: recent and popular tabs, and everyone's (world) posts from /v1/explore, infinite scroll over the API's cursor (an
// IntersectionObserver on a sentinel, plus a button for keyboards and old browsers).
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import "../post-card.js";

const PAGE = 10;

export function feed(screen, sort = "recent") {
  const list = h("div", { id: "posts", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "plain", hidden: true }, t("feed.more"));
  const end = h("p", { class: "hint", hidden: true }, t("feed.end"));
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  const notice = h("p", { class: "notice", hidden: true, "data-testid": "circle-notice" });
  const tab = (name) => h("button", { type: "button", role: "tab", "aria-selected": String(name === sort),
    onclick: () => { location.hash = `#/feed/${name}`; } }, t(`feed.${name}`));
  mount(screen, h("div", { class: "tablist", role: "tablist" }, tab("recent"), tab("popular"), tab("world")), notice, list, more, end, sentinel);

  let cursor = null;
  let loading = false;
  let done = false;
  async function load() {
    if (loading || done) return;
    loading = true;
    const [path, order] = sort === "world" ? ["/v1/explore", "recent"] : ["/v1/feed", sort];
    const page = await guarded(() => call("GET", path, { query: { sort: order, limit: PAGE, cursor } }), load);
    loading = false;
    if (!page) return;
    if (page.circle && !page.circle.open) {
      notice.textContent = t("feed.closed", { needed: page.circle.needed, counted: page.circle.counted_friends });
      notice.hidden = false;
    }
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
  return () => observer.disconnect();
}
