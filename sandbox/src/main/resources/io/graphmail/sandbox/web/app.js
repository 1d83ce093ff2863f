// The sandbox's web page: captured mail (live, by polling the stats' mailVersion) and the service panel.
// Every value shown comes from whoever sent the mail, so it is set as text, never as HTML; the HTML body is shown
// only inside a sandboxed frame whose own Content-Security-Policy blocks scripts and remote images.
"use strict";

const POLL_MS = 1000;
const $ = (sel) => document.querySelector(sel);
const state = { messages: [], selected: null, mailVersion: -1, tab: "html", filter: "", view: "mail" };
const VIA = { "sendMail-mime": ["MIME", "via-mime"], "sendMail-json": ["JSON", "via-json"], "draft": ["draft + upload", "via-draft"], "smtp": ["SMTP", "via-smtp"] };

async function api(method, path, body) {
  const r = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  if (!r.ok && r.status !== 204) {
    let text = r.status + "";
    try { text = (await r.json()).error || text; } catch (e) { /* not JSON */ }
    throw new Error(text);
  }
  return r.status === 204 ? null : r;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function clip() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "clip");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M21 11.5l-8.6 8.6a5 5 0 01-7.1-7.1l8.6-8.6a3.5 3.5 0 015 5l-8.6 8.6a2 2 0 01-2.8-2.8l7.9-7.9");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "2");
  path.setAttribute("stroke-linecap", "round");
  svg.append(path);
  return svg;
}

function size(bytes) {
  if (bytes < 1024) return bytes + " B";
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
  return (bytes / 1024 / 1024).toFixed(1) + " MB";
}

function when(iso) {
  const d = new Date(iso);
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  const sameDay = new Date().toDateString() === d.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function matches(m, q) {
  if (!q) return true;
  const hay = [m.from, m.subject || "", m.mailbox, ...m.to, ...m.cc, ...m.bcc].join(" ").toLowerCase();
  return q.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

function renderList(freshIds) {
  const list = $("#messages");
  const shown = state.messages.slice().reverse().filter((m) => matches(m, state.filter));
  list.replaceChildren(...shown.map((m) => {
    const [viaText, viaClass] = VIA[m.submittedVia] || [m.submittedVia, ""];
    const attachments = m.attachments.length ? el("span", { title: m.attachments.length + " attachment(s)" }, clip(), m.attachments.length + "") : null;
    const button = el("button", { type: "button", "aria-label": (m.subject || "(no subject)") + " from " + m.from },
      el("span", { class: "m-from", text: m.from }),
      el("time", { class: "m-time", datetime: m.acceptedAt, title: new Date(m.acceptedAt).toLocaleString(), text: when(m.acceptedAt) }),
      el("span", { class: "m-subject", text: m.subject || "(no subject)" }),
      el("span", { class: "m-meta" }, attachments, el("span", { text: size(m.size) }), el("span", { class: "via " + viaClass, text: viaText })),
      el("span", { class: "m-to", text: "to " + [...m.to, ...m.cc].join(", ") + (m.bcc.length ? " \u00b7 bcc " + m.bcc.join(", ") : "") }));
    button.addEventListener("click", () => select(m.id));
    const li = el("li", { "data-id": m.id, class: (m.id === state.selected ? "selected " : "") + (freshIds.has(m.id) ? "fresh" : "") }, button);
    return li;
  }));
  $("#empty").hidden = shown.length > 0;
  $("#empty").textContent = state.messages.length ? "No message matches the search." : "No mail yet. Send a message through the sandbox's Graph and it appears here at once.";
  $("#count").textContent = state.messages.length;
}

async function refreshMessages() {
  const before = new Set(state.messages.map((m) => m.id));
  state.messages = await (await api("GET", "/sandbox/messages")).json();
  const fresh = new Set(state.messages.filter((m) => !before.has(m.id)).map((m) => m.id));
  if (before.size && fresh.size) $("#live").textContent = fresh.size + " new message(s)";
  if (state.selected && !state.messages.some((m) => m.id === state.selected)) closeDetail();
  renderList(before.size ? fresh : new Set());
}

function row(term, value, cls) {
  return [el("dt", { text: term }), el("dd", { class: cls, text: value })];
}

async function select(id) {
  state.selected = id;
  document.querySelectorAll("#messages li").forEach((li) => li.classList.toggle("selected", li.dataset.id === id));
  const m = await (await api("GET", "/sandbox/messages/" + encodeURIComponent(id))).json();
  $("#detail").hidden = false;
  $("#placeholder").hidden = true;
  $("#mail-view").classList.add("reading");
  $("#detail-subject").textContent = m.subject || "(no subject)";
  const via = (VIA[m.submittedVia] || [m.submittedVia])[0];
  $("#envelope").replaceChildren(
    ...row("From", m.from), ...row("To", m.to.join(", ") || "\u2014"),
    ...(m.cc.length ? row("Cc", m.cc.join(", ")) : []),
    ...(m.bcc.length ? row(m.envelope ? "Bcc (envelope only)" : "Bcc (seen by Graph)", m.bcc.join(", "), "bcc") : []),
    ...(m.envelope ? row("MAIL FROM", m.envelope.mailFrom || "<>") : []),
    ...(m.envelope ? row("RCPT TO", m.envelope.rcptTo.join(", ")) : []),
    ...row("Mailbox", m.mailbox), ...row("Accepted", new Date(m.acceptedAt).toLocaleString()),
    ...row("Arrived as", via + (m.saveToSentItems ? ", copy to Sent Items" : ", no copy to Sent Items")),
    ...row("Size", size(m.size)), ...row("App (client id)", m.clientId));
  $("#attachments").replaceChildren(...m.attachments.map((a) => el("li", {},
    a.contentType.startsWith("image/") ? el("img", { src: a.url, alt: a.name || a.contentId || "inline image" }) : null,
    el("a", { class: "attachment", href: a.url, download: a.name || "attachment", "data-index": a.index, text: a.name || (a.contentId ? "cid:" + a.contentId : "part " + a.index) }),
    el("span", { class: "muted", text: a.contentType + ", " + size(a.size) + (a.inline ? ", inline" : "") }))));
  $("#download-eml").href = "/sandbox/messages/" + encodeURIComponent(id) + "/mime";
  $("#download-eml").setAttribute("download", (m.subject || "message").replace(/[^\w .-]+/g, "_").slice(0, 60) + ".eml");
  $("#text-body").textContent = m.text ?? "(no text/plain part)";
  $("#headers tbody").replaceChildren(...m.headers.map((h) => el("tr", {}, el("th", { text: h.name }), el("td", { text: h.value }))));
  $("#json-tab").hidden = !m.submittedJson;
  $("#json-body").textContent = m.submittedJson ? JSON.stringify(JSON.parse(m.submittedJson), null, 2) : "";
  $("#raw-body").textContent = "";
  loadHtml();
  showTab(m.html || state.tab !== "html" ? state.tab : "text");
}

function loadHtml() {
  if (!state.selected) return;
  const remote = $("#remote-images").checked ? "?remote=1" : "";
  $("#html-frame").src = "/sandbox/messages/" + encodeURIComponent(state.selected) + "/html" + remote;
}

async function showTab(tab) {
  state.tab = tab;
  document.querySelectorAll("[role=tab]").forEach((b) => b.setAttribute("aria-selected", b.dataset.tab === tab));
  document.querySelectorAll(".tab-body").forEach((b) => { b.hidden = b.dataset.body !== tab; });
  if (tab === "raw" && state.selected && !$("#raw-body").textContent) {
    $("#raw-body").textContent = await (await api("GET", "/sandbox/messages/" + encodeURIComponent(state.selected) + "/mime")).text();
  }
}

function closeDetail() {
  state.selected = null;
  $("#detail").hidden = true;
  $("#placeholder").hidden = false;
  $("#mail-view").classList.remove("reading");
  document.querySelectorAll("#messages li.selected").forEach((li) => li.classList.remove("selected"));
}

function renderStats(s) {
  const counters = [["Tokens issued", s.tokensIssued], ["Token requests", s.tokenRequests], ["Graph requests", s.graphRequests],
    ["Messages captured", s.messages], ["Drafts", s.drafts], ["Open upload sessions", s.openUploadSessions],
    ...Object.entries(s.peakConcurrency).map(([k, v]) => ["Peak concurrent requests, " + k, v])];
  $("#counters").replaceChildren(...counters.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  $("#faults").replaceChildren(...s.faults.map((f) => el("li", { text: f })));
  $("#no-faults").hidden = s.faults.length > 0;
  $("#requests").replaceChildren(...s.requests.slice(0, 50).map((r) => el("tr", {},
    el("td", { text: new Date(r.at).toLocaleTimeString() }), el("td", { text: r.service }), el("td", { text: r.method }),
    el("td", { text: r.path }), el("td", { class: r.status >= 400 ? "status-err" : "status-ok", text: r.status }))));
}

async function poll() {
  try {
    const s = await (await api("GET", "/sandbox/admin/stats")).json();
    if (s.mailVersion !== state.mailVersion) {
      state.mailVersion = s.mailVersion;
      await refreshMessages();
    }
    if (state.view === "service") renderStats(s);
    document.body.classList.remove("offline");
  } catch (e) {
    document.body.classList.add("offline");
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function showView(view) {
  state.view = view;
  $("#mail-view").hidden = view !== "mail";
  $("#service-view").hidden = view !== "service";
  $("#show-mail").setAttribute("aria-pressed", view === "mail");
  $("#show-service").setAttribute("aria-pressed", view === "service");
  if (view === "service") api("GET", "/sandbox/admin/stats").then((r) => r.json()).then(renderStats);
}

async function armFault(event) {
  event.preventDefault();
  const f = new FormData(event.target);
  const body = { fault: f.get("fault"), count: Number(f.get("count") || 1), target: f.get("target") };
  if (f.get("retryAfter") !== "") body.retryAfter = Number(f.get("retryAfter"));
  if (body.fault === "latency") body.latencyMs = Number(f.get("latencyMs") || 0);
  await report(() => api("POST", "/sandbox/admin/faults", body), "Armed.");
}

async function report(action, done) {
  const status = $("#form-status");
  try {
    await action();
    status.textContent = done;
    status.className = "status-ok";
  } catch (e) {
    status.textContent = e.message;
    status.className = "status-err";
  }
  renderStats(await (await api("GET", "/sandbox/admin/stats")).json());
}

// Arrow keys move between messages, Enter opens one (it is a button), Escape closes it, "/" goes to the search box.
function keyboard(event) {
  const inField = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (event.key === "/" && !inField) {
    event.preventDefault();
    $("#search").focus();
  } else if (event.key === "Escape" && state.selected) {
    const id = state.selected;
    closeDetail();
    const item = document.querySelector(`#messages li[data-id="${CSS.escape(id)}"] button`);
    if (item) item.focus();
  } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && document.activeElement.closest("#messages")) {
    event.preventDefault();
    const items = [...document.querySelectorAll("#messages li button")];
    const at = items.indexOf(document.activeElement);
    const next = items[at + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#search").addEventListener("input", (e) => { state.filter = e.target.value.trim(); renderList(new Set()); });
  $("#show-mail").addEventListener("click", () => showView("mail"));
  $("#show-service").addEventListener("click", () => showView("service"));
  $("#clear-all").addEventListener("click", async () => {
    if (confirm("Delete all captured mail?")) { await api("DELETE", "/sandbox/messages"); closeDetail(); }
  });
  $("#delete-one").addEventListener("click", async () => {
    if (state.selected) { await api("DELETE", "/sandbox/messages/" + encodeURIComponent(state.selected)); closeDetail(); }
  });
  $("#back").addEventListener("click", closeDetail);
  $("#remote-images").addEventListener("change", loadHtml);
  document.querySelectorAll("[role=tab]").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  $("#fault-form").addEventListener("submit", armFault);
  $("#clear-faults").addEventListener("click", () => report(() => api("DELETE", "/sandbox/admin/faults"), "Disarmed."));
  $("#revoke").addEventListener("click", () => report(() => api("POST", "/sandbox/admin/revoke"), "Every token issued so far now gets 401."));
  document.addEventListener("keydown", keyboard);
  poll();
  setInterval(() => document.querySelectorAll("#messages time").forEach((t) => { t.textContent = when(t.getAttribute("datetime")); }), 30000);
});
