"""Play / pause, step, reset and speed: the controls of every live run."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

from gui.widgets.flow_layout import FlowLayout

#: (label, units per second or None for as fast as possible)
SPEEDS = (
    ("As fast as possible", None),
    ("1000 / s", 1000.0),
    ("100 / s", 100.0),
    ("30 / s", 30.0),
    ("10 / s", 10.0),
    ("3 / s", 3.0),
    ("1 / s", 1.0),
)


class TransportBar(QWidget):
    """Buttons that ask for play/pause, step and reset; the tab decides what they do.

    ``show_state`` takes the worker's state so the play button reads "Pause"
    exactly while a run is going.  With ``new_start``, Reset says it returns to
    the same start and a "New start" button asks for other starting values.
    """

    play_requested = Signal()
    step_requested = Signal()
    reset_requested = Signal()
    new_start_requested = Signal()
    speed_changed = Signal(object)  # float units per second, or None
    record_requested = Signal()

    def __init__(self, unit: str = "step", parent: QWidget | None = None,
                 new_start: bool = False) -> None:
        super().__init__(parent)
        style = self.style()
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.play_button = QPushButton(self._play_icon, "Play")
        self.play_button.setObjectName("play_button")
        self.play_button.setToolTip("Start or pause the run (Space)")
        self.step_button = QPushButton(f"Step one {unit}")
        self.step_button.setObjectName("step_button")
        self.step_button.setToolTip(f"Advance exactly one {unit} (S)")
        self.reset_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
                                        "Reset")
        self.reset_button.setObjectName("reset_button")
        self.reset_button.setToolTip("Back to the starting values (R)")
        self.record_button = QPushButton("Record…")
        self.record_button.setObjectName("record_button")
        self.record_button.setToolTip(f"Record the run as a GIF, animated PNG or MP4, "
                                      f"rendered {unit} by {unit} at a chosen size")
        self.record_button.hide()  # only tabs with a recorder show it (enable_record)
        self.new_start_button: QPushButton | None = None
        if new_start:
            self.reset_button.setText("Reset to the same start")
            self.reset_button.setToolTip("Back to the same starting values, to replay the run (R)")
            self.new_start_button = QPushButton("New start")
            self.new_start_button.setObjectName("new_start_button")
            self.new_start_button.setToolTip("Other random starting values: the next seed")
            self.new_start_button.clicked.connect(self.new_start_requested)
        self.speed = QComboBox()
        self.speed.setObjectName("speed_control")
        self.speed.setToolTip(f"How many {unit}s per second, to watch single updates")
        for label, rate in SPEEDS:
            self.speed.addItem(label.replace("/ s", f"{unit}s / s"), rate)
        # a narrow column wraps the keys onto a second row, never cuts one off
        layout = FlowLayout(self)
        for widget in (self.play_button, self.step_button, self.reset_button,
                       self.new_start_button):
            if widget is not None:
                layout.addWidget(widget)
        speed = QWidget()  # the label and its box stay together
        pair = QHBoxLayout(speed)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(QLabel("Speed:"))
        pair.addWidget(self.speed)
        layout.addWidget(speed)
        layout.addWidget(self.record_button)
        self.play_button.clicked.connect(self.play_requested)
        self.step_button.clicked.connect(self.step_requested)
        self.reset_button.clicked.connect(self.reset_requested)
        self.record_button.clicked.connect(self.record_requested)
        self.speed.currentIndexChanged.connect(self._on_speed)

    def enable_record(self) -> None:
        """Show the Record button (a tab that can record its run connects ``record_requested``)."""
        self.record_button.show()

    def speed_limit(self) -> float | None:
        return self.speed.currentData()

    def show_state(self, state: str) -> None:
        """Reflect the worker's state (``running``, ``paused``, ``idle``, ``finished``)."""
        running = state == "running"
        # Icons, not glyphs: ⏸ is missing from many fonts and shows as a box.
        self.play_button.setText("Pause" if running else "Play")
        self.play_button.setIcon(self._pause_icon if running else self._play_icon)
        self.step_button.setEnabled(state != "finished")

    def _on_speed(self, index: int) -> None:
        self.speed_changed.emit(self.speed.itemData(index))
