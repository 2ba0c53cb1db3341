/* Placette service worker (2026-11-22-a75f6c04a1).
   Pages: network first (fresh when online), then the copy kept from the last
   visit, then the offline page. Theme files and images: the kept copy first.
   Only this site's own files are ever stored. A page under a language's
   folder (ar/…) falls back to that language's offline page, and the first
   visit in a language keeps that language's home, agenda and directory. */
const VERSION = "2026-11-22-a75f6c04a1";
const CACHE = "placette-" + VERSION;
const PRECACHE = ["./", "agenda/", "associations/", "hors-ligne/", "theme/css/placette.css", "theme/js/placette.js", "theme/images/logo.png", "ar/hors-ligne/", "en/hors-ligne/"];
const BASE = new URL("./", self.location).href;
const LANGUAGES = ["ar", "en"];  // the interface languages with a folder
const PAGES = ["./", "agenda/", "associations/"];
const OFFLINE = "hors-ligne/";

// The folder of the reader's language ("ar/"), or "" for the first language.
function folder(url) {
  const path = url.slice(BASE.length);
  const code = LANGUAGES.find((c) => path === c || path.startsWith(c + "/"));
  return code ? code + "/" : "";
}

// The first page read in a language: that language's main pages, kept once.
function keepLanguage(prefix) {
  if (!prefix) return Promise.resolve();
  return caches.open(CACHE).then((cache) => Promise.all(PAGES.map((page) => {
    const url = new URL(prefix + page, BASE).href;
    return cache.match(url).then((found) => found || fetch(url).then((response) => keep(url, response)).catch(() => null));
  })));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new URL(path, BASE).href)))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("placette-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(BASE)) return;
  if (request.mode === "navigate") {
    const prefix = folder(request.url);
    if (prefix) event.waitUntil(keepLanguage(prefix));
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request, { ignoreSearch: true })
          .then((found) => found || caches.match(new URL(prefix + OFFLINE, BASE).href)))
    );
    return;
  }
  // Pagefind adds ?ts= to its entry file: the kept copy still answers offline.
  const options = { ignoreSearch: request.url.includes("/pagefind/") };
  event.respondWith(
    caches.match(request, options).then((found) => found || fetch(request).then((response) => keep(request, response)))
  );
});