// The public /v1 API, as a mobile client calls it. The token travels only in the Authorization
// header (never in a URL, so it cannot reach logs or the Referer) and is kept in localStorage.
const SESSION_KEY = "sg.session";

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.retryAfter = retryAfter; // seconds, from Retry-After (429, 503)
  }
}

export const session = {
  get() {
    try { return JSON.parse(localStorage.getItem(SESSION_KEY)); } catch { return null; }
  },
  set(value) { localStorage.setItem(SESSION_KEY, JSON.stringify(value)); },
  clear() { localStorage.removeItem(SESSION_KEY); },
};

let refreshing = null;

async function refresh() {
  const current = session.get();
  if (!current || !current.refresh_token) return false;
  refreshing ??= fetch("/v1/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: current.refresh_token }),
  }).then(async (answer) => {
    if (!answer.ok) return false;
    session.set(await answer.json());
    return true;
  }).catch(() => false).finally(() => { refreshing = null; });
  return refreshing;
}

/** POST a file as multipart/form-data (field `file`), e.g. a picture to /v1/images. */
export async function upload(path, file) {
  const form = new FormData();
  form.append("file", file);
  const headers = { Accept: "application/json" };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let answer;
  try {
    answer = await fetch(path, { method: "POST", headers, body: form, credentials: "omit" });
  } catch {
    throw new ApiError(0, { message: "network" });
  }
  const parsed = await answer.json().catch(() => ({}));
  if (!answer.ok) {
    const retry = Number.parseInt(answer.headers.get("Retry-After") || "", 10);
    throw new ApiError(answer.status, parsed, Number.isFinite(retry) ? retry : undefined);
  }
  return parsed;
}

/** call("GET", "/v1/feed", {query: {sort: "recent"}}) -> the parsed JSON; throws ApiError. */
export async function call(method, path, { body, query, retried = false, idempotencyKey } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query || {})) if (value !== undefined && value !== null) url.searchParams.set(key, value);
  const headers = { Accept: "application/json" };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  let answer;
  try {
    answer = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  } catch {
    throw new ApiError(0, { message: "network" });
  }
  if (answer.status === 401 && token && !retried && !path.startsWith("/v1/auth/") && (await refresh())) {
    return call(method, path, { body, query, retried: true, idempotencyKey });
  }
  const text = await answer.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { message: text.slice(0, 200) }; }
  if (!answer.ok) {
    const retry = Number.parseInt(answer.headers.get("Retry-After") || "", 10);
    throw new ApiError(answer.status, parsed, Number.isFinite(retry) ? retry : undefined);
  }
  return parsed;
}
