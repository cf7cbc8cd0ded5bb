"""Moving through a page with the keyboard alone, the way a person who cannot use a mouse or a touch
screen does, checking at every stop that the focus can be seen and is not hidden under anything."""

# Where the focus is, whether it is drawn (an outline or a ring), and whether the element is the one a
# person sees at its centre: not scrolled off, not under a header.
_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    html: el.outerHTML.slice(0, 120),
    drawn: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
    seen: !!hit && (hit === el || el.contains(hit) || hit.contains(el)),
  };
}"""


def focused(page):
    return page.evaluate(_FOCUS)


def tab_to(page, selector, *, limit=60):
    """Press Tab until `selector` has the focus; every element passed on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = focused(page)
        if where is None:
            continue
        assert where["drawn"], f"the focus is not visible on {where['html']}"
        assert where["seen"], f"the focused element is hidden under another one: {where['html']}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return where
    raise AssertionError(f"Tab never reached {selector}")


def log_in_with_the_keyboard(page, live_server, username, password="pass-word-123"):
    """The login form has the focus on the user name as it opens: type, Tab, type, Enter."""
    page.goto(f"{live_server.url}/login/")
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def announced(page):
    """What a screen reader says after a scan: the text of the live region around the feedback."""
    return page.evaluate("""() => {
      const live = document.getElementById("feedback").closest("[aria-live]");
      return live ? live.getAttribute("aria-live") + ": " + live.textContent.replace(/\\s+/g, " ").trim() : "";
    }""")
