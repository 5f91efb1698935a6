// The web chat: talks to Rasa over socket.io (hulproute_rasa.channels.SocketChannel) on
// 127.0.0.1 and keeps nothing in the browser. No cookies, no localStorage or sessionStorage:
// the conversation id lives only in this page's memory, so a reload or "Leave quickly" starts
// a new, anonymous conversation. See docs/decisions/0005-web-chat.md.
"use strict";
let REST = null; // from config.json: used only to delete the conversation on quick exit
let socket = null;
// The server chooses the conversation id and sends a resume key with it: after a dropped
// connection the page asks for the same conversation with both (bot/socket_sessions.py).
let sender = null;
let resumeKey = null;
let language = null;

const log = document.getElementById("log");
const input = document.getElementById("message");
const menu = document.getElementById("language");
const outreach = document.getElementById("outreach");

// Phone numbers (Dutch: 0..., +31..., and 112) and e-mail addresses in the bot's answers become
// links, so that one tap calls or writes. Built as DOM nodes, never as HTML.
const CONTACT = /(\+31[\d \-]{8,14}\d|\b0\d[\d \-]{6,12}\d\b|\b112\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

function withLinks(element, text) {
  let last = 0;
  for (const match of text.matchAll(CONTACT)) {
    element.appendChild(document.createTextNode(text.slice(last, match.index)));
    const link = document.createElement("a");
    const value = match[0];
    link.href = value.includes("@") ? "mailto:" + value : "tel:" + value.replace(/[^\d+]/g, "");
    link.textContent = value;
    element.appendChild(link);
    last = match.index + value.length;
  }
  element.appendChild(document.createTextNode(text.slice(last)));
}

// The first bubble of each answer is scrolled to the top of the view (a long answer is read
// from its start: whom to call, not the last websites); later bubbles of it do not scroll.
let answerStarted = false;

function show(who, text, dir, buttons, translation) {
  const item = document.createElement("li");
  item.className = who;
  item.dir = dir || "auto";
  const body = document.createElement("p");
  if (who === "bot") withLinks(body, text || "");
  else body.textContent = text || ""; // text, never HTML: nothing a message says can run
  item.appendChild(body);
  if (translation && translation.text) {
    // Outreach mode: the same answer in the worker's language, under it.
    const beside = document.createElement("p");
    beside.className = "translation";
    beside.lang = translation.language;
    beside.dir = translation.direction || "ltr";
    beside.textContent = translation.text;
    item.appendChild(beside);
  }
  if (buttons && buttons.length) {
    const group = document.createElement("div");
    group.className = "buttons";
    for (const button of buttons) {
      if (/^(tel|mailto):/.test(button.payload)) {
        // A link button ("Call"): opens the phone, sends nothing to the bot.
        const a = document.createElement("a");
        a.className = "link-button";
        a.href = button.payload;
        a.textContent = button.title;
        group.appendChild(a);
        continue;
      }
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = button.title;
      b.addEventListener("click", () => send(button.payload, button.title));
      group.appendChild(b);
    }
    item.appendChild(group);
  }
  log.appendChild(item);
  if (who === "user") {
    answerStarted = false;
    item.scrollIntoView({ block: "end" });
  } else if (!answerStarted) {
    answerStarted = true;
    item.scrollIntoView({ block: "start" });
  }
}

function send(message, shown) {
  show("user", shown || message, "auto");
  const data = { message, session_id: sender, metadata: {} };
  if (language) data.metadata.language = language;
  if (outreach.checked) data.metadata.outreach = language === "nl" ? "en" : "nl";
  if (!socket || !socket.connected || !sender) {
    show("bot", ui.offline || "Connection problem. If you are in danger, call 112.", document.dir);
    return;
  }
  socket.emit("user_uttered", data);
}

function connect(origin) {
  socket = io(origin, { path: "/socket.io", transports: ["websocket"], withCredentials: false });
  socket.on("connect", () =>
    socket.emit("session_request", sender ? { session_id: sender, resume_key: resumeKey } : {}),
  );
  socket.on("session_confirm", (session) => {
    sender = session.session_id;
    resumeKey = session.resume_key;
  });
  socket.on("bot_uttered", (m) => {
    const meta = m.metadata || {};
    show("bot", m.text, meta.direction, m.buttons, meta.translation);
  });
  socket.on("connect_error", () => {});
}

// Quick exit: delete the conversation on the server, clear the page, and replace this page
// in the browser history with a neutral one (Back does not return to the chat).
function leave() {
  if (socket) socket.disconnect();
  if (sender) {
    fetch(REST, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender, message: "/delete_conversation" }),
      credentials: "omit",
      keepalive: true,
    }).catch(() => {});
  }
  log.replaceChildren();
  input.value = "";
  sender = null;
  resumeKey = null;
  window.location.replace("neutral.html");
}
document.getElementById("exit").addEventListener("click", leave);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") leave();
});

document.getElementById("send").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (text) send(text);
  input.value = "";
  input.focus();
});

// The page's own words (labels, safety notice) in the chosen language, from the catalogs.
let ui = {};
let interfaceWanted = null;
async function loadInterface(code) {
  // The start-up's English and a language chosen at once can load together: only the one
  // asked for last is shown, whichever answer arrives first.
  interfaceWanted = code;
  const texts = await (await fetch("ui.json?lang=" + encodeURIComponent(code))).json();
  if (code !== interfaceWanted) return;
  ui = texts;
  document.getElementById("language-label").textContent = ui.language;
  document.getElementById("exit").textContent = ui.leave;
  document.getElementById("exit").title = ui.leave_hint;
  document.getElementById("notice").textContent = ui.notice;
  document.getElementById("message-label").textContent = ui.message;
  document.getElementById("send-button").textContent = ui.send;
  document.getElementById("outreach-label").textContent = ui.outreach;
  document.getElementById("menu-label").textContent = ui.menu;
  document.getElementById("show-notice").textContent = ui.show_notice;
  document.getElementById("notice-close").setAttribute("aria-label", ui.close);
  const unreviewed = document.getElementById("unreviewed");
  unreviewed.textContent = ui.unreviewed;
  unreviewed.hidden = ui.reviewed;
  log.setAttribute("aria-label", ui.conversation);
}

// The safety notice: shown when the page opens, closed with its button, shown again from the
// menu. Nothing is stored: a new page shows it again.
const noticeBox = document.getElementById("notice-box");
document.getElementById("notice-close").addEventListener("click", () => {
  noticeBox.hidden = true;
});
document.getElementById("show-notice").addEventListener("click", () => {
  noticeBox.hidden = false;
  document.getElementById("menu").open = false;
});

async function start() {
  const config = await (await fetch("config.json")).json();
  REST = config.rest;
  connect(config.socket);
  const languages = await (await fetch("languages.json")).json();
  const wanted = new URLSearchParams(window.location.search).get("lang");
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
  if (wanted && languages.some((l) => l.code === wanted)) {
    menu.value = wanted;
    choose();
  } else {
    await loadInterface("en");
  }
}
function choose() {
  language = menu.value || null;
  const chosen = menu.selectedOptions[0];
  document.documentElement.lang = language || "en";
  document.documentElement.dir = (chosen && chosen.dir) || "ltr";
  loadInterface(language || "en");
}
menu.addEventListener("change", choose);
start();
