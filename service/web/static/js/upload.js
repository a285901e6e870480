/* What the upload pages share (Kiểm tra văn bản, So sánh hai văn bản): check the chosen .docx
 * files, send the form to the API, show its errors or hand its answer to the page. */

import { detailOf, readJSON } from "./api.js";
import { $, $$, clearErrors, setStatus, showErrors } from "./dom.js";
import { call } from "./session.js";

/** Refuse what the server would refuse anyway, before sending it. */
function localErrors(form, names) {
  const max = Number(document.body.dataset.maxBytes || 0);
  const items = [];
  let total = 0;
  for (const name of names) {
    const file = form.elements[name].files[0];
    if (!file) items.push({ field: name, message: "Chưa chọn tệp." });
    else if (!/\.docx$/i.test(file.name)) items.push({ field: name, message: "Phải là tệp .docx (Word 2007 trở lên)." });
    else total += file.size;
  }
  if (!items.length && max && total > max) {
    items.push({ field: "", message: `Tệp quá lớn: tối đa ${max.toLocaleString("vi-VN")} byte.` });
  }
  return items;
}

async function post(url, form) {
  let response;
  try {
    response = await call("POST", url, new FormData(form));
  } catch (e) {
    return { ok: false, errors: [{ field: "", message: "Không kết nối được với máy chủ." }] };
  }
  const body = await readJSON(response);
  return response.ok ? { ok: true, body } : { ok: false, errors: detailOf(response, body) };
}

function refuse(form, errors) {
  showErrors(errors, { root: form, heading: "Không xử lý được tệp:" });
  setStatus("Chưa xử lý được: xem lỗi ở trên.", "error");
}

/**
 * On submit of `formId`: hide the result of the files sent before (`.tool-result`), check the
 * files of the inputs `names`, post the form to `url` (saying `busy` meanwhile), then
 * `show(answer, fileNames)`.
 */
export function wireUpload(formId, names, url, busy, show) {
  const form = $(formId);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors({ root: form });
    for (const result of $$(".tool-result")) result.hidden = true;  // it was of the files before
    const local = localErrors(form, names);
    if (local.length) { refuse(form, local); return; }
    const button = $("button[type=submit]", form);
    button.disabled = true;
    setStatus(busy, "busy");
    const answer = await post(url, form);
    button.disabled = false;
    if (!answer.ok) { refuse(form, answer.errors); return; }
    show(answer.body, names.map((n) => form.elements[n].files[0].name));
  });
}
