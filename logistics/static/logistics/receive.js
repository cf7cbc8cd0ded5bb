// The receipt page: camera, handheld (keyboard-wedge) and typed scans, an offline queue in
// IndexedDB, and feedback by colour, sound and text. The server decides what a scan means
// (inventory/scan_input.py); this page only carries scans there, once each, by a device-made id.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("receipt-data").textContent);
  const $ = (id) => document.getElementById(id);
  const text = data.text;
  const units = new Map(data.units.map((u) => [u.tag, u]));

  // ---- feedback: colour + text + sound ---------------------------------------------------
  const GOOD = new Set(["received"]);
  const MILD = new Set(["already_received", "queued", "damaged"]);
  let audio = null;
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
      const tones = kind === "good" ? [[880, 0.12]] : kind === "mild" ? [[660, 0.08], [660, 0.08]] : [[220, 0.45]];
      let at = audio.currentTime;
      for (const [freq, length] of tones) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = kind === "bad" ? "square" : "sine";
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.2, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + length);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + length);
        at += length + 0.06;
      }
    } catch (e) { /* no sound is better than no scan */ }
  }
  function feedback(outcome, message) {
    const box = $("feedback");
    if (!box) return;
    const kind = GOOD.has(outcome) ? "good" : MILD.has(outcome) ? "mild" : "bad";
    box.className = "feedback " + kind + " outcome-" + outcome;
    box.dataset.outcome = outcome;
    $("feedback-title").textContent = data.titles[outcome] || outcome;
    $("feedback-text").textContent = message || "";
    beep(kind);
    if (navigator.vibrate) navigator.vibrate(kind === "bad" ? [200, 80, 200] : 60);
  }

  // ---- the queue: IndexedDB, one record per scan, keyed by the device-made id ------------------
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  const dbReady = new Promise((resolve, reject) => {
    const open = indexedDB.open("receipt-scans", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("scans", { keyPath: "id" }).createIndex("shipment", "shipment");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  async function store(mode, work) {
    const db = await dbReady;
    return new Promise((resolve, reject) => {
      const tx = db.transaction("scans", mode);
      const result = work(tx.objectStore("scans"));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : result);
      tx.onerror = () => reject(tx.error);
    });
  }
  const save = (record) => store("readwrite", (s) => s.put(record));
  const remove = (id) => store("readwrite", (s) => s.delete(id));
  const mine = () => store("readonly", (s) => s.index("shipment").getAll(data.shipment))
    .then((rows) => rows.sort((a, b) => a.at - b.at));

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.split("=")[1]);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  async function post(url, body) {
    return fetch(url, { method: "POST", body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" } });
  }
  const isJson = (r) => (r.headers.get("content-type") || "").includes("application/json");

  async function scan(code, source) {
    code = (code || "").trim();
    if (!code) return;
    const record = { id: uuid(), shipment: data.shipment, code, source, at: Date.now(), state: "waiting" };
    await save(record);
    await render();
    if (!navigator.onLine) {
      const guess = guessTag(code);
      feedback("queued", guess ? text.queued_expected.replace("%(tag)s", units.get(guess).display) : text.queued);
      return;
    }
    flush(record.id);
  }

  let flushing = false, copiedAt = Date.now();
  async function flush(liveId) {
    if (flushing) { setTimeout(() => flush(liveId), 300); return; }
    flushing = true;
    let sentLater = 0;
    try {
      for (const record of (await mine()).filter((r) => r.state === "waiting" || r.state === "login")) {
        const outcome = await send(record);
        if (outcome === "offline" || outcome === "login") {
          if (record.id === liveId) {
            feedback("queued", outcome === "login" ? text.login : text.queued);
          }
          break;
        }
        if (record.id === liveId) feedback(record.outcome || "failed", record.message);
        else if (record.state === "done") sentLater += 1;
      }
    } finally {
      flushing = false;
    }
    if (sentLater && $("feedback-text")) {
      $("feedback-text").textContent += " " + text.sent_later.replace("%(count)s", sentLater);
    }
    await render();
    // Refresh the worker's offline copy of this page, so a reload without signal shows today's state.
    if (Date.now() - copiedAt > 30000) {
      copiedAt = Date.now();
      fetch(location.href, { credentials: "same-origin" }).catch(() => {});
    }
  }

  async function send(record) {
    const body = new URLSearchParams({ code: record.code, scan_id: record.id });
    let response;
    try {
      response = await post(data.urls.scan, body);
    } catch (e) {
      return "offline";
    }
    if (response.status === 403 || response.redirected || !isJson(response)) {
      if (response.status >= 500) return "offline";
      record.state = "login"; await save(record); return "login";
    }
    const answer = await response.json();
    if (response.ok) {
      Object.assign(record, { state: "done", outcome: answer.outcome, message: answer.message, tag: answer.tag });
      if (answer.tag && (answer.outcome === "received" || answer.outcome === "already_received")) {
        markUnit(answer.tag, answer.status === "damaged" ? "damaged" : "received");
      }
      showCounts(answer.counts);
    } else if (response.status >= 500) {
      return "offline";
    } else {
      Object.assign(record, { state: "failed", outcome: "failed", message: answer.error || text.error });
    }
    await save(record);
    return record.state;
  }

  // A local reading of the common cases, only to say "in this shipment" while offline; the
  // server's reading (with layouts and look-alikes) is the one that counts.
  function guessTag(code) {
    const m = code.match(/\/u\/([^/?#\s]+)/i);
    const tag = (m ? m[1] : code).replace(/[\s-]/g, "").toUpperCase();
    return units.has(tag) ? tag : null;
  }

  function markUnit(tag, status) {
    const row = document.querySelector(`#unit-list li[data-tag="${CSS.escape(tag)}"] [data-role=status]`);
    const unit = units.get(tag);
    if (!row || !unit) return;
    if (unit.status === "damaged" && status === "received") return;
    unit.status = status;
    row.className = "badge status-" + status;
    row.textContent = data.statuses[status] || status;
    // The page's own count, right even offline; the server's answers overwrite it when they come.
    const all = [...units.values()];
    $("count-arrived").textContent = all.filter((u) => ARRIVED.has(u.status)).length;
    $("count-damaged").textContent = all.filter((u) => u.status === "damaged").length;
  }
  const ARRIVED = new Set(["received", "damaged", "installed"]);
  function showCounts(counts) {
    if (!counts) return;
    $("count-arrived").textContent = counts.units_arrived;
    $("count-expected").textContent = counts.units_expected;
    $("count-damaged").textContent = counts.units_damaged;
  }

  async function render() {
    const rows = await mine();
    const waiting = rows.filter((r) => r.state === "waiting" || r.state === "login");
    if ($("queue-count")) $("queue-count").textContent = waiting.length;
    const failures = $("failures");
    if (failures) {
      failures.replaceChildren(...rows.filter((r) => r.state === "failed").map((r) => {
        const li = document.createElement("li");
        li.textContent = `${r.code} — ${r.message} `;
        const dismiss = document.createElement("button");
        dismiss.type = "button"; dismiss.className = "button secondary"; dismiss.textContent = text.dismiss;
        dismiss.addEventListener("click", () => remove(r.id).then(render));
        li.append(dismiss);
        return li;
      }));
    }
    $("recent").replaceChildren(...rows.slice(-12).reverse().map((r) => {
      const li = document.createElement("li");
      const outcome = r.state === "done" ? r.outcome : r.state === "failed" ? "failed" : "queued";
      li.className = "recent-" + outcome;
      li.dataset.state = r.state;
      li.textContent = r.state === "done" ? r.message : `${data.titles[outcome] || outcome}: ${r.state === "failed" ? r.message : r.code}`;
      return li;
    }));
    for (const r of rows) {
      if (r.state === "done" && r.tag && r.outcome === "received") markUnit(r.tag, "received");
    }
  }

  function showNet() {
    const net = $("net-state");
    if (!net) return;
    net.className = "net " + (navigator.onLine ? "online" : "offline");
    net.textContent = navigator.onLine ? text.online : text.offline;
  }
  window.addEventListener("online", () => { showNet(); flush(); refresh(); });
  window.addEventListener("offline", showNet);
  async function refresh() {
    try {
      const response = await fetch(data.urls.state, { credentials: "same-origin" });
      if (!response.ok || !isJson(response)) return;
      const state = await response.json();
      state.units.forEach((u) => markUnit(u.tag, u.status));
      showCounts(state.counts);
    } catch (e) { /* offline: the page keeps what it knows */ }
  }

  // ---- typed and handheld-scanner input ---------------------------------------------------
  const form = $("scan-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("scan-code");
      scan(input.value, "keyboard");
      input.value = "";
      input.focus();
    });
  }
  // A wedge scanner "types" fast and ends with Enter; when the text field does not have the
  // focus, the keys are collected here so a scan is never lost to a tap elsewhere on the page.
  let buffer = "", last = 0;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    const now = Date.now();
    if (now - last > 120) buffer = "";
    last = now;
    if (event.key === "Enter") {
      if (buffer.length >= 6) { event.preventDefault(); scan(buffer, "wedge"); }
      buffer = "";
    } else if (event.key.length === 1) {
      buffer += event.key;
    }
  });

  // ---- camera: BarcodeDetector where it exists, the vendored zxing-wasm decoder otherwise -----
  let stream = null, lastCode = "", lastAt = 0, decode = null;
  async function decoder() {
    if ("BarcodeDetector" in window) {
      try {
        if ((await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
          const detector = new BarcodeDetector({ formats: ["qr_code"] });
          return async (video) => ((await detector.detect(video))[0] || {}).rawValue || "";
        }
      } catch (e) { /* fall through to the WebAssembly decoder */ }
    }
    if (!window.ZXingWASM) {
      await new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = data.urls.zxing; script.onload = resolve; script.onerror = reject;
        document.head.append(script);
      });
    }
    ZXingWASM.prepareZXingModule({
      overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? data.urls.wasm : prefix + path) },
    });
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async (video) => {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      if (!canvas.width) return "";
      context.drawImage(video, 0, 0);
      const found = await ZXingWASM.readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height),
        { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 });
      return (found.find((r) => r.isValid) || {}).text || "";
    };
  }
  async function look() {
    const video = $("camera");
    if (!stream) return;
    try {
      const code = video.readyState >= 2 ? await decode(video) : "";
      const now = Date.now();
      if (code && (code !== lastCode || now - lastAt > 3000)) {
        lastCode = code; lastAt = now;
        scan(code, "camera");
      } else if (code) {
        lastAt = now;
      }
    } catch (e) { /* one unreadable frame; try the next */ }
    setTimeout(look, 200);
  }
  async function startCamera() {
    const note = $("camera-note");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { note.textContent = text.no_camera; return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      note.textContent = e.name === "NotAllowedError" ? text.camera_denied : text.no_camera;
      return;
    }
    const video = $("camera");
    video.srcObject = stream; video.hidden = false;
    await video.play();
    decode = decode || await decoder();
    note.textContent = "";
    look();
  }
  function stopCamera() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null; $("camera").hidden = true;
  }
  if ($("camera-toggle")) $("camera-toggle").addEventListener("click", () => (stream ? stopCamera() : startCamera()));

  // ---- damaged units and counted lines: these need a connection ------------------------------
  document.querySelectorAll(".damage-form").forEach((damage) => damage.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new FormData(damage);
    body.append("code", damage.dataset.tag);
    try {
      const response = await post(data.urls.damaged, body);
      const answer = isJson(response) ? await response.json() : { error: text.login };
      if (!response.ok) { feedback("failed", answer.error); return; }
      markUnit(answer.tag, "damaged");
      showCounts(answer.counts);
      feedback("damaged", answer.message);
      damage.reset();
      damage.closest("details").open = false;
    } catch (e) {
      feedback("failed", text.needs_network);
    }
  }));
  document.querySelectorAll(".quantity-form").forEach((line) => line.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams({ line: line.dataset.line, quantity: line.elements.quantity.value });
    try {
      const response = await post(data.urls.quantity, body);
      const answer = isJson(response) ? await response.json() : { error: text.login };
      feedback(response.ok ? "received" : "failed", response.ok ? answer.message : answer.error);
    } catch (e) {
      feedback("failed", text.needs_network);
    }
  }));

  // ---- start -------------------------------------------------------------------------------
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(data.urls.worker, { scope: data.urls.worker.replace(/[^/]*$/, "") })
      .catch(() => { /* no offline copy; scanning still works online */ });
  }
  showNet();
  render().then(() => { if (navigator.onLine) flush(); });
  // Other phones may be scanning the same delivery: their scans show up here within 15 seconds.
  setInterval(() => { if (navigator.onLine) { flush(); refresh(); } }, 15000);
  window.receipt = { scan, flush, pending: async () => (await mine()).filter((r) => r.state !== "done").length };
})();
