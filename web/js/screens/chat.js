// One anonymous chat (#/chat/<id>): its messages (GET .../messages, newest first, shown oldest
// first), send, and what each side may do: the author accepts or declines a request; either side
// leaves, blocks, or reports a message the other sent. The API has no GET /v1/chats/<id>, so the
// chat's state comes from the list (GET /v1/chats). While the screen is open it looks for new
// messages every few seconds (a phone app would use the chat_message push instead).
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { ago, t } from "../i18n/index.js";
import { markTab, otherName } from "./inbox.js";

const POLL_MS = 4000;
const FLAG_REASONS = ["bullying", "harassment", "hate", "self_harm", "personal_info", "sexual", "spam", "other"];

async function findChat(id) {
  let cursor = null;
  for (let pages = 0; pages < 10; pages += 1) {
    const page = await call("GET", "/v1/chats", { query: { limit: 50, cursor } });
    const found = page.items.find((chat) => chat.id === id);
    if (found || !page.next_cursor) return found || null;
    cursor = page.next_cursor;
  }
  return null;
}

export function chat(screen, id) {
  const path = `/v1/chats/${encodeURIComponent(id)}`;
  markTab("inbox");
  let timer = null;
  let stopped = false;
  let shown = "";
  let run = 0; // the newest load wins: a send's reload and the poll never run two polling chains

  const header = h("div", { class: "chat-head" });
  const list = h("ol", { class: "messages", "aria-live": "polite", "data-testid": "messages" });
  const controls = h("div", {});
  mount(screen, header, list, controls);
  const form = sendForm(); // one form for the screen's life: a redraw keeps what is being typed

  async function load(first) {
    clearTimeout(timer);
    const mine = ++run;
    const found = await guarded(() => findChat(id), () => load(first));
    if (stopped || mine !== run || found === undefined) return;
    if (!found) { mount(screen, h("p", {}, t("chat.notFound"))); return; }
    const page = await guarded(() => call("GET", `${path}/messages`, { query: { limit: 50 } }));
    if (stopped || mine !== run || !page) return;
    // Redraw only when something changed, so a half-typed message and the focus stay put.
    const state = JSON.stringify([found.status, page.items.map((m) => m.id)]);
    if (state !== shown) {
      shown = state;
      render(found, page.items.slice().reverse());
    }
    if (first || found.status === "requested" || found.status === "accepted") {
      timer = setTimeout(() => load(false), POLL_MS);
    }
  }

  function render(item, messages) {
    mount(header,
      h("h2", {}, t(`chat.title.${item.role}`, { name: otherName(item) })),
      h("p", { class: "hint", "data-testid": "chat-status" }, t(`chat.explain.${item.role}.${item.status}`)),
      item.post_id ? h("a", { href: `#/post/${encodeURIComponent(item.post_id)}` }, t("chat.thePost")) : null);
    mount(list, messages.map((message) => messageView(item, message)));
    if (!messages.length) list.append(h("li", { class: "hint" }, t("chat.noMessages")));
    mount(controls, ...actions(item, messages));
  }

  function messageView(item, message) {
    const who = message.is_me ? t("chat.you") : otherName(item);
    return h("li", { class: message.is_me ? "message mine" : "message", "data-testid": "message" },
      h("span", { class: "who" }, who), " · ",
      h("time", { datetime: message.created_at, class: "hint" }, ago(message.created_at)),
      h("p", { "data-testid": "message-text" }, message.text),
      message.is_me ? null : reportView(message));
  }

  function reportView(message) {
    const select = h("select", { id: `reason-${message.id}` }, FLAG_REASONS.map((r) => h("option", { value: r }, t(`flag.${r}`))));
    const done = h("p", { role: "status" });
    return h("details", { class: "actions" },
      h("summary", {}, t("chat.report")),
      h("label", { for: `reason-${message.id}` }, t("post.flagReason")), select,
      h("button", { type: "button", class: "plain", onclick: async () => {
        const ok = await guarded(async () => {
          await call("POST", `${path}/flags`, { body: { message_id: message.id, reason: select.value } });
          return true;
        });
        if (ok) done.textContent = t("chat.reported");
      } }, t("chat.reportSend")), done);
  }

  function actions(item, messages) {
    const parts = [];
    const open = item.status === "accepted" || item.status === "requested";
    if (item.role === "author" && item.status === "requested") {
      const answer = (verb) => async () => {
        const ok = await guarded(async () => { await call("POST", `${path}/${verb}`); return true; });
        if (ok) { shown = ""; load(false); }
      };
      parts.push(h("div", { class: "form-row" },
        h("button", { type: "button", onclick: answer("accept") }, t("chat.accept")),
        h("button", { type: "button", class: "plain", onclick: answer("decline") }, t("chat.decline"))));
    }
    const mayWrite = item.status === "accepted" || (item.role === "opener" && item.status === "requested" && !messages.some((m) => m.is_me));
    if (mayWrite) parts.push(form);
    if (open) {
      const confirm = h("div", { class: "rethink", hidden: true, role: "alertdialog", "aria-labelledby": "block-warning" },
        h("p", { id: "block-warning" }, t("chat.blockWarning")),
        h("button", { type: "button", class: "plain", onclick: () => { confirm.hidden = true; } }, t("chat.keep")),
        h("button", { type: "button", onclick: end("block") }, t("chat.blockForGood")));
      parts.push(h("div", { class: "form-row" },
        h("button", { type: "button", class: "plain", onclick: end("leave") }, t("chat.leave")),
        h("button", { type: "button", class: "plain", onclick: () => { confirm.hidden = false; } }, t("chat.block"))), confirm);
    }
    return parts;
  }

  function end(verb) {
    return async () => {
      const ok = await guarded(async () => { await call("POST", `${path}/${verb}`); return true; });
      if (ok) location.hash = "#/inbox";
    };
  }

  function sendForm() {
    const text = h("textarea", { id: "chat-input", required: true, maxlength: 500 });
    const element = h("form", {}, h("label", { for: "chat-input" }, t("chat.message")), text,
      h("button", { type: "submit" }, t("chat.send")));
    element.addEventListener("submit", async (event) => {
      event.preventDefault();
      const sent = await guarded(() => call("POST", `${path}/messages`, { body: { text: text.value } }));
      if (sent) { text.value = ""; shown = ""; load(false); }
    });
    return element;
  }

  load(true);
  return () => { stopped = true; clearTimeout(timer); };
}
