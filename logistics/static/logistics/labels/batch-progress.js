// Polls a label batch while the worker renders it and shows the download link when it is ready.
// A static file rather than an inline script: the Content-Security-Policy runs no inline code.
(function () {
  const box = document.querySelector("[data-testid=label-batch]");
  const tick = async () => {
    let data;
    try { data = await (await fetch(box.dataset.statusUrl, {credentials: "same-origin"})).json(); }
    catch (e) { return setTimeout(tick, 3000); }  // a dropped connection: try again
    box.querySelector("[data-testid=batch-status]").textContent = data.status_label;
    box.querySelector("[data-testid=batch-count]").textContent = data.done + " / " + data.total;
    box.querySelector("[data-testid=batch-progress]").value = data.percent;
    if (data.error) {
      box.querySelector("[data-testid=batch-error]").textContent = data.error;
      box.querySelector("[data-testid=batch-error-box]").hidden = false;
    }
    if (data.download) { box.querySelector("[data-testid=download-box]").hidden = false; return; }
    if (data.status === "failed") { window.location.reload(); return; }  // the page offers to run it again
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
