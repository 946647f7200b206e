// Filters for the claims tables: free text (with or without Vietnamese diacritics), verdict and
// source. Runs offline, no library.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function columnIndex(table, title) {
    var heads = table.querySelectorAll("thead th");
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].textContent.trim() === title) { return i; }
    }
    return -1;
  }
  function select(label, values) {
    var wrap = document.createElement("label");
    wrap.className = "egovbook-filter-field";
    wrap.textContent = label + " ";
    var box = document.createElement("select");
    var all = document.createElement("option");
    all.value = ""; all.textContent = "Tất cả";
    box.appendChild(all);
    values.forEach(function (v) {
      var o = document.createElement("option"); o.value = v; o.textContent = v; box.appendChild(o);
    });
    wrap.appendChild(box);
    return { wrap: wrap, box: box };
  }
  function enhance(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var verdictCol = columnIndex(table, "Kết luận");
    var sourceCol = columnIndex(table, "Nguồn");
    var cell = function (row, i) { return i < 0 ? "" : row.children[i].textContent.trim(); };
    var unique = function (i) {
      var seen = {};
      rows.forEach(function (r) { seen[cell(r, i)] = true; });
      return Object.keys(seen).filter(Boolean).sort();
    };
    var bar = document.createElement("div");
    bar.className = "egovbook-filter";
    bar.setAttribute("role", "search");
    var textLabel = document.createElement("label");
    textLabel.className = "egovbook-filter-field";
    textLabel.textContent = "Lọc bảng ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "ví dụ: LGSP, 15,91, chi so dich vu";
    textLabel.appendChild(input);
    var verdict = select("Kết luận", unique(verdictCol));
    var source = select("Nguồn", unique(sourceCol));
    var count = document.createElement("span");
    count.className = "egovbook-filter-count";
    count.setAttribute("aria-live", "polite");
    [textLabel, verdict.wrap, source.wrap, count].forEach(function (el) { bar.appendChild(el); });
    table.parentNode.insertBefore(bar, table);
    function apply() {
      var q = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!q || fold(r.textContent).indexOf(q) >= 0) &&
          (!verdict.box.value || cell(r, verdictCol) === verdict.box.value) &&
          (!source.box.value || cell(r, sourceCol) === source.box.value);
        r.style.display = ok ? "" : "none";
        if (ok) { shown += 1; }
      });
      count.textContent = "Hiển thị " + shown + "/" + rows.length + " dòng";
    }
    input.addEventListener("input", apply);
    verdict.box.addEventListener("change", apply);
    source.box.addEventListener("change", apply);
    apply();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[id$='doi-chieu']").forEach(enhance);
  });
})();

// Provenance popups: hover and keyboard focus show a figure's popup (CSS); a click pins it open,
// a second click or Escape closes it (and keeps it closed while the pointer or focus stays).
(function () {
  "use strict";
  var MARGIN = 8;  // from the window's edges
  var GAP = 4;  // between the number and its popup
  function valueOf(el) { return el && el.closest ? el.closest(".egv-value") : null; }
  // Keep the popup inside the window and off its number: below the number, or above it when
  // there is more room there; shifted left as far as the window's edge needs.
  function place(value) {
    var popup = value.querySelector(".egv-prov");
    var num = value.querySelector(".egv-num");
    if (!popup || !num) { return; }
    var hidden = getComputedStyle(popup).display === "none";
    if (hidden) { popup.style.visibility = "hidden"; popup.style.display = "block"; }
    popup.style.left = "0px";
    popup.style.top = "0px";
    var origin = popup.getBoundingClientRect();
    var at = num.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(MARGIN, Math.min(at.left, width - MARGIN - origin.width));
    var below = window.innerHeight - at.bottom;
    var top = (origin.height + GAP + MARGIN <= below || below >= at.top)
      ? at.bottom + GAP : at.top - GAP - origin.height;
    popup.style.left = (left - origin.left) + "px";
    popup.style.top = (top - origin.top) + "px";
    if (hidden) { popup.style.visibility = ""; popup.style.display = ""; }
  }
  function shut(value) {
    value.classList.remove("egv-open");
    value.classList.add("egv-shut");
  }
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest(".egv-num") : null;
    var mine = button ? button.parentNode : null;
    document.querySelectorAll(".egv-value.egv-open").forEach(function (el) {
      if (el !== mine) { el.classList.remove("egv-open"); }
    });
    if (!mine) { return; }
    if (mine.classList.contains("egv-open")) {
      shut(mine);
    } else {
      mine.classList.remove("egv-shut");
      place(mine);
      mine.classList.add("egv-open");
    }
  });
  // A pinned popup follows its number when the page or a table scrolls (a table cell's popup is
  // placed in the window, egovbook.css).
  document.addEventListener("scroll", function () {
    document.querySelectorAll(".egv-value.egv-open").forEach(place);
  }, true);
  document.addEventListener("mouseover", function (ev) {
    var value = valueOf(ev.target);
    if (value && !value.contains(ev.relatedTarget)) { place(value); }
  });
  document.addEventListener("focusin", function (ev) {
    var value = valueOf(ev.target);
    if (value) { place(value); }
  });
  // Leaving a closed figure (pointer or focus) lets hover and focus show it again.
  document.addEventListener("mouseout", function (ev) {
    var value = valueOf(ev.target);
    if (value && !value.contains(ev.relatedTarget)) { value.classList.remove("egv-shut"); }
  });
  document.addEventListener("focusout", function (ev) {
    var value = valueOf(ev.target);
    if (value && !value.contains(ev.relatedTarget)) { value.classList.remove("egv-shut"); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    document.querySelectorAll(".egv-value").forEach(function (el) {
      if (el.classList.contains("egv-open") || el.matches(":hover") ||
          el.contains(document.activeElement)) {
        shut(el);
      }
    });
  });
})();

// Search results (search.html, Sphinx's searchtools): the snippet is taken from the chapter's
// text (not the page toolbar, not the provenance popups or screen hints), around the first word
// of the query found with or without diacritics; a word found only inside a longer word
// (partial match) never outranks a page that has the word itself.
(function () {
  "use strict";
  function foldChars(text) {
    // One character in, one character out, so positions in the folded text are positions in
    // the text.
    var out = "";
    for (var i = 0; i < text.length; i++) {
      out += text[i].normalize("NFD")[0].replace("đ", "d").replace("Đ", "D").toLowerCase();
    }
    return out;
  }
  function pageText(htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".headerlink, script, style, .egv-prov, .screen-only, .print-only")
      .forEach(function (el) { el.remove(); });
    var article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!article) { return ""; }
    // Blocks end with a space, so «OSI» and the definition after it stay two words.
    article.querySelectorAll("p, li, dt, dd, td, th, h1, h2, h3, h4, caption, figcaption")
      .forEach(function (el) { el.append(" "); });
    var part = anchor ? article.querySelector(anchor) : null;
    return ((part || article).textContent || "").replace(/\s+/g, " ").trim();
  }
  document.addEventListener("DOMContentLoaded", function () {
    /* global Search, Scorer */
    if (typeof Search === "undefined" || typeof Scorer === "undefined") { return; }
    Scorer.partialTerm = 1;
    Scorer.partialTitle = 1;
    Search.htmlToText = pageText;
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var text = pageText(htmlText, anchor);
      if (!text) { return null; }
      var lower = text.toLowerCase(), folded = foldChars(text);
      var words = Array.from(keywords).map(function (k) { return /^n\d+$/.test(k) ? k.slice(1) : k; });
      // The first word as typed («cổng»); failing that, as folded («cong» meets «công»).
      function first(haystack, fold) {
        var at = -1;
        words.forEach(function (w) {
          var i = haystack.indexOf(fold ? foldChars(w) : w.toLowerCase());
          if (i >= 0 && (at < 0 || i < at)) { at = i; }
        });
        return at;
      }
      var query = (new URLSearchParams(window.location.search).get("q") || "")
        .replace(/\s+/g, " ").trim();
      // The whole query as typed, then without diacritics, then its first word found.
      var at = lower.indexOf(query.toLowerCase());
      if (at < 0) { at = folded.indexOf(foldChars(query)); }
      if (at < 0) { at = first(lower, false); }
      if (at < 0) { at = first(folded, true); }
      var start = Math.max(at - 120, 0);
      var summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = (start > 0 ? "…" : "") + text.substr(start, 240).trim() +
        (start + 240 < text.length ? "…" : "");
      // Rank: the whole query as typed (2), or without diacritics (1), or only its words
      // scattered over the page (0). Sphinx scores words, not phrases.
      var rank = lower.indexOf(query.toLowerCase()) >= 0 ? 2
        : folded.indexOf(foldChars(query)) >= 0 ? 1 : 0;
      setTimeout(function () { rerank(summary, rank); }, 0);
      return summary;
    };
  });
  // Pages that contain the query come first; among equals Sphinx's order stays.
  function rerank(summary, rank) {
    var item = summary.parentNode, list = item && item.parentNode;
    if (!list) { return; }
    item.dataset.rank = rank;
    var items = Array.from(list.children);
    items.forEach(function (li, i) { if (!li.dataset.order) { li.dataset.order = i; } });
    items.sort(function (a, b) {
      var ra = a.dataset.rank === undefined ? -1 : +a.dataset.rank;
      var rb = b.dataset.rank === undefined ? -1 : +b.dataset.rank;
      return rb - ra || (+a.dataset.order) - (+b.dataset.order);
    }).forEach(function (li) { list.appendChild(li); });
  }
})();
