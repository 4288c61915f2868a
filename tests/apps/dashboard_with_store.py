"""The real dashboard, for browser tests that start it with their own environment
(e.g. a store of imported projects): a second server, separate from the default one."""
import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard.py"), run_name="__main__")
