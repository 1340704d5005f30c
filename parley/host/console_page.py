"""The instructor's console in the browser: `GET /console`, behind the teacher's code.

The page itself holds nothing private: it asks for the teacher's code and sends it with every
request (header `X-Parley-Code`), to `GET /api/console` (every table, as `Teacher.state`
gives it, once a second), `POST /api/console` (one action, as `Teacher.act` takes it) and
`GET /api/summary` (the class summary page last written). A wrong code is refused and slowed
down like a wrong join code.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

from aiohttp import web

from parley.host.teacher import ActionError

if TYPE_CHECKING:
    from parley.host.server import Host


def console_routes(host: Host) -> list[web.RouteDef]:
    """The console's routes for `host`."""

    async def console(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def state(request: web.Request) -> web.Response:
        await _teacher_only(request, host)
        return web.json_response(host.teacher.state())

    async def act(request: web.Request) -> web.Response:
        await _teacher_only(request, host)
        try:
            action = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "an action is a JSON object"}, status=400)
        if not isinstance(action, dict):
            return web.json_response({"error": "an action is a JSON object"}, status=400)
        try:
            done = await host.teacher.act(action)
        except ActionError as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response({"ok": done, "summary": str(host.teacher.summary or "")})

    async def summary(request: web.Request) -> web.Response:
        await _teacher_only(request, host)
        path = host.teacher.summary
        if path is None or not path.exists():
            raise web.HTTPNotFound(text="no class summary yet: ask for one first")
        return web.Response(text=path.read_text(encoding="utf-8"), content_type="text/html")

    return [web.get("/console", console), web.get("/api/console", state),
            web.post("/api/console", act), web.get("/api/summary", summary)]


async def _teacher_only(request: web.Request, host: Host) -> None:
    """Refuse (403) a request without the teacher's code; repeated wrong ones wait."""
    source = request.remote or "?"
    await asyncio.sleep(host.gate.wait(source))
    if not host.codes.is_teacher(request.headers.get("X-Parley-Code", "")[:64]):
        host.gate.failed(source)
        raise web.HTTPForbidden(text=json.dumps({"error": "the teacher's code is needed"}),
                                content_type="application/json")


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Parley: the class console</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b2733; }
header { background: #0c181f; color: white; padding: .6em 1em; display: flex; gap: 1em;
         align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 1.2em; margin: 0; }
main { padding: 1em; }
#login { max-width: 28em; margin: 4em auto; background: white; padding: 1.5em;
         border-radius: 6px; }
.controls, .card { background: white; border-radius: 6px; padding: .8em; margin-bottom: 1em;
                   box-shadow: 0 1px 2px #0002; }
.controls fieldset { border: 1px solid #ccd; border-radius: 4px; margin: .3em 0; }
#tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(25em, 1fr));
          gap: 1em; }
.card h2 { font-size: 1.05em; margin: 0 0 .3em 0; }
.waiting { font-weight: 600; }
.late { color: #b3261e; }
.paused { color: #8a5a00; font-weight: 600; }
.flag { color: white; background: #b3261e; border-radius: 3px; padding: 0 .3em; }
.done { color: #1d6b2f; font-weight: 600; }
table.worth { border-collapse: collapse; font-size: .9em; }
table.worth td, table.worth th { padding: .1em .5em; border-bottom: 1px solid #e3e6ea; }
#message { min-height: 1.3em; font-weight: 600; }
#message.error { color: #b3261e; }
.small { font-size: .85em; color: #556; }
</style>
</head>
<body>
<header><h1>Parley: the class console</h1><span id="scenario"></span>
<span id="clock"></span><span id="endat"></span></header>
<main>
<div id="login">
  <p>Type the teacher's code (from <code>codes.json</code> in the pack, or the teacher's
  sheet). Students' codes do not open the console.</p>
  <input id="code" size="20" placeholder="teacher's code" autocomplete="off">
  <button id="enter">Open the console</button>
  <p id="login-error" class="late"></p>
</div>
<div id="console" hidden>
<p id="message" role="status"></p>
<div class="controls">
  <fieldset><legend>Pacing, the whole class</legend>
    <label>A move's time <input id="timer-seconds" type="number" min="5" max="3600"
      size="5" placeholder="90"> s</label>
    <button id="set-timer">Set timer</button> <button id="no-timer">No timer</button>
    <button id="pause-all">Pause every table</button>
    <button id="resume-all">Resume every table</button>
    <label>End every table in <input id="end-minutes" type="number" min="1" size="4">
      min</label> <button id="set-end">Set</button> <button id="end-all">End all now</button>
  </fieldset>
  <fieldset><legend>Inject news</legend>
    <label>To <select id="inject-table"><option value="">every table</option></select></label>
    <label>Event <select id="inject-event"><option value="">a new one (below)</option>
      </select></label><br>
    <label>Kind <select id="inject-kind">
      <option value="shift_reservation">reservation shift</option>
      <option value="shift_budget">budget change</option>
      <option value="walk_out">walk-out threat</option></select></label>
    <label>Side <select id="inject-party"></select></label>
    <label>By <input id="inject-by" type="number" step="0.01" min="-1" max="1" value="0.05"
      size="5"></label>
    <label>From <input id="inject-rounds" type="number" min="1" value="1" size="3"> round(s)
      on</label><br>
    <label>Headline <input id="inject-headline" size="50"
      placeholder="what the students read"></label>
    <button id="send-inject">Send</button>
  </fieldset>
  <fieldset><legend>Switches for the class</legend>
    <label><input type="checkbox" id="switch-practice"> practice mode</label>
    <label><input type="checkbox" id="switch-random_events"> random events</label>
    <label><input type="checkbox" id="switch-what_if"> What if?</label>
    <label>Scripted sides <select id="switch-difficulty">
      <option value="written">as written</option><option value="hard_line">hard-line</option>
      <option value="cooperative">cooperative</option></select></label>
    <span class="small">(practice, events and difficulty: for tables not yet started)</span>
  </fieldset>
  <button id="summary">Open the class summary of the games so far</button>
</div>
<div class="card"><h2>Students not yet joined</h2><div id="missing"></div>
<h2>Left their seat</h2><div id="away"></div></div>
<div id="tables"></div>
</div>
</main>
<script>
"use strict";
let code = sessionStorage.getItem("parley-teacher") || "";
let known = null;
const $ = (id) => document.getElementById(id);
const esc = (t) => String(t).replace(/[&<>"']/g,
  (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

async function call(method, path, body) {
  const options = {method, headers: {"X-Parley-Code": code}};
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const answer = await fetch(path, options);
  if (answer.status === 403) { throw new Error("refused"); }
  return answer;
}

async function act(action) {
  const answer = await call("POST", "/api/console", action);
  const data = await answer.json();
  const message = $("message");
  message.textContent = data.ok || data.error;
  message.className = data.error ? "error" : "";
  await refresh();
  return data;
}

function worth(best) {
  if (!best) { return "<p class='small'>No text tabled yet.</p>"; }
  const rows = Object.entries(best.worth).map(([side, u]) => {
    const r = best.reservations[side];
    const cls = r !== undefined && u < r ? " class='late'" : "";
    return `<tr><td>${esc(side)}</td><td${cls}>${u.toFixed(2)}</td>` +
      `<td>${r === undefined ? "" : r.toFixed(2)}</td></tr>`;
  }).join("");
  const text = Object.entries(best.text).map(([i, o]) => `${esc(i)}: ${esc(o)}`).join("; ");
  return `<p class="small">Best text so far (${esc(best.party)}, round ${best.round}): ` +
    `${text}</p><table class="worth"><tr><th>side</th><th>worth</th>` +
    `<th>no deal</th></tr>${rows}</table>`;
}

function card(t) {
  let status;
  if (t.finished) {
    status = `<span class="done">Finished: ${esc(t.outcome)}` +
      `${t.ended_by ? " (ended by the teacher)" : ""}</span>`;
  } else {
    const who = t.waiting_students.length ? ` (${t.waiting_students.map(esc).join(", ")})`
      : " (no one at the seat)";
    const late = t.waiting_seconds > 60 ? " late" : "";
    status = `<span class="waiting${late}">Waiting for ${esc(t.waiting_for)}${who} ` +
      `for ${Math.round(t.waiting_seconds)} s</span>`;
    if (t.left !== null) { status += ` · ${Math.ceil(t.left)} s left`; }
    if (t.paused) { status += ` · <span class="paused">PAUSED</span>`; }
  }
  const people = Object.entries(t.people).map(([side, students]) => {
    const here = t.joined[side] || [];
    return `${esc(side)}: ${students.map((s) => here.includes(s) ? esc(s) :
      `<s>${esc(s)}</s>`).join(", ")}`;
  }).join(" · ");
  const flags = t.abandoned.map((s) =>
    ` <span class="flag">abandoned: ${esc(s)}</span>`).join("");
  const standIns = Object.entries(t.stand_ins).map(([s, n]) => `${esc(s)} ${n}`).join(", ");
  return `<div class="card table" data-label="${esc(t.label)}">` +
    `<h2>${esc(t.label)}${flags}</h2>` +
    `<p>Round ${t.round} of ${t.deadline}${t.stage ? ` (${esc(t.stage)})` : ""} · ` +
    `${t.offers} offers · ${status}</p>` +
    `<p class="small">People: ${people}</p>` +
    (standIns ? `<p class="small">Stand-in moves: ${standIns}</p>` : "") +
    (t.injects.length ? `<p class="small">News sent: ${t.injects.map(esc).join("; ")}</p>`
      : "") + worth(t.best) +
    (t.finished ? "" : `<p><button data-act="pause">Pause</button> ` +
      `<button data-act="resume">Resume</button> <button data-act="end">End now</button> ` +
      `<input size="4" type="number" min="5" placeholder="s" class="table-timer"> ` +
      `<button data-act="timer">Timer</button></p>`) + `</div>`;
}

function fill(state) {
  if (known === null) {
    for (const t of state.tables) {
      $("inject-table").add(new Option(t.label, t.label));
    }
    for (const e of state.events) {
      $("inject-event").add(new Option(`${e.number + 1}. ${e.headline} (${e.party})`,
                                       e.number));
    }
    for (const p of state.parties) { $("inject-party").add(new Option(p, p)); }
  }
  known = state;
  $("scenario").textContent = state.scenario;
  $("clock").textContent = state.timer ? `${state.timer} s a move` : "no timer";
  $("endat").textContent = state.end_at ?
    "ends at " + new Date(state.end_at * 1000).toLocaleTimeString() : "";
  for (const name of ["practice", "random_events", "what_if"]) {
    $("switch-" + name).checked = state.settings[name];
  }
  $("switch-difficulty").value = state.settings.difficulty;
  const list = (rows) => rows.length ? rows.map((s) =>
    `${esc(s.student)} (${esc(s.side)}, ${esc(s.table)})`).join(", ") : "none";
  $("missing").textContent = "";
  $("missing").innerHTML = `<p id="missing-list">${list(state.missing)}</p>`;
  $("away").innerHTML = `<p id="away-list">${list(state.away)}</p>`;
  $("tables").innerHTML = state.tables.map(card).join("");
}

async function refresh() {
  try {
    const answer = await call("GET", "/api/console");
    fill(await answer.json());
  } catch (error) {
    $("console").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = "That code does not open the console.";
  }
}

async function enter() {
  code = $("code").value.trim();
  try {
    const answer = await call("GET", "/api/console");
    fill(await answer.json());
    sessionStorage.setItem("parley-teacher", code);
    $("login").hidden = true;
    $("console").hidden = false;
    setInterval(refresh, 1000);
  } catch (error) {
    $("login-error").textContent = "That code does not open the console.";
  }
}

$("enter").onclick = enter;
$("code").onkeydown = (e) => { if (e.key === "Enter") { enter(); } };
$("set-timer").onclick = () => act({action: "timer",
                                    seconds: Number($("timer-seconds").value || 90)});
$("no-timer").onclick = () => act({action: "timer", seconds: null});
$("pause-all").onclick = () => act({action: "pause"});
$("resume-all").onclick = () => act({action: "resume"});
$("set-end").onclick = () => act({action: "end_at", minutes: Number($("end-minutes").value)});
$("end-all").onclick = () => { if (confirm("End every table now?")) act({action: "end"}); };
$("send-inject").onclick = () => {
  const action = {action: "inject", table: $("inject-table").value || null,
                  rounds: Number($("inject-rounds").value || 1)};
  if ($("inject-event").value !== "") {
    action.event = Number($("inject-event").value);
  } else {
    Object.assign(action, {kind: $("inject-kind").value, party: $("inject-party").value,
                           by: Number($("inject-by").value),
                           headline: $("inject-headline").value});
  }
  act(action);
};
for (const name of ["practice", "random_events", "what_if"]) {
  $("switch-" + name).onchange = (e) => act({action: "switch", name,
                                             value: e.target.checked});
}
$("switch-difficulty").onchange = (e) => act({action: "switch", name: "difficulty",
                                              value: e.target.value});
$("summary").onclick = async () => {
  const data = await act({action: "summary"});
  if (data.error) { return; }
  const answer = await call("GET", "/api/summary");
  const page = URL.createObjectURL(new Blob([await answer.text()], {type: "text/html"}));
  window.open(page, "_blank");
};
$("tables").onclick = (e) => {
  const button = e.target.closest("button[data-act]");
  if (!button) { return; }
  const label = button.closest(".table").dataset.label;
  const kind = button.dataset.act;
  if (kind === "timer") {
    const seconds = button.parentElement.querySelector(".table-timer").value;
    act({action: "timer", table: label, seconds: seconds ? Number(seconds) : null});
  } else {
    act({action: kind, table: label});
  }
};
if (code) { $("code").value = code; enter(); }
</script>
</body>
</html>
"""
