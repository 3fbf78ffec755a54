"""Where the plugin's time goes, from a cProfile dump: time per module
(our modules, astroid's, the stdlib's) and the hottest functions."""
from __future__ import annotations

import collections
import pathlib
import pstats


def _owner(filename: str) -> str:
    path = pathlib.PurePath(filename)
    parts = path.parts
    for package in ("flake8_netns", "astroid", "flake8"):
        if package in parts:
            start = parts.index(package)
            return "/".join(parts[start:])
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return f"stdlib/{path.name}"


def summarise(dump: pathlib.Path, top: int = 20) -> str:
    stats = pstats.Stats(str(dump))
    total = stats.total_tt or 1e-9
    by_module: dict[str, float] = collections.Counter()
    functions = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _) in \
            stats.stats.items():
        owner = _owner(filename)
        by_module[owner] += tottime
        functions.append((tottime, cumtime, calls, f"{owner}:{line}:{name}"))
    lines = [f"profiled plugin time: {total:.2f} s (cProfile adds overhead;"
             " read the shares, not the seconds)",
             "", "own time by module:"]
    for owner, seconds in sorted(by_module.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {100 * seconds / total:5.1f}%  {seconds:7.2f} s  {owner}")
    lines += ["", "hottest functions (own time, cumulative, calls):"]
    for tottime, cumtime, calls, where in sorted(functions, reverse=True)[:top]:
        lines.append(f"  {tottime:7.2f} s {cumtime:7.2f} s {calls:9d}  {where}")
    ours = sorted((f for f in functions if f[3].startswith("flake8_netns")),
                  key=lambda f: -f[1])[:top]
    lines += ["", "flake8_netns functions by cumulative time:"]
    for tottime, cumtime, calls, where in ours:
        lines.append(f"  {cumtime:7.2f} s {calls:9d}  {where}")
    return "\n".join(lines)
