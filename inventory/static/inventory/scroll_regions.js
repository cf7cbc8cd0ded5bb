// A table wider than the screen scrolls sideways inside its .table-wrap box. Such a box then takes
// keyboard focus (the arrow keys scroll it: WCAG 2.1.1), carries a name for screen readers, and a
// visible line above it says there is more to the right. Boxes that fit are left alone.
const hint = document.body.dataset.scrollHint || "⇆";

function mark(box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle("scrolls", scrolls);
  let cue = box.previousElementSibling;
  if (!cue || !cue.classList.contains("scroll-hint")) cue = null;
  if (scrolls) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    const caption = box.querySelector("caption");
    box.setAttribute("aria-label", (caption ? caption.textContent.trim() + " · " : "") + hint);
    if (!cue) {
      cue = document.createElement("p");
      cue.className = "scroll-hint";
      cue.setAttribute("aria-hidden", "true");
      cue.textContent = "⇆ " + hint;
      box.before(cue);
    }
  } else {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
    if (cue) cue.remove();
  }
}

function markAll() { document.querySelectorAll(".table-wrap").forEach(mark); }
markAll();
window.addEventListener("resize", markAll);
