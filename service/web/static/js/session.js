/* The signed-in user: the one module that knows the access token, and the way every page calls
 * the API. The token is kept in this browser (localStorage) from sign-in to sign-out and sent
 * as `Authorization: Bearer …`; moving it to an HttpOnly cookie changes this module only. */

import { errorText } from "./api.js";

const KEY = "kehoach.token";

const token = () => window.localStorage.getItem(KEY);

/** A call to the API as the signed-in user (or with `secret`): `body` is sent as JSON, or as
 * it is when it is FormData. The fetch Response. */
export function call(method, url, body, secret = token()) {
  const headers = { Accept: "application/json" };
  if (secret) headers.Authorization = `Bearer ${secret}`;
  const options = { method, headers };
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

/** Whether this browser keeps a token (the server may still refuse it). */
export const hasToken = () => Boolean(token());

let asked = null;

/** Who is signed in, as the server says: `{user}`, or `{user: null, status, message}` (401
 * without a token or with a wrong one). Asked once per page. */
export function me() {
  asked ??= call("GET", "/api/me").then(async (response) => (response.ok
    ? { user: await response.json() }
    : { user: null, status: response.status, message: await errorText(response) }));
  return asked;
}

/** Check `secret` with the server and keep it when it is good: the answer of `me()`. */
export async function signIn(secret) {
  const response = await call("GET", "/api/me", undefined, secret);
  if (!response.ok) return { user: null, status: response.status, message: await errorText(response) };
  const user = await response.json();
  window.localStorage.setItem(KEY, secret);
  asked = Promise.resolve({ user });
  return { user };
}

export function signOut() {
  window.localStorage.removeItem(KEY);
  asked = null;
}
