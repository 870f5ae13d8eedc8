"""The network diagram as a person sees it: painted from any snapshot, strongest links on
top, and a key that says what colour and width mean."""

import numpy as np
import pytest
from PySide6.QtGui import QColor

from gui.tabs.network.diagram import DiagramData, draw_order
from gui.theme import NEGATIVE, POSITIVE


def data(sizes, activations=None, links=None, maps=True, scale=1.0, seed=0, gradient=False):
    """Random values for a network of ``sizes`` (each layer's W^m, b^m and heat maps)."""
    rng = np.random.default_rng(seed)
    n = len(sizes) - 1
    with np.errstate(over="ignore", invalid="ignore"):  # 1.7e308 × N(0, 1) overflows: wanted
        links = links or tuple(scale * rng.normal(size=(sizes[m + 1], sizes[m]))
                               for m in range(n))
        grids = tuple(scale * rng.normal(size=(sizes[m + 1], 5, 5)) if maps else None
                      for m in range(n))
        nodes = tuple(scale * rng.normal(size=k) for k in sizes[1:])
    return DiagramData(layer_sizes=tuple(sizes), activations=activations or ("sigmoid",) * n,
                       links=links, nodes=nodes, maps=grids, gradient=gradient)


@pytest.fixture
def diagram(shown_diagram):
    return shown_diagram(640, 300)


def paint(diagram, values):
    diagram.set_data(values)
    return diagram.grab().toImage()


def distance(pixel: QColor, name: str) -> int:
    c = QColor(name)
    return sum(abs(a - b) for a, b in zip(pixel.getRgb()[:3], c.getRgb()[:3], strict=True))


def test_a_snapshot_of_the_previous_architecture_paints_with_its_own_sizes(diagram):
    # issue 12 item 5: 2-8-8-1 → 2-4-1; the old run's snapshot meets the new settings
    old = data((2, 8, 8, 1))
    stale = DiagramData(layer_sizes=(2, 4, 1), activations=("tanh", "sigmoid"),
                        links=old.links, nodes=old.nodes, maps=old.maps, gradient=False)
    image = paint(diagram, stale)
    assert not image.isNull()
    assert diagram.data.layer_sizes == (2, 8, 8, 1)
    assert [len(c) for c in diagram._nodes] == [2, 8, 8, 1]


@pytest.mark.parametrize("sizes", [(2, 1), (2, 4, 1), (2, 64, 64, 1), (64, 64, 64, 3), (1, 1)])
@pytest.mark.parametrize("scale", [1.0, 1e300, 1.7e308, np.inf, np.nan])
@pytest.mark.parametrize("activation", ["linear", "relu", "sigmoid"])
def test_any_sizes_and_huge_or_non_finite_values_paint(diagram, sizes, scale, activation):
    # issue 14 items 9 and 11: 2-1, very wide, features ~1e300 through linear/ReLU layers
    values = data(sizes, activations=(activation,) * (len(sizes) - 1), scale=scale)
    image = paint(diagram, values)
    assert not image.isNull()
    assert diagram.describe(diagram.rect().center()) is not None


def test_maps_and_biases_that_do_not_fit_their_layer_are_left_out(diagram):
    values = data((2, 3, 1))
    wrong = DiagramData(layer_sizes=(2, 3, 1), activations=("relu",),
                        links=values.links, nodes=(np.ones(5),), maps=(np.ones((7, 4, 4)), None),
                        gradient=False)
    paint(diagram, wrong)
    assert diagram.data.maps == (None, None)
    assert np.isnan(diagram.data.nodes[0]).all() and len(diagram.data.nodes[1]) == 1


def test_weights_that_do_not_chain_paint_nothing_rather_than_fail(diagram):
    broken = data((2, 3, 1), links=(np.ones((3, 2)), np.ones((1, 4))))
    assert not paint(diagram, broken).isNull()
    assert diagram.data is None


def test_links_are_drawn_weakest_first_whatever_their_sign():
    values = np.array([0.3, -5.0, 2.0, np.nan, -0.1, 4.0, -np.inf])
    order = draw_order(values)
    assert order.tolist() == [4, 0, 2, 5, 1, 6]
    assert draw_order(values, limit=2).tolist() == [1, 6]


def test_a_strong_positive_link_crosses_over_a_weak_negative_one(diagram):
    # W¹₁₂ (x₂ → unit 1) and W¹₂₁ (x₁ → unit 2) cross in the middle of the picture
    W = np.array([[0.01, 5.0], [-0.5, 0.01]])
    values = data((2, 2), links=(W,), maps=False)
    image = paint(diagram, values)
    (x0, y0), (_, y1) = diagram._nodes[0]
    x1 = diagram._nodes[1][0, 0]
    middle = image.pixelColor(round((x0 + x1) / 2), round((y0 + y1) / 2))
    assert distance(middle, POSITIVE) < 40, middle.name()
    values = data((2, 2), links=(-W,), maps=False)
    image = paint(diagram, values)
    middle = image.pixelColor(round((x0 + x1) / 2), round((y0 + y1) / 2))
    assert distance(middle, NEGATIVE) < 40, middle.name()


def test_a_dense_layer_of_symmetric_weights_looks_half_positive(diagram):
    # issue 12 item 12: W² of a 64-64 net drawn by sign looked all negative
    diagram.resize(700, 420)
    values = data((2, 64, 64, 1), seed=3)
    image = paint(diagram, values)
    left, right = diagram._nodes[1][0, 0] + 20, diagram._nodes[2][0, 0] - 20
    top, bottom = diagram._nodes[1][:, 1].min(), diagram._nodes[1][:, 1].max()
    blue = red = 0
    for x in range(int(left), int(right), 3):
        for y in range(int(top), int(bottom), 3):
            c = image.pixelColor(x, y)
            blue += c.blue() > c.red() + 40
            red += c.red() > c.blue() + 40
    share = blue / (blue + red)
    assert 0.35 < share < 0.65, share


def test_the_key_is_whole_readable_and_below_the_network(diagram):
    values = data((2, 4, 1), scale=2.0)
    image = paint(diagram, values)
    key = diagram.key_rect()
    assert diagram.rect().toRectF().contains(key) and key.height() >= diagram.fontMetrics().height()
    assert diagram.key_width() <= key.width()  # the words fit: nothing elided
    lowest_label = max(c[:, 1].max() + s / 2 + 18
                       for c, s in zip(diagram._nodes, diagram._node_sizes, strict=True))
    assert lowest_label <= key.top()
    words = " ".join(text for _, text in diagram.key_parts())
    widest = max(np.abs(W).max() for W in values.links)
    assert "W > 0" in words and "W < 0" in words and "|W|" in words
    assert f"{widest:.3g}".replace("-", "−") in words
    pixels = [image.pixelColor(x, y) for x in range(int(key.left()), int(key.right()))
              for y in range(int(key.top()), int(key.bottom()))]
    assert any(distance(p, POSITIVE) < 30 for p in pixels)
    assert any(distance(p, NEGATIVE) < 30 for p in pixels)
    assert sum(p.lightness() < 80 for p in pixels) > 30  # the words, in dark ink
    diagram.set_data(data((2, 4, 1), gradient=True))
    assert "∂C/∂W > 0" in diagram.key_parts()[0][1]
