/* Reading the API's answers. A refusal is `{detail: [{field, message}]}` with Vietnamese
 * messages (422, 401, 403, 404, 409, 413, 503). */

/** The JSON body of a response, or null when it has none. */
export async function readJSON(response) {
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

/** The errors of a refused response (its body read with `readJSON`). */
export function detailOf(response, body) {
  return body && Array.isArray(body.detail) ? body.detail
    : [{ field: "", message: `Máy chủ trả lời mã ${response.status}.` }];
}

/** A message to show: `value` when it is a non-empty string, else `fallback` (no "null" or
 * "undefined" ever reaches an alert). */
export const said = (value, fallback = "") => (typeof value === "string" && value.trim() ? value : fallback);

/** The messages of a refused response, in one line. */
export async function errorText(response) {
  const body = await readJSON(response);
  const messages = body && Array.isArray(body.detail) ? body.detail.map((d) => said(d && d.message)) : [];
  return messages.filter(Boolean).join(" ") || `Máy chủ trả lời mã ${response.status}.`;
}
