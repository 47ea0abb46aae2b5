"""``liveblog completion bash|zsh|fish``: a shell completion script for the subcommands, their
options and the values some take, and the saved blogs' names.

The scripts are made from the argument parser itself (:func:`.parser.build_parser`, which
hands itself over as ``args.parser``: this module does not import it), so a new option is
completed without touching this. The saved names are read when completing, by
running ``liveblog list --names`` (the names, one a line), so that a blog saved later is
offered too."""

from __future__ import annotations

import argparse
from typing import NamedTuple, TextIO

from tui_liveblog.cli.common import write
from tui_liveblog.errors import EXIT_OK

NAMES = "command liveblog list --names 2>/dev/null"  # (sh: bash and zsh)
# the commands whose SOURCE may be a saved name or a file
_SOURCES = ("read", "dump", "follow")


class _Command(NamedTuple):
    name: str
    help: str
    flags: tuple[str, ...]  # every option, long form first ("--format", "-h" …)
    values: dict[str, tuple[str, ...]]  # option → its choices (empty: a free value)
    positional: tuple[str, ...]  # the first positional's choices (cache, completion)


def _commands(parser: argparse.ArgumentParser) -> list[_Command]:
    from tui_liveblog.sources import kinds

    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help or "" for a in sub._choices_actions}
    out = []
    for name, p in sub.choices.items():
        flags: list[str] = []
        values: dict[str, tuple[str, ...]] = {}
        positional: tuple[str, ...] = ()
        for action in p._actions:
            if not action.option_strings:
                if action.choices and not positional:
                    positional = tuple(str(c) for c in action.choices)
                continue
            flags.extend(sorted(action.option_strings, key=lambda f: not f.startswith("--")))
            if action.nargs != 0:
                choices = tuple(str(c) for c in action.choices or ())
                if action.dest == "source_kind":
                    choices = tuple(kinds())
                for flag in action.option_strings:
                    values[flag] = choices
        out.append(_Command(name, helps.get(name, ""), tuple(flags), values, positional))
    return out


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    if shell == "bash":
        return _bash(commands)
    if shell == "zsh":
        return _zsh(commands)
    return _fish(commands)


def cmd_completion(args: argparse.Namespace, out: TextIO) -> int:
    write(out, script(args.shell, args.parser()))
    return EXIT_OK


# -- bash and zsh share their shape: a case on the command and the word before ------------------


def _value_cases(commands: list[_Command], words: str, none: str) -> list[str]:
    """``case "$cmd $prev"`` branches: an option's choices (``words``: how a list is offered),
    or nothing for a free value (``none``)."""
    lines = []
    for c in commands:
        for flag, choices in c.values.items():
            action = words.format(" ".join(choices)) if choices else none
            lines.append(f'        ("{c.name} {flag}") {action} ;;')
    return lines


def _bash(commands: list[_Command]) -> str:
    names = " ".join(c.name for c in commands)
    values = _value_cases(
        commands, 'COMPREPLY=($(compgen -W "{}" -- "$cur")); return 0', "return 0"
    )
    flags = [f'        {c.name}) opts="{" ".join(c.flags)}" ;;' for c in commands]
    positional = [
        f'        {c.name}) COMPREPLY=($(compgen -W "{" ".join(c.positional)}" -- "$cur")) ;;'
        for c in commands
        if c.positional
    ]
    lines = [
        "# liveblog completion for bash. Load it now with",
        '#   eval "$(liveblog completion bash)"',
        "# or for good, e.g.:",
        "#   liveblog completion bash > ~/.local/share/bash-completion/completions/liveblog",
        "_liveblog() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" opts="--help --version" i',
        '    [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"',
        "    COMPREPLY=()",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f'            {"|".join(c.name for c in commands)}) cmd="${{COMP_WORDS[i]}}"; break ;;',
        "        esac",
        "    done",
        '    case "$cmd $prev" in',
        *values,
        "    esac",
        '    case "$cmd" in',
        *flags,
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
        "        return 0",
        "    fi",
        '    case "$cmd" in',
        f'        "") COMPREPLY=($(compgen -W "{names} $({NAMES})" -- "$cur"))',
        "            _liveblog_files ;;",
        f"        {'|'.join(_SOURCES)})",
        f'            COMPREPLY=($(compgen -W "$({NAMES})" -- "$cur"))',
        "            _liveblog_files ;;",
        f'        remove) COMPREPLY=($(compgen -W "$({NAMES})" -- "$cur")) ;;',
        "        add) _liveblog_files ;;",
        *positional,
        "    esac",
        "    return 0",
        "}",
        "_liveblog_files() {",
        "    local f",
        '    while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "$cur")',
        "    compopt -o filenames 2>/dev/null",
        "}",
        "complete -F _liveblog liveblog",
        "",
    ]
    return "\n".join(lines)


def _zsh(commands: list[_Command]) -> str:
    values = _value_cases(commands, "compadd -- {}; return 0", "_message 'a value'; return 0")
    flags = [f"        ({c.name}) opts=({' '.join(c.flags)}) ;;" for c in commands]
    positional = [
        f"        ({c.name}) compadd -- {' '.join(c.positional)} ;;"
        for c in commands
        if c.positional
    ]
    described = " ".join(_zsh_quote(f"{c.name}:{c.help}") for c in commands)
    lines = [
        "#compdef liveblog",
        "# liveblog completion for zsh. Load it now with",
        '#   eval "$(liveblog completion zsh)"    (after compinit)',
        "# or for good: save it as _liveblog in a folder of $fpath, e.g.:",
        "#   liveblog completion zsh > ~/.zfunc/_liveblog",
        "#   (and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath))",
        "_liveblog() {",
        '    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" cmd="" i',
        "    local -a opts names commands",
        "    opts=(--help --version)",
        "    for ((i = 2; i < CURRENT; i++)); do",
        '        case "${words[i]}" in',
        f'            ({"|".join(c.name for c in commands)}) cmd="${{words[i]}}"; break ;;',
        "        esac",
        "    done",
        '    case "$cmd $prev" in',
        *values,
        "    esac",
        '    case "$cmd" in',
        *flags,
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        "        compadd -- $opts",
        "        return 0",
        "    fi",
        f'    names=(${{(f)"$({NAMES})"}})',
        '    case "$cmd" in',
        f"        ('') commands=({described})",
        "            _describe -t commands 'command' commands",
        "            compadd -X 'saved blog' -- $names",
        "            _files ;;",
        f"        ({'|'.join(_SOURCES)}) compadd -X 'saved blog' -- $names; _files ;;",
        "        (remove) compadd -- $names ;;",
        "        (add) _files ;;",
        *positional,
        "    esac",
        "    return 0",
        "}",
        'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
        '    _liveblog "$@"',
        "else",
        "    compdef _liveblog liveblog",
        "fi",
        "",
    ]
    return "\n".join(lines)


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _fish(commands: list[_Command]) -> str:
    def q(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    names = "(liveblog list --names 2>/dev/null)"
    lines = [
        "# liveblog completion for fish. Load it now with",
        "#   liveblog completion fish | source",
        "# or for good:",
        "#   liveblog completion fish > ~/.config/fish/completions/liveblog.fish",
        "complete -c liveblog -f",
        "complete -c liveblog -n __fish_use_subcommand -l help -s h -d 'show the help'",
        "complete -c liveblog -n __fish_use_subcommand -l version -d 'show the version'",
    ]
    for c in commands:
        lines.append(
            f"complete -c liveblog -n __fish_use_subcommand -a {c.name} -d {q(_short(c.help))}"
        )
    lines.append(f"complete -c liveblog -n __fish_use_subcommand -a {q(names)} -d 'saved blog'")
    lines.append("complete -c liveblog -n __fish_use_subcommand -F")
    for c in commands:
        when = f"'__fish_seen_subcommand_from {c.name}'"
        for flag in c.flags:
            if not flag.startswith("--"):
                continue
            option = f"complete -c liveblog -n {when} -l {flag[2:]}"
            if flag in c.values:
                choices = c.values[flag]
                option += f" -x -a {q(' '.join(choices))}" if choices else " -x"
            lines.append(option)
        if c.positional:
            lines.append(f"complete -c liveblog -n {when} -a {q(' '.join(c.positional))}")
    sources = f"'__fish_seen_subcommand_from {' '.join((*_SOURCES, 'remove'))}'"
    lines.append(f"complete -c liveblog -n {sources} -a {q(names)} -d 'saved blog'")
    files = f"'__fish_seen_subcommand_from {' '.join((*_SOURCES, 'add'))}'"
    lines.append(f"complete -c liveblog -n {files} -F")
    lines.append("")
    return "\n".join(lines)


def _short(text: str) -> str:
    return text.split(" (", 1)[0].split(";", 1)[0]
