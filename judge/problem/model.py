"""The problem model: what the entry point takes and returns, and how it is graded.

Every dataclass of a loaded problem lives here, frozen: the inputs and output, the
tolerance and limits, the generated-case ranges, the diagnosis catalog and the starter's
words. `judge.problem.load` builds them from problem.yaml and cases.yaml; nothing here
reads a file or knows about any particular kata.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.problem.case import Case
from judge.problem.expr import Expr

# Dtypes an array input or output may declare: real numeric types only.
ARRAY_DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint32")
# Keys that cases.yaml uses for grading metadata, so they cannot name an input.
CASE_KEYS = frozenset({"id", "note", "weight", "visibility"})


@dataclass(frozen=True)
class IntInput:
    name: str
    minimum: Expr | None
    maximum: Expr | None
    static: bool  # fixes parameter shapes, so JAX compiles once per distinct value


@dataclass(frozen=True)
class ArrayInput:
    name: str
    dtype: str
    dims: tuple[str, ...]


Input = IntInput | ArrayInput


@dataclass(frozen=True)
class OutputSpec:
    dtype: str
    shape: tuple[Expr, ...]
    index: tuple[str, ...]  # names for the coordinates a flat output index maps back to

    def shape_for(self, dims: dict[str, int]) -> tuple[int, ...]:
        return tuple(e.evaluate(dims) for e in self.shape)

    def index_shape_for(self, dims: dict[str, int]) -> tuple[int, ...]:
        return tuple(dims[name] for name in self.index)


@dataclass(frozen=True)
class Tolerance:
    """How far a returned value may lie from the expected one: atol + rtol * |expected|.

    With `float64_margin` > 0 the judge also runs the reference in float64 on each case and
    widens rtol, for that case only, by `float64_margin` times the float32 reference's own
    largest relative error against it (never past `max_rtol`): a correct block that sums in
    another order is off by about as much as the reference itself (README.md, "Grading").
    """

    rtol: float
    atol: float
    float64_margin: float = 0.0
    max_rtol: float | None = None

    def widened(self, float32_error: float) -> "Tolerance":
        """This tolerance for a case whose float32 reference is `float32_error` (relative) off float64."""
        if not self.float64_margin:
            return self
        rtol = self.rtol + self.float64_margin * float32_error
        if self.max_rtol is not None:
            rtol = min(rtol, max(self.max_rtol, self.rtol))
        return Tolerance(rtol, self.atol, self.float64_margin, self.max_rtol)


@dataclass(frozen=True)
class Limits:
    import_seconds: float
    call_seconds: float
    grade_seconds: float
    memory_mib: int


@dataclass(frozen=True)
class IntDraw:
    minimum: Expr
    maximum: Expr


@dataclass(frozen=True)
class NumberRange:
    minimum: float
    maximum: float
    integer: bool


@dataclass(frozen=True)
class ArrayDraw:
    fill: str
    params: tuple[tuple[str, Any], ...]  # value: a constant or a NumberRange


@dataclass(frozen=True)
class Mistake:
    id: str
    message: str
    hints: tuple[str, ...]  # from gentle to specific; never the solution
    credit: float  # fraction of the maximum score a submission with only this mistake keeps

    @property
    def hint(self) -> str:
        """The first, gentlest hint: the one a report shows."""
        return self.hints[0]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: Path
    diagnosis: str


@dataclass(frozen=True)
class DiagnosisSpec:
    catalog: dict[str, Mistake]
    mutants: tuple[Mutant, ...]
    probes: Path | None
    compare_cases: tuple[str, ...]
    when_only_values_differ: str | None
    cheats: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Step:
    name: str  # a word or two, e.g. "Squeeze"
    does: str  # what the step computes, in words
    shape: str = ""  # optional, e.g. "(H, W, C) -> (C,)"


@dataclass(frozen=True)
class StarterSpec:
    summary: str
    steps: tuple[Step, ...]
    imports: tuple[str, ...] = ()
    arguments: tuple[tuple[str, str], ...] = ()  # input name -> what it is, in call order
    returns: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneratedSpec:
    examples: int
    palette: tuple[dict[str, Any], ...]  # each entry binds dims (and static ints) to a value or a list
    draws: dict[str, Any]  # input name -> range spec for what the palette does not bind


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    directory: Path
    statement: Path
    entry_point: str
    reference: Path
    array_module: str
    inputs: tuple[Input, ...]
    output: OutputSpec
    tolerance: Tolerance
    limits: Limits
    scoring: dict[str, float]
    generated: GeneratedSpec
    cases: tuple[Case, ...]
    diagnosis: DiagnosisSpec | None = None
    # Blocks that do none of the work (identity, zeros, ...): a case they pass tests nothing.
    trivial_blocks: tuple[Path, ...] = ()
    starter: StarterSpec | None = None  # the words `judge init` writes; None: shapes and TODOs only
    # Example submissions with their expected.yaml (`judge validate` probes the passing ones);
    # may be absent on disk: an installed judge ships the katas without their examples.
    examples: Path | None = None

    @property
    def arg_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def array_dims(self) -> dict[str, tuple[str, ...]]:
        return {i.name: i.dims for i in self.inputs if isinstance(i, ArrayInput)}

    @property
    def array_dtypes(self) -> dict[str, str]:
        return {i.name: i.dtype for i in self.inputs if isinstance(i, ArrayInput)}

    def input(self, name: str) -> Input:
        return next(i for i in self.inputs if i.name == name)
