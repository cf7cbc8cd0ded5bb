// The page's list of expected units and its counters. Each unit's status is what the server last
// said about it; "arrived" is the server's own status group (StatusGroups in inventory), never a
// list of our own, so the counters here and on every other page agree.

export function makeUnitList(data) {
  const units = new Map(data.units.map((u) => [u.tag, { ...u }]));
  const arrived = new Set(data.groups.arrived);
  const outstanding = new Set(data.groups.outstanding);
  const $ = (id) => document.getElementById(id);

  function recount() {
    const all = [...units.values()];
    $("count-expected").textContent = all.length;
    $("count-arrived").textContent = all.filter((u) => arrived.has(u.status)).length;
    $("count-damaged").textContent = all.filter((u) => u.status === "damaged").length;
  }

  function mark(tag, status) {
    const unit = units.get(tag);
    if (!unit || !status || unit.status === status) return;
    unit.status = status;
    const badge = document.querySelector(`#unit-list li[data-tag="${CSS.escape(tag)}"] [data-role=status]`);
    if (badge) {
      badge.className = `badge status-${status}`;
      badge.textContent = data.statuses[status] || status;
    }
    // A transfer's unit is refused only while on its way; a refused one is no longer reported damaged.
    const row = badge && badge.closest("li");
    if (row) row.querySelectorAll("details").forEach((details) => {
      if (details.querySelector(".refuse-form") || status === "refused") details.hidden = true;
    });
    recount();
  }

  return {
    mark,
    // An answer kept on the phone may be older than the page: it may move a unit the page still
    // thinks is on its way, never undo a later status (damaged, say).
    markIfOutstanding(tag, status) {
      const unit = units.get(tag);
      if (unit && outstanding.has(unit.status)) mark(tag, status);
    },
    // A local reading of the common cases, only to say "in this shipment" while offline; the
    // server's reading (keyboard layouts, look-alike characters) is the one that counts.
    guess(code) {
      const m = code.match(/\/u\/([^/?#\s]+)/i);
      const tag = (m ? m[1] : code).replace(/[\s-]/g, "").toUpperCase();
      return units.get(tag) || null;
    },
  };
}
