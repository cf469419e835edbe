// Subscribe to a collection (PUT /v1/collections/<slug>/subscription) or leave it (DELETE): its
// posts then join or leave the feed. Shared by the Discover list and a collection's own screen.
import { call } from "./api.js";
import { h } from "./dom.js";
import { guarded } from "./errors.js";
import { t } from "./i18n/index.js";

/** A button for `item` ({slug, subscribed, subscribers}); `changed(item)` after each switch. */
export function subscribeButton(item, changed) {
  const button = h("button", { type: "button", "data-testid": "subscribe" });
  const paint = () => {
    button.textContent = t(item.subscribed ? "discover.unsubscribe" : "discover.subscribe");
    button.className = item.subscribed ? "plain" : "";
  };
  button.addEventListener("click", async () => {
    // aria-busy rather than disabled: disabling would drop a keyboard user's focus.
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    const next = !item.subscribed;
    const path = `/v1/collections/${encodeURIComponent(item.slug)}/subscription`;
    const ok = await guarded(() => call(next ? "PUT" : "DELETE", path).then(() => true));
    button.removeAttribute("aria-busy");
    if (!ok) return;
    item.subscribers = Math.max(0, (item.subscribers || 0) + (next ? 1 : -1));
    item.subscribed = next;
    paint();
    if (changed) changed(item);
  });
  paint();
  return button;
}

/** "12 subscribers · subscribed", kept in step with the button. */
export function subscriberCount(item) {
  const count = h("span", { class: "hint", "data-testid": "subscribers" });
  const paint = () => {
    count.textContent = t("discover.subscribers", { n: item.subscribers || 0 }) + (item.subscribed ? ` · ${t("discover.subscribed")}` : "");
  };
  paint();
  return { element: count, paint };
}
