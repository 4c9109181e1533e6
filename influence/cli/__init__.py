"""The ``influence`` command line: a thin layer over the library.

The group lives here; each command lives in its own module and registers itself on
import, so the commands stay small and separate.
"""

from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="influence")
def main() -> None:
    """Influence maps of a partner's organisation: import, analyse, brief, explore.

    \b
    Examples:
      influence template partner.xlsx        # an empty workbook to fill in
      influence validate partner.xlsx        # every problem, with sheet, row, column
      influence analyze partner.xlsx         # leading 10 percenters, antibodies, gaps
      influence export partner.xlsx -f pptx  # an editable deck for your executives
      influence serve                        # the dashboard, on 127.0.0.1
    """


# Command modules register themselves on ``main`` when imported.
from . import commands_import  # noqa: E402,F401
from . import commands_serve  # noqa: E402,F401
from . import commands_analysis  # noqa: E402,F401
from . import commands_export  # noqa: E402,F401
from . import commands_calibrate  # noqa: E402,F401
from . import commands_users  # noqa: E402,F401
from . import commands_workspace  # noqa: E402,F401
from . import commands_update  # noqa: E402,F401
from . import commands_plan  # noqa: E402,F401
