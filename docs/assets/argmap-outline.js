/* Argument outlines (pages rendered by argmap: .am-outline): expand all / collapse all, a filter by node
   type and by fact-check verdict, and every row open while printing. Without JavaScript the outline is
   plain nested <details> and the tools stay hidden. A row without data-verdict has no fact-check ("none").
   No dependency. */
(function () {
  function rowsOf(outline) { return Array.prototype.slice.call(outline.querySelectorAll("li.am-o-row")); }

  function checked(tools, kind) {
    var values = {};
    tools.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
      if (box.checked) values[box.value] = true;
    });
    return values;
  }

  function filter(outline, tools) {
    var types = checked(tools, "type"), verdicts = checked(tools, "verdict");
    var all = tools.querySelectorAll("input[data-filter]").length;
    var active = tools.querySelectorAll("input[data-filter]:checked").length !== all;
    var rows = rowsOf(outline), shown = 0;
    // Deepest rows first: a row stays visible (dimmed) when a row below it matches.
    rows.slice().reverse().forEach(function (row) {
      var match = !!types[row.dataset.type] && !!verdicts[row.dataset.verdict || "none"];
      var below = row.querySelector(":scope > details > ul > li.am-o-row:not(.am-o-hidden)") !== null;
      row.classList.toggle("am-o-hidden", active && !match && !below);
      row.classList.toggle("am-o-dim", active && !match && below);
      row.classList.toggle("am-o-match", active && match);
      if (match) shown += 1;
      var details = row.querySelector(":scope > details");
      if (active && details && below) details.open = true;
    });
    outline.querySelectorAll("li.am-o-ref").forEach(function (ref) {
      var match = !!types[ref.dataset.type] && !!verdicts[ref.dataset.verdict || "none"];
      ref.classList.toggle("am-o-hidden", active && !match);
    });
    var status = tools.querySelector(".am-o-status");
    if (status) {
      status.textContent = active ? (tools.dataset.shown || "{n} / {total}").replace("{n}", shown)
        .replace("{total}", rows.length) : "";
    }
  }

  function setAll(outline, open) {
    outline.querySelectorAll("details").forEach(function (details) { details.open = open; });
  }

  function init() {
    document.querySelectorAll(".am-outline").forEach(function (outline) {
      if (outline.dataset.amReady) return;
      outline.dataset.amReady = "1";
      var tools = outline.querySelector(".am-o-tools");
      if (!tools) return;
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-outline]");
        if (button) setAll(outline, button.dataset.outline === "expand");
      });
      tools.addEventListener("change", function (event) {
        if (event.target.matches("input[data-filter]")) filter(outline, tools);
      });
      filter(outline, tools);
    });
  }

  // Printing shows the whole outline; afterwards the rows are as the reader left them.
  var before = null;
  window.addEventListener("beforeprint", function () {
    before = [];
    document.querySelectorAll(".am-outline details").forEach(function (details) {
      before.push([details, details.open]);
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    (before || []).forEach(function (pair) { pair[0].open = pair[1]; });
    before = null;
  });

  // Following a link to a row (#o-<id>, e.g. "its place in the outline") opens the rows above it.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^o-/.test(id)) return;
    var row = document.getElementById(id);
    for (var el = row && row.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    if (row) row.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);

  // Pages below an essay (sections, nodes, the source text) are not in the navigation: mark the essay's
  // entry as the reader's location (the breadcrumb names the essay).
  function markNav() {
    var crumbs = document.querySelector(".am-crumbs[data-essay-href]");
    if (!crumbs) return;
    var target = new URL(crumbs.getAttribute("data-essay-href"), location.href).href;
    document.querySelectorAll("a.md-nav__link[href]").forEach(function (link) {
      if (link.href === target) {
        link.classList.add("md-nav__link--active", "am-nav-here");
        link.setAttribute("aria-current", "location");
      }
    });
  }

  function start() { init(); reveal(); markNav(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(start); }
  else if (document.readyState !== "loading") { start(); }
  else { document.addEventListener("DOMContentLoaded", start); }
})();
