/* From a node to its words in the source text, highlighted; the reader's place kept across languages.

   On a node page the quote link (`source/#p-N`) gains `?quote=<node-id>`. On a source page every quote is
   already marked in the original (<mark class="am-q" data-node=…>, written by the generator); `?quote=<id>`
   adds `am-hit` to that node's mark in paragraph p-N and scrolls it into view. (An older page without the
   marks: the marker's data-quote is found in the paragraph's text and wrapped in <mark class="am-hit">.)
   Without JavaScript the link still lands on the paragraph.
   The language switcher's links carry `?quote=` and the paragraph (`#p-N`: the one in the address, or the
   one at the top of the window), so switching language keeps the reader's place and the highlighted quote.
   The source page's button hides or shows the original column; the choice is kept in localStorage.
   A quote link's tooltip is its node's label, read from the mark's screen-reader words (written once). */
(function () {
  function nodeId() {
    var m = /\/nodes\/([^/]+)\/?$/.exec(location.pathname);
    if (m) return decodeURIComponent(m[1]);
    var focus = document.querySelector(".am-svg g.node.focus[id^='n-']");
    return focus ? focus.id.slice(2) : null;
  }

  function linkQuotes() {
    var id = nodeId();
    if (!id) return;
    document.querySelectorAll("a.am-quote-link").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      url.searchParams.set("quote", id);  // not "q": Material opens its search for ?q=
      a.setAttribute("href", url.pathname + url.search + url.hash);
    });
  }

  // Find `quote` in the text of `root` (ignoring differences in white space) and wrap it in <mark>s,
  // one per text node it spans. Returns the first mark, or null.
  function mark(root, quote) {
    var wanted = quote.replace(/\s+/g, "");
    if (!wanted) return null;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var chars = [];   // [textNode, offset] for each non-space character
    var flat = "";
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      for (var i = 0; i < node.data.length; i++) {
        if (!/\s/.test(node.data[i])) { chars.push([node, i]); flat += node.data[i]; }
      }
    }
    var at = flat.indexOf(wanted);
    if (at < 0) return null;
    var first = chars[at], last = chars[at + wanted.length - 1];
    var pieces = [];
    var nodes = [];
    for (var k = at; k < at + wanted.length; k++) {
      if (nodes.indexOf(chars[k][0]) < 0) nodes.push(chars[k][0]);
    }
    nodes.forEach(function (text) {
      var start = text === first[0] ? first[1] : 0;
      var end = text === last[0] ? last[1] + 1 : text.data.length;
      var range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, end);
      var hit = document.createElement("mark");
      hit.className = "am-hit";
      range.surroundContents(hit);
      pieces.push(hit);
    });
    return pieces[0] || null;
  }

  function showOriginal() {
    var source = document.querySelector(".am-source.am-hide-original");
    if (source) source.classList.remove("am-hide-original");
  }

  function highlightMark(id, para) {
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.am-q[data-node]")).filter(function (m) {
      return m.getAttribute("data-node") === id;
    });
    if (!marks.length) return false;
    var mark = marks.filter(function (m) { return para && para.contains(m); })[0] || marks[0];
    showOriginal();  // the quote is in the original: show it even if the reader hid it
    mark.classList.add("am-hit");
    var claim = mark.closest(".am-para") && mark.closest(".am-para").querySelector(".am-claims li[data-node='" + id + "']");
    if (claim) claim.classList.add("am-marker-hit");
    mark.scrollIntoView({ block: "center" });
    return true;
  }

  function highlight() {
    var id = new URLSearchParams(location.search).get("quote");
    if (!id || !document.querySelector(".am-source")) return;
    var para = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (highlightMark(id, para)) return;
    var scopes = para ? [para, document] : [document];
    var marker = null;
    for (var s = 0; s < scopes.length && !marker; s++) {
      scopes[s].querySelectorAll(".am-marker[data-quote]").forEach(function (a) {
        var m = /\/nodes\/([^/]+)\/?$/.exec(new URL(a.getAttribute("href"), location.href).pathname);
        if (!marker && m && decodeURIComponent(m[1]) === id) marker = a;
      });
    }
    if (!marker) return;
    var paragraph = marker.closest(".am-para");
    var text = paragraph && paragraph.querySelector("p");
    if (!text || text.querySelector("mark.am-hit")) return;
    var hit = mark(text, marker.getAttribute("data-quote"));
    marker.classList.add("am-marker-hit");
    if (hit) hit.scrollIntoView({ block: "center" });
  }

  var KEY = "argmap.original";

  function originalToggle() {
    var button = document.querySelector("button.am-toggle-original");
    var source = document.querySelector(".am-source.am-parallel");
    if (!button || !source) return;
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* storage may be disabled */ }
    function apply(hidden) {
      source.classList.toggle("am-hide-original", hidden);
      button.setAttribute("aria-pressed", hidden ? "true" : "false");
      button.textContent = button.getAttribute(hidden ? "data-show" : "data-hide");
    }
    apply(stored === "hidden" && !new URLSearchParams(location.search).get("quote"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var hidden = !source.classList.contains("am-hide-original");
      apply(hidden);
      try { localStorage.setItem(KEY, hidden ? "hidden" : "shown"); } catch (e) { /* ignore */ }
    });
  }

  // The paragraph the reader is at: the one in the address, else the first whose bottom is below the header.
  function currentParagraph() {
    if (/^#p-\d+$/.test(location.hash)) return location.hash;
    var paras = document.querySelectorAll(".am-source .am-para[id]");
    if (!paras.length || window.scrollY < 50) return "";
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    for (var i = 0; i < paras.length; i++) {  // the first paragraph starting below the header, or mostly shown
      var box = paras[i].getBoundingClientRect();
      if (box.top >= top - 10 || box.bottom > top + 40) return "#" + paras[i].id;
    }
    return "";
  }

  function carry(a) {
    var url = new URL(a.getAttribute("href"), location.href);
    var quote = new URLSearchParams(location.search).get("quote");
    if (quote) url.searchParams.set("quote", quote);
    url.hash = currentParagraph();
    a.setAttribute("href", url.pathname + url.search + url.hash);
  }

  function keepPlace() {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    if (!links.length || !document.querySelector(".am-source")) return;  // source pages only
    function update() { links.forEach(carry); }
    update();
    window.addEventListener("hashchange", update);
    links.forEach(function (a) {
      ["pointerenter", "pointerdown", "focus", "keydown"].forEach(function (type) { a.addEventListener(type, function () { carry(a); }); });
      // Material's own handler (on the body) rebuilds the link from the sitemap and drops ?quote= and #p-N:
      // a plain click goes to the carried address here, before the event reaches it.
      a.addEventListener("click", function (ev) {
        carry(a);
        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
        ev.preventDefault();
        ev.stopPropagation();
        location.assign(a.href);
      });
    });
  }

  // A quote's label is written once, in its mark's words for screen readers (.am-sr > .am-ql); its links get
  // the tooltip from there: title on hover, data-tip (argmap.css) on keyboard focus.
  function tooltips() {
    document.querySelectorAll("mark.am-q a.am-qa:not([data-tip])").forEach(function (a) {
      var label = a.closest("mark.am-q").querySelector(":scope > .am-sr > .am-ql");
      if (!label) return;
      a.title = label.textContent;
      a.setAttribute("data-tip", label.textContent);
    });
  }

  function run() { tooltips(); linkQuotes(); originalToggle(); highlight(); keepPlace(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(run); }
  else { document.addEventListener("DOMContentLoaded", run); }
})();
