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
