/* Placette service worker (2026-11-22-be3fb448fe).
   Pages: network first (fresh when online), then the copy kept from the last
   visit, then the offline page. Theme files and images: the kept copy first.
   Only this site's own files are ever stored. */
const VERSION = "2026-11-22-be3fb448fe";
const CACHE = "placette-" + VERSION;
const PRECACHE = ["./", "agenda/", "associations/", "hors-ligne/", "theme/css/placette.css", "theme/js/placette.js", "theme/images/logo.png"];
const BASE = new URL("./", self.location).href;

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
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request, { ignoreSearch: true })
          .then((found) => found || caches.match(new URL("hors-ligne/", BASE).href)))
    );
    return;
  }
  // Pagefind adds ?ts= to its entry file: the kept copy still answers offline.
  const options = { ignoreSearch: request.url.includes("/pagefind/") };
  event.respondWith(
    caches.match(request, options).then((found) => found || fetch(request).then((response) => keep(request, response)))
  );
});