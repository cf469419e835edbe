// One post with its comments (pseudonyms: a name and a colour per post), heart, comment.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { ago, t } from "../i18n/index.js";
import "../post-card.js";

export async function post(screen, id) {
  const path = `/v1/posts/${encodeURIComponent(id)}`;
  const item = await guarded(() => call("GET", path), () => post(screen, id));
  if (!item) { mount(screen, h("p", {}, t("post.notFound"))); return; }
  const card = document.createElement("sg-post-card");
  card.post = item;
  const list = h("div", { id: "comments" });
  const text = h("textarea", { id: "comment-text", required: true });
  const form = h("form", {},
    h("label", { for: "comment-text" }, t("post.commentLabel")), text,
    h("button", { type: "submit" }, t("post.commentSend")));
  async function loadComments() {
    const page = await guarded(() => call("GET", `${path}/comments`, { query: { limit: 50 } }), loadComments);
    if (page) mount(list, page.items.map(commentView));
  }
  // A comment is screened like a post: a 422 with errors.rethink asks again; "post anyway" confirms.
  const rethink = h("div", { class: "rethink", hidden: true, role: "alertdialog", "aria-labelledby": "comment-rethink-title", "data-testid": "rethink" });
  async function send(confirm) {
    const body = { text: text.value };
    if (confirm) body.confirm = true;
    const created = await guarded(async () => {
      try {
        return await call("POST", `${path}/comments`, { body, idempotencyKey: crypto.randomUUID() });
      } catch (error) {
        if (error.status !== 422 || !error.body.errors || !error.body.errors.rethink) throw error;
        mount(rethink,
          h("p", { id: "comment-rethink-title" }, t("compose.rethink")),
          h("p", { class: "hint" }, t("compose.reasons", { reasons: (error.body.errors.rethink.reasons || []).join(", ") })),
          h("button", { type: "button", class: "plain", onclick: () => { rethink.hidden = true; text.focus(); } }, t("compose.edit")),
          h("button", { type: "button", onclick: () => send(true) }, t("compose.anyway")));
        rethink.hidden = false;
        return undefined;
      }
    });
    if (created) {
      rethink.hidden = true;
      text.value = "";
      list.append(commentView(created));
      if (created.status === "visible") card.post = { ...card.post, comments: card.post.comments + 1 };
    }
  }
  form.append(rethink);
  form.addEventListener("submit", (event) => { event.preventDefault(); send(false); });
  mount(screen, card, list, form, item.is_own ? null : chatOffer(path), item.is_own ? null : actions(path));
  loadComments();
}

function commentView(comment) {
  // The pseudonym's colour is a dot beside the name: the colour is the API's, the contrast the app's.
  const dot = h("span", { class: "dot", "aria-hidden": "true" });
  if (/^#[0-9a-f]{3,8}$/i.test(comment.author.avatar.color)) dot.style.backgroundColor = comment.author.avatar.color;
  const who = h("span", { class: "who" }, dot, comment.author.avatar.name);
  const tags = [comment.author.is_me ? t("post.you") : null, comment.author.is_post_author ? t("post.author") : null].filter(Boolean);
  return h("div", { class: "comment" },
    who, tags.length ? h("span", { class: "hint" }, ` (${tags.join(", ")})`) : null,
    " · ", h("time", { datetime: comment.created_at, class: "hint" }, ago(comment.created_at)),
    h("p", { "data-testid": "comment-text" }, comment.text),
    comment.status === "held" ? h("p", { class: "hint" }, t("post.commentHeld")) : null);
}

/** Ask the author for an anonymous chat (POST /v1/posts/<id>/chats; asking again opens the same one). */
function chatOffer(path) {
  return h("div", { class: "chat-offer" },
    h("p", { class: "hint", id: "chat-hint" }, t("post.chatHint")),
    h("button", { type: "button", class: "plain", "aria-describedby": "chat-hint", onclick: async () => {
      const opened = await guarded(() => call("POST", `${path}/chats`));
      if (opened) location.hash = `#/chat/${encodeURIComponent(opened.id)}`;
    } }, t("post.chat")));
}

const FLAG_REASONS = ["self_harm", "hate", "harassment", "bullying", "personal_info", "defamation", "sexual", "spam", "other"];

/** Flag (with a reason), hide, block the author without learning who: each leaves the post. */
function actions(path) {
  const reason = h("select", { id: "flag-reason" }, FLAG_REASONS.map((r) => h("option", { value: r }, t(`flag.${r}`))));
  const leave = () => { location.hash = "#/feed"; };
  const act = (method, suffix, body) => async () => {
    const ok = await guarded(async () => { await call(method, `${path}${suffix}`, body ? { body } : {}); return true; });
    if (ok) leave();
  };
  return h("details", { class: "actions" },
    h("summary", {}, t("post.more")),
    h("label", { for: "flag-reason" }, t("post.flagReason")), reason,
    h("button", { type: "button", onclick: () => act("POST", "/flags", { reason: reason.value })() }, t("post.flag")),
    h("p", { class: "hint" }, t("post.hideHint")),
    h("button", { type: "button", class: "plain", onclick: act("PUT", "/hidden") }, t("post.hide")),
    h("p", { class: "hint" }, t("post.blockHint")),
    h("button", { type: "button", class: "plain", onclick: act("POST", "/block") }, t("post.block")));
}
