"""axe-core in the browser tests: the engine copied from npm at a pinned version into
static/vendor/axe-core/ (package.json, scripts/vendor_assets.sh), injected as text into a
Playwright page or frame (never fetched at test time), run on its document.

    violations = audit(page)              # the page, its iframes left out
    violations = audit(map_frame(page))   # the map's own document
    assert not violations, report(violations)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "static" / "vendor" / "axe-core" / "axe.min.js"
MAP_IFRAME = 'iframe[title="components.map_component.atlas_map"]'
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


# Streamlit's own markup that the app cannot change (docs/accessibility.md): (rule, marker
# in the element's opening tag). st.file_uploader's drop zone is a
# <section role="presentation" tabindex="-1" aria-label="…"> (react-dropzone's root with
# Streamlit's label): axe's minor presentation-role-conflict rule. Its button and input
# are labelled and reached by keyboard. Any other element, or any other rule, still fails.
STREAMLIT_MARKUP = {("presentation-role-conflict", 'data-testid="stFileUploaderDropzone"')}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    target: str         # CSS selector of the element
    help: str           # axe's one-line help text
    summary: str        # what is wrong with this element
    html: str           # the element's opening, as axe shows it

    def __str__(self) -> str:
        return (f"{self.rule} ({self.impact}) {self.target} : {self.help} — {self.summary}"
                f"\n    {self.html}")


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} missing: run scripts/vendor_assets.sh")
    return AXE_JS.read_text(encoding="utf-8")


RUN = """async ([tags]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'], iframes: false});
  return result.violations.flatMap(v => v.nodes.map(n => ({
    rule: v.id, impact: v.impact || '', target: n.target.join(' '), help: v.help,
    summary: (n.failureSummary || '').replace(/\\s+/g, ' ').trim(),
    html: (n.html || '').slice(0, 160)})));
}"""


def audit(target) -> list[Violation]:
    """axe's violations of the WCAG 2.1 A/AA and best-practice rules in ``target`` (a
    Playwright Page or Frame), one per element; the iframes inside it are not audited
    (audit their frames apart)."""
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.add_script_tag(content=axe_source())
    found = [Violation(**v) for v in target.evaluate(RUN, [TAGS])]
    return [v for v in found if not streamlit_markup(v)]


def streamlit_markup(violation: Violation) -> bool:
    """A violation of Streamlit's own markup, listed in STREAMLIT_MARKUP."""
    return any(violation.rule == rule and marker in violation.html
               for rule, marker in STREAMLIT_MARKUP)


def report(violations: list[Violation]) -> str:
    """One line per violation: rule, element, help text."""
    return "\n".join(str(v) for v in violations)


def rules(violations: list[Violation]) -> dict[str, int]:
    """Rule id -> number of elements in violation."""
    counts: dict[str, int] = {}
    for v in violations:
        counts[v.rule] = counts.get(v.rule, 0) + 1
    return counts


def map_frame(page):
    """The map's iframe as a Playwright Frame (the atlas's map component)."""
    return page.wait_for_selector(MAP_IFRAME, state="attached", timeout=60_000).content_frame()
