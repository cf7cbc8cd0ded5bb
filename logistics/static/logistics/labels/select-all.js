// "All" ticks or clears every unit of the label form. A static file, not an onclick attribute:
// the Content-Security-Policy runs no inline code.
(function () {
  "use strict";
  var all = document.querySelector("[data-testid=select-all]");
  if (!all) { return; }
  all.addEventListener("change", function () {
    document.querySelectorAll("input[name=unit]").forEach(function (box) { box.checked = all.checked; });
  });
})();
