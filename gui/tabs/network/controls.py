"""The left panel: preset, data, network and training settings, in a scroll area.

The panel renders the model's settings in use (``show``) and sends intents:
``edited(settings)`` with what the user asked for, ``layers_refused(why)``
for layer text that cannot be read.  The model decides what applies live
(the optimizer, η, μ …, the stop), what rebuilds the run, and what is refused; either way it
answers with the settings in use, which the panel shows again, so every
control shows the value the engine uses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.network.activations import ACTIVATIONS
from gui.tabs.network import settings as cfg
from gui.tabs.network.notation import sup
from gui.tabs.network.optimizer_controls import OptimizerRows
from gui.tabs.network.settings import (
    LayerError,
    NetworkSettings,
    fit_layers,
    format_layers,
    parse_layers,
)
from gui.theme import BLUE, VERMILLION
from gui.widgets.log_slider import LogSlider

PRESET_LABELS = {
    "recommended": "Recommended: 2-4-1 tanh, η 0.5, momentum 0.9",
    "notes": "As in the notes: 2-2-1 sigmoid, learning rate 1",
    "": "Custom: changed since the preset",
}
LOSS_LABELS = {"cross_entropy": "cross-entropy", "squared_error": "squared error ½(y − a)²"}
INIT_LABELS = {"xavier_he": "Xavier / He (scaled)", "standard_normal": "N(0, 1) as in the notes"}
BATCH_LABELS = {"full": "full batch", "mini": "mini-batch", "online": "online (one sample)"}


def _combo(name: str, tooltip: str, items: dict[str, str] | tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    # long item texts must not widen the panel beyond its scroll area
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    combo.setObjectName(name)
    combo.setToolTip(tooltip)
    labels = items if isinstance(items, dict) else {item: item for item in items}
    for key, label in labels.items():
        combo.addItem(label, key)
    return combo


def _spin(name: str, tooltip: str, low: float, high: float, step: float = 1,
          decimals: int | None = None) -> QSpinBox | QDoubleSpinBox:
    spin = QSpinBox() if decimals is None else QDoubleSpinBox()
    if decimals is not None:
        spin.setDecimals(decimals)
    spin.setObjectName(name)
    spin.setToolTip(tooltip)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    return spin


def _message(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {VERMILLION};")
    label.hide()
    return label


def beta_note(beta: float) -> str:
    """What a β ≤ 0 does to σ(z) = 1/(1 + e^(−βz)); empty for β > 0."""
    if beta == 0:
        return ("β = 0: σ(z) = ½ for every z and σ′(z) = 0, so the sigmoid layers pass "
                "no gradient: nothing before them learns")
    if beta < 0:
        return ("β < 0: the curve is mirrored, σ(z) = 1 − σ(|β|z): high z gives a "
                "small output; training still works, the weights take the other sign")
    return ""


class ControlsPanel(QScrollArea):
    """``edited(settings)`` on any change, ``preset_chosen(name)``, ``layers_refused(why)``."""

    edited = Signal(object)  # the NetworkSettings the user asks for
    preset_chosen = Signal(str)
    layers_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_controls")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._layers = (2, 4, 1)
        self._activation_combos: list[QComboBox] = []
        self._rows_shown: tuple = ()
        self._quiet = False
        self._csv_path = ""
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._preset_group())
        layout.addWidget(self._data_group())
        layout.addWidget(self._network_group())
        layout.addWidget(self._training_group())
        layout.addStretch(1)
        self.setWidget(body)
        self.setMinimumWidth(280)

    # ---- groups ------------------------------------------------------------
    def _preset_group(self) -> QGroupBox:
        box = QGroupBox("Preset")
        self.preset = _combo("network_preset_combo", "Load a whole set-up: the notes' network "
                             "or the recommended default", PRESET_LABELS)
        self.preset.activated.connect(self._on_preset)
        layout = QVBoxLayout(box)
        layout.addWidget(self.preset)
        return box

    def _data_group(self) -> QGroupBox:
        box = QGroupBox("Data")
        self.dataset = _combo("dataset_combo", "The training data: the four XOR points, a "
                              "generated 2-D problem or your CSV file", cfg.DATASETS)
        self.open_csv = QPushButton("Open CSV…")
        self.open_csv.setObjectName("open_csv_button")
        self.open_csv.setToolTip("Numeric feature columns, the class label in the last column")
        self.samples = _spin("samples_spin", "How many points to generate", *cfg.SAMPLES_RANGE, 20)
        self.noise = _spin("noise_spin", "Standard deviation of the noise added to the points",
                           *cfg.NOISE_RANGE, 0.05, decimals=2)
        self.test_fraction = _spin("test_fraction_spin", "Share of the points held out as test "
                                   "data (hollow diamonds)", *cfg.TEST_FRACTION_RANGE, 0.05,
                                   decimals=2)
        self.data_seed = _spin("data_seed_spin", "Seed of the generated points and of the split",
                               *cfg.SEED_RANGE)
        self.data_message = _message("data_message")
        form = QFormLayout(box)
        form.addRow(self.dataset)
        form.addRow(self.open_csv)
        form.addRow("Points", self.samples)
        form.addRow("Noise", self.noise)
        form.addRow("Test share", self.test_fraction)
        form.addRow("Data seed", self.data_seed)
        form.addRow(self.data_message)
        self.dataset.activated.connect(self._on_dataset)
        self.open_csv.clicked.connect(self._on_open_csv)
        for spin in (self.samples, self.noise, self.test_fraction, self.data_seed):
            spin.valueChanged.connect(self._emit)
        return box

    def _network_group(self) -> QGroupBox:
        box = QGroupBox("Network")
        self.layers = QLineEdit()
        self.layers.setObjectName("layers_input")
        self.layers.setToolTip("Units per layer N⁰-N¹-…-Nᴸ, e.g. 2-4-1 (up to 8 hidden layers "
                               "of 64); Enter applies")
        self.layers_message = _message("layers_message")
        self.activation_form = QFormLayout()
        self.beta = _spin("beta_spin", "β, the slope of the sigmoid 1/(1 + e^(−βz)): "
                          "β = 0 makes it flat (½), β < 0 mirrors it", *cfg.BETA_RANGE, 0.5,
                          decimals=2)
        self.beta_note = _message("beta_note")
        self.beta_note.setStyleSheet(f"color: {BLUE};")  # an explanation, not an error
        self.loss = _combo("loss_combo", "The cost C: cross-entropy (needs a sigmoid output) or "
                           "squared error", LOSS_LABELS)
        self.init = _combo("init_combo", "Starting weights: scaled to the layer sizes, or "
                           "N(0, 1) as in the notes' listing", INIT_LABELS)
        form = QFormLayout(box)
        form.addRow("Layers", self.layers)
        form.addRow(self.layers_message)
        form.addRow(self.activation_form)
        form.addRow("Sigmoid β", self.beta)
        form.addRow(self.beta_note)
        form.addRow("Cost", self.loss)
        form.addRow("Start", self.init)
        self.layers.editingFinished.connect(self._on_layers)
        self.beta.valueChanged.connect(self._emit)
        self.loss.activated.connect(self._emit)
        self.init.activated.connect(self._emit)
        return box

    def _training_group(self) -> QGroupBox:
        box = QGroupBox("Training")
        self.learning_rate = LogSlider(*cfg.LEARNING_RATE_RANGE, 0.5, "learning_rate",
                                       "η, the learning rate (log scale), the step size α "
                                       "of every optimizer: applies at once")
        self.rule = OptimizerRows(self)
        self.momentum = self.rule.momentum
        self.batch_mode = _combo("batch_combo", "Update after all samples, after each "
                                 "mini-batch, or after every single sample", BATCH_LABELS)
        self.batch_size = _spin("batch_size_spin", "Samples per mini-batch", *cfg.BATCH_RANGE)
        self.shuffle = QCheckBox("Shuffle every epoch")
        self.shuffle.setObjectName("shuffle_check")
        self.shuffle.setToolTip("Visit the samples in a new random order each epoch")
        self.seed = _spin("seed_spin", "Seed of the starting weights and the sample order",
                          *cfg.SEED_RANGE)
        self.max_epochs = _spin("max_epochs_spin", "Stop the run after this many epochs",
                                *cfg.EPOCHS_RANGE, 1000)
        form = QFormLayout(box)
        self.rule.add_combo(form)
        form.addRow("Learning rate η", self.learning_rate)
        self.rule.add_values(form)
        form.addRow("Updates", self.batch_mode)
        form.addRow("Batch size", self.batch_size)
        form.addRow(self.shuffle)
        form.addRow("Seed", self.seed)
        form.addRow("Stop after", self.max_epochs)
        self.learning_rate.value_changed.connect(self._emit)
        self.rule.edited.connect(self._emit)
        self.batch_mode.activated.connect(self._on_batch_mode)
        self.batch_size.valueChanged.connect(self._emit)
        self.shuffle.toggled.connect(self._emit)
        self.seed.valueChanged.connect(self._emit)
        self.max_epochs.valueChanged.connect(self._emit)
        return box

    # ---- activations per layer ---------------------------------------------
    def _set_activation_rows(self, activations: tuple[str, ...], output_used: str) -> None:
        self._rows_shown = (activations, output_used)
        while self.activation_form.rowCount():
            self.activation_form.removeRow(0)
        self._activation_combos = []
        last = len(activations)
        for m, name in enumerate(activations, start=1):
            combo = _combo(f"activation_{m}", f"σ{sup(m)}, the activation of layer {m}"
                           + (" (the output)" if m == last else ""), tuple(ACTIVATIONS))
            if m == last and output_used != name:
                self._show_forced_output(combo, name, output_used)
            combo.setCurrentIndex(combo.findData(name))
            # after the signal has returned: the settings it leads to rebuild these rows,
            # and deleting a combo box inside its own ``activated`` can crash Qt
            combo.activated.connect(self._emit_later)
            self._activation_combos.append(combo)
            self.activation_form.addRow(f"σ{sup(m)} (layer {m})", combo)

    @staticmethod
    def _show_forced_output(combo: QComboBox, chosen: str, used: str) -> None:
        """σ^L that the data decide (softmax for 3+ classes): shown as used, not choosable.

        The one item's data is the σ^L the settings keep for two-class data, so
        reading the panel gives back the settings in use unchanged.
        """
        combo.clear()
        combo.addItem(used, chosen)
        combo.setEnabled(False)
        combo.setToolTip(f"The output is {used}: with more than two classes and cross-entropy "
                         f"each class gets an output unit and a^L = softmax(z^L), so the "
                         f"outputs add up to 1. Choose squared error to pick σ^L yourself "
                         f"(kept for two-class data: {chosen}).")

    # ---- reading and writing -----------------------------------------------
    def settings(self) -> NetworkSettings:
        """What the panel shows (the last good layer sizes if the box cannot be read)."""
        return NetworkSettings(
            dataset=self.dataset.currentData(), csv_path=self._csv_path,
            n_samples=self.samples.value(), noise=self.noise.value(),
            test_fraction=self.test_fraction.value(), data_seed=self.data_seed.value(),
            layers=self._layers,
            activations=tuple(c.currentData() for c in self._activation_combos),
            beta=self.beta.value(), loss=self.loss.currentData(), init=self.init.currentData(),
            learning_rate=self.learning_rate.value(), **self.rule.values(),
            batch_mode=self.batch_mode.currentData(), batch_size=self.batch_size.value(),
            shuffle=self.shuffle.isChecked(), seed=self.seed.value(),
            max_epochs=self.max_epochs.value(), preset=self.preset.currentData(),
        )

    def show_settings(self, settings: NetworkSettings, output_used: str | None = None,
                      preset: str = "") -> None:
        """Show ``settings`` (the model's, in use) without emitting ``edited``.

        ``output_used`` is σ^L as the engine uses it, when the data decide it;
        ``preset`` the preset all of whose values are in use ("" for custom).
        """
        self._quiet = True
        try:
            self._csv_path = settings.csv_path
            self.dataset.setCurrentIndex(self.dataset.findData(settings.dataset))
            self.samples.setValue(settings.n_samples)
            self.noise.setValue(settings.noise)
            self.test_fraction.setValue(settings.test_fraction)
            self.data_seed.setValue(settings.data_seed)
            self._layers = settings.layers
            self.layers.setText(format_layers(settings.layers))
            rows = (settings.activations, output_used or settings.activations[-1])
            if rows != self._rows_shown:  # rebuilding combos on every η tick would flicker
                self._set_activation_rows(*rows)
            self.beta.setValue(settings.beta)
            self.loss.setCurrentIndex(self.loss.findData(settings.loss))
            self.init.setCurrentIndex(self.init.findData(settings.init))
            self.learning_rate.set_value(settings.learning_rate)
            self.rule.show_settings(settings)
            self.batch_mode.setCurrentIndex(self.batch_mode.findData(settings.batch_mode))
            self.batch_size.setValue(settings.batch_size)
            self.shuffle.setChecked(settings.shuffle)
            self.seed.setValue(settings.seed)
            self.max_epochs.setValue(settings.max_epochs)
            self.preset.setCurrentIndex(self.preset.findData(preset))
            self._sync_enabled()
        finally:
            self._quiet = False

    def show_layers_problem(self, text: str) -> None:
        self.layers_message.setText(text)
        self.layers_message.setVisible(bool(text))

    def show_data_problem(self, text: str) -> None:
        self.data_message.setText(text)
        self.data_message.setVisible(bool(text))

    # ---- reactions ---------------------------------------------------------
    def _emit_later(self, *_args: object) -> None:
        QTimer.singleShot(0, self, self._emit)

    def _emit(self, *_args: object) -> None:
        if not self._quiet:
            self._sync_enabled()
            self.edited.emit(self.settings())

    def _sync_enabled(self) -> None:
        generated = self.dataset.currentData() in cfg.GENERATED
        for spin in (self.samples, self.noise):
            spin.setEnabled(generated)
        self.test_fraction.setEnabled(self.dataset.currentData() != cfg.XOR_NAME)
        self.data_seed.setEnabled(self.dataset.currentData() != cfg.XOR_NAME)
        self.batch_size.setEnabled(self.batch_mode.currentData() == "mini")
        self.shuffle.setEnabled(self.batch_mode.currentData() != "full")
        self.beta.setEnabled(any(c.currentData() == "sigmoid" and c.isEnabled()
                                 for c in self._activation_combos))
        note = beta_note(self.beta.value()) if self.beta.isEnabled() else ""
        self.beta_note.setText(note)
        self.beta_note.setVisible(bool(note))

    def _on_preset(self, index: int) -> None:
        name = self.preset.itemData(index)
        if name:
            self.preset_chosen.emit(name)
        else:  # "Custom" names a state, it loads nothing: show what is in use again
            self.edited.emit(self.settings())

    def _on_dataset(self, _index: int) -> None:
        if self.dataset.currentData() == cfg.CSV_NAME and not self._csv_path:
            self._on_open_csv()
            return
        self._emit()

    def _on_batch_mode(self, _index: int) -> None:
        self._emit()

    def _on_open_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open CSV", "", "CSV files (*.csv);;All (*)")
        if path:
            self.use_csv(path)
        elif not self._csv_path:
            # no file: the model refuses "CSV file" without a path and shows the data in use
            self._emit()

    def use_csv(self, path: str) -> None:
        """Train on the CSV at ``path`` (the dialog's answer; also for tests)."""
        self._csv_path = path
        self._quiet = True
        self.dataset.setCurrentIndex(self.dataset.findData(cfg.CSV_NAME))
        self._quiet = False
        self._emit()

    def _on_layers(self) -> None:
        try:
            sizes = parse_layers(self.layers.text())
        except LayerError as exc:
            self.layers_refused.emit(str(exc))
            return
        if sizes != self._layers:
            self.edited.emit(fit_layers(self.settings(), sizes))
