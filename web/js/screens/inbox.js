// The inbox: anonymous chats (GET /v1/chats, requests to you first) above the notifications.
// Nothing here names a person: a chat shows the opener's per-post pseudonym or "the author".
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { ago, t } from "../i18n/index.js";
import { notifications } from "./notifications.js";

/** Highlight a tab for screens the router names otherwise (#/notifications, #/chat, #/settings...). */
export function markTab(name) {
  for (const link of document.querySelectorAll("#tabs a")) {
    if (link.dataset.tab === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export async function inbox(screen) {
  markTab("inbox");
  const chats = h("section", { "aria-labelledby": "chats-title" }, h("h2", { id: "chats-title" }, t("inbox.chats")));
  const notices = h("section", {});
  mount(screen, chats, notices);
  notifications(notices);
  const page = await guarded(() => call("GET", "/v1/chats", { query: { limit: 50 } }), () => inbox(screen));
  if (!page) return;
  // Requests waiting for your answer first: they are the only chats that need something from you.
  const waiting = (chat) => chat.role === "author" && chat.status === "requested";
  const items = [...page.items.filter(waiting), ...page.items.filter((chat) => !waiting(chat))];
  chats.append(items.length
    ? h("ul", { class: "notices" }, items.map(chatRow))
    : h("p", { class: "hint" }, t("inbox.noChats")));
}

/** Who the other side is, in words: the opener's pseudonym, or "the author" (the API's name is English). */
export function otherName(chat) {
  return chat.role === "opener" ? t("chat.theAuthor") : chat.other.name;
}

function chatRow(chat) {
  const unanswered = chat.role === "author" && chat.status === "requested";
  return h("li", { class: unanswered ? "notice-item unread" : "notice-item", "data-testid": "chat-item" },
    h("a", { href: `#/chat/${encodeURIComponent(chat.id)}` }, t(`chat.summary.${chat.role}`, { name: otherName(chat) })),
    " · ", h("span", { class: "hint" }, t(`chat.status.${chat.status}`)),
    " · ", h("time", { datetime: chat.last_activity_at, class: "hint" }, ago(chat.last_activity_at)));
}
