"""The runner: imports one submission and answers the judge's calls.

Started by the judge as `python -E -s -S child.py CONFIG_JSON` with only this
directory on its path (it must not import the judge): `-S` means no `site`, so no
`.pth` file of site-packages runs — an editable install of the judge puts one there
whose finder would make `import judge` work — and the packages' directories come
from the config instead. The protocol travels on the stdin/stdout
it was started with; before the submission is imported, fds 1 and 2 are pointed at
a capture file, so nothing the submission prints (from Python or C) can reach the
protocol stream or the judge's terminal. Everything this process sends is
untrusted by the judge, which validates each frame.
"""

import difflib
import gc
import importlib.machinery
import importlib.util
import inspect
import json
import os
import resource
import signal
import sys
import traceback

import guard
import nonesting

wire = None  # imported by main() once site-packages is on the path: it needs numpy
TRACEBACK_CHARS = 4000
# Frames of a traceback looked at, from the innermost: a recursion bomb's traceback has a
# million, and extracting or formatting them all takes many seconds.
TRACEBACK_FRAMES = 200


def main() -> None:
    global wire
    config = json.loads(sys.argv[1])
    for name, (soft, hard) in config["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (soft, hard))
    _drop_privileges(config.get("run_as"))
    refused = nonesting.install()  # no nested namespaces (sandbox escapes, unbounded tmpfs)
    if refused:
        print(f"runner: {refused}", file=sys.stderr)
    if config.get("guard"):
        guard.become_guarded()
    sys.path.extend(config["sys_path"])
    _define_site_builtins()
    if config.get("probe"):
        sys.exit(_probe(config["probe"]))
    # Importing numpy, jax and flax makes about a million objects and no garbage: the
    # collector would walk them again and again (~0.1 s of CPU). It runs again, with them
    # frozen out of its way, before any submission code.
    gc.disable()
    import wire
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    _redirect_output(config["capture"])
    # Past the output cap a write fails with EFBIG instead of killing the runner.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def send(msg, fields=None, payload=b""):
        proto_out.write(wire.encode_frame(msg, fields, payload))

    import numpy as np

    import jax

    jax.config.update("jax_default_matmul_precision", "float32")
    programs = None
    if config.get("compile_cache"):
        cache = config["compile_cache"]
        _use_compile_cache(jax, cache["dir"], cache["write"])
        import programs as program_cache

        programs = program_cache.ProgramCache(cache["dir"], cache["write"], jax)
    import flax

    gc.freeze()
    gc.enable()
    send(wire.Msg.HELLO, {"python": sys.version.split()[0], "jax": jax.__version__, "flax": flax.__version__})
    function = _load(config, send)
    if function is None:
        return
    if config.get("jit"):
        import fastpath

        function = fastpath.prefer_jit(function, config["static_argnums"], jax, programs)
    while True:
        header, payload = _read_frame(proto_in)
        if header is None or header["type"] != wire.Msg.CALL.value:
            # Done: skip the interpreter's shutdown, which with jax loaded takes ~0.3 s of
            # joining threads and freeing the backend while the judge waits.
            _flush()
            os._exit(0)
        _truncate_capture()
        args = _decode_args(header["args"], payload, config["array_module"], np)
        try:
            result = function(*args)
            array = _to_array(result, np, jax)
        except BaseException as exc:  # noqa: BLE001 - every failure of user code is a verdict
            _flush()
            send(wire.Msg.CALL_ERROR, {"id": header["id"], **_describe_exception(exc, config["submission"])})
            continue
        _flush()
        if isinstance(array, str):
            send(wire.Msg.CALL_ERROR, {"id": header["id"], "error": wire.Failure.BAD_RETURN, "message": array})
            continue
        meta, data = wire.describe_array(array)
        send(wire.Msg.RESULT, {"id": header["id"], "array": meta}, data)


def _use_compile_cache(jax, directory, write) -> None:
    """Read compiled executables from the judge-prepared cache; write only when preparing it.

    A read-only runner never tries to write (the minimum compile time is out of reach),
    so a miss costs a compile and nothing else: no warning lands in the learner's output.
    """
    jax.config.update("jax_compilation_cache_dir", directory)
    # XLA's own caches would put the directory's path into the compile options, which are
    # part of every key: the judge's path and the sandbox's /xla would then never match.
    jax.config.update("jax_persistent_cache_enable_xla_caches", "none")
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0 if write else float("inf"))


def _drop_privileges(run_as) -> None:
    """Under bwrap started by root: become the judge's throwaway uid before any user code runs.

    Root is exempt from RLIMIT_NPROC, so only a non-root uid makes the process cap
    hold; and a process that escaped its mounts would still be nobody.
    """
    if run_as is None:
        return
    uid, gid = run_as
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)  # also clears the CAP_SETUID/CAP_SETGID bwrap granted for this call
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not drop privileges")


def _define_site_builtins() -> None:
    """`-S` skips `site`, which defines exit() and quit(); a submission may call them."""
    import _sitebuiltins
    import builtins

    builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
    builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")


def _probe(modules) -> int:
    """The judge's check that a sandbox can run a runner: the packages are found and readable."""
    import importlib.util

    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            print(f"cannot find {name} on {sys.path}")
            return 1
        with open(spec.origin, "rb") as handle:
            handle.read(1)
    print("ok")
    return 0


def _redirect_output(capture_path: str) -> None:
    fd = os.open(capture_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    os.close(null)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process


def _truncate_capture() -> None:
    """Start each call with an empty capture, so output is attributed to its case."""
    _flush()
    try:
        os.ftruncate(1, 0)
    except OSError:
        pass


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a submission may have replaced or closed them
            pass


def _load(config, send):
    """Import the submission and find the entry point; report why not when it fails."""
    path, name = config["submission"], config["entry_point"]
    # An explicit source loader: spec_from_file_location picks a loader by the file's suffix and
    # finds none for `.txt` or no extension, so such a file would never load (spec is None).
    loader = importlib.machinery.SourceFileLoader("submission", path)
    spec = importlib.util.spec_from_file_location("submission", path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        _flush()
        send(wire.Msg.LOAD_ERROR, {"stage": "import", **_describe_exception(exc, path)})
        return None
    _flush()
    function = getattr(module, name, None)
    if function is None:
        candidates = [n for n, v in vars(module).items() if callable(v) and not n.startswith("_")]
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        send(wire.Msg.LOAD_ERROR, {"stage": "entry_point", "error": wire.Failure.MISSING,
                                   "suggestion": close[0] if close else None,
                                   "defined": sorted(candidates)[:20]})
        return None
    if not callable(function):
        send(wire.Msg.LOAD_ERROR, {"stage": "entry_point", "error": wire.Failure.NOT_CALLABLE,
                                   "type": type(function).__name__})
        return None
    mismatch = _signature_mismatch(function, config["arg_names"])
    if mismatch:
        send(wire.Msg.LOAD_ERROR, {"stage": "signature", "error": wire.Failure.SIGNATURE, **mismatch})
        return None
    send(wire.Msg.LOADED)
    return function


def _signature_mismatch(function, arg_names):
    """Why `function` cannot be called with the kata's positional arguments, if it cannot."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None  # builtins and some wrappers hide their signature: let the call decide
    try:
        signature.bind(*arg_names)
    except TypeError as exc:
        return {"signature": str(signature), "reason": str(exc)}
    return None


def _read_frame(stream):
    prefix = _read_exact(stream, 4)
    if prefix is None:
        return None, None
    header = wire.parse_header(_read_exact(stream, wire.header_length(prefix)))
    return header, _read_exact(stream, header["payload_bytes"])


def _read_exact(stream, count):
    chunks, remaining = [], count
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _decode_args(specs, payload, array_module, np):
    args, offset = [], 0
    for spec in specs:
        if spec["kind"] == "int":
            args.append(int(spec["value"]))
            continue
        size = spec["bytes"]
        array = wire.decode_array(spec["array"], payload[offset:offset + size], size)
        offset += size
        if array_module == "jax":
            import jax.numpy as jnp

            array = jnp.asarray(array)
        args.append(array)
    return args


def _to_array(result, np, jax):
    """The returned value as a plain ndarray, or a sentence saying why it is not one."""
    if isinstance(result, jax.Array):
        result = np.asarray(jax.device_get(result))
    elif isinstance(result, np.generic):
        result = np.asarray(result)
    elif not isinstance(result, np.ndarray):
        return f"returned a {type(result).__name__}; return a jax.Array or a NumPy array"
    result = np.array(result, copy=True, subok=False)  # drops ndarray subclasses
    if result.dtype.kind not in "fiub":
        return f"returned an array of dtype {result.dtype}; return real numbers (float32)"
    return result


def _innermost(tb, count):
    """The last `count` entries of a traceback (following links is cheap; extracting frames is not)."""
    length, node = 0, tb
    while node is not None:
        length, node = length + 1, node.tb_next
    for _ in range(length - count):
        tb = tb.tb_next
    return tb


def _describe_exception(exc, submission_path):
    """Type, message, the submission's line and a trimmed traceback, as plain strings."""
    if isinstance(exc, SystemExit):
        return {"error": wire.Failure.EXIT, "exception": "SystemExit", "message": f"called sys.exit({exc.code!r})"}
    tail = _innermost(exc.__traceback__, TRACEBACK_FRAMES)
    frames = traceback.extract_tb(tail)
    own = [f for f in frames if f.filename == submission_path]
    where = own[-1] if own else None
    if isinstance(exc, SyntaxError) and exc.filename == submission_path:
        where_line = exc.lineno
    else:
        where_line = where.lineno if where else None
    text = _learner_traceback(exc, frames, submission_path)
    return {
        "error": wire.Failure.EXCEPTION,
        "exception": type(exc).__name__,
        "message": str(exc)[:1000],
        "line": where_line,
        "source": where.line if where else None,
        "traceback": text[-TRACEBACK_CHARS:],
    }


def _learner_traceback(exc, frames, submission_path):
    """The traceback a learner can act on: their own frames in full, each run of library
    frames (flax, jax, ...) folded into one line, then the exception itself."""
    lines, folded = ["Traceback (most recent call last):\n"], []

    def fold():
        if folded:
            owners = sorted({_owner(f.filename) for f in folded})
            lines.append(f"  ... {len(folded)} frame{'s' if len(folded) > 1 else ''} in {', '.join(owners)} ...\n")
            folded.clear()

    runner = os.path.dirname(os.path.abspath(__file__))
    for number, frame in enumerate(frames):
        if frame.filename == submission_path:
            fold()
            lines.extend(traceback.format_list([frame]))
        elif os.path.dirname(frame.filename) == runner and all(f.filename != submission_path for f in frames[:number]):
            continue  # how the runner called the submission: never the learner's concern
        else:
            folded.append(frame)
    fold()
    lines.extend(traceback.format_exception_only(type(exc), exc))
    # The runner's copy lives at /submission/NAME (or in a work dir): the learner knows NAME.
    return "".join(lines).replace(f'File "{submission_path}"', f'File "{os.path.basename(submission_path)}"')


def _owner(filename):
    """Who a frame belongs to: a site-packages package, the runner itself, or Python."""
    parts = filename.replace("\\", "/").split("/")
    if "site-packages" in parts and parts.index("site-packages") + 1 < len(parts):
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if os.path.dirname(filename) == os.path.dirname(os.path.abspath(__file__)):
        return "the judge's runner"
    return "Python"


if __name__ == "__main__":
    main()
