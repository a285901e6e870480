/* The preview: the plan as it will be printed, refreshed as the user types; the engine's
 * refusals next to their fields; the checker's findings on the document beside it, each linked
 * to its field; optional clauses that do not apply to the unit, dimmed. */

import { errorText } from "../api.js";
import { $, $$, clearErrors, debounce, el, setStatus, showErrors } from "../dom.js";
import { call } from "../session.js";
import { buildRequest } from "./request.js";
import { state } from "./state.js";
import { countFindings, fitPaper, showView } from "./views.js";

const preview = $("#preview");
const PLACEHOLDER = "Bản xem trước của kế hoạch sẽ hiện ở đây, cập nhật theo từng thay đổi trong biểu mẫu.";

/** The engine's refusal, next to the fields of the form (the rest in the alert above it). */
export const showPlanErrors = (detail) => showErrors(detail, { heading: "Chưa tạo được kế hoạch:" });

export function showPlaceholder() {
  preview.replaceChildren(el("p", { class: "placeholder", text: PLACEHOLDER }));
  setStatus("Chọn đơn vị và loại kế hoạch để xem trước.");
}

/** The requests of the last preview (the plan, then its findings): a new preview cancels
 * them, so that the server stops working for an answer nobody will read. */
let inFlight = new AbortController();

async function refresh() {
  inFlight.abort();
  inFlight = new AbortController();
  if (!state.unit || !state.form) { showPlaceholder(); return; }
  const seq = ++state.previewSeq;
  const { signal } = inFlight;
  setStatus("Đang cập nhật bản xem trước…", "busy");
  preview.classList.add("stale");
  let response;
  try {
    const provenance = $("#f-provenance").checked ? "&provenance=1" : "";
    response = await call("POST", `/api/preview?findings=0${provenance}`, buildRequest(), { signal });
  } catch (e) {
    if (!signal.aborted) setStatus("Mất kết nối với máy chủ.", "error");
    return;
  }
  if (seq !== state.previewSeq) return; // a later preview is on its way
  if (response.ok) {
    const answer = await response.json().catch(() => null); // null: cancelled while read
    if (!answer || seq !== state.previewSeq) return;
    clearErrors();
    preview.innerHTML = answer.html; // rendered by the server, every value escaped
    preview.classList.remove("stale");
    markInapplicable();
    showFieldNotes(answer.fields);
    fitPaper();
    setStatus(`Bản xem trước đã cập nhật lúc ${new Date().toLocaleTimeString("vi-VN")}.`, "ok");
    loadFindings(seq, signal);
  } else if (response.status === 422) {
    const refusal = await response.json().catch(() => null);
    if (!refusal || seq !== state.previewSeq) return;
    showPlanErrors(refusal.detail || []);
    setStatus("Có thông tin chưa hợp lệ — xem chỗ đánh dấu đỏ.", "error");
  } else {
    setStatus(await errorText(response), "error");
  }
}

/** Optional clauses the engine left out for this unit (not by the user's choice) are dimmed,
 * with the engine's reason. */
function markInapplicable() {
  const reasons = new Map($$("#preview .plan-dropped li").map((li) => [li.dataset.id.replace(/^group:/, ""), li.textContent]));
  for (const box of $$("#clauses input[data-clause]")) {
    const label = box.closest("label");
    const reason = box.checked ? reasons.get(box.dataset.clause) : undefined;
    label.classList.toggle("inapplicable", Boolean(reason));
    const text = reason ? readable(reason) : "";
    label.title = reason ? `Không áp dụng cho đơn vị này: ${text}` : "";
    $(".reason", label)?.remove();
    if (reason) $(".clause-text", label).append(el("small", { class: "reason", text: `Không áp dụng cho đơn vị này: ${text}.` }));
  }
}

/** The engine's reasons name traits by id ("cần đặc điểm ethnic"): show their labels. */
function readable(reason) {
  let out = reason;
  for (const t of (state.form && state.form.traits) || []) {
    out = out.replace(new RegExp(`\\b${t.value}\\b`, "g"), `“${t.label.toLowerCase()}”`);
  }
  return out;
}

const SEVERITY = { error: "Lỗi", warning: "Cảnh báo", info: "Lưu ý" };

/** The checker's findings on the document the form makes (the same as “Kiểm tra văn bản”),
 * beside the preview; one with a field of the form links to it.  The parts a cited document
 * lacks are told next to their field. */
function showFieldNotes(fields) {
  for (const note of fields) {
    const box = $$("[data-field]").find((n) => n.dataset.field === note.field && n.offsetParent !== null);
    if (box) box.append(el("p", { class: "field-note", text: note.message }));
  }
}

/** The findings of the same request, asked once the preview is shown (the check takes longer
 * than the preview; a later preview cancels the request, and an answer overtaken by it is
 * dropped). */
async function loadFindings(seq, signal) {
  $("#findings").classList.add("stale");
  let response;
  try {
    response = await call("POST", "/api/preview", buildRequest(), { signal });
  } catch (e) {
    return; // cancelled by a later preview, or the connection is lost (the preview said so)
  }
  if (seq !== state.previewSeq || !response.ok) return;
  const answer = await response.json().catch(() => null);
  if (!answer || seq !== state.previewSeq) return;
  $("#findings").classList.remove("stale");
  showFindings(answer.findings);
}

function showFindings(findings) {
  state.findings = findings;
  const shown = findings.filter((f) => f.severity !== "info");
  const list = $("#findings-list");
  list.replaceChildren(...shown.map((f) => el("li", { class: `finding finding-${f.severity}` },
    el("span", { class: "finding-severity", text: SEVERITY[f.severity] || f.severity }), " ",
    f.field ? fieldLink(f) : el("span", { text: f.message }))));
  const errors = findings.filter((f) => f.severity === "error").length;
  $("#findings-count").textContent = shown.length
    ? `${errors} lỗi, ${shown.length - errors} cảnh báo` : "không có lỗi, cảnh báo";
  $("#findings").classList.toggle("has-errors", errors > 0);
  countFindings(shown.length);
}

function fieldLink(finding) {
  const link = el("a", { href: `#field:${finding.field}`, text: finding.message });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    goToField(finding.field);
  });
  return link;
}

/** Show the form's part that holds `field` (a request path) and put the cursor in it. */
export function goToField(field) {
  showView("form");
  const holds = (n) => field === n.dataset.field || field.startsWith(`${n.dataset.field}.`);
  const boxes = $$("[data-field]").filter((n) => holds(n) && n.offsetParent !== null);
  const box = boxes.sort((a, b) => b.dataset.field.length - a.dataset.field.length)[0]; // the closest
  const input = box && $("input, select, textarea", box);
  if (box) box.scrollIntoView({ block: "center" });
  if (input) input.focus();
}

const soon = debounce(refresh, 100);

/** Refresh the preview: at once with `delay` 0, else once typing pauses. */
export function schedulePreview(delay) {
  if (delay === 0) refresh(); else soon();
}
