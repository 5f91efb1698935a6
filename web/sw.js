// Hulproute's service worker. Registered only when the user asks to keep a help card on the
// phone ("Keep this help card on my phone" in chat.js); quick exit unregisters it and deletes
// its cache. It keeps nothing itself: the page puts the one card (card.html?lang=..&place=..)
// and its stylesheet into the cache "hulproute-card". Without a network, that card opens, and
// the app's start page shows it. Everything else always comes from the network (never cached:
// no conversation, no answer, no page of the chat).
"use strict";
const CARD_CACHE = "hulproute-card";
const KEPT_CARD = "/kept-card"; // the cache's pointer to the kept card's address

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function keptCard(request) {
  const cache = await caches.open(CARD_CACHE);
  const exact = await cache.match(request, { ignoreVary: true });
  if (exact) return exact;
  if (request.mode !== "navigate") return undefined;
  // The start page (or any page of the chat) offline: the kept card instead, if there is one.
  const pointer = await cache.match(KEPT_CARD);
  return pointer ? cache.match(await pointer.text()) : undefined;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode !== "navigate" && url.pathname !== "/card.css") return;
  event.respondWith(
    fetch(request).catch(async () => (await keptCard(request)) || Response.error()),
  );
});
