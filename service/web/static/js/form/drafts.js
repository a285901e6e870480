/* Drafts: save the form as a draft (or as a new one), list the drafts of the user's unit, open
 * or delete one; the link to the draft's history (its state, submitting it for review). */

import { errorText } from "../api.js";
import { $, $$, el, localTime, setStatus } from "../dom.js";
import { call, getJSON } from "../session.js";
import { fillForm } from "./fill.js";
import { showPlanErrors } from "./preview.js";
import { buildRequest } from "./request.js";
import { f, state } from "./state.js";

const draftStatus = (text, kind = "") => setStatus(text, kind, $("#draft-status"));

export async function saveDraft(asNew = false) {
  const body = { title: f.title.value.trim(), request: buildRequest() };
  const editing = state.draftId && !asNew;
  draftStatus("Đang lưu bản nháp…", "busy");
  const response = await call(editing ? "PUT" : "POST", editing ? `/api/drafts/${state.draftId}` : "/api/drafts", body);
  if (response.status === 422) {
    const detail = ((await response.json()).detail || []).map((d) => ({ ...d, field: d.field.replace(/^request\.?/, "") }));
    showPlanErrors(detail);
    draftStatus("Chưa lưu được: có thông tin chưa hợp lệ.", "error");
  } else if (!response.ok) {
    draftStatus(`Chưa lưu được: ${await errorText(response)}`, "error");
    $("#draft-signin").hidden = response.status !== 401;
  } else {
    const draft = await response.json();
    setDraft(draft);
    await showState(draft);
    draftStatus(`Đã lưu bản nháp “${draft.title}”.`, "ok");
    await loadDrafts();
  }
}

const LOCKED = ["submitted", "approved"];

/** What the draft's state means for the form: a submitted or approved draft opens read-only,
 * with the way to an editable copy; a returned one shows the reviewer's comments on top. */
async function showState(draft) {
  const locked = Boolean(draft) && LOCKED.includes(draft.state);
  for (const box of $$("#plan-form > fieldset, #kind-fields > fieldset")) box.disabled = locked;
  $("#save-draft").hidden = locked;
  const notice = $("#draft-notice");
  notice.replaceChildren();
  notice.hidden = true;
  if (locked) {
    notice.append(el("strong", { text: `Bản nháp ${draft.state_label}: không sửa được.` }),
      " Bấm “Lưu thành bản mới” để sửa trên một bản sao (bản này giữ nguyên để duyệt).");
    notice.hidden = false;
  } else if (draft && draft.state === "returned") {
    const comment = await lastReturn(draft.id);
    notice.append(el("strong", { text: "Người duyệt đã trả lại bản nháp này" }),
      comment ? ` (${comment.user_name}, ${localTime(comment.at)}): ` : ".",
      comment ? el("q", { class: "return-comment", text: comment.comments }) : "",
      " Sửa theo ý kiến rồi lưu và gửi duyệt lại.");
    notice.hidden = false;
  }
}

async function lastReturn(id) {
  try {
    const history = await getJSON(`/api/drafts/${encodeURIComponent(id)}/history`);
    return history.events.filter((e) => e.action === "return").pop() || null;
  } catch (e) {
    return null;
  }
}

/** The draft being edited: its id, title, and the link to its history (state, submit). */
function setDraft(draft) {
  state.draftId = draft ? draft.id : null;
  if (draft) f.title.value = draft.title;
  $("#new-draft").hidden = !draft;
  const trail = $("#draft-trail");
  trail.hidden = !draft;
  if (draft) {
    trail.href = `/ban-nhap/${encodeURIComponent(draft.id)}`;
    trail.textContent = `Bản nháp ${draft.state_label} — trạng thái, lịch sử và gửi duyệt ›`;
  }
}

export async function loadDrafts() {
  const list = $("#drafts-list");
  const response = await call("GET", "/api/drafts");
  $("#draft-signin").hidden = response.status !== 401;
  if (!response.ok) {
    $("#drafts-count").textContent = "";
    const why = response.status === 401 ? "Đăng nhập để xem các bản nháp của đơn vị." : await errorText(response);
    list.replaceChildren(el("li", { class: "empty", text: why }));
    return;
  }
  const drafts = await response.json();
  $("#drafts-count").textContent = `(${drafts.length})`;
  list.replaceChildren(...(drafts.length ? drafts.map(draftItem)
    : [el("li", { class: "empty", text: "Chưa có bản nháp nào." })]));
}

function draftItem(d) {
  const open = el("button", { type: "button", class: "btn btn-small", text: "Mở" });
  open.addEventListener("click", () => openDraft(d.id));
  const remove = el("button", { type: "button", class: "btn btn-small btn-quiet", text: "Xóa" });
  remove.addEventListener("click", () => deleteDraft(d));
  return el("li", { class: d.id === state.draftId ? "current" : "", dataset: { id: d.id } },
    el("div", { class: "draft-text" }, el("div", { class: "draft-title", text: d.title, title: d.title }),
      el("div", { class: "draft-meta", text: `${d.unit_label} · ${d.state_label} · sửa lúc ${localTime(d.updated_at)}` })),
    open, remove);
}

export async function openDraft(id) {
  draftStatus("Đang mở bản nháp…", "busy");
  let draft;
  try { draft = await getJSON(`/api/drafts/${encodeURIComponent(id)}`); } catch (e) { draftStatus(e.message, "error"); return; }
  setDraft(draft);
  await fillForm(draft.request, draft.unit);
  await showState(draft);
  await loadDrafts();
  draftStatus(`Đã mở bản nháp “${draft.title}”.`, "ok");
}

async function deleteDraft(draft) {
  if (!window.confirm(`Xóa bản nháp “${draft.title}”?`)) return;
  const response = await call("DELETE", `/api/drafts/${encodeURIComponent(draft.id)}`);
  if (response.ok && draft.id === state.draftId) { setDraft(null); await showState(null); }
  draftStatus(response.ok ? "Đã xóa bản nháp." : await errorText(response), response.ok ? "ok" : "error");
  await loadDrafts();
}
