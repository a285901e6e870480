/* The signed-in user: the one module that knows how the pages sign in, and the way every page
 * calls the API. Signing in exchanges the access token for a session cookie (HttpOnly,
 * SameSite=Strict: no script can read it, no other site can send it) and a CSRF cookie, whose
 * value this module sends as `X-CSRF-Token` with every unsafe request. No token is kept in the
 * browser (service/api/session.py). */

import { errorText } from "./api.js";

const CSRF_COOKIE = "kehoach_csrf";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function csrf() {
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : "";
}

/** A call to the API as the signed-in user: `body` is sent as JSON, or as it is when it is
 * FormData; `signal` (an AbortSignal) cancels it (the promise then rejects with an AbortError).
 * The fetch Response. */
export function call(method, url, body, { signal } = {}) {
  const headers = { Accept: "application/json" };
  if (!SAFE.has(method) && csrf()) headers["X-CSRF-Token"] = csrf();
  const options = { method, headers, credentials: "same-origin", signal };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  return fetch(url, options);
}

/** GET as the signed-in user: the JSON answer; a refusal throws its message. */
export async function getJSON(url) {
  const response = await call("GET", url);
  if (!response.ok) throw new Error(await errorText(response));
  return response.json();
}

/** Whether this browser has a session (the server may still refuse it: expired, revoked). */
export const hasToken = () => Boolean(csrf());

let asked = null;

/** Who is signed in, as the server says: `{user}`, or `{user: null, status, message}` (401
 * without a session or with an ended one). Asked once per page. */
export function me() {
  asked ??= call("GET", "/api/me").then(async (response) => (response.ok
    ? { user: await response.json() }
    : { user: null, status: response.status, message: await errorText(response) }));
  return asked;
}

/** Exchange `secret` (the access token) for a session: the answer of `me()`. */
export async function signIn(secret) {
  const response = await call("POST", "/api/session", { token: secret });
  if (!response.ok) return { user: null, status: response.status, message: await errorText(response) };
  const user = await response.json();
  asked = Promise.resolve({ user });
  return { user };
}

/** End the session (both cookies cleared by the server). */
export async function signOut() {
  await call("DELETE", "/api/session");
  asked = null;
}
