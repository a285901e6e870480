/* The confirmation before “Gửi duyệt” (a draft's history page): an accessible modal dialog
 * (<dialog>, opened with showModal: focus kept inside, Esc goes back) that lists the findings of
 * the checker on the draft's document as it is now — errors first, said plainly, each linked to
 * its field in the form where it has one — and lets the drafter go back or send. */

import { said } from "./api.js";
import { $, el } from "./dom.js";
import { call, getJSON } from "./session.js";

const SEVERITY = { error: "Lỗi", warning: "Cảnh báo" };
const ORDER = { error: 0, warning: 1 };

/** The findings of the draft's document now (errors and warnings, errors first), as the form
 * shows them: the checker on the document its stored request makes, each with its field. */
async function findingsOf(draftId) {
  const draft = await getJSON(`/api/drafts/${encodeURIComponent(draftId)}`);
  const response = await call("POST", "/api/preview", draft.request);
  if (!response.ok) return null;
  const { findings } = await response.json();
  return findings.filter((f) => f.severity in ORDER)
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

function item(finding, draftId) {
  const message = said(finding.message, "Phát hiện không có nội dung.");
  const where = `/?ban-nhap=${encodeURIComponent(draftId)}#field:${finding.field}`;
  return el("li", { class: `finding finding-${finding.severity}` },
    el("span", { class: "finding-severity", text: SEVERITY[finding.severity] }), " ",
    finding.field ? el("a", { href: where, text: message }) : el("span", { text: message }));
}

/** What the dialog says above the list: plainly, how many errors and what they mean. */
function summary(findings) {
  if (findings === null) return "Chưa kiểm tra được văn bản lúc này; vẫn có thể gửi duyệt.";
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  if (errors) {
    return `Văn bản còn ${errors} lỗi${warnings ? ` và ${warnings} cảnh báo` : ""}. Lỗi là chỗ`
      + " sai thể thức hay nội dung mà người duyệt sẽ yêu cầu sửa: nên quay lại sửa trước khi gửi.";
  }
  return warnings ? `Văn bản không có lỗi, còn ${warnings} cảnh báo nên xem lại.`
    : "Văn bản không có lỗi hay cảnh báo nào.";
}

/** Ask before sending the draft for review: true to send, false to go back. */
export async function confirmSubmit(draftId) {
  const dialog = $("#submit-dialog");
  const findings = await findingsOf(draftId).catch(() => null);
  const errors = (findings || []).some((f) => f.severity === "error");
  $("#submit-summary").textContent = summary(findings);
  $("#submit-summary").classList.toggle("has-errors", errors);
  $("#submit-findings").replaceChildren(...(findings || []).map((f) => item(f, draftId)));
  $("#submit-findings").hidden = !(findings && findings.length);
  $("#submit-send").textContent = errors ? "Vẫn gửi duyệt" : "Gửi duyệt";
  dialog.returnValue = "";
  dialog.showModal();
  (errors ? $("#submit-back") : $("#submit-send")).focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "send"), { once: true });
  });
}

/** The dialog's two buttons (once per page). */
export function wireSubmitDialog() {
  const dialog = $("#submit-dialog");
  $("#submit-back").addEventListener("click", () => dialog.close("back"));
  $("#submit-send").addEventListener("click", () => dialog.close("send"));
}
