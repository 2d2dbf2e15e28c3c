/* inspection-graph views: reads the page's JSON data and draws it with vis-network.
   Every string from the data reaches the document through textContent or as canvas text,
   never as HTML. Positions come precomputed: physics is off. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var root = data.root || "";
  var byId = new Map();
  data.nodes.forEach(function (n) {
    n.group = n.group || n.type;
    n.label = n.label || n.name;
    byId.set(n.id, n);
  });
  // Members of the group nodes: drawn when their group is opened ("Show them in the view").
  var members = data.members || [];
  var sentences = data.sentences || [];
  var everyNode = data.nodes.concat(members);
  members.forEach(function (m) {
    var home = data.nodes[m["in"]];
    m.type = home.type;
    m.kind = home.kind.replace(/^Group of /, "");
    m.kind = m.kind.charAt(0).toUpperCase() + m.kind.slice(1);
    m.kind = m.kind.replace(/s$/, "");
    m.group = home.group;
    m.home = home.id;
    m.facts = (m.facts || []).map(function (i) { return sentences[i]; });
    m.label = wrap(m.name, 26, 3);
    home.memberList = home.memberList || [];
    home.memberList.push(m);
    byId.set(m.id, m);
  });
  function wrap(text, width, lines) {
    var out = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && line.length + 1 + word.length > width) { out.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    out.push(line);
    if (out.length > lines) {
      out = out.slice(0, lines);
      out[lines - 1] = out[lines - 1].slice(0, width - 1).replace(/\s+$/, "") + "\u2026";
    }
    return out.join("\n");
  }
  var edgeById = new Map();
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    e.from = data.nodes[e.from].id;
    e.to = data.nodes[e.to].id;
    edgeById.set(e.id, e);
  });
  (data.memberEdges || []).forEach(function (e, i) {
    e.id = "m" + i;
    e.from = everyNode[e.from].id;
    e.to = everyNode[e.to].id;
    edgeById.set(e.id, e);
  });
  var hiddenGroups = new Set();
  var FONT = 16;  // canvas pixels; the first view is never zoomed out below 11 CSS pixels
  var MIN_LABEL_PX = 11;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  var groups = {};
  Object.keys(data.groups).forEach(function (name) {
    var g = data.groups[name];
    groups[name] = { color: { background: g.colour, border: g.colour,
      highlight: { background: g.colour, border: "#111827" } }, shape: g.shape };
    if (g.shape === "box") {
      groups[name].font = { color: "#ffffff", size: 19, strokeWidth: 0 };
      groups[name].margin = 6;
      groups[name].borderWidthSelected = 3;
      groups[name].color.highlight.border = "#fde047";
    }
  });
  var centre = data.view.centre;
  function nodeItem(n) {
    var item = { id: n.id, label: n.label, group: n.group, x: n.x, y: n.y,
      title: n.name + " (" + n.kind + ")" };
    if (n.id === centre) { item.size = 28; item.borderWidth = 4; item.font = { size: FONT + 4, bold: true }; }
    if (n.collapsed) {
      item.size = Math.min(34, 16 + 3 * Math.log2(n.collapsed));
      item.borderWidth = 3;
      item.shapeProperties = { borderDashes: [5, 4] };
      item.font = { size: FONT, bold: true };
      item.title = n.name + " (" + n.kind + "; click to list them)";
    }
    return item;
  }
  function edgeItem(e) {
    var item = { id: e.id, from: e.from, to: e.to,
      title: byId.get(e.from).name + " \u2192 " + e.words + " \u2192 " + byId.get(e.to).name };
    if (data.view.edgeLabels) item.label = e.words;
    if (e.bend) item.smooth = { enabled: true, type: e.bend % 2 ? "curvedCW" : "curvedCCW",
      roundness: 0.18 * Math.floor((e.bend + 1) / 2) };
    return item;
  }
  var nodes = new vis.DataSet(data.nodes.map(nodeItem));
  var edges = new vis.DataSet(data.edges.map(edgeItem));
  var options = {
    physics: false,
    layout: { randomSeed: 1, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 600 },
    groups: groups,
    nodes: { size: 14, borderWidth: 1, font: { size: FONT, face: "sans-serif", color: "#111827",
      strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { width: 1, color: { color: "#94a3b8", highlight: "#1e293b", hover: "#475569" },
      arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false,
      font: { size: FONT, color: "#334155", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" } }
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  // --- the national grid: cells, row and column headings, drawn on the canvas ---
  function gridBounds() {
    var right = 0, bottom = 0;
    data.grid.cells.forEach(function (c) {
      right = Math.max(right, c.x + c.w);
      bottom = Math.max(bottom, c.y + c.h);
    });
    return { left: 0, top: -100, right: right, bottom: bottom };
  }
  function fitGrid() {
    var b = gridBounds();
    var w = container.clientWidth, h = container.clientHeight;
    var scale = Math.min(w / (b.right - b.left + 40), h / (b.bottom - b.top + 40));
    var at = { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
    if (scale * FONT < MIN_LABEL_PX) {  // too many councils to show legibly: the top left
      scale = MIN_LABEL_PX / FONT + 0.01;  // corner at 11 pixels, the rest a pan away
      at = { x: b.left - 20 + w / (2 * scale), y: b.top - 20 + h / (2 * scale) };
    }
    network.moveTo({ position: at, scale: scale, animation: false });
  }
  // Text on the canvas, on as many lines as it needs to stay within width (returns the lines).
  function wrapText(ctx, text, x, y, width, lineHeight) {
    var words = String(text).split(" "), line = "", lines = 0;
    words.forEach(function (word) {
      var test = line ? line + " " + word : word;
      if (line && ctx.measureText(test).width > width) {
        ctx.fillText(line, x, y + lines * lineHeight);
        lines++;
        line = word;
      } else line = test;
    });
    ctx.fillText(line, x, y + lines * lineHeight);
    return lines + 1;
  }
  if (data.grid) {
    network.on("beforeDrawing", function (ctx) {
      var grid = data.grid;
      ctx.save();
      ctx.lineWidth = 1.5;
      ctx.textBaseline = "middle";
      var rowsDone = {}, columnsDone = {};
      grid.cells.forEach(function (c) {
        ctx.strokeStyle = "#cbd5e1";
        ctx.fillStyle = c.count ? "#f8fafc" : "#ffffff";
        ctx.fillRect(c.x, c.y, c.w, c.h);
        ctx.strokeRect(c.x, c.y, c.w, c.h);
        ctx.fillStyle = "#475569";
        ctx.font = "bold 22px sans-serif";
        ctx.textAlign = "left";
        ctx.fillText(String(c.count), c.x + 10, c.y + 20);
        if (!rowsDone[c.row]) {
          rowsDone[c.row] = true;
          ctx.fillStyle = "#0f172a";
          ctx.font = "bold 28px sans-serif";
          var used = wrapText(ctx, c.row, 10, c.y + 28, grid.left - 24, 32);
          ctx.font = "18px sans-serif";
          ctx.fillStyle = "#475569";
          ctx.fillText(grid.counts.rows[c.row] + " councils", 10, c.y + 34 + used * 32);
        }
        if (!columnsDone[c.column]) {
          columnsDone[c.column] = true;
          ctx.fillStyle = "#0f172a";
          ctx.font = "bold 28px sans-serif";
          ctx.textBaseline = "bottom";
          var head = c.column + " (" + grid.counts.columns[c.column] + ")";
          var parts = Math.ceil(ctx.measureText(head).width / (c.w - 20));
          wrapText(ctx, head, c.x + 10, -10 - (parts - 1) * 28, c.w - 20, 28);
          ctx.textBaseline = "middle";
        }
      });
      ctx.restore();
    });
  }

  // --- legend and filters by type ---
  var legend = document.getElementById("legend");
  data.legend.forEach(function (entry) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.group = entry.group;
    box.addEventListener("change", function () {
      if (box.checked) hiddenGroups.delete(entry.group); else hiddenGroups.add(entry.group);
      nodes.update(everyNode.filter(function (n) { return n.group === entry.group && nodes.get(n.id); })
        .map(function (n) { return { id: n.id, hidden: !box.checked }; }));
    });
    var swatch = el("span", null, "swatch " + entry.shape);
    swatch.style.background = entry.colour;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", entry.words + " (" + entry.count + ")"));
    li.appendChild(label);
    legend.appendChild(li);
  });

  // --- a message when the view was cut to its size limit ---
  if (data.view.cut) {
    var cut = document.getElementById("cut");
    var c = data.view.cut;
    cut.appendChild(el("strong", "This view was cut to its size limit: "));
    cut.appendChild(el("span", "it shows " + c.shown + " of the " + c.total +
      " nodes in reach. Narrower views:"));
    c.narrower.forEach(function (link) {
      var a = el("a", link.label);
      a.href = root + link.href;
      cut.appendChild(a);
    });
    cut.hidden = false;
  }

  // --- the side panel ---
  var panel = document.getElementById("panel");
  function passages(list) {
    var box = document.getElementById("panel-passages");
    box.textContent = "";
    (list || []).forEach(function (p) {
      var names = data.sourceNames || {};
      var where = (names[p.source] || "The source") + ", characters " + p.start + "\u2013" +
        p.end + (p.page ? ", page " + p.page : "");
      box.appendChild(el("div", where, "where"));
      if (p.text !== null && p.text !== undefined) box.appendChild(el("blockquote", p.text));
    });
    document.getElementById("panel-evidence").hidden = !(list && list.length);
  }
  function facts(list) {
    var ul = document.getElementById("panel-facts");
    ul.textContent = "";
    (list || []).forEach(function (f) { ul.appendChild(el("li", f)); });
  }
  var opened = new Set();
  var faded = [];
  function unfade() {
    nodes.update(faded.map(function (n) {
      var item = nodeItem(byId.get(n));
      return { id: n, opacity: 1, font: item.font || { color: "#111827" } };
    }));
    faded = [];
  }
  // Boxes (left, top, right, bottom) on a grid of cells, to find free room fast.
  function BoxGrid(cell) {
    var cells = new Map();
    function keys(b, fn) {
      for (var i = Math.floor(b.left / cell); i <= Math.floor(b.right / cell); i++)
        for (var j = Math.floor(b.top / cell); j <= Math.floor(b.bottom / cell); j++)
          if (fn(i + "," + j) === false) return false;
      return true;
    }
    return {
      add: function (b) {
        keys(b, function (k) { if (!cells.has(k)) cells.set(k, []); cells.get(k).push(b); });
      },
      free: function (b) {
        return keys(b, function (k) {
          return !(cells.get(k) || []).some(function (o) {
            return b.left < o.right && o.left < b.right && b.top < o.bottom && o.top < b.bottom;
          });
        });
      }
    };
  }
  // Where a group's members go: on rings around the group node, each member in a spot
  // where its box (its shape and label, as vis-network measures them) meets no other box.
  function placeMembers(id, list) {
    var GAP = 10;
    // vis-network measures a label where it draws it: draw everything once (the whole
    // graph in view, the new nodes at the group's spot), then go back to the view as it was
    var view = { position: network.getViewPosition(), scale: network.getScale() };
    network.fit({ animation: false });
    network.redraw();
    network.moveTo({ position: view.position, scale: view.scale, animation: false });
    var at = network.getPositions([id])[id];
    var grid = BoxGrid(120), mine = new Set(list.map(function (m) { return m.id; }));
    nodes.getIds().forEach(function (n) {
      if (mine.has(n)) return;
      var b = network.getBoundingBox(n);
      if (b) grid.add({ left: b.left - GAP, top: b.top - GAP, right: b.right + GAP, bottom: b.bottom + GAP });
    });
    var sizes = list.map(function (m) {
      var b = network.getBoundingBox(m.id);
      if (!b || !(b.right > b.left)) return { left: -110, top: -20, right: 110, bottom: 80 };
      return { left: b.left - at.x, top: b.top - at.y, right: b.right - at.x, bottom: b.bottom - at.y };
    });
    var width = Math.max.apply(null, sizes.map(function (s) { return s.right - s.left; })) + GAP;
    var height = Math.max.apply(null, sizes.map(function (s) { return s.bottom - s.top; })) + GAP;
    var own = network.getBoundingBox(id);
    var r = Math.max(own.right - own.left, own.bottom - own.top) / 2 + height, slot = 0, slots = 0;
    function ring() { slots = Math.max(6, Math.floor(2 * Math.PI * r / width)); slot = 0; }
    ring();
    return list.map(function (m, i) {
      var s = sizes[i];
      for (;;) {
        if (slot >= slots) { r += height; ring(); }
        var turn = 2 * Math.PI * (slot + 0.5 * (Math.round(r / height) % 2)) / slots;
        slot++;
        var x = Math.round(at.x + r * Math.cos(turn)), y = Math.round(at.y + r * Math.sin(turn));
        var box = { left: x + s.left, top: y + s.top, right: x + s.right, bottom: y + s.bottom };
        if (grid.free(box)) {
          grid.add(box);
          m.x = x;
          m.y = y;
          return { id: m.id, x: x, y: y };
        }
      }
    });
  }
  // Draw a group's members around it, joined as the graph joins them; returns their ids.
  function expand(id) {
    var g = byId.get(id);
    if (!g || !g.memberList) return [];
    if (!opened.has(id)) {
      opened.add(id);
      var at = network.getPositions([id])[id];
      var list = g.memberList;
      nodes.add(list.map(function (m) {
        m.x = at.x;
        m.y = at.y;
        var item = nodeItem(m);
        item.hidden = hiddenGroups.has(m.group);
        return item;
      }));
      nodes.update(placeMembers(id, list));
      var ids = new Set(list.map(function (m) { return m.id; }));
      // the rest faded while a group is open (closing the panel brings it back)
      ids.add(id);
      var near = new Set(ids);
      (data.memberEdges || []).forEach(function (e) {
        if (ids.has(e.from)) near.add(e.to);
        if (ids.has(e.to)) near.add(e.from);
      });
      faded = nodes.getIds().filter(function (n) { return !near.has(n); });
      nodes.update(faded.map(function (n) {
        return { id: n, opacity: 0.15, font: { color: "#cbd5e1", strokeColor: "#ffffff" } };
      }));
      edges.add((data.memberEdges || []).filter(function (e) {
        return (ids.has(e.from) || ids.has(e.to)) && nodes.get(e.from) && nodes.get(e.to) &&
          !edges.get(e.id);
      }).map(edgeItem));
    }
    return g.memberList.map(function (m) { return m.id; });
  }
  function groupList(n) {
    var box = document.getElementById("panel-group");
    var ol = document.getElementById("panel-members");
    ol.textContent = "";
    (n.memberList || []).forEach(function (m) {
      var li = el("li");
      var a = el("a", m.name);
      a.href = "#";
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        expand(n.id);
        focusNode(m.id);
      });
      li.appendChild(a);
      ol.appendChild(li);
    });
    box.hidden = !n.memberList;
    document.getElementById("panel-expand").hidden = opened.has(n.id);
    box.dataset.node = n.id;
  }
  document.getElementById("panel-expand").addEventListener("click", function () {
    var id = document.getElementById("panel-group").dataset.node;
    var ids = expand(id);
    network.fit({ nodes: ids.concat([id]), animation: false });
    if (network.getScale() * FONT < MIN_LABEL_PX)
      network.moveTo({ scale: MIN_LABEL_PX / FONT + 0.01, animation: false });
    document.getElementById("panel-expand").hidden = true;
  });
  function showNode(id) {
    var n = byId.get(id);
    if (!n) return;
    groupList(n);
    document.getElementById("panel-type").textContent = n.kind;
    document.getElementById("panel-title").textContent = n.name;
    var ego = document.getElementById("panel-ego");
    if (n.ego) { ego.href = root + n.ego; ego.hidden = false; } else { ego.hidden = true; ego.removeAttribute("href"); }
    facts(n.facts);
    passages(n.evidence);
    panel.hidden = false;
    panel.dataset.node = id;
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    var from = byId.get(e.from), to = byId.get(e.to);
    document.getElementById("panel-type").textContent = "Link";
    document.getElementById("panel-title").textContent = from.name + " \u2192 " + e.words + " \u2192 " + to.name;
    document.getElementById("panel-ego").hidden = true;
    document.getElementById("panel-group").hidden = true;
    facts(e.facts);
    passages(e.evidence);
    panel.hidden = false;
    panel.dataset.node = "";
  }
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    unfade();
    network.unselectAll();
  });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var n = byId.get(params.nodes[0]);
    if (n && n.ego) window.location.href = root + n.ego;
  });

  // --- search: find a node by its label and focus it ---
  var list = document.getElementById("labels");
  Array.from(new Set(everyNode.map(function (n) { return n.name; }))).sort()
    .forEach(function (name) { var o = el("option"); o.value = name; list.appendChild(o); });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var tests = [function (n) { return n.name.toLowerCase() === q; },
      function (n) { return n.name.toLowerCase().indexOf(q) === 0; },
      function (n) { return n.name.toLowerCase().indexOf(q) >= 0; }];
    for (var i = 0; i < tests.length; i++) {
      var hit = data.nodes.find(tests[i]) || members.find(tests[i]);
      if (hit) return hit;
    }
    return null;
  }
  function focusNode(id) {
    var n = byId.get(id);
    if (n.home && !nodes.get(id)) expand(n.home);
    if (hiddenGroups.has(n.group)) nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }
  var status = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var hit = find(document.getElementById("search").value);
    if (hit) { status.textContent = ""; focusNode(hit.id); }
    else status.textContent = "Nothing called that here";
  });

  window.igView = { network: network, nodes: nodes, edges: edges, data: data, find: find,
    focusNode: focusNode, expand: expand, fontSize: FONT, minLabelPx: MIN_LABEL_PX,
    ready: false };
  // The first view: everything if its labels are legible so, else the middle at 11 pixels.
  function fitLegible() {
    network.fit({ animation: false });
    if (network.getScale() * FONT < MIN_LABEL_PX) {
      var at = centre && byId.get(centre) ? network.getPositions([centre])[centre] : { x: 0, y: 0 };
      network.moveTo({ position: at, scale: MIN_LABEL_PX / FONT + 0.01, animation: false });
    }
  }
  if (data.grid) fitGrid(); else fitLegible();
  network.once("afterDrawing", function () {
    window.igView.ready = true;
    window.igView.readyAt = performance.now();
    document.body.dataset.ready = "1";
  });
})();
