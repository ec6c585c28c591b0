"""The ``anjian`` command line: a thin, scriptable layer over core's services.

Exit codes: 0 success (any verdict), 2 bad input or a refused operation (the message says what
is wrong and what to do, and nothing was changed).

Without a command (only ``--db``, ``--lang``, ``--user``), ``anjian`` opens the terminal UI
straight away, without loading the command-line machinery: the first frame comes sooner.
"""

from __future__ import annotations

import sys

_GLOBAL = {"--db": "db", "--lang": "lang", "--user": "user"}


def _tui_only(args: list[str]) -> dict[str, str] | None:
    """The global options when ``args`` name no command, else ``None``."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        head = rest.pop(0)
        name, _, value = head.partition("=")
        if name not in _GLOBAL:
            return None
        if not value:
            if not rest:
                return None
            value = rest.pop(0)
        found[_GLOBAL[name]] = value
    return found


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``anjian`` console script."""
    args = sys.argv[1:] if argv is None else list(argv)
    found = _tui_only(args)
    if found is not None and found.get("lang", "zh") in ("zh", "en"):
        from core.i18n import AnjianError, default_lang
        from core.services.login import refuse_password_in
        from tui.launch import launch

        try:
            refuse_password_in(found.get("db"))
        except AnjianError as exc:  # before the screen is taken: a message and exit 2
            lang = found.get("lang")
            print(exc.render("en" if lang == "en" else "zh" if lang == "zh" else
                             default_lang()), file=sys.stderr)
            sys.exit(2)
        launch(db=found.get("db"), lang=found.get("lang"), user=found.get("user"))
        return
    import typer

    from core.i18n import AnjianError, t
    from tui.cli.app import build
    from tui.cli.localise import usage_error
    from tui.cli.options import Options, chosen_lang
    from tui.cli.output import echo  # control characters written out, as everywhere

    opts = Options(lang=chosen_lang(args))
    command = build(opts.lang)
    try:
        code = command.main(args=args, prog_name="anjian", standalone_mode=False, obj=opts)
    except AnjianError as exc:
        if getattr(exc, "ctx", None) is not None:
            text, code = usage_error(exc, opts.lang)
        else:
            text, code = exc.render(opts.lang), 2
        echo(text, err=True)
        sys.exit(code)
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            echo(exc.ctx.get_help())  # type: ignore[attr-defined]
            sys.exit(0)
        text, code = usage_error(exc, opts.lang)
        echo(text, err=True)
        sys.exit(code)
    except typer.Abort:
        echo(t("cli.aborted", opts.lang), err=True)
        sys.exit(1)
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
