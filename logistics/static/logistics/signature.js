// Draw a signature with a finger, a stylus or a mouse; the form sends it as a PNG data URL.
// Every canvas.signature-pad on the page is one signature: its hidden field is named by
// data-field ("signature" when not given), its clear button by data-clear ("signature-clear").
(function () {
  "use strict";
  function pad(canvas) {
    const form = canvas.closest("form");
    if (!form) return;
    const field = form.querySelector(`input[name="${canvas.dataset.field || "signature"}"]`);
    const ctx = canvas.getContext("2d");
    let drawing = false, drawn = false;
    function clear() {
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
      drawn = false; field.value = "";
    }
    function point(event) {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
    }
    canvas.addEventListener("pointerdown", (event) => {
      drawing = true; canvas.setPointerCapture(event.pointerId);
      ctx.beginPath(); ctx.moveTo(...point(event));
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#0b1f5c";
      ctx.lineTo(...point(event)); ctx.stroke();
      drawn = true;
      event.preventDefault();
    });
    const stop = () => { drawing = false; if (drawn) field.value = canvas.toDataURL("image/png"); };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    const button = document.getElementById(canvas.dataset.clear || "signature-clear");
    if (button) button.addEventListener("click", clear);
    form.addEventListener("submit", () => { if (drawn) field.value = canvas.toDataURL("image/png"); });
    clear();
    canvas.dataset.ready = "1";
  }
  document.querySelectorAll("canvas.signature-pad").forEach(pad);
})();
