// The verification page: a room's label chooses the room, a unit's label records it found (in
// place, or elsewhere when it belongs to another room or institution); the answer form then
// holds that unit, for its condition, use and photo. Each scan is sent once, with an id made on
// this device, and the location when the phone gives it. The server decides what a label means
// (logistics/views/visits.py); the page's data comes from the view (json_script "visit-data").

import { makeFeedback } from "../receive/feedback.js";
import { post } from "../receive/network.js";
import { newScanId } from "../receive/queue.js";
import { listenForScans } from "../receive/wedge.js";

const data = JSON.parse(document.getElementById("visit-data").textContent);
const { text, urls } = data;
const $ = (id) => document.getElementById(id);
const feedback = makeFeedback(data.titles);
const answer = $("answer-form");
let where = null;

if (navigator.geolocation) {
  navigator.geolocation.getCurrentPosition((p) => {
    where = { latitude: p.coords.latitude.toFixed(6), longitude: p.coords.longitude.toFixed(6) };
    answer.elements.latitude.value = where.latitude;
    answer.elements.longitude.value = where.longitude;
  }, () => {}, { maximumAge: 600000, timeout: 10000 });
}

function remember(outcome, message) {
  const li = document.createElement("li");
  li.className = `recent-${outcome}`;
  li.dataset.outcome = outcome;
  li.textContent = message;
  $("recent").prepend(li);
}

function found(reply) {
  const row = document.querySelector(`#unscanned li[data-tag="${CSS.escape(reply.tag)}"]`);
  if (row) row.remove();
  answer.elements.code.value = reply.tag;
  answer.elements.scan_id.value = newScanId();
  $("answer").open = true;
}

async function scan(code) {
  code = (code || "").trim();
  if (!code) return;
  const body = new URLSearchParams({ code, scan_id: newScanId(), room: data.room ? data.room.code : "",
    ...(where || {}) });
  const result = await post(urls.scan, body, urls.login);
  if (result.kind === "retry" || result.kind === "login") {
    feedback.show("failed", result.kind === "login" ? text.login : text.retry);
    return;
  }
  const reply = result.reply || {};
  const outcome = reply.outcome || "failed";
  feedback.show(outcome, reply.message || reply.error || "");
  remember(outcome, reply.message || reply.error || code);
  if (outcome === "room") location.assign(`${urls.page}?room=${encodeURIComponent(reply.room.code)}`);
  else if (reply.tag) found(reply);
}

listenForScans($("scan-form"), $("scan-code"), scan);
window.verification = { scan };
