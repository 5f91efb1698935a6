// "Keep this help card on my phone": only when the user asks, the help card for their town and
// language (card.html, the same card outreach workers print) goes into the browser's cache, and
// a service worker (sw.js) opens it without a network. Quick exit removes both. Nothing else is
// kept: no conversation, no answer. Loaded before chat.js.
"use strict";
const KeepCard = (() => {
  const CACHE = "hulproute-card";
  const POINTER = "kept-card"; // sw.js: which card the start page shows offline
  const possible = "serviceWorker" in navigator && "caches" in window && window.isSecureContext;

  function address(place, language) {
    return "card.html?lang=" + encodeURIComponent(language) + "&place=" + encodeURIComponent(place);
  }

  async function keep(place, language) {
    const url = address(place, language);
    await navigator.serviceWorker.register("sw.js");
    await caches.delete(CACHE); // one card at a time: the newest
    const cache = await caches.open(CACHE);
    await cache.addAll([url, "card.css"]);
    await cache.put(POINTER, new Response(url));
    return url;
  }

  // The offer under an answer with a town's route: the button, and before anyone taps it, what
  // keeping it means (it opens without internet; someone who checks the phone could see it).
  function offer(place, language, ui) {
    if (!possible) return null;
    const item = document.createElement("li");
    item.className = "bot card-offer";
    item.dir = document.documentElement.dir;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = ui.keep_card;
    const note = document.createElement("p");
    note.textContent = ui.keep_card_note;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const url = await keep(place, language);
        const kept = document.createElement("p");
        kept.textContent = ui.kept_card + " ";
        const link = document.createElement("a");
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = ui.open_card;
        kept.appendChild(link);
        item.replaceChildren(kept);
      } catch (error) {
        button.disabled = false;
      }
    });
    item.append(button, note);
    return item;
  }

  // Quick exit: the kept card and the service worker are removed (bounded: quick exit waits
  // for this at most a moment).
  function forget() {
    if (!possible) return Promise.resolve();
    return Promise.all([
      caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key)))),
      navigator.serviceWorker
        .getRegistrations()
        .then((registrations) => Promise.all(registrations.map((r) => r.unregister()))),
    ]);
  }

  return { offer, forget };
})();
