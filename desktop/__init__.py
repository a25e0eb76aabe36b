"""Clinic Reference's Qt desktop app: windows, widgets, item models, printing. Thin over the core."""
