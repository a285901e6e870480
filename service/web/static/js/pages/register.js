/* Sổ văn bản đi (/so-van-ban-di): the documents the signed-in user's unit issued in a year, in
 * the order of their numbers; each row opens the draft's history. */

import { errorText } from "../api.js";
import { $, boot, el, setStatus } from "../dom.js";
import { call, me } from "../session.js";
import { alertBox, refused } from "../trail.js";

const register = { unit: null };
const dayMonthYear = (iso) => iso.split("-").reverse().join("/");

async function load() {
  const year = Number($("#r-year").value);
  if (!register.unit || !Number.isInteger(year) || year < 2000 || year > 2100) return;
  setStatus("Đang tải…", "busy");
  const query = new URLSearchParams({ unit: register.unit, year: String(year) });
  const response = await call("GET", `/api/register?${query}`);
  if (!response.ok) { setStatus(refused(await errorText(response), response.status), "error"); return; }
  const items = (await response.json()).items;
  $("#register-rows").replaceChildren(...items.map(row));
  $("#register-table").hidden = !items.length;
  setStatus(items.length ? `${items.length} văn bản.` : `Năm ${year} chưa ban hành văn bản nào.`, "ok");
}

function row(e) {
  return el("tr", { dataset: { draft: e.draft_id } },
    el("td", {}, el("a", { href: `/ban-nhap/${encodeURIComponent(e.draft_id)}`, text: `${e.number}/${e.symbol}` })),
    el("td", { text: dayMonthYear(e.date) }), el("td", { text: e.title }), el("td", { text: e.user_name }));
}

async function start() {
  $("#r-year").value = document.body.dataset.year;
  $("#r-year").addEventListener("change", load);
  const { user, status, message } = await me();
  if (!user) { refused(message, status); return; }
  register.unit = user.unit_key.split(":").pop();
  $("#register-unit").textContent = user.unit_label;
  await load();
}

boot(start, alertBox);
