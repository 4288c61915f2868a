"""argparse in French: the atlas's command lines answer a mistyped command in the
language of their other messages (« arguments inconnus : --bogus »), with the usage line
and the help's headings translated too."""
from __future__ import annotations

import argparse
import re
import sys

# argparse's own messages (Python 3.11), as regular expressions -> French
MESSAGES = [
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments inconnus : \1"),
    (r"argument (.+?): invalid choice: (.*) \(choose from (.*)\)",
     r"argument \1 : choix invalide \2 (choix possibles : \3)"),
    (r"argument (.+?): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (.+?): expected at least one argument",
     r"argument \1 : au moins une valeur est attendue"),
    (r"argument (.+?): invalid (\w+) value: (.*)", r"argument \1 : valeur invalide \3"),
    (r"argument (.+?): not allowed with argument (.*)",
     r"argument \1 : incompatible avec l'argument \2"),
    (r"argument (.+?): ignored explicit argument (.*)",
     r"argument \1 : valeur non attendue \2"),
]
HEADINGS = [("usage: ", "utilisation : "), ("positional arguments:", "arguments :"),
            ("options:", "options :"), ("show this help message and exit",
                                        "affiche cette aide et quitte")]


def french(message: str) -> str:
    """argparse's English ``message`` in French (unchanged when it is not one of them)."""
    for pattern, replacement in MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class FrenchParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` (and its subcommands' parsers) that speaks French."""

    def format_usage(self) -> str:
        return _headings(super().format_usage())

    def format_help(self) -> str:
        return _headings(super().format_help())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {french(message)}\n")


def _headings(text: str) -> str:
    for english, translated in HEADINGS:
        text = text.replace(english, translated)
    return text
