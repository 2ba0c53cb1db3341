/* Search with Pagefind's small API; results are plain links. Without this
   script the page still lists ways to browse. Its sentences come from the page
   (data-t-* on the form, translated with the rest of the page). One index
   serves every interface language (each content indexed once, on the page of
   its own language: placette/build/search_index.py); a result is opened in the
   reader's interface language: /associations/x/ becomes /ar/associations/x/
   from the Arabic search page (data-langue), unless it already lives in a
   language's folder (data-langues). */
const script = document.querySelector("script[data-pagefind]");
const form = document.querySelector("[data-search]");
const box = document.querySelector("[data-results]");
const input = document.getElementById("q");
let pagefind = null;
const said = (name, values = {}) =>
  (form.dataset["t" + name] || "").replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : ""));

const bundle = script ? new URL(script.dataset.pagefind, location.href) : null;
const root = bundle ? bundle.pathname.replace(/pagefind\/pagefind\.js$/, "") : "/";
const folder = script ? script.dataset.langue || "" : "";
const folders = script ? (script.dataset.langues || "").split(" ").filter(Boolean) : [];

function inLanguage(url) {
  if (!folder || !url.startsWith(root)) return url;
  const path = url.slice(root.length);
  if (folders.some((code) => path.startsWith(code + "/"))) return url;
  return root + folder + "/" + path;
}

async function load() {
  if (!pagefind) {
    pagefind = await import(bundle.href);
    await pagefind.options({ excerptLength: 20, baseUrl: root });
  }
  return pagefind;
}

function say(text) {
  box.replaceChildren();
  const p = document.createElement("p");
  p.textContent = text;
  box.append(p);
}

async function run(query) {
  query = query.trim();
  if (!query) { box.replaceChildren(); return; }
  let engine;
  try { engine = await load(); } catch (e) { say(said("Offline")); return; }
  const found = await engine.search(query);
  const data = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  box.replaceChildren();
  const title = document.createElement("h2");
  title.textContent = data.length ? said("Found", { n: data.length, q: query }) : said("None", { q: query });
  box.append(title);
  const list = document.createElement("ul");
  list.className = "cards";
  for (const item of data) {
    const li = document.createElement("li");
    li.className = "card";
    const h = document.createElement("h3");
    const a = document.createElement("a");
    a.href = inLanguage(item.url);
    a.textContent = item.meta.title || item.url;
    h.append(a);
    const p = document.createElement("p");
    p.innerHTML = item.excerpt; /* Pagefind escapes the page text and adds <mark> */
    li.append(h, p);
    list.append(li);
  }
  box.append(list);
}

if (form && script) {
  form.hidden = false;
  document.querySelector("[data-no-search]").textContent = said("Browse");
  const params = new URLSearchParams(location.search);
  if (params.get("q")) { input.value = params.get("q"); run(params.get("q")); }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
}
