// "Listen": an answer read aloud by the device's own voices (Web Speech API). The text goes to
// the phone's speech engine, nothing leaves the phone. The button is there only when the device
// has a voice for the answer's language: without a Tigrinya or Somali voice there is no button,
// not a broken one. Loaded before chat.js.
"use strict";
const Listen = (() => {
  const speech = "speechSynthesis" in window ? window.speechSynthesis : null;
  let voices = [];
  const waiting = new Set(); // callbacks for when the device's voices have loaded

  function load() {
    voices = speech ? speech.getVoices() : [];
    if (!voices.length) return;
    for (const callback of waiting) callback();
    waiting.clear();
  }
  if (speech) {
    load();
    speech.addEventListener("voiceschanged", load);
  }

  // A voice for the language: its own ("fa"), or a regional one ("fr-FR"), never one for
  // another script of it ("fa-Latn" reads Persian written in Latin letters).
  function voiceFor(language) {
    if (!language) return null;
    const code = language.toLowerCase();
    const fits = voices.filter((v) => {
      const tag = v.lang.toLowerCase().replace("_", "-");
      return tag === code || (tag.startsWith(code + "-") && !/-latn|-cyrl|-arab/.test(tag));
    });
    return fits.find((v) => v.lang.toLowerCase() === code) || fits.find((v) => v.default) || fits[0] || null;
  }

  // Phone numbers are read digit by digit ("0 3 3, 4 4 8"), not as one large number.
  function spoken(text) {
    return text.replace(/\+?\d[\d \-]{1,16}\d/g, (number) =>
      number
        .split(/[ \-]+/)
        .map((group) => group.split("").join(" "))
        .join(", "),
    );
  }

  function say(text, language, button) {
    const voice = voiceFor(language);
    if (!voice) return;
    const again = button && button.getAttribute("aria-pressed") === "true";
    speech.cancel();
    if (again) return; // a second tap stops it
    const utterance = new SpeechSynthesisUtterance(spoken(text));
    utterance.voice = voice;
    utterance.lang = voice.lang;
    if (button) {
      utterance.addEventListener("start", () => button.setAttribute("aria-pressed", "true"));
      const done = () => button.setAttribute("aria-pressed", "false");
      utterance.addEventListener("end", done);
      utterance.addEventListener("error", done);
    }
    speech.speak(utterance);
  }

  // A listen button for `text` in `language`, added to `container` now or when the voices
  // have loaded (they load after the page on some phones); never when no voice fits.
  function offer(container, text, language, label) {
    const add = () => {
      if (container.querySelector(":scope > .listen") || !voiceFor(language)) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "listen";
      button.lang = document.documentElement.lang;
      button.setAttribute("aria-pressed", "false");
      button.textContent = "\u{1F50A} " + label();
      button.addEventListener("click", () => say(text, language, button));
      container.appendChild(button);
    };
    if (voices.length) add();
    else if (speech) waiting.add(add);
  }

  function stop() {
    if (speech) speech.cancel();
  }

  return { offer, say, stop, voiceFor };
})();
