"""Compiled programs found by what the submission traced to, so a hit skips lowering.

JAX's own compilation cache is keyed on the lowered program: to look an executable up,
a runner must first lower each traced program to MLIR, about 40 ms per shape here
(0.5 s of a grade's 12 shapes), even when the executable is then simply loaded. This
cache is keyed on the traced program itself (the jaxpr with its constants, the jax
configuration and the versions), so a runner whose submission traces to the same
program as the reference or a known mistake loads the executable straight after
tracing.

A key must never match two programs that compute different things: that would run
the reference's executable for a submission that is not the reference. So the key is
built by walking the jaxpr, not from its printed form (which shows an array literal as
"[...]"), and anything the walk does not fully understand (a callable parameter, an
effect, a custom PRNG, an unknown object) makes the program uncacheable: it is lowered
and compiled as usual. Two cases are deliberately read through:

- a nested `jax.jit` with default settings is inlined, since it only names a function
  call in the lowered program: a submission that jits its own forward pass finds the
  reference's executable;
- `custom_jvp_call` / `custom_vjp_call` (e.g. `jax.nn.relu`) lower only their
  `call_jaxpr`; their derivative rules never reach a forward computation.

Trust is the compilation cache's (judge/prepare/compile_cache.py): written only by the
judge's runs of trusted implementations, read-only under bwrap, sealed by digests.
Like child.py, this module may import only the standard library, NumPy and jax; child.py imports
it once jax is loaded, so jax's internals are imported at the top, not on every key.
"""

import dataclasses
import enum
import hashlib
import os
import zlib

import jaxlib.version
import numpy as np
from jax._src import core
from jax._src.random import prng
from jax._src.sharding_impls import UnspecifiedValue
from jax.experimental import serialize_executable

PREFIX = "program-"


def cpu_features(cpuinfo="/proc/cpuinfo"):
    """The CPU's instruction set extensions: an executable compiled with AVX-512 dies with
    SIGILL on a CPU without it, so no key matches across CPUs that differ (the judge's own
    judge.base.versions.cpu_features keys the directory; this module may not import the judge)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name.strip() in ("flags", "Features"):
                    return " ".join(sorted(value.split()))
    except OSError:
        pass
    import platform

    return platform.machine() + " " + platform.processor()


class Uncacheable(Exception):
    """The program holds something the key cannot describe exactly."""


class ProgramCache:
    def __init__(self, directory, writable, jax):
        self._directory = directory
        self._writable = writable
        self._jax = jax
        # Taken before the submission is imported: a PRNG it registers is never trusted.
        self._prngs = dict(prng.prngs)
        self._environment = repr((jax.__version__, jaxlib.version.__version__, os.environ.get("XLA_FLAGS", ""),
                                  jax.devices()[0].client.platform_version, cpu_features()))

    def executable(self, jitted, args, static_argnums):
        """A callable taking the call's whole argument list, running the compiled program."""
        traced = jitted.trace(*args)
        key = self.key(traced)
        path = os.path.join(self._directory, PREFIX + key) if key else None
        compiled = None
        if path and os.path.isfile(path):
            try:
                with open(path, "rb") as handle:
                    payload = zlib.decompress(handle.read())
                # The trees are the submission's own; the program fixes only the flat arrays.
                compiled = serialize_executable.deserialize_and_load(payload, traced.in_tree, traced.out_tree)
            except Exception:  # noqa: BLE001 - an unreadable entry is only a miss
                compiled = None
        if compiled is None:
            compiled = traced.lower().compile()
            if path and self._writable:
                # Compressed: a fifth of the size, so the judge's check of the sealed cache stays quick.
                _write_atomically(path, zlib.compress(serialize_executable.serialize(compiled)[0]))
        static = set(static_argnums)
        return lambda *call_args: compiled(*[a for i, a in enumerate(call_args) if i not in static])

    def key(self, traced):
        """The program's cache key, or None when it cannot be described exactly."""
        try:
            text = _Canonical(self._prngs).closed_jaxpr(traced.jaxpr)
        except Uncacheable:
            return None
        # Everything that can change how a jaxpr lowers, minus where caches live.
        config = sorted((name, repr(value)) for name, value in self._jax.config.values.items()
                        if "cache" not in name)
        digest = hashlib.sha256()
        for part in (self._environment, repr(config), repr(traced.in_avals), text):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()


class _Canonical:
    """A jaxpr as text that names every variable by position and spells out every value."""

    def __init__(self, prngs):
        self._prngs = prngs
        self._lines = []
        self._count = 0

    def closed_jaxpr(self, closed):
        jaxpr = closed.jaxpr if isinstance(closed, core.ClosedJaxpr) else closed
        consts = closed.consts if isinstance(closed, core.ClosedJaxpr) else ()
        names = {}
        for var, value in zip(jaxpr.constvars, consts):
            names[var] = "const" + self._array(value)
        self._lines.append("in " + " ".join(self._bind(v, names) for v in jaxpr.invars))
        self._body(jaxpr, names)
        self._lines.append("out " + " ".join(self._atom(v, names) for v in jaxpr.outvars))
        return "\n".join(self._lines)

    def _body(self, jaxpr, names):
        if jaxpr.effects:
            raise Uncacheable("effects")
        for eqn in jaxpr.eqns:
            if eqn.effects:
                raise Uncacheable("effects")
            name = eqn.primitive.name
            if name == "jit" and self._plain_jit(eqn.params):
                self._inline(eqn, names)
                continue
            args = " ".join(self._atom(v, names) for v in eqn.invars)
            if name in ("custom_jvp_call", "custom_vjp_call"):
                params = f"num_consts={eqn.params.get('num_consts')!r} call={self._nested(eqn.params['call_jaxpr'])}"
            else:
                params = " ".join(f"{key}={self._value(value)}" for key, value in sorted(eqn.params.items()))
            outs = " ".join(self._bind(v, names) for v in eqn.outvars)
            self._lines.append(f"{outs} = {name}[{params}] {args}")

    def _inline(self, eqn, names):
        closed = eqn.params["jaxpr"]
        inner = {}
        for var, value in zip(closed.jaxpr.constvars, closed.consts):
            inner[var] = "const" + self._array(value)
        for var, outer in zip(closed.jaxpr.invars, eqn.invars):
            inner[var] = self._atom(outer, names)
        self._body(closed.jaxpr, inner)
        for var, result in zip(eqn.outvars, closed.jaxpr.outvars):
            names[var] = self._atom(result, inner)

    @staticmethod
    def _plain_jit(params):
        """A nested jit that only calls a function: no shardings, layouts, donation or options."""
        mesh = params.get("ctx_mesh")
        return (not any(params.get("donated_invars", ()))
                and all(isinstance(s, UnspecifiedValue) for s in (*params.get("in_shardings", ()),
                                                                  *params.get("out_shardings", ())))
                and all(layout is None for layout in (*params.get("in_layouts", ()), *params.get("out_layouts", ())))
                and not params.get("compiler_options_kvs")
                and (mesh is None or getattr(mesh, "empty", False) or not getattr(mesh, "axis_names", ())))

    def _nested(self, closed):
        return "{" + _Canonical(self._prngs).closed_jaxpr(closed).replace("\n", "; ") + "}"

    def _bind(self, var, names):
        """A new variable: numbered in order of appearance, its type spelled out where it is bound."""
        if isinstance(var, core.DropVar):
            return "_:" + _aval(var.aval)
        self._count += 1
        names[var] = f"v{self._count}"
        return f"v{self._count}:{_aval(var.aval)}"

    def _atom(self, atom, names):
        if isinstance(atom, core.Literal):
            return f"lit({type(atom.val).__name__}{self._array(atom.val)}:{_aval(atom.aval)})"
        if atom not in names:
            raise Uncacheable("an unbound variable")
        return names[atom]

    def _array(self, value):
        try:
            array = np.asarray(value)
        except Exception as exc:  # noqa: BLE001 - e.g. typed PRNG keys
            raise Uncacheable("an array without plain data") from exc
        if array.dtype == object:
            raise Uncacheable("an object array")
        return f"<{array.dtype.str}{array.shape}{hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()}>"

    def _value(self, value):
        if value is None or isinstance(value, (bool, int, float, str, complex)):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, enum.Enum):
            return f"{type(value).__name__}.{value.name}"
        if isinstance(value, np.dtype):
            return f"dtype:{value.str}:{value.name}"
        if isinstance(value, (core.ClosedJaxpr, core.Jaxpr)):
            return self._nested(value)
        if isinstance(value, prng.PRNGImpl):
            if self._prngs.get(value.name) is not value:
                raise Uncacheable("a PRNG implementation of its own")
            return f"prng:{value.name}"
        if isinstance(value, UnspecifiedValue):
            return "unspecified"
        if isinstance(value, np.ndarray) or type(value).__name__ in ("ArrayImpl", "TypedNdArray"):
            return "array" + self._array(value)
        if isinstance(value, (np.generic,)):
            return f"{type(value).__name__}{self._array(value)}"
        if isinstance(value, (tuple, list)):
            return f"{type(value).__name__}(" + ",".join(self._value(item) for item in value) + ")"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = ",".join(f"{f.name}={self._value(getattr(value, f.name))}" for f in dataclasses.fields(value))
            return f"{type(value).__name__}({fields})"
        raise Uncacheable(f"a parameter of type {type(value).__name__}")


def _aval(aval):
    text = repr(aval)
    if " at 0x" in text:
        raise Uncacheable("an abstract value without a stable description")
    return f"{text}|{getattr(aval, 'weak_type', None)}|{getattr(aval, 'sharding', None)!r}|" \
           f"{getattr(aval, 'vma', None)!r}|{getattr(aval, 'memory_space', None)!r}"


def _write_atomically(path, data):
    """Written by trusted preparation runs only, several at once: never a half-written entry.
    (judge.base.cache.write_atomically does this for the judge; a runner cannot import the judge.)"""
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
