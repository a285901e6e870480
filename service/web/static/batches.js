// The batch page: start a job (one kind for a province, or a province cascade from a JSON request
// and a categories CSV), list the jobs with their progress, link the ZIP when one is done.
// Every text from the server is set with textContent: it is shown as typed, never as markup.
(function () {
  "use strict";
  const $ = (sel) => document.querySelector(sel);
  const STATES = { queued: "đang chờ", running: "đang chạy", done: "xong", failed: "lỗi", cancelled: "đã hủy" };
  let timer = null;

  function setStatus(text, kind) {
    const el = $("#status");
    el.textContent = text;
    el.className = "status" + (kind ? " " + kind : "");
  }

  function showErrors(detail) {
    const box = $("#form-alert");
    box.replaceChildren();
    for (const item of detail || []) {
      const line = document.createElement("div");
      line.textContent = (item.field ? item.field + ": " : "") + item.message;
      box.appendChild(line);
    }
    box.hidden = !box.childElementCount;
  }

  async function json(url, options) {
    const response = await fetch(url, options);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    return { ok: response.ok, status: response.status, body };
  }

  function option(value, text) {
    const el = document.createElement("option");
    el.value = value;
    el.textContent = text;
    return el;
  }

  async function loadChoices() {
    const year = $("#b-year").value;
    const [provinces, kinds] = await Promise.all([
      json("/api/provinces?year=" + encodeURIComponent(year)),
      json("/api/kinds?year=" + encodeURIComponent(year)),
    ]);
    if (provinces.ok) {
      const keep = $("#b-province").value;
      $("#b-province").replaceChildren(...provinces.body.map((u) => option(String(u.code), u.name)));
      if (keep) $("#b-province").value = keep;
    }
    if (kinds.ok) {
      const keep = $("#b-kind").value;
      $("#b-kind").replaceChildren(...kinds.body.map((k) => option(k.id, k.title + " (" + k.levels.join(", ") + ")")));
      if (keep) $("#b-kind").value = keep;
    }
  }

  function mode() {
    return document.querySelector("input[name=mode]:checked").value;
  }

  function switchMode() {
    $("#kind-fields").hidden = mode() !== "kind";
    $("#cascade-fields").hidden = mode() !== "cascade";
  }

  function startOptions() {
    const form = $("#batch-form");
    if (mode() === "kind") {
      const body = { province: form.province.value, kind: form.kind.value, year: Number(form.year.value) };
      return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    }
    const data = new FormData();
    if (form.request.files[0]) data.append("request", form.request.files[0]);
    if (form.categories.files[0]) data.append("categories", form.categories.files[0]);
    return { method: "POST", body: data };
  }

  async function start(event) {
    event.preventDefault();
    showErrors([]);
    setStatus("Đang kiểm tra yêu cầu…", "busy");
    $("#batch-run").disabled = true;
    try {
      const review = $("#batch-form").review.checked ? "true" : "false";
      const answer = await json("/api/batches?review=" + review, startOptions());
      if (!answer.ok) {
        showErrors(answer.body && answer.body.detail);
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

  function text(tag, value, className) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  function row(job) {
    const li = document.createElement("li");
    li.className = "batch-item";
    li.dataset.state = job.state;
    li.dataset.id = job.id;
    li.appendChild(text("div", job.label, "batch-label"));
    const bar = document.createElement("progress");
    bar.max = Math.max(job.total, 1);
    bar.value = job.finished;
    li.appendChild(bar);
    let summary = (STATES[job.state] || job.state) + " · " + job.finished + "/" + job.total + " đơn vị";
    if (job.failed) summary += " · " + job.failed + " lỗi";
    li.appendChild(text("span", summary, "batch-state"));
    if (job.error) li.appendChild(text("div", job.error, "field-error"));
    if (job.state === "done") {
      const link = text("a", "Tải tệp ZIP", "btn btn-small batch-zip");
      link.href = job.links.zip;
      li.appendChild(link);
    }
    if (job.state === "queued" || job.state === "running") {
      const cancel = text("button", "Hủy", "btn btn-small btn-quiet");
      cancel.type = "button";
      cancel.addEventListener("click", async () => {
        await json(job.links.cancel, { method: "POST" });
        await refresh();
      });
      li.appendChild(cancel);
    }
    return li;
  }

  async function refresh() {
    const answer = await json("/api/batches?limit=50");
    if (!answer.ok) return;
    $("#batch-list").replaceChildren(...answer.body.map(row));
    $("#batch-empty").hidden = answer.body.length > 0;
    const active = answer.body.some((j) => j.state === "queued" || j.state === "running");
    clearTimeout(timer);
    if (active) timer = setTimeout(refresh, 1000);
  }

  function init() {
    document.querySelectorAll("input[name=mode]").forEach((r) => r.addEventListener("change", switchMode));
    $("#b-year").addEventListener("change", loadChoices);
    $("#batch-form").addEventListener("submit", start);
    switchMode();
    Promise.all([loadChoices(), refresh()]).finally(() => { document.body.dataset.batchesReady = "true"; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
