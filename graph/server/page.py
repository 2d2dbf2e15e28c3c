"""The endpoint's query page: one self-contained HTML file (no CDN, no external request).

It lists the named queries as examples; choosing one fills in its parameters and
its SPARQL; running it shows the answer as a table (compact IRIs), and the text of every
report passage or recommendation in it under its IRI.
"""

from __future__ import annotations

import json

__all__ = ["page_html"]

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>inspection-graph SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em;
       color: #1b1b1b; }
h1 { font-size: 1.4em; margin: 0 0 .2em; }
p.lead { margin: 0 0 1em; color: #555; }
label { font-weight: 600; margin-right: .5em; }
select, input, textarea, button { font: inherit; }
#params div { margin: .4em 0; }
#params input { width: 28em; }
#params small { color: #555; margin-left: .5em; }
textarea { width: 100%; height: 16em; font-family: ui-monospace, monospace; font-size: 13px; }
button { padding: .35em 1.2em; margin: .4em 0; }
#status { margin: .5em 0; color: #333; }
#status.error { color: #a00; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
#description { color: #444; margin: .3em 0 .6em; }
td .passage { margin-top: .3em; color: #333; font-size: 12px; max-width: 60em; }
</style>
</head>
<body>
<h1>inspection-graph SPARQL endpoint</h1>
<p class="lead">Read-only SPARQL 1.1 over the graph. Choose a named query or write your own; the
project's prefixes (ig:, council:, grade: ...) are declared for you.</p>
<div><label for="query">Query</label><select id="query"></select></div>
<div id="description"></div>
<div id="params"></div>
<textarea id="sparql" spellcheck="false" aria-label="SPARQL query"></textarea>
<div><button id="run" type="button">Run</button></div>
<div id="status" role="status"></div>
<table id="results"><thead></thead><tbody></tbody></table>
<script>
"use strict";
const QUERIES = __QUERIES__;
const PREFIXES = __PREFIXES__;
const $ = (id) => document.getElementById(id);
let chosen = null;

function compact(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && (best === null || ns.length > PREFIXES[best].length)) best = p;
  }
  return best === null ? iri : best + ":" + iri.slice(PREFIXES[best].length);
}

function choose(name) {
  chosen = QUERIES.find((q) => q.name === name) || null;
  const params = $("params");
  params.replaceChildren();
  $("description").textContent = chosen ? chosen.description : "Your own SPARQL query.";
  $("sparql").value = chosen ? chosen.sparql : "SELECT ?council ?name WHERE {\\n" +
    "  ?council a ig:Council ; rdfs:label ?name .\\n} ORDER BY ?name LIMIT 20\\n";
  if (!chosen) return;
  for (const p of chosen.params) {
    const row = document.createElement("div");
    const label = document.createElement("label");
    label.textContent = p.name;
    label.htmlFor = "param-" + p.name;
    const input = document.createElement("input");
    input.id = "param-" + p.name;
    input.name = p.name;
    input.value = p.default || "";
    const help = document.createElement("small");
    help.textContent = p.description;
    row.append(label, input, help);
    params.append(row);
  }
}

function showTable(data) {
  const head = $("results").tHead, body = $("results").tBodies[0];
  head.replaceChildren(); body.replaceChildren();
  if ("boolean" in data) { $("status").textContent = "Answer: " + data.boolean; return 0; }
  const vars = data.head.vars, tr = document.createElement("tr");
  for (const v of vars) {
    const th = document.createElement("th"); th.textContent = v; tr.append(th);
  }
  head.append(tr);
  for (const b of data.results.bindings) {
    const row = document.createElement("tr");
    for (const v of vars) {
      const td = document.createElement("td"), cell = b[v];
      td.textContent = !cell ? "" : cell.type === "uri" ? compact(cell.value) : cell.value;
      if (cell && cell.type === "uri") td.title = cell.value;
      row.append(td);
    }
    body.append(row);
  }
  showPassages(body);
  return data.results.bindings.length;
}

// Report passages and recommendations in the answer show their text under their IRI
// (one more query for the first 200 of them).
const TEXTS = new RegExp("/id/(?:finding|recommendation)/ofsted-report-");
async function showPassages(body) {
  const cells = [...body.querySelectorAll("td[title]")].filter((td) => TEXTS.test(td.title));
  const iris = [...new Set(cells.map((td) => td.title))].slice(0, 200);
  if (!iris.length) return;
  const query = "SELECT ?s ?text WHERE { VALUES ?s { " + iris.map((i) => "<" + i + ">").join(" ") +
    " } ?s <https://w3id.org/inspection-graph/def#statement> ?text }";
  let data;
  try {
    const response = await fetch("sparql", { method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query }) });
    if (!response.ok) return;
    data = await response.json();
  } catch (err) { return; }
  const text = new Map(data.results.bindings.map((b) => [b.s.value, b.text.value]));
  for (const td of cells) {
    if (!text.has(td.title) || td.querySelector(".passage")) continue;
    const div = document.createElement("div");
    div.className = "passage";
    div.textContent = text.get(td.title);
    td.append(div);
  }
}

async function run() {
  const status = $("status");
  status.className = ""; status.textContent = "Running ...";
  const started = performance.now();
  let response;
  try {
    if (chosen && $("sparql").value === chosen.sparql) {
      const qs = new URLSearchParams();
      for (const input of $("params").querySelectorAll("input")) qs.append(input.name, input.value);
      response = await fetch("queries/" + encodeURIComponent(chosen.name) + "?" + qs,
                             { headers: { Accept: "application/sparql-results+json" } });
    } else {
      response = await fetch("sparql", { method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   Accept: "application/sparql-results+json" },
        body: new URLSearchParams({ query: $("sparql").value }) });
    }
  } catch (err) {
    status.className = "error"; status.textContent = "The endpoint did not answer: " + err;
    return;
  }
  if (!response.ok) {
    status.className = "error";
    status.textContent = response.status + ": " + (await response.text());
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    status.textContent = "The answer is a graph: fetch it from /sparql with Accept: text/turtle.";
    return;
  }
  const rows = showTable(await response.json());
  const ms = Math.round(performance.now() - started);
  if (!status.textContent.startsWith("Answer")) {
    status.textContent = rows + (rows === 1 ? " row" : " rows") + " in " + ms + " ms";
  }
}

const select = $("query");
for (const q of QUERIES) {
  const opt = document.createElement("option");
  opt.value = q.name; opt.textContent = q.title + " (" + q.name + ")";
  select.append(opt);
}
const own = document.createElement("option");
own.value = ""; own.textContent = "Your own query";
select.append(own);
select.addEventListener("change", () => choose(select.value));
$("run").addEventListener("click", run);
choose(select.value);
</script>
</body>
</html>
"""


def _script_json(data) -> str:
    """JSON safe inside a <script> element."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def page_html(queries: list[dict], prefixes: dict[str, str]) -> str:
    """The query page with the named queries and the prefixes written in."""
    return (_PAGE.replace("__QUERIES__", _script_json(queries))
            .replace("__PREFIXES__", _script_json(prefixes)))
