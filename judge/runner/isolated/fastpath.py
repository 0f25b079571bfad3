"""Calling a submission under `jax.jit` when it can be traced, eagerly when it cannot.

Eagerly, JAX compiles every primitive anew for each input shape (~0.7 s per new shape
here); under jit it compiles the whole function once per shape (~0.35 s). Verdicts
must not depend on this, so any failure under jit is retried eagerly and the eager
outcome is the one reported; once an eager retry succeeds where jit failed, the
function is simply not traceable and every later call goes straight to eager.
"""


def prefer_jit(function, static_argnums, jax):
    try:
        compiled = jax.jit(function, static_argnums=tuple(static_argnums))
    except Exception:  # noqa: BLE001 - not even wrappable: stay eager
        return function
    traceable = [True]

    def call(*args):
        if traceable[0]:
            try:
                return jax.block_until_ready(compiled(*args))
            except Exception:  # noqa: BLE001 - tracing errors and genuine ones alike: eager decides
                result = function(*args)  # raises the submission's own error when there is one
                traceable[0] = False
                return result
        return function(*args)

    return call
