// Clientside callbacks of the influence-map dashboard (no server round trip for hovering).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    influence: {
        hoverSummary: function (data) {
            if (!data || !data.summary) {
                return ["", {display: "none"}];
            }
            return [data.summary, {display: "block"}];
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
