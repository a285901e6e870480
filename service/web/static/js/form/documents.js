/* The document of the form's request: “Tải tệp .docx” and “Tải tệp .pdf”. */

import { errorText } from "../api.js";
import { saveFile, setStatus } from "../dom.js";
import { call } from "../session.js";
import { showPlanErrors } from "./preview.js";
import { buildRequest } from "./request.js";

export async function download(format) {
  setStatus(format === "pdf" ? "Đang tạo tệp PDF (có thể mất vài giây)…" : "Đang tạo tệp .docx…", "busy");
  const response = await call("POST", `/api/generate?format=${format}`, buildRequest());
  if (response.status === 422) {
    showPlanErrors((await response.json()).detail || []);
    setStatus("Chưa tạo được tệp: có thông tin chưa hợp lệ.", "error");
  } else if (!response.ok) {
    setStatus(await errorText(response), "error");
  } else {
    setStatus(`Đã tạo tệp ${await saveFile(response, `ke-hoach.${format}`)}.`, "ok");
  }
}
