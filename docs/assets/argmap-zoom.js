/* Zoom and pan every diagram, with the mouse, touch, the keyboard and visible buttons (svg-pan-zoom, vendored
   in assets/vendor/svg-pan-zoom/).

   The first view follows the site's rule (argmap.js): fit the diagram to the page when that keeps its
   text at >= 62% of its natural size, otherwise show it at natural size around its start node.
   Mouse: drag to pan, Ctrl (or ⌘) + wheel to zoom; a plain wheel still scrolls the page.
   Touch (Pointer Events): one finger pans, two fingers pinch to zoom; a tap still opens a box.
   Keyboard, when the diagram has focus: + and − zoom, 0 returns to the first view, arrow keys pan;
   Tab moves from box to box and the map pans to show the focused box.
   Clicking a box still opens its node page (a drag does not count as a click).
   A big map (the whole map of an essay) loads on demand: its .am-svg carries data-src, the SVG file is
   fetched and inlined when the reader opens it, its links made absolute against the file's address.
   An outline row's a.am-locate[data-node] shows its node in the page's map: highlighted, panned to. */
(function () {
  var TEXT = {
    en: { tools: "Diagram view", zoomIn: "Zoom in", zoomOut: "Zoom out", reset: "Back to the first view",
          fit: "Show the whole diagram",
          box: "Diagram. Keys: + and − zoom, 0 resets, arrow keys pan, Tab goes from box to box. Mouse: drag to pan, Ctrl + wheel to zoom.",
          boxTouch: "Diagram. Drag with one finger to pan, pinch with two to zoom; tap a box to open it.",
          hint: "Drag to pan · Ctrl + wheel or + − to zoom · 0 resets",
          hintTouch: "Drag to pan · pinch to zoom · tap a box to open it" },
    "zh-Hans": { tools: "图的视图", zoomIn: "放大", zoomOut: "缩小", reset: "回到初始视图", fit: "显示整张图",
          box: "论证图。按键：+ 和 − 缩放，0 还原，方向键平移，Tab 在方框间移动。鼠标：拖动平移，Ctrl + 滚轮缩放。",
          boxTouch: "论证图。单指拖动平移，双指捏合缩放；轻点方框打开。",
          hint: "拖动平移 · Ctrl + 滚轮或 + − 缩放 · 0 还原",
          hintTouch: "拖动平移 · 双指捏合缩放 · 轻点方框打开" },
    "zh-Hant": { tools: "圖的檢視", zoomIn: "放大", zoomOut: "縮小", reset: "回到初始檢視", fit: "顯示整張圖",
          box: "論證圖。按鍵：+ 和 − 縮放，0 還原，方向鍵平移，Tab 在方框間移動。滑鼠：拖曳平移，Ctrl + 滾輪縮放。",
          boxTouch: "論證圖。單指拖曳平移，雙指捏合縮放；輕點方框開啟。",
          hint: "拖曳平移 · Ctrl + 滾輪或 + − 縮放 · 0 還原",
          hintTouch: "拖曳平移 · 雙指捏合縮放 · 輕點方框開啟" }
  };
  var STEP = 1.25, PAN = 60, MIN_LEGIBLE = 0.62, MARGIN = 24;

  function text() {
    var lang = document.documentElement.getAttribute("lang") || "en";
    return TEXT[lang] || TEXT[lang.split("-")[0]] || TEXT.en;
  }
  function touchFirst() { return !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches); }
  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }
  function px(value) {
    var m = /^([\d.]+)(pt|px)?$/.exec(value || "");
    if (!m) return 0;
    return parseFloat(m[1]) * (m[2] === "pt" ? 4 / 3 : 1);
  }

  function button(label, symbol, keys, action) {
    var b = document.createElement("button");
    b.type = "button";
    if (keys) b.setAttribute("aria-keyshortcuts", keys);
    b.className = "am-pz-button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = symbol;
    b.addEventListener("click", action);
    return b;
  }

  // svg-pan-zoom's own touch handling pans with every finger: ours (Pointer Events) replaces it.
  var NO_TOUCH = { haltEventListeners: ["touchstart", "touchend", "touchmove", "touchleave", "touchcancel"],
                   init: function () {}, destroy: function () {} };

  function setup(box) {
    var svg = box.querySelector(":scope > svg");
    if (!svg || box.classList.contains("am-pz") || !window.svgPanZoom) return;
    var width = svg.dataset.naturalWidth ? parseFloat(svg.dataset.naturalWidth) : px(svg.getAttribute("width"));
    var height = svg.dataset.naturalHeight ? parseFloat(svg.dataset.naturalHeight) : px(svg.getAttribute("height"));
    var viewBox = (svg.getAttribute("viewBox") || "").trim().split(/[\s,]+/).map(parseFloat);
    if (!width || !height || viewBox.length !== 4 || !viewBox[2]) return;
    var t = text(), touch = touchFirst();
    box.classList.add("am-pz");
    box.classList.remove("am-scroll");

    var room = box.clientWidth;
    var scale = width > room ? room / width : 1;
    if (scale < MIN_LEGIBLE) scale = 1;
    // A node's neighbourhood and other small diagrams get the height of their content (nothing cut at the
    // top or bottom); big ones a window onto them.
    var big = !box.closest(".am-neighbourhood") && (box.closest(".am-large") || height * scale > window.innerHeight * 1.2);
    var viewHeight = Math.round(Math.max(big ? Math.min(height * scale, window.innerHeight * 0.75) : height * scale, 80));
    svg.style.width = "100%";
    svg.style.height = viewHeight + "px";

    var pz = window.svgPanZoom(svg, {
      panEnabled: true, zoomEnabled: true, controlIconsEnabled: false, dblClickZoomEnabled: false,
      mouseWheelZoomEnabled: false, preventMouseEventsDefault: true, fit: true, center: true,
      minZoom: 0.05, maxZoom: 40, zoomScaleSensitivity: STEP - 1, customEventsHandler: NO_TOUCH
    });
    var viewport = svg.querySelector("g.svg-pan-zoom_viewport");

    // px per SVG unit at natural size: the width attribute over the viewBox width
    var natural = width / viewBox[2];
    function firstView() {
      pz.resize();
      pz.updateBBox();
      pz.fit();
      pz.center();
      var sizes = pz.getSizes();
      var wanted = scale * natural;
      pz.zoom(pz.getZoom() * wanted / sizes.realZoom);
      var content = { w: viewBox[2] * wanted, h: viewBox[3] * wanted };
      var w = svg.clientWidth || sizes.width, h = svg.clientHeight || sizes.height;
      var x = content.w < w ? (w - content.w) / 2 - viewBox[0] * wanted : -viewBox[0] * wanted;
      var y = content.h < h ? (h - content.h) / 2 - viewBox[1] * wanted : -viewBox[1] * wanted;
      // Too big for the page: centre the start node (the essay's thesis, the node of a node page), kept
      // inside the diagram's edges, rather than show an empty corner.
      var id = box.getAttribute("data-start");
      var at = id && centre(find(id));
      if (at) {
        if (content.w > w) x = clamp(w / 2 - at.x * wanted, w - content.w - viewBox[0] * wanted, -viewBox[0] * wanted);
        if (content.h > h) y = clamp(h / 2 - at.y * wanted, h - content.h - viewBox[1] * wanted, -viewBox[1] * wanted);
      }
      pz.pan({ x: x, y: y });
    }
    function find(id) {
      return id ? svg.querySelector('[id="' + id.replace(/["\\]/g, "") + '"]') : null;
    }
    function centre(node) {
      // The node's centre in the viewport's own units (the viewBox's), from the static transforms between
      // them (Graphviz's graph translate, a stacked part's offset): getCTM() would read svg-pan-zoom's
      // pending transform. The box, not its text: text metrics wait for fonts.
      if (!node || !viewport) return null;
      var shape = node.querySelector("path, polygon, ellipse, rect") || node;
      var b = shape.getBBox();
      var p = svg.createSVGPoint();
      p.x = b.x + b.width / 2; p.y = b.y + b.height / 2;
      for (var el = shape; el && el !== viewport; el = el.parentNode) {
        var m = el.transform && el.transform.baseVal.consolidate();
        if (m) p = p.matrixTransform(m.matrix);
      }
      return { x: p.x, y: p.y, w: b.width, h: b.height };
    }
    // Pan (and zoom in if the map is too small to read) so that a node is in the middle of the view.
    function show(node, always) {
      var at = centre(node);
      if (!at) return;
      var z = pz.getSizes().realZoom, pan = pz.getPan();
      var w = svg.clientWidth, h = svg.clientHeight;
      var sx = at.x * z + pan.x, sy = at.y * z + pan.y;
      var inside = sx - at.w * z / 2 >= MARGIN && sx + at.w * z / 2 <= w - MARGIN &&
                   sy - at.h * z / 2 >= MARGIN && sy + at.h * z / 2 <= h - MARGIN;
      if (inside && !always) return;
      if (always && z < natural * MIN_LEGIBLE) {
        pz.zoom(pz.getZoom() * natural * scale / z);
        z = pz.getSizes().realZoom;
      }
      pz.pan({ x: w / 2 - at.x * z, y: h / 2 - at.y * z });
    }
    function wholeView() { pz.resize(); pz.updateBBox(); pz.fit(); pz.center(); }
    box._amPanZoom = pz;
    box._amShow = function (id) {
      var node = find(id);
      if (!node) return false;
      svg.querySelectorAll(".am-hl").forEach(function (el) { el.classList.remove("am-hl"); });
      node.classList.add("am-hl");
      show(node, true);
      return true;
    };

    var tools = document.createElement("div");
    tools.className = "am-pz-tools";
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", t.tools);
    tools.appendChild(button(t.zoomIn, "+", "+", function () { pz.zoomBy(STEP); }));
    tools.appendChild(button(t.zoomOut, "−", "-", function () { pz.zoomBy(1 / STEP); }));
    tools.appendChild(button(t.reset, "↺", "0", firstView));
    tools.appendChild(button(t.fit, "⤢", "", wholeView));
    var hint = document.createElement("span");
    hint.className = "am-pz-hint";
    hint.textContent = touch ? t.hintTouch : t.hint;
    tools.appendChild(hint);
    box.parentNode.insertBefore(tools, box);

    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", touch ? t.boxTouch : t.box);
    firstView();  // once the toolbar is in place: the layout is final

    box.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      var done = true;
      switch (event.key) {
        case "+": case "=": case "Add": pz.zoomBy(STEP); break;
        case "-": case "_": case "−": case "Subtract": pz.zoomBy(1 / STEP); break;
        case "0": firstView(); break;
        case "ArrowLeft": pz.panBy({ x: PAN, y: 0 }); break;
        case "ArrowRight": pz.panBy({ x: -PAN, y: 0 }); break;
        case "ArrowUp": pz.panBy({ x: 0, y: PAN }); break;
        case "ArrowDown": pz.panBy({ x: 0, y: -PAN }); break;
        default: done = false;
      }
      if (done) event.preventDefault();
    });

    // The viewport never scrolls natively (the browser would, to show a focused or searched box): the map
    // pans instead.
    box.addEventListener("scroll", function () { box.scrollTop = 0; box.scrollLeft = 0; });

    // A box that gets the focus (Tab) is brought into view.
    box.addEventListener("focusin", function (event) {
      var link = event.target.closest && event.target.closest("a");
      if (!link || !svg.contains(link)) return;
      box.scrollLeft = 0; box.scrollTop = 0;  // the browser scrolls the clipped box itself: undo that
      show(link.closest("g.node, g.cluster") || link, false);
    });

    box.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;  // a plain wheel scrolls the page
      event.preventDefault();
      var rect = svg.getBoundingClientRect();
      var factor = Math.pow(STEP, -Math.max(-3, Math.min(3, event.deltaY / 100)));
      pz.zoomAtPointBy(factor, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    }, { passive: false });

    // Touch: one finger pans, two pinch (the midpoint pans, the distance zooms).
    var fingers = {}, last = null;
    function gesture() {
      var ids = Object.keys(fingers);
      if (!ids.length) return null;
      var a = fingers[ids[0]], b = fingers[ids[1]] || a;
      var rect = svg.getBoundingClientRect();
      return { x: (a.x + b.x) / 2 - rect.left, y: (a.y + b.y) / 2 - rect.top, n: ids.length,
               d: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)) };
    }
    box.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "touch") return;
      fingers[event.pointerId] = { x: event.clientX, y: event.clientY };
      last = gesture();
    });
    box.addEventListener("pointermove", function (event) {
      if (event.pointerType !== "touch" || !fingers[event.pointerId]) return;
      fingers[event.pointerId] = { x: event.clientX, y: event.clientY };
      var now = gesture();
      if (last && now && now.n === last.n) {
        pz.panBy({ x: now.x - last.x, y: now.y - last.y });
        if (now.n > 1) pz.zoomAtPointBy(now.d / last.d, { x: now.x, y: now.y });
      }
      last = now;
      event.preventDefault();
    });
    function lift(event) {
      if (event.pointerType !== "touch") return;
      delete fingers[event.pointerId];
      last = gesture();
    }
    box.addEventListener("pointerup", lift);
    box.addEventListener("pointercancel", lift);

    // A drag that ends on a box must not open the box's page.
    var start = null, dragged = false;
    box.addEventListener("pointerdown", function (event) {
      if (event.isPrimary) { start = [event.clientX, event.clientY]; dragged = false; }
      else dragged = true;  // a second finger: a pinch, not a tap
    });
    box.addEventListener("pointermove", function (event) {
      if (start && event.isPrimary && Math.abs(event.clientX - start[0]) + Math.abs(event.clientY - start[1]) > 8) dragged = true;
    });
    box.addEventListener("pointerup", function (event) { if (event.isPrimary) start = null; });
    box.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
    }, true);
  }

  // ------------------------------------------------------------------ maps loaded on demand
  function load(box) {
    if (box._amLoading) return box._amLoading;
    var src = box.getAttribute("data-src");
    var link = box.querySelector(".am-load");
    var file = new URL(src, document.baseURI).href;
    if (link) { link.textContent = link.getAttribute("data-loading") || link.textContent; }
    box._amLoading = fetch(file).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (markup) {
      var doc = new DOMParser().parseFromString(markup, "image/svg+xml");
      var svg = doc.documentElement;
      if (!svg || svg.nodeName.toLowerCase() !== "svg") throw new Error("not an SVG");
      // The file's links are relative to the file: resolve them before they move into the page.
      svg.querySelectorAll("a").forEach(function (a) {
        ["href", "xlink:href"].forEach(function (name) {
          var value = a.getAttribute(name);
          if (value) a.setAttribute(name, new URL(value, file).href);
        });
      });
      box.textContent = "";
      box.removeAttribute("data-src");
      box.appendChild(document.importNode(svg, true));
      setup(box);
      return box;
    }).catch(function () {
      box._amLoading = null;
      if (link) { link.textContent = link.getAttribute("data-failed") || link.textContent; }
      return null;
    });
    return box._amLoading;
  }

  // ------------------------------------------------------------------ outline row -> its box in the map
  function locate(id) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".am-svg"));
    var selector = '[id="n-' + id.replace(/["\\]/g, "") + '"]';
    var box = boxes.filter(function (b) { return b.querySelector(selector); })[0];
    var overview = !box && boxes.filter(function (b) { return b.querySelector('[id="ov-n-' + id + '"]'); })[0];
    if (overview && overview._amShow) {  // the main thesis, in the essay's overview
      overview.scrollIntoView({ block: "center" });
      return Promise.resolve(overview._amShow("ov-n-" + id));
    }
    var pending = box ? Promise.resolve(box) : (function () {
      var lazy = boxes.filter(function (b) { return b.hasAttribute("data-src"); })[0];
      return lazy ? load(lazy) : Promise.resolve(null);
    })();
    return pending.then(function (found) {
      if (!found || !found._amShow) return false;
      found.scrollIntoView({ block: "center" });
      return found._amShow("n-" + id);
    });
  }

  function run() {
    document.querySelectorAll(".am-svg").forEach(function (box) {
      if (!box.hasAttribute("data-src")) { setup(box); return; }
      var link = box.querySelector(".am-load");
      if (link && !link._amBound) {
        link._amBound = true;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          load(box).then(function (done) { if (done) box.focus(); });
        });
      }
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.am-locate[data-node]");
    if (!link) return;
    event.preventDefault();
    // No map on this page shows the node: the link's own target (the node's page) instead.
    locate(link.getAttribute("data-node")).then(function (found) {
      if (!found && link.href) window.location.href = link.href;
    });
  });
  function resize() {
    document.querySelectorAll(".am-svg.am-pz").forEach(function (box) {
      if (box._amPanZoom) { box._amPanZoom.resize(); }
    });
  }
  window.argmapLocate = locate;
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(run); }
  else { document.addEventListener("DOMContentLoaded", run); }
  window.addEventListener("resize", resize);
})();
