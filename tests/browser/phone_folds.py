"""On a phone the filters and the timeline are folded (phone_folds.js): tests that use them unfold them."""


def unfold(page, section: str) -> None:
    """Open the fold of ``section`` ("filters" or "timeline") when it is folded; on a wide screen there is none."""
    button = page.locator(f'.phone-fold[aria-controls="{section}"]')
    if button.is_visible() and button.get_attribute("aria-expanded") == "false":
        button.click()
