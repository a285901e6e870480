/* Duyệt kế hoạch (/duyet): the reviewer's queue, filtered by state, unit, kind and year, paged;
 * each row opens the draft's history. */

import { errorText } from "../api.js";
import { $, boot, el, localTime, setStatus } from "../dom.js";
import { call, me } from "../session.js";
import { alertBox, refused } from "../trail.js";

const queue = { offset: 0, limit: 20, units: new Map(), kinds: new Map(), me: null };

function params() {
  const out = new URLSearchParams({ limit: String(queue.limit), offset: String(queue.offset) });
  if ($("#q-state").value) out.set("state", $("#q-state").value);
  const unit = queue.units.get($("#q-unit").value);
  if (unit) out.set("unit", String(unit));
  if ($("#q-kind").value) out.set("kind", $("#q-kind").value);
  const year = Number($("#q-year").value);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) out.set("year", String(year));
  return out;
}

async function load() {
  setStatus("Đang tải…", "busy");
  const response = await call("GET", `/api/review-queue?${params()}`);
  if (!response.ok) {
    setStatus(refused(await errorText(response), response.status), "error");
    $("#queue-table").hidden = true;
    return;
  }
  const page = await response.json();
  $("#queue-rows").replaceChildren(...page.items.map(row));
  $("#queue-table").hidden = !page.items.length;
  const last = page.offset + page.items.length;
  $("#q-range").textContent = page.total ? `${page.offset + 1}–${last} / ${page.total}` : "";
  $("#q-prev").disabled = page.offset === 0;
  $("#q-next").disabled = last >= page.total;
  setStatus(page.total ? `${page.total} bản nháp.` : "Không có bản nháp nào khớp bộ lọc.", "ok");
}

function row(d) {
  return el("tr", { dataset: { id: d.id, state: d.state } },
    el("td", {}, el("a", { href: `/ban-nhap/${encodeURIComponent(d.id)}`, text: d.title })),
    el("td", { text: d.unit_label, dataset: { label: "Đơn vị" } }),
    el("td", { text: queue.kinds.get(d.kind) || d.kind, dataset: { label: "Loại" } }),
    el("td", { text: String(d.year), dataset: { label: "Năm" } }),
    el("td", { dataset: { label: "Trạng thái" } }, el("span", { class: `badge state-${d.state}`, text: d.state_label })),
    el("td", { text: d.owner_name, dataset: { label: "Người soạn" } }),
    el("td", { text: localTime(d.updated_at), dataset: { label: "Cập nhật" } }));
}

async function loadKinds() {
  const response = await call("GET", "/api/kinds");
  if (!response.ok) return;
  for (const k of await response.json()) {
    queue.kinds.set(k.id, k.title);
    $("#q-kind").append(el("option", { value: k.id, text: k.title }));
  }
}

/** Units for the unit filter, as the reviewer types (within their province). */
async function suggestUnits() {
  const q = $("#q-unit").value;
  if (queue.units.has(q)) return;
  const query = new URLSearchParams({ q, limit: "20" });
  const [, tier, code] = (queue.me.unit_key || "").split(":");
  if (tier === "province") query.set("province", code);
  const response = await call("GET", `/api/units?${query}`);
  if (!response.ok) return;
  const units = await response.json();
  for (const u of units) queue.units.set(u.label, u.code);
  $("#q-unit-options").replaceChildren(...units.map((u) => el("option", { value: u.label })));
}

async function start() {
  const { user, status, message } = await me();
  if (!user) { setStatus(refused(message, status), "error"); return; }
  queue.me = user;
  await loadKinds();
  const reload = () => { queue.offset = 0; load(); };
  for (const id of ["#q-state", "#q-kind", "#q-year"]) $(id).addEventListener("change", reload);
  $("#q-unit").addEventListener("input", () => {
    if (!$("#q-unit").value || queue.units.has($("#q-unit").value)) reload(); else suggestUnits();
  });
  $("#queue-filters").addEventListener("submit", (e) => { e.preventDefault(); reload(); });
  $("#q-prev").addEventListener("click", () => { queue.offset = Math.max(0, queue.offset - queue.limit); load(); });
  $("#q-next").addEventListener("click", () => { queue.offset += queue.limit; load(); });
  await load();
}

boot(start, alertBox);
