"""The import page alone, as the dashboard draws it (for AppTest)."""
from components.import_page import render_import_page

render_import_page()
