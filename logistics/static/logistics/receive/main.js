// The receipt page: camera, handheld and typed scans go into an offline queue and on to the
// server, once each, by an id made on this device. The server decides what a scan means
// (inventory/scan_input.py, logistics/receiving.py); this page carries scans there and shows the
// answers. The page's data comes from the view (json_script "receipt-data").

import { setUpCamera } from "./camera.js";
import { makeFeedback } from "./feedback.js";
import { setUpForms } from "./forms.js";
import { get, post } from "./network.js";
import { keepOfflineCopy } from "./offline_copy.js";
import { plural } from "./plural.js";
import { isUnsent, newScanId, remove, save, scansOf } from "./queue.js";
import { makeUnitList } from "./units.js";
import { listenForScans } from "./wedge.js";

const data = JSON.parse(document.getElementById("receipt-data").textContent);
const { text, urls } = data;
const $ = (id) => document.getElementById(id);
const feedback = makeFeedback(data.titles);
const unitList = makeUnitList(data);
const RECENT = 12;             // scans listed under "Recent scans"
const REFRESH_MS = 15000;      // other phones' scans of this delivery show up this often
const RECOPY_MS = 30000;       // how often the offline copy of the page is renewed while scanning

// Send one queued scan and write its answer into its record. Returns the answer's kind
// (network.js): "retry" and "login" leave the scan queued.
async function send(record) {
  const answer = await post(urls.scan, new URLSearchParams({ code: record.code, scan_id: record.id }), urls.login);
  if (answer.kind === "retry") return answer;
  if (answer.kind === "login") {
    record.state = "login";
  } else if (answer.kind === "ok") {
    const reply = answer.reply;
    Object.assign(record, { state: "done", outcome: reply.outcome, message: reply.message, tag: reply.tag,
      status: reply.status });
    unitList.mark(reply.tag, reply.status);
  } else {
    const message = answer.kind === "gone" ? text.not_found : answer.reply.error || text.refused;
    Object.assign(record, { state: "failed", outcome: "failed", message });
  }
  await save(record);
  return answer;
}

const stoppedBy = { retry: (answer) => (answer.status ? text.error : text.queued), login: () => text.login };

let flushing = false;
let copiedAt = Date.now();
async function flush(liveId) {
  if (flushing) {
    setTimeout(() => flush(liveId), 300);
    return;
  }
  flushing = true;
  let sentLater = 0;
  try {
    for (const record of (await scansOf(data.shipment)).filter(isUnsent)) {
      const answer = await send(record);
      if (answer.kind in stoppedBy) {
        if (record.id === liveId) feedback.show("queued", stoppedBy[answer.kind](answer));
        break;
      }
      if (record.id === liveId) feedback.show(record.outcome, record.message);
      else if (record.state === "done") sentLater += 1;
    }
  } finally {
    flushing = false;
  }
  if (sentLater) feedback.add(plural(text.sent_later, sentLater).replace("%(count)s", sentLater));
  await render();
  // Renew the worker's offline copy of this page, so a reload without signal shows today's state.
  if (Date.now() - copiedAt > RECOPY_MS) {
    copiedAt = Date.now();
    fetch(location.href, { credentials: "same-origin" }).catch(() => {});
  }
}

async function scan(code, source) {
  code = (code || "").trim();
  if (!code) return;
  const record = { id: newScanId(), shipment: data.shipment, code, source, at: Date.now(), state: "waiting" };
  await save(record);
  await render();
  if (navigator.onLine) {
    flush(record.id);
    return;
  }
  const unit = unitList.guess(code);
  feedback.show("queued", unit ? text.queued_expected.replace("%(tag)s", unit.display) : text.queued);
}

function failureItem(record) {
  const li = document.createElement("li");
  li.textContent = `${record.code} — ${record.message} `;
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "button secondary";
  dismiss.textContent = text.dismiss;
  dismiss.addEventListener("click", () => remove(record.id).then(render));
  li.append(dismiss);
  return li;
}

function recentItem(record) {
  const li = document.createElement("li");
  const outcome = record.state === "done" ? record.outcome : record.state === "failed" ? "failed" : "queued";
  li.className = `recent-${outcome}`;
  li.dataset.state = record.state;
  const detail = record.state === "failed" ? record.message : record.code;
  li.textContent = record.state === "done" ? record.message : `${data.titles[outcome] || outcome}: ${detail}`;
  return li;
}

async function render() {
  const rows = await scansOf(data.shipment);
  if ($("queue-count")) $("queue-count").textContent = rows.filter(isUnsent).length;
  if ($("failures")) $("failures").replaceChildren(...rows.filter((r) => r.state === "failed").map(failureItem));
  $("recent").replaceChildren(...rows.slice(-RECENT).reverse().map(recentItem));
  for (const r of rows) {
    if (r.state === "done") unitList.markIfOutstanding(r.tag, r.status);
  }
}

async function refresh() {
  const answer = await get(urls.state, urls.login);
  if (answer.kind === "ok") answer.reply.units.forEach((u) => unitList.mark(u.tag, u.status));
}

function showNet() {
  const net = $("net-state");
  if (!net) return;
  net.className = `net ${navigator.onLine ? "online" : "offline"}`;
  net.textContent = navigator.onLine ? text.online : text.offline;
}

listenForScans($("scan-form"), $("scan-code"), scan);
setUpCamera({ toggle: $("camera-toggle"), video: $("camera"), note: $("camera-note"), urls, text, onScan: scan });
setUpForms({ urls, text, unitList, feedback });
window.addEventListener("online", () => { showNet(); flush(); refresh(); });
window.addEventListener("offline", showNet);
keepOfflineCopy(urls.worker);
showNet();
render().then(() => { if (navigator.onLine) flush(); });
setInterval(() => { if (navigator.onLine) { flush(); refresh(); } }, REFRESH_MS);
// For the browser tests and for support: send now, and how many scans are still to send.
window.receipt = { scan, flush, pending: async () => (await scansOf(data.shipment)).filter((r) => r.state !== "done").length };
