"""The diagram's links painted one draw call per pen, and its heat strips kept while their
maps hold: the picture a person sees is the one painted link by link, weakest first."""

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QLineF
from PySide6.QtGui import QColor, QImage, QPainter

from gui import theme, themed
from gui.appearance import appearance
from gui.tabs.network.colors import LUT_SIZE, lut
from gui.tabs.network.diagram import (
    STEP_BANDS,
    WIDTH_STEPS,
    DiagramData,
    draw_order,
    link_groups,
    width_steps,
)
from gui.theme import POSITIVE


def data(sizes, seed=0, maps=None, scale=1.0):
    rng = np.random.default_rng(seed)
    n = len(sizes) - 1
    links = tuple(scale * rng.normal(size=(sizes[m + 1], sizes[m])) for m in range(n))
    nodes = tuple(rng.normal(size=k) for k in sizes[1:])
    if maps is None:
        maps = tuple(np.tanh(rng.normal(size=(sizes[m + 1], 6, 6))) for m in range(n))
    return DiagramData(layer_sizes=tuple(sizes), activations=("tanh",) * n, links=links,
                       nodes=nodes, maps=maps, gradient=False)


@pytest.fixture
def diagram(shown_diagram):
    return shown_diagram(700, 420)


@pytest.mark.parametrize("seed", range(4))
def test_each_link_is_drawn_once_with_its_own_pen_narrowest_first(seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(size=4288) * rng.choice([1e-3, 1.0, 1e3], size=4288)
    values[rng.integers(0, 4288, 20)] = np.nan
    groups = link_groups(values)
    drawn = np.concatenate([members for _, _, members in groups])
    # the same links as drawn one by one: the 2,500 strongest, no NaN, each once
    assert sorted(drawn.tolist()) == sorted(draw_order(values).tolist())
    assert len(groups) <= 2 * WIDTH_STEPS * STEP_BANDS
    steps_of = dict(zip(draw_order(values).tolist(),
                        width_steps(values[draw_order(values)]).tolist(), strict=True))
    for positive, step, members in groups:
        assert all((values[members] >= 0) == positive)
        assert all(steps_of[k] == step for k in members.tolist())
    # every link after all narrower ones: the strongest end on top
    steps = [step for _, step, _ in groups]
    assert steps == sorted(steps)
    # within a step, bands of stronger links after weaker ones; of a band's two signs, the
    # one holding its strongest link last
    for a, b in itertools.pairwise(groups):
        if a[1] == b[1]:
            assert np.abs(values[a[2]]).max() <= np.abs(values[b[2]]).max()


def test_no_links_no_groups():
    assert link_groups(np.array([np.nan, np.nan])) == []
    assert link_groups(np.empty(0)) == []


def one_by_one(diagram) -> QImage:
    """The links as the diagram drew them before: each alone, weakest first (plain route)."""
    image = QImage(diagram.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(themed.background()))
    painter = QPainter(image)
    values = diagram._link_values()
    order = draw_order(values)
    for k, step in zip(order.tolist(), width_steps(values[order]).tolist(), strict=True):
        painter.setPen(diagram._pens[(bool(values[k] >= 0), step)])
        painter.drawLine(QLineF(*diagram._links[k, :4].tolist()))
    painter.end()
    return image


def grouped(diagram) -> QImage:
    image = QImage(diagram.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(themed.background()))
    painter = QPainter(image)
    diagram._paint_links(painter)
    painter.end()
    return image


@pytest.mark.parametrize("sizes", [(2, 64, 64, 1), (2, 8, 8, 1), (2, 2, 1)])
def test_the_links_look_as_painted_one_by_one_weakest_first(diagram, sizes):
    diagram.set_data(data(sizes, seed=1))
    diagram._layout()
    a, b = grouped(diagram), one_by_one(diagram)
    paper = QColor(themed.background()).rgb()
    inked = differ = 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            inked += pa != paper or pb != paper
            differ += pa != pb
    # the same ink but where links of one width, one band and opposite signs cross
    assert inked > 0 and differ <= 0.02 * inked, (differ, inked)


def test_a_strong_link_of_either_sign_crosses_over_weaker_ones(diagram):
    # x₂ → unit 1 strong and positive over x₁ → unit 2, weaker but of the same width step
    W = np.array([[0.01, 5.0], [-4.9, 0.01]])
    values = DiagramData(layer_sizes=(2, 2), activations=("tanh",), links=(W,),
                         nodes=(np.zeros(2),), maps=(None,), gradient=False)
    diagram.set_data(values)
    image = diagram.grab().toImage()
    (x0, y0), (_, y1) = diagram._nodes[0]
    x1 = diagram._nodes[1][0, 0]
    middle = image.pixelColor(round((x0 + x1) / 2), round((y0 + y1) / 2))
    assert sum(abs(p - q) for p, q in zip(middle.getRgb()[:3], QColor(POSITIVE).getRgb()[:3],
                                          strict=True)) < 40


def strip_pixel(diagram, layer, unit, row, col):
    """The colour the diagram's strip for ``layer`` holds for map[unit, row, col]."""
    image = diagram._images[layer - 1]
    side = image.width()
    return image.pixelColor(col, unit * side + (side - 1 - row))  # the plane upright


def lut_colour(value, low=-1.0, high=1.0):
    row = min(LUT_SIZE - 1, int((value - low) / (high - low) * (LUT_SIZE - 1)))
    return QColor(*lut()[row][:3].tolist())


def test_heat_strips_are_kept_while_their_maps_hold_and_remade_when_they_change(diagram):
    first = data((2, 5, 3, 1), seed=2)
    diagram.set_data(first)
    strips = list(diagram._images)
    # the gradient shown, a pause: the same maps paint the very same images
    diagram.set_data(DiagramData(**{**first.__dict__, "gradient": True}))
    assert all(a is b for a, b in zip(diagram._images, strips, strict=True))
    # the next frame: one unit of layer 2 changed in one cell, the rest as they were
    maps = [m.copy() for m in first.maps]
    maps[1][2, 4, 1] = -maps[1][2, 4, 1] if abs(maps[1][2, 4, 1]) > 0.1 else 0.9
    diagram.set_data(DiagramData(**{**first.__dict__, "maps": tuple(maps)}))
    assert diagram._images[0] is strips[0] and diagram._images[2] is strips[2]
    assert diagram._images[1] is not strips[1]
    for unit, row, col in ((2, 4, 1), (0, 0, 0), (1, 5, 3)):
        shown = strip_pixel(diagram, 2, unit, row, col)
        assert shown == lut_colour(maps[1][unit, row, col]), (unit, row, col)
    # maps edited in place by whoever sent them still make a new strip
    maps[0][0, 0, 0] = 0.5 if maps[0][0, 0, 0] < 0 else -0.5
    diagram.set_data(DiagramData(**{**first.__dict__, "maps": tuple(maps)}))
    assert strip_pixel(diagram, 1, 0, 0, 0) == lut_colour(maps[0][0, 0, 0])


def test_heat_strips_follow_the_theme(diagram):
    values = data((2, 3, 1), seed=4)
    diagram.set_data(values)
    before, mode = diagram._images[0], appearance().mode
    dark = "light" if themed.background() == theme.DARK.background else "dark"
    appearance().set_mode(dark)
    try:
        assert diagram._images[0] is not before
        assert strip_pixel(diagram, 1, 1, 2, 2) == lut_colour(values.maps[0][1, 2, 2])
    finally:
        appearance().set_mode(mode)
