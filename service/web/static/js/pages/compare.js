/* So sánh hai văn bản (/so-sanh): upload two .docx, show the paragraphs added, removed and
 * changed, side by side or in one column; removed words <del>, added words <ins>. Every text
 * from the documents is put in the page as text. */

import { splitView, summaryBadges, unifiedView } from "../diff.js";
import { $, boot, el, setStatus } from "../dom.js";
import { wireUpload } from "../upload.js";

let lastDiff = null;

function renderDiff() {
  if (!lastDiff) return;
  const showEqual = $("#show-equal").checked;
  const changes = lastDiff.paragraphs.filter((c) => showEqual || c.op !== "equal");
  const unified = $("input[name=view]:checked").value === "unified";
  $("#diff-view").replaceChildren(!changes.length
    ? el("p", { class: "ok", text: "Không có đoạn nào khác nhau." })
    : unified ? unifiedView(changes) : splitView(changes));
}

function showDiff(diff, [nameA, nameB]) {
  lastDiff = diff;
  $("#diff-a").textContent = nameA;
  $("#diff-b").textContent = nameB;
  const s = diff.summary;
  $("#diff-summary").replaceChildren(...(diff.identical
    ? [el("span", { class: "ok", text: `Hai văn bản giống nhau (${s.equal} đoạn).` })]
    : summaryBadges(s)));
  renderDiff();
  $("#diff").hidden = false;
  setStatus(diff.identical ? "Đã so sánh: giống nhau." : "Đã so sánh.", "ok");
}

async function start() {
  wireUpload("#compare-form", ["a", "b"], "/api/compare", "Đang so sánh…", showDiff);
  $("#show-equal").addEventListener("change", renderDiff);
  for (const radio of document.querySelectorAll("input[name=view]")) radio.addEventListener("change", renderDiff);
}

boot(start, (text) => setStatus(text, "error"));
