// Before logging out. Logging out clears this phone's copy of the receipt pages, scan queue
// included (views/sign_out.py), so scans not sent yet would be lost: say how many, and let the
// user stay to send them.

import { countUnsent } from "./queue.js";

for (const form of document.querySelectorAll("form.logout")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let unsent = 0;
    try {
      unsent = await countUnsent();
    } catch (e) { /* no IndexedDB here: nothing was kept */ }
    if (unsent && !window.confirm(form.dataset.unsentWarning.replace("%(count)s", unsent))) return;
    form.submit(); // no second submit event, so no second question
  });
}
