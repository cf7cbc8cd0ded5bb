// Polls an import's status while it runs and redraws the bar; reloads the page when the work ends.
// The state lives on the server, so leaving the page and coming back simply resumes polling.
(function () {
  "use strict";
  var panel = document.querySelector("[data-import-status]");
  if (!panel) { return; }
  var bar = panel.querySelector("progress");
  var label = panel.querySelector(".label");
  var url = panel.getAttribute("data-import-status");

  function draw(state) {
    if (state.percent === null) { bar.removeAttribute("value"); } else { bar.value = state.percent; }
    label.textContent = state.label;
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (reply) { return reply.ok ? reply.json() : null; })
      .then(function (state) {
        if (!state) { window.setTimeout(poll, 3000); return; }
        draw(state);
        if (state.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });  // a dropped connection: keep trying
  }
  window.setTimeout(poll, 500);
})();
