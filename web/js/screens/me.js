// The account: circle state, language, passcode, links to settings (and moderation, for
// moderators only), sign out, delete the account (confirmed).
import { call, session } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { LANGUAGES, lang, setLanguage, t } from "../i18n/index.js";
import { isModerator } from "./moderation.js";

export async function me(screen, signedOut) {
  const account = await guarded(() => call("GET", "/v1/me"), () => me(screen, signedOut));
  const language = h("select", { id: "language" },
    LANGUAGES.map((code) => h("option", { value: code, selected: code === lang }, code === "fr" ? "Français" : "English")));
  language.addEventListener("change", () => { setLanguage(language.value); location.reload(); });
  const circle = account && account.circle;

  const passcode = h("input", { id: "new-passcode", type: "password", autocomplete: "new-password", minlength: 4, required: true });
  const current = h("input", { id: "current-passcode", type: "password", autocomplete: "current-password" });
  const passcodeDone = h("p", { role: "status" });
  const passcodeForm = h("form", {},
    h("h3", {}, t("me.passcode")),
    h("p", { class: "hint" }, t("me.passcodeHint")),
    h("label", { for: "new-passcode" }, t("me.newPasscode")), passcode,
    h("label", { for: "current-passcode" }, t("me.currentPasscode")), current,
    h("button", { type: "submit" }, t("me.setPasscode")), passcodeDone);
  passcodeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { passcode: passcode.value };
    if (current.value) body.current_passcode = current.value;
    const ok = await guarded(async () => { await call("PUT", "/v1/me/passcode", { body }); return true; });
    if (ok) { passcodeDone.textContent = t("me.passcodeSet"); passcode.value = current.value = ""; }
  });

  const confirmRow = h("div", { hidden: true, class: "rethink", role: "alertdialog", "aria-labelledby": "delete-warning" },
    h("p", { id: "delete-warning" }, t("me.deleteWarning")),
    h("button", { type: "button", class: "plain", onclick: () => { confirmRow.hidden = true; } }, t("me.keep")),
    h("button", { type: "button", onclick: async () => {
      const ok = await guarded(async () => { await call("DELETE", "/v1/me"); return true; });
      if (ok) { session.clear(); signedOut(); }
    } }, t("me.deleteForGood")));

  // The API has no moderator flag on /v1/me: the link shows only once the queue answers this account.
  const moderationLink = h("li", { hidden: true }, h("a", { href: "#/moderation", "data-testid": "moderation-link" }, t("me.moderation")));
  isModerator().then((yes) => { moderationLink.hidden = !yes; }, () => {});

  mount(screen,
    h("h2", {}, t("me.title")),
    circle ? h("p", { "data-testid": "circle" }, circle.open ? t("me.open") : t("me.circle", { counted: circle.counted_friends, needed: circle.needed })) : null,
    h("label", { for: "language" }, t("me.language")), language,
    h("ul", { class: "links" }, h("li", {}, h("a", { href: "#/settings" }, t("me.settings"))), moderationLink),
    passcodeForm,
    h("h3", {}, t("me.leave")),
    h("button", { type: "button", class: "plain", onclick: async () => {
      await guarded(() => call("DELETE", "/v1/auth/sessions/current"));
      session.clear();
      signedOut();
    } }, t("signout")),
    h("button", { type: "button", class: "plain", onclick: () => { confirmRow.hidden = false; } }, t("me.delete")),
    confirmRow);
}
