// Sign in: phone -> SMS code (shown in development, as the API returns it) -> session; the
// passcode field appears when the server says the account has one.
import { call, session } from "../api.js";
import { h, mount } from "../dom.js";
import { guarded } from "../errors.js";
import { t } from "../i18n/index.js";

export function signIn(screen, done) {
  const phone = h("input", { id: "phone", type: "tel", autocomplete: "tel", required: true, "aria-describedby": "phone-hint" });
  const form = h("form", { "aria-labelledby": "signin-title" },
    h("h2", { id: "signin-title" }, t("signin.title")),
    h("label", { for: "phone" }, t("signin.phone")), phone,
    h("p", { id: "phone-hint", class: "hint" }, t("signin.phoneHint")),
    h("button", { type: "submit" }, t("signin.send")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const region = (navigator.language.split("-")[1] || "").toUpperCase();
    const body = { phone: phone.value };
    if (/^[A-Z]{2}$/.test(region)) body.region = region;
    const challenge = await guarded(() => call("POST", "/v1/auth/codes", { body }));
    if (challenge) codeStep(screen, challenge, done);
  });
  mount(screen, form);
  phone.focus();
}

function codeStep(screen, challenge, done) {
  const code = h("input", { id: "code", inputmode: "numeric", autocomplete: "one-time-code", required: true });
  const passcode = h("input", { id: "passcode", type: "password", autocomplete: "current-password" });
  const passcodeRow = h("div", { hidden: true }, h("label", { for: "passcode" }, t("signin.passcode")), passcode);
  const form = h("form", {},
    h("h2", {}, t("signin.title")),
    challenge.dev_code ? h("p", { class: "notice", "data-testid": "dev-code" }, t("signin.devCode", { code: challenge.dev_code })) : null,
    h("label", { for: "code" }, t("signin.code")), code, passcodeRow,
    h("button", { type: "submit" }, t("signin.go")),
    h("button", { type: "button", class: "plain", onclick: () => signIn(screen, done) }, t("signin.again")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { challenge_id: challenge.challenge_id, code: code.value.trim() };
    if (passcode.value) body.passcode = passcode.value;
    const signed = await guarded(async () => {
      try {
        return await call("POST", "/v1/auth/sessions", { body });
      } catch (error) {
        if (error.status === 401 && /passcode/.test(error.body.message || "")) passcodeRow.hidden = false;
        throw error;
      }
    });
    if (signed) {
      session.set({ token: signed.token, refresh_token: signed.refresh_token });
      done(signed);
    }
  });
  mount(screen, form);
  code.focus();
}
