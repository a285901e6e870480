/* A draft's history (/ban-nhap/{id}): its state, its events (who, when, comments, the check
 * report of each step), the moves the signed-in user may make, its files. */

import { errorText } from "../api.js";
import { confirmSubmit, wireSubmitDialog } from "../confirm-submit.js";
import { summaryBadges, unifiedView } from "../diff.js";
import { $, $$, boot, el, localTime, saveFile, setStatus } from "../dom.js";
import { call } from "../session.js";
import { alertBox, refused } from "../trail.js";

const ROLE = { drafter: "người soạn", reviewer: "người duyệt", clerk: "văn thư" };
const SEVERITY = { error: "lỗi", warning: "cảnh báo", info: "lưu ý" };
const draftPath = () => `/api/drafts/${encodeURIComponent(document.body.dataset.draft)}`;

async function load() {
  const response = await call("GET", `${draftPath()}/history`);
  if (!response.ok) { refused(await errorText(response), response.status); return; }
  const history = await response.json();
  const d = history.draft;
  $("#draft-head").textContent = d.title;
  $("#draft-meta").textContent = `${d.unit_label} · năm ${d.year} · người soạn: ${d.owner_name}`;
  const state = $("#draft-state");
  state.textContent = d.state_label;
  state.className = `badge state-${d.state}`;
  state.dataset.state = d.state;
  $("#open-form").href = `/?ban-nhap=${encodeURIComponent(d.id)}`;
  $("#open-form").textContent = history.editable ? "Sửa trong biểu mẫu" : "Xem trong biểu mẫu";
  for (const button of $$("[data-move]")) button.hidden = !history.moves.includes(button.dataset.move);
  $("#moves").hidden = !history.moves.some((m) => m !== "issue" && m !== "sign");
  $("#sign").hidden = !history.moves.includes("sign");
  $("#signing").hidden = d.state !== "issued";
  if (d.state === "issued") await loadSignatures();
  $("#issue").hidden = !history.moves.includes("issue");
  const issued = history.issued;
  $("#issued").hidden = !issued;
  $("#issued").textContent = issued
    ? `Đã ban hành: số ${issued.number}/${issued.symbol}, ngày ${issued.date.split("-").reverse().join("/")} (văn thư: ${issued.user_name}).`
    : "";
  $("#events").replaceChildren(...history.events.slice().reverse().map(eventItem));
  $("#draft-card").hidden = false;
  $("#events-card").hidden = false;
  await loadChanges();
}

/** What changed since the reviewer last returned the draft: the paragraphs added, removed and
 * changed (words marked as “So sánh hai văn bản” marks them), from the document returned to the
 * document now. Nothing when the draft was never returned. */
async function loadChanges() {
  const response = await call("GET", `${draftPath()}/changes`);
  const changes = response.ok ? await response.json() : { returned: null };
  $("#changes-card").hidden = !changes.returned;
  if (!changes.returned) return;
  const r = changes.returned;
  $("#changes-meta").replaceChildren(`Trả lại lúc ${localTime(r.at)} (${r.user_name}): `,
    el("q", { class: "return-comment", text: r.comments }));
  const differences = changes.diff ? changes.diff.paragraphs.filter((c) => c.op !== "equal") : [];
  $("#changes-summary").replaceChildren(...(!changes.kept
    ? [el("span", { text: "Văn bản lúc trả lại không được lưu (trả lại trước khi có chức năng này): không so sánh được." })]
    : differences.length ? summaryBadges(changes.diff.summary)
      : [el("span", { class: "ok", text: "Chưa có thay đổi nào so với bản bị trả lại." })]));
  $("#changes-view").replaceChildren(...(differences.length ? [unifiedView(differences)] : []));
}

function eventItem(e) {
  const who = `${e.user_name} (${ROLE[e.user_role] || e.user_role})`;
  const head = el("div", { class: "event-head" },
    el("strong", { class: "event-action", text: e.action_label }),
    el("span", { class: `badge state-${e.state}`, text: e.state_label }),
    el("span", { class: "event-who", text: who }),
    el("time", { datetime: e.at, text: localTime(e.at) }));
  const comments = e.comments ? el("blockquote", { class: "event-comments", text: e.comments }) : null;
  return el("li", { class: `event event-${e.action}`, dataset: { action: e.action } },
    head, comments, e.report ? reportBlock(e.report) : null);
}

/** The check report kept with a step: its counts, and the findings when opened. */
function reportBlock(findings) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
  const label = findings.length
    ? `Kết quả kiểm tra thể thức lúc đó: ${counts.error} lỗi, ${counts.warning} cảnh báo, ${counts.info} lưu ý`
    : "Kết quả kiểm tra thể thức lúc đó: không có phát hiện nào";
  const details = el("details", { class: "event-report" }, el("summary", { text: label }));
  if (!findings.length) return details;
  const rows = findings.map((f) => el("tr", { class: `sev-${f.severity}` },
    el("td", { text: SEVERITY[f.severity] || f.severity }), el("td", {}, el("code", { text: f.rule })),
    el("td", { text: f.where && f.where.paragraph >= 0 ? `đoạn ${f.where.paragraph}` : (f.where?.part || "") }),
    el("td", { text: f.message })));
  details.append(el("table", { class: "findings" },
    el("thead", {}, el("tr", {}, ...["Mức", "Quy tắc", "Vị trí", "Nội dung"].map((t) => el("th", { text: t })))),
    el("tbody", {}, ...rows)));
  return details;
}

async function move(name) {
  if (name === "submit" && !(await confirmSubmit(document.body.dataset.draft))) {
    setStatus("Chưa gửi duyệt.");
    return;
  }
  setStatus("Đang gửi…", "busy");
  const response = await call("POST", `${draftPath()}/${name}`, { comments: $("#f-comments").value.trim() });
  if (!response.ok) { setStatus(await errorText(response), "error"); return; }
  const d = await response.json();
  $("#f-comments").value = "";
  setStatus(`Bản nháp ${d.state_label}.`, "ok");
  await load();
}

async function loadSignatures() {
  const response = await call("GET", `${draftPath()}/signatures`);
  if (!response.ok) { setStatus(await errorText(response), "error"); return; }
  showSignatures(await response.json());
}

function showSignatures(list) {
  const yes = (ok) => (ok ? "có" : "không");
  $("#signature-rows").replaceChildren(...list.map((s) => el("tr", { dataset: { field: s.field } },
    el("td", {}, el("code", { text: s.field })), el("td", { text: s.signer }),
    el("td", { text: s.signed_at ? localTime(s.signed_at) : "" }),
    el("td", { text: yes(s.intact) }), el("td", { text: yes(s.trusted) }))));
  $("#signatures").hidden = !list.length;
  $("#no-signatures").hidden = list.length > 0;
}

async function uploadSigned() {
  const file = $("#f-signed").files[0];
  if (!file) { setStatus("Hãy chọn tệp PDF đã ký.", "error"); return; }
  setStatus("Đang kiểm tra chữ ký…", "busy");
  const body = new FormData();
  body.append("file", file);
  const response = await call("POST", `${draftPath()}/signed`, body);
  if (!response.ok) { setStatus(await errorText(response), "error"); return; }
  showSignatures(await response.json());
  setStatus("Đã nhận bản đã ký số; từ nay tệp .pdf tải về là bản này.", "ok");
  await load();
}

async function issue() {
  setStatus("Đang cấp số…", "busy");
  const date = $("#f-issue-date").value;
  const response = await call("POST", `${draftPath()}/issue`, date ? { date } : {});
  if (!response.ok) { setStatus(await errorText(response), "error"); return; }
  const given = await response.json();
  setStatus(`Đã ban hành: số ${given.number}/${given.symbol}.`, "ok");
  await load();
}

/** A file of the draft (`document`, `review-copy`), fetched with the token and saved. */
async function download(what, fallback = "ke-hoach.docx") {
  setStatus("Đang tải…", "busy");
  const response = await call("GET", `${draftPath()}/${what}`);
  if (!response.ok) { setStatus(await errorText(response), "error"); return; }
  await saveFile(response, fallback);
  setStatus("");
}

async function start() {
  for (const button of $$("[data-move]")) button.addEventListener("click", () => move(button.dataset.move));
  wireSubmitDialog();
  $("#download").addEventListener("click", () => download("document"));
  $("#download-pdf").addEventListener("click", () => download("document?format=pdf", "ke-hoach.pdf"));
  $("#review-copy").addEventListener("click", () => download("review-copy"));
  $("#issue-button").addEventListener("click", issue);
  $("#sign-button").addEventListener("click", uploadSigned);
  await load();
}

boot(start, alertBox);
