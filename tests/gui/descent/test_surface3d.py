"""The 3-D surface as a person sees it: drag turns it, hills hide what is behind them,
axes carry the domain's values, critical points sit on it."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from engine.vectors import view_projection
from gui.tabs.descent.colors import optimizer_color
from gui.tabs.descent.surface3d import HEIGHT


@pytest.fixture
def tab(qtbot, tab):
    """The folder's tab, showing the 3-D surface."""
    tab.ui.views.setCurrentWidget(tab.ui.surface)
    return tab


def wait_critical(qtbot, tab):
    qtbot.waitUntil(lambda: tab.ready and tab.model.analysis.critical is not None,
                    timeout=20_000)


def _pixel(view, image, point3):
    """Where a unit-box point is drawn in the grabbed picture of the plot."""
    flat = view_projection(point3, view.azimuth.value(), view.elevation.value())[0]
    scene = view.view_box.mapViewToScene(QPointF(*flat))
    return view.widget.mapFromScene(scene)


def _colour_near(image, where: QPoint, colour: str, radius=2) -> bool:
    target = QColor(colour)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = image.pixelColor(where.x() + dx, where.y() + dy)
            if max(abs(c.red() - target.red()), abs(c.green() - target.green()),
                   abs(c.blue() - target.blue())) < 40:
                return True
    return False


def test_a_mouse_drag_turns_the_surface_and_does_not_pan_it(qtbot, tab):
    wait_critical(qtbot, tab)
    view = tab.ui.surface
    viewport = view.widget.viewport()
    azimuth, elevation = view.azimuth.value(), view.elevation.value()
    centre = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    for i in range(1, 9):
        QTest.mouseMove(viewport, centre + QPoint(10 * i, 5 * i))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       centre + QPoint(80, 40))
    assert view.azimuth.value() < azimuth and view.elevation.value() > elevation
    # the view stays centred on the box: turned, not moved aside
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    middle = view_projection([0.0, 0.0, HEIGHT / 2], view.azimuth.value(),
                             view.elevation.value())[0]
    assert (x0 + x1) / 2 == pytest.approx(middle[0], abs=0.05)
    assert (y0 + y1) / 2 == pytest.approx(middle[1], abs=0.05)


def test_a_ridge_hides_the_path_behind_it_and_not_the_one_in_front(qtbot, tab):
    tab.ui.formula.set_text("3 - x^2")
    tab.ui.domain.set_domain((-2.0, 2.0, -2.0, 2.0))
    tab.ui.domain.domain_changed.emit((-2.0, 2.0, -2.0, 2.0))
    qtbot.waitUntil(lambda: tab.ready and tab.model.surface.domain == (-2.0, 2.0, -2.0, 2.0),
                    timeout=10_000)
    tab.ui.optimizers.set_chosen(["gd"])
    tab.ui.optimizers.selection_changed.emit()
    tab.clear_starts()
    tab.add_start(0.6, 0.0)   # runs off toward +x, behind the ridge seen from −x
    tab.add_start(-0.6, 0.5)  # runs off toward −x, in front of it
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None and tab.model.run_snapshot.finished
                    and len(tab.model.run_snapshot.trajectories) == 2, timeout=10_000)
    view = tab.ui.surface
    view.azimuth.setValue(180)  # looking along +x, from the −x side
    view.elevation.setValue(12)
    view.redraw()
    image = view.widget.grab().toImage()
    colour = optimizer_color("gd")
    paths = {t.start[0] > 0: t for t in tab.model.run_snapshot.trajectories}
    for behind, t in paths.items():
        k = len(t.path) // 2
        point = view.on_surface(t.path[k:k + 1, 0], t.path[k:k + 1, 1])
        assert bool(view.hidden(point)[0]) == behind
        assert _colour_near(image, _pixel(view, image, point), colour) != behind


def test_axes_name_the_domain_and_critical_points_sit_on_the_surface(qtbot, tab):
    wait_critical(qtbot, tab)
    view = tab.ui.surface
    view.redraw()
    texts = [label.textItem.toPlainText() for label in view.axis_labels]
    assert any(t.startswith("x = ") for t in texts) and any(t.startswith("y = ") for t in texts)
    # Himmelblau gets a log scale from its lowest to its highest sampled value
    values = tab.model.analysis.field.values
    assert f"f from {values.min():.3g} to {values.max():.3g} (log scale)" in texts
    assert all(label.isVisible() for label in view.axis_labels)
    points = tab.model.analysis.critical.points
    spots = view.points.data
    assert len(spots) == len(points) == 9
    box = view.on_surface([p.x for p in points], [p.y for p in points])
    flat = view_projection(box, view.azimuth.value(), view.elevation.value())
    np.testing.assert_allclose(np.column_stack([spots["x"], spots["y"]]), flat, atol=1e-9)
    symbols = {p.kind: spot["symbol"] for p, spot in zip(points, spots, strict=True)}
    assert symbols == {"minimum": "o", "maximum": "t1", "saddle": "x"}



def test_a_surface_undefined_in_places_or_flat_draws_its_defined_patches_only(qtbot, tab):
    from dataclasses import replace

    qtbot.waitUntil(lambda: tab.model.analysis is not None
                    and tab.model.analysis.field is not None, timeout=20_000)
    field = tab.model.analysis.field
    holed = field.image.astype(float).copy()
    holed[: len(holed) // 2] = np.nan  # f undefined on half the domain (ln y, y < 0)
    flat = np.ones_like(holed)
    for image, levels in ((holed, field.levels), (flat, (1.0, 1.0)), (holed, (np.nan, np.nan))):
        corners, brushes = tab.ui.surface._patches(replace(field, image=image, levels=levels))
        assert np.isfinite(corners).all() and len(brushes) == len(corners)
