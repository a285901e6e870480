/* The navigation of every page (templates/nav.html): the signed-in user's name at its right,
 * “Đăng nhập” when nobody is signed in. Loaded by the frame (templates/base.html). */

import { hasToken, me } from "./session.js";

const SIGN_IN = "Đăng nhập";

/** Show `user` (or nobody, when null) in the navigation. */
export function showUser(user) {
  const link = document.getElementById("whoami");
  if (!link) return;
  link.textContent = user ? `${user.name} · ${user.role_label}` : SIGN_IN;
  if (user) {
    link.title = `${user.unit_label} — bấm để đăng xuất hoặc đổi người dùng`;
    link.dataset.role = user.role;
  } else {
    link.removeAttribute("title");
    delete link.dataset.role;
  }
}

if (hasToken()) me().then(({ user }) => { if (user) showUser(user); }).catch(() => {});
