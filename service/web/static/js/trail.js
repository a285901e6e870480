/* What the approval-trail pages share (sign-in, review queue, a draft's history): the message
 * at the top of the page, with the way to sign in after a 401. */

import { said } from "./api.js";
import { $, el } from "./dom.js";

/** A message at the top of the page; `signIn` adds the link to the sign-in page and back. */
export function alertBox(text, signIn = false) {
  const box = $("#trail-alert");
  const here = encodeURIComponent(window.location.pathname + window.location.search);
  box.replaceChildren(el("span", { text: said(text, "Không xử lý được yêu cầu.") }));
  if (signIn) box.append(el("a", { href: `/dang-nhap?next=${here}`, text: " Đăng nhập" }));
  box.hidden = false;
}

/** A refusal of the API, at the top of the page (with the sign-in link after a 401); its text. */
export function refused(message, status) {
  alertBox(message, status === 401);
  return message;
}
