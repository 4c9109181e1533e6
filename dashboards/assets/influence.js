// Clientside behaviour of the influence-map dashboard (no server round trip for any of it):
// the hover summary, the ties of the person under the pointer, fitting the map to its canvas.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    influence: {
        hoverSummary: function (data) {
            if (!data || !data.label || !data.id || data.owner) {
                return ["", {display: "none"}];
            }
            // Big maps leave the summary out of the reply; name, title and score still say a lot.
            var text = data.summary || (data.label + "\ninfluence " + data.score);
            return [text, {display: "block"}];
        }
    }
});

// The hover summary follows the pointer inside the map (placed beside it, kept in the frame).
document.addEventListener("mousemove", function (event) {
    var box = document.getElementById("hover-box");
    if (!box || box.style.display === "none") {
        return;
    }
    var frame = box.parentElement.getBoundingClientRect();
    var x = event.clientX - frame.left + 16;
    var y = event.clientY - frame.top + 16;
    if (x + box.offsetWidth > frame.width - 8) {
        x = event.clientX - frame.left - box.offsetWidth - 16;
    }
    if (y + box.offsetHeight > frame.height - 8) {
        y = event.clientY - frame.top - box.offsetHeight - 16;
    }
    box.style.left = Math.max(8, x) + "px";
    box.style.top = Math.max(8, y) + "px";
});

(function () {
    var PADDING = 12;  // callbacks.MAP_PADDING
    var STEP = Math.log(1.12);  // service.canvas_shape: shapes about 12% apart share a layout

    function cyOf() {
        var e = document.getElementById("map-cyto");
        if (!e) {
            return null;
        }
        var holder = [e].concat(Array.prototype.slice.call(e.querySelectorAll("div")))
            .find(function (d) { return d._cyreg && d._cyreg.cy; });
        return holder ? holder._cyreg.cy : null;
    }

    // Tell the server the canvas's shape when it changes enough to want another org chart.
    var lastShape = null;
    function reportCanvas() {
        var e = document.getElementById("map-cyto");
        if (!e || !window.dash_clientside.set_props || !e.offsetWidth || !e.offsetHeight) {
            return;
        }
        var w = e.offsetWidth, h = e.offsetHeight;
        var shape = Math.round(Math.log(w / h) / STEP);
        if (shape !== lastShape) {
            lastShape = shape;
            window.dash_clientside.set_props("map-canvas", {data: {w: w, h: h, shape: shape}});
        }
    }

    // The ties of the hovered or selected person stand out (in the org chart they are faint).
    function highlight(cy) {
        cy.edges(".hl").removeClass("hl");
        cy.nodes(".person:selected, .person.hover").connectedEdges(".tie, .conflict").addClass("hl");
    }

    function bind(cy) {
        if (cy.scratch("_influence")) {
            return;
        }
        cy.scratch("_influence", true);
        cy.on("mouseover", "node.person", function (evt) { evt.target.addClass("hover"); highlight(cy); });
        cy.on("mouseout", "node.person", function (evt) { evt.target.removeClass("hover"); highlight(cy); });
        cy.on("select unselect", "node.person", function () { highlight(cy); });
        // A click opens the card (or a team): the hover summary has done its job.
        cy.on("tap", function () {
            var box = document.getElementById("hover-box");
            if (box) {
                box.style.display = "none";
            }
        });
        // Leaving the canvas fast gives no mouseout on the node: clear the hover here too.
        cy.container().addEventListener("mouseleave", function () {
            cy.nodes(".hover").removeClass("hover");
            highlight(cy);
        });
    }

    var resizeTimer = null;
    window.addEventListener("resize", function () {
        window.clearTimeout(resizeTimer);
        resizeTimer = window.setTimeout(function () {
            var cy = cyOf();
            if (cy) {
                cy.resize();
                cy.fit(undefined, PADDING);
            }
            reportCanvas();
        }, 200);
    });

    // Report the canvas as soon as the page has one, before the map is asked for (the
    // server lays a big chart out while the analysis starts).
    var watcher = new MutationObserver(function () {
        if (document.getElementById("map-cyto")) {
            watcher.disconnect();
            reportCanvas();
        }
    });
    watcher.observe(document.documentElement, {childList: true, subtree: true});

    // The Cytoscape instance appears once Dash has rendered the page; watch for it.
    var timer = window.setInterval(function () {
        var cy = cyOf();
        if (cy) {
            bind(cy);
            reportCanvas();
        }
    }, 250);
    window.addEventListener("beforeunload", function () { window.clearInterval(timer); });
})();

// A name pressed in a static block (dashboards/static_html.py: the panels' lists, the
// people list) opens the person's card, as a tap on the map does.
(function () {
    var count = 0;
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest(".static-block [data-person]");
        if (!button || !window.dash_clientside || !window.dash_clientside.set_props) {
            return;
        }
        event.preventDefault();
        count += 1;
        window.dash_clientside.set_props("person-open", {data: {id: button.getAttribute("data-person"), n: count}});
    });
})();
