// TaskBoard's page: plain DOM code over the REST API. Every change re-reads the list and the stats.
const $ = (id) => document.getElementById(id);
let show = "all";

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || `${method} ${path}: ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

function showError(error) {
  $("error").textContent = error ? error.message : "";
  $("error").hidden = !error;
}

function render(tasks) {
  const today = new Date().toISOString().slice(0, 10);
  const list = $("tasks");
  list.replaceChildren(...tasks.map((task) => {
    const item = document.createElement("li");
    item.dataset.id = task.id;
    item.className = task.done ? "done" : "";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = task.done;
    box.setAttribute("aria-label", `Complete ${task.title}`);
    box.addEventListener("change", () => change(() => api("POST", `/api/tasks/${task.id}/${box.checked ? "complete" : "uncomplete"}`)));
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = task.title;
    const badge = document.createElement("span");
    badge.className = `badge ${task.priority}`;
    badge.textContent = task.priority;
    item.append(box, title, badge);
    if (task.due) {
      const due = document.createElement("span");
      due.className = "due" + (!task.done && task.due < today ? " overdue" : "");
      due.textContent = task.due;
      item.append(due);
    }
    const remove = document.createElement("button");
    remove.className = "delete";
    remove.textContent = "×";
    remove.setAttribute("aria-label", `Delete ${task.title}`);
    remove.addEventListener("click", () => change(() => api("DELETE", `/api/tasks/${task.id}`)));
    item.append(remove);
    return item;
  }));
}

function renderStats(stats) {
  for (const key of ["total", "done", "pending", "overdue"]) $(`stat-${key}`).textContent = stats[key];
  $("progress-bar").style.width = `${stats.percentDone}%`;
  $("progress").setAttribute("aria-valuenow", stats.percentDone);
}

async function refresh() {
  const [tasks, stats] = await Promise.all([api("GET", `/api/tasks?show=${show}`), api("GET", "/api/stats")]);
  render(tasks);
  renderStats(stats);
}

async function change(action) {
  try {
    await action();
    showError(null);
  } catch (error) {
    showError(error);
  }
  await refresh();
}

$("add-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = { title: $("title").value, priority: $("priority").value };
  if ($("due").value) body.due = $("due").value;
  change(async () => {
    await api("POST", "/api/tasks", body);
    $("title").value = "";
    $("due").value = "";
  });
});

for (const button of document.querySelectorAll(".filters button")) {
  button.addEventListener("click", () => {
    show = button.dataset.show;
    document.querySelectorAll(".filters button").forEach((b) => b.classList.toggle("active", b === button));
    refresh();
  });
}

refresh().catch(showError);
