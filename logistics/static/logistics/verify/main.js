// The verification page, offline first: every scan and answer goes into this phone's queue
// (receive/queue.js, the receipt page's, keyed by an id made here) and on to the server, once
// each, in order; without signal they wait, survive a reload and a restart, and are sent when the
// connection returns. A room's label is recognised here (the page knows the institution's rooms),
// so the room can change offline too. The server decides what a unit's label means
// (logistics/views/visits.py); the page's data comes from the view (json_script "visit-data").

import { setUpCamera } from "../receive/camera.js";
import { makeFeedback } from "../receive/feedback.js";
import { post } from "../receive/network.js";
import { keepOfflineCopy } from "../receive/offline_copy.js";
import { isUnsent, newScanId, remove, save, scansOf } from "../receive/queue.js";
import { listenForScans } from "../receive/wedge.js";
import { answerFields, roomIn, unitIn } from "./labels.js";

const data = JSON.parse(document.getElementById("visit-data").textContent);
const { text, urls } = data;
const KEY = `visit-${data.visit}`;  // this visit's records in the shared queue
const $ = (id) => document.getElementById(id);
const feedback = makeFeedback(data.titles);
const answer = $("answer-form");
const RECENT = 12;
let where = {};

// The room: from the page's address when a label's link opened it, else the last one chosen here.
let room = data.room || JSON.parse(localStorage.getItem(`${KEY}-room`) || "null");
function showRoom() {
  if (room) $("room-name").textContent = room.name;
  for (const field of document.querySelectorAll("input[name=room]")) field.value = room ? room.code : "";
}
function chooseRoom(chosen) {
  room = chosen;
  localStorage.setItem(`${KEY}-room`, JSON.stringify(room));
  showRoom();
}

if (navigator.geolocation) {
  navigator.geolocation.getCurrentPosition((p) => {
    where = { latitude: p.coords.latitude.toFixed(6), longitude: p.coords.longitude.toFixed(6) };
  }, () => {}, { maximumAge: 600000, timeout: 10000 });
}

function body(record) {
  const fields = { code: record.code, scan_id: record.id, room: record.room || "", ...record.where, ...record.fields };
  if (!record.photo) return new URLSearchParams(fields);
  const form = new FormData();
  Object.entries(fields).forEach(([k, v]) => form.append(k, v));
  form.append("photo", record.photo, "photo.jpg");
  return form;
}

async function send(record) {
  const result = await post(urls.scan, body(record), urls.login);
  if (result.kind === "retry") return result;
  if (result.kind === "login") {
    record.state = "login";
  } else if (result.kind === "ok") {
    const reply = result.reply;
    Object.assign(record, { state: "done", outcome: reply.outcome, message: reply.message, tag: reply.tag || "" });
    if (reply.outcome === "room") chooseRoom(reply.room);
  } else {
    const message = result.kind === "gone" ? text.not_found : (result.reply || {}).error || text.refused;
    Object.assign(record, { state: "failed", outcome: "failed", message });
  }
  delete record.photo;  // sent: the server keeps the photo, the phone need not
  await save(record);
  return result;
}

let flushing = false;
async function flush(liveId) {
  if (flushing) { setTimeout(() => flush(liveId), 300); return; }
  flushing = true;
  let sentLater = 0;
  try {
    for (const record of (await scansOf(KEY)).filter(isUnsent)) {
      const result = await send(record);
      if (result.kind === "retry" || result.kind === "login") {
        if (record.id === liveId) feedback.show("queued", result.kind === "login" ? text.login : text.queued);
        break;
      }
      if (record.id === liveId) feedback.show(record.outcome, record.message);
      else if (record.state === "done") sentLater += 1;
    }
  } finally {
    flushing = false;
  }
  if (sentLater) feedback.add(text.sent_later.replace("%(count)s", sentLater));
  await render();
}

async function queue(code, fields = {}, photo = null) {
  const record = { id: newScanId(), shipment: KEY, code, room: room ? room.code : "", fields, photo, where,
    at: Date.now(), state: "waiting", tag: unitIn(code, data.units) || "" };
  await save(record);
  await render();
  if (navigator.onLine) flush(record.id);
  else feedback.show("queued", text.queued);
}

async function scan(code) {
  code = (code || "").trim();
  if (!code) return;
  const known = roomIn(code, data.rooms);
  if (known) {
    chooseRoom(known);
    feedback.show("room", text.room_offline.replace("%(room)s", known.name));
    return;
  }
  const tag = unitIn(code, data.units);
  if (tag) {
    answer.elements.code.value = tag;
    $("answer").open = true;
  }
  await queue(code);
}

function recentItem(record) {
  const li = document.createElement("li");
  const outcome = record.state === "done" ? record.outcome : record.state === "failed" ? "failed" : "queued";
  li.className = `recent-${outcome}`;
  li.dataset.state = record.state;
  li.textContent = record.state === "done" ? record.message : `${data.titles[outcome] || outcome}: ${record.code}`;
  return li;
}

function failureItem(record) {
  const li = document.createElement("li");
  li.textContent = `${record.code} — ${record.message} `;
  return li;
}

async function render() {
  const rows = await scansOf(KEY);
  $("queue-count").textContent = rows.filter(isUnsent).length;
  $("failures").replaceChildren(...rows.filter((r) => r.state === "failed").map(failureItem));
  $("recent").replaceChildren(...rows.slice(-RECENT).reverse().map(recentItem));
  for (const r of rows) {
    if (r.tag && r.state !== "failed") document.querySelector(`#unscanned li[data-tag="${CSS.escape(r.tag)}"]`)?.remove();
  }
}

function showNet() {
  $("net-state").className = `net ${navigator.onLine ? "online" : "offline"}`;
  $("net-state").textContent = navigator.onLine ? text.online : text.offline;
}

answer.addEventListener("submit", (event) => {
  event.preventDefault();
  const photo = answer.elements.photo.files[0] || null;
  queue(answer.elements.code.value, answerFields(answer), photo).then(() => {
    answer.reset();
    $("answer").open = false;
  });
});
for (const form of document.querySelectorAll(".not-found-form")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    queue(form.elements.code.value, { not_found: "1" });
  });
}

listenForScans($("scan-form"), $("scan-code"), scan);
setUpCamera({ toggle: $("camera-toggle"), video: $("camera"), note: $("camera-note"), urls, text, onScan: scan });
window.addEventListener("online", () => { showNet(); flush(); });
window.addEventListener("offline", showNet);
keepOfflineCopy(urls.worker);
showRoom();
showNet();
render().then(() => { if (navigator.onLine) flush(); });
// For the browser tests and for support: send now, and how many scans are still to send.
window.verification = { scan, flush, pending: async () => (await scansOf(KEY)).filter(isUnsent).length,
  forget: (id) => remove(id) };
