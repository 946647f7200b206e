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

// Landmark labels the theme hard-codes in its page layout (not translatable through gettext).
document.addEventListener("DOMContentLoaded", function () {
  var labels = { "Page": "Trang", "Main": "Mục lục sách", "Table of contents": "Mục lục" };
  document.querySelectorAll("[aria-label]").forEach(function (el) {
    var fixed = labels[el.getAttribute("aria-label")];
    if (fixed) { el.setAttribute("aria-label", fixed); }
  });
});

// Provenance popups: a click pins a figure's popup open (a second click or Escape closes it);
// hover and keyboard focus show it through CSS.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest(".egv-num") : null;
    document.querySelectorAll(".egv-value.egv-open").forEach(function (el) {
      if (!button || el !== button.parentNode) { el.classList.remove("egv-open"); }
    });
    if (button) { button.parentNode.classList.toggle("egv-open"); }
  });
  // Keep the popup inside the window: near the right edge it opens towards the left.
  function place(ev) {
    var value = ev.target.closest ? ev.target.closest(".egv-value") : null;
    if (!value) { return; }
    value.classList.remove("egv-flip");
    var popup = value.querySelector(".egv-prov");
    if (popup && popup.getBoundingClientRect().right > window.innerWidth - 8) {
      value.classList.add("egv-flip");
    }
  }
  document.addEventListener("mouseover", place);
  document.addEventListener("focusin", place);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      document.querySelectorAll(".egv-value.egv-open").forEach(function (el) {
        el.classList.remove("egv-open");
      });
    }
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
      var at = first(lower, false);
      if (at < 0) { at = first(folded, true); }
      var start = Math.max(at - 120, 0);
      var summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = (start > 0 ? "…" : "") + text.substr(start, 240).trim() +
        (start + 240 < text.length ? "…" : "");
      return summary;
    };
  });
})();
