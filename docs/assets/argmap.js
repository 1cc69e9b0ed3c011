/* Fit a diagram to the page when shrinking keeps its text legible (>= 62% of natural size);
   otherwise keep the natural size and let the reader scroll. */
(function () {
  function px(value) {
    var m = /^([\d.]+)(pt|px)?$/.exec(value || "");
    if (!m) return 0;
    return parseFloat(m[1]) * (m[2] === "pt" ? 4 / 3 : 1);
  }
  function fit() {
    document.querySelectorAll(".am-svg > svg").forEach(function (svg) {
      var box = svg.parentElement;
      if (box.classList.contains("am-pz")) return;  // zoomable (argmap-zoom.js) sizes itself
      var natural = svg.dataset.naturalWidth ? parseFloat(svg.dataset.naturalWidth) : px(svg.getAttribute("width"));
      var naturalHeight = svg.dataset.naturalHeight ? parseFloat(svg.dataset.naturalHeight) : px(svg.getAttribute("height"));
      if (!natural || !naturalHeight) return;
      svg.dataset.naturalWidth = natural;
      svg.dataset.naturalHeight = naturalHeight;
      var room = box.clientWidth - 16;
      var scale = natural > room ? room / natural : 1;
      if (scale < 0.62) scale = 1;
      svg.style.width = natural * scale + "px";
      svg.style.height = naturalHeight * scale + "px";
      box.classList.toggle("am-scroll", natural * scale > room + 1);
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(fit); }
  else { document.addEventListener("DOMContentLoaded", fit); }
  window.addEventListener("resize", fit);
})();

/* Material's search dialog has no accessible name (axe: aria-dialog-name): give it the search field's. */
(function () {
  function name() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var field = document.querySelector(".md-search__input");
    if (dialog && field && !dialog.getAttribute("aria-label")) {
      dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.getAttribute("placeholder") || "Search");
    }
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(name); }
  else { document.addEventListener("DOMContentLoaded", name); }
})();
