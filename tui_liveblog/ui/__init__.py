"""The Textual reader. The only package that imports Textual (tests/test_layers.py checks).

Everything in it measures text as terminals do (:mod:`tui_liveblog.ui.cells`): set up here, on
the package's import, before any module of it measures a line.
"""

from tui_liveblog.ui.cells import use_terminal_widths

use_terminal_widths()
