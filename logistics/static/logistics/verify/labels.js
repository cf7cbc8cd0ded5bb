// What a scan means, as far as this phone can tell without the server: one of the institution's
// rooms, or one of the units the visit looks for. Anything else is the server's to decide.

// A label's code: the part after /r/ or /u/ in its link, or the text, without separators, upper case.
function codeIn(text, marker) {
  const match = new RegExp(`/${marker}/([^/?#\\s]+)`, "i").exec(text);
  if (!match && /:\/\//.test(text)) return "";
  return (match ? decodeURIComponent(match[1]) : text).replace(/[\s\-‐‑‒–—_.·]/g, "").toUpperCase();
}

export function roomIn(text, rooms) {
  const code = codeIn(text, "r");
  return rooms.find((r) => r.code === code) || null;
}

export function unitIn(text, units) {
  const code = codeIn(text, "u");
  const unit = units.find((u) => u.tag === code);
  return unit ? unit.tag : "";
}

// The answer form's fields, as sent: the empty ones left out.
export function answerFields(form) {
  const fields = {};
  for (const name of ["condition", "in_use", "reason", "note"]) {
    const value = form.elements[name].value;
    if (value) fields[name] = value;
  }
  return fields;
}
