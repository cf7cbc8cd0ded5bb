// Typed and handheld-scanner input. A handheld ("keyboard wedge") scanner types the label fast and
// ends with Enter; when the text field does not have the focus, those keys are collected here, so
// a scan is never lost to a tap elsewhere on the page.

const GAP_MS = 120;   // slower than this between keys is a person, not a scanner
const SHORTEST = 6;   // fewer characters is a stray key, not a label

export function listenForScans(form, input, onScan) {
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onScan(input.value, "keyboard");
      input.value = "";
      input.focus();
    });
  }
  let buffer = "";
  let last = 0;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    const now = Date.now();
    if (now - last > GAP_MS) buffer = "";
    last = now;
    if (event.key === "Enter") {
      if (buffer.length >= SHORTEST) {
        event.preventDefault();
        onScan(buffer, "wedge");
      }
      buffer = "";
    } else if (event.key.length === 1) {
      buffer += event.key;
    }
  });
}
