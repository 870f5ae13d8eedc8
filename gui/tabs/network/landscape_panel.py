"""The Landscape side tab: C over a plane through θ, the training path on it, the curvature.

The same picture as the Gradient descent tab's contours, for the network's own
cost C(W, b): log-spaced contour colours, the path the weights took, and where
θ is now.  Pictures are computed by a worker from copies (never on the GUI
thread); "Follow training" redraws every few seconds while the run moves.
"""

from __future__ import annotations

import re
import time
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.job import OneShot
from engine.network.datasets import Dataset
from engine.network.landscape import Curvature
from engine.network.network import Network
from gui.tabs.network.landscape_model import (
    MODES,
    LandscapeModel,
    Picture,
    compute,
    compute_safely,
    curvature_of,
)
from gui.tabs.network.notation import sub, sup
from gui.theme import ORANGE, VERMILLION
from gui.worker import Worker

FOLLOW_EVERY_S = 3.0


class LandscapePanel(QWidget):
    """Choose a plane, draw C on it with the path; ask for the curvature at θ."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscape_panel")
        self.model = LandscapeModel()
        self.template: Network | None = None
        self.dataset: Dataset | None = None
        self.worker = Worker(self)
        self.worker.snapshot.connect(self._on_result)
        self._drawn_at = 0.0
        self._build()
        self.model.connect("picture", self._show_picture)
        self.model.connect("curvature", self._show_curvature)
        self.model.connect("problem", self._show_problem)
        self.follow_timer = QTimer(self)
        self.follow_timer.setInterval(500)
        self.follow_timer.timeout.connect(self._maybe_follow)
        self.follow_timer.start()

    # ---- widgets ------------------------------------------------------------
    def _build(self) -> None:
        self.mode = QComboBox()
        self.mode.setObjectName("landscape_mode")
        self.mode.setToolTip("Which plane through θ to draw C on")
        for key, text in MODES.items():
            self.mode.addItem(text, key)
        self.first, self.second = QComboBox(), QComboBox()
        for name, box in (("landscape_first", self.first), ("landscape_second", self.second)):
            box.setObjectName(name)
            box.setToolTip("The parameter along this axis (the others are held)")
        self.draw = QPushButton("Draw")
        self.draw.setObjectName("landscape_draw")
        self.draw.setToolTip("Compute C over the plane through the weights now")
        self.follow = QCheckBox("Follow training")
        self.follow.setObjectName("landscape_follow")
        self.follow.setToolTip(f"Redraw every {FOLLOW_EVERY_S:g} s while the network trains")
        self.curvature_button = QPushButton("Curvature at θ")
        self.curvature_button.setObjectName("landscape_curvature")
        self.curvature_button.setToolTip("The Hessian's largest and smallest eigenvalues at θ: "
                                         "a minimum, a saddle or a plateau?")
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("landscape_plot")
        self.plot.setToolTip("C over the plane θ + s·d₁ + t·d₂ (log colours); the line is the "
                             "training path, the ring is θ now")
        self.plot.setMinimumHeight(220)
        item = self.plot.getPlotItem()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(pg.colormap.get("cividis").getLookupTable(nPts=256))
        item.addItem(self.image)
        # contour lines at evenly spaced log levels, drawn in the image's coordinates
        self.contours = [pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110)) for _ in range(7)]
        for curve in self.contours:
            curve.setParentItem(self.image)
        self.path_curve = item.plot(pen=pg.mkPen(ORANGE, width=2), name="path")
        self.here = pg.ScatterPlotItem(size=14, symbol="o", pen=pg.mkPen(VERMILLION, width=3),
                                       brush=pg.mkBrush(0, 0, 0, 0))
        item.addItem(self.here)
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.info = QLabel("Press Draw to see the cost around the weights now.")
        self.info.setObjectName("landscape_info")
        self.info.setWordWrap(True)
        self.hover = QLabel(" ")
        self.hover.setObjectName("landscape_hover")
        self.curvature_text = QLabel(" ")
        self.curvature_text.setObjectName("landscape_curvature_text")
        self.curvature_text.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel("Plane:"), 0, 0)
        grid.addWidget(self.mode, 0, 1, 1, 3)
        grid.addWidget(QLabel("s along"), 1, 0)
        grid.addWidget(self.first, 1, 1)
        grid.addWidget(QLabel("t along"), 1, 2)
        grid.addWidget(self.second, 1, 3)
        grid.addWidget(self.draw, 2, 0, 1, 2)
        grid.addWidget(self.follow, 2, 2, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.hover)
        layout.addWidget(self.info)
        layout.addWidget(self.curvature_button)
        layout.addWidget(self.curvature_text)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.draw.clicked.connect(self.request_picture)
        self.curvature_button.clicked.connect(self.request_curvature)
        self._on_mode()

    # ---- what the tab tells it ---------------------------------------------
    def set_network(self, template: Network, dataset: Dataset) -> None:
        """The architecture and data in use (a new run: its path starts again)."""
        self.template, self.dataset = template, dataset
        names = self.model.names_of(template)
        for box, default in ((self.first, 0), (self.second, 1)):
            box.blockSignals(True)
            box.clear()
            for name in names:
                box.addItem(display_name(name), name)
            box.setCurrentIndex(min(default, len(names) - 1))
            box.blockSignals(False)
        self.model.forget_path()

    def record(self, theta: np.ndarray) -> None:
        """θ as the newest frame shows it."""
        self.model.record(theta)

    # ---- requests ------------------------------------------------------------
    def _on_mode(self) -> None:
        named = self.mode.currentData() == "parameters"
        self.first.setEnabled(named)
        self.second.setEnabled(named)

    def request_picture(self) -> None:
        if self.template is None or self.dataset is None:
            self._show_problem("no network yet: press Play or Step")
            return
        self.model.choose(self.mode.currentData(),
                          (self.first.currentData(), self.second.currentData()))
        wanted = self.model.request()
        if wanted is None:
            return
        path, mode, names = wanted
        data = self.dataset
        self._drawn_at = time.monotonic()
        self.info.setText("Working out C over the plane…")
        self.worker.start(OneShot(partial(compute_safely, partial(
            compute, self.template, path, data.X_train, data.y_train, mode, names))))

    def request_curvature(self) -> None:
        if self.template is None or self.dataset is None or not self.model.path:
            self._show_problem("no network yet: press Play or Step")
            return
        data = self.dataset
        self.curvature_text.setText("Working out the curvature at θ…")
        self.worker.start(OneShot(partial(compute_safely, partial(
            curvature_of, self.template, self.model.path[-1], data.X_train, data.y_train))))

    def _maybe_follow(self) -> None:
        due = time.monotonic() - self._drawn_at >= FOLLOW_EVERY_S
        if (self.follow.isChecked() and due and self.worker.state != "running"
                and self.isVisible() and self.model.path):
            self.request_picture()

    def _on_result(self, result: object) -> None:
        self.model.take(result)

    # ---- drawing -------------------------------------------------------------
    def _show_picture(self, picture: Picture) -> None:
        grid = picture.landscape
        values = np.log10(np.fmax(grid.losses, 1e-12))
        finite = values[np.isfinite(values)]
        levels = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if levels[0] == levels[1]:
            levels = (levels[0] - 1.0, levels[1] + 1.0)
        image = np.nan_to_num(values, nan=levels[1])
        self.image.setImage(image, levels=levels)
        for level, curve in zip(np.linspace(*levels, len(self.contours) + 2)[1:-1],
                                self.contours, strict=True):
            curve.setData(image.T)  # IsocurveItem reads column-major data
            curve.setLevel(level)
        ds, dt = grid.s[1] - grid.s[0], grid.t[1] - grid.t[0]
        self.image.setRect(grid.s[0] - ds / 2, grid.t[0] - dt / 2,
                           ds * len(grid.s), dt * len(grid.t))
        self.path_curve.setData(picture.path[:, 0], picture.path[:, 1])
        self.here.setData([picture.current[0]], [picture.current[1]])
        item = self.plot.getPlotItem()
        item.setLabel("bottom", f"s along {display_name(picture.plane.names[0])}")
        item.setLabel("left", f"t along {display_name(picture.plane.names[1])}")
        item.autoRange()
        share = picture.plane.variance_share
        centre = grid.losses[len(grid.t) // 2, len(grid.s) // 2]
        low, high = float(np.min(grid.losses)), float(np.max(grid.losses))
        words = [f"C = {_number(low)} … {_number(high)} on this plane (colours: log₁₀ C)."]
        if share is not None:
            words.append(f"The plane holds {share:.0%} of the path's variance: "
                         + ("a faithful picture." if share > 0.8 else
                            "much of the path leaves it, so read it with care."))
        self.info.setText(" ".join(words))
        self.info.setToolTip(f"C at the centre of the picture: {_number(float(centre))}")

    def _show_curvature(self, result: Curvature) -> None:
        largest = ", ".join(_number(v) for v in result.largest)
        smallest = ", ".join(_number(v) for v in result.smallest)
        self.curvature_text.setText(f"<b>{result.verdict.capitalize()}</b>: {result.message}. "
                                    f"Largest eigenvalues {largest}; smallest {smallest}.")

    def _show_problem(self, text: str) -> None:
        self.info.setText(text[:1].upper() + text[1:] + ".")

    def _on_hover(self, position) -> None:
        picture = self.model.picture
        if picture is None or not self.plot.sceneBoundingRect().contains(position):
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(position)
        grid = picture.landscape
        i = int(np.clip(np.searchsorted(grid.s, point.x()), 0, len(grid.s) - 1))
        j = int(np.clip(np.searchsorted(grid.t, point.y()), 0, len(grid.t) - 1))
        self.hover.setText(f"C = {_number(float(grid.losses[j, i]))} at s = {grid.s[i]:.3g}, "
                           f"t = {grid.t[j]:.3g}")

    def shutdown(self) -> None:
        self.follow_timer.stop()
        self.worker.shutdown()


def display_name(name: str) -> str:
    """An engine parameter name as the notes print it: "W^1_21" → W¹₂₁; others unchanged."""
    match = re.fullmatch(r"([Wb])\^(\d+)_([\d,]+)", name)
    if match is None:
        return name
    letter, m, indices = match.groups()
    if "," in indices:
        parts = [int(i) for i in indices.split(",")]
    else:
        parts = [int(i) for i in indices] if letter == "W" else [int(indices)]
    return f"{letter}{sup(m)}{sub(*parts)}"


def _number(value: float) -> str:
    return f"{value:.4g}".replace("-", "−")

