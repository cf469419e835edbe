// Where a post goes besides its audience, both opt-in and both said plainly before posting:
// - a collection (POST /v1/posts {collection: slug}): anyone who opens the collection reads it;
// - a location (POST /v1/posts {location: {lat, lon}}): anyone nearby reads it. The browser's
//   position is asked only when the box is ticked, and snapped here to its ~5 km cell (geo.js),
//   the only thing the server keeps anyway.
import { call } from "./api.js";
import { h } from "./dom.js";
import { guarded } from "./errors.js";
import { coarsePosition } from "./geo.js";
import { t } from "./i18n/index.js";

/** A collection picker filled from GET /v1/collections; value() is a slug or null. */
export function collectionField() {
  const select = h("select", { id: "collection", "aria-describedby": "collection-hint" },
    h("option", { value: "" }, t("compose.noCollection")));
  const hint = h("p", { class: "hint", id: "collection-hint" }, t("compose.collectionHint"));
  guarded(() => call("GET", "/v1/collections")).then((list) => {
    if (list) for (const item of list.items) select.append(h("option", { value: item.slug }, item.title));
  });
  return {
    elements: [h("label", { for: "collection" }, t("compose.collection")), select, hint],
    value: () => select.value || null,
  };
}

/** "Add my area": value() resolves to the coarse {lat, lon} when ticked (and found), else null. */
export function locationField() {
  const box = h("input", { id: "post-location", type: "checkbox", "aria-describedby": "location-warning" });
  const warning = h("p", { class: "privacy", id: "location-warning", "data-testid": "location-warning" }, t("compose.locationWarning"));
  const state = h("p", { class: "hint", role: "status", "data-testid": "location-state" });
  let pending = Promise.resolve(null);
  box.addEventListener("change", () => {
    state.textContent = "";
    if (!box.checked) { pending = Promise.resolve(null); return; }
    state.textContent = t("nearby.locating");
    pending = coarsePosition().then((point) => {
      state.textContent = t("compose.locationReady");
      return point;
    }, (error) => {
      box.checked = false;
      state.textContent = t(error && error.code === 1 ? "nearby.denied" : "nearby.unavailable");
      return null;
    });
  });
  return {
    elements: [h("label", { class: "check" }, box, t("compose.location")), warning, state],
    // A post sent while the position is still coming waits for it rather than going out without it.
    value: () => (box.checked ? pending : Promise.resolve(null)),
  };
}
