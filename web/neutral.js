// Quick exit lands on this neutral page. If the chat page was gone before it had removed a kept
// help card and its service worker, finish that here (keep-card.js). Nothing else.
"use strict";
KeepCard.forget();
