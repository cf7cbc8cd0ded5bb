// Offline worker for the receipt pages (and, served from /visits/, the verification visits' pages).
// Network first, so a page is never stale while online; the last good copy of each page and its
// assets answers when the connection is gone. Scans are not queued here: the page keeps them in
// IndexedDB and sends them itself.
const PREFIX = "{{ cache_prefix }}";
const CACHE = `${PREFIX}{{ version }}`;
const ASSETS = [{% for a in assets %}"{{ a|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const PAGE = /{{ page_pattern }}/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.type === "basic") {
      // Stored before the page gets its answer: a page that asks the cache next finds itself there.
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    // Django's pages vary by cookie and language; offline, the last copy is better than none.
    const cached = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PAGE.test(url.pathname) || ASSETS.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});
