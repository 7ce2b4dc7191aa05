// Marsad's search page: Pagefind, with the reader's query folded the way the index was
// (the table comes from the page, made by generator/text/arabic.py), and facets for tags and entities.
const form = document.querySelector("form.search");
const input = form.querySelector("input[type=search]");
const status = document.querySelector(".search__status");
const list = document.querySelector(".search__results");
const filtersBox = form.querySelector(".search__filters");
const table = JSON.parse(document.getElementById("search-fold").textContent);
const root = new URL(form.dataset.root, document.baseURI);

// The same folding as generator.text.arabic.normalise: NFKC, the table, lower case, one space.
export function fold(text) {
  let out = "";
  for (const char of text.normalize("NFKC")) out += char in table ? table[char] : char;
  return out.toLowerCase().replace(/\s+/g, " ").trim();
}

const pagefind = await import(new URL(form.dataset.bundle, document.baseURI).href);
await pagefind.options({ baseUrl: root.pathname });
// A large site's index comes in parts (an edit indexes one part again): one search over them all.
for (const part of form.dataset.merged.split(" ").filter(Boolean)) {
  await pagefind.mergeIndex(new URL(part, document.baseURI).href, { baseUrl: root.pathname });
}

// Facets are counted over the results, from each result's tags and entities (kept as meta: Pagefind's
// own filters are written in a different order on every run, and builds must be byte-identical).
function values(data, facet) {
  return (data.meta[facet] || "").split(" | ").filter(Boolean);
}

function chosen() {
  const picked = {};
  for (const set of form.querySelectorAll("fieldset[data-filter]")) {
    picked[set.dataset.filter] = new Set([...set.querySelectorAll("input:checked")].map((box) => box.value));
  }
  return picked;
}

function matches(data, picked) {
  return Object.entries(picked).every(([facet, wanted]) => !wanted.size || values(data, facet).some((v) => wanted.has(v)));
}

function showFacets(results, picked) {
  let any = false;
  for (const set of form.querySelectorAll("fieldset[data-filter]")) {
    const facet = set.dataset.filter;
    const counts = new Map();
    for (const data of results) for (const value of values(data, facet)) counts.set(value, (counts.get(value) || 0) + 1);
    for (const value of picked[facet]) if (!counts.has(value)) counts.set(value, 0);
    const labels = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, count]) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = value;
      box.checked = picked[facet].has(value);
      box.addEventListener("change", () => run());
      const name = document.createElement("bdi");
      name.textContent = value;
      label.append(box, " ", name, ` (${count})`);
      return label;
    });
    set.replaceChildren(set.querySelector("legend"), ...labels);
    set.hidden = !labels.length;
    any ||= labels.length > 0;
  }
  filtersBox.hidden = !any;
}

function item(data) {
  const li = document.createElement("li");
  li.className = "search__result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = new URL(data.url, document.baseURI).href; // Pagefind puts baseUrl in front
  link.textContent = data.meta.title;
  link.dir = "auto";
  heading.append(link);
  li.append(heading);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "search__date";
    date.textContent = data.meta.date;
    li.append(date);
  }
  if (data.meta.summary) {
    const summary = document.createElement("p");
    summary.textContent = data.meta.summary;
    summary.dir = "auto";
    li.append(summary);
  }
  return li;
}

// Pagefind, when an index holds no word that begins with a word searched for, takes the longest
// word that begins it instead (من for منظمات): not what the reader asked, and different in each part
// of a large site's index. A result must hold, for each word searched, a matched word that shares
// three letters with it (all of a shorter word).
function answers(query, data) {
  const words = data.content.includes("\u200B") ? data.content.split("\u200B") : data.content.split(/[\r\n\s]+/g);
  const matched = data.locations.map((at) => fold(words[at] || ""));
  return query.split(" ").every((asked) => matched.some((word) => shares(asked, word)));
}

function shares(asked, word) {
  const length = Math.min(3, asked.length);
  for (let at = 0; at + length <= asked.length; at++) if (word.includes(asked.slice(at, at + length))) return true;
  return false;
}

let latest = 0;
async function run(event) {
  if (event) event.preventDefault();
  const query = fold(input.value);
  const picked = chosen();
  const ticket = ++latest;
  const url = new URL(location.href);
  if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    showFacets([], picked);
    return;
  }
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.slice(0, 200).map((result) => result.data()));
  const results = found.filter((data) => answers(query, data));
  if (ticket !== latest) return; // a newer query has been typed meanwhile
  const shown = results.filter((data) => matches(data, picked));
  showFacets(results, picked);
  list.replaceChildren(...shown.slice(0, 30).map(item));
  status.textContent = shown.length ? form.dataset.results.replace("{count}", shown.length) : form.dataset.noResults;
}

form.addEventListener("submit", run);
input.addEventListener("input", () => run());
const initial = new URL(location.href).searchParams.get("q");
if (initial) {
  input.value = initial;
  await run();
}
form.classList.add("search--ready");
