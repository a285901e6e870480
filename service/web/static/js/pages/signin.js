/* Đăng nhập (/dang-nhap): paste the access token, exchange it for a session; sign out. */

import { $, boot, el, setStatus } from "../dom.js";
import { showUser } from "../nav.js";
import { hasToken, me, signIn, signOut } from "../session.js";
import { alertBox } from "../trail.js";

function showSignedIn(user) {
  $("#signed-in").replaceChildren(el("strong", { text: user.name }),
    el("span", { text: ` — ${user.role_label}, ${user.unit_label}` }));
  $("#signed-in").hidden = false;
  $("#signout").hidden = false;
  showUser(user);
}

/** Where to go once signed in: `?next=` when it is a path of this site, else the user's page. */
function nextPage(user) {
  const next = new URLSearchParams(window.location.search).get("next") || "";
  if (next === "/" || /^\/[^/\\]/.test(next)) return next;
  return user.role === "reviewer" ? "/duyet" : "/";
}

async function submit(event) {
  event.preventDefault();
  const secret = $("#f-token").value.trim();
  if (!secret) { setStatus("Hãy dán mã truy cập.", "error"); return; }
  setStatus("Đang kiểm tra mã truy cập…", "busy");
  const { user, message } = await signIn(secret);
  if (!user) { setStatus(message, "error"); return; }
  $("#f-token").value = "";
  showSignedIn(user);
  setStatus(`Đã đăng nhập: ${user.name}.`, "ok");
  window.location.assign(nextPage(user));
}

async function leave() {
  await signOut();
  $("#signed-in").hidden = true;
  $("#signout").hidden = true;
  showUser(null);
  setStatus("Đã đăng xuất.", "ok");
}

async function start() {
  $("#signin-form").addEventListener("submit", submit);
  $("#signout").addEventListener("click", leave);
  if (!hasToken()) return;
  const { user } = await me();
  if (user) showSignedIn(user);
}

boot(start, alertBox);
