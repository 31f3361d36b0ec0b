"""Views read tenant-owned objects only through access helpers and selectors.

The rule: a view module (``coopt/*/views.py``, ``coopt/*/views_*.py``, ``coopt/*/views/*.py``)
never touches a model manager (``Model.objects``, ``Model._default_manager``) and never calls
``get_object_or_404`` or ``get_list_or_404``. Reads go through the app's ``selectors.py``
(``access_<noun>(member, <noun>_id)`` for signed-in pages, ``access_<noun>(tenant, key)`` for a
tenant's public pages), where the tenant and the role are checked in one place; writes go
through services. Nor does a view write to the audit log (``coopt.audit.services``): the
service it calls records the event, in the change's transaction, and the view passes the
``Actor``.

Run from anywhere: ``python tools/check_views.py`` checks the project's view modules, or the
files given as arguments. Prints ``path:line: message`` for each finding and exits 1 if any.
"""

import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, TypeGuard

ROOT = Path(__file__).resolve().parent.parent
VIEW_PATTERNS = ("coopt/*/views.py", "coopt/*/views_*.py", "coopt/*/views/*.py")
MANAGERS = frozenset({"objects", "_default_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
AUDIT_RECORDING = "coopt.audit.services"


class Finding(NamedTuple):
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def view_modules(root: Path = ROOT) -> list[Path]:
    return sorted({path for pattern in VIEW_PATTERNS for path in root.glob(pattern)})


def _shortcut_names(tree: ast.Module) -> dict[str, str]:
    """Local names bound to the shortcuts, aliases included: {"g404": "get_object_or_404"}."""
    names = {name: name for name in SHORTCUTS}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in SHORTCUTS:
                    names[alias.asname or alias.name] = alias.name
    return names


def _shortcut_called(node: ast.Call, shortcuts: dict[str, str]) -> str:
    """The shortcut this call makes (``get_object_or_404(...)``, ``shortcuts.get_...``), or ""."""
    func = node.func
    if isinstance(func, ast.Name):
        return shortcuts.get(func.id, "")
    if isinstance(func, ast.Attribute) and func.attr in SHORTCUTS:
        return func.attr
    return ""


def _audit_recording_imported(node: ast.AST) -> TypeGuard[ast.Import | ast.ImportFrom]:
    """``from coopt.audit.services import …``, ``from coopt.audit import services``,
    ``import coopt.audit.services``."""
    if isinstance(node, ast.ImportFrom):
        if node.module == AUDIT_RECORDING:
            return True
        return node.module == "coopt.audit" and any(a.name == "services" for a in node.names)
    if isinstance(node, ast.Import):
        return any(alias.name == AUDIT_RECORDING for alias in node.names)
    return False


def check_source(source: str, path: str) -> list[Finding]:
    tree = ast.parse(source, filename=path)
    shortcuts = _shortcut_names(tree)
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            message = (
                f"model manager .{node.attr} in a view: read through a selector "
                "(access_* helper), write through a service"
            )
            findings.append(Finding(path, node.lineno, message))
        elif isinstance(node, ast.Call) and (called := _shortcut_called(node, shortcuts)):
            message = f"{called}() in a view: use the app's access_* helper"
            findings.append(Finding(path, node.lineno, message))
        elif _audit_recording_imported(node):
            message = (
                "the audit log in a view: the service the view calls records the event "
                "(pass it an Actor)"
            )
            findings.append(Finding(path, node.lineno, message))
    return sorted(findings, key=lambda finding: finding.line)


def check_files(paths: Iterable[Path], root: Path = ROOT) -> Iterator[Finding]:
    for path in paths:
        shown = path.resolve()
        name = str(shown.relative_to(root)) if shown.is_relative_to(root) else str(path)
        yield from check_source(path.read_text(encoding="utf-8"), name)


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or view_modules()
    findings = list(check_files(paths))
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
