/* Zoom and pan every diagram, with the mouse, the keyboard and visible buttons (svg-pan-zoom, vendored
   in assets/vendor/svg-pan-zoom/).

   The first view follows the site's rule (argmap.js): fit the diagram to the page when that keeps its
   text at >= 62% of its natural size, otherwise show it at natural size from its top-left corner.
   Mouse: drag to pan, Ctrl (or ⌘) + wheel to zoom; a plain wheel still scrolls the page.
   Keyboard, when the diagram has focus: + and − zoom, 0 returns to the first view, arrow keys pan.
   Clicking a box still opens its node page (a drag does not count as a click). */
(function () {
  var TEXT = {
    en: { tools: "Diagram view", zoomIn: "Zoom in", zoomOut: "Zoom out", reset: "Back to the first view",
          fit: "Show the whole diagram",
          box: "Diagram. Keys: + and − zoom, 0 resets, arrow keys pan. Mouse: drag to pan, Ctrl + wheel to zoom.",
          hint: "Drag to pan · Ctrl + wheel or + − to zoom · 0 resets" },
    "zh-Hans": { tools: "图的视图", zoomIn: "放大", zoomOut: "缩小", reset: "回到初始视图", fit: "显示整张图",
          box: "论证图。按键:+ 和 − 缩放,0 还原,方向键平移。鼠标:拖动平移,Ctrl + 滚轮缩放。",
          hint: "拖动平移 · Ctrl + 滚轮或 + − 缩放 · 0 还原" },
    "zh-Hant": { tools: "圖的檢視", zoomIn: "放大", zoomOut: "縮小", reset: "回到初始檢視", fit: "顯示整張圖",
          box: "論證圖。按鍵:+ 和 − 縮放,0 還原,方向鍵平移。滑鼠:拖曳平移,Ctrl + 滾輪縮放。",
          hint: "拖曳平移 · Ctrl + 滾輪或 + − 縮放 · 0 還原" }
  };
  var STEP = 1.25, PAN = 60, MIN_LEGIBLE = 0.62;

  function text() {
    var lang = document.documentElement.getAttribute("lang") || "en";
    return TEXT[lang] || TEXT[lang.split("-")[0]] || TEXT.en;
  }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function px(value) {
    var m = /^([\d.]+)(pt|px)?$/.exec(value || "");
    if (!m) return 0;
    return parseFloat(m[1]) * (m[2] === "pt" ? 4 / 3 : 1);
  }

  function button(label, symbol, keys, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.setAttribute("aria-keyshortcuts", keys);
    b.className = "am-pz-button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = symbol;
    b.addEventListener("click", action);
    return b;
  }

  function setup(box) {
    var svg = box.querySelector(":scope > svg");
    if (!svg || box.classList.contains("am-pz") || !window.svgPanZoom) return;
    var width = svg.dataset.naturalWidth ? parseFloat(svg.dataset.naturalWidth) : px(svg.getAttribute("width"));
    var height = svg.dataset.naturalHeight ? parseFloat(svg.dataset.naturalHeight) : px(svg.getAttribute("height"));
    var viewBox = (svg.getAttribute("viewBox") || "").trim().split(/[\s,]+/).map(parseFloat);
    if (!width || !height || viewBox.length !== 4 || !viewBox[2]) return;
    var t = text();
    box.classList.add("am-pz");
    box.classList.remove("am-scroll");

    var room = box.clientWidth;
    var scale = width > room ? room / width : 1;
    if (scale < MIN_LEGIBLE) scale = 1;
    var viewHeight = Math.round(Math.max(Math.min(height * scale, window.innerHeight * 0.75), 80));
    svg.style.width = "100%";
    svg.style.height = viewHeight + "px";

    var pz = window.svgPanZoom(svg, {
      panEnabled: true, zoomEnabled: true, controlIconsEnabled: false, dblClickZoomEnabled: false,
      mouseWheelZoomEnabled: false, preventMouseEventsDefault: true, fit: true, center: true,
      minZoom: 0.25, maxZoom: 40, zoomScaleSensitivity: STEP - 1
    });

    function firstView() {
      pz.resize();
      pz.updateBBox();
      pz.fit();
      pz.center();
      var sizes = pz.getSizes();
      // px per SVG unit at natural size: the width attribute over the viewBox width
      var wanted = scale * width / viewBox[2];
      pz.zoom(pz.getZoom() * wanted / sizes.realZoom);
      var content = { w: viewBox[2] * wanted, h: viewBox[3] * wanted };
      var w = svg.clientWidth || sizes.width, h = svg.clientHeight || sizes.height;
      var x = content.w < w ? (w - content.w) / 2 - viewBox[0] * wanted : -viewBox[0] * wanted;
      var y = content.h < h ? (h - content.h) / 2 - viewBox[1] * wanted : -viewBox[1] * wanted;
      // Too big for the page: centre the start node (the essay's thesis, the node of a node page), kept
      // inside the diagram's edges, rather than show an empty corner.
      var at = startPoint();
      if (at) {
        if (content.w > w) x = clamp(w / 2 - at.x * wanted, w - content.w - viewBox[0] * wanted, -viewBox[0] * wanted);
        if (content.h > h) y = clamp(h / 2 - at.y * wanted, h - content.h - viewBox[1] * wanted, -viewBox[1] * wanted);
      }
      pz.pan({ x: x, y: y });
    }
    function startPoint() {
      var id = box.getAttribute("data-start");
      var node = id && svg.querySelector('[id="' + id.replace(/["\\]/g, "") + '"]');
      var viewport = svg.querySelector("g.svg-pan-zoom_viewport");
      if (!node || !viewport) return null;
      // The node's centre in the viewport's own units (the viewBox's), from the static transforms between
      // them (Graphviz's graph translate): getCTM() would read svg-pan-zoom's pending transform.
      var shape = node.querySelector("path, polygon, ellipse, rect") || node;  // the box, not its text: text
      var b = shape.getBBox();                                                 // metrics wait for fonts
      var p = svg.createSVGPoint();
      p.x = b.x + b.width / 2; p.y = b.y + b.height / 2;
      for (var el = shape; el && el !== viewport; el = el.parentNode) {
        var t = el.transform && el.transform.baseVal.consolidate();
        if (t) p = p.matrixTransform(t.matrix);
      }
      return { x: p.x, y: p.y };
    }
    function wholeView() { pz.resize(); pz.updateBBox(); pz.fit(); pz.center(); }
    box._amPanZoom = pz;

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
    hint.textContent = t.hint;
    tools.appendChild(hint);
    box.parentNode.insertBefore(tools, box);

    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", t.box);
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

    box.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;  // a plain wheel scrolls the page
      event.preventDefault();
      var rect = svg.getBoundingClientRect();
      var factor = Math.pow(STEP, -Math.max(-3, Math.min(3, event.deltaY / 100)));
      pz.zoomAtPointBy(factor, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    }, { passive: false });

    // A drag that ends on a box must not open the box's page.
    var start = null, dragged = false;
    box.addEventListener("pointerdown", function (event) { start = [event.clientX, event.clientY]; dragged = false; });
    box.addEventListener("pointermove", function (event) {
      if (start && Math.abs(event.clientX - start[0]) + Math.abs(event.clientY - start[1]) > 5) dragged = true;
    });
    box.addEventListener("pointerup", function () { start = null; });
    box.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); dragged = false; }
    }, true);
  }

  function run() { document.querySelectorAll(".am-svg").forEach(setup); }
  function resize() {
    document.querySelectorAll(".am-svg.am-pz").forEach(function (box) {
      if (box._amPanZoom) { box._amPanZoom.resize(); }
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(run); }
  else { document.addEventListener("DOMContentLoaded", run); }
  window.addEventListener("resize", resize);
})();
