/* Repeated rows of the form: villages with their status, local documents (the kind's own, and
 * the cited ones of “Văn bản được viện dẫn”), and the field paths of each row. */

import { $, $$, el } from "../dom.js";
import { changed, state } from "./state.js";

const DOC_PARTS = ["type", "number", "date", "issuer", "subject", "verb"];

function removeButton(title, row) {
  const button = el("button", { type: "button", class: "btn-remove", title, "aria-label": title, text: "×" });
  button.addEventListener("click", () => {
    const list = row.parentElement;
    row.remove();
    renumber();
    changed(list);
  });
  return button;
}

export function villageRow(village = { name: "", status: "other" }) {
  const statuses = (state.form && state.form.village_statuses) || [];
  const name = el("input", { type: "text", maxlength: "300", placeholder: "Tên thôn, tổ dân phố",
    value: village.name, "aria-label": "Tên thôn, tổ dân phố" });
  const select = el("select", { "aria-label": "Tình trạng" },
    ...statuses.map((s) => el("option", { value: s.value, text: s.label })));
  select.value = village.status || "other";
  const row = el("div", { class: "item-row village" },
    el("div", { class: "field field-grow", dataset: { part: "name" } }, name),
    el("div", { class: "field field-grow", dataset: { part: "status" } }, select));
  row.append(removeButton("Bỏ dòng này", row));
  return row;
}

/** A local document at `path` (facts.docs.x, or legal_bases, numbered by `renumber`); the
 * cited ones can be removed and say how they are cited (Căn cứ / Thực hiện). Fields the form
 * does not show are kept in data-extra. */
export function docRow(path, title, removable, doc = {}) {
  const box = el("div", { class: "doc-row", dataset: { field: path, path } });
  const text = (part, label, { class: size, ...attrs } = {}) => el("div",
    { class: `field ${size || "field-grow"}`, dataset: { field: `${path}.${part}` } },
    el("label", { text: label }),
    el("input", { type: "text", maxlength: "300", value: doc[part] || "", "aria-label": label,
      dataset: { part }, ...attrs }));
  const head = el("div", { class: "doc-row-head" }, el("span", { text: title }),
    removable ? removeButton("Bỏ văn bản này", box) : null);
  const first = el("div", { class: "row" },
    removable ? verbField(path, doc) : null,
    text("type", "Loại văn bản", { placeholder: "Kế hoạch", class: "field-mid" }),
    text("number", "Số, ký hiệu", { placeholder: "195/KH-UBND", class: "field-mid" }),
    text("date", "Ngày ban hành", { type: "date", class: "field-mid" }));
  box.append(head, first,
    el("div", { class: "row" }, text("issuer", "Cơ quan ban hành", { placeholder: "UBND tỉnh …" })),
    el("div", { class: "row" }, text("subject", "Trích yếu", { placeholder: "về …" })));
  box.dataset.extra = JSON.stringify(Object.fromEntries(Object.entries(doc)
    .filter(([k]) => !DOC_PARTS.includes(k))));
  return box;
}

function verbField(path, doc) {
  const verb = el("select", { dataset: { part: "verb" }, "aria-label": "Cách dẫn" },
    ...["Căn cứ", "Thực hiện"].map((v) => el("option", { value: v, text: v })));
  verb.value = doc.verb || "Căn cứ";
  return el("div", { class: "field field-narrow", dataset: { field: `${path}.verb` } },
    el("label", { text: "Cách dẫn" }), verb);
}

export function addBasis(doc = {}) {
  $("#legal-bases").append(docRow("legal_bases", "Văn bản", true, doc));
  renumber();
}

/** The field paths of the rows after one was added or removed (errors find their row). */
export function renumber() {
  $$("#villages .village").forEach((row, i) => {
    row.dataset.field = `facts.villages.${i}`;
    for (const part of $$("[data-part]", row)) part.dataset.field = `facts.villages.${i}.${part.dataset.part}`;
  });
  const offset = (state.base.legal_bases || []).filter((b) => typeof b === "string").length;
  $$("#legal-bases .doc-row").forEach((row, i) => {
    const path = `legal_bases.${offset + i}`;
    row.dataset.field = path;
    for (const box of $$(".field", row)) {
      const part = $("[data-part]", box);
      if (part) box.dataset.field = `${path}.${part.dataset.part}`;
    }
    $(".doc-row-head span", row).textContent = `Văn bản ${i + 1}`;
  });
}

/** A document row as the request has it: the fields filled in, and those kept aside. */
export function readDoc(box) {
  const doc = JSON.parse(box.dataset.extra || "{}");
  for (const input of $$("[data-part]", box)) if (input.value.trim()) doc[input.dataset.part] = input.value.trim();
  return doc;
}
