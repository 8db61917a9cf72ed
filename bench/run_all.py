"""Run every benchmark script and print its figures (`make bench`)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# scale.py builds its archives once (a million events: minutes) and reuses them on later runs.
for script in ("gazetteer_speed.py", "geocode_eval.py", "geometry_speed.py", "scale.py"):
    print(f"### {script}", flush=True)
    subprocess.run([sys.executable, str(BENCH / script)], check=True)
