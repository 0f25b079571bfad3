"""Ships the katas inside the package: problems/ and reference/ become judge/katas/.

The repository keeps problems/, reference/ and submissions/ at the top level (a project
rule), which a wheel would leave behind: a regular install would then find no kata from
any folder. So the build copies the two folders, side by side as in the repository, into
the built package; problem.yaml's relative paths (../../reference/...) resolve there as
they do in a clone. They sit inside judge/, which the bwrap sandbox covers with an empty
tmpfs when the judge is installed in site-packages, so no runner sees the references;
setuptools' data-files would put them under sys.prefix, which the runner sees.
An editable install reads the repository's own folders and copies nothing.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

KATA_FOLDERS = ("problems", "reference")  # kept side by side: problem.yaml points from one to the other
PACKAGED_AS = Path("judge") / "katas"  # judge/problem/find.py looks here in an installed judge


class BuildWithKatas(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here = Path(__file__).resolve().parent
        for folder in KATA_FOLDERS:
            target = Path(self.build_lib) / PACKAGED_AS / folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(here / folder, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis"))


setup(cmdclass={"build_py": BuildWithKatas})
