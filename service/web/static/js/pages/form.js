/* Soạn kế hoạch (/): the form on the left, the plan as it will be printed on the right.
 *
 * The form only gathers a request (the same JSON as `kehoach render` reads) and shows what the
 * API answers; its modules (../form/) go by concern: the unit (units), the kind's part of the
 * form (kinds), repeated rows (rows), the request (request), the preview (preview), the
 * document (documents), drafts (drafts, fill). This module wires them to the page. */

import { $, boot, debounce, setStatus } from "../dom.js";
import { download } from "../form/documents.js";
import { loadDrafts, openDraft, saveDraft } from "../form/drafts.js";
import { kindChanged, loadKinds } from "../form/kinds.js";
import { goToField, schedulePreview } from "../form/preview.js";
import { addBasis, renumber, villageRow } from "../form/rows.js";
import { f, form, state } from "../form/state.js";
import { chooseUnit, forgetUnit, loadProvinces, picker } from "../form/units.js";
import { wireViews } from "../form/views.js";

function wireUnit() {
  const searchSoon = debounce(() => picker.search(), 180);
  f.unit.addEventListener("input", () => {
    if (state.unit && f.unit.value !== state.unit.label) forgetUnit();
    searchSoon();
  });
  f.unit.addEventListener("focus", () => { if (!state.unit) searchSoon(); });
  f.unit.addEventListener("keydown", (e) => picker.key(e));
  f.unit.addEventListener("blur", () => setTimeout(() => picker.close(), 150));
  picker.list.addEventListener("mousedown", (e) => {
    const li = e.target.closest("li[data-index]");
    if (li) { e.preventDefault(); chooseUnit(picker.results[Number(li.dataset.index)]); }
  });
  f.province.addEventListener("change", () => {
    if (state.unit && String(state.unit.province_code) !== f.province.value) { f.unit.value = ""; forgetUnit(); }
    f.unit.focus();
    picker.search();
  });
  f.year.addEventListener("change", async () => {
    await loadProvinces();
    if (!state.unit) return;
    if (state.unit.era !== state.era) { f.unit.value = ""; forgetUnit(); } else await loadKinds(f.kind.value);
  });
}

function wireForm() {
  f.kind.addEventListener("change", () => kindChanged());
  $("#add-village").addEventListener("click", () => {
    $("#villages").append(villageRow());
    renumber();
    $("#villages .village:last-child input").focus();
  });
  $("#add-basis").addEventListener("click", () => addBasis());
  form.addEventListener("input", (e) => { if (e.target !== f.unit && e.target !== f.year) schedulePreview(); });
  form.addEventListener("change", (e) => { if (e.target !== f.unit && e.target !== f.kind && e.target !== f.province) schedulePreview(); });
  form.addEventListener("submit", (e) => e.preventDefault());
}

function wireToolbar() {
  $("#download-docx").addEventListener("click", () => download("docx"));
  $("#download-pdf").addEventListener("click", () => download("pdf"));
  $("#f-provenance").addEventListener("change", () => schedulePreview(0));
  $("#save-draft").addEventListener("click", () => saveDraft(false));
  $("#new-draft").addEventListener("click", () => saveDraft(true));
}

async function start() {
  wireViews();
  wireUnit();
  wireForm();
  wireToolbar();
  await loadProvinces();
  await loadDrafts();
  const asked = new URLSearchParams(window.location.search).get("ban-nhap"); // from a history page
  if (asked) await openDraft(asked);
  const hash = decodeURIComponent(window.location.hash); // "#field:…": a finding's field
  if (asked && hash.startsWith("#field:")) goToField(hash.slice("#field:".length));
}

boot(start, (text) => setStatus(text, "error"));
