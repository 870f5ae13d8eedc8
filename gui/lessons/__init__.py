"""Lessons: the panel, the player and the teacher's authoring (format in engine.lessons)."""
