// Reporting a damaged unit (a note and maybe a photo) and confirming a counted line's quantity.
// Both need a connection: a photo is too big to queue, and a count is a judgement made now.

import { post } from "./network.js";

function failureText(answer, text) {
  if (answer.kind === "refused") return answer.reply.error || text.refused;
  if (answer.kind === "gone") return text.not_found;
  if (answer.kind === "login") return text.login;
  return text.needs_network;
}

export function setUpForms({ urls, text, unitList, feedback }) {
  document.querySelectorAll(".damage-form").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new FormData(form);
    body.append("code", form.dataset.tag);
    const answer = await post(urls.damaged, body, urls.login);
    if (answer.kind !== "ok") {
      feedback.show("failed", failureText(answer, text));
      return;
    }
    const reply = answer.reply;
    unitList.mark(reply.tag, reply.status);
    feedback.show("damaged", reply.message);
    form.reset();
    form.closest("details").open = false;
  }));
  document.querySelectorAll(".quantity-form").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams({ line: form.dataset.line, quantity: form.elements.quantity.value });
    const answer = await post(urls.quantity, body, urls.login);
    if (answer.kind === "ok") feedback.show("received", answer.reply.message);
    else feedback.show("failed", failureText(answer, text));
  }));
}
