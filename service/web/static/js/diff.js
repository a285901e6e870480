/* The differences of two documents as the compare engine gives them (`kehoach diff --json`,
 * POST /api/compare, GET /api/drafts/{id}/changes), drawn the same way on every page: removed
 * words <del>, added words <ins>, paragraphs side by side or in one column. Every text from the
 * documents is put in the page as text. */

import { el } from "./dom.js";

const SIGNS = { equal: " ", added: "+", removed: "−", changed: "~" };
const OP_TITLES = { equal: "giống", added: "thêm", removed: "bớt", changed: "sửa" };

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

/** The paragraphs in two columns, under the headings `heads` (of A and of B). */
export function splitView(changes, heads = ["Bản A", "Bản B"]) {
  const head = el("thead", {}, el("tr", {}, ...heads.map((text) => el("th", { text }))));
  const body = el("tbody", {}, ...changes.map((c) =>
    el("tr", { class: `diff-row op-${c.op}`, "data-op": c.op, title: OP_TITLES[c.op] },
      sideCell(c, "a"), sideCell(c, "b"))));
  return el("table", { class: "diff diff-split" }, head, body);
}

/** The paragraphs in one column, each with its sign (+ − ~) and its number. */
export function unifiedView(changes) {
  return el("div", { class: "diff diff-unified" }, ...changes.map((c) => {
    const text = c.op === "changed" ? marked(c.words, "both")
      : el("span", { class: "words", text: c.op === "added" ? c.new : c.old });
    return el("div", { class: `diff-row op-${c.op}`, "data-op": c.op, title: OP_TITLES[c.op] },
      el("span", { class: "sign", text: SIGNS[c.op] }), number(c.op === "added" ? c.b : c.a), text,
      moved(c));
  }));
}

/** The counts of a comparison as badges (paragraphs changed, added, removed, equal). */
export function summaryBadges(summary) {
  return [el("span", { class: "badge op-changed", text: `${summary.changed} đoạn sửa` }),
    el("span", { class: "badge op-added", text: `${summary.added} đoạn thêm` }),
    el("span", { class: "badge op-removed", text: `${summary.removed} đoạn bớt` }),
    el("span", { class: "badge op-equal", text: `${summary.equal} đoạn giống` })];
}
