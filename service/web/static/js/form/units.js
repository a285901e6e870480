/* The issuing unit: the provinces of the year's era, the unit picker (type part of a name, pick
 * from the list, with the keyboard or the mouse), the chosen unit. */

import { $, $$, clearErrors, el } from "../dom.js";
import { getJSON, hasToken, me } from "../session.js";
import { loadKinds, noKinds } from "./kinds.js";
import { f, state, year } from "./state.js";

export async function loadProvinces() {
  const chosen = f.province.value;
  const provinces = await getJSON(`/api/provinces?year=${encodeURIComponent(year())}`);
  state.era = provinces.length ? provinces[0].era : null;
  f.province.replaceChildren(el("option", { value: "", text: "— Tất cả tỉnh, thành phố —" }),
    ...provinces.map((p) => el("option", { value: String(p.code), text: p.name })));
  if (provinces.some((p) => String(p.code) === chosen)) f.province.value = chosen;
}

export const picker = {
  list: $("#unit-list"),
  results: [],
  active: -1,
  seq: 0,

  async search() {
    const q = f.unit.value;
    const seq = ++this.seq;
    if (state.unit && q === state.unit.label) return;
    const params = new URLSearchParams({ q, year: String(year()), limit: "15" });
    if (f.province.value) params.set("province", f.province.value);
    if (!q.trim() && !f.province.value) { this.close(); return; }
    if (!f.province.value && hasToken()) { // same names: the signed-in user's province first
      const { user } = await me();
      if (user) params.set("near", user.unit_key);
    }
    let results = [];
    try { results = await getJSON(`/api/units?${params}`); } catch (e) { results = []; }
    if (seq !== this.seq) return; // a later search is on its way
    this.results = results;
    this.list.dataset.query = q;
    if (document.activeElement === f.unit) this.render();
  },

  render() {
    this.active = this.results.length ? 0 : -1;
    const items = this.results.map((u, i) => el("li", {
      role: "option", id: `unit-option-${i}`, dataset: { index: String(i), code: String(u.code) },
    }, el("span", { text: u.name }), el("small", { text: u.label.split(", ").slice(1).join(", ") || "cấp tỉnh" })));
    if (!items.length) {
      const where = f.province.value ? ` trong ${f.province.selectedOptions[0].textContent}; chọn “Tất cả tỉnh, thành phố” để tìm rộng hơn` : "";
      items.push(el("li", { class: "empty", text: `Không tìm thấy đơn vị nào${where}.` }));
    }
    this.list.replaceChildren(...items);
    this.list.hidden = false;
    f.unit.setAttribute("aria-expanded", "true");
    this.highlight();
  },

  highlight() {
    $$("li[role=option]", this.list).forEach((li, i) => li.setAttribute("aria-selected", String(i === this.active)));
    const current = $(`#unit-option-${this.active}`);
    if (current) { current.scrollIntoView({ block: "nearest" }); f.unit.setAttribute("aria-activedescendant", current.id); }
  },

  close() {
    this.list.hidden = true;
    f.unit.setAttribute("aria-expanded", "false");
    f.unit.removeAttribute("aria-activedescendant");
  },

  key(event) {
    if (this.list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.results.length) % Math.max(this.results.length, 1);
      this.highlight();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.results[this.active]) chooseUnit(this.results[this.active]);
    } else if (event.key === "Escape") {
      this.close();
    }
  },
};

export async function chooseUnit(unit, { keepKind = null } = {}) {
  state.unit = unit;
  picker.close();
  f.unit.value = unit.label;
  const chosen = $("#unit-chosen");
  chosen.textContent = `Đã chọn: ${unit.label} (mã ${unit.code}, cấp ${unit.level})`;
  chosen.hidden = false;
  if (String(unit.province_code) !== f.province.value) f.province.value = String(unit.province_code);
  clearErrors({ prefix: "unit" });
  await loadKinds(keepKind ?? f.kind.value);
}

export function forgetUnit() {
  state.unit = null;
  $("#unit-chosen").hidden = true;
  noKinds();
}
