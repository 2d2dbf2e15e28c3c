/* inspection-graph: the filter box of the index and ontology pages. */
(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) return;
  var items = Array.from(document.querySelectorAll("[data-search]"));
  var status = document.getElementById("filter-status");
  var lists = Array.from(document.querySelectorAll("details.entries"));
  var wasOpen = lists.map(function (d) { return d.open; });
  var sections = Array.from(document.querySelectorAll("section.filtered, details.entries"));
  // case and accents aside: "Inadequate", "inadéquate" and "INADEQ" all find "inadequate"
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  var texts = items.map(function (item) {
    return fold(item.dataset.search).replace(/\s+/g, " ");
  });
  // every word of the query, each any part of a word of the entry
  function apply() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item, i) {
      var hit = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      item.hidden = !hit;
      if (hit) shown++;
    });
    lists.forEach(function (d, i) {  // a list with a hit opens while a query is typed
      d.open = words.length ? !!d.querySelector("[data-search]:not([hidden])") : wasOpen[i];
    });
    sections.forEach(function (sec) {  // a section without a hit steps aside
      sec.hidden = words.length > 0 && !sec.querySelector("[data-search]:not([hidden])");
    });
    if (status) status.textContent = words.length ? shown + " shown" : "";
    return items.filter(function (i) { return !i.hidden; });
  }
  box.addEventListener("input", apply);
  document.getElementById("filter-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = apply()[0];
    document.querySelectorAll(".found").forEach(function (f) { f.classList.remove("found"); });
    if (first) {
      first.classList.add("found");
      first.scrollIntoView({ block: "center" });
      var link = first.querySelector("a");
      (link || first).focus();
    }
  });
  document.body.dataset.ready = "1";
})();
