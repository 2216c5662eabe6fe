// The counter screen, live: it renders the counter's state (GET desk/state), follows the centre's live feed
// (server-sent events) and reads its state again after every change, whoever made it: this page, another tab, the
// counter's keypad, a kiosk. No build step: plain script, served as is.
(() => {
  "use strict";
  const page = JSON.parse(document.getElementById("desk-page").textContent);
  const words = page.words;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const $ = id => document.getElementById(id);
  const buttons = [...document.querySelectorAll("button[data-action]")];
  const dialog = $("transfer-dialog");
  let state = null, clockOffset = 0, reading = false, readAgain = false, feed = null;

  const say = (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const duration = seconds => say("minutes_seconds", {m: Math.floor(seconds / 60), s: String(Math.floor(seconds % 60)).padStart(2, "0")});
  const element = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };

  function render(next) {
    state = next;
    clockOffset = Date.parse(next.now) - Date.now();
    const counter = next.counter, current = counter.current;
    $("counter-status").textContent = say(`status_${counter.status}`);
    const number = $("current-number");
    number.textContent = current ? current.number : say("no_number");
    number.classList.toggle("none", !current);
    document.querySelector(".current .field").textContent = current ? (page.lang === "en" ? current.field.name_en : current.field.name_vi) : "";
    let status = "";
    if (current) {
      status = ["called", "serving"].includes(current.state) ? say(`ticket_${current.state}`) : current.state;
      if (current.recalls) status += ` · ${say("recalls", {n: current.recalls})}`;
    }
    document.querySelector(".current .state").textContent = status;
    $("why").textContent = next.why ? `${say("why", {number: next.why_number})}: ${next.why}` : "";
    $("served-today").textContent = next.served_today;
    $("average-service").textContent = next.average_service_s == null ? "–" : duration(next.average_service_s);
    const pause = buttons.find(b => b.dataset.key === "T");
    const paused = counter.status === "paused";
    pause.dataset.action = paused ? "resume" : "pause";
    pause.querySelector("span").textContent = say(paused ? "resume" : "pause");
    renderQueues(next.queues);
    tick();
  }

  function renderQueues(queues) {
    const focused = document.activeElement && document.activeElement.dataset.ticket;  // kept across a re-render
    $("queues").replaceChildren(...queues.map(queue => {
      const list = element("ul");
      for (const ticket of queue.tickets) {
        const marks = [];
        if (ticket.priority) marks.push(element("span", {className: "mark priority", title: ticket.priority}, ticket.priority));
        if (ticket.booking) marks.push(element("span", {className: "mark booking"}, say("booking_at", {time: ticket.booking})));
        if (ticket.transferred) marks.push(element("span", {className: "mark transferred"}, say("transferred_mark")));
        const button = element("button", {type: "button", className: "ticket", title: say("call_this")},
          element("b", {}, ticket.number), " ", element("small", {}, say("waited_min", {n: ticket.waited_minutes})), ...marks);
        button.dataset.ticket = ticket.id;
        button.dataset.number = ticket.number;
        button.addEventListener("click", () => act("call", {ticket_id: ticket.id}));
        list.append(element("li", {}, button));
      }
      if (!queue.tickets.length) list.append(element("li", {className: "empty"}, say("nobody_waiting")));
      if (queue.waiting > queue.tickets.length) list.append(element("li", {className: "empty"}, say("more_waiting", {n: queue.waiting - queue.tickets.length})));
      const title = element("h4", {}, `${queue.name}: ${say("waiting_n", {n: queue.waiting})}`);
      const section = element("section", {className: "queue"}, title, list);
      if (queue.code) section.dataset.field = queue.code;
      return section;
    }));
    const again = focused && document.querySelector(`#queues .ticket[data-ticket="${focused}"]`);
    if (again) again.focus();
  }

  function tick() {
    const since = state && state.since && state.counter.current ? Date.parse(state.since) : null;
    $("timer").textContent = since === null ? "" : `${say("timer")}: ${duration(Math.max(0, (Date.now() + clockOffset - since) / 1000))}`;
  }

  async function read() {
    // One read at a time; changes during a read ask for one more, so the last read always follows the last change.
    if (reading) { readAgain = true; return; }
    reading = true;
    try {
      do {
        readAgain = false;
        const response = await fetch(page.state, {credentials: "same-origin", cache: "no-store"});
        if (response.status === 401) { location.reload(); return; }  // signed out: the page goes to sign-in
        const next = response.ok ? await response.json() : null;
        // A change arrived while this read was on its way: its answer may be older than what the change's event
        // already showed, so it is not shown; the next read, started now, is.
        if (next && !readAgain) render(next);
      } while (readAgain);
    } catch (e) {
      readAgain = false;  // the service is away: the feed's reconnection reads again
    } finally {
      reading = false;
    }
  }

  function follow() {
    feed = new EventSource(page.live, {withCredentials: true});
    // Each time the stream opens, read the state once: a change committed between the page's (or the last
    // stream's) state and this subscription is caught up, and the screen never waits for the next change.
    feed.addEventListener("open", () => { $("offline").hidden = true; read(); });
    feed.addEventListener("reset", () => { $("offline").hidden = true; read(); });
    feed.addEventListener("change", event => {
      const change = JSON.parse(event.data);
      if (change.counter && change.counter.number === state.counter.number) {
        render(Object.assign({}, state, {counter: change.counter}));  // this counter's new number at once
      }
      read();
    });
    feed.addEventListener("error", () => {
      $("offline").hidden = false;
      if (feed.readyState === EventSource.CLOSED) {  // refused (e.g. the service came back before its routes did)
        setTimeout(follow, 2000);
      }
    });
  }

  async function act(action, body) {
    buttons.forEach(b => b.disabled = true);
    $("problem").textContent = "";
    try {
      const init = {method: "POST", credentials: "same-origin", headers: {"X-CSRF-Token": token}};
      if (body) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
      const response = await fetch(`${page.api}/${action}`, init);
      if (!response.ok) {
        const error = (await response.json().catch(() => ({}))).error || {};
        $("problem").textContent = (page.lang === "en" ? error.message_en : error.message_vi) || `HTTP ${response.status}`;
      }
    } catch (e) {
      $("offline").hidden = false;
    }
    buttons.forEach(b => b.disabled = false);
  }

  function openTransfer() {
    if (!state.counter.current) { act("transfer", {}); return; }  // the service says there is nothing to transfer
    $("transfer-title").textContent = say("transfer_title", {number: state.counter.current.number});
    $("to-field").value = "";
    $("to-counter").value = "";
    dialog.showModal();
    $("to-field").focus();
  }

  dialog.querySelector("form").addEventListener("submit", () => {
    const field = $("to-field").value, counter = $("to-counter").value;
    act("transfer", {to_field: field || null, to_counter: counter ? Number(counter) : null});
  });
  $("transfer-cancel").addEventListener("click", () => dialog.close());
  dialog.addEventListener("keydown", event => {  // Enter confirms from either list; Esc closes (the browser's own)
    if (event.key === "Enter") { event.preventDefault(); dialog.querySelector("form").requestSubmit($("transfer-ok")); }
  });

  function press(button) {
    if (button.dataset.href) location.href = button.dataset.href;  // a page of its own (dossier intake, finding one)
    else if (button.dataset.action === "transfer") openTransfer();
    else act(button.dataset.action);
  }

  buttons.forEach(b => b.addEventListener("click", () => press(b)));
  document.addEventListener("keydown", event => {
    if (dialog.open || event.ctrlKey || event.altKey || event.metaKey || event.target.closest("input, textarea, select")) return;
    const key = event.key.toUpperCase();
    if (key === "S") {
      const first = document.querySelector("#queues .ticket");
      if (first) { event.preventDefault(); first.focus(); }
      return;
    }
    const button = buttons.find(b => b.dataset.key === key);
    if (button && !button.disabled) { event.preventDefault(); press(button); }
  });

  render(page.initial);
  setInterval(tick, 1000);
  follow();
  document.body.dataset.ready = "1";  // the keys work from here on (tests wait for it)
})();
