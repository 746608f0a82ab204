"""Pure domain rules: register, weights, mandates, tokens, majority rules, tallies.

Nothing here imports Qt, OpenCV, zbar or SQLite; everything is a plain, testable function.
"""
