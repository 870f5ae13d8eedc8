"""The landscape's axis lists name every parameter of θ on demand, as the engine names them,
and a new run of 8 hidden layers of 64 units costs the GUI thread no pass over its weights."""

import pytest
from PySide6.QtCore import Qt

from engine.network.datasets import xor
from engine.network.landscape import parameter_names
from engine.network.network import Network
from gui.tabs.network.landscape_names import ParameterNames
from gui.tabs.network.landscape_panel import LandscapePanel
from gui.tabs.network.landscape_plot import display_name


def network(sizes) -> Network:
    return Network(list(sizes), ["tanh"] * (len(sizes) - 2) + ["sigmoid"], "cross_entropy",
                   seed=0)


@pytest.mark.parametrize("sizes", [(2, 2, 1), (2, 4, 1), (3, 12, 11, 2), (12, 1), (2, 64, 1)])
def test_every_row_is_the_engines_name_of_that_parameter(qtbot, sizes):
    names = ParameterNames()
    names.set_layers(sizes)
    expected = parameter_names(network(sizes))
    assert names.rowCount() == len(expected)
    for row, name in enumerate(expected):
        index = names.index(row)
        assert index.data(Qt.ItemDataRole.UserRole) == name
        assert index.data() == display_name(name)
        assert names.row_of(name) == row


@pytest.mark.parametrize("name", ["W^3_11", "W^1_13", "W^1_51", "W^2_15", "b^1_5", "b^0_1",
                                  "W^1_2,1", "W^1_123", "W^1_00", "W^x_11", "bias", "",
                                  "b^1_1,1"])
def test_names_this_network_lacks_have_no_row(qtbot, name):
    names = ParameterNames()
    names.set_layers((2, 4, 1))
    assert names.row_of(name) == -1


class CountingNames(ParameterNames):
    """Counts the names worked out (each a call of ``name``)."""

    made = 0

    def name(self, row: int) -> str:
        CountingNames.made += 1
        return super().name(row)


def test_a_new_deep_network_names_only_the_rows_shown(qtbot, monkeypatch):
    # issue 14: 29,377 items in two combo boxes took 0.4–1.1 s on every new run
    monkeypatch.setattr("gui.tabs.network.landscape_plane.ParameterNames", CountingNames)
    panel = LandscapePanel()
    qtbot.addWidget(panel)
    deep = network((2,) + (64,) * 8 + (1,))
    CountingNames.made = 0
    panel.set_network(deep, xor())
    assert panel.first.count() == deep.n_parameters == 29_377
    assert CountingNames.made < 20  # the chosen rows, not all 29,377
    panel.first.setCurrentIndex(panel.first.findData("W^8_64,64"))
    assert panel.first.currentText() == display_name("W^8_64,64")
    assert panel.model.settings.first == "W^8_64,64"
    panel.shutdown()
