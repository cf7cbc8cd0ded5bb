"""axe-core in the page: inject the vendored engine and list what it finds.

The app's Content-Security-Policy forbids inline scripts and eval, and Playwright's `add_script_tag`
writes an inline <script>, which the policy blocks. An init script goes through the DevTools protocol
instead, which the policy does not govern: the engine is there in every page of the context, and the
pages run with their real policy in force. axe-core is vendored by scripts/vendor_axe_core.sh.
"""

from pathlib import Path

AXE_DIR = Path(__file__).resolve().parent.parent / "vendor" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
AXE_VERSION = (AXE_DIR / "VERSION").read_text().strip()
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (landmarks, one h1, ...).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = {"serious", "critical"}
_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1])}));
}"""


def install(context):
    """Every page the context opens from now on carries axe-core."""
    context.add_init_script(path=str(AXE_JS))


def violations(page):
    """The serious and critical violations axe finds on the page as it stands now."""
    return [v for v in page.evaluate(_RUN, TAGS) if v["impact"] in SERIOUS and v["nodes"]]


def describe(where, found):
    """One readable paragraph per page, for the assertion message."""
    lines = [f"{where}:"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"][:3])
    return "\n".join(lines)
