"""Gradient Lab's engine: pure Python + NumPy + SymPy, no Qt.

Everything here can be used from a script or a notebook; the GUI only turns
user input into calls to these modules and their results into pictures.
"""
