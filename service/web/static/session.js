/* The signed-in user, on every page: the token kept in this browser (localStorage) and the name
 * shown in the navigation (“Đăng nhập” when nobody is signed in).  Plain JavaScript. */
"use strict";

(() => {
  const KEY = "kehoach.token";
  const link = document.getElementById("whoami");
  const token = window.localStorage.getItem(KEY);
  if (!link || !token) return;
  fetch("/api/me", { headers: { Accept: "application/json", Authorization: `Bearer ${token}` } })
    .then((response) => (response.ok ? response.json() : null))
    .then((me) => {
      if (!me) return;
      link.textContent = `${me.name} · ${me.role_label}`;
      link.title = `${me.unit_label} — bấm để đăng xuất hoặc đổi người dùng`;
      link.dataset.role = me.role;
    })
    .catch(() => {});
})();
