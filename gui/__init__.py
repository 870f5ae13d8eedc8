"""Gradient Lab's Qt front end: turns user input into engine calls and results into pictures."""
