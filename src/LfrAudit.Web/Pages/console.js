// The operators' console: the alert queue pushed by the server; a decision opened by a key or a button and recorded only
// from the box that opens (a second, deliberate step); outcomes for any confirmed alert. No framework, no build step.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const alerts = new Map();
  let session = null, selected = null, deciding = null;

  // Every time in London time, written the British way (4 Dec 2026, 06:59:57 GMT), whatever the browser's own zone.
  const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" });
  const when = iso => iso ? london.format(new Date(iso)) : "—";

  const text = (el, value) => { el.textContent = value; return el; };
  const status = (message, ok) => { const s = text($("status"), message); s.className = ok ? "ok" : message ? "error" : ""; };
  const operator = () => session?.role === "operator";
  const keysOn = () => $("keys-on").checked;

  async function post(url, body) {
    const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf }, body: JSON.stringify(body) });
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(answer.detail || answer.error || `the console answered ${r.status}`);
    return answer;
  }

  const ordered = () => [...alerts.values()].sort((x, y) => x.id - y.id);

  function render() {
    const queue = $("queue");
    queue.replaceChildren();
    if (selected !== null && !alerts.has(selected)) selected = null;
    if (selected === null && alerts.size > 0) selected = ordered()[0].id;
    for (const a of ordered()) {
      const li = document.createElement("li");
      li.id = `alert-${a.id}`;
      li.className = "alert" + (a.id === selected ? " selected" : "");
      li.tabIndex = 0;
      li.setAttribute("aria-current", a.id === selected ? "true" : "false");
      text(li, `#${a.id} ${a.category} · ${a.candidate} · score ${a.score.toFixed(3)} · ${a.camera} · ${when(a.captured_at)}`);
      li.addEventListener("click", () => open(a.id));
      li.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(a.id); } });
      queue.append(li);
    }
    text($("count"), `(${alerts.size})`);
    $("empty").hidden = alerts.size > 0;
    show();
  }

  function show() {
    const a = alerts.get(selected);
    $("detail").hidden = !a;
    if (!a) return;
    text($("alert-title"), `Alert #${a.id}: ${a.candidate}`);
    text($("action"), a.entry ? `If confirmed: ${a.entry.action}` : "The watchlist entry this alert names is no longer held: do not act on it.");
    for (const [id, kind] of [["probe", "probe.jpg"], ["reference", "reference"], ["scene", "scene.jpg"]]) {
      const img = $(id);
      if (operator() && img.dataset.alert !== String(a.id)) {
        img.dataset.alert = String(a.id);
        // An image the alert does not have (no scene before scenes were kept, no reference without the images root) is left out, not shown broken.
        img.closest("figure").hidden = false;
        img.onerror = () => { img.closest("figure").hidden = true; };
        img.src = `/api/alerts/${a.id}/${kind}`;
      }
    }
    const facts = $("facts");
    facts.replaceChildren();
    const rows = [["Category", a.category], ["Watchlist entry", a.candidate], ["Score", `${a.score.toFixed(3)} (threshold ${a.threshold})`],
      ["Camera", a.camera], ["Deployment", a.deployment ?? "none (a run outside any deployment)"], ["First seen", when(a.captured_at)],
      ["Sightings", a.sightings > 1 ? `${a.sightings}, last ${when(a.last_seen_at)}` : "1"], ["Track", a.track ?? "—"]];
    if (a.entry) rows.push(["Source", a.entry.source], ["Authorised by", a.entry.authorised_by], ["Approved until", when(a.entry.expires_at)]);
    for (const [k, v] of rows) facts.append(text(document.createElement("dt"), k), text(document.createElement("dd"), v));
  }

  function select(id) { selected = id; render(); $(`alert-${id}`)?.focus(); }
  function open(id) { selected = id; render(); $("alert-title").focus(); }

  const meanings = {
    confirm: "Confirming tells the officers it is the person on the watchlist, and they act on it. It is final and audited.",
    reject: "Rejecting says it is not the person: the alert's images are deleted at once. It is final and audited.",
    unsure: "Unsure says you cannot tell: no one acts on it, and its images are kept only as long as the retention rules allow. It is final and audited.",
  };

  // The first step: the box opens, nothing is recorded yet.
  function askToDecide(decision) {
    if (!operator() || selected === null || $("decision-dialog").open) return;
    deciding = { id: selected, decision };
    text($("decision-title"), `${decision[0].toUpperCase()}${decision.slice(1)} alert #${selected}?`);
    text($("decision-meaning"), meanings[decision]);
    $("reason-field").hidden = decision !== "reject";
    $("reason").value = "";
    $("note").value = "";
    text($("decision-problem"), "");
    text($("record-decision"), `Record: ${decision}`);
    $("decision-dialog").showModal();
    (decision === "reject" ? $("reason") : $("record-decision")).focus();
  }

  // The second step: Record in the box. A rejection needs its reason.
  async function recordDecision() {
    const { id, decision } = deciding;
    const reason = $("reason").value, note = $("note").value.trim();
    if (decision === "reject" && !reason) { text($("decision-problem"), "Choose why it is not the person."); $("reason").focus(); return; }
    const said = decision === "reject" ? (note ? `${reason}: ${note}` : reason) : note;
    try {
      await post(`/api/alerts/${id}/decision`, { decision, note: said || null });
      $("decision-dialog").close();
      deciding = null;
      // On to the next waiting alert after this one (or the one before it, at the end of the queue).
      const ids = ordered().map(a => a.id), at = ids.indexOf(id);
      alerts.delete(id);
      selected = ids[at + 1] ?? ids[at - 1] ?? null;
      render();
      if (selected !== null) $(`alert-${selected}`)?.focus();
      status(`Alert #${id}: ${decision} recorded under ${session.user}.`, true);
      if (decision === "confirm") await awaiting();
    } catch (e) { text($("decision-problem"), e.message); }
  }

  async function awaiting() {
    if (!operator()) return;
    const r = await fetch("/api/alerts/awaiting-outcome");
    if (!r.ok) return;
    const list = $("awaiting");
    const open = new Set([...list.querySelectorAll("li")].filter(li => li.contains(document.activeElement)).map(li => li.id));
    if (open.size) return; // the operator is filling one in: leave the list as it is
    list.replaceChildren();
    for (const a of await r.json()) {
      const li = document.createElement("li");
      li.id = `awaiting-${a.id}`;
      const label = text(document.createElement("span"), `#${a.id} ${a.category} · ${a.candidate} · ${a.camera} · ${when(a.captured_at)} `);
      const choice = document.createElement("select");
      choice.id = `outcome-${a.id}`;
      choice.setAttribute("aria-label", `Outcome of alert #${a.id}`);
      for (const [value, name] of [["", "choose the outcome"], ["arrested", "arrested"], ["words-of-advice", "words of advice"], ["not-located", "not located"],
                                   ["no-further-action", "no further action"], ["safeguarding-referral", "safeguarding referral"], ["other", "other"]])
        choice.append(Object.assign(document.createElement("option"), { value, textContent: name }));
      const note = Object.assign(document.createElement("input"), { type: "text", maxLength: 500, id: `outcome-note-${a.id}` });
      note.setAttribute("aria-label", `Note on the outcome of alert #${a.id} (optional)`);
      const record = text(Object.assign(document.createElement("button"), { type: "button" }), "Record outcome");
      record.addEventListener("click", async () => {
        if (!choice.value) { status(`Alert #${a.id}: choose the outcome first.`); choice.focus(); return; }
        try {
          await post(`/api/alerts/${a.id}/outcome`, { outcome: choice.value, note: note.value.trim() || null });
          status(`Alert #${a.id}: outcome ${choice.value} recorded.`, true);
          li.remove();
          $("none-awaiting").hidden = list.children.length > 0;
        } catch (e) { status(`Alert #${a.id}: ${e.message}`); }
      });
      li.append(label, choice, " ", note, " ", record);
      list.append(li);
    }
    $("none-awaiting").hidden = list.children.length > 0;
  }

  const duration = seconds => seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

  function rows(tableId, items, cells, empty) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren();
    for (const item of items) {
      const tr = document.createElement("tr");
      const [head, ...rest] = cells(item);
      const th = text(document.createElement("th"), head);
      th.scope = "row";
      tr.append(th, ...rest.map(v => text(document.createElement("td"), v)));
      body.append(tr);
    }
    if (!items.length) {
      const tr = document.createElement("tr");
      const td = text(document.createElement("td"), empty);
      td.colSpan = $(tableId).tHead.rows[0].cells.length;
      tr.append(td);
      body.append(tr);
    }
  }

  // The supervisor's oversight: who decided what and how fast, what waits (too long is marked), thresholds, cameras.
  async function oversight() {
    if (session.role !== "supervisor") return;
    const r = await fetch("/api/oversight");
    if (!r.ok) return;
    const o = await r.json();
    rows("decisions", o.decisions, d => [d.operator, String(d.confirmed), String(d.rejected), String(d.unsure), duration(d.median_seconds), duration(d.longest_seconds)],
      "No decisions yet.");
    rows("waiting", o.waiting, w => [`#${w.alert}`, w.camera, w.deployment ?? "none", when(w.raised_at),
      duration(w.waiting_seconds) + (w.too_long ? " — waiting too long" : "")], "Nothing waiting.");
    [...$("waiting").tBodies[0].rows].forEach((tr, i) => tr.classList.toggle("late", o.waiting[i]?.too_long === true));
    rows("threshold-changes", o.threshold_changes, t => [t.deployment, t.from.toFixed(2), t.to.toFixed(2), t.by, t.reason, when(t.at)], "No changes.");
    rows("cameras", o.cameras, c => [c.deployment, c.camera, c.running ? `searching at ${c.threshold.toFixed(2)}` : "not running"], "No cameras planned.");
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
    if (!list.children.length)
      list.append(text(document.createElement("li"), [...alerts.values()].some(a => !a.deployment)
        ? "No deployment planned or live: the alerts below come from runs outside any deployment."
        : "No deployment planned or live."));
  }

  async function start() {
    const r = await fetch("/api/session");
    if (r.status === 401) { location.href = "/login"; return; }
    session = await r.json();
    text($("who"), `Signed in as ${session.user} (${session.role})`);
    $("logout-token").value = session.csrf;
    document.querySelectorAll(".operator-only").forEach(el => el.hidden = !operator());
    document.querySelectorAll(".supervisor-only").forEach(el => el.hidden = operator());
    $("keys-on").checked = localStorage.getItem("lfr-keys") !== "off";
    $("keys-on").addEventListener("change", () => localStorage.setItem("lfr-keys", keysOn() ? "on" : "off"));
    document.querySelectorAll("[data-decision]").forEach(b => b.addEventListener("click", () => askToDecide(b.dataset.decision)));
    $("decision-form").addEventListener("submit", e => {
      if (e.submitter?.value !== "record") { deciding = null; return; } // Cancel: the box closes, nothing recorded
      e.preventDefault();
      recordDecision();
    });
    // The close event comes a task after close(): a box opened again in between keeps its decision.
    $("decision-dialog").addEventListener("close", () => { if (!$("decision-dialog").open) deciding = null; });
    document.addEventListener("keydown", e => {
      if ($("decision-dialog").open || !keysOn()) return;
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement
          || e.ctrlKey || e.metaKey || e.altKey) return;
      const ids = ordered().map(a => a.id), at = ids.indexOf(selected);
      if (e.key === "c") askToDecide("confirm");
      else if (e.key === "r") askToDecide("reject");
      else if (e.key === "u") askToDecide("unsure");
      else if (e.key === "j" && at + 1 < ids.length) select(ids[at + 1]);
      else if (e.key === "k" && at > 0) select(ids[at - 1]);
      else return;
      e.preventDefault();
    });
    const stream = new EventSource("/api/alerts/stream");
    stream.addEventListener("alert", e => { const a = JSON.parse(e.data); alerts.set(a.id, a); render(); });
    stream.addEventListener("decided", e => { alerts.delete(Number(e.data)); render(); });
    stream.onerror = () => status("Connection to the console lost; retrying…");
    stream.onopen = () => { if ($("status").className === "error") status(""); };
    await deployments();
    await awaiting();
    await oversight();
    setInterval(deployments, 5000);
    setInterval(awaiting, 5000);
    setInterval(oversight, 5000);
    render();
  }

  start();
})();
