// The operations board, live: it follows the centre's live feed with the board's figures (server-sent events, `board`:
// computed by the service once for every board after each queue, device or alert change) and renders each; it reads
// them (GET operations) only when its stream (re)opens. Waits and service times grow on the page's own clock between
// events. No build step: plain script, served as is.
(() => {
  "use strict";
  const page = JSON.parse(document.getElementById("board-page").textContent);
  const words = page.words, en = page.lang === "en";
  const $ = id => document.getElementById(id);
  let state = null, clockOffset = 0, reading = false, pushed = 0, feed = null;

  const say = (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const name = thing => en ? (thing.name_en || thing.name_vi) : thing.name_vi;
  const now = () => Date.now() + clockOffset;
  const minutesSince = iso => Math.max(0, Math.floor((now() - Date.parse(iso)) / 60000));
  const zone = {timeZone: page.timezone, hour12: false};  // the centre's time, whatever the screen's own zone
  const hhmm = iso => new Date(iso).toLocaleTimeString("vi-VN", {...zone, hour: "2-digit", minute: "2-digit"});
  const element = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter(c => c !== null && c !== undefined));
    return node;
  };
  const minutes = m => m === null || m === undefined ? "—" : say("minutes", {n: String(m).replace(".", en ? "." : ",")});

  function render(next) {
    state = next;
    clockOffset = Date.parse(next.at) - Date.now();
    $("fields").replaceChildren(...next.fields.map(f => {
      const row = element("tr", {},
        element("td", {className: "name"}, name(f)),
        element("td", {className: "big"}, String(f.waiting)),
        element("td", {className: "longest"}),
        element("td", {className: f.average_wait_minutes > f.target_wait_minutes ? "over" : ""}, minutes(f.average_wait_minutes)),
        element("td", {}, minutes(f.target_wait_minutes)),
        element("td", {}, minutes(f.estimated_wait_minutes)),
        element("td", {}, f.counters_open.join(", ") || "—"),
        element("td", {}, String(f.served_today)));
      row.dataset.field = f.code;
      return row;
    }));
    $("counters").replaceChildren(...next.counters.map(c => {
      const box = element("div", {className: `counter ${c.status}`},
        element("div", {className: "top"}, say("counter_n", {n: c.number})),
        element("div", {className: "num"}, element("span", {}, c.number_now || "—"), element("span", {className: "for"})),
        element("div", {className: "status"}, say(`status_${c.status}`)),
        element("div", {className: "who"}, c.clerk_name || ""));
      box.dataset.counter = c.number;
      return box;
    }));
    const list = next.alerts.map(a => {
      const when = a.ended_at ? say("ended", {a: hhmm(a.began_at), b: hhmm(a.ended_at)}) : say("began", {t: hhmm(a.began_at)});
      const item = element("li", {className: a.ended_at ? "ended" : a.severity},
        element("span", {className: "when"}, when), en ? a.text_en : a.text_vi);
      if (a.detail && a.kind !== "paper_out" && a.kind !== "paper_low") item.title = a.detail;  // what the device said
      item.dataset.kind = a.kind;
      item.dataset.subject = a.subject;
      if (!a.ended_at) item.dataset.open = "1";
      return item;
    });
    $("alert-list").replaceChildren(...(list.length ? list : [element("li", {className: "empty"}, say("no_alerts"))]));
    const t = next.today;
    const card = (label, value, bad) => element("div", {className: bad ? "card bad" : "card"},
      element("div", {className: "label"}, label), element("div", {className: "value"}, value));
    $("today").replaceChildren(
      card(say("issued"), String(t.issued)), card(say("served_today"), String(t.served)),
      card(say("no_shows"), String(t.no_shows)), card(say("due_today"), String(t.dossiers_due_today)),
      card(say("overdue"), String(t.dossiers_overdue), t.dossiers_overdue > 0),
      card(say("on_time"), t.on_time_rate === null ? "—" : `${Math.round(t.on_time_rate * 1000) / 10}%`.replace(".", en ? "." : ",")));
    const total = t.ratings.reduce((sum, r) => sum + r.count, 0);
    const colours = ["#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828"];
    $("ratings").replaceChildren(element("div", {className: "label"}, total ? say("ratings") : `${say("ratings")}: ${say("no_ratings")}`),
      ...t.ratings.map((r, i) => {
        const bar = element("div", {className: "bar"}, element("span"));
        bar.firstChild.style.width = `${total ? 100 * r.count / total : 0}%`;
        bar.firstChild.style.background = colours[Math.round(i * (colours.length - 1) / Math.max(1, t.ratings.length - 1))];
        return element("div", {className: "rating"}, element("span", {}, name(r)), bar, element("span", {className: "n"}, String(r.count)));
      }));
    const line = $("devices-line");
    line.textContent = say("devices_offline", {n: next.devices_offline, total: next.devices_total});
    line.classList.toggle("bad", next.devices_offline > 0);
    document.body.dataset.event = next.event_id;
    tick();
  }

  function tick() {
    $("clock").textContent = new Date(now()).toLocaleTimeString("vi-VN", zone);
    if (!state) return;
    for (const f of state.fields) {
      const cell = document.querySelector(`#fields tr[data-field="${f.code}"] .longest`);
      if (!cell) continue;
      const waited = f.oldest_since ? minutesSince(f.oldest_since) : null;
      cell.textContent = f.waiting && waited !== null ? minutes(waited) : "—";
      cell.classList.toggle("over", waited !== null && f.waiting > 0 && waited > f.target_wait_minutes);
      cell.parentElement.classList.toggle("over", waited !== null && f.waiting > 0 && waited > f.target_wait_minutes);
    }
    for (const c of state.counters) {
      const cell = document.querySelector(`#counters [data-counter="${c.number}"] .for`);
      if (cell) cell.textContent = c.since ? say("for_minutes", {m: minutesSince(c.since)}) : "";
    }
  }

  async function read() {
    // On (re)connection only. A `board` event that arrives meanwhile is newer than this answer: it is kept.
    if (reading) return;
    reading = true;
    const before = pushed;
    try {
      const response = await fetch(page.api, {credentials: "same-origin", cache: "no-store"});
      if (response.status === 401 || response.status === 403) { location.reload(); return; }
      const next = response.ok ? await response.json() : null;
      if (next && pushed === before) render(next);
    } catch (e) {
      // the service is away: the feed's reconnection reads again
    } finally {
      reading = false;
    }
  }

  function follow() {
    feed = new EventSource(`${page.live}?with=board`, {withCredentials: true});
    const live = up => { $("link").textContent = up ? say("live") : say("reconnecting"); $("link").classList.toggle("down", !up); };
    feed.addEventListener("open", () => { live(true); read(); });
    feed.addEventListener("reset", () => { live(true); read(); });
    feed.addEventListener("board", event => { live(true); pushed += 1; render(JSON.parse(event.data)); });
    feed.addEventListener("error", () => {
      live(false);
      if (feed.readyState === EventSource.CLOSED) setTimeout(follow, 2000);  // refused: try again a little later
    });
  }

  render(page.initial);
  setInterval(tick, 1000);
  follow();
  document.body.dataset.ready = "1";
})();
