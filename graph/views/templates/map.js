/* inspection-graph: the national map (recolour by date, search, click to open a council). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var paths = Array.from(document.querySelectorAll("#councils path[data-gss]"));
  var byGss = {};
  data.councils.forEach(function (c) { byGss[c.gss] = c; });
  var range = document.getElementById("as-at-range");
  var month = document.getElementById("as-at");
  var words = document.getElementById("as-at-words");
  var months = data.months;

  function gradeAt(c, ym) {
    var grade = data.none;
    c.history.forEach(function (step) { if (step[0].slice(0, 7) <= ym) grade = step[1]; });
    return grade;
  }
  function paint(ym) {
    var latest = ym === months[months.length - 1];
    var counts = {};
    paths.forEach(function (p) {
      var c = byGss[p.dataset.gss];
      var grade = latest ? c.grade : gradeAt(c, ym);
      p.setAttribute("fill", data.colours[grade] || "#d1d5db");
      p.dataset.grade = grade;
      p.querySelector("title").textContent = c.name + ": " + grade;
      counts[grade] = (counts[grade] || 0) + 1;
    });
    document.querySelectorAll("#map-legend li").forEach(function (li) {
      li.querySelector(".count").textContent = counts[li.dataset.grade] || 0;
    });
    words.textContent = latest ? data.latestWords : data.monthWords[months.indexOf(ym)];
    window.igMap.asAt = ym;
    window.igMap.counts = counts;
  }
  range.addEventListener("input", function () {
    month.value = months[+range.value];
    paint(month.value);
  });
  month.addEventListener("change", function () {
    var i = months.indexOf(month.value);
    if (i < 0) return;
    range.value = i;
    paint(month.value);
  });
  document.getElementById("as-at-latest").addEventListener("click", function () {
    range.value = months.length - 1;
    month.value = months[months.length - 1];
    paint(month.value);
  });

  function show(c) {
    document.getElementById("map-info").hidden = false;
    document.getElementById("map-info-name").textContent = c.name;
    var p = document.querySelector('#councils path[data-gss="' + c.gss + '"]');
    document.getElementById("map-info-grade").textContent = p ? p.dataset.grade : c.grade;
    document.getElementById("map-info-link").setAttribute("href", c.page);
    document.querySelectorAll("#councils .found").forEach(function (f) { f.classList.remove("found"); });
    if (p) { p.classList.add("found"); p.parentNode.appendChild(p); }
  }
  paths.forEach(function (p) {
    p.addEventListener("click", function () { window.location.href = byGss[p.dataset.gss].page; });
    p.addEventListener("mouseenter", function () { show(byGss[p.dataset.gss]); });
  });
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  var status = document.getElementById("map-search-status");
  function find() {
    var q = fold(document.getElementById("map-search").value);
    if (!q) { status.textContent = ""; return; }
    var hits = data.councils.filter(function (c) { return fold(c.name).indexOf(q) >= 0; });
    var exact = hits.filter(function (c) { return fold(c.name) === q; });
    var c = exact[0] || hits[0];
    status.textContent = c ? hits.length + " found" : "not found";
    if (c) show(c);
  }
  document.getElementById("map-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    find();
  });
  document.getElementById("map-search").addEventListener("change", find);
  window.igMap = { councils: paths.length, asAt: months[months.length - 1], counts: {} };
  paint(months[months.length - 1]);
  window.igMap.readyAt = performance.now();
  document.body.dataset.ready = "1";
})();
