"""The Landscape side tab: C over a plane through θ, the training path on it, the curvature,
a race of optimizers and the slice's critical points.

The same picture as the Gradient descent tab's contours, for the network's own
cost C(W, b): log-spaced contour colours, the path the weights took, and where
θ is now.  Pictures are computed by a worker from copies (never on the GUI
thread); "Follow training" redraws every few seconds while the run moves.
As on the descent tab, a click on the picture starts a race from that point
(θ + s·d₁ + t·d₂), each racer's path in its optimizer's colour.  The plane's
controls are ``landscape_plane``, the race's ``landscape_race``, the picture
``landscape_plot``; this panel ties them to the model and the workers.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.descent.optimizers import OPTIMIZERS
from engine.job import OneShot
from engine.network.datasets import Dataset
from engine.network.landscape import Curvature
from engine.network.network import Network
from engine.network.race import RaceSnapshot
from engine.network.slice_points import SlicePoints
from gui.pool_worker import PoolWorker
from gui.tabs.network.landscape_model import (
    LandscapeModel,
    LandscapeSettings,
    Picture,
    compute,
    compute_safely,
    curvature_of,
    points_of,
    race_job,
)
from gui.tabs.network.landscape_plane import FOLLOW_EVERY_S, PlaneControls, named
from gui.tabs.network.landscape_plot import (
    LandscapePlot,
    describe_curvature,
    describe_picture,
    describe_points,
    display_name,
    number,
)
from gui.tabs.network.landscape_race import RaceControls
from gui.worker import Worker


class LandscapePanel(QWidget):
    """Choose a plane, draw C on it with the path; ask for the curvature at θ."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscape_panel")
        self.model = LandscapeModel()
        self.template: Network | None = None
        self.dataset: Dataset | None = None
        # C over a plane and the slice's critical points: pure-Python-heavy work that on a
        # thread held the GIL the window paints with
        self.worker = PoolWorker(self)
        self.worker.snapshot.connect(self._on_result)
        self.racer = Worker(self)
        self.racer.snapshot.connect(self._on_result)
        self.racer.state_changed.connect(self._on_race_state)
        self._drawn_at = 0.0
        self._drawn_for: int | None = None  # the race's epoch the last picture was asked at
        self._build()
        self.model.connect("picture", self._show_picture)
        self.model.connect("curvature", self._show_curvature)
        self.model.connect("problem", self._show_problem)
        self.model.connect("race", self._show_race)
        self.model.connect("points", self._show_points)
        self.follow_timer = QTimer(self)
        self.follow_timer.setInterval(500)
        self.follow_timer.timeout.connect(self._maybe_follow)
        self.follow_timer.start()

    # ---- widgets ------------------------------------------------------------
    def _build(self) -> None:
        self.plane = PlaneControls()
        # the plane's widgets by their names here too (tests and the screenshots use them)
        self.mode, self.first, self.second = self.plane.mode, self.plane.first, self.plane.second
        self.names, self.draw, self.follow = self.plane.names, self.plane.draw, self.plane.follow
        self.resolution, self.half_width = self.plane.resolution, self.plane.half_width
        self.points_button = named(
            QPushButton("Critical points"), "landscape_points", "Where ∂C/∂s = ∂C/∂t = 0 on "
            "the exact slice of two chosen weights, and what kind (the rt − s² test)")
        self.race = RaceControls()
        self.curvature_button = named(
            QPushButton("Curvature at θ"), "landscape_curvature",
            "The Hessian's extreme eigenvalues at θ: a minimum, a saddle or a plateau?")
        self.plot = LandscapePlot()
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self.info = _label("landscape_info", "Press Draw to see the cost around the weights now.")
        self.hover = _label("landscape_hover")
        self.curvature_text = _label("landscape_curvature_text")
        self.points_text = _label("landscape_points_text")
        buttons = QGridLayout()
        buttons.addWidget(self.curvature_button, 0, 0)
        buttons.addWidget(self.points_button, 0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)  # as the controls panel: room for the race's α
        layout.addWidget(self.plane)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.hover)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addWidget(self.curvature_text)
        layout.addWidget(self.points_text)
        layout.addWidget(self.race, 2)
        self.show_settings(self.model.settings)
        self.plane.changed.connect(self._take_settings)
        self.race.changed.connect(self._take_settings)
        self.draw.clicked.connect(self.request_picture)
        self.curvature_button.clicked.connect(self.request_curvature)
        self.points_button.clicked.connect(self.request_points)
        self.race.race_asked.connect(self.race_from_theta)
        self.race.stop_asked.connect(self.racer.cancel)
        self._on_mode()

    # ---- settings: the controls show the model's, and tell it theirs ----------
    def show_settings(self, settings: LandscapeSettings) -> None:
        self.plane.show_settings(settings)
        self.race.show_settings(settings)
        self._on_mode()

    def _take_settings(self) -> None:
        keys, alphas, epochs = self.race.chosen()
        race = replace(self.model.settings, race=keys, alphas=alphas, race_epochs=epochs)
        self.model.set_settings(self.plane.plane(race))
        self._on_mode()

    def state(self) -> dict:
        """The settings a session keeps (JSON-able)."""
        return self.model.settings.to_dict()

    def set_state(self, settings: LandscapeSettings) -> None:
        """Settings from a session, already checked; weights this network lacks are said."""
        missing = [name for name in (settings.first, settings.second)
                   if self.names.row_of(name) < 0]
        if missing and self.names.rowCount():
            self._show_problem(f"the session's weights {', '.join(map(display_name, missing))} "
                               "are not parameters of this network: pick two others")
            settings = replace(settings, first=self.names.name(0),
                               second=self.names.name(min(1, self.names.rowCount() - 1)))
        self.model.set_settings(settings)
        self.show_settings(settings)

    # ---- what the tab tells it ---------------------------------------------
    def set_network(self, template: Network, dataset: Dataset) -> None:
        """The architecture and data in use (a new run: its path starts again)."""
        self.template, self.dataset = template, dataset
        self.plane.set_layers(template.layer_sizes, self.model.settings.first,
                              self.model.settings.second)
        self.racer.cancel()
        self.model.forget_path()
        self._take_settings()
        self._draw_racers()
        # what was said of the old network's θ is no longer true of this one
        self.curvature_text.setText(" ")
        self.points_text.setText(" ")
        self.plot.kinds.setData([])
        self.race.clear()

    def record(self, theta: np.ndarray) -> None:
        """θ as the newest frame shows it."""
        self.model.record(theta)

    # ---- requests ------------------------------------------------------------
    def _on_mode(self) -> None:
        self.points_button.setEnabled(self.plane.named_slice())

    def request_picture(self) -> None:
        if self.template is None or self.dataset is None:
            self._show_problem("no network yet: press Play or Step")
            return
        wanted = self.model.request()
        if wanted is None:
            return
        path, frame = wanted
        data, s = self.dataset, self.model.settings
        self._drawn_at = time.monotonic()
        self._drawn_for = None if self.model.race is None else self.model.race.epoch
        self.info.setText("Working out C over the plane…")
        self.worker.start(OneShot(partial(compute_safely, partial(
            compute, self.template, path, data.X_train, data.y_train, s.mode,
            (s.first, s.second), resolution=s.resolution, half_width=s.half_width,
            frame=frame))))

    def request_points(self) -> None:
        picture = self.model.picture
        if self.template is None or self.dataset is None or picture is None:
            self._show_problem("draw the slice of two chosen weights first")
            return
        if picture.plane.names != self.model.names:
            self._show_problem("draw the slice of the two chosen weights first (Draw)")
            return
        data = self.dataset
        self.points_text.setText("Looking for the critical points of the slice…")
        self.worker.start(OneShot(partial(compute_safely, partial(
            points_of, self.template, picture.plane.origin, picture.plane.names,
            data.X_train, data.y_train, picture.box))))

    # ---- the race ------------------------------------------------------------
    def race_from_theta(self) -> None:
        if not self.model.path:
            self._show_problem("no network yet: press Play or Step")
            return
        self.race_from(self.model.path[-1])

    def race_from(self, theta: np.ndarray) -> None:
        """Race the ticked optimizers from parameters ``theta`` (copies of one network)."""
        if self.template is None or self.dataset is None:
            self._show_problem("no network yet: press Play or Step")
            return
        settings = self.model.settings
        if not settings.race:
            self._show_problem("tick at least one optimizer to race")
            return
        data = self.dataset
        try:
            job = race_job(self.template, theta, data.X_train, data.y_train, settings)
        except ValueError as exc:
            self._show_problem(str(exc))
            return
        self.model.start_race(theta)
        self.racer.cancel()
        self.racer.start(job)
        names = ", ".join(OPTIMIZERS[key].name for key in settings.race)
        self.info.setText(f"Racing {names} for {settings.race_epochs:,} epochs…")

    def _on_race_state(self, state: str) -> None:
        self.race.set_running(state == "running")

    def _show_race(self, race: RaceSnapshot) -> None:
        self.race.show_race(race)
        self._draw_racers()

    def _race_needs_picture(self) -> bool:
        """True when the picture does not show the race: another origin, racers outside
        it, or drawn before the race's last epoch once the race is over."""
        picture, race = self.model.picture, self.model.race
        if race is None:
            return False
        if picture is None or not np.array_equal(picture.plane.origin, self.model.race_start):
            return True
        if self.racer.state != "running" and self._drawn_for != race.epoch:
            return True
        return not picture.holds(picture.plane.project(race.paths.reshape(
            -1, race.paths.shape[-1])))

    def _draw_racers(self) -> None:
        self.plot.show_racers(self.model.picture, self.model.race)

    def _on_click(self, event) -> None:
        picture = self.model.picture
        if picture is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.plot.plane_point(event.scenePos())
        if point is not None:
            self.race_from_point(*point)

    def race_from_point(self, s: float, t: float) -> None:
        """Race from θ + s·d₁ + t·d₂ of the plane drawn (the click on the picture)."""
        picture = self.model.picture
        if picture is None:
            return
        self.race_from(picture.plane.points(np.array(s), np.array(t)))

    def request_curvature(self) -> None:
        if self.template is None or self.dataset is None or not self.model.path:
            self._show_problem("no network yet: press Play or Step")
            return
        data = self.dataset
        self.curvature_text.setText("Working out the curvature at θ…")
        self.worker.start(OneShot(partial(compute_safely, partial(
            curvature_of, self.template, self.model.path[-1], data.X_train, data.y_train))))

    def _maybe_follow(self) -> None:
        if self.worker.state == "running" or not self.isVisible():
            return
        if self._race_needs_picture():
            self.request_picture()
            return
        due = time.monotonic() - self._drawn_at >= FOLLOW_EVERY_S
        if self.follow.isChecked() and due and self.model.path and self.model.race is None:
            self.request_picture()

    def _on_result(self, result: object) -> None:
        self.model.take(result)

    # ---- drawing -------------------------------------------------------------
    def _show_picture(self, picture: Picture) -> None:
        self._draw_racers()  # on this plane before the view fits everything drawn
        self.plot.show_picture(picture, racing=self.model.race_start is not None)
        text, tip = describe_picture(picture)
        self.info.setText(text)
        self.info.setToolTip(tip)

    def _show_curvature(self, result: Curvature) -> None:
        self.curvature_text.setText(describe_curvature(result))

    def _show_points(self, found: SlicePoints) -> None:
        self.plot.show_points(found)
        self.points_text.setText(describe_points(found))

    def _show_problem(self, text: str) -> None:
        self.info.setText(text[:1].upper() + text[1:] + ".")

    def _on_hover(self, position) -> None:
        picture = self.model.picture
        point = None if picture is None else self.plot.plane_point(position)
        if point is None:
            return
        grid = picture.landscape
        i = int(np.clip(np.searchsorted(grid.s, point[0]), 0, len(grid.s) - 1))
        j = int(np.clip(np.searchsorted(grid.t, point[1]), 0, len(grid.t) - 1))
        self.hover.setText(f"C = {number(float(grid.losses[j, i]))} at s = {grid.s[i]:.3g}, "
                           f"t = {grid.t[j]:.3g}")

    def shutdown(self) -> None:
        self.follow_timer.stop()
        self.worker.shutdown()
        self.racer.shutdown()


def _label(name: str, text: str = " ") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label
