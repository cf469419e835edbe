// The account: circle state, language, sign out. (Settings screens come later: docs/client.md.)
import { call, session } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { LANGUAGES, lang, setLanguage, t } from "../i18n/index.js";

export async function me(screen, signedOut) {
  const account = await guarded(() => call("GET", "/v1/me"), () => me(screen, signedOut));
  const language = h("select", { id: "language", "aria-label": "Language / Langue" },
    LANGUAGES.map((code) => h("option", { value: code, selected: code === lang }, code === "fr" ? "Français" : "English")));
  language.addEventListener("change", () => { setLanguage(language.value); location.reload(); });
  const circle = account && account.circle;
  mount(screen,
    h("h2", {}, t("me.title")),
    circle ? h("p", { "data-testid": "circle" }, circle.open ? t("me.open") : t("me.circle", { counted: circle.counted_friends, needed: circle.needed })) : null,
    language,
    h("button", { type: "button", class: "plain", onclick: async () => {
      await guarded(() => call("DELETE", "/v1/auth/sessions/current"));
      session.clear();
      signedOut();
    } }, t("signout")));
}
