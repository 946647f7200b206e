/* «Khám phá dữ liệu»: the book's data explorer (notebooks/91_kham_pha_du_lieu).
 *
 * Reads the JSON the page embeds (egovbook.chapters.explorer.payload): values, the texts the book
 * shows for them (already formatted, half up, by the book's Python), averages computed by the
 * book's package, and the controls' strings. It only chooses and places them: no number is
 * formatted or averaged here. The selection lives in the URL (?nuoc=VNM,THA&chiso=osi&tb=the-gioi)
 * so it can be shared. Works from file:// with no network: Vega, Vega-Lite and Vega-Embed are
 * shipped in _static/explorer/vendor.
 */
(function () {
  "use strict";
  // Sphinx loads this script in the page's head: start once the page is parsed.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var root = document.getElementById("egv-explorer");
    var source = document.getElementById("egv-explorer-data");
    if (!root || !source) { return; }
    var D = JSON.parse(source.textContent);
    var UI = D.ui;
    var byIso = {};
    D.countries.forEach(function (c) { byIso[c.iso3] = c; });
    var byAvg = {};
    D.averages.forEach(function (a) { byAvg[a.id] = a; });
    var indexOf = {};
    D.indices.forEach(function (ix) { indexOf[ix.code] = ix; });

    function say(template, fields) {
      return template.replace(/\{(\w+)\}/g, function (m, k) {
        return Object.prototype.hasOwnProperty.call(fields, k) ? String(fields[k]) : m;
      });
    }
    // Search with or without diacritics: «viet nam», «Việt Nam» and «VNM» all find Viet Nam.
    function fold(text) {
      return String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }
    function el(tag, attrs, children) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) {
        if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
      });
      (children || []).forEach(function (c) { node.appendChild(c); });
      return node;
    }

    // --- state, from and to the URL ---------------------------------------------------------

    var state = { countries: [], index: "egdi", averages: [], unknown: [] };

    function readUrl() {
      var q = new URLSearchParams(window.location.search);
      var any = q.has("nuoc") || q.has("chiso") || q.has("tb");
      var unknown = [];
      var list = function (name) {
        return (q.get(name) || "").split(",").map(function (s) { return s.trim(); })
          .filter(function (s) { return s; });
      };
      state.countries = [];
      list("nuoc").forEach(function (code) {
        var iso = code.toUpperCase();
        if (byIso[iso]) {
          if (state.countries.indexOf(iso) < 0) { state.countries.push(iso); }
        } else { unknown.push(code); }
      });
      var ix = (q.get("chiso") || "egdi").toLowerCase();
      if (indexOf[ix]) { state.index = ix; } else { unknown.push(q.get("chiso")); state.index = "egdi"; }
      state.averages = [];
      list("tb").forEach(function (id) {
        if (byAvg[id.toLowerCase()]) { state.averages.push(id.toLowerCase()); } else { unknown.push(id); }
      });
      if (!any) {  // no selection in the URL: the edition's country and the world average
        state.countries = [D.edition];
        state.averages = [D.averages[0].id];
      }
      state.unknown = unknown;
    }

    function query() {
      var parts = [];
      if (state.countries.length) { parts.push("nuoc=" + state.countries.join(",")); }
      parts.push("chiso=" + state.index);
      if (state.averages.length) { parts.push("tb=" + state.averages.join(",")); }
      return "?" + parts.join("&");
    }

    function writeUrl() {
      var url = window.location.pathname + query() + window.location.hash;
      try { window.history.replaceState(null, "", url); } catch (e) { /* some file:// setups */ }
      link.href = query();
      link.textContent = link.href;
    }

    // --- controls ------------------------------------------------------------------------------

    var uid = 0;
    function id(prefix) { uid += 1; return "egv-x-" + prefix + "-" + uid; }

    var indexBox = el("fieldset", { "class": "egv-x-group" }, [el("legend", { text: UI.index })]);
    D.indices.forEach(function (ix) {
      var rid = id("chiso");
      var input = el("input", { type: "radio", name: "egv-x-index", id: rid, value: ix.code });
      input.addEventListener("change", function () { state.index = ix.code; update(); });
      indexBox.appendChild(el("div", { "class": "egv-x-option" },
        [input, el("label", { "for": rid, text: ix.name })]));
    });

    var avgBox = el("fieldset", { "class": "egv-x-group" }, [el("legend", { text: UI.averages })]);
    D.averages.forEach(function (a) {
      var cid = id("tb");
      var input = el("input", { type: "checkbox", id: cid, value: a.id });
      input.addEventListener("change", function () {
        state.averages = D.averages.map(function (x) { return x.id; }).filter(function (x) {
          return x === a.id ? input.checked : state.averages.indexOf(x) >= 0;
        });
        update();
      });
      avgBox.appendChild(el("div", { "class": "egv-x-option" },
        [input, el("label", { "for": cid, text: a.name })]));
    });

    var searchId = id("tim");
    var listId = id("ds");
    var hintId = id("goi-y");
    var search = el("input", { type: "search", id: searchId, autocomplete: "off",
      "aria-controls": listId, "aria-describedby": hintId });
    var count = el("p", { "class": "egv-x-count", "aria-live": "polite" });
    var list = el("ul", { "class": "egv-x-list", id: listId, "aria-label": UI.search });
    var boxes = {};
    D.countries.forEach(function (c) {
      var cid = id("nuoc");
      var input = el("input", { type: "checkbox", id: cid, value: c.iso3 });
      input.addEventListener("change", function () {
        var at = state.countries.indexOf(c.iso3);
        if (input.checked && at < 0) { state.countries.push(c.iso3); }
        if (!input.checked && at >= 0) { state.countries.splice(at, 1); }
        update();
      });
      boxes[c.iso3] = input;
      var item = el("li", {}, [input, el("label", { "for": cid, text: c.name + " (" + c.iso3 + ")" })]);
      item.dataset.key = fold(c.name + " " + c.en + " " + c.iso3);
      list.appendChild(item);
    });
    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(list.children, function (li) {
        var hit = words.every(function (w) { return li.dataset.key.indexOf(w) >= 0; });
        li.hidden = !hit;
        if (hit) { shown += 1; }
      });
      count.textContent = shown ? say(UI.shown, { n: shown }) : UI.none_found;
    }
    search.addEventListener("input", filter);
    var countryBox = el("div", { "class": "egv-x-group egv-x-countries" }, [
      el("label", { "for": searchId, text: UI.search }), search,
      el("p", { id: hintId, "class": "egv-x-hint", text: UI.search_hint }), count, list]);

    var chosen = el("div", { "class": "egv-x-chosen", role: "group", "aria-label": UI.chosen });
    var note = el("p", { "class": "egv-x-note", role: "status" });
    var chart = el("div", { "class": "egv-x-chart" });
    var readout = el("p", { "class": "egv-x-readout", "aria-live": "polite", text: UI.readout_hint });
    var tableWrap = el("div", { "class": "egv-x-table", role: "region", tabindex: "0" });
    var link = el("a", { "class": "egv-x-link" });

    root.appendChild(el("div", { "class": "egv-x-controls" }, [indexBox, avgBox, countryBox]));
    root.appendChild(el("div", { "class": "egv-x-chosen-row" }, [
      el("span", { "class": "egv-x-label", text: UI.chosen + ":" }), chosen]));
    root.appendChild(note);
    root.appendChild(el("h2", { "class": "egv-x-title", text: UI.title }));
    root.appendChild(el("div", { "class": "egv-x-view" }, [
      el("div", { "class": "egv-x-chart-col" }, [chart, readout]), tableWrap]));
    root.appendChild(el("p", { "class": "egv-x-share" }, [
      document.createTextNode(UI.share + " "), link]));

    // --- the selected series -----------------------------------------------------------------

    function series() {
      var ix = state.index;
      var out = state.countries.map(function (iso) {
        var c = byIso[iso];
        return { key: iso, name: c.name, values: c.values[ix], texts: c.texts[ix], average: false };
      });
      state.averages.forEach(function (aid) {
        var a = byAvg[aid];
        out.push({ key: aid, name: a.name, values: a.values[ix], texts: a.texts[ix], average: true });
      });
      return out;
    }

    function renderChosen() {
      chosen.textContent = "";
      state.countries.forEach(function (iso) {
        var b = el("button", { type: "button", "class": "egv-x-chip",
          "aria-label": say(UI.remove, { name: byIso[iso].name }) }, [
          el("span", { text: byIso[iso].name }), el("span", { "aria-hidden": "true", text: " ×" })]);
        b.addEventListener("click", function () {
          state.countries.splice(state.countries.indexOf(iso), 1);
          update();
          (chosen.querySelector("button") || search).focus();
        });
        chosen.appendChild(b);
      });
    }

    function renderTable(rows) {
      var ix = indexOf[state.index];
      var table = el("table", { "class": "egv-x-data" });
      table.appendChild(el("caption", { text: say(UI.table_caption, { index: ix.name }) }));
      var head = el("tr", {}, [el("th", { scope: "col", text: UI.year })]);
      rows.forEach(function (s) { head.appendChild(el("th", { scope: "col", text: s.name })); });
      table.appendChild(el("thead", {}, [head]));
      var body = el("tbody");
      D.years.forEach(function (year, i) {
        var tr = el("tr", {}, [el("th", { scope: "row", text: String(year) })]);
        rows.forEach(function (s) {
          var td = el("td", { text: s.texts[i] });
          if (s.values[i] === null) { td.setAttribute("title", UI.missing); }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      tableWrap.textContent = "";
      tableWrap.appendChild(table);
      tableWrap.setAttribute("aria-label", say(UI.table_caption, { index: ix.name }));
    }

    var view = null;
    function renderChart(rows) {
      var ix = indexOf[state.index];
      var points = [];
      rows.forEach(function (s) {
        D.years.forEach(function (year, i) {
          if (s.values[i] === null) { return; }
          points.push({ nam: year, value: s.values[i], series: s.name, kind: s.average ? "tb" : "nuoc",
            label: say(UI.readout, { series: s.name, index: ix.short, year: year, value: s.texts[i] }) });
        });
      });
      if (view) { view.finalize(); view = null; }
      chart.textContent = "";
      if (!points.length) {
        chart.appendChild(el("p", { "class": "egv-x-empty", text: rows.length ? UI.no_values : UI.empty }));
        return;
      }
      var names = rows.map(function (s) { return s.name; });
      var spec = {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        description: say(UI.chart, { index: ix.name, series: names.join(", "),
          first: D.years[0], last: D.years[D.years.length - 1] }),
        width: "container", height: 300, autosize: { type: "fit-x", contains: "padding" },
        data: { values: points },
        mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 },
        encoding: {
          x: { field: "nam", type: "quantitative", title: UI.year,
            scale: { domain: [D.years[0], D.years[D.years.length - 1]], nice: false },
            axis: { values: D.years, format: "d", labelAngle: -45, labelOverlap: "greedy" } },
          y: { field: "value", type: "quantitative", title: ix.short + " (0–1)",
            scale: { domain: [0, 1] }, axis: { format: ".1f", tickCount: 5 } },
          color: { field: "series", type: "nominal", scale: { domain: names, scheme: "tableau10" },
            legend: { title: null, orient: "bottom", columns: 2, labelLimit: 260 } },
          strokeDash: { field: "kind", type: "nominal", scale: { domain: ["nuoc", "tb"],
            range: [[1, 0], [6, 3]] }, legend: null },
          description: { field: "label" },
          tooltip: { field: "label" }
        },
        config: { font: "inherit", axis: { labelFontSize: 12, titleFontSize: 12 },
          legend: { labelFontSize: 12 } }
      };
      var options = {
        renderer: "svg", actions: false,
        formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"] },
        // The value readout beside the chart, on hover; keyboard focus below.
        tooltip: function (handler, event, item, value) {
          if (value) { readout.textContent = value; }
        }
      };
      window.vegaEmbed(chart, spec, options).then(function (result) {
        view = result.view;
        // Points take the keyboard: each one is reachable with Tab and reads its value.
        chart.querySelectorAll(".mark-symbol path[aria-label]").forEach(function (p) {
          p.setAttribute("tabindex", "0");
          p.setAttribute("role", "img");
          p.addEventListener("focus", function () { readout.textContent = p.getAttribute("aria-label"); });
        });
      }).catch(function (err) {
        chart.textContent = String(err);
      });
    }

    function update() {
      D.indices.forEach(function (ix) {
        root.querySelector('input[name="egv-x-index"][value="' + ix.code + '"]').checked =
          ix.code === state.index;
      });
      avgBox.querySelectorAll("input").forEach(function (i) {
        i.checked = state.averages.indexOf(i.value) >= 0;
      });
      Object.keys(boxes).forEach(function (iso) { boxes[iso].checked = state.countries.indexOf(iso) >= 0; });
      var rows = series();
      renderChosen();
      renderTable(rows);
      renderChart(rows);
      writeUrl();
    }

    readUrl();
    if (state.unknown.length) {
      note.textContent = say(UI.unknown, { codes: state.unknown.join(", ") });
    } else {
      note.hidden = true;
    }
    filter();
    update();
    readout.textContent = UI.readout_hint;
  }
}());
