"""CHANGELOG.md keeps the Keep a Changelog shape, so a release is one edit:
`## [Unreleased]` on top, then `## [X.Y.Z] - YYYY-MM-DD` per release, newest
first, each with the standard kinds of change."""
from __future__ import annotations

import datetime
import pathlib
import re

from flake8_netns import __version__

CHANGELOG = (pathlib.Path(__file__).resolve().parent.parent
             / "CHANGELOG.md").read_text(encoding="utf-8")
KINDS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
RELEASE = re.compile(r"\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_changelog_shape():
    assert CHANGELOG.startswith("# Changelog\n")
    assert "keepachangelog.com" in CHANGELOG
    headings = re.findall(r"^## (.+)$", CHANGELOG, re.M)
    assert headings[0] == "[Unreleased]"
    released = []
    for heading in headings[1:]:
        match = RELEASE.fullmatch(heading)
        assert match, f"release heading {heading!r} is not '[X.Y.Z] - DATE'"
        datetime.date.fromisoformat(match.group(2))
        released.append((version_key(match.group(1)), match.group(2)))
    assert released == sorted(released, reverse=True)
    for kind in re.findall(r"^### (.+)$", CHANGELOG, re.M):
        assert kind in KINDS, kind
    if released:
        # the package's version is the newest release, or one after it
        assert version_key(__version__) >= released[0][0]
