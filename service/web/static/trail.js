/* The approval trail in the browser: sign-in (/dang-nhap), the review queue (/duyet) and a
 * draft's history with its moves (/ban-nhap/{id}).  Plain JavaScript, no framework; every text
 * from the API is put into the page with textContent.  The token is kept in localStorage
 * ("kehoach.token") and sent as `Authorization: Bearer …`.
 */
"use strict";

(() => {
  const KEY = "kehoach.token";
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  };
  const SEVERITY = { error: "lỗi", warning: "cảnh báo", info: "lưu ý" };
  const when = (iso) => new Date(iso).toLocaleString("vi-VN");
  const token = () => window.localStorage.getItem(KEY);

  async function call(method, url, body, secret = token()) {
    const headers = { Accept: "application/json" };
    if (secret) headers.Authorization = `Bearer ${secret}`;
    const options = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options);
  }

  async function errorText(response) {
    try {
      const data = await response.json();
      return (data.detail || []).map((d) => d.message).join(" ") || `Lỗi ${response.status}`;
    } catch (e) {
      return `Lỗi ${response.status}`;
    }
  }

  function setStatus(text, kind = "") {
    const status = $("#status");
    status.textContent = text;
    status.className = `status ${kind}`;
  }

  /** A message at the top of the page; a 401 adds the way to sign in. */
  function alertBox(text, signIn = false) {
    const box = $("#trail-alert");
    const here = encodeURIComponent(window.location.pathname + window.location.search);
    box.replaceChildren(el("span", { text }),
      signIn ? el("a", { href: `/dang-nhap?next=${here}`, text: " Đăng nhập" }) : null);
    box.hidden = false;
  }

  async function failed(response) {
    const text = await errorText(response);
    alertBox(text, response.status === 401);
    return text;
  }

  // --- sign-in ---------------------------------------------------------------------------------

  function showSignedIn(me) {
    const box = $("#signed-in");
    box.replaceChildren(el("strong", { text: me.name }),
      el("span", { text: ` — ${me.role_label}, ${me.unit_label}` }));
    box.hidden = false;
    $("#signout").hidden = false;
    const who = $("#whoami");
    if (who) who.textContent = `${me.name} · ${me.role_label}`;
  }

  function nextPage(me) {
    const next = new URLSearchParams(window.location.search).get("next") || "";
    if (next === "/" || /^\/[^/\\]/.test(next)) return next; // a path of this site only
    return me.role === "reviewer" ? "/duyet" : "/";
  }

  async function signIn(event) {
    event.preventDefault();
    const secret = $("#f-token").value.trim();
    if (!secret) { setStatus("Hãy dán mã truy cập.", "error"); return; }
    setStatus("Đang kiểm tra mã truy cập…", "busy");
    const response = await call("GET", "/api/me", undefined, secret);
    if (!response.ok) { setStatus(await errorText(response), "error"); return; }
    const me = await response.json();
    window.localStorage.setItem(KEY, secret);
    $("#f-token").value = "";
    showSignedIn(me);
    setStatus(`Đã đăng nhập: ${me.name}.`, "ok");
    window.location.assign(nextPage(me));
  }

  async function startSignIn() {
    $("#signin-form").addEventListener("submit", signIn);
    $("#signout").addEventListener("click", () => {
      window.localStorage.removeItem(KEY);
      $("#signed-in").hidden = true;
      $("#signout").hidden = true;
      const who = $("#whoami");
      if (who) who.textContent = "Đăng nhập";
      setStatus("Đã đăng xuất.", "ok");
    });
    if (!token()) return;
    const response = await call("GET", "/api/me");
    if (response.ok) showSignedIn(await response.json());
  }

  // --- the review queue ------------------------------------------------------------------------

  const queue = { offset: 0, limit: 20, total: 0, units: new Map(), kinds: new Map(), me: null };

  function queueParams() {
    const params = new URLSearchParams({ limit: String(queue.limit), offset: String(queue.offset) });
    const state = $("#q-state").value;
    if (state) params.set("state", state);
    const unit = queue.units.get($("#q-unit").value);
    if (unit) params.set("unit", String(unit));
    if ($("#q-kind").value) params.set("kind", $("#q-kind").value);
    const year = Number($("#q-year").value);
    if (Number.isInteger(year) && year >= 2000 && year <= 2100) params.set("year", String(year));
    return params;
  }

  async function loadQueue() {
    setStatus("Đang tải…", "busy");
    const response = await call("GET", `/api/review-queue?${queueParams()}`);
    if (!response.ok) { setStatus(await failed(response), "error"); $("#queue-table").hidden = true; return; }
    const page = await response.json();
    queue.total = page.total;
    $("#queue-rows").replaceChildren(...page.items.map(queueRow));
    $("#queue-table").hidden = !page.items.length;
    const last = page.offset + page.items.length;
    $("#q-range").textContent = page.total ? `${page.offset + 1}–${last} / ${page.total}` : "";
    $("#q-prev").disabled = page.offset === 0;
    $("#q-next").disabled = last >= page.total;
    setStatus(page.total ? `${page.total} bản nháp.` : "Không có bản nháp nào khớp bộ lọc.", "ok");
  }

  function queueRow(d) {
    const link = el("a", { href: `/ban-nhap/${encodeURIComponent(d.id)}`, text: d.title });
    return el("tr", { dataset: { id: d.id, state: d.state } },
      el("td", {}, link), el("td", { text: d.unit_label }),
      el("td", { text: queue.kinds.get(d.kind) || d.kind }), el("td", { text: String(d.year) }),
      el("td", {}, el("span", { class: `badge state-${d.state}`, text: d.state_label })),
      el("td", { text: d.owner_name }), el("td", { text: when(d.updated_at) }));
  }

  async function loadKinds() {
    const response = await call("GET", "/api/kinds");
    if (!response.ok) return;
    for (const k of await response.json()) {
      queue.kinds.set(k.id, k.title);
      $("#q-kind").append(el("option", { value: k.id, text: k.title }));
    }
  }

  async function suggestUnits() {
    const q = $("#q-unit").value;
    if (queue.units.has(q)) return;
    const params = new URLSearchParams({ q, limit: "20" });
    const [, tier, code] = (queue.me?.unit_key || "").split(":");
    if (tier === "province") params.set("province", code);
    const response = await call("GET", `/api/units?${params}`);
    if (!response.ok) return;
    const units = await response.json();
    for (const u of units) queue.units.set(u.label, u.code);
    $("#q-unit-options").replaceChildren(...units.map((u) => el("option", { value: u.label })));
  }

  async function startQueue() {
    const me = await call("GET", "/api/me");
    if (!me.ok) { setStatus(await failed(me), "error"); return; }
    queue.me = await me.json();
    await loadKinds();
    const reload = () => { queue.offset = 0; loadQueue(); };
    for (const id of ["#q-state", "#q-kind", "#q-year"]) $(id).addEventListener("change", reload);
    $("#q-unit").addEventListener("input", () => {
      if (!$("#q-unit").value || queue.units.has($("#q-unit").value)) reload(); else suggestUnits();
    });
    $("#queue-filters").addEventListener("submit", (e) => { e.preventDefault(); reload(); });
    $("#q-prev").addEventListener("click", () => { queue.offset = Math.max(0, queue.offset - queue.limit); loadQueue(); });
    $("#q-next").addEventListener("click", () => { queue.offset += queue.limit; loadQueue(); });
    await loadQueue();
  }

  // --- a draft's history -----------------------------------------------------------------------

  const draftId = () => document.body.dataset.draft;

  async function loadHistory() {
    const response = await call("GET", `/api/drafts/${encodeURIComponent(draftId())}/history`);
    if (!response.ok) { await failed(response); return; }
    const history = await response.json();
    const d = history.draft;
    $("#draft-head").textContent = d.title;
    $("#draft-meta").textContent = `${d.unit_label} · năm ${d.year} · người soạn: ${d.owner_name}`;
    const state = $("#draft-state");
    state.textContent = d.state_label;
    state.className = `badge state-${d.state}`;
    state.dataset.state = d.state;
    $("#open-form").href = `/?ban-nhap=${encodeURIComponent(d.id)}`;
    $("#open-form").textContent = history.editable ? "Sửa trong biểu mẫu" : "Xem trong biểu mẫu";
    for (const button of $$("[data-move]")) button.hidden = !history.moves.includes(button.dataset.move);
    $("#moves").hidden = !history.moves.length;
    $("#events").replaceChildren(...history.events.slice().reverse().map(eventItem));
    $("#draft-card").hidden = false;
    $("#events-card").hidden = false;
  }

  function eventItem(e) {
    const head = el("div", { class: "event-head" },
      el("strong", { class: "event-action", text: e.action_label }),
      el("span", { class: `badge state-${e.state}`, text: e.state_label }),
      el("span", { class: "event-who", text: `${e.user_name} (${e.user_role === "reviewer" ? "người duyệt" : "người soạn"})` }),
      el("time", { datetime: e.at, text: when(e.at) }));
    const comments = e.comments ? el("blockquote", { class: "event-comments", text: e.comments }) : null;
    return el("li", { class: `event event-${e.action}`, dataset: { action: e.action } },
      head, comments, e.report ? reportBlock(e.report) : null);
  }

  function reportBlock(findings) {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    const label = findings.length
      ? `Kết quả kiểm tra thể thức lúc đó: ${counts.error} lỗi, ${counts.warning} cảnh báo, ${counts.info} lưu ý`
      : "Kết quả kiểm tra thể thức lúc đó: không có phát hiện nào";
    const details = el("details", { class: "event-report" }, el("summary", { text: label }));
    if (findings.length) {
      const rows = findings.map((f) => el("tr", { class: `sev-${f.severity}` },
        el("td", { text: SEVERITY[f.severity] || f.severity }), el("td", {}, el("code", { text: f.rule })),
        el("td", { text: f.where && f.where.paragraph >= 0 ? `đoạn ${f.where.paragraph}` : (f.where?.part || "") }),
        el("td", { text: f.message })));
      details.append(el("table", { class: "findings" },
        el("thead", {}, el("tr", {}, ...["Mức", "Quy tắc", "Vị trí", "Nội dung"].map((t) => el("th", { text: t })))),
        el("tbody", {}, ...rows)));
    }
    return details;
  }

  async function makeMove(move) {
    const comments = $("#f-comments").value.trim();
    setStatus("Đang gửi…", "busy");
    const response = await call("POST", `/api/drafts/${encodeURIComponent(draftId())}/${move}`, { comments });
    if (!response.ok) { setStatus(await errorText(response), "error"); return; }
    const d = await response.json();
    $("#f-comments").value = "";
    setStatus(`Bản nháp ${d.state_label}.`, "ok");
    await loadHistory();
  }

  /** A file of the draft (`document`, `review-copy`), fetched with the token and saved. */
  async function download(what = "document") {
    const response = await call("GET", `/api/drafts/${encodeURIComponent(draftId())}/${what}`);
    if (!response.ok) { setStatus(await errorText(response), "error"); return; }
    const disposition = response.headers.get("Content-Disposition") || "";
    const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "ke-hoach.docx";
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  async function startHistory() {
    for (const button of $$("[data-move]")) button.addEventListener("click", () => makeMove(button.dataset.move));
    $("#download").addEventListener("click", () => download("document"));
    $("#review-copy").addEventListener("click", () => download("review-copy"));
    await loadHistory();
  }

  const pages = { signin: startSignIn, queue: startQueue, history: startHistory };
  const start = pages[document.body.dataset.page];
  if (start) {
    start()
      .catch((e) => alertBox(`Không tải được dữ liệu: ${e.message}`))
      .finally(() => { document.body.dataset.ready = "true"; });
  }
})();
