/* The kinds of plan offered for the chosen unit, and the chosen kind's own part of the form:
 * signer, traits, facts it uses, targets, parameters, local documents, optional clauses. */

import { $, $$, el } from "../dom.js";
import { call, getJSON } from "../session.js";
import { loadCited } from "./cited.js";
import { schedulePreview, showPlaceholder } from "./preview.js";
import { docRow } from "./rows.js";
import { f, state, year } from "./state.js";

export async function loadKinds(wanted) {
  const u = state.unit;
  const kinds = await getJSON(`/api/kinds?${new URLSearchParams({ level: u.level, tier: u.tier, year: String(year()) })}`);
  const options = kinds.map((k) => el("option", { value: k.id, text: k.title, dataset: { description: k.description, period: k.period } }));
  const placeholder = kinds.length ? "— Chọn loại kế hoạch —" : "Không có loại kế hoạch cho đơn vị này";
  f.kind.replaceChildren(el("option", { value: "", text: placeholder }), ...options);
  f.kind.disabled = !kinds.length;
  f.kind.dataset.unit = String(u.code);
  const keep = kinds.find((k) => k.id === wanted) || (kinds.length === 1 ? kinds[0] : null);
  f.kind.value = keep ? keep.id : "";
  await loadCited(year());
  await kindChanged();
}

export function noKinds() {
  loadCited(year());
  delete f.kind.dataset.unit;
  f.kind.replaceChildren(el("option", { value: "", text: "— Chọn đơn vị trước —" }));
  f.kind.disabled = true;
  setKindForm(null);
}

export async function kindChanged() {
  const option = f.kind.selectedOptions[0];
  $("#kind-description").textContent = option && option.value ? option.dataset.description || "" : "";
  if (!f.kind.value) { setKindForm(null); return; }
  if (!state.form || state.form.kind !== f.kind.value) {
    setKindForm(await getJSON(`/api/kinds/${encodeURIComponent(f.kind.value)}/form`));
  }
  await loadPlaceTraits();
  schedulePreview();
}

/** The traits the data gives the chosen unit's place: their boxes are ticked, marked “theo dữ
 * liệu”; unticking one takes it away for this plan (`facts.not_traits`). */
async function loadPlaceTraits() {
  const minimal = { kind: f.kind.value, unit: state.unit.code, year: year() };
  let place = [];
  try {
    const response = await call("POST", "/api/plan-facts", minimal);
    if (response.ok) place = (await response.json()).place_traits;
  } catch (e) { /* the preview says when the server is away */ }
  const before = new Set(state.placeTraits || []);
  state.placeTraits = place;
  for (const box of $$("#traits input")) {
    const fromData = place.includes(box.value);
    if (fromData !== before.has(box.value)) box.checked = fromData;
    box.dataset.place = String(fromData);
    const note = $(".place-note", box.closest("label"));
    if (note) note.hidden = !fromData;
  }
}

function setKindForm(kindForm) {
  state.form = kindForm;
  $("#kind-fields").hidden = !kindForm;
  for (const id of ["download-docx", "download-pdf", "save-draft"]) $(`#${id}`).disabled = !kindForm;
  if (!kindForm) { showPlaceholder(); return; }
  $("#end-year-field").hidden = kindForm.period !== "range";
  f.endYear.placeholder = kindForm.defaults.end_year ? String(kindForm.defaults.end_year) : "";
  fillChoices(f.signerMode, kindForm.signer_modes, kindForm.signer.mode);
  f.signerTitle.placeholder = kindForm.signer.title || (kindForm.signer.mode === "KT" ? "PHÓ CHỦ TỊCH" : "CHỦ TỊCH");
  fillChoices(f.tone, kindForm.tones, f.tone.value || "classic");
  const used = new Set(kindForm.facts_used);
  for (const box of $$("[data-fact]")) box.hidden = !used.has(box.dataset.fact);
  renderTraits(kindForm);
  renderSettings($("#targets"), kindForm.targets);
  $("#targets-card").hidden = !kindForm.targets.length;
  renderParams(kindForm);
  renderClauses(kindForm);
}

function fillChoices(select, choices, value) {
  select.replaceChildren(...choices.map((c) => el("option", { value: c.value, text: c.label })));
  select.value = value;
}

function renderTraits(kindForm) {
  const box = $("#traits");
  const defaults = new Set(kindForm.default_traits);
  const checked = new Set($$("input:checked", box).map((i) => i.value));
  state.placeTraits = [];
  box.replaceChildren(...kindForm.traits.map((t) => el("label", { class: "check" },
    el("input", { type: "checkbox", value: t.value, checked: defaults.has(t.value) || checked.has(t.value), disabled: defaults.has(t.value) }),
    el("span", { text: t.label }),
    defaults.has(t.value) ? el("small", { text: "(mặc định)" }) : null,
    el("small", { class: "place-note", text: "(theo dữ liệu: bỏ chọn nếu không đúng)", hidden: true }))));
}

/** A target or parameter of the kind: a text field (a list: one item a line), its default as
 * the placeholder. */
function settingField(s) {
  const id = `f-${s.key.replaceAll(".", "-")}`;
  const placeholder = s.default === null || s.default === undefined ? "" :
    Array.isArray(s.default) ? s.default.join("; ") : String(s.default);
  const dataset = { key: s.key, type: s.type };
  const input = s.type === "list"
    ? el("textarea", { id, rows: "3", placeholder: placeholder || "Mỗi dòng một mục", dataset })
    : el("input", { id, type: "text", inputmode: s.type === "number" ? (s.integral ? "numeric" : "decimal") : null,
      placeholder, dataset });
  const bounds = s.integral ? `Số nguyên${s.minimum !== null ? `, từ ${s.minimum}` : ""}${s.maximum !== null ? ` đến ${s.maximum}` : ""}.` : "";
  const help = [s.help, bounds].filter(Boolean).join(" ");
  return el("div", { class: "field", dataset: { field: s.key } },
    el("label", { for: id, text: s.label }), input, help ? el("p", { class: "help", text: help }) : null);
}

/** The settings' fields, keeping what was typed in those of the same key. */
function renderSettings(box, settings) {
  const old = Object.fromEntries($$("[data-key]", box).map((i) => [i.dataset.key, i.value]));
  box.replaceChildren(...settings.map(settingField));
  for (const input of $$("[data-key]", box)) if (old[input.dataset.key]) input.value = old[input.dataset.key];
}

function renderParams(kindForm) {
  const params = $("#params");
  params.replaceChildren();
  if (kindForm.params.length) {
    const box = el("div", { class: "grid" });
    params.append(el("h3", { class: "subhead", text: "Thông tin riêng của loại kế hoạch" }), box);
    renderSettings(box, kindForm.params);
  }
  const docs = $("#docs");
  docs.replaceChildren();
  if (kindForm.docs.length) {
    docs.append(el("h3", { class: "subhead", text: "Văn bản của địa phương được nhắc tới trong kế hoạch" }));
    for (const d of kindForm.docs) docs.append(docRow(`facts.docs.${d.key.split(".").pop()}`, d.label, false));
  }
}

function renderClauses(kindForm) {
  $("#clauses").replaceChildren(...kindForm.clauses.map((c) => el("label", { class: "check clause" },
    el("input", { type: "checkbox", checked: c.default_on, dataset: { clause: c.id, defaultOn: String(c.default_on) } }),
    el("span", { class: "clause-text" }, el("span", { class: "clause-title", text: c.title }),
      el("small", { class: "clause-section", text: `Mục “${c.section}”` })))));
  $("#no-clauses").hidden = kindForm.clauses.length > 0;
}
