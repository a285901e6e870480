/* So sánh hai văn bản (/so-sanh): upload two .docx, show the paragraphs added, removed and
 * changed, side by side or in one column; removed words <del>, added words <ins>. Every text
 * from the documents is put in the page as text. */

import { $, boot, el, setStatus } from "../dom.js";
import { wireUpload } from "../upload.js";

const SIGNS = { equal: " ", added: "+", removed: "−", changed: "~" };
const OP_TITLES = { equal: "giống", added: "thêm", removed: "bớt", changed: "sửa" };
let lastDiff = null;

/** The words of a changed paragraph as one side shows them: kept text, plus <del> (side "a")
 * or <ins> (side "b"); both for the unified view. */
function marked(words, side) {
  const out = el("span", { class: "words" });
  for (const w of words) {
    if (w.op === "equal") out.append(w.text);
    else if (w.op === "delete" && side !== "b") out.append(el("del", { text: w.text }));
    else if (w.op === "insert" && side !== "a") out.append(el("ins", { text: w.text }));
  }
  return out;
}

const number = (n) => el("span", { class: "para-no", text: n === null ? "" : String(n) });
const moved = (change) => (change.moved ? el("small", { class: "moved", text: " (chuyển chỗ)" }) : null);

function sideCell(change, side) {
  const index = side === "a" ? change.a : change.b;
  const cell = el("td", { class: `side side-${side}` });
  if (index === null) return cell;
  const words = change.op === "changed" ? marked(change.words, side)
    : el("span", { class: "words", text: side === "a" ? change.old : change.new });
  cell.append(number(index), words);
  if (change.moved) cell.append(moved(change));
  return cell;
}

function splitView(changes) {
  const head = el("thead", {}, el("tr", {}, el("th", { text: "Bản A" }), el("th", { text: "Bản B" })));
  const body = el("tbody", {}, ...changes.map((c) =>
    el("tr", { class: `diff-row op-${c.op}`, "data-op": c.op, title: OP_TITLES[c.op] },
      sideCell(c, "a"), sideCell(c, "b"))));
  return el("table", { class: "diff diff-split" }, head, body);
}

function unifiedView(changes) {
  return el("div", { class: "diff diff-unified" }, ...changes.map((c) => {
    const text = c.op === "changed" ? marked(c.words, "both")
      : el("span", { class: "words", text: c.op === "added" ? c.new : c.old });
    return el("div", { class: `diff-row op-${c.op}`, "data-op": c.op, title: OP_TITLES[c.op] },
      el("span", { class: "sign", text: SIGNS[c.op] }), number(c.op === "added" ? c.b : c.a), text,
      moved(c));
  }));
}

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
    : [el("span", { class: "badge op-changed", text: `${s.changed} đoạn sửa` }),
      el("span", { class: "badge op-added", text: `${s.added} đoạn thêm` }),
      el("span", { class: "badge op-removed", text: `${s.removed} đoạn bớt` }),
      el("span", { class: "badge op-equal", text: `${s.equal} đoạn giống` })]));
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
