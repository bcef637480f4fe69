"""The page a phone loads: one self-contained HTML document, no external assets.

It works with no internet (nothing is fetched but its own server's JSON), reads on a
360 px wide screen, has large tap targets and a label for every input. It builds the
form from the state it is sent, with `textContent` only: nothing the session holds is
ever parsed as HTML. It follows the facilitator with server-sent events (falling back to
asking every few seconds), confirms each thing sent, and keeps what is being typed when
the state changes but the form does not.
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Join the workshop</title>
<style>
:root { color-scheme: light dark; --fg: #111; --bg: #fff; --muted: #555; --accent: #1c5fd4;
  --ok: #16692c; --bad: #a0161b; --line: #bbb; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #f2f2f2; --bg: #121212; --muted: #aaa; --accent: #7fb0ff; --ok: #7ddc92;
    --bad: #ff8a8a; --line: #555; } }
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 36rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
header p { margin: 0; color: var(--muted); font-size: .9rem; }
h1 { font-size: 1.5rem; margin: .2rem 0 .4rem; overflow-wrap: anywhere; }
.prompt { margin: 0 0 1rem; overflow-wrap: anywhere; white-space: pre-wrap; }
form { border-top: 2px solid var(--line); padding: .8rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
label { display: block; font-weight: 600; margin: .6rem 0 .25rem; overflow-wrap: anywhere; }
input[type=text], textarea { width: 100%; font: inherit; padding: .7rem; min-height: 3rem;
  border: 2px solid var(--line); border-radius: .5rem; background: var(--bg); color: var(--fg); }
textarea { min-height: 6rem; resize: vertical; }
button { font: inherit; font-weight: 700; min-height: 3rem; min-width: 3rem; padding: .6rem 1rem;
  border-radius: .5rem; border: 2px solid var(--accent); background: var(--accent);
  color: var(--bg); margin-top: .6rem; cursor: pointer; }
button.option { display: block; width: 100%; text-align: left; background: var(--bg);
  color: var(--fg); overflow-wrap: anywhere; }
.keys { display: flex; flex-wrap: wrap; gap: .5rem; }
.keys button { flex: 1 1 3rem; font-size: 1.4rem; }
.ends { color: var(--muted); margin: .4rem 0 0; }
.listen { font-size: 1.3rem; padding: 2rem 0; text-align: center; color: var(--muted); }
#status { min-height: 2rem; font-weight: 700; margin-top: .8rem; overflow-wrap: anywhere; }
#status.ok { color: var(--ok); } #status.bad { color: var(--bad); }
#offline { display: none; color: var(--bad); } body.offline #offline { display: block; }
</style>
</head>
<body>
<main>
<header><p id="session"></p><p id="offline">Reconnecting to the laptop…</p></header>
<section id="step" aria-live="polite"></section>
<p id="status" role="status" aria-live="polite"></p>
</main>
<script>
"use strict";
const base = location.pathname.replace(/\\/$/, "");
let device = null;
try { device = localStorage.getItem("workshop-device"); } catch (e) {}
if (!device || !/^[0-9a-f]{16}$/.test(device)) {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  device = Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  try { localStorage.setItem("workshop-device", device); } catch (e) {}
}
let shown = "";
let current = null;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child);
  return node;
}

function say(text, good) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = good ? "ok" : "bad";
}

async function send(action, values) {
  if (!current || !current.step) return;
  values.context = action.context;
  try {
    const reply = await fetch(base + "/send", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({step: current.step.id, action: action.name, values, device}),
    });
    const data = await reply.json();
    say(data.message, data.ok);
    if (data.ok) {
      for (const box of document.querySelectorAll("form[data-action='" + action.name + "'] .clear"))
        box.value = "";
    }
    if (reply.status === 409) refresh();
  } catch (e) {
    say("Not sent: the laptop cannot be reached. Try again.", false);
  }
}

function formFor(action, index) {
  const form = el("form", {noValidate: true});
  form.dataset.action = action.name;
  form.append(el("h2", {textContent: action.title}));
  const boxes = {};
  let pressable = null;
  action.fields.forEach((field, n) => {
    const id = "f" + index + "-" + n;
    if (field.kind === "text") {
      const long = field.max_length > 300;
      const box = el(long ? "textarea" : "input", {id, name: field.name,
        maxLength: field.max_length, required: field.required,
        autocomplete: field.name === "person" ? "name" : "off"});
      if (!long) box.type = "text";
      if (field.name !== "person") box.className = "clear";
      form.append(el("label", {htmlFor: id, textContent: field.label}), box);
      boxes[field.name] = box;
    } else {
      pressable = field;
      const group = el("div", {className: field.kind === "keys" ? "keys" : "options",
        role: "group"});
      group.setAttribute("aria-label", field.label);
      form.append(el("p", {textContent: field.label, className: "prompt"}));
      const keys = field.kind === "keys";
      for (const [value, label] of field.options) {
        // A key shows its number large; its label (the scale's ends) is read out and
        // written once below the row.
        const button = el("button", {type: "button", textContent: keys ? value : label,
          className: keys ? "" : "option"});
        button.setAttribute("aria-label", label);
        button.addEventListener("click", () => {
          const values = {};
          for (const [name, box] of Object.entries(boxes)) values[name] = box.value;
          values[field.name] = value;
          send(action, values);
        });
        group.append(button);
      }
      form.append(group);
      const ends = field.options.filter(([value, label]) => keys && label !== value);
      if (ends.length) form.append(el("p", {className: "ends",
        textContent: ends.map(([, label]) => label.replace(" ", " = ")).join(" · ")}));
    }
  });
  if (!pressable) form.append(el("button", {type: "submit", textContent: action.button}));
  form.addEventListener("submit", event => {
    event.preventDefault();
    const values = {};
    for (const [name, box] of Object.entries(boxes)) values[name] = box.value;
    send(action, values);
  });
  return form;
}

function render(state) {
  current = state;
  document.getElementById("session").textContent = state.session;
  const key = JSON.stringify([state.listen, state.step, state.actions]);
  if (key === shown) return;
  const typing = {};
  for (const box of document.querySelectorAll("input, textarea")) typing[box.id] = box.value;
  shown = key;
  const section = document.getElementById("step");
  section.replaceChildren();
  if (state.listen || !state.step) {
    section.append(el("p", {className: "listen", textContent: state.finished
      ? "The session has finished. Thank you!" : "Listen to the facilitator."}));
    return;
  }
  section.append(el("h1", {textContent: state.step.title}));
  if (state.step.prompt)
    section.append(el("p", {className: "prompt", textContent: state.step.prompt}));
  state.actions.forEach((action, i) => section.append(formFor(action, i)));
  for (const box of document.querySelectorAll("input, textarea"))
    if (typing[box.id] !== undefined) box.value = typing[box.id];
}

async function refresh() {
  try {
    const reply = await fetch(base + "/state", {cache: "no-store"});
    if (reply.ok) { render(await reply.json()); document.body.classList.remove("offline"); }
  } catch (e) { document.body.classList.add("offline"); }
}

function follow() {
  if (!window.EventSource) { setInterval(refresh, 3000); refresh(); return; }
  const events = new EventSource(base + "/events");
  events.onmessage = message => {
    document.body.classList.remove("offline");
    render(JSON.parse(message.data));
  };
  events.onerror = () => { document.body.classList.add("offline"); };
}
refresh();
follow();
</script>
</body>
</html>
"""
