// Moderation (#/moderation, moderators only: the API answers 403 to anyone else): the queue
// (GET /v1/moderation/queue, a post's picture included) with decisions on a post or comment, flagged chat messages
// (GET /v1/moderation/chat-flags: the API has no decision on them, so none is offered), and the
// audit (GET /v1/moderation/audit). The API never says who wrote anything; neither does this screen.
import { ApiError, call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { ago, t } from "../i18n/index.js";
import { safeUrl } from "../post-card.js";
import { markTab } from "./inbox.js";

const VIEWS = ["queue", "chats", "audit"];
const REASONS = ["self_harm", "hate", "harassment", "bullying", "personal_info", "defamation", "sexual", "spam", "other"];

/** Whether this account may moderate: the API only says so by answering the queue (200) or not (403). */
export async function isModerator() {
  try {
    await call("GET", "/v1/moderation/queue", { query: { limit: 1 } });
    return true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return false;
    throw error;
  }
}

export async function moderation(screen, view = "queue") {
  if (!VIEWS.includes(view)) view = "queue";
  markTab("me");
  const tab = (name) => h("button", { type: "button", role: "tab", "aria-selected": String(name === view),
    onclick: () => { location.hash = `#/moderation/${name}`; } }, t(`mod.${name}`));
  const body = h("div", {});
  mount(screen, h("h2", {}, t("mod.title")), h("div", { class: "tablist", role: "tablist" }, VIEWS.map(tab)), body);
  const load = { queue, chats: chatFlags, audit }[view];
  try {
    await load(body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) mount(body, h("p", { "data-testid": "mod-forbidden" }, t("mod.forbidden")));
    else await guarded(() => { throw error; }, () => moderation(screen, view));
  }
}

/** A content status in words (visible, held, pending, removed); an unknown one as the API says it. */
function state(status) {
  const key = `mod.state.${status}`;
  const word = t(key);
  return word === key ? status : word;
}

async function queue(body) {
  const page = await call("GET", "/v1/moderation/queue", { query: { limit: 50 } });
  mount(body, page.items.length ? page.items.map(queueItem) : h("p", { class: "hint" }, t("mod.empty")));
}

function queueItem(item) {
  const reasons = Object.entries(item.reasons).map(([reason, n]) => `${t(`flag.${reason}`)} (${n})`);
  const status = h("p", { role: "status" });
  const reason = h("select", { id: `why-${item.id}` },
    h("option", { value: "" }, t("mod.noReason")), REASONS.map((r) => h("option", { value: r }, t(`flag.${r}`))));
  const days = h("input", { id: `days-${item.id}`, type: "number", min: 1, max: 365, value: 7 });
  const decide = (action) => async () => {
    const decision = { action };
    if (reason.value) decision.reason = reason.value;
    if (action === "suspend") decision.days = Number(days.value);
    const path = `/v1/moderation/${item.kind}s/${encodeURIComponent(item.id)}/decision`;
    const done = await guarded(() => call("POST", path, { body: decision }));
    if (done) status.textContent = t("mod.decided", { action: t(`mod.action.${action}`), status: state(done.status) });
  };
  const button = (action, plain = true) =>
    h("button", { type: "button", class: plain ? "plain" : null, onclick: decide(action) }, t(`mod.action.${action}`));
  return h("article", { class: "mod-item", "data-testid": "queue-item" },
    h("p", { class: "hint" }, t(`mod.kind.${item.kind}`), " · ", t("mod.status", { status: state(item.status) }),
      " · ", t("mod.waiting", { when: ago(item.waiting_since) }), item.appeal ? ` · ${t("mod.appeal")}` : ""),
    h("blockquote", { "data-testid": "queue-text" }, item.text),
    picture(item.image),
    item.tags.length ? h("p", { class: "hint" }, item.tags.map((tag) => `#${tag}`).join(" ")) : null,
    item.signals.length ? h("p", {}, t("mod.signals", { signals: item.signals.join(", ") })) : null,
    item.flags ? h("p", {}, t("mod.flags", { n: item.flags }), reasons.length ? `: ${reasons.join(", ")}` : "") : null,
    h("label", { for: `why-${item.id}` }, t("mod.reason")), reason,
    h("div", { class: "form-row" }, button("remove", false), button("restore"), button("publish")),
    h("details", { class: "actions" }, h("summary", {}, t("mod.aboutWriter")),
      h("p", { class: "hint" }, t("mod.writerHint")),
      h("label", { for: `days-${item.id}` }, t("mod.days")), days,
      h("div", { class: "form-row" }, button("warn"), button("suspend"), button("ban"))),
    status);
}

/** A post's picture as readers see it (a moderator judges the whole post), or nothing. */
function picture(image) {
  const src = image && safeUrl(image.url);
  if (!src) return null;
  return h("img", { class: "mod-picture", src, width: image.width, height: image.height, loading: "lazy",
    alt: t("mod.picture"), "data-testid": "queue-picture" });
}

async function chatFlags(body) {
  const page = await call("GET", "/v1/moderation/chat-flags");
  mount(body, h("p", { class: "hint" }, t("mod.chatsHint")),
    page.items.length ? h("ul", { class: "notices" }, page.items.map((item) => h("li", { class: "notice-item", "data-testid": "chat-flag" },
      h("blockquote", {}, item.text),
      h("span", { class: "hint" }, t(`flag.${item.reason}`), " · ", ago(item.flagged_at)))))
      : h("p", { class: "hint" }, t("mod.empty")));
}

async function audit(body) {
  const page = await call("GET", "/v1/moderation/audit", { query: { limit: 50 } });
  mount(body, page.items.length ? h("ul", { class: "notices", "data-testid": "audit" }, page.items.map((entry) => h("li", { class: "notice-item" },
    t("mod.audited", { moderator: entry.moderator.slice(0, 8), action: t(`mod.action.${entry.action}`), kind: t(`mod.kind.${entry.kind}`) }),
    entry.reason ? ` (${t(`flag.${entry.reason}`)})` : "", entry.days ? ` · ${t("mod.forDays", { n: entry.days })}` : "",
    " · ", h("time", { datetime: entry.at, class: "hint" }, ago(entry.at)))))
    : h("p", { class: "hint" }, t("mod.empty")));
}
