"""The explorer's plotly widgets: FigureWidgets opened to the browser with their figure, and the packs' card
styles for JupyterLab. Shared by the explorer's views (explorer.py, explorer_communes.py)."""

from __future__ import annotations

from copy import deepcopy
from functools import cache

import plotly.graph_objects as go

from dtanalysis.briefings.blocks import plain_figure
from dtanalysis.briefings.export import css


class FigureWidget(go.FigureWidget):
    """A plotly FigureWidget that opens its connection to the browser only once its first figure is drawn.

    A FigureWidget opens empty and sends its figure as edits just after; in JupyterLab those edits can reach
    the browser before anywidget has set up the figure's model there, and the chart then stays empty (seen
    in about half the runs of tests/test_lab.py). Opened late, the figure travels in the opening message.
    """

    _is_drawn = False

    def open(self) -> None:
        if self._is_drawn:
            super().open()

    def open_drawn(self) -> None:
        """Open the connection to the browser with the figure as it now stands."""
        self._is_drawn = True
        if self.comm is None:
            super().open()


def drawn(figure: go.Figure) -> FigureWidget:
    """Return a FigureWidget showing `figure`, opened to the browser with it."""
    widget = FigureWidget()
    _replace(widget, figure)
    widget.open_drawn()
    return widget


@cache
def card_styles() -> str:
    """Return the packs' card styles as a <style> block (JupyterLab does not load the packs' stylesheet)."""
    rules = [line for line in css().splitlines() if line.startswith((":root", ".dt-card"))]
    return "<style>" + "\n".join(rules).replace(":root", ".dt-cards") + "</style>"  # variables kept to the cards


def _replace(widget: go.FigureWidget, figure: go.Figure) -> None:
    """Swap a FigureWidget's traces and layout for those of `figure`, in one update, with data strings made
    inert for plotly's pseudo-HTML exactly as in the packs."""
    plain = plain_figure(figure)  # dates as ISO text, not integers
    # A reference line or label of the previous view must not linger: an empty list in the new layout is
    # dropped from plotly's relayout message, so they are cleared by name first (seen in JupyterLab).
    if widget.layout.shapes:
        widget.layout.shapes = ()
    if widget.layout.annotations:
        widget.layout.annotations = ()
    with widget.batch_update():
        widget.data = ()
        widget.add_traces(plain["data"])
        widget.layout = plain["layout"]
    # plotly refreshes the state a new view draws from only when the FigureWidget itself is displayed, not
    # inside a VBox
    widget._widget_data = deepcopy(widget._data)
    widget._widget_layout = deepcopy(widget._layout_obj._props)
