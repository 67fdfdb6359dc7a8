// Quote search in the browser over the site's precomputed Pagefind index.
// Our own small form and result list (accessible labels, a live status line); results are
// built with DOM methods and textContent only, never innerHTML with catalogue text.
const form = document.getElementById("search");
const query = document.getElementById("q");
const from = document.getElementById("van");
const until = document.getElementById("tot");
const status = document.getElementById("status");
const results = document.getElementById("results");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const MAX_LOADED = 300;
const MAX_SHOWN = 50;
let pagefind = null;
let runId = 0;

function say(text) { status.textContent = text; }

async function load() {
  if (!pagefind) {
    pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    await pagefind.options({ excerptLength: 30 });
  }
  return pagefind;
}

// Pagefind marks hits with <mark>; copy only text and <mark> from its excerpt, parsed in an
// inert document (no scripts run, no images load there).
function snippet(excerpt) {
  const p = document.createElement("p");
  p.className = "quote";
  const doc = new DOMParser().parseFromString(`<body>${excerpt || ""}</body>`, "text/html");
  for (const node of doc.body.childNodes) {
    if (node.nodeName === "MARK") {
      const m = document.createElement("mark");
      m.textContent = node.textContent;
      p.appendChild(m);
    } else {
      p.appendChild(document.createTextNode(node.textContent));
    }
  }
  return p;
}

function fold(s) { return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

// A record holds a few quotes of one speaker turn: link to the first one the hit is in.
function matchedPart(data) {
  let parts = [];
  try { parts = JSON.parse((data.meta && data.meta.parts) || "[]"); } catch (err) { parts = []; }
  const doc = new DOMParser().parseFromString(`<body>${data.excerpt || ""}</body>`, "text/html");
  const words = Array.from(doc.querySelectorAll("mark"), (m) => fold(m.textContent).replace(/[^\p{L}\p{N}]+/gu, "")).filter(Boolean);
  const hit = parts.find((p) => words.some((w) => fold(p[2]).includes(w)));
  return hit || parts[0] || null;
}

function result(data) {
  const m = data.meta || {};
  const part = matchedPart(data);
  const clock = part ? part[1] : m.clock;
  const href = part && m.episode ? `aflevering/${encodeURIComponent(m.episode)}.html#t=${part[0]}` : m.href || data.url;
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = new URL(href, document.baseURI).href;
  link.textContent = `▶ ${clock || ""} · ${m.title || ""}`;
  link.setAttribute("aria-label", `Speel af vanaf ${clock || "het begin"}: ${m.speaker || ""} in ${m.title || ""}`);
  link.className = "play";
  const who = document.createElement("p");
  who.className = "meta";
  const name = document.createElement("strong");
  name.textContent = m.speaker || "";
  const role = document.createElement("span");
  role.className = `role role-${/^[a-z]+$/.test(m.role || "") ? m.role : "overig"}`;
  role.textContent = m.role || "";
  who.append(name, " ", role, ` · ${m.wijk || ""}${m.date ? " · " + m.date : ""}`);
  li.append(link, snippet(data.excerpt), who);
  return li;
}

function inRange(data) {
  const date = (data.meta && data.meta.date) || "";
  if (from.value && (!date || date < from.value)) return false;
  if (until.value && (!date || date > until.value)) return false;
  return true;
}

function currentState() {
  const filters = {};
  for (const s of selects) if (s.value) filters[s.dataset.filter] = s.value;
  return { term: query.value.trim(), filters };
}

function remember() {
  const params = new URLSearchParams();
  if (query.value.trim()) params.set("q", query.value.trim());
  for (const s of selects) if (s.value) params.set(s.name, s.value);
  if (from.value) params.set("van", from.value);
  if (until.value) params.set("tot", until.value);
  const qs = params.toString();
  history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
}

async function run() {
  const id = ++runId;
  const { term, filters } = currentState();
  remember();
  if (!term && !Object.keys(filters).length && !from.value && !until.value) {
    results.replaceChildren();
    say("Typ een zoekwoord of kies een rol, wijk, spreker of datum.");
    return;
  }
  say("Zoeken…");
  let engine;
  try { engine = await load(); } catch (err) {
    say("De zoekindex kan niet geladen worden. Open de site via een webserver, bijvoorbeeld met rr serve.");
    return;
  }
  const found = await engine.search(term || null, { filters, sort: term ? undefined : { date: "desc" } });
  if (id !== runId || !found) return;
  const loaded = await Promise.all(found.results.slice(0, MAX_LOADED).map((r) => r.data()));
  if (id !== runId) return;
  const matching = loaded.filter(inRange);
  results.replaceChildren(...matching.slice(0, MAX_SHOWN).map(result));
  const n = matching.length;
  say(n === 0 ? "Geen citaten gevonden." : `${n} ${n === 1 ? "citaat" : "citaten"} gevonden${n > MAX_SHOWN ? `, de eerste ${MAX_SHOWN} staan hieronder` : ""}.`);
}

let timer = null;
function soon() { clearTimeout(timer); timer = setTimeout(run, 250); }

form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); run(); });
query.addEventListener("input", soon);
for (const el of [...selects, from, until]) el.addEventListener("change", soon);

const params = new URLSearchParams(location.search);
query.value = params.get("q") || "";
for (const s of selects) if (params.get(s.name)) s.value = params.get(s.name);
from.value = params.get("van") || "";
until.value = params.get("tot") || "";
run();
