// The actor graph: lays out the nodes and edges the server put in the page (a JSON data
// block, never executed) with d3-force and draws them as SVG. Names are set as text nodes,
// never as HTML; each node is a link to its entity page, so a click opens the entity.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  if (!svg || !data.nodes.length) return;
  var width = svg.clientWidth || 900, height = svg.clientHeight || 640;
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    parent.appendChild(node);
    return node;
  }

  var maxCount = Math.max.apply(null, data.nodes.map(function (n) { return n.count; }).concat([1]));
  var links = data.edges.map(function (e) {
    return { source: e.source, target: e.target, kind: e.kind, weight: e.weight, label: e.label };
  });
  var edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);
  var lines = links.map(function (l) {
    var line = el("line", { "class": l.kind, "stroke-width": Math.min(1 + Math.log2(l.weight), 6) }, edgeLayer);
    el("title", {}, line).textContent = l.label;
    return line;
  });
  var groups = data.nodes.map(function (n) {
    var a = el("a", { "class": "node " + n.type, href: n.href }, nodeLayer);
    n.r = 4 + 10 * Math.sqrt(n.count / maxCount);
    el("circle", { r: n.r }, a);
    var label = el("text", { x: n.r + 2, y: 4 }, a);
    label.textContent = n.name;
    el("title", {}, a).textContent = n.name + " (" + n.type + ", " + n.count + ")";
    return a;
  });

  var simulation = d3.forceSimulation(data.nodes)
    .force("link", d3.forceLink(links).id(function (n) { return n.id; }).distance(90))
    .force("charge", d3.forceManyBody().strength(-220))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide().radius(function (n) { return n.r + 3; }))
    .force("x", d3.forceX(width / 2).strength(0.04))
    .force("y", d3.forceY(height / 2).strength(0.06));

  // laid out at once, not animated: the picture is stable and ready when the page is
  simulation.stop();
  for (var i = 0; i < 300; i++) simulation.tick();

  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
  data.nodes.forEach(function (n, i) {
    n.x = clamp(n.x, n.r, width - n.r - 60);
    n.y = clamp(n.y, n.r, height - n.r);
    groups[i].setAttribute("transform", "translate(" + n.x + "," + n.y + ")");
  });
  links.forEach(function (l, i) {
    lines[i].setAttribute("x1", l.source.x); lines[i].setAttribute("y1", l.source.y);
    lines[i].setAttribute("x2", l.target.x); lines[i].setAttribute("y2", l.target.y);
  });
  svg.setAttribute("data-ready", "1");
})();
