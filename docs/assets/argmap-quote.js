/* From a node to its words in the source text, highlighted.

   On a node page the quote link (`source/#p-N`) gains `?quote=<node-id>`. On a source page, `?quote=<node-id>`
   finds that node's marker (`.am-marker`, which carries the quote in data-quote) in paragraph p-N and
   wraps the quoted words of the paragraph in <mark class="am-hit">. Without JavaScript the link still
   lands on the paragraph. */
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

  function highlight() {
    var id = new URLSearchParams(location.search).get("quote");
    if (!id || !document.querySelector(".am-source")) return;
    var para = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
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

  function run() { linkQuotes(); highlight(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(run); }
  else { document.addEventListener("DOMContentLoaded", run); }
})();
