// The wpikg query UI: YASGUI with the project's prefixes, the saved queries as a gallery, and
// two result views drawn with Chart.js (a bar chart and a timeline). Nothing here calls another
// host: prefix completion is local, LOV completion is off, the endpoint is this server.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("wpikg-data").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  const byName = new Map(data.queries.map((q) => [q.name, q]));
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger"]
    .map((t) => XSD + t);
  const DATES = ["date", "dateTime", "gYear", "gYearMonth"].map((t) => XSD + t);
  let activeChart = {}; // the chart columns of the example last loaded

  // -- terms and columns ------------------------------------------------------------------------
  function shortIri(iri) {
    let best = iri;
    let longest = 0;
    for (const [prefix, ns] of Object.entries(data.prefixes)) {
      const local = iri.slice(ns.length);
      if (iri.startsWith(ns) && ns.length > longest && /^[\w.-]*$/.test(local)) {
        best = prefix + ":" + local;
        longest = ns.length;
      }
    }
    return best;
  }
  function clipped(value) {
    // A category axis' tick callback: the label, cut to 48 characters.
    const label = String(this.getLabelForValue(value));
    return label.length > 48 ? label.slice(0, 47) + "…" : label;
  }
  function text(term) {
    if (!term) return "";
    return term.type === "uri" ? shortIri(term.value) : term.value;
  }
  function isNumeric(term) {
    return term && term.type !== "uri" && NUMERIC.includes(term.datatype) && !isNaN(+term.value);
  }
  function isDate(term) {
    return term && term.type !== "uri" && DATES.includes(term.datatype);
  }
  function time(term) {
    const v = term.value;
    if (term.datatype === XSD + "gYear") return Date.UTC(+v.slice(0, 4), 0, 1);
    if (term.datatype === XSD + "gYearMonth") return Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, 1);
    return Date.parse(v.length === 10 ? v + "T00:00:00Z" : v);
  }
  function columns(results) {
    const vars = results.getVariables();
    const rows = results.getBindings() || [];
    const every = (name, test) => rows.some((r) => r[name]) && rows.every((r) => !r[name] || test(r[name]));
    return {
      vars, rows,
      numeric: vars.filter((v) => every(v, isNumeric)),
      dates: vars.filter((v) => every(v, isDate)),
    };
  }
  function labelColumn(cols, wanted) {
    if (wanted && cols.vars.includes(wanted)) return wanted;
    const literal = cols.vars.find((v) => !cols.numeric.includes(v) && !cols.dates.includes(v) &&
      cols.rows.some((r) => r[v] && r[v].type !== "uri"));
    return literal || cols.vars[0];
  }
  function asList(value) {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }

  // -- result views ------------------------------------------------------------------------------
  const COLORS = ["#0b7a5a", "#0b5cad", "#b35c00", "#7a3e9d", "#a3223a", "#4f6f00"];
  class ChartView {
    constructor(yasr) { this.yasr = yasr; this.chart = null; }
    canHandleResults() { return !!(this.yasr.results && this.yasr.results.getVariables && this.spec()); }
    getIcon() {
      // Three bars: upright for the bar chart, offset for the timeline (no icon font needed).
      const ns = "http://www.w3.org/2000/svg";
      const icon = document.createElementNS(ns, "svg");
      icon.setAttribute("viewBox", "0 0 16 16");
      icon.setAttribute("width", "16");
      icon.setAttribute("height", "16");
      for (const [x, y, w, h] of this.icon) {
        const bar = document.createElementNS(ns, "rect");
        for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: "currentColor" })) {
          bar.setAttribute(k, v);
        }
        icon.appendChild(bar);
      }
      return icon;
    }
    destroy() { if (this.chart) this.chart.destroy(); this.chart = null; }
    canvas(rows) {
      const box = document.createElement("div");
      box.className = "wpikg-chart " + this.className;
      box.style.height = Math.min(4000, Math.max(280, rows * 20 + 80)) + "px";
      const canvas = document.createElement("canvas");
      box.appendChild(canvas);
      this.yasr.resultsEl.appendChild(box);
      return canvas;
    }
    draw() {
      this.destroy();
      const spec = this.spec();
      if (spec) this.chart = new Chart(this.canvas(spec.rows), spec.config);
    }
  }

  class BarView extends ChartView {
    constructor(yasr) {
      super(yasr);
      this.label = "Bar chart";
      this.priority = 5;
      this.className = "bar";
      this.icon = [[1, 8, 3, 7], [6, 3, 3, 12], [11, 6, 3, 9]];
    }
    spec() {
      const cols = columns(this.yasr.results);
      const label = labelColumn(cols, activeChart.label);
      let values = asList(activeChart.value).filter((v) => cols.numeric.includes(v));
      if (!values.length) values = cols.numeric.filter((v) => v !== label);
      if (!cols.rows.length || !values.length) return null;
      const rows = cols.rows.slice(0, 500);
      const horizontal = rows.length > 12;
      return {
        rows: horizontal ? rows.length * values.length : 12,
        config: {
          type: "bar",
          data: {
            labels: rows.map((r) => text(r[label])),
            datasets: values.map((v, i) => ({
              label: v, backgroundColor: COLORS[i % COLORS.length],
              data: rows.map((r) => (isNumeric(r[v]) ? +r[v].value : null)),
            })),
          },
          options: {
            indexAxis: horizontal ? "y" : "x", maintainAspectRatio: false, animation: false,
            scales: { [horizontal ? "y" : "x"]: { ticks: { autoSkip: false, callback: clipped } } },
          },
        },
      };
    }
  }

  class TimelineView extends ChartView {
    constructor(yasr) {
      super(yasr);
      this.label = "Timeline";
      this.priority = 4;
      this.className = "timeline";
      this.icon = [[1, 2, 8, 3], [4, 7, 10, 3], [3, 12, 6, 3]];
    }
    spec() {
      const cols = columns(this.yasr.results);
      const start = cols.dates.includes(activeChart.start) ? activeChart.start : cols.dates[0];
      if (!start || !cols.rows.length) return null;
      const end = cols.dates.includes(activeChart.end) ? activeChart.end
        : cols.dates.find((v) => v !== start);
      const label = labelColumn(cols, activeChart.label);
      const rows = cols.rows.filter((r) => r[start]).slice(0, 500);
      const spans = rows.map((r) => {
        const from = time(r[start]);
        const to = end && r[end] ? time(r[end]) : from + 86400000 * 30;
        return [Math.min(from, to), Math.max(from, to)];
      });
      const year = (ms) => new Date(ms).getUTCFullYear();
      return {
        rows: rows.length,
        config: {
          type: "bar",
          data: {
            labels: rows.map((r) => text(r[label])),
            datasets: [{ label: end ? start + " → " + end : start, data: spans,
              backgroundColor: COLORS[0], borderSkipped: false, minBarLength: 3 }],
          },
          options: {
            indexAxis: "y", maintainAspectRatio: false, animation: false,
            scales: {
              x: { type: "linear", min: Math.min(...spans.map((s) => s[0])),
                   ticks: { callback: (v) => year(v) } },
              y: { ticks: { autoSkip: false, callback: clipped } },
            },
            plugins: { tooltip: { callbacks: {
              label: (c) => new Date(c.raw[0]).toISOString().slice(0, 10) + " – " +
                new Date(c.raw[1]).toISOString().slice(0, 10),
            } } },
          },
        },
      };
    }
  }

  // -- YASGUI set-up -----------------------------------------------------------------------------
  const Yasqe = Yasgui.Yasqe;
  const Yasr = Yasgui.Yasr;
  const prefixList = Object.entries(data.prefixes).map(([p, ns]) => p + ": <" + ns + ">").sort();
  Yasqe.Autocompleters.prefixes.get = () => Promise.resolve(prefixList);
  Yasqe.Autocompleters.prefixes.persistenceId = null;
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasr.registerPlugin("wpikgBar", BarView);
  Yasr.registerPlugin("wpikgTimeline", TimelineView);
  Yasr.defaults.pluginOrder = ["table", "wpikgBar", "wpikgTimeline", "response"];
  const VIEW_PLUGIN = { table: "table", bar: "wpikgBar", timeline: "wpikgTimeline" };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    copyEndpointOnNewTab: true,
    yasqe: { value: data.defaultQuery, collapsePrefixesOnLoad: true },
    yasr: { prefixes: data.prefixes },
  });

  function currentQuery() {
    return yasgui.getTab().getYasqe().getValue();
  }
  function updateLinks() {
    const yasqe = yasgui.getTab().getYasqe();
    const query = yasqe.getValue();
    document.getElementById("permalink").value =
      window.location.origin + "/query?query=" + encodeURIComponent(query);
    const graph = ["CONSTRUCT", "DESCRIBE"].includes(yasqe.getQueryType());
    for (const link of document.querySelectorAll("a.download")) {
      link.href = "/sparql?" + new URLSearchParams({ query: query, format: link.dataset.format });
      link.download = "results." + link.dataset.format.replace("turtle", "ttl");
      link.hidden = graph !== link.classList.contains("graph");
    }
  }
  function watch(tab) {
    if (tab && !tab.wpikgWatched) {
      tab.getYasqe().on("change", updateLinks);
      tab.wpikgWatched = true;
    }
    updateLinks();
  }
  yasgui.on("tabSelect", () => setTimeout(() => watch(yasgui.getTab()), 0));
  yasgui.on("tabAdd", () => setTimeout(() => watch(yasgui.getTab()), 0));
  watch(yasgui.getTab());

  function loadExample(name) {
    const saved = byName.get(name);
    if (!saved) return;
    activeChart = saved.chart || {};
    const tab = yasgui.getTab();
    tab.setQuery(saved.query);
    tab.getYasr().selectPlugin(VIEW_PLUGIN[saved.view] || "table");
    for (const item of document.querySelectorAll(".example")) {
      item.classList.toggle("loaded", item.dataset.name === name);
    }
    updateLinks();
  }

  // -- the gallery -------------------------------------------------------------------------------
  const tags = [...new Set(data.queries.flatMap((q) => q.tags))].sort();
  const tagBox = document.getElementById("gallery-tags");
  for (const tag of tags) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tag-filter";
    button.dataset.tag = tag;
    button.textContent = data.lang === "ja" && data.tagsJa[tag] ? data.tagsJa[tag] : tag;
    button.title = data.tagsJa[tag] ? tag + " / " + data.tagsJa[tag] : tag;
    tagBox.appendChild(button);
  }
  let chosenTag = "";
  const search = document.getElementById("gallery-search");
  function haystack(q) {
    const tagsJa = q.tags.map((t) => data.tagsJa[t] || "");
    return [q.name, ...Object.values(q.title), ...Object.values(q.description), ...q.tags,
      ...tagsJa].join(" ").toLowerCase();
  }
  function filter() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const item of document.querySelectorAll(".example")) {
      const q = byName.get(item.dataset.name);
      const text = haystack(q);
      item.hidden = !((!chosenTag || q.tags.includes(chosenTag)) && words.every((w) => text.includes(w)));
    }
  }
  tagBox.addEventListener("click", (event) => {
    const button = event.target.closest(".tag-filter");
    if (!button) return;
    chosenTag = button.dataset.tag;
    for (const b of tagBox.querySelectorAll(".tag-filter")) b.classList.toggle("active", b === button);
    filter();
  });
  search.addEventListener("input", filter);
  document.getElementById("gallery-list").addEventListener("click", (event) => {
    const button = event.target.closest(".example-load");
    if (button) loadExample(button.dataset.name);
  });

  const asked = new URLSearchParams(window.location.search).get("example");
  if (asked) loadExample(asked);
  window.wpikgQueryUi = { yasgui: yasgui, loadExample: loadExample, currentQuery: currentQuery };
})();
