// The offline queue: one IndexedDB record per scan, keyed by the id this device made for it, so
// the server can tell a resend from a new scan. A record:
//   { id, shipment, code, source, at, state, outcome, message, tag, status }
// and its state: "waiting" (not sent yet), "login" (held until the user logs in again), "done"
// (the server answered), "failed" (the server refused it; shown until dismissed).

export const DATABASE = "receipt-scans";
const STORE = "scans";

// A version-4 UUID. crypto.randomUUID() exists only in secure contexts, and a school server
// reached as http://192.168.x.x is not one; typed and handheld scans must still work there.
export function newScanId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const isUnsent = (record) => record.state === "waiting" || record.state === "login";

let opened = null;

function open() {
  opened = opened || new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" })
      .createIndex("shipment", "shipment");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function store(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : result);
    tx.onerror = () => reject(tx.error);
  });
}

export const save = (record) => store("readwrite", (s) => s.put(record));
export const remove = (id) => store("readwrite", (s) => s.delete(id));

// A shipment's scans, oldest first: the order they are sent in.
export async function scansOf(shipment) {
  const rows = await store("readonly", (s) => s.index("shipment").getAll(shipment));
  return rows.sort((a, b) => a.at - b.at);
}

// Scans of any shipment not yet accepted by the server; 0 without creating the database on a
// browser that never scanned.
export async function countUnsent() {
  if (indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === DATABASE)) return 0;
  const rows = await store("readonly", (s) => s.getAll());
  return rows.filter(isUnsent).length;
}
