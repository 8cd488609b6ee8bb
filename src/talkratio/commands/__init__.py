"""The sub-commands of `talkratio`, one module each; cli.py registers them on its Typer app.

They share common.py (one-line errors, option parsing, the progress bar) and import nothing from
cli.py, so the app can import them all without a cycle.
"""
