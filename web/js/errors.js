// API errors in plain words: a 429 says how long to wait, a 503 offers a retry.
import { ApiError, session } from "./api.js";
import { h, mount } from "./dom.js";
import { t, waitWords } from "./i18n/index.js";

export function describe(error) {
  if (!(error instanceof ApiError)) return t("error.generic", { status: "?", message: String(error && error.message) });
  const message = error.body.message || "";
  switch (error.status) {
    case 0: return t("error.network");
    case 401: return t("error.401");
    case 404: return t("error.404");
    case 413: return t("error.413");
    case 429: return t("error.429", { wait: waitWords(error.retryAfter ?? 60) });
    case 503: return t("error.503");
    case 422: return t("error.422", { message });
    default: return t("error.generic", { status: error.status, message });
  }
}

/** Show an error in the status bar; `retry` (a function) adds a Retry button for 503s and network errors. */
export function showError(error, retry) {
  const bar = document.getElementById("status");
  const retryable = retry && error instanceof ApiError && (error.status === 503 || error.status === 0);
  mount(bar, h("span", { text: describe(error) }),
    retryable ? h("button", { type: "button", class: "plain", onclick: () => { clearError(); retry(); } }, t("error.retry")) : null);
  bar.hidden = false;
}

export function clearError() {
  const bar = document.getElementById("status");
  bar.hidden = true;
  bar.replaceChildren();
}

/** Run an action, showing its error (if any) in plain words; returns its result or undefined. */
export async function guarded(action, retry) {
  try {
    clearError();
    return await action();
  } catch (error) {
    showError(error, retry);
    // A 401 with a session means it ended (refresh failed); on the sign-in screen it is a wrong code.
    if (error instanceof ApiError && error.status === 401 && session.get()) window.dispatchEvent(new Event("sg:signed-out"));
    return undefined;
  }
}
