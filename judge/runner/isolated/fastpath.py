"""Calling a submission under `jax.jit` when it can be traced, eagerly when it cannot.

Eagerly, JAX compiles every primitive anew for each input shape (~0.7 s per new shape
here); under jit it compiles the whole function once per shape (~0.35 s). Verdicts
must not depend on this, so any failure under jit is retried eagerly and the eager
outcome is the one reported. Once an eager retry succeeds where jit failed, the
function is simply not traceable and every later call goes straight to eager; once
both fail for a call signature, later calls with that signature go straight to eager
too (a failing case costs ~25 ms under jit first, and a wrong block can fail a hundred).

With a program cache (programs.py), each new call signature is traced, and a program
found there is loaded instead of being lowered and compiled.
"""


def prefer_jit(function, static_argnums, jax, programs=None):
    try:
        compiled = jax.jit(function, static_argnums=tuple(static_argnums))
    except Exception:  # noqa: BLE001 - not even wrappable: stay eager
        return function
    traceable = [True]
    executables = {}  # call signature -> callable, when a program cache is in use
    failing = set()  # call signatures that failed under jit and eagerly

    def run_jitted(args, signature):
        if programs is None or signature is None:
            return compiled(*args)
        if signature not in executables:
            executables[signature] = programs.executable(compiled, args, static_argnums)
        return executables[signature](*args)

    def call(*args):
        signature = call_signature(args, static_argnums)
        if traceable[0] and (signature is None or signature not in failing):
            try:
                return jax.block_until_ready(run_jitted(args, signature))
            except Exception:  # noqa: BLE001 - tracing errors and genuine ones alike: eager decides
                try:
                    result = function(*args)  # raises the submission's own error when there is one
                except BaseException:
                    if signature is not None:
                        failing.add(signature)
                    raise
                traceable[0] = False
                return result
        return function(*args)

    return call


def call_signature(args, static_argnums):
    """What decides which program a call runs: static values, and each array's type, shape and dtype."""
    parts = []
    for index, arg in enumerate(args):
        if index in static_argnums:
            parts.append(("static", type(arg).__name__, arg))
        else:
            parts.append((type(arg).__name__, getattr(arg, "shape", None), str(getattr(arg, "dtype", None)),
                          bool(getattr(arg, "weak_type", False))))
    try:
        hash(tuple(parts))
    except TypeError:
        return None
    return tuple(parts)
