/* Search in the reader's language only.

   static-i18n gives Material one search index for every language (see ../shared/FINDINGS.md), so a
   zh-Hans reader would also get English and zh-Hant hits. Material's bundle fetches the index when the
   page's components mount (on DOMContentLoaded, after this script has run) and posts it to its search
   worker as {type: 0, data: {config, docs, options}}. We filter that message: only the documents of
   the page's language reach the worker, so results, counts and suggestions are all per language.
   (The index request starts when the bundle runs, but its answer, several megabytes, is handled in a
   later task: this small script, next in the page, has patched postMessage by then.)

   A document's language is its location's first path segment when that segment is one of the site's
   languages (the hreflang values of the language switcher); otherwise it is the default language. */
(function () {
  if (!window.Worker || !Worker.prototype.postMessage) return;
  var post = Worker.prototype.postMessage;

  function languages() {
    var found = {};
    document.querySelectorAll("link[rel=alternate][hreflang], a[hreflang]").forEach(function (el) {
      var code = el.getAttribute("hreflang");
      if (code && code !== "x-default") found[code] = true;
    });
    return Object.keys(found);
  }

  function filter(docs) {
    var current = document.documentElement.getAttribute("lang") || "";
    var known = languages();
    if (known.indexOf(current) < 0) return docs;
    function language(location) {
      var first = String(location || "").split(/[/#?]/)[0];
      return known.indexOf(first) >= 0 ? first : "";
    }
    // The default language is the one whose pages carry no prefix: if no document starts with the
    // current language's code, the reader is on a default-language page.
    var prefixed = docs.some(function (doc) { return language(doc.location) === current; });
    var wanted = prefixed ? current : "";
    return docs.filter(function (doc) { return language(doc.location) === wanted; });
  }

  var SETUP = 0;

  Worker.prototype.postMessage = function (message) {
    if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
      var args = Array.prototype.slice.call(arguments);
      args[0] = Object.assign({}, message, { data: Object.assign({}, message.data, { docs: filter(message.data.docs) }) });
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };
})();
