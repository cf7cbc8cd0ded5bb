// Carrying the page's requests to the server and sorting its answers. Which reply comes with which
// HTTP status is written down in logistics/receipt_replies.py; each answer becomes one kind:
//   ok       200 with its JSON reply
//   refused  400/409 and other 4xx: the server will not take it; sending it again would not help
//   gone     404: the shipment is not found or no longer available to this user
//   login    403, 401 or a redirect to the login page: the session has ended; keep it for later
//   retry    no answer, 5xx, or a page that is not the app's (a captive portal): keep it, send again

export function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  if (cookie) return decodeURIComponent(cookie.split("=")[1]);
  const field = document.querySelector("input[name=csrfmiddlewaretoken]");
  return field ? field.value : "";
}

const isJson = (response) => (response.headers.get("content-type") || "").includes("application/json");

export async function classify(response, loginUrl) {
  const status = response.status;
  if (response.redirected) {
    return { kind: new URL(response.url).pathname === loginUrl ? "login" : "retry", status };
  }
  if (status === 401 || status === 403) return { kind: "login", status };
  if (status === 404) return { kind: "gone", status };
  if (status >= 500) return { kind: "retry", status };
  const reply = isJson(response) ? await response.json() : null;
  if (status >= 400) return { kind: "refused", status, reply: reply || {} };
  return reply ? { kind: "ok", status, reply } : { kind: "retry", status };
}

async function request(url, options, loginUrl) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", ...options });
  } catch (e) {
    return { kind: "retry", status: 0 };
  }
  return classify(response, loginUrl);
}

export function post(url, body, loginUrl) {
  return request(url, { method: "POST", body, headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" } },
    loginUrl);
}

export function get(url, loginUrl) {
  return request(url, {}, loginUrl);
}
