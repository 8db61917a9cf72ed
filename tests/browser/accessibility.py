"""axe-core (vendored from the npm registry, tests only) run inside a page: its serious and critical violations."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def inject_axe(page):
    """Make axe available to every document the page loads next (an init script: the page's CSP does not apply)."""
    page.add_init_script(path=str(AXE))


def serious_violations(page, context="document"):
    """Run axe on the page as it is now; returns 'rule: what it says (selectors)' for each serious or critical one."""
    results = page.evaluate(f"() => axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        f"{violation['id']}: {violation['help']} ({', '.join(str(node['target']) for node in violation['nodes'][:5])})"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]
