"""The rubrics lvzhi knows: the shipped ones (``scheme/*.yaml``) and those in extra folders.

Extra folders come from ``--scheme-dir DIR`` (the ``scheme_dirs`` argument) and from the environment variable
``LVZHI_SCHEME_DIR`` (folders separated by ``os.pathsep``). Every rubric declares its scheme's 文号 with the
damaged forms reports carry (``doc_no_variants``), its year and its period; ``scorer.choose`` picks the rubric a
report is scored against from them. A rubric's identity is (id, version, sha256 of its file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from scheme.loader import load_rubric
from scheme.model import Rubric
from scheme.problems import Problem, RubricError

SCHEME_DIR_ENV = "LVZHI_SCHEME_DIR"
# How a rubric was chosen, as shown to inspectors (``SchemeChoice.method``).
METHOD_ZH = {"cited": "按引用文号", "period": "按年度（待核实）", "newest": "最新细则（待核实）", "given": "指定"}
# Brackets and spaces reports lose or swap in copy-paste; a 文号 is compared with all of them dropped.
DROPPED_CHARS = "〔〕[]()（）﹝﹞【】 \u3000\u2002\u2003"
_DROPPED = str.maketrans("", "", DROPPED_CHARS)


def doc_no_key(text: str) -> str:
    """A 文号 with brackets and spaces dropped (``渝教函〔2023〕464号`` -> ``渝教函2023464号``)."""
    return text.translate(_DROPPED)


def shipped_rubric_paths() -> list[Path]:
    """The rubrics shipped in the ``scheme`` package, by file name."""
    folder = resources.files("scheme")
    return sorted(Path(str(folder.joinpath(entry.name))) for entry in folder.iterdir()
                  if entry.name.endswith(".yaml") and entry.is_file())


def scheme_dirs_from_env() -> list[Path]:
    """Folders named by ``LVZHI_SCHEME_DIR`` (empty entries ignored)."""
    value = os.environ.get(SCHEME_DIR_ENV, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


@dataclass(frozen=True)
class SchemeChoice:
    """Which rubric a report was scored against, and why.

    Attributes:
        id: The rubric's scheme id (``cq-2023``).
        version: The rubric's version.
        sha256: Hash of the rubric file's bytes.
        file: The rubric file.
        doc_no: The scheme's 文号 as the rubric writes it.
        method: ``cited`` (the report cites its 文号), ``period`` (the year or period the report covers),
            ``newest`` (nothing to go by: the newest rubric), ``given`` (``--scheme ID|FILE``).
        reason: Why, in Chinese and English.
        warning: True when the choice is a guess the inspector should confirm (period or newest).
    """

    id: str
    version: str
    sha256: str
    file: str
    doc_no: str
    method: str
    reason: str
    warning: bool

    @property
    def label(self) -> str:
        """Short label for progress lines and tables: ``cq-2023 按引用文号``."""
        return f"{self.id} {METHOD_ZH.get(self.method, self.method)}"

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict in a fixed key order."""
        return {"id": self.id, "version": self.version, "sha256": self.sha256, "file": self.file,
                "doc_no": self.doc_no, "method": self.method, "reason": self.reason, "warning": self.warning}

    @classmethod
    def given(cls, rubric: Rubric, reason: str = "") -> SchemeChoice:
        """The choice of a rubric named on the command line or passed in by a caller."""
        return cls(rubric.scheme.id, rubric.scheme.version, rubric.sha256, rubric.path, rubric.scheme.doc_no,
                   "given", reason or f"指定细则 given: {rubric.path}", False)


class Registry:
    """The shipped rubrics plus those in extra folders, loaded (and validated) on first use.

    Args:
        scheme_dirs: Extra folders of ``*.yaml`` rubrics, searched after the shipped ones.
        use_env: Also read the folders named by ``LVZHI_SCHEME_DIR``.
    """

    def __init__(self, scheme_dirs: list[str | Path] | tuple[str | Path, ...] = (), *, use_env: bool = True) -> None:
        """Note the folders; nothing is read yet."""
        self.scheme_dirs = [Path(d) for d in scheme_dirs] + (scheme_dirs_from_env() if use_env else [])

    @cached_property
    def paths(self) -> list[Path]:
        """Every rubric file: shipped first, then each extra folder's ``*.yaml`` by name."""
        out = shipped_rubric_paths()
        problems = []
        for folder in self.scheme_dirs:
            if not folder.is_dir():
                problems.append(Problem(str(folder), 1, 1, "细则目录不存在或不是目录",
                                        "the scheme folder does not exist or is not a folder",
                                        f"an existing folder of rubric .yaml files (--scheme-dir, {SCHEME_DIR_ENV})"))
                continue
            out.extend(sorted(p for p in folder.glob("*.yaml") if "__" not in p.name))  # A__B.yaml: a crosswalk
        if problems:
            raise RubricError(problems)
        return out

    @cached_property
    def rubrics(self) -> tuple[Rubric, ...]:
        """Every rubric, validated; all problems of all files at once; one id given by two files is an error."""
        loaded: list[Rubric] = []
        problems: list[Problem] = []
        seen: dict[str, str] = {}
        for path in self.paths:
            try:
                rubric = load_rubric(path)
            except RubricError as error:
                problems.extend(error.problems)
                continue
            other = seen.get(rubric.scheme.id)
            if other is not None:
                problems.append(Problem(str(path), 1, 1, f"细则编号 {rubric.scheme.id} 已由 {other} 使用",
                                        f"scheme id {rubric.scheme.id} is already used by {other}",
                                        "a unique scheme id (change scheme: id: in one of the files)"))
                continue
            seen[rubric.scheme.id] = str(path)
            loaded.append(rubric)
        if problems:
            raise RubricError(problems)
        return tuple(loaded)

    def get(self, scheme_id: str) -> Rubric | None:
        """The rubric with this scheme id, or ``None``."""
        return next((r for r in self.rubrics if r.scheme.id == scheme_id), None)

    def newest(self) -> Rubric:
        """The rubric of the latest year (the last file on ties; a rubric without a year counts as oldest)."""
        ranked = sorted(enumerate(self.rubrics), key=lambda pair: (pair[1].scheme.year or 0, pair[0]))
        return ranked[-1][1]

    def doc_no_forms(self) -> list[tuple[str, Rubric]]:
        """(key, rubric) for every 文号 form of every rubric, longest key first (``doc_no_key`` applied)."""
        forms = {}
        for rubric in self.rubrics:
            for text in (rubric.scheme.doc_no, *rubric.scheme.doc_no_variants):
                forms.setdefault(doc_no_key(text), rubric)
        return sorted(forms.items(), key=lambda pair: -len(pair[0]))

    def resolve(self, spec: str) -> Rubric:
        """The rubric a ``--scheme ID|FILE`` names: a scheme id of the registry, else a rubric file.

        Raises:
            RubricError: When it is neither (the problem lists the known ids), or the file is not valid.
        """
        rubric = self.get(spec)
        if rubric is not None:
            return rubric
        if Path(spec).is_file():
            return load_rubric(spec)
        known = ", ".join(r.scheme.id for r in self.rubrics)
        raise RubricError([Problem(spec, 1, 1, f"没有编号为 {spec} 的细则，也没有这个文件",
                                   f"no rubric with id {spec} and no such file",
                                   f"auto, a rubric file, or one of: {known}")])


_DEFAULT: dict[str, Registry] = {}


def default_registry() -> Registry:
    """The registry of the shipped rubrics and ``LVZHI_SCHEME_DIR`` (one per value of the variable)."""
    key = os.environ.get(SCHEME_DIR_ENV, "")
    if key not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[key] = Registry()
    return _DEFAULT[key]
