"""environment.yml (conda, Binder) must ask for what pyproject.toml asks for, in the form Binder reads."""

import re
import tomllib

import yaml

from course_utils.paths import ROOT

CONDA_NAMES = {"torch": "pytorch"}  # conda-forge's names for PyPI packages


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert env["channels"] == ["conda-forge"]
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in deps, "Binder (repo2docker) only reads python=X.Y"
    assert "pip" in deps
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
    conda = dict(re.match(r"([A-Za-z0-9_.\-]+)(.*)", d).groups() for d in deps if d not in ("pip",))
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    for req in wanted:
        name, spec = re.match(r"([A-Za-z0-9_.\-]+)(.*)", req).groups()
        name = CONDA_NAMES.get(name, name)
        assert name in conda, f"environment.yml lacks {name} (pyproject asks for {req})"
        assert conda[name] == spec, f"{name}: environment.yml has {conda[name]!r}, pyproject {spec!r}"
