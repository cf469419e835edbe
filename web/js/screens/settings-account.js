// The account's controls in Settings: remove the passcode (DELETE /v1/me/passcode), the signed-in
// sessions (GET /v1/me/sessions, DELETE /v1/me/sessions/<id>), and unlinking every past post from
// the account (POST /v1/me/unlink), which cannot be undone and so is confirmed first.
import { call } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { ago, t } from "../i18n/index.js";

export async function accountSettings(root) {
  const account = await guarded(() => call("GET", "/v1/me"), () => accountSettings(root));
  if (!account) return;
  const sessions = h("section", { "aria-labelledby": "sessions-title" });
  mount(root, account.has_passcode ? removePasscode() : null, sessions, unlink());
  loadSessions(sessions);
}

function removePasscode() {
  const current = h("input", { id: "remove-passcode", type: "password", autocomplete: "current-password", required: true });
  const status = h("p", { role: "status" });
  const form = h("form", { "aria-labelledby": "remove-passcode-title" },
    h("h3", { id: "remove-passcode-title" }, t("settings.removePasscode")),
    h("p", { class: "hint" }, t("settings.removePasscodeHint")),
    h("label", { for: "remove-passcode" }, t("me.currentPasscode")), current,
    h("button", { type: "submit", class: "plain" }, t("settings.removePasscodeGo")), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ok = await guarded(async () => {
      await call("DELETE", "/v1/me/passcode", { body: { passcode: current.value } });
      return true;
    });
    if (ok) { current.value = ""; status.textContent = t("settings.passcodeRemoved"); }
  });
  return form;
}

async function loadSessions(section) {
  const got = await guarded(() => call("GET", "/v1/me/sessions"), () => loadSessions(section));
  if (!got) return;
  const signOut = (ids) => async () => {
    const ok = await guarded(async () => {
      for (const id of ids) await call("DELETE", `/v1/me/sessions/${encodeURIComponent(id)}`);
      return true;
    });
    if (ok) loadSessions(section);
  };
  const others = got.items.filter((item) => !item.current).map((item) => item.id);
  mount(section, h("h3", { id: "sessions-title" }, t("settings.sessions")),
    h("ul", { class: "notices", "data-testid": "sessions" }, got.items.map((item) => h("li", { class: "notice-item" },
      h("span", {}, item.current ? t("settings.thisDevice") : t("settings.otherDevice")), " · ",
      h("span", { class: "hint" }, t("settings.signedIn", { when: ago(item.created_at) })), " ",
      item.current ? null : h("button", { type: "button", class: "plain small", onclick: signOut([item.id]) }, t("signout"))))),
    others.length ? h("button", { type: "button", class: "plain", onclick: signOut(others) }, t("settings.signOutOthers")) : null);
}

function unlink() {
  const status = h("p", { role: "status", "data-testid": "unlink-status" });
  const confirm = h("div", { class: "rethink", hidden: true, role: "alertdialog", "aria-labelledby": "unlink-warning" },
    h("p", { id: "unlink-warning" }, t("settings.unlinkWarning")),
    h("button", { type: "button", class: "plain", onclick: () => { confirm.hidden = true; } }, t("settings.unlinkKeep")),
    h("button", { type: "button", onclick: async () => {
      const done = await guarded(() => call("POST", "/v1/me/unlink"));
      if (done) { confirm.hidden = true; status.textContent = t("settings.unlinked", { n: done.unlinked }); }
    } }, t("settings.unlinkForGood")));
  return h("section", { "aria-labelledby": "unlink-title" },
    h("h3", { id: "unlink-title" }, t("settings.unlink")),
    h("p", { class: "hint" }, t("settings.unlinkHint")),
    h("button", { type: "button", class: "plain", onclick: () => { confirm.hidden = false; } }, t("settings.unlinkStart")),
    confirm, status);
}
