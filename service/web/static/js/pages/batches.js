/* Tạo hàng loạt (/hang-loat): start a job (one kind for a province, or a province cascade from a
 * JSON request and a categories CSV), list the jobs with their progress, link the ZIP when one
 * is done. Every text from the server is put in the page as text. */

import { readJSON } from "../api.js";
import { $, $$, boot, clearErrors, el, setStatus, showErrors } from "../dom.js";
import { call, me } from "../session.js";
import { refused } from "../trail.js";

const STATES = { queued: "đang chờ", running: "đang chạy", done: "xong", failed: "lỗi", cancelled: "đã hủy" };
const form = () => $("#batch-form");
let timer = 0;

async function ask(method, url, body) {
  const response = await call(method, url, body);
  return { ok: response.ok, body: await readJSON(response) };
}

function fill(select, items, value, text) {
  const keep = select.value;
  select.replaceChildren(...items.map((i) => el("option", { value: value(i), text: text(i) })));
  if (keep) select.value = keep;
}

async function loadChoices() {
  const year = encodeURIComponent($("#b-year").value);
  const [provinces, kinds] = await Promise.all([
    ask("GET", `/api/provinces?year=${year}`), ask("GET", `/api/kinds?year=${year}`)]);
  if (provinces.ok) fill($("#b-province"), provinces.body, (u) => String(u.code), (u) => u.name);
  if (kinds.ok) fill($("#b-kind"), kinds.body, (k) => k.id, (k) => `${k.title} (${k.levels.join(", ")})`);
}

const mode = () => $("input[name=mode]:checked").value;

function switchMode() {
  $("#kind-fields").hidden = mode() !== "kind";
  $("#cascade-fields").hidden = mode() !== "cascade";
}

/** The body of the job: JSON for one kind, a multipart form (request, categories) for a cascade. */
function jobBody() {
  const f = form();
  if (mode() === "kind") return { province: f.province.value, kind: f.kind.value, year: Number(f.year.value) };
  const data = new FormData();
  if (f.request.files[0]) data.append("request", f.request.files[0]);
  if (f.categories.files[0]) data.append("categories", f.categories.files[0]);
  return data;
}

async function startJob(event) {
  event.preventDefault();
  clearErrors({ root: form() });
  setStatus("Đang kiểm tra yêu cầu…", "busy");
  $("#batch-run").disabled = true;
  try {
    const review = form().review.checked ? "true" : "false";
    const answer = await ask("POST", `/api/batches?review=${review}`, jobBody());
    if (!answer.ok) {
      showErrors(answer.body?.detail || [], { root: form(), inline: false });
      setStatus("Chưa tạo được lô.", "error");
      return;
    }
    setStatus("Đã xếp lô vào hàng đợi.", "ok");
    await refresh();
  } catch (e) {
    setStatus("Không kết nối được máy chủ.", "error");
  } finally {
    $("#batch-run").disabled = false;
  }
}

function jobItem(job) {
  const bar = el("progress", { max: Math.max(job.total, 1), value: job.finished });
  let summary = `${STATES[job.state] || job.state} · ${job.finished}/${job.total} đơn vị`;
  if (job.failed) summary += ` · ${job.failed} lỗi`;
  const li = el("li", { class: "batch-item", dataset: { state: job.state, id: job.id } },
    el("div", { class: "batch-label", text: job.label }), bar,
    el("span", { class: "batch-state", text: summary }),
    job.error ? el("div", { class: "field-error", text: job.error }) : null);
  if (job.state === "done") li.append(el("a", { class: "btn btn-small batch-zip", href: job.links.zip, text: "Tải tệp ZIP" }));
  if (job.state === "queued" || job.state === "running") {
    const cancel = el("button", { type: "button", class: "btn btn-small btn-quiet", text: "Hủy" });
    cancel.addEventListener("click", async () => { await ask("POST", job.links.cancel); await refresh(); });
    li.append(cancel);
  }
  return li;
}

async function refresh() {
  const answer = await ask("GET", "/api/batches?limit=50");
  if (!answer.ok) return;
  $("#batch-list").replaceChildren(...answer.body.map(jobItem));
  $("#batch-empty").hidden = answer.body.length > 0;
  clearTimeout(timer);
  if (answer.body.some((j) => j.state === "queued" || j.state === "running")) timer = setTimeout(refresh, 1000);
}

async function start() {
  const { user, status, message } = await me();  // signed in as on /duyet
  if (!user) { refused(message, status); $("#batch-form").hidden = true; return; }
  for (const radio of $$("input[name=mode]")) radio.addEventListener("change", switchMode);
  $("#b-year").addEventListener("change", loadChoices);
  form().addEventListener("submit", startJob);
  switchMode();
  await Promise.all([loadChoices(), refresh()]);
}

boot(start, (text) => setStatus(text, "error"));
