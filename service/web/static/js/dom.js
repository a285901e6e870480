/* The helpers every page uses: find and make elements, say how things stand, show the API's
 * errors next to their fields, save a file the API sent, mark a page ready.
 *
 * Text goes into the page as text (textContent, text nodes), never as HTML; no helper here
 * writes a style attribute or an event handler attribute (the pages run under a strict
 * Content-Security-Policy: script-src 'self'; style-src 'self').
 */

import { said } from "./api.js";

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/**
 * A new element. `attrs`: `text` (its text), `class`, `dataset` (an object), any attribute;
 * a value that is not a string (`checked: true`, `disabled: false`) sets the property of that
 * name when the element has one; `undefined`, `null` and `false` set nothing. `children`:
 * elements or text; `null`, `undefined` and `false` are left out.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style" || key.startsWith("on")) throw new Error(`el: no ${key} attribute`);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** The local date and time of an ISO timestamp, as Vietnamese readers write it. */
export const localTime = (iso) => new Date(iso).toLocaleString("vi-VN");

/** A status line (`#status` unless another is given): its text and its kind (ok, busy, error). */
export function setStatus(text, kind = "", target = $("#status")) {
  target.textContent = said(text);
  target.className = kind ? `status ${kind}` : "status";
}

/** The box of a field path ("facts.villages.0.name"), or of the nearest enclosing path that the
 * page shows (`data-field`, visible), inside `root`. */
function fieldBox(root, path) {
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const box = $$("[data-field]", root).find((n) => n.dataset.field === p && n.offsetParent !== null);
    if (box) return box;
  }
  return null;
}

/** Remove the errors shown by `showErrors` inside `root` (of the fields under `prefix` only,
 * when one is given; the alert stays then). */
export function clearErrors({ root = document, alert = $("#form-alert"), prefix = "" } = {}) {
  if (!prefix) for (const node of $$(".field-note", root)) node.remove();
  for (const node of $$(".field-error", root)) {
    const owner = node.closest("[data-field]");
    if (!prefix || (owner && owner.dataset.field.startsWith(prefix))) node.remove();
  }
  for (const node of $$(".has-error", root)) {
    if (!prefix || node.dataset.field.startsWith(prefix)) node.classList.remove("has-error");
  }
  if (!prefix && alert) { alert.hidden = true; alert.replaceChildren(); }
}

/**
 * The API's refusal (`[{field, message}]`): each message next to its field (`inline`), the
 * others in the alert box, under `heading` when there is one. Returns the first place marked.
 */
export function showErrors(detail, { root = document, alert = $("#form-alert"), heading = "",
                                     inline = true } = {}) {
  clearErrors({ root, alert });
  const loose = [];
  for (const error of detail) {
    const box = inline && error.field ? fieldBox(root, error.field) : null;
    if (!box) { loose.push(error); continue; }
    box.classList.add("has-error");
    box.append(el("p", { class: "field-error", role: "alert", text: said(error.message, "Giá trị không hợp lệ.") }));
  }
  if (loose.length) {
    const items = loose.map((e) => {
      const text = said(e.message, "Không xử lý được yêu cầu.");
      return el("li", { text: e.field ? `${e.field}: ${text}` : text });
    });
    alert.replaceChildren(...(heading ? [el("strong", { text: heading })] : []), el("ul", {}, ...items));
    alert.hidden = false;
  }
  return $(".has-error", root) || (loose.length ? alert : null);
}

/** Save the file of a response (its name from Content-Disposition, else `fallback`); the name. */
export async function saveFile(response, fallback) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || fallback;
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  return name;
}

/** Run a page's start; whatever happens, mark the page ready (`body[data-ready=true]`, what
 * the browser tests wait for); a failure is shown by `failed`. */
export function boot(start, failed) {
  start()
    .catch((e) => failed(`Không tải được dữ liệu: ${said(e && e.message, "lỗi không rõ")}`))
    .finally(() => { document.body.dataset.ready = "true"; });
}
