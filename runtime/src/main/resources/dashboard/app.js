// The Perennial dashboard: loads /dashboard/snapshot, then follows /dashboard/events (server-sent
// events); agents and their current hints come from the API (/agents), refreshed as episodes finish.
"use strict";
(() => {
  const state = { agents: new Map(), positions: [], recent: [], learner: null, episodes: 0, open: new Set() };
  let token = localStorage.getItem("perennial.token") || "";
  let refreshTimer = null;

  const $ = sel => document.querySelector(sel);
  const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  async function api(path) {
    const headers = token ? { Authorization: "Bearer " + token } : {};
    const r = await fetch(path, { headers });
    if (r.status === 401) { askToken(); throw new Error("unauthorized"); }
    if (!r.ok) throw new Error(path + ": " + r.status);
    return r.json();
  }

  function askToken() {
    $("#token-banner").hidden = false;
    setStatus(false, "token needed");
  }

  $("#token-save").addEventListener("click", () => {
    token = $("#token-input").value.trim();
    localStorage.setItem("perennial.token", token);
    $("#token-banner").hidden = true;
    start();
  });

  function setStatus(on, text) {
    const s = $("#status");
    s.className = "pill " + (on ? "on" : "off");
    s.textContent = text;
  }

  // ---- data in

  function takeSnapshot(snap) {
    state.agents.clear();
    for (const a of snap.agents) state.agents.set(a.agentId, { line: a, api: null });
    state.positions = snap.positions;
    state.recent = snap.recent;
    state.learner = snap.learner;
    state.episodes = snap.episodes;
  }

  function takeEpisode(ev) {
    const id = ev.agent.agentId;
    const entry = state.agents.get(id) || { line: { ...ev.agent, points: [] }, api: null };
    const points = entry.line.points.concat(ev.agent.points);
    entry.line = { ...ev.agent, points: points.slice(-500) };
    state.agents.set(id, entry);
    state.positions = ev.positions;
    state.recent.unshift(ev.episode);
    state.recent = state.recent.slice(0, 30);
    state.episodes++;
    scheduleAgentRefresh();
    render();
  }

  async function refreshAgents() {
    try {
      const page = await api("/agents?limit=200");
      for (const a of page.agents) {
        const entry = state.agents.get(a.id) || { line: { agentId: a.id, points: [], solves: 0, successes: 0, rewardMean: 0 }, api: null };
        entry.api = a;
        state.agents.set(a.id, entry);
      }
      renderAgents();
    } catch (e) { /* the banner or the status pill says why */ }
  }

  function scheduleAgentRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => { refreshTimer = null; refreshAgents(); }, 300);
  }

  // ---- rendering

  function render() {
    renderAgents();
    renderCharts();
    renderLearner();
    renderEpisodes();
    $("#summary").textContent = state.episodes + " episodes · " + state.agents.size + " agents";
  }

  function renderAgents() {
    const body = $("#agents tbody");
    body.innerHTML = "";
    $("#agents-empty").hidden = state.agents.size > 0;
    for (const [id, { line, api }] of [...state.agents.entries()].sort()) {
      const hints = api ? api.hints : line.hints;
      const policy = api && api.profile ? api.profile.policy + (api.profile.model ? " (" + api.profile.model + ")" : "") : (api && api.pack ? "pack " + api.pack.packId : "");
      const tasks = api && api.deployed ? api.tasks.accepted + " accepted · " + api.tasks.unanswered + " open · " + api.tasks.awaitingFeedback + " awaiting feedback" : "";
      const rate = line.solves ? (100 * line.successes / line.solves).toFixed(0) + "% of " + line.solves : "–";
      const tr = document.createElement("tr");
      tr.dataset.agent = id;
      tr.innerHTML = `<td class="id">${esc(id)}</td><td>${esc(api ? api.activity : "")}</td><td>${esc(policy)}</td>` +
        `<td>${esc(tasks)}</td><td>${rate}</td><td>${line.solves ? line.rewardMean.toFixed(2) : "–"}</td><td class="hints">${esc(hints)}</td>`;
      body.appendChild(tr);
    }
  }

  function movingMean(points, window, pick) {
    const out = [];
    for (let i = 0; i < points.length; i++) {
      const from = Math.max(0, i - window + 1);
      let sum = 0;
      for (let j = from; j <= i; j++) sum += pick(points[j]);
      out.push([points[i][0], sum / (i - from + 1)]);
    }
    return out;
  }

  function renderCharts() {
    const lines = [...state.agents.values()].map(a => a.line).filter(l => l.points && l.points.length);
    Charts.line($("#reward-chart"), lines.map(l => ({ name: l.agentId, points: movingMean(l.points, 5, p => p[1]) })),
      { xLabel: "solve episode", yLabel: "reward" });
    Charts.line($("#success-chart"), lines.map(l => ({ name: l.agentId, points: movingMean(l.points, 10, p => p[2]) })),
      { xLabel: "solve episode", yLabel: "success rate", yMin: 0, yMax: 1 });
    Charts.bars($("#cod-chart"), state.positions.map(p => ({ x: p.position, y: p.successes / p.solves,
      label: "position " + p.position + ": " + p.successes + "/" + p.solves })), { xLabel: "task position", yLabel: "success rate" });
  }

  function renderLearner() {
    const l = state.learner;
    const box = $("#learner");
    if (!l) { box.className = "muted"; box.textContent = "No learner runs for this node."; return; }
    box.className = "";
    const metrics = Object.entries(l.recentMetrics || {}).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${(+v).toPrecision(4)}</dd>`).join("");
    box.innerHTML = `<dl><dt>policy version</dt><dd>${l.policyVersion}</dd><dt>step</dt><dd>${l.step}</dd>` +
      `<dt>queued episodes</dt><dd>${l.queuedEpisodes}</dd><dt>ready groups</dt><dd>${l.readyGroups}</dd>` +
      `<dt>last step</dt><dd>${l.lastStepSeconds == null ? "–" : l.lastStepSeconds.toFixed(2) + " s"}</dd>${metrics}` +
      (l.lastError ? `<dt>last error</dt><dd>${esc(l.lastError)}</dd>` : "") + (l.finished ? "<dt>finished</dt><dd>yes</dd>" : "") + "</dl>";
  }

  function renderEpisodes() {
    const list = $("#episodes");
    list.innerHTML = "";
    // until the user picks, the newest solve and the newest update are shown open
    const newest = new Set(["solve", "update"].map(k => (state.recent.find(e => e.kind === k) || {}).episodeId));
    state.recent.forEach(ep => {
      const li = document.createElement("li");
      li.dataset.episode = ep.episodeId;
      const open = state.open.size === 0 ? newest.has(ep.episodeId) : state.open.has(ep.episodeId);
      const verdict = ep.kind === "solve" ? (ep.success ? '<span class="ok">success</span>' : '<span class="bad">' + (ep.truncated ? "truncated" : "failure") + "</span>")
        : '<span class="muted">update</span>';
      li.innerHTML = `<div class="head"><strong>${esc(ep.agentId)}</strong><span>${esc(ep.kind)} · position ${ep.position}</span>` +
        `${verdict}<span>reward ${(+ep.reward).toFixed(2)}</span><span class="muted">${esc(ep.episodeId)} · ${new Date(ep.finishedAtMillis).toLocaleTimeString()}</span></div>`;
      if (open) li.appendChild(trajectory(ep));
      li.querySelector(".head").addEventListener("click", () => {
        if (state.open.has(ep.episodeId)) state.open.delete(ep.episodeId); else state.open.add(ep.episodeId);
        renderEpisodes();
      });
      list.appendChild(li);
    });
  }

  function trajectory(ep) {
    const box = document.createElement("div");
    box.className = "trajectory";
    for (const s of ep.trajectory || []) {
      const d = document.createElement("div");
      d.className = "seg " + s.kind;
      d.dataset.kind = s.kind + (s.tool ? " · " + s.tool : "");
      d.textContent = s.text;
      box.appendChild(d);
    }
    if (ep.kind === "solve" && ep.feedback) {
      const d = document.createElement("div");
      d.className = "seg text";
      d.dataset.kind = "feedback";
      d.textContent = ep.feedback;
      box.appendChild(d);
    }
    return box;
  }

  // ---- live updates

  let source = null;
  async function start() {
    try {
      takeSnapshot(await api("/dashboard/snapshot"));
    } catch (e) {
      if (String(e.message) !== "unauthorized") setStatus(false, "unreachable");
      return;
    }
    render();
    refreshAgents();
    if (source) source.close();
    source = new EventSource("/dashboard/events" + (token ? "?access_token=" + encodeURIComponent(token) : ""));
    source.onopen = () => setStatus(true, "live");
    source.onerror = () => setStatus(false, "reconnecting…");
    source.addEventListener("episode", m => takeEpisode(JSON.parse(m.data)));
    source.addEventListener("learner", m => { state.learner = JSON.parse(m.data).learner; renderLearner(); });
  }

  setInterval(refreshAgents, 10000);
  start();
})();
