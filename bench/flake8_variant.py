"""Run flake8 with or without the flake8-netns plugin, all else the same.

usage: python bench/flake8_variant.py with|without [flake8 arguments...]

Both variants are this interpreter's flake8 with the same installed plugins
and options; "without" only drops the plugins that the flake8-netns
distribution registers before flake8 loads them, so the plugin is neither
imported nor run. Going through one launcher for both keeps the start-up
work identical, so the difference between the two is the plugin's cost.
"""
from __future__ import annotations

import sys

PLUGIN_DISTRIBUTION = "flake8-netns"


def _drop_plugin() -> None:
    from flake8.plugins import finder

    found = finder._find_importlib_plugins  # flake8 7: every installed plugin

    def without_netns():
        return (p for p in found() if p.package != PLUGIN_DISTRIBUTION)

    finder._find_importlib_plugins = without_netns


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("with", "without"):
        sys.exit(__doc__)
    if argv[0] == "without":
        _drop_plugin()
    from flake8.main.cli import main as flake8_main
    return flake8_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
