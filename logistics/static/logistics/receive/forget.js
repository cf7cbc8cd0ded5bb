// The logged-out page: forget this browser's copy of the receipt and visit pages, for the next person on a
// shared phone. The logout reply's Clear-Site-Data header does the same where the browser honours
// it; this covers the browsers and contexts that do not. The user was warned of unsent scans.

import { DATABASE } from "./queue.js";

// The offline workers' URLs, separated by spaces.
const workers = document.getElementById("forget").dataset.worker.split(" ");

async function forget() {
  if (window.caches) {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("receipt-") || n.startsWith("visit-")).map((n) => caches.delete(n)));
  }
  if (navigator.serviceWorker) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    const ours = registrations.filter((r) => {
      const script = r.active || r.waiting || r.installing;
      return script && workers.includes(new URL(script.scriptURL).pathname);
    });
    await Promise.all(ours.map((r) => r.unregister()));
  }
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DATABASE);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
}

forget().finally(() => { document.documentElement.dataset.forgotten = "true"; });
