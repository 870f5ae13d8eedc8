"""Files shipped with Gradient Lab (help pages, icon, desktop entry).

They are package data, installed with the wheel; read them through
:mod:`gui.package_info`, never through a path relative to a module file.
"""
