/* Kiểm tra văn bản (/kiem-tra) and So sánh hai văn bản (/so-sanh): upload .docx files to the
   API and show the answer. Every text from a document is put in the page as text (textContent),
   never as HTML. No dependencies. */
"use strict";

(function () {
  const $ = (sel) => document.querySelector(sel);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  function setStatus(text, kind) {
    const status = $("#status");
    status.textContent = text;
    status.className = "status" + (kind ? " " + kind : "");
  }

  function clearErrors(form) {
    $("#form-alert").hidden = true;
    $("#form-alert").textContent = "";
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    form.querySelectorAll(".has-error").forEach((n) => n.classList.remove("has-error"));
  }

  /* Errors of the API ({detail: [{field, message}]}): next to their field, or in the alert. */
  function showErrors(form, items) {
    const general = [];
    for (const item of items) {
      const field = item.field && form.querySelector(`[data-field="${CSS.escape(item.field)}"]`);
      if (field) {
        field.classList.add("has-error");
        field.append(el("p", { class: "field-error", text: item.message }));
      } else {
        general.push(item.message);
      }
    }
    if (general.length) {
      const alert = $("#form-alert");
      alert.append(el("strong", { text: "Không xử lý được tệp:" }),
        el("ul", {}, ...general.map((m) => el("li", { text: m }))));
      alert.hidden = false;
    }
    setStatus("Chưa xử lý được: xem lỗi ở trên.", "error");
  }

  /* Refuse what the server would refuse anyway, before sending it. */
  function localErrors(form, names) {
    const max = Number(document.body.dataset.maxBytes || 0);
    const items = [];
    let total = 0;
    for (const name of names) {
      const file = form.elements[name].files[0];
      if (!file) items.push({ field: name, message: "Chưa chọn tệp." });
      else if (!/\.docx$/i.test(file.name)) {
        items.push({ field: name, message: "Phải là tệp .docx (Word 2007 trở lên)." });
      } else total += file.size;
    }
    if (!items.length && max && total > max) {
      items.push({ field: "", message: `Tệp quá lớn: tối đa ${max.toLocaleString("vi-VN")} byte.` });
    }
    return items;
  }

  async function post(url, form) {
    let response;
    try {
      response = await fetch(url, { method: "POST", body: new FormData(form) });
    } catch (e) {
      return { ok: false, errors: [{ field: "", message: "Không kết nối được với máy chủ." }] };
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (response.ok) return { ok: true, body };
    const errors = body && Array.isArray(body.detail) ? body.detail
      : [{ field: "", message: `Máy chủ trả lời mã ${response.status}.` }];
    return { ok: false, errors };
  }

  function wire(formId, names, url, busy, show) {
    const form = $(formId);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(form);
      const local = localErrors(form, names);
      if (local.length) {
        showErrors(form, local);
        return;
      }
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      setStatus(busy, "busy");
      const answer = await post(url, form);
      button.disabled = false;
      if (!answer.ok) {
        showErrors(form, answer.errors);
        return;
      }
      show(answer.body, names.map((n) => form.elements[n].files[0].name));
    });
  }

  // --- Kiểm tra ---------------------------------------------------------------------------

  const SEVERITIES = [
    ["error", "Lỗi"], ["warning", "Cảnh báo"], ["info", "Lưu ý"],
  ];
  const PARTS = { header: "phần đầu", body: "nội dung", closing: "phần cuối", page: "trang" };

  function whereCell(where) {
    const cell = el("td", { class: "where" });
    const place = where.paragraph >= 0 ? `Đoạn ${where.paragraph}` : "Cả văn bản";
    cell.append(el("span", { class: "where-place", text: place }),
      el("span", { class: "where-part", text: ` · ${PARTS[where.part] || where.part}` }));
    if (where.excerpt) cell.append(el("q", { class: "excerpt", text: where.excerpt }));
    return cell;
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
      el("thead", {}, el("tr", {}, el("th", { text: "Quy tắc" }), el("th", { text: "Vị trí" }),
        el("th", { text: "Nội dung" }), el("th", { text: "Căn cứ" }))),
      el("tbody", {}, ...findings.map(findingRow)));
    return el("section", { class: `card sev-group sev-${severity}`, "data-severity": severity },
      el("h3", { class: "sev-head" }, el("span", { class: `badge badge-${severity}`, text: title }),
        el("span", { class: "count", text: ` ${findings.length} phát hiện` })),
      table);
  }

  function showFindings(findings, [name]) {
    $("#report-file").textContent = name;
    const counts = SEVERITIES.map(([s, t]) => [s, t, findings.filter((f) => f.severity === s)]);
    const summary = $("#report-summary");
    summary.textContent = "";
    if (!findings.length) {
      summary.append(el("span", { class: "ok", text: "Không có phát hiện nào: văn bản đúng thể thức theo các quy tắc đã kiểm tra." }));
    } else {
      summary.append(...counts.map(([s, t, list]) =>
        el("span", { class: `badge badge-${s}`, text: `${t}: ${list.length}` })));
    }
    const groups = $("#report-groups");
    groups.textContent = "";
    for (const [s, t, list] of counts) if (list.length) groups.append(findingGroup(s, t, list));
    $("#report").hidden = false;
    const errors = counts[0][2].length;
    setStatus(errors ? `Đã kiểm tra: ${errors} lỗi.` : "Đã kiểm tra: không có lỗi.", errors ? "" : "ok");
  }

  // --- So sánh ----------------------------------------------------------------------------

  let lastDiff = null;
  const SIGNS = { equal: " ", added: "+", removed: "−", changed: "~" };
  const OP_TITLES = { equal: "giống", added: "thêm", removed: "bớt", changed: "sửa" };

  /* The words of a changed paragraph as one side shows them: kept text, plus <del> (side A)
     or <ins> (side B); both for the unified view. */
  function marked(words, side) {
    const out = el("span", { class: "words" });
    for (const w of words) {
      if (w.op === "equal") out.append(w.text);
      else if (w.op === "delete" && side !== "b") out.append(el("del", { text: w.text }));
      else if (w.op === "insert" && side !== "a") out.append(el("ins", { text: w.text }));
    }
    return out;
  }

  function number(n) {
    return el("span", { class: "para-no", text: n === null ? "" : String(n) });
  }

  function sideCell(change, side) {
    const index = side === "a" ? change.a : change.b;
    const text = side === "a" ? change.old : change.new;
    const cell = el("td", { class: `side side-${side}` });
    if (index === null) return cell;
    cell.append(number(index));
    if (change.op === "changed") cell.append(marked(change.words, side));
    else cell.append(el("span", { class: "words", text }));
    if (change.moved) cell.append(el("small", { class: "moved", text: " (chuyển chỗ)" }));
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
      const where = c.op === "added" ? c.b : c.a;
      return el("div", { class: `diff-row op-${c.op}`, "data-op": c.op, title: OP_TITLES[c.op] },
        el("span", { class: "sign", text: SIGNS[c.op] }), number(where), text,
        c.moved ? el("small", { class: "moved", text: " (chuyển chỗ)" }) : null);
    }));
  }

  function renderDiff() {
    if (!lastDiff) return;
    const showEqual = $("#show-equal").checked;
    const view = document.querySelector("input[name=view]:checked").value;
    const changes = lastDiff.paragraphs.filter((c) => showEqual || c.op !== "equal");
    const box = $("#diff-view");
    box.textContent = "";
    if (!changes.length) {
      box.append(el("p", { class: "ok", text: "Không có đoạn nào khác nhau." }));
      return;
    }
    box.append(view === "unified" ? unifiedView(changes) : splitView(changes));
  }

  function showDiff(diff, [nameA, nameB]) {
    lastDiff = diff;
    $("#diff-a").textContent = nameA;
    $("#diff-b").textContent = nameB;
    const s = diff.summary;
    const summary = $("#diff-summary");
    summary.textContent = "";
    if (diff.identical) {
      summary.append(el("span", { class: "ok", text: `Hai văn bản giống nhau (${s.equal} đoạn).` }));
    } else {
      summary.append(el("span", { class: "badge op-changed", text: `${s.changed} đoạn sửa` }),
        el("span", { class: "badge op-added", text: `${s.added} đoạn thêm` }),
        el("span", { class: "badge op-removed", text: `${s.removed} đoạn bớt` }),
        el("span", { class: "badge op-equal", text: `${s.equal} đoạn giống` }));
    }
    renderDiff();
    $("#diff").hidden = false;
    setStatus(diff.identical ? "Đã so sánh: giống nhau." : "Đã so sánh.", "ok");
  }

  function start() {
    const page = document.body.dataset.page;
    if (page === "check") {
      wire("#check-form", ["file"], "/api/check", "Đang kiểm tra…", showFindings);
    } else if (page === "compare") {
      wire("#compare-form", ["a", "b"], "/api/compare", "Đang so sánh…", showDiff);
      $("#show-equal").addEventListener("change", renderDiff);
      document.querySelectorAll("input[name=view]").forEach((r) => r.addEventListener("change", renderDiff));
    }
    document.body.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
