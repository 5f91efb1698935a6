// Quick exit lands on this neutral page. If the chat page was gone before it had removed a kept
// help card and its service worker (keep-card.js), finish that here. Nothing else.
"use strict";
if ("caches" in window) {
  caches.keys().then((keys) => keys.forEach((key) => caches.delete(key)));
}
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => r.unregister()));
}
