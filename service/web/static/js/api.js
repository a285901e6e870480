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

/** The messages of a refused response, in one line. */
export async function errorText(response) {
  const body = await readJSON(response);
  const text = body && Array.isArray(body.detail) ? body.detail.map((d) => d.message).join(" ") : "";
  return text || `Lỗi ${response.status}`;
}
