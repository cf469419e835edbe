// Notifications: GET /v1/notifications (newest first), each a sentence linking to its chat or
// post; shown in the inbox (inbox.js). Opening the screen marks them read (POST /v1/notifications/read {all: true}).
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { ago, t } from "../i18n/index.js";

export async function notifications(screen) {
  const page = await guarded(() => call("GET", "/v1/notifications", { query: { limit: 50 } }), () => notifications(screen));
  if (!page) return;
  const items = page.items.map((item) => {
    const key = `notice.${item.kind}`;
    const text = t(key, { n: item.count });
    const sentence = text === key ? t("notice.other") : text;
    const target = item.chat_id ? `#/chat/${encodeURIComponent(item.chat_id)}`
      : item.post_id ? `#/post/${encodeURIComponent(item.post_id)}` : null;
    const link = target ? h("a", { href: target }, sentence) : h("span", {}, sentence);
    return h("li", { class: item.read ? "notice-item" : "notice-item unread", "data-testid": "notification" },
      link, " · ", h("time", { datetime: item.at, class: "hint" }, ago(item.at)));
  });
  mount(screen, h("h2", {}, t("notifications.title")),
    items.length ? h("ul", { class: "notices" }, items) : h("p", { class: "hint" }, t("notifications.none")));
  if (page.unread.total) guarded(() => call("POST", "/v1/notifications/read", { body: { all: true } }));
}
