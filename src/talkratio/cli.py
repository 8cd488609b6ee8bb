"""The command line: the Typer app and its sub-commands (talkratio.commands), the console script.

Each sub-command parses its options and calls the library; this module only puts them together,
so `talkratio --help` lists them in this order.
"""
from __future__ import annotations

import sys

import typer

from . import __version__
from .commands.analyze import analyze
from .commands.common import err_console, one_line_errors
from .commands.models import models_app
from .commands.report import report_cmd
from .commands.voices import enroll, profiles_app

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="How well did the meeting leader listen? Talk share, questions, next steps — offline.")
app.command()(analyze)
app.command("report")(report_cmd)
app.add_typer(models_app, name="models")
app.add_typer(profiles_app, name="profiles")
app.command()(enroll)


@app.command("config")
def config_cmd() -> None:
    """Print the effective settings and where each came from (the config file, or the default)."""
    with one_line_errors():
        from . import config, hub

        settings = config.effective()
        _, where, exists = config.load()
        print(f"# {where}{'' if exists else ' (not there: every setting is a default)'}")
        for key, (value, source) in settings.items():
            if key.startswith("asr.") and value is None:
                found = hub.for_language(key[4:])
                value, source = (found, "downloaded for this language") if found else ("base", "default (embedded)")
            shown = "(none)" if value is None else value
            print(f"{key} = {shown}\t# {source}")


@app.command()
def version() -> None:
    """Print the version."""
    print(__version__)


def main() -> int:
    """The console script. Click's own usage errors (a missing argument, `--num-speakers x`) get the same one
    line as ours, not its six-line box; help and everything else behave as Typer makes them."""
    try:
        return app(standalone_mode=False) or 0
    except typer.TyperException as err:  # Typer's own click: usage errors, bad values, no arguments
        if type(err).__name__ == "NoArgsIsHelpError":  # `talkratio` alone: the help, as before
            err.show()
            return err.exit_code
        where = f" (see `{err.ctx.command_path} --help`)" if getattr(err, "ctx", None) else ""
        err_console.print(f"talkratio: error: {err.format_message()}{where}", markup=False, soft_wrap=True)
        return err.exit_code
    except typer.Abort:
        err_console.print("talkratio: aborted", markup=False)
        return 1


if __name__ == "__main__":
    sys.exit(main())
