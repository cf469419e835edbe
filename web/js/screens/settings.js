// Settings (#/settings, from the Me screen): muted words and notification preferences here; the
// account's controls (passcode removal, sessions, unlinking past posts) in settings-account.js.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";
import { markTab } from "./inbox.js";
import { accountSettings } from "./settings-account.js";

export function settings(screen) {
  markTab("me");
  const muted = h("section", { "aria-labelledby": "muted-title" });
  const notices = h("section", { "aria-labelledby": "prefs-title" });
  const account = h("div", {});
  mount(screen, h("h2", {}, t("settings.title")), muted, notices, account);
  mutedWords(muted);
  preferences(notices);
  accountSettings(account);
}

/** GET/PUT /v1/me/muted-words: the whole list is replaced on each change. */
async function mutedWords(section) {
  const got = await guarded(() => call("GET", "/v1/me/muted-words"), () => mutedWords(section));
  if (!got) return;
  let words = got.words;
  const list = h("ul", { class: "chips", "data-testid": "muted-words" });
  const input = h("input", { id: "mute-word", maxlength: 50, required: true, autocomplete: "off" });
  const status = h("p", { role: "status" });
  async function save(next) {
    const saved = await guarded(() => call("PUT", "/v1/me/muted-words", { body: { words: next } }));
    if (!saved) return false;
    words = saved.words;
    draw();
    status.textContent = t("settings.saved");
    return true;
  }
  function draw() {
    mount(list, words.map((word) => h("li", { class: "chip" }, h("span", {}, word),
      h("button", { type: "button", class: "plain", "aria-label": t("settings.unmute", { word }),
        onclick: () => save(words.filter((w) => w !== word)) }, "×"))));
    if (!words.length) list.append(h("li", { class: "hint" }, t("settings.noMuted")));
  }
  const form = h("form", {}, h("label", { for: "mute-word" }, t("settings.muteLabel")), input,
    h("button", { type: "submit" }, t("settings.mute")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const word = input.value.trim();
    if (word && !words.includes(word) && (await save([...words, word]))) input.value = "";
  });
  draw();
  mount(section, h("h3", { id: "muted-title" }, t("settings.muted")),
    h("p", { class: "hint" }, t("settings.mutedHint")), list, form, status);
}

// Quiet hours are stored in UTC (docs/notifications.md); the person picks them in their own time.
const offset = () => new Date().getTimezoneOffset(); // minutes to add to local time to get UTC
function shift(hhmm, minutes) {
  const [hours, mins] = hhmm.split(":").map(Number);
  const total = (((hours * 60 + mins + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

// The API's kinds, in the order a person thinks of them; a kind the API adds later goes last.
const ORDER = ["hearts", "comment", "reply", "friend_posted", "contacts_joined", "chat", "moderation"];
const rank = (kind) => (ORDER.includes(kind) ? ORDER.indexOf(kind) : ORDER.length);

/** GET/PUT /v1/me/notification-settings: one switch per kind, and quiet hours. */
async function preferences(section) {
  const got = await guarded(() => call("GET", "/v1/me/notification-settings"), () => preferences(section));
  if (!got) return;
  const boxes = Object.entries(got.kinds).sort(([a], [b]) => rank(a) - rank(b)).map(([kind, on]) => {
    const box = h("input", { type: "checkbox", id: `kind-${kind}`, checked: on, "data-kind": kind });
    return h("div", { class: "check" }, box, h("label", { for: `kind-${kind}` }, t(`settings.kind.${kind}`)));
  });
  const quiet = got.quiet_hours;
  const quietOn = h("input", { type: "checkbox", id: "quiet-on", checked: Boolean(quiet) });
  const start = h("input", { type: "time", id: "quiet-start", value: quiet ? shift(quiet.start, -offset()) : "22:00" });
  const end = h("input", { type: "time", id: "quiet-end", value: quiet ? shift(quiet.end, -offset()) : "07:00" });
  const times = h("div", { class: "form-row" },
    h("div", {}, h("label", { for: "quiet-start" }, t("settings.quietFrom")), start),
    h("div", {}, h("label", { for: "quiet-end" }, t("settings.quietTo")), end));
  const status = h("p", { role: "status", "data-testid": "prefs-status" });
  const form = h("form", {},
    h("fieldset", {}, h("legend", {}, t("settings.kinds")), boxes),
    h("div", { class: "check" }, quietOn, h("label", { for: "quiet-on" }, t("settings.quiet"))),
    h("p", { class: "hint" }, t("settings.quietHint")), times,
    h("button", { type: "submit" }, t("settings.save")), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const kinds = Object.fromEntries(Array.from(form.querySelectorAll("[data-kind]"), (box) => [box.dataset.kind, box.checked]));
    const body = { kinds, quiet_hours: quietOn.checked ? { start: shift(start.value, offset()), end: shift(end.value, offset()) } : null };
    const saved = await guarded(() => call("PUT", "/v1/me/notification-settings", { body }));
    if (saved) status.textContent = t("settings.saved");
  });
  mount(section, h("h3", { id: "prefs-title" }, t("settings.notifications")), form);
}
