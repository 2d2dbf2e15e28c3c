/* inspection-graph: the filter box of the index and ontology pages. */
(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) return;
  var items = Array.from(document.querySelectorAll("[data-search]"));
  var status = document.getElementById("filter-status");
  // case and accents aside: "Inadequate", "inadéquate" and "INADEQ" all find "inadequate"
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  function apply() {
    var q = fold(box.value);
    var shown = 0;
    items.forEach(function (item) {
      var hit = !q || fold(item.dataset.search).indexOf(q) >= 0;
      item.hidden = !hit;
      if (hit) shown++;
    });
    if (status) status.textContent = q ? shown + " shown" : "";
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
})();
