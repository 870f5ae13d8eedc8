"""Loss, accuracy and gradient norm per layer against the epoch, smooth for 10⁶ epochs.

The engine keeps the loss of (nearly) every epoch; each frame shows at most
``CURVE_POINTS`` of them (an even stride through the history), so a redraw
costs the same at epoch 10 and at epoch 10⁶.  The axes move in steps (1-2-5
epochs, whole decades of loss) rather than following every frame, so the
picture holds still while the curves grow.  Accuracy and ‖∂C/∂θ^m‖ come
one value per snapshot; the tab's one history (``history.RunHistory``) keeps
them and this view only draws what it is given.  When a run looks stuck, a
note in words (``show_diagnosis``) sits above the plots, which move down for it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QLabel, QWidget

from gui import themed
from gui.tabs.network.history import thin
from gui.tabs.network.notation import sup
from gui.theme import VERMILLION, series_color

NOTE_SHARE = 0.35  # the most of the height the whole diagnosis may take before its summary
EMPTY_DECADES = (-3.0, 0.0)  # log₁₀ of 0.001 … 1, until there is data


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at or above ``value`` (at least 10; 10 for NaN or ±∞)."""
    value = max(float(value), 10.0) if np.isfinite(value) else 10.0
    decade = 10.0 ** np.floor(np.log10(value))
    return next(decade * f for f in (1.0, 2.0, 5.0, 10.0) if decade * f >= value)


def decades(values: np.ndarray) -> tuple[float, float] | None:
    """log₁₀ of the whole decades around the positive finite values, or None."""
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return None
    low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    return float(low), float(max(high, low + 1))


def decade_label(k: int) -> str:
    """10^k as a person writes it: 0.001 … 1000 in full, 10⁻⁵ and 10⁶ beyond."""
    return f"{10.0**k:g}" if abs(k) <= 3 else f"10{sup(k)}"


def decade_ticks(low: float, high: float, most: int = 4) -> list[list[tuple[float, str]]]:
    """Ticks of a log₁₀ axis over the whole decades low … high: at most ``most`` labelled
    (every s-th decade), the rest and, over one or two decades, 2 … 9 × 10^k unlabelled.

    pyqtgraph labels 0.2, 0.3, … 0.9 on a one-decade axis, piled on each other.
    """
    first, last = int(np.floor(low)), int(np.ceil(high))
    step = max(1, -(-(last - first) // most))
    major = [(float(k), decade_label(k)) for k in range(first, last + 1) if (k - first) % step == 0]
    minor = [(float(k), "") for k in range(first, last + 1) if (k - first) % step]
    if last - first <= 2:
        minor += [(float(np.log10(m) + k), "") for k in range(first, last) for m in range(2, 10)]
    return [major, minor]


def positive(values: np.ndarray) -> np.ndarray:
    """Values for a log axis: zero, negative, NaN and ±∞ become gaps."""
    values = np.asarray(values, dtype=float)
    return np.where((values > 0) & np.isfinite(values), values, np.nan)


class CurvesView(pg.GraphicsLayoutWidget):
    """Three stacked plots sharing the epoch axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curves_plot")
        self.setToolTip("Loss (log scale), accuracy and ‖∂C/∂θ‖ per layer against the epoch")
        self.loss_plot = self._plot(0, "Loss C (mean over samples)", log_y=True)
        self.accuracy_plot = self._plot(1, "Accuracy", log_y=False)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.gradient_plot = self._plot(2, "Gradient norm per layer", log_y=True)
        self.gradient_plot.setLabel("bottom", "epoch")
        for plot in (self.accuracy_plot, self.gradient_plot):
            plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.accuracy_plot):
            # one epoch axis, at the bottom: fewer tick labels to lay out as epochs grow
            plot.showAxis("bottom", False)
        self.train_loss = self._curve(self.loss_plot, 0, "train")
        self.test_loss = self._curve(self.loss_plot, 1, "test", dashed=True)
        self.train_accuracy = self._curve(self.accuracy_plot, 0, "train")
        self.test_accuracy = self._curve(self.accuracy_plot, 1, "test", dashed=True)
        self.gradient_curves: list[pg.PlotDataItem] = []
        self._ranges: dict[str, tuple] = {}
        self._test_in_legend = True
        self.diagnosis = QLabel(self)
        self.diagnosis.setObjectName("curves_diagnosis")
        self.diagnosis.setTextFormat(Qt.TextFormat.PlainText)
        self.diagnosis.setWordWrap(True)
        self.diagnosis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.diagnosis.hide()
        self._note = ("", "")  # (the whole diagnosis, its one-line summary)
        self.restyle()
        themed.follow(self.restyle)

    def restyle(self) -> None:
        """The diagnosis band: a faint vermillion tint of the theme's background."""
        self.diagnosis.setStyleSheet(
            f"color: {VERMILLION}; background: {themed.mix(VERMILLION, 0.08).name()}; "
            f"padding: 4px; border-bottom: 1px solid {themed.mix(VERMILLION, 0.3).name()};")

    def show_diagnosis(self, text: str, short: str = "") -> None:
        """A note above the plots saying why the run is not learning (empty text: none);
        ``short`` is shown instead when ``text`` would take over ``NOTE_SHARE`` of the height."""
        if (text, short) == self._note:
            return
        self._note = (text, short)
        self.diagnosis.setToolTip(text)
        self.diagnosis.setVisible(bool(text))
        self._place_diagnosis()

    def _place_diagnosis(self) -> None:
        # the note takes a band above the viewport, so it never covers a curve
        frame = self.frameWidth()
        height = 0
        text, short = self._note
        if text:
            width = max(1, self.width() - 2 * frame)
            self.diagnosis.setText(text)
            if short and self.diagnosis.heightForWidth(width) > NOTE_SHARE * self.height():
                self.diagnosis.setText(short)
            height = self.diagnosis.heightForWidth(width)
            self.diagnosis.setGeometry(frame, frame, width, height)
        self.setViewportMargins(0, height, 0, 0)
        # pyqtgraph lays its plots out over the widget's whole size: give them the viewport's
        view = self.viewport().size()
        pg.GraphicsView.setRange(self, QRectF(0, 0, view.width(), view.height()), padding=0,
                                 disableAutoPixel=False)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        # pyqtgraph's GraphicsView calls this from its __init__, before the note exists
        if "diagnosis" in self.__dict__:
            self._place_diagnosis()

    def _fit(self, key: str, plot: pg.PlotItem, x_range: tuple | None, y_range: tuple | None,
             ) -> None:
        """Move an axis only when the data leave its current step."""
        if x_range is not None and self._ranges.get(key + "x") != x_range:
            self._ranges[key + "x"] = x_range
            plot.setXRange(*x_range, padding=0)
        if y_range is not None and self._ranges.get(key + "y") != y_range:
            self._ranges[key + "y"] = y_range
            plot.setYRange(*y_range, padding=0.02)
            if plot.getAxis("left").logMode:
                plot.getAxis("left").setTicks(decade_ticks(*y_range))

    def _plot(self, row: int, title: str, log_y: bool) -> pg.PlotItem:
        # no context menu of pyqtgraph's (made and dropped, it cost 2 ms a plot)
        plot = self.addPlot(row=row, col=0, enableMenu=False)
        plot.disableAutoRange()
        plot.setTitle(title, size="9pt")
        plot.setLogMode(x=False, y=log_y)
        legend = plot.addLegend(offset=(-4, 4), labelTextSize="8pt")
        legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # it holds still
        # No grid and no axis cache: a grid makes each axis paint the whole plot
        # area, and a cached axis re-renders all of it whenever its range steps;
        # plain tick labels drawn every frame cost less than either (bench.network_gui).
        plot.getAxis("left").setWidth(42)
        return plot

    @staticmethod
    def _curve(plot: pg.PlotItem, index: int, name: str, dashed: bool = False) -> pg.PlotDataItem:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        pen = pg.mkPen(series_color(index), width=2, style=style)
        # no antialiasing: smooth wide polylines of ~10³ points were the costliest paint
        curve = plot.plot([], [], pen=pen, name=name, connect="finite", antialias=False,
                          skipFiniteCheck=True)
        themed.edge(curve)  # a light colour (layer 4 on) gets an edge on white
        return curve

    def clear_run(self, n_layers: int) -> None:
        """Forget every curve; one gradient curve per layer m = 1 … L."""
        for curve in (self.train_loss, self.test_loss, self.train_accuracy, self.test_accuracy):
            curve.setData([], [])
        self._ranges.clear()
        # Layer m's curve is the same whatever the run (its colour, its name): keep the
        # ones that stay. Building a curve, its legend row and its points item took 3–4 ms
        # each on the GUI thread (33 ms for 9 layers) at every Reset or new data set.
        kept, gone = self.gradient_curves[:n_layers], self.gradient_curves[n_layers:]
        for curve in gone:
            self.gradient_plot.removeItem(curve)
        for curve in kept:
            curve.setData([], [])
        self.gradient_curves = kept + [
            self._curve(self.gradient_plot, m, f"‖∂C/∂θ{sup(m + 1)}‖")
            for m in range(len(kept), n_layers)
        ]
        # whole decades from the start, so an empty plot reads like a full one
        self._fit("loss", self.loss_plot, (0.0, nice_ceiling(0)), EMPTY_DECADES)
        self._fit("gradient", self.gradient_plot, None, EMPTY_DECADES)

    def show_losses(self, epochs: np.ndarray, train: np.ndarray,
                    test: np.ndarray | None) -> None:
        """Loss against epoch (already joined to any restored history)."""
        x, y = thin(epochs, train)
        self.train_loss.setData(x, positive(y))
        shown = [y]
        self._legend_test(test is not None)
        if test is None:
            self.test_loss.setData([], [])
        else:
            x, y = thin(epochs, test)
            self.test_loss.setData(x, positive(y))
            shown.append(y)
        if len(epochs):
            self._fit("loss", self.loss_plot, (0.0, nice_ceiling(epochs[-1])),
                      decades(np.concatenate(shown)))

    def _legend_test(self, shown: bool) -> None:
        """Name the test curves in the legends only when there is a test set."""
        if shown == self._test_in_legend:
            return
        self._test_in_legend = shown
        for plot, curve in ((self.loss_plot, self.test_loss),
                            (self.accuracy_plot, self.test_accuracy)):
            if shown:
                plot.legend.addItem(curve, "test")
            else:
                plot.legend.removeItem(curve)

    def show_trails(self, epochs: np.ndarray, rows: np.ndarray) -> None:
        """Accuracy and gradient-norm curves: ``rows`` hold train accuracy, test accuracy
        (NaN without test data) and ‖∂C/∂θ^m‖ for m = 1 … L, one row per epoch."""
        x, rows = thin(epochs, rows)
        if not len(x):
            return
        self.train_accuracy.setData(x, rows[:, 0])
        self.test_accuracy.setData(x, rows[:, 1])
        norms = rows[:, 2:]
        for m, curve in enumerate(self.gradient_curves):  # a row may lag a layer change
            if m < norms.shape[1]:
                curve.setData(x, positive(norms[:, m]))
            else:
                curve.setData([], [])
        self._fit("gradient", self.gradient_plot, None, decades(norms.ravel()))
