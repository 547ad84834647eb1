"""The engine: read a report, split it, match it to a rubric, extract and check evidence, score.

Never prints, never touches Excel, never imports the CLI.
"""
