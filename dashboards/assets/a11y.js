// Accessibility repairs for what third-party components render without (DASH14).
// Dash's components take no aria-* arguments from Python, so the names and roles they
// lack are added here, as soon as they appear (axe-core checks the result in the tests):
//   * a dropdown's tab stop is its labelled button, not a hidden helper input;
//   * the main tabs point at no "…tabpane-null" panel and get unique ids;
//   * sliders, the upload's file input and the map canvas get names.
(function () {
    var SLIDER_NAMES = {"filter-min-influence": "Minimum influence score", "filter-hops": "Hops from the focus person"};

    function repair() {
        document.documentElement.lang = document.documentElement.lang || "en";
        document.querySelectorAll("input.dash-dropdown-focus-target[tabindex='0']").forEach(function (input) {
            var button = input.parentElement && input.parentElement.querySelector("button");
            if (button && !button.disabled) {
                input.setAttribute("tabindex", "-1");
                button.setAttribute("tabindex", "0");
            }
        });
        document.querySelectorAll("[role=tab][aria-controls$='tabpane-null']").forEach(function (tab, i) {
            tab.removeAttribute("aria-controls");
            tab.id = "main-tab-" + i;
        });
        document.querySelectorAll("[role=tabpanel][aria-labelledby$='tab-null']").forEach(function (pane) {
            pane.removeAttribute("aria-labelledby");
            pane.setAttribute("aria-label", "Tab content");
        });
        Object.keys(SLIDER_NAMES).forEach(function (id) {
            var holder = document.getElementById(id);
            if (holder) {
                holder.querySelectorAll("[role=slider]:not([aria-label])").forEach(function (handle) {
                    handle.setAttribute("aria-label", SLIDER_NAMES[id]);
                });
            }
        });
        document.querySelectorAll("input[type=file]:not([aria-label])").forEach(function (input) {
            input.setAttribute("aria-label", "Choose an Excel or CSV file to import");
        });
        document.querySelectorAll("[role=dialog]:not([aria-label]):not([aria-labelledby])").forEach(function (d) {
            var title = d.querySelector(".offcanvas-title, .modal-title");
            d.setAttribute("aria-label", (title && title.innerText.trim()) || "Dialog");
        });
        var map = document.getElementById("map-cyto");
        if (map && !map.getAttribute("aria-label")) {
            map.setAttribute("role", "img");
            map.setAttribute("aria-label", "The influence map. The List tab shows the same people as a list.");
        }
    }

    var pending = false;
    var observer = new MutationObserver(function () {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(function () { pending = false; repair(); });
        }
    });
    observer.observe(document.documentElement, {childList: true, subtree: true});
    repair();
})();
