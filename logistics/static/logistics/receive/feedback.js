// What the person holding the phone sees, hears and feels after each scan: the coloured box with
// a title and a sentence (the box is aria-live, so a screen reader says it), a tone and a buzz.

// Outcomes by how they sound: good news, "fine, but look", and "stop".
const GOOD = new Set(["received", "installed", "moved", "room", "in_place"]);
const MILD = new Set(["already_received", "queued", "damaged", "refused_unit", "already_here", "elsewhere", "not_found"]);
const TONES = { good: [[880, 0.12]], mild: [[660, 0.08], [660, 0.08]], bad: [[220, 0.45]] };

let audio = null;

function beep(kind) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === "suspended") audio.resume();
    let at = audio.currentTime;
    for (const [freq, length] of TONES[kind]) {
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

export function kindOf(outcome) {
  return GOOD.has(outcome) ? "good" : MILD.has(outcome) ? "mild" : "bad";
}

// `titles` maps an outcome to its translated title (the page's data).
export function makeFeedback(titles) {
  const box = document.getElementById("feedback");
  const title = document.getElementById("feedback-title");
  const text = document.getElementById("feedback-text");
  return {
    show(outcome, message) {
      if (!box) return;
      const kind = kindOf(outcome);
      box.className = `feedback ${kind} outcome-${outcome}`;
      box.dataset.outcome = outcome;
      title.textContent = titles[outcome] || outcome;
      text.textContent = message || "";
      beep(kind);
      if (navigator.vibrate) navigator.vibrate(kind === "bad" ? [200, 80, 200] : 60);
    },
    // A sentence after the current one, without a new sound ("Sent 3 saved scans.").
    add(sentence) {
      if (text) text.textContent += ` ${sentence}`;
    },
  };
}
