// Dossier intake at the counter: search the catalogue as you type, tick the documents received, see the appointment
// before saving, save through the dossier API (which validates: its refusals are shown beside their fields), then
// Form 01 on the counter's printer, or the A5 page in the browser when the counter has none. Plain script, no build.
(() => {
  "use strict";
  const page = JSON.parse(document.getElementById("intake-page").textContent);
  const words = page.words;
  const $ = id => document.getElementById(id);
  const say = (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const back = () => { location.href = page.desk; };
  const form = $("intake");
  if (!form) {  // no ticket at this counter: the page only says so
    document.addEventListener("keydown", event => { if (event.key === "Escape") back(); });
    document.body.dataset.ready = "1";
    return;
  }
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const FIELDS = ["name", "id_number", "phone", "address", "sets"];
  const KINDS = ["originals", "certified_copies", "copies"];
  let catalogue = [], shown = [], selected = 0, procedure = null, saved = null;

  // "Đăng ký khai sinh" is found by "dang ky khai sinh" too: compare without diacritics (đ is a letter of its own).
  const plain = text => (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  const element = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  // An ISO local time from the service ("2026-11-26T10:00:00+07:00") as people read it, in the centre's own time.
  const when = iso => say("due_at", {time: iso.slice(11, 16), day: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`});
  const send = (url, body) => fetch(url, {method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
    headers: {"X-CSRF-Token": token, "Content-Type": "application/json"}});
  const refusal = async response => ((await response.json().catch(() => ({}))).error || {});
  const message = error => (page.lang === "en" ? error.message_en : error.message_vi) || "";

  function search() {
    const words = plain($("procedure-search").value).split(/\s+/).filter(Boolean);
    shown = catalogue.filter(p => words.every(w => p.haystack.includes(w))).slice(0, 8);
    selected = 0;
    $("results").replaceChildren(...shown.map((p, i) => {
      const item = element("li", {role: "option"}, p.name, " ", element("small", {}, `${p.code || p.key} · ${p.limit_vi}`));
      item.setAttribute("aria-selected", String(i === selected));
      item.dataset.key = p.key;
      item.addEventListener("mousedown", event => { event.preventDefault(); choose(p); });
      return item;
    }));
    if (!shown.length) $("results").append(element("li", {className: "empty"}, say("procedure_none")));
  }

  function highlight(index) {
    if (!shown.length) return;
    selected = (index + shown.length) % shown.length;
    [...$("results").children].forEach((item, i) => item.setAttribute("aria-selected", String(i === selected)));
  }

  async function choose(chosen) {
    procedure = chosen;
    problem("procedure", "");
    $("chosen").replaceChildren(`✔ ${chosen.name} `, element("small", {}, `${chosen.code || chosen.key} · ${say("time_limit")}: ${chosen.limit_vi}`));
    $("checklist").replaceChildren(...chosen.documents.map((name, i) => {
      const kind = element("select", {id: `kind-${i}`, title: name}, ...KINDS.map(k => element("option", {value: k}, say(k))));
      const box = element("input", {type: "checkbox", id: `doc-${i}`, value: name});
      return element("li", {}, element("label", {htmlFor: `doc-${i}`}, box, name), kind);
    }));
    $("name").focus();
    await showDue();
  }

  async function showDue() {
    if (!procedure) return;
    const response = await fetch(page.appointment.replace("{key}", encodeURIComponent(procedure.key)), {credentials: "same-origin"});
    if (response.ok) {
      const answer = await response.json();
      $("due-at").textContent = when(answer.due);
      $("due-at").dataset.due = answer.due;
    }
  }

  function problem(field, text) {
    $(`problem-${field}`).textContent = text;
    const input = field === "procedure" ? $("procedure-search") : $(field);
    input.setAttribute("aria-invalid", String(Boolean(text)));
  }

  function showRefusal(error) {
    // The dossier rules answered 422 with pydantic's errors: each one beside its own field, in our words.
    const errors = (error.details && error.details.errors) || [];
    let first = null;
    for (const e of errors) {
      const field = e.loc[e.loc.length - 1];
      if (!FIELDS.includes(field)) continue;
      const key = {name: "bad_name", id_number: "bad_id_number", phone: "bad_phone"}[field] || "bad_field";
      problem(field, say(key));
      first = first || field;
    }
    if (first) $(first).focus();
    else $("problem").textContent = message(error);
  }

  async function save() {
    $("problem").textContent = "";
    FIELDS.forEach(field => problem(field, ""));
    if (!procedure) { problem("procedure", say("procedure_pick")); $("procedure-search").focus(); return; }
    const phone = $("phone").value.trim();
    const documents = procedure.documents.map((name, i) => ({name, box: $(`doc-${i}`), kind: $(`kind-${i}`).value}))
      .filter(d => d.box.checked).map(d => ({name: d.name, [d.kind]: 1}));
    const body = {procedure: procedure.key, ticket_id: page.ticket.id, documents, sets: Number($("sets").value) || 1,
      applicant: {name: $("name").value.trim(), id_number: $("id_number").value.trim(), phone: phone || null,
                  address: $("address").value.trim(), sms_consent: $("sms_consent").checked}};
    $("save").disabled = true;
    try {
      const response = await send(page.dossiers, body);
      if (response.status !== 201) { showRefusal(await refusal(response)); return; }
      saved = await response.json();
      await receipt(saved);
    } catch (e) {
      $("problem").textContent = say("offline");
    } finally {
      $("save").disabled = false;
    }
  }

  async function receipt(dossier) {
    form.hidden = true;
    $("done").hidden = false;
    $("done-title").textContent = say("saved", {code: dossier.code});
    $("done-due").textContent = when(dossier.due_at);
    $("done-due").dataset.due = dossier.due_at;
    const status = $("receipt-status"), link = $("receipt-link");
    link.href = page.receipt.replace("{code}", encodeURIComponent(dossier.code));
    $("receipt-pdf").href = `${link.href}/pdf`;  // the same form as a PDF made by the service, printed or not
    const response = await send(page.print.replace("{code}", encodeURIComponent(dossier.code)));
    if (response.status === 202) {
      status.textContent = say("printed", {device: (await response.json()).device});
      status.className = "printed";
    } else {  // no printer at this counter, or the service is not connected to devices: the A5 page instead
      status.textContent = `${message(await refusal(response))}. ${say("print_in_browser")}`;
      status.className = "browser";
      link.hidden = false;
      link.focus();
    }
    document.body.dataset.saved = dossier.code;
  }

  $("procedure-search").addEventListener("input", search);
  $("procedure-search").addEventListener("keydown", event => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") { event.preventDefault(); highlight(selected + (event.key === "ArrowDown" ? 1 : -1)); }
    if (event.key === "Enter") { event.preventDefault(); if (shown[selected]) choose(shown[selected]); }
  });
  form.addEventListener("submit", event => { event.preventDefault(); save(); });
  document.addEventListener("keydown", event => {
    if (event.key === "Escape") { event.preventDefault(); back(); return; }
    if (saved && !$("receipt-link").hidden && event.key.toUpperCase() === "P") { event.preventDefault(); $("receipt-link").click(); }
  });
  setInterval(showDue, 30000);  // the appointment counts from now: keep the shown one current while the form is filled

  fetch(page.procedures, {credentials: "same-origin"}).then(r => r.json()).then(rows => {
    catalogue = rows.map(p => {
      const name = page.lang === "en" ? p.name_en || p.name_vi : p.name_vi;
      return Object.assign(p, {name, limit_vi: page.lang === "en" ? p.limit : p.limit_vi, haystack: plain(`${p.name_vi} ${p.name_en} ${p.code} ${p.key}`)});
    });
    search();
    $("procedure-search").focus();
    document.body.dataset.ready = "1";
  });
})();
