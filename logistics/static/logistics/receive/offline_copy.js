// The offline copy of a scanning page (receipt, verification visit). The page says it opens without a
// connection only once the worker's cache really holds it: on the first visit the page came from the
// network before the worker existed, so it is fetched once more through the worker, and the cache is
// asked for it before the note changes. Until then the note says the copy is being prepared.

const WAIT_MS = 100;
const TRIES = 100;    // ten seconds for the worker to install, take over the page and store it

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function controlled() {
  if (navigator.serviceWorker.controller) return;
  await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
}

// The worker stores the page under its URL and answers for it whatever the headers (see sw.js): ask alike.
async function cached() {
  return Boolean(await caches.match(location.href, { ignoreSearch: true, ignoreVary: true }));
}

function show(note, state) {
  if (!note) return;
  note.dataset.state = state;
  note.textContent = note.dataset[state] || note.textContent;
}

export async function keepOfflineCopy(workerUrl) {
  const note = document.getElementById("offline-copy");
  if (!("serviceWorker" in navigator) || !window.caches) {
    show(note, "unavailable");
    return false;
  }
  try {
    await navigator.serviceWorker.register(workerUrl, { scope: workerUrl.replace(/[^/]*$/, "") });
    await navigator.serviceWorker.ready;
    await controlled();
    if (!(await cached())) await fetch(location.href, { credentials: "same-origin" });
    for (let i = 0; i < TRIES && !(await cached()); i++) await pause(WAIT_MS);
  } catch (error) {
    /* no offline copy; scanning still works online, and scans are still kept on the phone */
  }
  const ready = await cached().catch(() => false);
  show(note, ready ? "ready" : "unavailable");
  return ready;
}
