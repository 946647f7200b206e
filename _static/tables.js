// Tables wider than their box scroll sideways (tables.css): say so above each such table, and
// only there, again whenever the window changes size (a phone turned sideways may fit it).
(function () {
  "use strict";
  const HINT = "Bảng rộng hơn khung: vuốt hoặc cuộn ngang để xem các cột còn lại.";

  function mark() {
    document.querySelectorAll(".pst-scrollable-table-container").forEach(function (box) {
      const wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("egv-scrolls", wide);
      let hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("egv-scroll-hint")) {
        if (!wide) {
          return;
        }
        hint = document.createElement("p");
        hint.className = "egv-scroll-hint";
        hint.textContent = HINT;
        box.before(hint);
      }
      hint.hidden = !wide;
    });
  }

  let timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", later);
})();
