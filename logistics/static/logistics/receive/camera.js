// The camera: the browser's own BarcodeDetector where it reads QR codes, otherwise the vendored
// zxing-wasm decoder (a plain script that defines window.ZXingWASM, loaded on first use).

const EVERY_MS = 200;      // one frame looked at five times a second
const SAME_CODE_MS = 3000; // the same label held in view is one scan, not five a second

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function nativeDecoder() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    if (!(await BarcodeDetector.getSupportedFormats()).includes("qr_code")) return null;
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    return async (video) => ((await detector.detect(video))[0] || {}).rawValue || "";
  } catch (e) {
    return null; // fall back to the WebAssembly decoder
  }
}

async function wasmDecoder(urls) {
  if (!window.ZXingWASM) await loadScript(urls.zxing);
  window.ZXingWASM.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? urls.wasm : prefix + path) },
  });
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (!canvas.width) return "";
    context.drawImage(video, 0, 0);
    const found = await window.ZXingWASM.readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height),
      { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 });
    return (found.find((r) => r.isValid) || {}).text || "";
  };
}

// Wires the camera button; each label read is handed to onScan(code, "camera").
export function setUpCamera({ toggle, video, note, urls, text, onScan }) {
  if (!toggle) return;
  let stream = null;
  let decode = null;
  let lastCode = "";
  let lastAt = 0;

  async function look() {
    if (!stream) return;
    try {
      const code = video.readyState >= 2 ? await decode(video) : "";
      const now = Date.now();
      if (code && (code !== lastCode || now - lastAt > SAME_CODE_MS)) {
        lastCode = code;
        onScan(code, "camera");
      }
      if (code) lastAt = now;
    } catch (e) { /* one unreadable frame; try the next */ }
    setTimeout(look, EVERY_MS);
  }

  async function start() {
    if (!window.isSecureContext) {  // http:// to another machine: the browser offers no camera at all
      note.textContent = text.camera_not_secure;
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      note.textContent = text.no_camera;
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (e) {
      // Say what really failed: refused by the person, held by another app, or not there.
      note.textContent = { NotAllowedError: text.camera_denied, NotReadableError: text.camera_busy }[e.name]
        || text.no_camera;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    decode = decode || (await nativeDecoder()) || (await wasmDecoder(urls));
    note.textContent = "";
    look();
  }

  function stop() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true;
  }

  toggle.addEventListener("click", () => (stream ? stop() : start()));
}
