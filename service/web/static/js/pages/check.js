/* Kiểm tra văn bản (/kiem-tra): upload a .docx, show its findings grouped by severity. Every
 * text from the document is put in the page as text. */

import { $, boot, el, setStatus } from "../dom.js";
import { wireUpload } from "../upload.js";

const SEVERITIES = [["error", "Lỗi"], ["warning", "Cảnh báo"], ["info", "Lưu ý"]];
const PARTS = { header: "phần đầu", body: "nội dung", closing: "phần cuối", page: "trang" };

function whereCell(where) {
  const place = where.paragraph >= 0 ? `Đoạn ${where.paragraph}` : "Cả văn bản";
  return el("td", { class: "where" },
    el("span", { class: "where-place", text: place }),
    el("span", { class: "where-part", text: ` · ${PARTS[where.part] || where.part}` }),
    where.excerpt ? el("q", { class: "excerpt", text: where.excerpt }) : null);
}

function findingRow(f) {
  return el("tr", { class: "finding", "data-rule": f.rule, "data-severity": f.severity },
    el("td", { class: "rule" }, el("code", { text: f.rule })),
    whereCell(f.where),
    el("td", { class: "message", text: f.message }),
    el("td", { class: "source", text: f.source || "" }));
}

function findingGroup(severity, title, findings) {
  const table = el("table", { class: "findings" },
    el("thead", {}, el("tr", {}, ...["Quy tắc", "Vị trí", "Nội dung", "Căn cứ"].map((t) => el("th", { text: t })))),
    el("tbody", {}, ...findings.map(findingRow)));
  return el("section", { class: `card sev-group sev-${severity}`, "data-severity": severity },
    el("h3", { class: "sev-head" }, el("span", { class: `badge badge-${severity}`, text: title }),
      el("span", { class: "count", text: ` ${findings.length} phát hiện` })),
    table);
}

function showFindings(findings, [name]) {
  $("#report-file").textContent = name;
  const groups = SEVERITIES.map(([s, t]) => [s, t, findings.filter((f) => f.severity === s)]);
  $("#report-summary").replaceChildren(...(findings.length
    ? groups.map(([s, t, list]) => el("span", { class: `badge badge-${s}`, text: `${t}: ${list.length}` }))
    : [el("span", { class: "ok", text: "Không có phát hiện nào: văn bản đúng thể thức theo các quy tắc đã kiểm tra." })]));
  $("#report-groups").replaceChildren(...groups.filter(([, , list]) => list.length)
    .map(([s, t, list]) => findingGroup(s, t, list)));
  $("#report").hidden = false;
  const errors = groups[0][2].length;
  setStatus(errors ? `Đã kiểm tra: ${errors} lỗi.` : "Đã kiểm tra: không có lỗi.", errors ? "" : "ok");
}

async function start() {
  wireUpload("#check-form", ["file"], "/api/check", "Đang kiểm tra…", showFindings);
}

boot(start, (text) => setStatus(text, "error"));
