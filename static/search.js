// Marsad's search page. What matches is Marsad's (generator/render/search.py): the query is cut into
// words and each word keyed (folded, lightly stemmed) by the rules the page is sent, then given to
// Pagefind between two marks, as the index was, so Pagefind finds exactly the pages holding a word
// with the same key. Its count is the count; every result can be reached ("more"); each shows an
// excerpt of the text as written, with the matching words marked; facets are counted over every
// result from each part's facet file, without loading the results.
const form = document.querySelector("form.search");
const input = form.querySelector("input[type=search]");
const status = document.querySelector(".search__status");
const list = document.querySelector(".search__results");
const more = document.querySelector(".search__more");
const filtersBox = document.querySelector(".search__filters");
const rules = JSON.parse(document.getElementById("search-fold").textContent);
const root = new URL(form.dataset.root, document.baseURI);
const PAGE = 10; // results shown at a time
const AROUND = 12; // words before the first match in an excerpt
const EXCERPT = 32; // words in an excerpt

const WORD = new RegExp(`[\\p{L}\\p{M}\\p{N}${rules.joiners}]+`, "gu");
const LETTER = /[\p{L}\p{N}]/u;
const ARABIC = /[\u0600-\u06ff]/;

// The same folding as generator.text.arabic (NFKC, the table, lower case): for the query shown back.
export function fold(text) {
  let out = "";
  for (const char of text.normalize("NFKC")) out += char in rules.fold ? rules.fold[char] : char;
  return out.toLowerCase();
}

// search.key: folded, without marks, lightly stemmed.
export function key(word) {
  let letters = "";
  for (const char of fold(word).normalize("NFD")) if (LETTER.test(char) && char !== rules.mark) letters += char;
  if (ARABIC.test(letters)) return arabicStem(letters);
  if (/^[a-z]+$/.test(letters)) return englishStem(letters);
  return letters;
}

function arabicStem(word) {
  for (const prefix of rules.prefixes) {
    if (word.startsWith(prefix) && word.length - prefix.length >= rules.leaves) {
      word = word.slice(prefix.length);
      break;
    }
  }
  for (const suffix of rules.suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= rules.leaves) return word.slice(0, -suffix.length);
  }
  return word;
}

function englishStem(word) {
  if (word.endsWith("ies") && word.length - 2 >= rules.englishLeaves) return word.slice(0, -3) + "y";
  if (word.endsWith("s") && word.length - 1 >= rules.englishLeaves && !rules.englishKeeps.some((end) => word.endsWith(end))) {
    return word.slice(0, -1);
  }
  return word;
}

// The words of a text with where they stand, each with its key (words of marks alone have none).
export function words(text) {
  return [...text.matchAll(WORD)].map((m) => ({ at: m.index, end: m.index + m[0].length, key: key(m[0]) })).filter((w) => w.key);
}

export function queryKeys(text) {
  return [...new Set(words(text).map((w) => w.key))];
}

const pagefind = await import(new URL(form.dataset.bundle, document.baseURI).href);
await pagefind.options({ baseUrl: root.pathname });
const parts = [new URL(".", new URL(form.dataset.bundle, document.baseURI)).href];
// A large site's index comes in parts (an edit indexes one part again): one search over them all.
for (const part of form.dataset.merged.split(" ").filter(Boolean)) {
  const url = new URL(part, document.baseURI).href;
  parts.push(url);
  await pagefind.mergeIndex(url, { baseUrl: root.pathname });
}
// Each part's tags and entities by page id: facets are counted over every result without loading it.
const facetsOf = new Map();
for (const facets of await Promise.all(parts.map((part) => fetch(new URL("marsad-facets.json", part)).then((r) => r.json())))) {
  for (const [id, values] of Object.entries(facets)) facetsOf.set(id, values);
}

function values(result, facet) {
  return facetsOf.get(result.id)?.[facet] || [];
}

function chosen() {
  const picked = {};
  for (const set of filtersBox.querySelectorAll("fieldset[data-filter]")) {
    picked[set.dataset.filter] = new Set([...set.querySelectorAll("input:checked")].map((box) => box.value));
  }
  return picked;
}

function matches(result, picked) {
  return Object.entries(picked).every(([facet, wanted]) => !wanted.size || values(result, facet).some((v) => wanted.has(v)));
}

// Filters only where there is something to filter: a facet is shown when one of its values is on some
// of the results but not all of them (or has been picked).
function showFacets(results, picked) {
  let any = false;
  for (const set of filtersBox.querySelectorAll("fieldset[data-filter]")) {
    const facet = set.dataset.filter;
    const counts = new Map();
    for (const result of results) for (const value of values(result, facet)) counts.set(value, (counts.get(value) || 0) + 1);
    for (const value of picked[facet]) if (!counts.has(value)) counts.set(value, 0);
    const useful = picked[facet].size > 0 || [...counts.values()].some((count) => count < results.length);
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
    set.replaceChildren(set.querySelector("legend"), ...(useful ? labels : []));
    set.hidden = !useful || !labels.length;
    any ||= !set.hidden;
  }
  filtersBox.hidden = !any;
}

// The text between `from` and `to`, with the words whose keys are searched for marked.
function marked(text, found, from, to, wanted) {
  const nodes = [];
  let at = from;
  for (const word of found) {
    if (word.at < from || word.end > to || !wanted.has(word.key)) continue;
    if (word.at > at) nodes.push(document.createTextNode(text.slice(at, word.at)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(word.at, word.end);
    nodes.push(mark);
    at = word.end;
  }
  if (to > at) nodes.push(document.createTextNode(text.slice(at, to)));
  return nodes;
}

// About EXCERPT words of the text, from a little before its first matching word (its start when only
// the headline or nothing matches), as written.
function excerpt(text, wanted) {
  const found = words(text);
  const first = Math.max(0, found.findIndex((w) => wanted.has(w.key)));
  const start = Math.max(0, first - AROUND);
  const end = Math.min(found.length, start + EXCERPT);
  const p = document.createElement("p");
  p.className = "search__excerpt";
  p.dir = "auto";
  if (!found.length) return p;
  const from = found[start].at;
  const to = end < found.length ? found[end - 1].end : text.length;
  p.append(start > 0 ? "… " : "", ...marked(text, found, from, to, wanted), end < found.length ? " …" : "");
  return p;
}

function item(data, wanted) {
  const li = document.createElement("li");
  li.className = "search__result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = new URL(data.url, document.baseURI).href; // Pagefind puts baseUrl in front
  const title = data.meta.title || "";
  link.append(...marked(title, words(title), 0, title.length, wanted));
  link.dir = "auto";
  heading.append(link);
  li.append(heading);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "search__date";
    date.textContent = data.meta.date;
    li.append(date);
  }
  li.append(excerpt(data.meta.text || "", wanted));
  return li;
}

let latest = 0;
let current = { shown: [], wanted: new Set(), listed: 0, ticket: 0, loading: false };

async function showMore() {
  const showing = current;
  if (showing.loading) return; // a second press while the next results load adds nothing twice
  showing.loading = true;
  more.disabled = true;
  try {
    const next = showing.shown.slice(showing.listed, showing.listed + PAGE);
    const found = await Promise.all(next.map((result) => result.data()));
    if (showing.ticket !== latest) return; // a newer query meanwhile
    list.append(...found.map((data) => item(data, showing.wanted)));
    showing.listed += next.length;
    more.hidden = showing.listed >= showing.shown.length;
  } finally {
    showing.loading = false;
    more.disabled = false;
  }
}

let typing = 0;
let asking = null; // what the last search was for: the query and the facets picked

function searchFor() {
  const picked = Object.entries(chosen()).map(([name, values]) => `${name}=${[...values].sort()}`);
  return [input.value, ...picked].join("\u0000");
}

async function run(event) {
  if (event) event.preventDefault();
  clearTimeout(typing); // a search pressed for (Enter) is not made again when typing pauses
  asking = searchFor();
  const asked = queryKeys(input.value);
  const picked = chosen();
  const ticket = ++latest;
  delete list.dataset.query;
  const url = new URL(location.href);
  if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!asked.length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    showFacets([], picked);
    list.dataset.query = input.value;
    return;
  }
  const term = (k) => `${rules.mark}${k}${rules.mark}`;
  const search = await pagefind.search(asked.map(term).join(" "));
  // Pagefind leaves out of a search the words an index holds none of, when it holds the others (so
  // one part of the index would find pages without a word asked for): each word is also searched
  // alone, and a result kept only if every one finds it. The whole query's order is kept.
  const each = asked.length > 1 ? await Promise.all(asked.map((k) => pagefind.search(term(k)))) : [];
  if (ticket !== latest) return; // a newer query has been typed meanwhile
  const holders = each.map((alone) => new Set(alone.results.map((result) => result.id)));
  const results = search.results.filter((result) => holders.every((ids) => ids.has(result.id)));
  const shown = results.filter((result) => matches(result, picked));
  showFacets(results, picked);
  current = { shown, wanted: new Set(asked), listed: 0, ticket, loading: false };
  list.replaceChildren();
  await showMore();
  if (ticket !== latest) return;
  status.textContent = shown.length ? form.dataset.results.replace("{count}", shown.length) : form.dataset.noResults;
  list.dataset.query = input.value; // done: what tests wait for
}

form.addEventListener("submit", run);
input.addEventListener("input", () => {
  clearTimeout(typing);
  // Typing that ends where the last search began (a letter typed and erased) searches nothing new.
  typing = setTimeout(() => {
    if (searchFor() !== asking) run();
  }, 150);
});
more.addEventListener("click", () => showMore());
const initial = new URL(location.href).searchParams.get("q");
if (initial) {
  input.value = initial;
  await run();
}
form.classList.add("search--ready");
