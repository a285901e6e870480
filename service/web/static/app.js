/* Soạn kế hoạch — the web form.  Plain JavaScript, no framework, no external assets.
 *
 * The form only gathers a request (the same JSON as `kehoach render` reads) and shows what the
 * API answers: unit search, kinds, a kind's form, the preview, the document, drafts.  Every text
 * the user types is put into the page with textContent; the preview HTML comes escaped from the
 * server.
 */
"use strict";

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };
  const debounce = (fn, ms) => {
    let timer = 0;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  };
  const lines = (text) => text.split("\n").map((s) => s.trim()).filter(Boolean);
  const intOrRaw = (text) => (/^\s*\d+\s*$/.test(text) ? Number(text) : text.trim());
  const numberOrRaw = (text) => {
    const t = text.trim().replace(",", ".");
    return t !== "" && Number.isFinite(Number(t)) ? Number(t) : text.trim();
  };

  const state = {
    unit: null,        // the chosen unit (UnitOut)
    form: null,        // the chosen kind's form (KindForm)
    draftId: null,     // the draft being edited
    base: {},          // request fields the form does not manage (kept from an opened draft)
    previewSeq: 0,
    era: null,         // "current" or "legacy": the era of the chosen year
  };

  const form = $("#plan-form");
  const f = {
    year: $("#f-year"), province: $("#f-province"), unit: $("#f-unit"), kind: $("#f-kind"),
    endYear: $("#f-end-year"), number: $("#f-number"), symbol: $("#f-symbol"),
    day: $("#f-day"), month: $("#f-month"), signerMode: $("#f-signer-mode"),
    signerTitle: $("#f-signer-title"), signerName: $("#f-signer-name"),
    neighbours: $("#f-neighbours"), villageCount: $("#f-village-count"),
    villageWord: $("#f-village-word"), theme: $("#f-theme"),
    campaignStart: $("#f-campaign-start"), campaignEnd: $("#f-campaign-end"), tone: $("#f-tone"),
    title: $("#f-title"),
  };
  const preview = $("#preview");
  const status = $("#status");

  // --- talking to the API --------------------------------------------------------------------

  async function call(method, url, body) {
    const options = { method, headers: { Accept: "application/json" } };
    const token = window.localStorage.getItem("kehoach.token"); // kept by the sign-in page
    if (token) options.headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options);
  }

  async function getJSON(url) {
    const response = await call("GET", url);
    if (!response.ok) throw new Error(await errorText(response));
    return response.json();
  }

  async function errorText(response) {
    try {
      const data = await response.json();
      return (data.detail || []).map((d) => d.message).join(" ") || response.statusText;
    } catch (e) {
      return `Lỗi ${response.status}`;
    }
  }

  function setStatus(text, kind = "", target = status) {
    target.textContent = text;
    target.className = `status ${kind}`;
  }
  const draftStatus = (text, kind = "") => setStatus(text, kind, $("#draft-status"));

  // --- units -----------------------------------------------------------------------------------

  async function loadProvinces() {
    const chosen = f.province.value;
    const provinces = await getJSON(`/api/provinces?year=${encodeURIComponent(year())}`);
    state.era = provinces.length ? provinces[0].era : null; // the era of the year, as the API says
    f.province.replaceChildren(el("option", { value: "", text: "— Tất cả tỉnh, thành phố —" }));
    for (const p of provinces) f.province.append(el("option", { value: String(p.code), text: p.name }));
    if (provinces.some((p) => String(p.code) === chosen)) f.province.value = chosen;
  }

  function year() {
    const value = Number(f.year.value);
    return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : new Date().getFullYear();
  }

  const picker = {
    list: $("#unit-list"),
    results: [],
    active: -1,
    seq: 0,

    async search() {
      const q = f.unit.value;
      const seq = ++this.seq;
      if (state.unit && q === state.unit.label) return;
      const params = new URLSearchParams({ q, year: String(year()), limit: "15" });
      if (f.province.value) params.set("province", f.province.value);
      if (!q.trim() && !f.province.value) { this.close(); return; }
      let results = [];
      try { results = await getJSON(`/api/units?${params}`); } catch (e) { results = []; }
      if (seq !== this.seq) return; // a later search is on its way
      this.results = results;
      this.list.dataset.query = q;
      if (document.activeElement === f.unit) this.render();
    },

    render() {
      this.active = this.results.length ? 0 : -1;
      const items = this.results.map((u, i) => el("li", {
        role: "option", id: `unit-option-${i}`, dataset: { index: String(i), code: String(u.code) },
      }, el("span", { text: u.name }), el("small", { text: u.label.split(", ").slice(1).join(", ") || "cấp tỉnh" })));
      if (!items.length) {
        const where = f.province.value ? ` trong ${f.province.selectedOptions[0].textContent}; chọn “Tất cả tỉnh, thành phố” để tìm rộng hơn` : "";
        items.push(el("li", { class: "empty", text: `Không tìm thấy đơn vị nào${where}.` }));
      }
      this.list.replaceChildren(...items);
      this.list.hidden = false;
      f.unit.setAttribute("aria-expanded", "true");
      this.highlight();
    },

    highlight() {
      $$("li[role=option]", this.list).forEach((li, i) => li.setAttribute("aria-selected", String(i === this.active)));
      const current = $(`#unit-option-${this.active}`);
      if (current) { current.scrollIntoView({ block: "nearest" }); f.unit.setAttribute("aria-activedescendant", current.id); }
    },

    close() {
      this.list.hidden = true;
      f.unit.setAttribute("aria-expanded", "false");
      f.unit.removeAttribute("aria-activedescendant");
    },

    key(event) {
      if (this.list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        this.active = (this.active + step + this.results.length) % Math.max(this.results.length, 1);
        this.highlight();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (this.results[this.active]) chooseUnit(this.results[this.active]);
      } else if (event.key === "Escape") {
        this.close();
      }
    },
  };

  async function chooseUnit(unit, { keepKind = null } = {}) {
    state.unit = unit;
    picker.close();
    f.unit.value = unit.label;
    const chosen = $("#unit-chosen");
    chosen.textContent = `Đã chọn: ${unit.label} (mã ${unit.code}, cấp ${unit.level})`;
    chosen.hidden = false;
    if (String(unit.province_code) !== f.province.value) f.province.value = String(unit.province_code);
    clearErrors("unit");
    await loadKinds(keepKind ?? f.kind.value);
  }

  function forgetUnit() {
    state.unit = null;
    delete f.kind.dataset.unit;
    $("#unit-chosen").hidden = true;
    f.kind.replaceChildren(el("option", { value: "", text: "— Chọn đơn vị trước —" }));
    f.kind.disabled = true;
    setKindForm(null);
  }

  // --- kinds and their forms -------------------------------------------------------------------

  async function loadKinds(wanted) {
    const u = state.unit;
    const params = new URLSearchParams({ level: u.level, tier: u.tier, year: String(year()) });
    const kinds = await getJSON(`/api/kinds?${params}`);
    const options = kinds.map((k) => el("option", { value: k.id, text: k.title, dataset: { description: k.description, period: k.period } }));
    const placeholder = kinds.length ? "— Chọn loại kế hoạch —" : "Không có loại kế hoạch cho đơn vị này";
    f.kind.replaceChildren(el("option", { value: "", text: placeholder }), ...options);
    f.kind.disabled = !kinds.length;
    f.kind.dataset.unit = String(u.code);
    const keep = kinds.find((k) => k.id === wanted) || (kinds.length === 1 ? kinds[0] : null);
    f.kind.value = keep ? keep.id : "";
    await kindChanged();
  }

  async function kindChanged() {
    const option = f.kind.selectedOptions[0];
    $("#kind-description").textContent = option && option.value ? option.dataset.description || "" : "";
    if (!f.kind.value) { setKindForm(null); return; }
    if (state.form && state.form.kind === f.kind.value) { schedulePreview(); return; }
    setKindForm(await getJSON(`/api/kinds/${encodeURIComponent(f.kind.value)}/form`));
  }

  function setKindForm(kindForm) {
    state.form = kindForm;
    $("#kind-fields").hidden = !kindForm;
    for (const id of ["download-docx", "download-pdf", "save-draft"]) $(`#${id}`).disabled = !kindForm;
    if (!kindForm) { showPlaceholder(); return; }
    const range = kindForm.period === "range";
    $("#end-year-field").hidden = !range;
    f.endYear.placeholder = kindForm.defaults.end_year ? String(kindForm.defaults.end_year) : "";
    fillChoices(f.signerMode, kindForm.signer_modes, kindForm.signer.mode);
    f.signerTitle.placeholder = kindForm.signer.title || (kindForm.signer.mode === "KT" ? "PHÓ CHỦ TỊCH" : "CHỦ TỊCH");
    fillChoices(f.tone, kindForm.tones, f.tone.value || "classic");
    const used = new Set(kindForm.facts_used);
    for (const box of $$("[data-fact]")) box.hidden = !used.has(box.dataset.fact);
    renderTraits(kindForm);
    renderSettings($("#targets"), kindForm.targets, "number");
    $("#targets-card").hidden = !kindForm.targets.length;
    renderParams(kindForm);
    renderClauses(kindForm);
    schedulePreview();
  }

  function fillChoices(select, choices, value) {
    select.replaceChildren(...choices.map((c) => el("option", { value: c.value, text: c.label })));
    select.value = value;
  }

  function renderTraits(kindForm) {
    const box = $("#traits");
    const defaults = new Set(kindForm.default_traits);
    const checked = new Set($$("input:checked", box).map((i) => i.value));
    box.replaceChildren(...kindForm.traits.map((t) => el("label", { class: "check" },
      el("input", { type: "checkbox", value: t.value, checked: defaults.has(t.value) || checked.has(t.value), disabled: defaults.has(t.value) }),
      el("span", { text: t.label }),
      defaults.has(t.value) ? el("small", { text: "(mặc định)" }) : null)));
  }

  function settingField(s) {
    const id = `f-${s.key.replaceAll(".", "-")}`;
    const placeholder = s.default === null || s.default === undefined ? "" :
      Array.isArray(s.default) ? s.default.join("; ") : String(s.default);
    const input = s.type === "list"
      ? el("textarea", { id, rows: "3", placeholder: placeholder || "Mỗi dòng một mục" })
      : el("input", { id, type: "text", inputmode: s.type === "number" ? "decimal" : null, placeholder });
    input.dataset.key = s.key;
    input.dataset.type = s.type;
    return el("div", { class: "field", dataset: { field: s.key } },
      el("label", { for: id, text: s.label }), input, s.help ? el("p", { class: "help", text: s.help }) : null);
  }

  function renderSettings(box, settings) {
    const old = Object.fromEntries($$("[data-key]", box).map((i) => [i.dataset.key, i.value]));
    box.replaceChildren(...settings.map(settingField));
    for (const input of $$("[data-key]", box)) if (old[input.dataset.key]) input.value = old[input.dataset.key];
  }

  function renderParams(kindForm) {
    const params = $("#params");
    params.replaceChildren();
    if (kindForm.params.length) {
      params.append(el("h3", { class: "subhead", text: "Thông tin riêng của loại kế hoạch" }));
      const box = el("div", { class: "grid" });
      params.append(box);
      renderSettings(box, kindForm.params);
    }
    const docs = $("#docs");
    docs.replaceChildren();
    if (kindForm.docs.length) {
      docs.append(el("h3", { class: "subhead", text: "Văn bản của địa phương được nhắc tới trong kế hoạch" }));
      for (const d of kindForm.docs) docs.append(docRow(`facts.docs.${d.key.split(".").pop()}`, d.label, false));
    }
  }

  function renderClauses(kindForm) {
    const box = $("#clauses");
    box.replaceChildren(...kindForm.clauses.map((c) => el("label", { class: "check clause" },
      el("input", { type: "checkbox", checked: c.default_on, dataset: { clause: c.id, defaultOn: String(c.default_on) } }),
      el("span", { class: "clause-text" }, el("span", { class: "clause-title", text: c.title }),
        el("small", { class: "clause-section", text: `Mục “${c.section}”` })))));
    $("#no-clauses").hidden = kindForm.clauses.length > 0;
  }

  // --- repeated rows: villages, local documents ----------------------------------------------

  function villageRow(village = { name: "", status: "other" }) {
    const row = el("div", { class: "item-row village" });
    const statuses = (state.form && state.form.village_statuses) || [];
    const name = el("input", { type: "text", maxlength: "300", placeholder: "Tên thôn, tổ dân phố", value: village.name, "aria-label": "Tên thôn, tổ dân phố" });
    const select = el("select", { "aria-label": "Tình trạng" }, ...statuses.map((s) => el("option", { value: s.value, text: s.label })));
    select.value = village.status || "other";
    const remove = el("button", { type: "button", class: "btn-remove", title: "Bỏ dòng này", "aria-label": "Bỏ dòng này", text: "×" });
    remove.addEventListener("click", () => { row.remove(); renumber(); schedulePreview(); });
    row.append(el("div", { class: "field field-grow", dataset: { part: "name" } }, name),
      el("div", { class: "field field-grow", dataset: { part: "status" } }, select), remove);
    return row;
  }

  function docRow(path, title, removable, doc = {}) {
    const box = el("div", { class: "doc-row", dataset: { field: path, path } });
    const text = (part, label, { class: size, ...attrs } = {}) => {
      const input = el("input", { type: "text", maxlength: "300", value: doc[part] || "", "aria-label": label, ...attrs });
      input.dataset.part = part;
      return el("div", { class: `field ${size || "field-grow"}`, dataset: { field: `${path}.${part}` } },
        el("label", { text: label }), input);
    };
    const head = el("div", { class: "doc-row-head" }, el("span", { text: title }));
    if (removable) {
      const remove = el("button", { type: "button", class: "btn-remove", title: "Bỏ văn bản này", "aria-label": "Bỏ văn bản này", text: "×" });
      remove.addEventListener("click", () => { box.remove(); renumber(); schedulePreview(); });
      head.append(remove);
    }
    const date = text("date", "Ngày ban hành", { type: "date", class: "field-mid" });
    box.append(head,
      el("div", { class: "row" }, text("type", "Loại văn bản", { placeholder: "Kế hoạch", class: "field-mid" }),
        text("number", "Số, ký hiệu", { placeholder: "195/KH-UBND", class: "field-mid" }), date),
      el("div", { class: "row" }, text("issuer", "Cơ quan ban hành", { placeholder: "UBND tỉnh …" })),
      el("div", { class: "row" }, text("subject", "Trích yếu", { placeholder: "về …" })));
    if (removable) {
      const verb = el("select", {}, ...["Căn cứ", "Thực hiện"].map((v) => el("option", { value: v, text: v })));
      verb.dataset.part = "verb";
      verb.value = doc.verb || "Căn cứ";
      box.querySelector(".row").prepend(el("div", { class: "field field-narrow", dataset: { field: `${path}.verb` } },
        el("label", { text: "Cách dẫn" }), verb));
    }
    box.dataset.extra = JSON.stringify(Object.fromEntries(Object.entries(doc)
      .filter(([k]) => !["type", "number", "date", "issuer", "subject", "verb"].includes(k))));
    return box;
  }

  function renumber() {
    $$("#villages .village").forEach((row, i) => {
      row.dataset.field = `facts.villages.${i}`;
      for (const part of $$("[data-part]", row)) part.dataset.field = `facts.villages.${i}.${part.dataset.part}`;
    });
    const offset = (state.base.legal_bases || []).filter((b) => typeof b === "string").length;
    $$("#legal-bases .doc-row").forEach((row, i) => {
      const path = `legal_bases.${offset + i}`;
      row.dataset.field = path;
      for (const fieldBox of $$(".field", row)) {
        const part = $("[data-part]", fieldBox);
        if (part) fieldBox.dataset.field = `${path}.${part.dataset.part}`;
      }
      row.querySelector(".doc-row-head span").textContent = `Văn bản ${i + 1}`;
    });
  }

  function readDoc(box) {
    const doc = JSON.parse(box.dataset.extra || "{}");
    for (const input of $$("[data-part]", box)) if (input.value.trim()) doc[input.dataset.part] = input.value.trim();
    return doc;
  }

  // --- the request -----------------------------------------------------------------------------

  function buildRequest() {
    const req = structuredClone(state.base);
    req.kind = f.kind.value;
    req.unit = state.unit ? state.unit.code : f.unit.value;
    req.year = intOrRaw(f.year.value);
    setOrDrop(req, "end_year", state.form && state.form.period === "range" && f.endYear.value.trim() ? intOrRaw(f.endYear.value) : null);
    setOrDrop(req, "number", f.number.value.trim() || null);
    setOrDrop(req, "symbol", f.symbol.value.trim() || null);
    const date = {};
    if (f.day.value.trim()) date.day = intOrRaw(f.day.value);
    if (f.month.value.trim()) date.month = intOrRaw(f.month.value);
    setOrDrop(req, "date", Object.keys(date).length ? { ...(state.base.date || {}), ...date } : null);
    setOrDrop(req, "signer", signer());
    req.facts = facts();
    const targets = { ...(state.base.targets || {}) };
    for (const input of $$("#targets [data-key]")) {
      const key = input.dataset.key.split(".").pop();
      if (input.value.trim()) targets[key] = numberOrRaw(input.value); else delete targets[key];
    }
    setOrDrop(req, "targets", Object.keys(targets).length ? targets : null);
    const bases = (state.base.legal_bases || []).filter((b) => typeof b === "string");
    for (const box of $$("#legal-bases .doc-row")) bases.push(readDoc(box));
    setOrDrop(req, "legal_bases", bases.length ? bases : null);
    setOrDrop(req, "clauses", clauses());
    setOrDrop(req, "tone", f.tone.value && f.tone.value !== "classic" ? f.tone.value : null);
    return req;
  }

  function setOrDrop(obj, key, value) {
    if (value === null || value === undefined) delete obj[key]; else obj[key] = value;
  }

  function signer() {
    const given = state.form ? state.form.signer : { mode: "TM", title: "" };
    const mode = f.signerMode.value;
    const title = f.signerTitle.value.trim();
    const name = f.signerName.value.trim();
    if (!name && !title && mode === given.mode) return null;
    return { mode, title: title || (mode === given.mode ? given.title : ""), name };
  }

  function facts() {
    const out = structuredClone(state.base.facts || {});
    setOrDrop(out, "neighbours", lines(f.neighbours.value).length ? lines(f.neighbours.value) : null);
    const villages = $$("#villages .village").map((row) => ({
      name: $("input", row).value.trim(), status: $("select", row).value,
    }));
    setOrDrop(out, "villages", villages.length ? villages : null);
    setOrDrop(out, "village_count", f.villageCount.value.trim() ? intOrRaw(f.villageCount.value) : null);
    setOrDrop(out, "village_word", f.villageWord.value.trim() || null);
    const defaults = new Set(state.form ? state.form.default_traits : []);
    const traits = $$("#traits input:checked").map((i) => i.value).filter((t) => !defaults.has(t));
    setOrDrop(out, "traits", traits.length ? traits : null);
    setOrDrop(out, "theme", f.theme.value.trim() || null);
    setOrDrop(out, "campaign_start", f.campaignStart.value || null);
    setOrDrop(out, "campaign_end", f.campaignEnd.value || null);
    const params = { ...(out.params || {}) };
    for (const input of $$("#params [data-key]")) {
      const key = input.dataset.key.split(".").pop();
      const value = input.value.trim();
      if (!value) { delete params[key]; continue; }
      params[key] = input.dataset.type === "list" ? lines(input.value)
        : input.dataset.type === "number" ? numberOrRaw(value) : value;
    }
    setOrDrop(out, "params", Object.keys(params).length ? params : null);
    const docs = { ...(out.docs || {}) };
    for (const box of $$("#docs .doc-row")) {
      const key = box.dataset.path.split(".").pop();
      const doc = readDoc(box);
      if (doc.type) docs[key] = doc; else delete docs[key];
    }
    setOrDrop(out, "docs", Object.keys(docs).length ? docs : null);
    return out;
  }

  function clauses() {
    const include = new Set((state.base.clauses || {}).include || []);
    const exclude = new Set((state.base.clauses || {}).exclude || []);
    for (const box of $$("#clauses input[data-clause]")) {
      const id = box.dataset.clause;
      const on = box.dataset.defaultOn === "true";
      include.delete(id); exclude.delete(id);
      if (box.checked && !on) include.add(id);
      if (!box.checked && on) exclude.add(id);
    }
    if (!include.size && !exclude.size) return null;
    const out = {};
    if (include.size) out.include = [...include];
    if (exclude.size) out.exclude = [...exclude];
    return out;
  }

  // --- filling the form from a saved request -------------------------------------------------

  const MANAGED_FACTS = ["neighbours", "villages", "village_count", "village_word", "traits",
    "theme", "campaign_start", "campaign_end"];

  async function fillForm(request, unit) {
    f.year.value = request.year;
    await loadProvinces();
    if (unit) await chooseUnit(unit, { keepKind: request.kind });
    if (f.kind.value !== request.kind) { f.kind.value = request.kind; await kindChanged(); }
    const factsIn = request.facts || {};
    f.endYear.value = request.end_year ?? "";
    f.number.value = request.number ?? "";
    f.symbol.value = request.symbol ?? "";
    f.day.value = request.date?.day ?? "";
    f.month.value = request.date?.month ?? "";
    if (request.signer) {
      f.signerMode.value = request.signer.mode ?? "TM";
      f.signerTitle.value = request.signer.title ?? "";
      f.signerName.value = request.signer.name ?? "";
    } else {
      f.signerMode.value = state.form.signer.mode;
      f.signerTitle.value = "";
      f.signerName.value = "";
    }
    f.neighbours.value = (factsIn.neighbours || []).join("\n");
    f.villageCount.value = factsIn.village_count ?? "";
    f.villageWord.value = factsIn.village_word ?? "";
    f.theme.value = factsIn.theme ?? "";
    f.campaignStart.value = factsIn.campaign_start ?? "";
    f.campaignEnd.value = factsIn.campaign_end ?? "";
    f.tone.value = request.tone || "classic";
    const traits = new Set(factsIn.traits || []);
    for (const box of $$("#traits input")) if (!box.disabled) box.checked = traits.has(box.value);
    $("#villages").replaceChildren(...(factsIn.villages || []).map(villageRow));
    for (const input of $$("#targets [data-key]")) input.value = (request.targets || {})[input.dataset.key.split(".").pop()] ?? "";
    const params = factsIn.params || {};
    for (const input of $$("#params [data-key]")) {
      const value = params[input.dataset.key.split(".").pop()];
      input.value = value === undefined ? "" : Array.isArray(value) ? value.join("\n") : String(value);
    }
    const docs = factsIn.docs || {};
    for (const box of $$("#docs .doc-row")) {
      const key = box.dataset.path.split(".").pop();
      box.replaceWith(docRow(box.dataset.path, $(".doc-row-head span", box).textContent, false, docs[key] || {}));
    }
    $("#legal-bases").replaceChildren();
    const include = new Set((request.clauses || {}).include || []);
    const exclude = new Set((request.clauses || {}).exclude || []);
    for (const box of $$("#clauses input[data-clause]")) {
      const on = box.dataset.defaultOn === "true";
      box.checked = include.has(box.dataset.clause) || (on && !exclude.has(box.dataset.clause));
    }
    state.base = unmanaged(request);
    for (const b of request.legal_bases || []) if (typeof b !== "string") addBasis(b);
    renumber();
    schedulePreview(0);
  }

  function unmanaged(request) {
    const base = structuredClone(request);
    for (const key of ["kind", "unit", "year", "end_year", "number", "symbol", "signer", "targets", "tone"]) delete base[key];
    if (base.date) { delete base.date.day; delete base.date.month; if (!Object.keys(base.date).length) delete base.date; }
    if (base.legal_bases) base.legal_bases = base.legal_bases.filter((b) => typeof b === "string");
    const shown = new Set($$("#clauses input[data-clause]").map((b) => b.dataset.clause));
    if (base.clauses) {
      for (const k of ["include", "exclude"]) if (base.clauses[k]) base.clauses[k] = base.clauses[k].filter((c) => !shown.has(c));
    }
    if (base.facts) {
      for (const key of MANAGED_FACTS) delete base.facts[key];
      const paramKeys = new Set($$("#params [data-key]").map((i) => i.dataset.key.split(".").pop()));
      if (base.facts.params) for (const k of paramKeys) delete base.facts.params[k];
      const docKeys = new Set($$("#docs .doc-row").map((b) => b.dataset.path.split(".").pop()));
      if (base.facts.docs) for (const k of docKeys) delete base.facts.docs[k];
    }
    return base;
  }

  function addBasis(doc = {}) {
    $("#legal-bases").append(docRow("legal_bases", "Văn bản", true, doc));
    renumber();
  }

  // --- errors next to their fields -----------------------------------------------------------

  function clearErrors(prefix = "") {
    for (const node of $$(".field-error")) {
      const owner = node.closest("[data-field]");
      if (!prefix || (owner && owner.dataset.field.startsWith(prefix))) node.remove();
    }
    for (const node of $$(".has-error")) if (!prefix || node.dataset.field.startsWith(prefix)) node.classList.remove("has-error");
    if (!prefix) { $("#form-alert").hidden = true; $("#form-alert").replaceChildren(); }
  }

  function fieldBox(path) {
    for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
      const box = $$("[data-field]").find((node) => node.dataset.field === p && node.offsetParent !== null);
      if (box) return box;
    }
    return null;
  }

  function showErrors(detail) {
    clearErrors();
    const loose = [];
    for (const error of detail) {
      const box = error.field ? fieldBox(error.field) : null;
      if (!box) { loose.push(error); continue; }
      box.classList.add("has-error");
      box.append(el("p", { class: "field-error", role: "alert", text: error.message }));
    }
    const alert = $("#form-alert");
    if (loose.length) {
      alert.replaceChildren(el("strong", { text: "Chưa tạo được kế hoạch:" }),
        el("ul", {}, ...loose.map((e) => el("li", { text: e.field ? `${e.field}: ${e.message}` : e.message }))));
      alert.hidden = false;
    }
    const first = $(".has-error") || (loose.length ? alert : null);
    return first;
  }

  // --- preview ---------------------------------------------------------------------------------

  function showPlaceholder() {
    preview.replaceChildren(el("p", { class: "placeholder", text: "Bản xem trước của kế hoạch sẽ hiện ở đây, cập nhật theo từng thay đổi trong biểu mẫu." }));
    setStatus("Chọn đơn vị và loại kế hoạch để xem trước.");
  }

  async function refreshPreview() {
    if (!state.unit || !state.form) { showPlaceholder(); return; }
    const seq = ++state.previewSeq;
    setStatus("Đang cập nhật bản xem trước…", "busy");
    preview.classList.add("stale");
    let response;
    try {
      const provenance = $("#f-provenance")?.checked ? "?provenance=1" : "";
      response = await call("POST", `/api/preview${provenance}`, buildRequest());
    } catch (e) {
      setStatus("Mất kết nối với máy chủ.", "error");
      return;
    }
    if (seq !== state.previewSeq) return;
    if (response.ok) {
      clearErrors();
      preview.innerHTML = await response.text(); // server-rendered, every value escaped
      preview.classList.remove("stale");
      markInapplicable();
      const time = new Date().toLocaleTimeString("vi-VN");
      setStatus(`Bản xem trước đã cập nhật lúc ${time}.`, "ok");
    } else if (response.status === 422) {
      showErrors((await response.json()).detail || []);
      setStatus("Có thông tin chưa hợp lệ — xem chỗ đánh dấu đỏ.", "error");
    } else {
      setStatus(await errorText(response), "error");
    }
  }

  /** Optional clauses the engine left out for this unit (not by the user's choice) are dimmed,
   * with the engine's reason. */
  function markInapplicable() {
    const reasons = new Map($$("#preview .plan-dropped li").map((li) => [li.dataset.id.replace(/^group:/, ""), li.textContent]));
    for (const box of $$("#clauses input[data-clause]")) {
      const label = box.closest("label");
      const reason = box.checked ? reasons.get(box.dataset.clause) : undefined;
      label.classList.toggle("inapplicable", Boolean(reason));
      const text = reason ? readable(reason) : "";
      label.title = reason ? `Không áp dụng cho đơn vị này: ${text}` : "";
      $(".reason", label)?.remove();
      if (reason) $(".clause-text", label).append(el("small", { class: "reason", text: `Không áp dụng cho đơn vị này: ${text}.` }));
    }
  }

  /** The engine's reasons name traits by id ("cần đặc điểm ethnic"): show their labels. */
  function readable(reason) {
    let out = reason;
    for (const t of (state.form && state.form.traits) || []) {
      out = out.replace(new RegExp(`\\b${t.value}\\b`, "g"), `“${t.label.toLowerCase()}”`);
    }
    return out;
  }

  const previewSoon = debounce(refreshPreview, 450);
  function schedulePreview(delay) {
    if (delay === 0) refreshPreview(); else previewSoon();
  }

  // --- documents and drafts --------------------------------------------------------------------

  async function download(format) {
    setStatus(format === "pdf" ? "Đang tạo tệp PDF (có thể mất vài giây)…" : "Đang tạo tệp .docx…", "busy");
    const response = await call("POST", `/api/generate?format=${format}`, buildRequest());
    if (response.status === 422) {
      showErrors((await response.json()).detail || []);
      setStatus("Chưa tạo được tệp: có thông tin chưa hợp lệ.", "error");
      return;
    }
    if (!response.ok) { setStatus(await errorText(response), "error"); return; }
    const blob = await response.blob();
    const disposition = response.headers.get("Content-Disposition") || "";
    const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || `ke-hoach.${format}`;
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
    setStatus(`Đã tạo tệp ${name}.`, "ok");
  }

  async function saveDraft(asNew = false) {
    const body = { title: f.title.value.trim(), request: buildRequest() };
    const editing = state.draftId && !asNew;
    draftStatus("Đang lưu bản nháp…", "busy");
    const response = await call(editing ? "PUT" : "POST", editing ? `/api/drafts/${state.draftId}` : "/api/drafts", body);
    if (!response.ok) {
      if (response.status === 422) {
        const detail = ((await response.json()).detail || []).map((d) => ({ ...d, field: d.field.replace(/^request\.?/, "") }));
        showErrors(detail);
        draftStatus("Chưa lưu được: có thông tin chưa hợp lệ.", "error");
      } else {
        draftStatus(`Chưa lưu được: ${await errorText(response)}`, "error");
        $("#draft-signin").hidden = response.status !== 401;
      }
      return;
    }
    const draft = await response.json();
    setDraft(draft);
    draftStatus(`Đã lưu bản nháp “${draft.title}”.`, "ok");
    await loadDrafts();
  }

  /** The draft being edited: its id, title, and the link to its history (state, submit). */
  function setDraft(draft) {
    state.draftId = draft ? draft.id : null;
    if (draft) f.title.value = draft.title;
    $("#new-draft").hidden = !draft;
    const trail = $("#draft-trail");
    trail.hidden = !draft;
    if (draft) {
      trail.href = `/ban-nhap/${encodeURIComponent(draft.id)}`;
      trail.textContent = `Bản nháp ${draft.state_label} — trạng thái, lịch sử và gửi duyệt ›`;
    }
  }

  async function loadDrafts() {
    const list = $("#drafts-list");
    const response = await call("GET", "/api/drafts");
    const drafts = response.ok ? await response.json() : [];
    $("#draft-signin").hidden = response.status !== 401;
    $("#drafts-count").textContent = response.ok ? `(${drafts.length})` : "";
    if (!response.ok) {
      const why = response.status === 401 ? "Đăng nhập để xem các bản nháp của đơn vị." : await errorText(response);
      list.replaceChildren(el("li", { class: "empty", text: why }));
      return;
    }
    if (!drafts.length) { list.replaceChildren(el("li", { class: "empty", text: "Chưa có bản nháp nào." })); return; }
    list.replaceChildren(...drafts.map((d) => {
      const open = el("button", { type: "button", class: "btn btn-small", text: "Mở" });
      open.addEventListener("click", () => openDraft(d.id));
      const remove = el("button", { type: "button", class: "btn btn-small btn-quiet", text: "Xóa" });
      remove.addEventListener("click", () => deleteDraft(d));
      const when = new Date(d.updated_at).toLocaleString("vi-VN");
      return el("li", { class: d.id === state.draftId ? "current" : "", dataset: { id: d.id } },
        el("div", { class: "draft-text" }, el("div", { class: "draft-title", text: d.title, title: d.title }),
          el("div", { class: "draft-meta", text: `${d.unit_label} · ${d.state_label} · sửa lúc ${when}` })), open, remove);
    }));
  }

  async function openDraft(id) {
    draftStatus("Đang mở bản nháp…", "busy");
    let draft;
    try { draft = await getJSON(`/api/drafts/${encodeURIComponent(id)}`); } catch (e) { draftStatus(e.message, "error"); return; }
    setDraft(draft);
    await fillForm(draft.request, draft.unit);
    await loadDrafts();
    draftStatus(`Đã mở bản nháp “${draft.title}”.`, "ok");
  }

  async function deleteDraft(draft) {
    if (!window.confirm(`Xóa bản nháp “${draft.title}”?`)) return;
    const response = await call("DELETE", `/api/drafts/${encodeURIComponent(draft.id)}`);
    if (response.ok && draft.id === state.draftId) setDraft(null);
    draftStatus(response.ok ? "Đã xóa bản nháp." : await errorText(response), response.ok ? "ok" : "error");
    await loadDrafts();
  }

  // --- wiring ----------------------------------------------------------------------------------

  function wire() {
    const searchSoon = debounce(() => picker.search(), 180);
    f.unit.addEventListener("input", () => {
      if (state.unit && f.unit.value !== state.unit.label) forgetUnit();
      searchSoon();
    });
    f.unit.addEventListener("focus", () => { if (!state.unit) searchSoon(); });
    f.unit.addEventListener("keydown", (e) => picker.key(e));
    f.unit.addEventListener("blur", () => setTimeout(() => picker.close(), 150));
    picker.list.addEventListener("mousedown", (e) => {
      const li = e.target.closest("li[data-index]");
      if (li) { e.preventDefault(); chooseUnit(picker.results[Number(li.dataset.index)]); }
    });
    f.province.addEventListener("change", () => {
      if (state.unit && String(state.unit.province_code) !== f.province.value) { f.unit.value = ""; forgetUnit(); }
      f.unit.focus();
      picker.search();
    });
    f.year.addEventListener("change", async () => {
      await loadProvinces();
      if (state.unit) {
        if (state.unit.era !== state.era) { f.unit.value = ""; forgetUnit(); } else await loadKinds(f.kind.value);
      }
    });
    f.kind.addEventListener("change", () => kindChanged());
    $("#add-village").addEventListener("click", () => { $("#villages").append(villageRow()); renumber(); $("#villages .village:last-child input").focus(); });
    $("#add-basis").addEventListener("click", () => addBasis());
    form.addEventListener("input", (e) => { if (e.target !== f.unit && e.target !== f.year) schedulePreview(); });
    form.addEventListener("change", (e) => { if (e.target !== f.unit && e.target !== f.kind && e.target !== f.province) schedulePreview(); });
    form.addEventListener("submit", (e) => e.preventDefault());
    $("#download-docx").addEventListener("click", () => download("docx"));
    $("#download-pdf").addEventListener("click", () => download("pdf"));
    $("#f-provenance")?.addEventListener("change", () => schedulePreview(0));
    $("#save-draft").addEventListener("click", () => saveDraft(false));
    $("#new-draft").addEventListener("click", () => saveDraft(true));
  }

  async function start() {
    wire();
    await loadProvinces();
    await loadDrafts();
    const asked = new URLSearchParams(window.location.search).get("ban-nhap"); // from a history page
    if (asked) await openDraft(asked);
    document.body.dataset.ready = "true";
  }

  start().catch((e) => setStatus(`Không tải được dữ liệu: ${e.message}`, "error"));
})();
