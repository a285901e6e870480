/* Filling the form from a saved request (an opened draft); what the form does not show is kept
 * aside and sent back unchanged. */

import { $, $$ } from "../dom.js";
import { kindChanged } from "./kinds.js";
import { schedulePreview } from "./preview.js";
import { unmanaged } from "./request.js";
import { addBasis, docRow, renumber, villageRow } from "./rows.js";
import { f, state } from "./state.js";
import { chooseUnit, loadProvinces } from "./units.js";

export async function fillForm(request, unit) {
  f.year.value = request.year;
  await loadProvinces();
  if (unit) await chooseUnit(unit, { keepKind: request.kind });
  if (f.kind.value !== request.kind) { f.kind.value = request.kind; await kindChanged(); }
  fillFields(request);
  fillFacts(request.facts || {});
  for (const input of $$("#targets [data-key]")) input.value = (request.targets || {})[input.dataset.key.split(".").pop()] ?? "";
  $("#legal-bases").replaceChildren();
  const include = new Set((request.clauses || {}).include || []);
  const exclude = new Set((request.clauses || {}).exclude || []);
  for (const box of $$("#clauses input[data-clause]")) {
    const on = box.dataset.defaultOn === "true";
    box.checked = include.has(box.dataset.clause) || (on && !exclude.has(box.dataset.clause));
  }
  state.base = unmanaged(request);
  for (const b of request.legal_bases || []) if (typeof b !== "string") addBasis(b);
  renumber();
  schedulePreview(0);
}

function fillFields(request) {
  f.endYear.value = request.end_year ?? "";
  f.number.value = request.number ?? "";
  f.symbol.value = request.symbol ?? "";
  f.day.value = request.date?.day ?? "";
  f.month.value = request.date?.month ?? "";
  f.signerMode.value = request.signer ? request.signer.mode ?? "TM" : state.form.signer.mode;
  f.signerTitle.value = request.signer?.title ?? "";
  f.signerName.value = request.signer?.name ?? "";
  f.tone.value = request.tone || "classic";
}

function fillFacts(facts) {
  f.neighbours.value = (facts.neighbours || []).join("\n");
  f.villageCount.value = facts.village_count ?? "";
  f.villageWord.value = facts.village_word ?? "";
  f.theme.value = facts.theme ?? "";
  f.campaignStart.value = facts.campaign_start ?? "";
  f.campaignEnd.value = facts.campaign_end ?? "";
  const traits = new Set(facts.traits || []);
  const notTraits = new Set(facts.not_traits || []);
  for (const box of $$("#traits input")) {
    if (!box.disabled) box.checked = traits.has(box.value) || (box.dataset.place === "true" && !notTraits.has(box.value));
  }
  $("#villages").replaceChildren(...(facts.villages || []).map((v) => villageRow(v)));
  const params = facts.params || {};
  for (const input of $$("#params [data-key]")) {
    const value = params[input.dataset.key.split(".").pop()];
    input.value = value === undefined ? "" : Array.isArray(value) ? value.join("\n") : String(value);
  }
  const docs = facts.docs || {};
  for (const box of $$("#docs .doc-row")) {
    const key = box.dataset.path.split(".").pop();
    box.replaceWith(docRow(box.dataset.path, $(".doc-row-head span", box).textContent, false, docs[key] || {}));
  }
}
