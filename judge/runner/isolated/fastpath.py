"""Calling a submission under `jax.jit` when it can be traced, eagerly when it cannot.

Eagerly, JAX compiles every primitive anew for each input shape (~0.7 s per new shape
here); under jit it compiles the whole function once per shape (~0.35 s). Verdicts
must not depend on this, so any failure under jit is retried eagerly and the eager
outcome is the one reported; once an eager retry succeeds where jit failed, the
function is simply not traceable and every later call goes straight to eager.

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

    def run_jitted(args):
        if programs is None:
            return compiled(*args)
        from programs import call_signature

        signature = call_signature(args, static_argnums)
        if signature is None:
            return compiled(*args)
        if signature not in executables:
            executables[signature] = programs.executable(compiled, args, static_argnums)
        return executables[signature](*args)

    def call(*args):
        if traceable[0]:
            try:
                return jax.block_until_ready(run_jitted(args))
            except Exception:  # noqa: BLE001 - tracing errors and genuine ones alike: eager decides
                result = function(*args)  # raises the submission's own error when there is one
                traceable[0] = False
                return result
        return function(*args)

    return call
