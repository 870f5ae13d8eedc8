"""Every control of the Gradient descent tab shows the value the engine is using,
after each path that could leave one out of step: a live change of α/μ, a
refused formula or domain, a preset, a session opened (or refused), the basin
map's optimizer."""

import pytest


@pytest.fixture
def tab(qtbot, tab):
    """The folder's tab, once its first analysis is done."""
    qtbot.waitUntil(lambda: tab.ready, timeout=30_000)
    return tab


def shown(tab) -> dict:
    """What the controls show, in the model's terms."""
    ui = tab.ui
    opts = ui.optimizers
    return {"optimizers": opts.chosen(), "mu": opts.mu.value(), "beta1": opts.beta1.value(),
            "beta2": opts.beta2.value(), "tolerance": opts.tolerance.value(),
            "max_steps": opts.max_steps.value(), "mode": ui.mode.current(),
            "grid": ui.mode.grid.value(), "arrows": ui.mode.arrows.isChecked(),
            "basin": ui.basins.chosen(), "formula": ui.formula.text(),
            "domain": tuple(float(ui.domain.edits[n].text()) for n in ui.domain.edits),
            "view": "surface" if ui.views.currentWidget() is ui.surface else "contours",
            "angles": (ui.surface.azimuth.value(), ui.surface.elevation.value()),
            "alpha": opts.alpha.value(), "alpha_for": opts.alpha_target.currentData()}  # fmt: skip


def in_use(tab) -> dict:
    s, model = tab.model.settings, tab.model
    h = s.hyperparameters
    return {"optimizers": s.optimizers, "mu": h["mu"], "beta1": h["beta1"], "beta2": h["beta2"],
            "tolerance": pytest.approx(s.tolerance), "max_steps": s.max_steps, "mode": s.mode,
            "grid": s.grid, "arrows": s.arrows, "basin": s.basin_optimizer,
            "formula": s.formula, "domain": model.domain, "view": s.view,
            "angles": (s.azimuth, s.elevation),
            "alpha": pytest.approx(s.alphas.get(tab.ui.optimizers.alpha_target.currentData(),
                                                h["alpha"])),
            "alpha_for": tab.ui.optimizers.alpha_target.currentData()}  # fmt: skip


def alpha_shown(tab) -> tuple[float, dict]:
    opts = tab.ui.optimizers
    return opts.alpha.value(), tab.model.settings.alphas


def test_a_live_alpha_for_one_optimizer_and_mu_show_what_the_race_uses(qtbot, tab):
    opts = tab.ui.optimizers
    tab.play_pause()
    qtbot.waitUntil(lambda: tab.run_worker.state == "running", timeout=5000)
    run = tab.model.run
    opts.alpha_target.setCurrentIndex(opts.alpha_target.findData("adam"))
    opts.alpha.set_value(0.03)
    opts.mu.setValue(0.5)
    assert tab.model.run is run  # changed live
    assert opts.alpha_target.currentData() == "adam"  # the choice of whose α stays
    assert alpha_shown(tab)[0] == pytest.approx(tab.model.settings.alphas["adam"])
    assert shown(tab) == in_use(tab)
    qtbot.waitUntil(lambda: tab.model.run_snapshot is not None and any(
        t.optimizer == "adam" and t.alpha == pytest.approx(0.03, rel=1e-3)
        for t in tab.model.run_snapshot.trajectories), timeout=5000)


def test_a_refused_formula_and_domain_leave_the_ones_in_use_shown(qtbot, tab):
    formula = tab.model.settings.formula
    tab.ui.formula.set_text("x +* y")
    assert tab.ui.formula.error.isVisible()
    assert tab.model.settings.formula == formula
    assert tab.ui.formula.expression is tab.model.expression
    domain = tab.model.domain
    edits = tab.ui.domain.edits
    first, second = list(edits)[:2]
    edits[first].setText("3")
    edits[second].setText("1")
    edits[second].editingFinished.emit()
    assert tab.ui.domain.error.isVisible() and tab.model.domain == domain


def test_a_preset_shows_its_formula_domain_and_keeps_the_optimizer_settings(qtbot, tab):
    tab.ui.optimizers.mu.setValue(0.7)
    presets = tab.ui.formula.presets
    index = presets.count() - 1
    presets.activated.emit(index)
    qtbot.waitUntil(lambda: tab.ready, timeout=30_000)
    assert tab.model.settings.hyperparameters["mu"] == pytest.approx(0.7)
    assert shown(tab) == in_use(tab)


def test_a_session_shows_its_values_and_a_refused_one_changes_no_control(qtbot, tab):
    state = tab.state()
    state.update(formula="x^2 + 3*y^2", domain=[-2.0, 2.0, -1.0, 1.0], optimizers=["gd", "adam"],
                 tolerance=1e-6, max_steps=4321, mode="basins", grid=12, arrows=False,
                 alphas={"adam": 0.05})  # fmt: skip
    state["hyperparameters"]["mu"] = 0.6
    tab.set_state(state)
    assert shown(tab) == in_use(tab)
    assert shown(tab)["domain"] == (-2.0, 2.0, -1.0, 1.0) and shown(tab)["mode"] == "basins"
    opts = tab.ui.optimizers
    opts.alpha_target.setCurrentIndex(opts.alpha_target.findData("adam"))
    assert opts.alpha.value() == pytest.approx(0.05) == tab.model.settings.alphas["adam"]
    before = shown(tab)
    with pytest.raises(ValueError):
        tab.set_state({**state, "domain": [1.0, -1.0, 0.0, 1.0]})
    assert shown(tab) == before == in_use(tab)


def test_the_basin_map_combo_shows_the_optimizer_it_sweeps_with(qtbot, tab):
    ui = tab.ui
    ui.mode.grid.setValue(10)
    ui.mode.set_mode("basins")
    ui.basins.optimizer.setCurrentIndex(ui.basins.optimizer.findData("adam"))
    assert tab.model.settings.basin_optimizer == "adam"
    ui.optimizers.checks["adam"].setChecked(False)  # no longer ticked: follows the ticks
    assert shown(tab) == in_use(tab)
    assert ui.basins.chosen() == tab.model.settings.optimizers[0]
    qtbot.waitUntil(lambda: tab.model.basin_snapshot is not None, timeout=10_000)
    assert tab.model.basin_label.startswith(tab.ui.optimizers.checks[
        ui.basins.chosen()].text().split()[0])


CHANGED = {"formula": "x^2 + 3*y^2", "domain": [-2.0, 2.0, -1.0, 1.0],
           "optimizers": ["gd", "adam"], "tolerance": 1e-5, "max_steps": 4321,
           "arrows": False, "alphas": {"adam": 0.05}, "view": "surface", "azimuth": 40,
           "elevation": 70}


def _changed(tab) -> dict:
    state = tab.state()
    state.update(CHANGED)
    state["hyperparameters"] = {**state["hyperparameters"], "mu": 0.6, "alpha": 0.002}
    return state


def _shows_changed(tab) -> None:
    assert shown(tab) == in_use(tab)
    assert shown(tab)["angles"] == (40, 70) and shown(tab)["view"] == "surface"
    assert shown(tab)["mu"] == 0.6 and shown(tab)["alpha"] == pytest.approx(0.002)
    opts = tab.ui.optimizers
    opts.alpha_target.setCurrentIndex(opts.alpha_target.findData("adam"))
    assert shown(tab) == in_use(tab) and shown(tab)["alpha"] == pytest.approx(0.05)
    opts.alpha_target.setCurrentIndex(0)


def test_a_session_file_and_a_state_code_show_the_3d_angles_and_values(qtbot, window, tmp_path):
    from PySide6.QtGui import QGuiApplication

    from gui import state_code

    tab = window.tab("descent")
    qtbot.waitUntil(lambda: tab.ready, timeout=30_000)
    states = window.sessions.collect()
    states["descent"] = _changed(tab)
    path = tmp_path / "session.json"
    window.sessions.apply(states)
    _shows_changed(tab)
    assert window.sessions.save_path(str(path))
    tab.ui.surface.turned.emit(-100, 10)  # as a drag does
    tab.ui.views.setCurrentWidget(tab.ui.contour)
    assert tab.model.settings.azimuth == -100 and tab.model.settings.view == "contours"
    assert shown(tab) == in_use(tab)
    assert window.sessions.open_path(str(path))
    _shows_changed(tab)
    tab.reset()
    tab.ui.surface.turned.emit(-100, 10)
    QGuiApplication.clipboard().setText(state_code.encode({"descent": _changed(tab)}))
    window.paste_state_code()
    _shows_changed(tab)


def test_a_lesson_step_shows_its_angles_and_values(qtbot, window, tmp_path):
    import json

    from engine.lessons import FORMAT

    tab = window.tab("descent")
    qtbot.waitUntil(lambda: tab.ready, timeout=30_000)
    lesson = {"format": FORMAT, "version": 1, "title": "Descent", "steps": [
        {"title": "Bowl", "text": "Look.", "tab": "descent",
         "state": {**CHANGED, "hyperparameters": {"mu": 0.6, "alpha": 0.002}}}]}
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(lesson), encoding="utf-8")
    assert window.lessons.open_path(str(path))
    _shows_changed(tab)
    window.lessons.player.close(quietly=True)
    window.lessons.panel.hide()  # a closed window's dock would otherwise stay a window
