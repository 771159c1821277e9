// jobq's dashboard: plain DOM code that polls the JSON API every 2 s (one request in flight at a time).
const $ = (id) => document.getElementById(id);
const states = ["waiting", "delayed", "active", "completed", "dead", "cancelled"];
const every = Number(new URLSearchParams(location.search).get("every")) || 2000;

async function api(method, path) {
  const response = await fetch(path, { method });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || `${method} ${path}: ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

const rate = (value) => (value === null || value === undefined ? "…" : value.toFixed(1));

function renderQueues(view) {
  $("store").textContent = view.store;
  $("updated").textContent = `updated ${new Date(view.at).toLocaleTimeString()}`;
  $("no-queues").hidden = view.queues.length > 0;
  $("queues").querySelector("tbody").replaceChildren(...view.queues.map((queue) => {
    const row = document.createElement("tr");
    row.dataset.queue = queue.name;
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = queue.name;
    row.append(name, ...states.map((s) => cell(String(queue[s]), `n ${s}${queue[s] > 0 ? " some" : ""}`)),
      cell(rate(queue.completedPerMinute), "n rate-completed"), cell(rate(queue.failedPerMinute), "n rate-failed"));
    return row;
  }));
}

function renderFailures(failures) {
  $("no-failures").hidden = failures.length > 0;
  $("failures").replaceChildren(...failures.map((job) => {
    const item = document.createElement("li");
    item.dataset.id = job.id;
    const head = document.createElement("div");
    head.className = "head";
    head.textContent = `#${job.id} · ${job.queue} · ${job.attempts}/${job.maxAttempts} attempts` +
      (job.failedAt ? ` · ${new Date(job.failedAt).toLocaleString()}` : "");
    const error = document.createElement("pre");
    error.className = "job-error";
    error.textContent = job.error ?? "";
    const payload = document.createElement("code");
    payload.className = "payload";
    payload.textContent = job.payload;
    const retry = document.createElement("button");
    retry.textContent = "Retry";
    retry.setAttribute("aria-label", `Retry job ${job.id}`);
    retry.addEventListener("click", async () => {
      retry.disabled = true;
      try {
        await api("POST", `/api/jobs/${job.id}/retry`);
        showError(null);
      } catch (e) {
        showError(e);
      }
      refresh();
    });
    item.append(head, error, payload, retry);
    return item;
  }));
}

function showError(error) {
  $("error").textContent = error ? error.message : "";
  $("error").hidden = !error;
}

let busy = false;
async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const [queues, failures] = await Promise.all([api("GET", "/api/queues"), api("GET", "/api/failures?limit=20")]);
    renderQueues(queues);
    renderFailures(failures);
    showError(null);
  } catch (e) {
    showError(new Error(`cannot reach jobq dashboard: ${e.message}`));
  } finally {
    busy = false;
  }
}

refresh();
setInterval(refresh, every);
