"""The practice loop end to end, through the CLI, as a new learner goes through it:
init -> a wrong block -> grade -> hint -> replay -> fix -> grade to full marks.

Slow: two full grades (a minute or so on a busy machine). The learner's file lives in a
temporary folder; grades use the default settings, exactly as the README tells a learner.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What a learner who forgot the sigmoid writes into the starter (and prints while debugging).
MODULE = '''class SEBlock(nn.Module):
    reduction: int

    @nn.compact
    def __call__(self, x):
        channels = x.shape[-1]
        squeezed = jnp.mean(x, axis=(0, 1))
        hidden = nn.relu(nn.Dense(max(channels // self.reduction, 1))(squeezed))
        gates = nn.Dense(channels)(hidden)
        print("gates:", gates)
        return x * gates


'''
BODY = '''    block = SEBlock(reduction)
    params = block.init(jax.random.PRNGKey(seed), x)
    return block.apply(params, x).reshape(-1)
'''


def judge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JUDGE_DEBUG"}
    return subprocess.run([sys.executable, "-m", "judge", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.mark.slow
def test_a_new_learner_goes_from_starter_to_full_marks(tmp_path):
    # 1. init: a starter that loads but solves nothing.
    made = judge("init", "se_block", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    mine = tmp_path / "se_block.py"
    starter = mine.read_text()
    assert "# TODO" in starter and "raise NotImplementedError" in starter

    # 2. a wrong block: everything but the sigmoid.
    wrong = starter.replace("def se_block_forward", MODULE + "def se_block_forward")
    cut = wrong.index("    # TODO 1.")
    mine.write_text(wrong[:cut] + BODY)

    # 3. grade: the diagnosis names the mistake, with a hint, the way to more hints and to replay.
    graded = judge("grade", "se_block.py", cwd=tmp_path)
    assert graded.returncode == 1, graded.stderr
    assert "Traceback" not in graded.stderr
    assert "likely mistake: missing_sigmoid" in graded.stdout
    assert "more hints: judge hint se_block.py (2 more, each more specific)" in graded.stdout
    assert "Debug a case: judge replay se_block.py worked-example" in graded.stdout

    # 4. hint: the second level, then the third, then no more.
    first = judge("hint", "se_block.py", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "missing_sigmoid" in first.stdout and "hint 2/3" in first.stdout and "hint 3/3" not in first.stdout
    assert "hint 3/3" in judge("hint", "se_block.py", cwd=tmp_path).stdout
    assert "No more hints" in judge("hint", "se_block.py", cwd=tmp_path).stdout

    # 5. replay the failing case: told it runs unsandboxed before its own print shows, then the table.
    replay = judge("replay", "se_block.py", "worked-example", cwd=tmp_path)
    assert replay.returncode == 1, replay.stderr
    out = replay.stdout
    assert out.index("WITHOUT the sandbox") < out.index("gates: [") < out.index("got - expected")  # concrete, no jit
    assert "(h, w, c)" in out and "64 of 64 values differ" in out

    # 6. fix it; the same replay now matches.
    mine.write_text(mine.read_text().replace("gates = nn.Dense(channels)(hidden)",
                                             "gates = jax.nn.sigmoid(nn.Dense(channels)(hidden))"))
    again = judge("replay", "se_block.py", "worked-example", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "✓ matches: all 64 values within" in again.stdout

    # 7. grade to full marks; no hint is needed any more.
    final = judge("grade", "se_block.py", cwd=tmp_path)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "PASSED  score 100 / 100" in final.stdout
    done = judge("hint", "se_block.py", cwd=tmp_path)
    assert done.returncode == 2 and "passed its last grade (100 / 100): no hint needed" in done.stderr
