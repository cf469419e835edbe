// Nearby: posts located within a radius of the person (GET /v1/nearby?lat&lon&radius_km), and the
// tags trending there. The position is asked only when the person presses the button (opt-in),
// snapped on the device to its ~5 km cell (geo.js), used for this screen and never stored.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import { coarsePosition } from "../geo.js";
import { PAGE, markDiscoverTab, pagedPosts, sortTabs } from "../paged.js";
import { trendingList } from "./discover.js";

const RADII = [0, 10, 25, 50]; // km; the API takes 0 to 50, 0 being the point's own cell

export function nearby(screen) {
  markDiscoverTab();
  const radius = h("select", { id: "radius" },
    RADII.map((km) => h("option", { value: km, selected: km === 10 }, km ? t("nearby.km", { n: km }) : t("nearby.cell"))));
  const state = h("p", { role: "status", "data-testid": "nearby-state" });
  const ask = h("button", { type: "button" }, t("nearby.ask"));
  const results = h("div", { hidden: true });
  const holder = h("div", {});
  const trending = h("div", { "data-testid": "trending" });
  let point = null;
  let sort = "recent";
  let paged = null;

  function show() {
    if (paged) paged.stop();
    const query = { ...point, radius_km: radius.value, sort, limit: PAGE };
    paged = pagedPosts((cursor) => call("GET", "/v1/nearby", { query: { ...query, cursor } }));
    mount(holder, paged.element);
    results.hidden = false;
    guarded(() => call("GET", "/v1/tags/trending", { query: { ...point, radius_km: radius.value } }))
      .then((tags) => { if (tags) mount(trending, trendingList(tags.items)); });
  }
  ask.addEventListener("click", async () => {
    state.textContent = t("nearby.locating");
    try {
      point = await coarsePosition();
    } catch (error) {
      state.textContent = t(error && error.code === 1 ? "nearby.denied" : "nearby.unavailable");
      return;
    }
    state.textContent = t("nearby.located");
    show();
  });
  radius.addEventListener("change", () => { if (point) show(); });

  mount(screen,
    h("p", {}, h("a", { href: "#/discover", class: "back" }, t("discover.back"))),
    h("h2", {}, t("nearby.title")),
    h("p", { class: "privacy", "data-testid": "nearby-warning" }, t("nearby.warning")),
    h("label", { for: "radius" }, t("nearby.radius")), radius,
    ask, state,
    results);
  mount(results,
    sortTabs((chosen) => { sort = chosen; show(); }),
    holder,
    h("h3", {}, t("nearby.trending")), trending);
  return () => { if (paged) paged.stop(); };
}
