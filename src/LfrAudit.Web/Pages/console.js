// The operators' console: the alert queue pushed by the server, decisions with keys or buttons. No framework, no build step.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const alerts = new Map();
  let session = null, selected = null, confirmed = null;

  const text = (el, value) => { el.textContent = value; return el; };
  const status = message => text($("status"), message);

  async function post(url, body) {
    const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf }, body: JSON.stringify(body) });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(answer.error || `the console answered ${r.status}`);
    return answer;
  }

  function render() {
    const queue = $("queue");
    queue.replaceChildren();
    for (const a of [...alerts.values()].sort((x, y) => x.id - y.id)) {
      const li = document.createElement("li");
      li.id = `alert-${a.id}`;
      li.className = "alert" + (a.id === selected ? " selected" : "");
      li.tabIndex = 0;
      li.setAttribute("aria-current", a.id === selected ? "true" : "false");
      text(li, `#${a.id} ${a.category} · ${a.candidate} · score ${a.score.toFixed(3)} · ${a.camera} · ${new Date(a.captured_at).toLocaleTimeString()}`);
      li.addEventListener("click", () => select(a.id));
      queue.append(li);
    }
    text($("count"), `(${alerts.size})`);
    $("empty").hidden = alerts.size > 0;
    if (selected !== null && !alerts.has(selected)) selected = null;
    if (selected === null && alerts.size > 0) selected = Math.min(...alerts.keys());
    show();
  }

  function show() {
    const a = alerts.get(selected);
    $("detail").hidden = !a;
    if (!a) return;
    text($("alert-title"), `Alert #${a.id}`);
    const operator = session.role === "operator";
    for (const [id, kind] of [["probe", "probe.jpg"], ["reference", "reference"]]) {
      const img = $(id);
      img.hidden = !operator;
      if (operator && img.dataset.alert !== String(a.id)) { img.dataset.alert = String(a.id); img.src = `/api/alerts/${a.id}/${kind}`; }
    }
    const facts = $("facts");
    facts.replaceChildren();
    for (const [k, v] of [["Category", a.category], ["Candidate", a.candidate], ["Score", `${a.score.toFixed(3)} (threshold ${a.threshold})`],
                          ["Camera", a.camera], ["Seen at", new Date(a.captured_at).toLocaleString()], ["Track", a.track ?? "—"]]) {
      facts.append(text(document.createElement("dt"), k), text(document.createElement("dd"), v));
    }
    $("decide").hidden = !operator;
  }

  function select(id) { selected = id; render(); }

  async function decide(decision) {
    if (session.role !== "operator" || selected === null) return;
    const id = selected;
    try {
      await post(`/api/alerts/${id}/decision`, { decision });
      alerts.delete(id);
      status(`Alert #${id}: ${decision} recorded under ${session.user}.`);
      if (decision === "confirm") { confirmed = id; text($("outcome-alert"), `#${id}`); $("outcome").hidden = false; }
      render();
    } catch (e) { status(`Alert #${id}: ${e.message}`); }
  }

  async function recordOutcome() {
    if (confirmed === null) return;
    try {
      const outcome = $("outcome-choice").value;
      await post(`/api/alerts/${confirmed}/outcome`, { outcome });
      status(`Alert #${confirmed}: outcome ${outcome} recorded.`);
      $("outcome").hidden = true;
      confirmed = null;
    } catch (e) { status(e.message); }
  }

  async function deployments() {
    const r = await fetch("/api/deployments");
    if (!r.ok) return;
    const list = $("deployments");
    list.replaceChildren();
    for (const d of await r.json())
      list.append(text(document.createElement("li"), `${d.id}: ${d.state} · threshold ${d.threshold.toFixed(2)} · ${d.location} · `
        + (d.running.length ? `running: ${d.running.map(c => `${c.camera} at ${c.threshold.toFixed(2)}`).join(", ")}` : `cameras ${d.cameras.join(", ")} (none running)`)
        + ` · operators: ${d.operators.length ? d.operators.join(", ") : "none assigned"}`));
    if (!list.children.length) list.append(text(document.createElement("li"), "no deployment planned or live"));
  }

  async function start() {
    const r = await fetch("/api/session");
    if (r.status === 401) { location.href = "/login"; return; }
    session = await r.json();
    text($("who"), `Signed in as ${session.user} (${session.role})`);
    $("logout-token").value = session.csrf;
    document.querySelectorAll("[data-decision]").forEach(b => b.addEventListener("click", () => decide(b.dataset.decision)));
    $("record-outcome").addEventListener("click", recordOutcome);
    document.addEventListener("keydown", e => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
      const ids = [...alerts.keys()].sort((x, y) => x - y), at = ids.indexOf(selected);
      if (e.key === "c") decide("confirm");
      else if (e.key === "r") decide("reject");
      else if (e.key === "u") decide("unsure");
      else if (e.key === "j" && at + 1 < ids.length) select(ids[at + 1]);
      else if (e.key === "k" && at > 0) select(ids[at - 1]);
    });
    const stream = new EventSource("/api/alerts/stream");
    stream.addEventListener("alert", e => { const a = JSON.parse(e.data); alerts.set(a.id, a); render(); });
    stream.addEventListener("decided", e => { alerts.delete(Number(e.data)); render(); });
    stream.onerror = () => status("Connection to the console lost; retrying…");
    stream.onopen = () => status("");
    await deployments();
    setInterval(deployments, 5000);
    render();
  }

  start();
})();
