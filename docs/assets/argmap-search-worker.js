/* The search worker: Material's search interface, with matching that cuts a Chinese query as the index is cut.

   Material's own worker (lunr) segments Chinese queries "experimentally" over lunr's vocabulary, and its
   segmenter never looks at a whole run (its inner loop stops one character short): 去美元化 found nothing,
   美債 became 美* and matched every word starting with 美. This worker answers the same messages as
   Material's (SETUP → READY, QUERY → RESULT; see Material's integrations/search/worker), so the search box,
   result list, keyboard handling and the ?h= highlighting on the target page stay Material's.

   The index: one file per language, search/index.<lang>.json, written after the build by
   src/argmap/search.py: plain text, each Han run cut by jieba (the project's dictionary, both scripts)
   with U+200B between its words. The page names its language in this worker's URL (?lang=…), so a page
   loads only its own language's index, and only when the reader first types a query.

   A query is cut the way the index was: Latin words and figures by the same tokenizer, each Han run by
   forward maximum matching over the index's own Han words (every word jieba put into the index), so it
   splits into exactly the index's words. The results are the pages that hold every unit of the query (each
   Han run as typed, each word or figure); when no page does, the pages that hold every word of the cut
   query; when none does, those that hold any. Ranking, page by page:
     1. pages that contain the whole query as written (a phrase: Han characters in sequence, words in order),
     2. then pages that contain every word of the query,
     3. then the others;
   within each, pages whose title or lead (a node's label or statement) holds the query come first;
   then by a weighted score: a word in the page title (a node's label) weighs 20, in a node's
   statement 10, in the page's own text or a section heading 2, elsewhere 1, each scaled by the word's
   rarity (idf) and saturated (a word repeated ten times is not ten times better). */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";  // = search.HAN
var ZWSP = "\u200b";
var TOKEN = new RegExp(
  "([" + HAN + ZWSP + "]+)" +                                   // a Han run (words split at U+200B)
  "|([0-9\\uff10-\\uff19]+(?:[.,\\uff0e][0-9\\uff10-\\uff19]+)*[%\\uff05]?)" +  // a figure: 1.2, 38%
  "|((?:(?![" + HAN + "])[\\p{L}\\p{N}])+)",                    // a word of letters
  "gu");
var IS_HAN = new RegExp("^[" + HAN + "]", "u");
var IS_ANY_HAN = new RegExp("[" + HAN + "]", "u");
var WEIGHT = { title: 20, lead: 10, own: 2, heading: 2, text: 1 };
var SNIPPET = 160;      // characters of text shown around the first match
var MAX_PAGES = 100;

var lang = new URL(self.location.href).searchParams.get("lang") || "en";
var config = null;      // Material's search configuration (from search/search_index.json)
var loading = null;     // promise of the index
var index = null;

var fold = new Map();   // Traditional → Simplified characters (the index's "fold"): both scripts match

function key(word) {
  var k = word.normalize("NFKC").toLowerCase();
  if (!fold.size || !IS_ANY_HAN.test(k)) return k;
  var folded = "";
  for (var i = 0; i < k.length; i++) folded += fold.get(k[i]) || k[i];
  return folded;
}

/* Tokens of a text: {k: key, s: start, e: end, h: is Han}; positions in the stored text (with U+200B). */
function tokenize(text) {
  var tokens = [];
  TOKEN.lastIndex = 0;
  for (var m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (m[1]) {
      var start = m.index;
      m[1].split(ZWSP).forEach(function (word) {
        if (word) tokens.push({ k: key(word), s: start, e: start + word.length, h: true });
        start += word.length + 1;
      });
    } else {
      tokens.push({ k: key(m[0]), s: m.index, e: m.index + m[0].length, h: false });
    }
  }
  return tokens;
}

/* A text reduced for phrase matching: lower case, no U+200B, anything but words as one space, no space
   between two Han characters. */
function flat(text) {
  return key(text.split(ZWSP).join(""))
    .replace(new RegExp("(?:(?![" + HAN + "])[^\\p{L}\\p{N}%\\uff05.])+", "gu"), " ")
    .replace(new RegExp("([" + HAN + "]) (?=[" + HAN + "])", "gu"), "$1")
    .trim();
}

function field(text) {
  return { raw: text, tokens: tokenize(text), flat: " " + flat(text) + " " };
}

function build(data) {
  fold = new Map();
  for (var i = 0; i + 1 < (data.fold || "").length; i += 2) fold.set(data.fold[i], data.fold[i + 1]);
  var vocabulary = new Set(), longest = 1, df = new Map();
  var pages = data.pages.map(function (row) {
    var page = {
      location: row[0], title: field(row[1]), lead: field(row[2]), own: field(row[3]),
      sections: row[4].map(function (s) {
        return { location: row[0] + s[0], heading: field(s[1]), text: field(s[2]) };
      })
    };
    var seen = new Set(), fields = [page.title, page.lead, page.own];
    page.sections.forEach(function (s) { fields.push(s.heading, s.text); });
    fields.forEach(function (f) {
      f.tokens.forEach(function (t) {
        if (t.h) {
          vocabulary.add(t.k);
          if (t.k.length > longest) longest = t.k.length;
        }
        seen.add(t.k);
      });
    });
    seen.forEach(function (k) { df.set(k, (df.get(k) || 0) + 1); });
    page.flat = fields.map(function (f) { return f.flat; }).join("\u0000");
    return page;
  });
  return { pages: pages, vocabulary: vocabulary, longest: longest, df: df };
}

/* Forward maximum matching over the index's Han words; a character no word starts with stands alone. */
function cut(run) {
  var words = [];
  for (var i = 0; i < run.length;) {
    var chars = Array.from(run.slice(i, i + index.longest * 2)).slice(0, index.longest);
    var n = chars.length;
    for (; n > 1; n--) if (index.vocabulary.has(chars.slice(0, n).join(""))) break;
    var word = chars.slice(0, n).join("");
    words.push(word);
    i += word.length;
  }
  return words;
}

/* The query's units (each Han run as typed, each word or figure) and its terms (the runs cut into the
   index's words). */
function parse(query) {
  var text = query.split(ZWSP).join(""), units = [], terms = [], seen = new Set();
  tokenize(text).forEach(function (t) {
    units.push({ k: t.k, h: t.h, raw: text.slice(t.s, t.e).toLowerCase() });
    (t.h ? cut(t.k) : [t.k]).forEach(function (k) {
      if (!seen.has(k)) { seen.add(k); terms.push({ k: k, h: IS_HAN.test(k) }); }
    });
  });
  return { units: units, terms: terms };
}

function matches(term, token) {
  if (term.h) return token.k === term.k;
  return token.k === term.k || (term.k.length >= 3 && token.k.indexOf(term.k) === 0);
}

/* Where a phrase occurs in a field's flat text: at a word start (any Han character is one). */
function hasPhrase(f, phrase) {
  if (!phrase) return false;
  for (var at = f.flat.indexOf(phrase); at >= 0; at = f.flat.indexOf(phrase, at + 1)) {
    var before = f.flat.charAt(at - 1);
    if (before === " " || IS_HAN.test(phrase) || IS_HAN.test(before)) return true;
  }
  return false;
}

function idf(term) {
  var n = 0;
  index.df.forEach(function (count, k) { if (matches(term, { k: k })) n += count; });
  return Math.log(1 + index.pages.length / (1 + n));
}

function sat(tf) { return tf / (tf + 1.2); }

/* Score of some fields for the terms: {score, found: Set of term keys, phrase: bool} */
function score(fields, terms, weights, phrase) {
  var result = { score: 0, found: new Set(), phrase: false };
  fields.forEach(function (f, i) {
    var w = weights[i];
    terms.forEach(function (term) {
      var tf = 0;
      f.tokens.forEach(function (t) { if (matches(term, t)) tf++; });
      if (tf) { result.score += w * term.idf * sat(tf); result.found.add(term.k); }
    });
    if (hasPhrase(f, phrase)) {
      result.phrase = true;
      result.score += w * terms.reduce(function (sum, t) { return sum + t.idf; }, 0);
    }
  });
  return result;
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* Spans [start, end) of a field to highlight: matched tokens and phrase occurrences. */
function spans(f, terms, phrase) {
  var found = [];
  f.tokens.forEach(function (t) {
    if (terms.some(function (term) { return matches(term, t); })) found.push([t.s, t.e]);
  });
  if (phrase && IS_HAN.test(phrase)) {  // a Han phrase may span words jieba cut differently
    var text = f.raw, compact = "", map = [];
    for (var i = 0; i < text.length; i++) if (text[i] !== ZWSP) { compact += text[i]; map.push(i); }
    var lower = key(compact);
    if (lower.length === compact.length)
      for (var at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + 1))
        found.push([map[at], map[at + phrase.length - 1] + 1]);
  }
  found.sort(function (a, b) { return a[0] - b[0]; });
  var merged = [];
  found.forEach(function (s) {
    var last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else merged.push(s.slice());
  });
  return merged;
}

/* HTML of a field with <mark>s; with a limit, a window of about that many characters around the first mark. */
function render(f, terms, phrase, limit) {
  var text = f.raw, marks = spans(f, terms, phrase), from = 0, to = text.length;
  if (limit && text.length > limit) {
    var first = marks.length ? marks[0][0] : 0;
    from = Math.max(0, first - Math.floor(limit / 3));
    to = Math.min(text.length, from + limit);
  }
  var html = from > 0 ? "… " : "", at = from;
  marks.forEach(function (m) {
    if (m[1] <= from || m[0] >= to) return;
    var s = Math.max(m[0], at), e = Math.min(m[1], to);
    html += escapeHTML(text.slice(at, s)) + "<mark>" + escapeHTML(text.slice(s, e)) + "</mark>";
    at = e;
  });
  html += escapeHTML(text.slice(at, to)) + (to < text.length ? " …" : "");
  return html.split(ZWSP).join("");
}

function search(query) {
  var parsed = parse(query), terms = parsed.terms, units = parsed.units;
  if (!terms.length) return { items: [] };
  terms.forEach(function (t) { t.idf = idf(t); });
  var phrase = flat(query);
  var results = [];
  index.pages.forEach(function (page) {
    var head = score([page.title, page.lead, page.own], terms, [WEIGHT.title, WEIGHT.lead, WEIGHT.own], phrase);
    var found = new Set(head.found), hasphrase = head.phrase, total = head.score;
    var sections = [];
    page.sections.forEach(function (section) {
      var s = score([section.heading, section.text], terms, [WEIGHT.heading, WEIGHT.text], phrase);
      if (!s.found.size && !s.phrase) return;
      s.found.forEach(function (k) { found.add(k); });
      hasphrase = hasphrase || s.phrase;
      total += s.score;
      sections.push({ section: section, score: s.score, found: s.found, phrase: s.phrase });
    });
    if (!found.size && !hasphrase) return;
    var all = hasphrase || terms.every(function (t) { return found.has(t.k); });
    // Each Han run as typed is a unit (美債 is not 美 and 債 anywhere), each word must be there
    var every = units.every(function (u) {
      return u.h ? page.flat.indexOf(u.k) >= 0 : terms.some(function (t) { return t.k === u.k && found.has(t.k); });
    });
    var inHead = head.phrase || terms.every(function (t) { return head.found.has(t.k); });
    results.push({ page: page, head: head, sections: sections, tier: 4 * hasphrase + 2 * all + inHead,
                   level: every ? 2 : all ? 1 : 0, score: total, found: found, phrase: hasphrase });
  });
  // Pages that hold every unit of the query; if there are none, every word; if none, any word
  var level = results.reduce(function (best, r) { return Math.max(best, r.level); }, 0);
  results = results.filter(function (r) { return r.level === level; });
  results.sort(function (a, b) { return b.tier - a.tier || b.score - a.score; });
  var items = results.slice(0, MAX_PAGES).map(function (r) {
    // Material shows the terms a result misses, and highlights the found ones on the page it opens
    var termsOf = function (found, phrase, flat) {
      var map = {};
      units.forEach(function (u) {
        map[u.raw] = phrase || (u.h ? flat.indexOf(u.k) >= 0 : found.has(u.k));
      });
      return map;
    };
    var teaser = r.page.lead.raw ? r.page.lead : r.page.own;
    var article = {
      location: r.page.location,
      title: render(r.page.title, terms, phrase),
      text: teaser.raw ? "<p>" + render(teaser, terms, phrase, SNIPPET) + "</p>" : "",
      score: r.score,
      terms: termsOf(r.found, r.phrase, r.page.flat)
    };
    r.sections.sort(function (a, b) { return b.score - a.score; });
    var group = [article];
    r.sections.forEach(function (s) {
      group.push({
        location: s.section.location,
        title: render(s.section.heading, terms, phrase),
        text: s.section.text.raw ? "<p>" + render(s.section.text, terms, phrase, SNIPPET) + "</p>" : "",
        score: Math.min(s.score, r.score * 0.99),  // below the page: shown under "more on this page"
        terms: termsOf(s.found, s.phrase, s.section.heading.flat + "\u0000" + s.section.text.flat)
      });
    });
    return group;
  });
  return { items: items };
}

function load() {
  if (!loading) {
    var url = new URL("../search/index." + encodeURIComponent(lang) + ".json", self.location.href);
    loading = fetch(url).then(function (response) {
      if (!response.ok) throw new Error("search index " + url + ": HTTP " + response.status);
      return response.json();
    }).then(function (data) { index = build(data); });
  }
  return loading;
}

async function handle(message) {
  switch (message.type) {
    case SETUP:
      config = message.data.config;  // the index itself is loaded on the first query
      return { type: READY };
    case QUERY:
      if (!String(message.data || "").trim()) return { type: RESULT, data: { items: [] } };
      try {
        await load();
        return { type: RESULT, data: search(String(message.data)) };
      } catch (error) {
        console.warn("argmap search:", error);
        return { type: RESULT, data: { items: [] } };
      }
    default:
      throw new TypeError("Invalid message type");
  }
}

addEventListener("message", async function (event) {
  postMessage(await handle(event.data));
});
