/* The request the form stands for (the same JSON as `kehoach render` reads), and the part of a
 * saved request the form does not manage (kept as it was). */

import { $, $$ } from "../dom.js";
import { citedDocs } from "./cited.js";
import { readDoc } from "./rows.js";
import { f, state } from "./state.js";

/** The facts that fixed fields of the form manage. */
const MANAGED_FACTS = ["neighbours", "villages", "village_count", "village_word", "traits", "not_traits",
  "theme", "campaign_start", "campaign_end"];

const lines = (text) => text.split("\n").map((s) => s.trim()).filter(Boolean);
const intOrRaw = (text) => (/^\s*\d+\s*$/.test(text) ? Number(text) : text.trim());
const keyOf = (input) => input.dataset.key.split(".").pop();

function numberOrRaw(text) {
  const t = text.trim().replace(",", ".");
  return t !== "" && Number.isFinite(Number(t)) ? Number(t) : text.trim();
}

function setOrDrop(obj, key, value) {
  if (value === null || value === undefined) delete obj[key]; else obj[key] = value;
}

export function buildRequest() {
  const req = structuredClone(state.base);
  req.kind = f.kind.value;
  req.unit = state.unit ? state.unit.code : f.unit.value;
  req.year = intOrRaw(f.year.value);
  const range = state.form && state.form.period === "range";
  setOrDrop(req, "end_year", range && f.endYear.value.trim() ? intOrRaw(f.endYear.value) : null);
  setOrDrop(req, "number", f.number.value.trim() || null);
  setOrDrop(req, "symbol", f.symbol.value.trim() || null);
  setOrDrop(req, "date", date());
  setOrDrop(req, "signer", signer());
  req.facts = facts();
  setOrDrop(req, "targets", targets());
  const bases = (state.base.legal_bases || []).filter((b) => typeof b === "string");
  for (const box of $$("#legal-bases .doc-row")) bases.push(readDoc(box));
  bases.push(...citedDocs());
  setOrDrop(req, "legal_bases", bases.length ? bases : null);
  setOrDrop(req, "clauses", clauses());
  setOrDrop(req, "tone", f.tone.value && f.tone.value !== "classic" ? f.tone.value : null);
  return req;
}

function date() {
  const typed = {};
  if (f.day.value.trim()) typed.day = intOrRaw(f.day.value);
  if (f.month.value.trim()) typed.month = intOrRaw(f.month.value);
  return Object.keys(typed).length ? { ...(state.base.date || {}), ...typed } : null;
}

function signer() {
  const given = state.form ? state.form.signer : { mode: "TM", title: "" };
  const mode = f.signerMode.value;
  const title = f.signerTitle.value.trim();
  const name = f.signerName.value.trim();
  if (!name && !title && mode === given.mode) return null;
  return { mode, title: title || (mode === given.mode ? given.title : ""), name };
}

function targets() {
  const out = { ...(state.base.targets || {}) };
  for (const input of $$("#targets [data-key]")) {
    if (input.value.trim()) out[keyOf(input)] = numberOrRaw(input.value); else delete out[keyOf(input)];
  }
  return Object.keys(out).length ? out : null;
}

function facts() {
  const out = structuredClone(state.base.facts || {});
  setOrDrop(out, "neighbours", lines(f.neighbours.value).length ? lines(f.neighbours.value) : null);
  const villages = $$("#villages .village").map((row) => ({
    name: $("input", row).value.trim(), status: $("select", row).value,
  }));
  setOrDrop(out, "villages", villages.length ? villages : null);
  setOrDrop(out, "village_count", f.villageCount.value.trim() ? intOrRaw(f.villageCount.value) : null);
  setOrDrop(out, "village_word", f.villageWord.value.trim() || null);
  const defaults = new Set(state.form ? state.form.default_traits : []);
  const boxes = $$("#traits input");
  const traits = boxes.filter((i) => i.checked && !defaults.has(i.value) && i.dataset.place !== "true");
  const notTraits = boxes.filter((i) => !i.checked && i.dataset.place === "true");
  setOrDrop(out, "traits", traits.length ? traits.map((i) => i.value) : null);
  setOrDrop(out, "not_traits", notTraits.length ? notTraits.map((i) => i.value) : null);
  setOrDrop(out, "theme", f.theme.value.trim() || null);
  setOrDrop(out, "campaign_start", f.campaignStart.value || null);
  setOrDrop(out, "campaign_end", f.campaignEnd.value || null);
  setOrDrop(out, "params", params(out.params));
  setOrDrop(out, "docs", docs(out.docs));
  return out;
}

function params(kept) {
  const out = { ...(kept || {}) };
  for (const input of $$("#params [data-key]")) {
    const value = input.value.trim();
    if (!value) { delete out[keyOf(input)]; continue; }
    out[keyOf(input)] = input.dataset.type === "list" ? lines(input.value)
      : input.dataset.type === "number" ? numberOrRaw(value) : value;
  }
  return Object.keys(out).length ? out : null;
}

function docs(kept) {
  const out = { ...(kept || {}) };
  for (const box of $$("#docs .doc-row")) {
    const key = box.dataset.path.split(".").pop();
    const doc = readDoc(box);
    if (doc.type) out[key] = doc; else delete out[key];
  }
  return Object.keys(out).length ? out : null;
}

function clauses() {
  const include = new Set((state.base.clauses || {}).include || []);
  const exclude = new Set((state.base.clauses || {}).exclude || []);
  for (const box of $$("#clauses input[data-clause]")) {
    const id = box.dataset.clause;
    const on = box.dataset.defaultOn === "true";
    include.delete(id); exclude.delete(id);
    if (box.checked && !on) include.add(id);
    if (!box.checked && on) exclude.add(id);
  }
  if (!include.size && !exclude.size) return null;
  const out = {};
  if (include.size) out.include = [...include];
  if (exclude.size) out.exclude = [...exclude];
  return out;
}

/** What of a saved request the form does not show: kept and sent back unchanged. */
export function unmanaged(request) {
  const base = structuredClone(request);
  for (const key of ["kind", "unit", "year", "end_year", "number", "symbol", "signer", "targets", "tone"]) delete base[key];
  if (base.date) { delete base.date.day; delete base.date.month; if (!Object.keys(base.date).length) delete base.date; }
  if (base.legal_bases) base.legal_bases = base.legal_bases.filter((b) => typeof b === "string");
  const shown = new Set($$("#clauses input[data-clause]").map((b) => b.dataset.clause));
  if (base.clauses) {
    for (const k of ["include", "exclude"]) if (base.clauses[k]) base.clauses[k] = base.clauses[k].filter((c) => !shown.has(c));
  }
  if (base.facts) {
    for (const key of MANAGED_FACTS) delete base.facts[key];
    const paramKeys = new Set($$("#params [data-key]").map(keyOf));
    if (base.facts.params) for (const k of paramKeys) delete base.facts.params[k];
    const docKeys = new Set($$("#docs .doc-row").map((b) => b.dataset.path.split(".").pop()));
    if (base.facts.docs) for (const k of docKeys) delete base.facts.docs[k];
  }
  return base;
}
