"""Stemkaart and stempas layout in millimetres, rendered with QPainter to printer, PDF or image."""
