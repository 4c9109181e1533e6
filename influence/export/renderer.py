"""The headless browser that turns plotly figures into PNG, SVG and PDF bytes.

A :class:`Renderer` owns one kaleido browser on a background thread. Its life cycle is
explicit: :meth:`Renderer.start` launches the browser (a few seconds), :meth:`Renderer.render`
draws an image (a fraction of a second once started, and starts the browser if needed),
:meth:`Renderer.stop` closes it; a ``with Renderer() as r:`` block does both.

Most callers share one default instance through :func:`render`, :func:`start_renderer`
and :func:`stop_renderer` (the dashboard starts it once at start-up, the test session
stops it at the end). The default instance also stops when Python exits.

Examples
--------
>>> from influence.export.renderer import Renderer
>>> renderer = Renderer(start_timeout=30)
>>> renderer.running()
False
>>> renderer.stop()  # stopping a renderer that never started does nothing
"""

from __future__ import annotations

import threading

__all__ = ["Renderer", "default_renderer", "render", "start_renderer", "stop_renderer",
           "START_TIMEOUT", "RENDER_TIMEOUT"]

START_TIMEOUT = 60.0
"""Seconds the browser may take to start."""

RENDER_TIMEOUT = 90.0
"""Seconds one image may take."""


class Renderer:
    """One headless browser (kaleido) on a background thread, answering render requests.

    kaleido's own sync server waits forever when its browser fails to start; this one
    reports the failure, and gives up on a request after a timeout, so an export never
    hangs. Requests reach the browser's event loop with ``call_soon_threadsafe`` (no
    worker thread blocks on a queue, so nothing holds up the interpreter's exit).

    Parameters
    ----------
    start_timeout : float
        Seconds to wait for the browser to start (:data:`START_TIMEOUT`).
    render_timeout : float
        Seconds to wait for one image (:data:`RENDER_TIMEOUT`); a browser that takes
        longer is replaced on the next request.

    Notes
    -----
    The browser loads plotly.js from the installed plotly package and MathJax is off,
    so drawing never fetches anything from the network. A renderer can be started again
    after :meth:`stop`. It is safe to share between threads: requests are queued to the
    one browser.
    """

    def __init__(self, *, start_timeout: float = START_TIMEOUT, render_timeout: float = RENDER_TIMEOUT):
        self.start_timeout = start_timeout
        self.render_timeout = render_timeout
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop = None
        self._inbox = None
        self._exit_hook = False

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<Renderer {'running' if self.running() else 'stopped'}>"

    def running(self) -> bool:
        """True while the browser is up."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the browser (once; a running renderer is left as it is).

        Raises
        ------
        ExportError
            If no browser is installed, or it does not start in time.
        """
        from ..errors import ExportError

        with self._lock:
            if self.running():
                return
            ready, handle = threading.Event(), {}
            thread = threading.Thread(target=self._serve, args=(ready, handle),
                                      name="influence-renderer", daemon=True)
            thread.start()
            if not ready.wait(self.start_timeout):
                raise ExportError(f"the headless browser that draws images did not start within "
                                  f"{self.start_timeout:.0f} s; try again, or export pptx, html or xlsx")
            if "failure" in handle:
                raise ExportError(_browser_problem(handle["failure"])) from handle["failure"]
            self._thread, self._loop, self._inbox = thread, handle["loop"], handle["inbox"]
            if not self._exit_hook:  # a browser left running would hold up the interpreter's exit
                import atexit

                atexit.register(self.stop)
                self._exit_hook = True

    def stop(self) -> None:
        """Close the browser if it is running; the next :meth:`render` starts a new one."""
        with self._lock:
            if self.running() and self._send(None):
                self._thread.join(timeout=10)
            self._thread = self._loop = self._inbox = None

    def render(self, fig, format: str, *, scale: float | None = None) -> bytes:
        """Draw *fig* (a plotly figure or its dict) as PNG, SVG or PDF bytes at its page size.

        PNG is drawn at twice the page's pixel size unless *scale* says otherwise (sharp
        on screen and in print). Starts the browser if it is not running.

        Raises
        ------
        ExportError
            If no Chromium browser can be found or started, or drawing times out.
        """
        import concurrent.futures

        from ..errors import ExportError

        format = format.lower()
        if scale is None:
            scale = 2 if format == "png" else 1
        data = fig if isinstance(fig, dict) else fig.to_dict()
        layout = data.get("layout", {})
        opts = dict(format=format, width=layout.get("width"), height=layout.get("height"), scale=scale)

        self.start()
        answer = concurrent.futures.Future()
        if not self._send((data, opts, answer)):
            self.stop()
            self.start()
            self._send((data, opts, answer))
        try:
            return answer.result(timeout=self.render_timeout)
        except concurrent.futures.TimeoutError:
            self.stop()  # a stuck browser is replaced on the next request
            raise ExportError(f"drawing the image took longer than {self.render_timeout:.0f} s; "
                              "try again") from None

    def _send(self, item) -> bool:
        try:
            self._loop.call_soon_threadsafe(self._inbox.put_nowait, item)
            return True
        except (RuntimeError, AttributeError):  # the loop has already closed
            return False

    @staticmethod
    def _serve(ready, handle) -> None:
        import asyncio

        async def serve():
            import kaleido

            try:
                # plotly.js comes from the installed plotly package; MathJax (a CDN by
                # default) is off, so drawing never touches the network.
                async with kaleido.Kaleido(mathjax=False) as browser:
                    inbox = asyncio.Queue()
                    handle.update(loop=asyncio.get_running_loop(), inbox=inbox)
                    ready.set()
                    while True:
                        request = await inbox.get()
                        if request is None:
                            return
                        fig, opts, answer = request
                        try:
                            answer.set_result(await browser.calc_fig(fig, opts))
                        except Exception as err:  # reported to the caller, the browser stays up
                            answer.set_exception(err)
            except BaseException as err:  # the browser could not start
                if not ready.is_set():
                    handle["failure"] = err
                    ready.set()
                else:
                    raise

        asyncio.run(serve())


def _browser_problem(err: BaseException) -> str:
    from kaleido.errors import ChromeNotFoundError

    if isinstance(err, ChromeNotFoundError):
        return ("no Chrome or Chromium browser found to draw the image; install chromium "
                "(e.g. apt-get install chromium) or run kaleido_get_chrome, or export pptx, html or xlsx")
    return f"the headless browser that draws images failed to start ({err}); export pptx, html or xlsx instead"


_default: Renderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> Renderer:
    """The renderer shared by :func:`render`, :func:`start_renderer` and :func:`stop_renderer`.

    Created on first use; it does not start its browser until asked to.
    """
    global _default
    with _default_lock:
        if _default is None:
            _default = Renderer()
        return _default


def start_renderer() -> None:
    """Start (once) the default renderer's browser, so later images are fast.

    The first image otherwise starts it (a few seconds); the dashboard calls this at
    start-up. It stops when Python exits, or with :func:`stop_renderer`.

    Raises
    ------
    ExportError
        If no browser is installed or it does not start.
    """
    default_renderer().start()


def stop_renderer() -> None:
    """Stop the default renderer's browser (if running); the next image starts a new one."""
    if _default is not None:
        _default.stop()


def render(fig, format: str, *, scale: float | None = None) -> bytes:
    """Draw *fig* as PNG, SVG or PDF bytes with the default renderer (see :meth:`Renderer.render`)."""
    return default_renderer().render(fig, format, scale=scale)
