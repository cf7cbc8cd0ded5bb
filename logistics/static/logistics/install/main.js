// The installation page: a scan of a room's label chooses the room, a scan of a unit's label
// installs the unit there. The server decides what a label means (inventory/installation.py);
// this page sends each scan once, with an id made on this device, and shows the answer. The
// page's data comes from the view (json_script "install-data").

import { setUpCamera } from "../receive/camera.js";
import { makeFeedback } from "../receive/feedback.js";
import { post } from "../receive/network.js";
import { newScanId } from "../receive/queue.js";
import { listenForScans } from "../receive/wedge.js";

const data = JSON.parse(document.getElementById("install-data").textContent);
const { text, urls } = data;
const $ = (id) => document.getElementById(id);
const feedback = makeFeedback(data.titles);
let room = data.room;
const RECENT = 12;

function remember(outcome, message) {
  const li = document.createElement("li");
  li.className = `recent-${outcome}`;
  li.dataset.outcome = outcome;
  li.textContent = message;
  $("recent").prepend(li);
  while ($("recent").children.length > RECENT) $("recent").lastChild.remove();
}

function chooseRoom(chosen) {
  if (room && room.code === chosen.code) return;
  // A different room's lists are the server's to draw: open its page (the label's own link).
  location.assign(`${urls.page}?room=${encodeURIComponent(chosen.code)}&scanned=1`);
}

function installed(tag) {
  const row = document.querySelector(`#waiting li[data-tag="${CSS.escape(tag)}"]`);
  if (!row || !$("here")) return;
  row.remove();
  const li = document.createElement("li");
  li.dataset.tag = tag;
  li.textContent = row.textContent.replace(/\s+/g, " ").trim();
  $("here").querySelectorAll("li.muted").forEach((e) => e.remove());
  $("here").append(li);
}

async function scan(code) {
  code = (code || "").trim();
  if (!code) return;
  const body = new URLSearchParams({ code, scan_id: newScanId(), room: room ? room.code : "" });
  const answer = await post(urls.scan, body, urls.login);
  if (answer.kind === "retry" || answer.kind === "login") {
    feedback.show("failed", answer.kind === "login" ? text.login : text.retry);
    return;
  }
  const reply = answer.reply || {};
  const outcome = reply.outcome || "failed";
  feedback.show(outcome, reply.message || reply.error || "");
  remember(outcome, reply.message || reply.error || code);
  if (outcome === "room") chooseRoom(reply.room);
  else if (outcome === "installed" || outcome === "moved") installed(reply.tag);
}

listenForScans($("scan-form"), $("scan-code"), scan);
setUpCamera({ toggle: $("camera-toggle"), video: $("camera"), note: $("camera-note"), urls, text, onScan: scan });
// For the browser tests and for support.
window.installation = { scan };
