"""The dashboard with the département view's ranking chart switched off: measured side by
side with the real one, it shows what the chart costs the first map (bench/bench_dashboard.py).
Everything else is the real app (same data, same code), run from here so that Streamlit
serves static/ beside it (bench/apps/static links to the repo's)."""
import runpy
from pathlib import Path

import components.compare as compare

compare.ranking_panel = lambda *args, **kwargs: None
runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard.py"), run_name="__main__")
