// The devices page, live: every device of the centre (GET devices), each row replaced by the `device` events of the
// centre's live feed (availability, health, meta as the device last reported them), the whole list read again on a
// (re)connection. Screen agents show a thumbnail of their screen, for administrators, linking to the mirror page
// (which takes touches). No build step: plain script, served as is.
(() => {
  "use strict";
  const page = JSON.parse(document.getElementById("devices-page").textContent);
  const words = page.words;
  const $ = id => document.getElementById(id);
  const say = (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const element = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter(c => c !== null && c !== undefined));
    return node;
  };
  const devices = new Map();
  const THUMB_MS = 3000;

  function when(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    const zone = {timeZone: page.timezone};
    return `${d.toLocaleTimeString("vi-VN", {...zone, hour12: false})} ${d.toLocaleDateString("vi-VN", zone)}`;
  }

  function row(d) {
    const avail = d.availability || "none";
    const parts = Object.entries(d.health || {});
    const health = parts.length
      ? element("ul", {className: "parts"}, ...parts.map(([part, p]) =>
          element("li", {className: p.status}, `${words[`part_${part}`] || part}: ${words[`health_${p.status}`] || p.status}`,
                  ...(p.status !== "ok" && p.detail ? [element("small", {}, ` · ${p.detail}`)] : []))))
      : element("span", {}, "—");
    const screen = element("td", {className: "screen"});
    if (d.mirror && page.admin) {
      const mirror = `/devices/${encodeURIComponent(d.id)}/mirror?centre=${encodeURIComponent(page.centre)}#csrf=${page.csrf}`;
      const img = element("img", {alt: `${say("screen")} ${d.id}`});
      img.dataset.device = d.id;
      screen.append(element("a", {href: mirror, className: "mirror"}, img, say("open_mirror")));
    } else if (d.mirror) {
      screen.append(element("span", {className: "note"}, say("no_thumbnail")));
    }
    const tr = element("tr", {className: ["ready", "alert"].includes(avail) ? "" : "offline"},
      element("td", {className: "id"}, d.id, element("small", {}, words[`kind_${d.kind}`] || d.kind)),
      element("td", {}, d.counter ? String(d.counter) : "—"),
      element("td", {}, element("span", {className: `avail ${avail}`}, say(`avail_${avail}`))),
      element("td", {}, when(d.last_seen)), element("td", {}, health),
      element("td", {}, d.software || "—"), screen);
    tr.dataset.device = d.id;
    tr.dataset.availability = avail;
    return tr;
  }

  function renderAll() {
    const sorted = [...devices.values()].sort((a, b) => (a.kind + a.id).localeCompare(b.kind + b.id));
    $("devices").replaceChildren(...(sorted.length ? sorted.map(row) : [element("tr", {}, element("td", {colSpan: 7}, say("no_devices")))]));
    thumbnails();
  }

  function apply(d) {
    devices.set(d.id, d);
    const old = document.querySelector(`#devices tr[data-device="${CSS.escape(d.id)}"]`);
    if (old) { old.replaceWith(row(d)); thumbnails(); } else renderAll();
  }

  async function readAll() {
    try {
      const response = await fetch(page.api, {credentials: "same-origin", cache: "no-store"});
      if (response.status === 401 || response.status === 403) { location.reload(); return; }
      if (!response.ok) return;
      devices.clear();
      for (const d of await response.json()) devices.set(d.id, d);
      renderAll();
    } catch (e) { /* the service is away: the feed's reconnection reads again */ }
  }

  const shown = new Map();  // device → object URL of its last thumbnail
  async function thumbnail(img) {
    const id = img.dataset.device, d = devices.get(id);
    if (!d || !["ready", "alert"].includes(d.availability)) { img.removeAttribute("src"); return; }
    try {
      const response = await fetch(`${page.api}/${encodeURIComponent(id)}/screen.png`, {credentials: "same-origin", cache: "no-store"});
      if (!response.ok) return;
      const url = URL.createObjectURL(await response.blob());
      if (shown.has(id)) URL.revokeObjectURL(shown.get(id));
      shown.set(id, url);
      for (const each of document.querySelectorAll(`img[data-device="${CSS.escape(id)}"]`)) each.src = url;
    } catch (e) { /* next round */ }
  }
  function thumbnails() {
    for (const img of document.querySelectorAll("img[data-device]")) {
      if (shown.has(img.dataset.device)) img.src = shown.get(img.dataset.device);
    }
  }
  async function refreshThumbnails() {
    await Promise.all([...document.querySelectorAll("img[data-device]")].map(thumbnail));
    setTimeout(refreshThumbnails, THUMB_MS);
  }

  function follow() {
    const feed = new EventSource(page.live, {withCredentials: true});
    const live = up => { $("link").textContent = up ? say("live") : say("reconnecting"); $("link").classList.toggle("down", !up); };
    feed.addEventListener("open", () => { live(true); readAll(); });
    feed.addEventListener("reset", () => { live(true); readAll(); });
    feed.addEventListener("device", event => { live(true); apply(JSON.parse(event.data)); });
    feed.addEventListener("error", () => {
      live(false);
      if (feed.readyState === EventSource.CLOSED) setTimeout(follow, 2000);
    });
  }

  for (const d of page.initial) devices.set(d.id, d);
  renderAll();
  follow();
  if (page.admin) refreshThumbnails();
  document.body.dataset.ready = "1";
})();
