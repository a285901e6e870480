/* The plans the province issued for the year (GET /api/cited-plans): the form of each of its
 * communes and wards offers them as cited documents, ticked by default (“Thực hiện Kế hoạch số
 * 01/KH-UBND ngày … của Ủy ban nhân dân tỉnh …”); one click leaves a plan out. */

import { $, $$, el } from "../dom.js";
import { getJSON } from "../session.js";
import { readDoc } from "./rows.js";
import { state } from "./state.js";

let offered = [];

/** Ask which plans the chosen commune's province issued for `year`, and show them. */
export async function loadCited(year) {
  const u = state.unit;
  offered = u && u.tier === "commune" ? await issuedFor(u.code, year) : [];
  const box = $("#cited-plans");
  box.replaceChildren(...offered.map((plan, i) => el("label", { class: "check" },
    el("input", { type: "checkbox", checked: true, dataset: { cited: String(i) } }),
    el("span", { text: plan.text }))));
  box.hidden = !offered.length;
}

/** The register is read signed in, within the user's province: signed out or elsewhere, the
 * form offers nothing (the plan can still cite the province's plan typed as a document). */
async function issuedFor(code, year) {
  try {
    return await getJSON(`/api/cited-plans?${new URLSearchParams({ unit: String(code), year: String(year) })}`);
  } catch {
    return [];
  }
}

/** The ticked plans, as documents of `legal_bases` (none the rows already cite). */
export function citedDocs() {
  const typed = $$("#legal-bases .doc-row").map(readDoc);
  const same = (a, b) => a.number === b.number && a.issuer === b.issuer;
  return $$("#cited-plans input:checked")
    .map((input) => offered[Number(input.dataset.cited)].doc)
    .filter((doc) => !typed.some((row) => same(row, doc)));
}
