// Says why a file over the upload limit is refused. The upload zone (dcc.Upload with
// max_size, set by influence.dashboard.security) drops such a file silently; the limit
// comes from <meta name="influence-max-upload"> and the message goes where the import
// report goes.
(function () {
    function limit() {
        var meta = document.querySelector('meta[name="influence-max-upload"]');
        return meta ? Number(meta.getAttribute("content")) : 0;
    }

    function megabytes(n) {
        return (Math.round(n / 1048576 * 10) / 10) + " MB";
    }

    function check(event) {
        var zone = event.target && event.target.closest ? event.target.closest("#upload") : null;
        var max = limit();
        if (!zone || !max) {
            return;
        }
        var files = (event.dataTransfer && event.dataTransfer.files) || (event.target && event.target.files) || [];
        for (var i = 0; i < files.length; i++) {
            if (files[i].size > max) {
                var mb = files[i].size / 1048576;
                var bigger = Math.max(2 * max / 1048576, mb < 10 ? Math.ceil(mb) : Math.ceil(mb / 10) * 10);
                var text = files[i].name + " is " + megabytes(files[i].size) + "; this dashboard accepts files up to " +
                    megabytes(max) + ". Remove unused sheets or columns, or restart it with influence serve " +
                    "--max-upload-mb " + bigger + " (or INFLUENCE_MAX_UPLOAD_MB=" + bigger + ").";
                if (window.dash_clientside && window.dash_clientside.set_props) {
                    // A component, never HTML: the file name is the user's text.
                    window.dash_clientside.set_props("upload-report", {
                        children: {
                            type: "Div", namespace: "dash_html_components",
                            props: {id: "upload-too-large", className: "alert alert-danger", role: "alert", children: text}
                        }
                    });
                }
                return;
            }
        }
    }

    // Capture phase: seen before the upload zone handles (and refuses) the file.
    document.addEventListener("drop", check, true);
    document.addEventListener("change", check, true);
})();
