// Draw a signature with a finger, a stylus or a mouse; the form sends it as a PNG data URL.
(function () {
  "use strict";
  const canvas = document.getElementById("signature-pad");
  const form = document.getElementById("sign-form");
  if (!canvas || !form) return;
  const field = form.querySelector("input[name=signature]");
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
  document.getElementById("signature-clear").addEventListener("click", clear);
  form.addEventListener("submit", () => { if (drawn) field.value = canvas.toDataURL("image/png"); });
  clear();
  canvas.dataset.ready = "1";
})();
