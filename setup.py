"""The one build step pyproject.toml cannot declare: the built-in themes, kept in styles/ (where
the docs send readers), are copied into the package as handbook/themes/ when a wheel is built.

An editable install (`pip install -e .`, `make`) has no copy: handbook.theme.schema then reads
styles/ beside src/ (tests/test_packaging.py checks both installs).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

STYLES = Path(__file__).resolve().parent / "styles"


class BuildWithThemes(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "handbook" / "themes"
        target.mkdir(parents=True, exist_ok=True)
        for theme in sorted(STYLES.glob("*.yaml")):
            shutil.copyfile(theme, target / theme.name)


setup(cmdclass={"build_py": BuildWithThemes})
