// Minimal web chat over Rasa's REST channel. Nothing is stored in the browser: the sender id
// lives only in this page's memory and a reload starts a new, anonymous conversation.
"use strict";
const REST = "http://127.0.0.1:5005/webhooks/rest/webhook";
const sender = crypto.randomUUID();
let language = null;

const log = document.getElementById("log");
const input = document.getElementById("message");
const menu = document.getElementById("language");

function show(who, text, dir, buttons) {
  const item = document.createElement("li");
  item.className = who;
  item.dir = dir || "auto";
  item.textContent = text || "";
  for (const button of buttons || []) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = button.title;
    b.addEventListener("click", () => send(button.payload, button.title));
    item.appendChild(b);
  }
  log.appendChild(item);
  item.scrollIntoView();
}

async function send(message, shown) {
  show("user", shown || message, "auto");
  const body = { sender, message };
  if (language) body.metadata = { language };
  try {
    const response = await fetch(REST, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    for (const m of await response.json()) {
      const dir = m.metadata && m.metadata.direction;
      show("bot", m.text, dir, m.buttons);
    }
  } catch (error) {
    show("bot", "Connection problem. In danger? Call 112.", "ltr");
  }
}

document.getElementById("send").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (text) send(text);
  input.value = "";
  input.focus();
});

fetch("languages.json").then((r) => r.json()).then((languages) => {
  const auto = document.createElement("option");
  auto.value = "";
  auto.textContent = "…";
  menu.appendChild(auto);
  for (const l of languages) {
    const option = document.createElement("option");
    option.value = l.code;
    option.textContent = l.name;
    option.lang = l.code;
    option.dir = l.dir;
    menu.appendChild(option);
  }
});
menu.addEventListener("change", () => {
  language = menu.value || null;
  const chosen = menu.selectedOptions[0];
  document.documentElement.lang = language || "en";
  document.documentElement.dir = (chosen && chosen.dir) || "ltr";
});
