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

// Under an answer with a town's route: the offer to keep its help card (keep-card.js), moved
// under the answer's last bubble as they arrive.
let cardOffer = null;

function show(who, text, dir, buttons, translation, lang) {
  const item = document.createElement("li");
  item.className = who;
  item.dir = dir || "auto";
  if (lang) item.lang = lang;
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
  if (who === "bot") Listen.offer(item, text || "", lang || language, () => ui.listen || "Listen");
  log.appendChild(item);
  if (who === "user") {
    answerStarted = false;
    cardOffer = null;
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
  if (outreach.checked) data.metadata.outreach = besideLanguage();
  if (socket && socket.connected && sender) {
    socket.emit("user_uttered", data);
    return;
  }
  // Not connected yet (the page has just opened) or the connection dropped: the message goes
  // as soon as the conversation is there; if that takes long, say at once how to get help.
  pending.push(data);
  setTimeout(() => {
    if (pending.includes(data)) {
      show("bot", ui.offline || "Connection problem. If you are in danger, call 112.", document.dir);
    }
  }, OFFLINE_AFTER_MS);
}
let pending = [];
const OFFLINE_AFTER_MS = 4000;

function sendPending() {
  const waiting = pending;
  pending = [];
  for (const data of waiting) {
    data.session_id = sender;
    socket.emit("user_uttered", data);
  }
}

// Outreach mode shows each answer in a second language: the worker's own when the phone was
// handed over, else Dutch (English beside a Dutch conversation).
function besideLanguage() {
  if (worker && worker.language && worker.language !== language) return worker.language;
  return language === "nl" ? "en" : "nl";
}

let socketOrigin = null;
function connect(origin) {
  socketOrigin = origin;
  socket = io(origin, {
    path: "/socket.io",
    transports: ["websocket"],
    withCredentials: false,
    forceNew: true,
  });
  socket.on("connect", () =>
    socket.emit("session_request", sender ? { session_id: sender, resume_key: resumeKey } : {}),
  );
  socket.on("session_confirm", (session) => {
    sender = session.session_id;
    resumeKey = session.resume_key;
    sendPending();
  });
  socket.on("bot_uttered", (m) => {
    const meta = m.metadata || {};
    show("bot", m.text, meta.direction, m.buttons, meta.translation, meta.language);
    if (meta.card && meta.card.place) {
      cardOffer = cardOffer || KeepCard.offer(meta.card.place, meta.language || "en", ui);
      if (cardOffer) log.appendChild(cardOffer);
    }
  });
  socket.on("connect_error", () => {});
}

// Delete the conversation on the server and clear it from the page.
function forgetConversation() {
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
  Listen.stop();
  pending = [];
  log.replaceChildren();
  input.value = "";
  sender = null;
  resumeKey = null;
  cardOffer = null;
}

// Quick exit: delete the conversation on the server, clear the page, remove a kept help card
// and its service worker, and replace this page in the browser history with a neutral one
// (Back does not return to the chat).
let leaving = false;
function leave() {
  if (leaving) return;
  leaving = true;
  forgetConversation();
  const away = () => window.location.replace("neutral.html");
  Promise.race([KeepCard.forget(), new Promise((done) => setTimeout(done, 800))]).then(away, away);
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
  document.getElementById("hand-over").textContent = ui.hand_over;
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

// Hand the phone over (outreach): a worker gives the phone to the person they help. A language
// chooser that needs no Latin script: each language's name in its own script, large, and said
// aloud where the phone has a voice for it. Then a new conversation in that language, with the
// worker's language beside each answer. "Give the phone back" deletes that conversation and
// returns to the worker's language and settings.
let languages = []; // languages.json
let worker = null; // the worker's view while the phone is handed over
const chooser = document.getElementById("chooser");
const giveBack = document.getElementById("give-back");

function newConversation() {
  forgetConversation();
  if (socketOrigin) connect(socketOrigin);
}

function handOver() {
  worker = { language: menu.value, outreach: outreach.checked, giveBack: ui.give_back };
  document.getElementById("menu").open = false;
  newConversation();
  const list = document.getElementById("chooser-list");
  list.replaceChildren();
  for (const l of languages) {
    const row = document.createElement("li");
    const pick = document.createElement("button");
    pick.type = "button";
    pick.className = "pick";
    pick.lang = l.code;
    pick.dir = l.dir;
    pick.textContent = l.name;
    pick.addEventListener("click", () => handedOverIn(l.code));
    row.appendChild(pick);
    if (Listen.voiceFor(l.code)) {
      const hear = document.createElement("button");
      hear.type = "button";
      hear.className = "listen";
      hear.setAttribute("aria-pressed", "false");
      hear.setAttribute("aria-label", l.name);
      hear.textContent = "\u{1F50A}";
      hear.addEventListener("click", () => Listen.say(l.name, l.code, hear));
      row.appendChild(hear);
    }
    list.appendChild(row);
  }
  chooser.hidden = false;
}

function handedOverIn(code) {
  chooser.hidden = true;
  menu.value = code;
  choose();
  outreach.checked = true;
  giveBack.textContent = worker.giveBack;
  giveBack.hidden = false;
}

function giveThePhoneBack() {
  chooser.hidden = true;
  giveBack.hidden = true;
  newConversation();
  if (worker) {
    menu.value = worker.language;
    outreach.checked = worker.outreach;
    worker = null;
  }
  choose();
}
document.getElementById("hand-over").addEventListener("click", handOver);
giveBack.addEventListener("click", giveThePhoneBack);

async function start() {
  const config = await (await fetch("config.json")).json();
  REST = config.rest;
  connect(config.socket);
  languages = await (await fetch("languages.json")).json();
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
