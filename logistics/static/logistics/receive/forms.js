// Reporting a damaged unit (a note and maybe a photo), refusing a transferred unit (a reason) and
// confirming a counted line's quantity. They need a connection: a photo is too big to queue, and a
// count or a refusal is a judgement made now.

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
  document.querySelectorAll(".refuse-form").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams({ code: form.dataset.tag, reason: form.elements.reason.value });
    const answer = await post(urls.refuse, body, urls.login);
    if (answer.kind !== "ok") {
      feedback.show("failed", failureText(answer, text));
      return;
    }
    unitList.mark(answer.reply.tag, answer.reply.status);
    feedback.show("refused_unit", answer.reply.message);
    form.closest("details").hidden = true;
  }));
  document.querySelectorAll(".quantity-form").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new URLSearchParams({ line: form.dataset.line, quantity: form.elements.quantity.value });
    const answer = await post(urls.quantity, body, urls.login);
    if (answer.kind === "ok") feedback.show("received", answer.reply.message);
    else feedback.show("failed", failureText(answer, text));
  }));
}
