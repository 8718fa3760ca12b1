/**
 * The report page's script, inline (its SHA-256 is in the page's CSP, so nothing else can run): the
 * filters, the search and the sort, over the cards' data attributes. It reads text from the page and
 * writes only `hidden`, `textContent` and the cards' order: nothing it touches is parsed as HTML.
 */
export const SCRIPT = `(() => {
const $ = (id) => document.getElementById(id);
const grid = $("grid"), shown = $("shown"), none = $("none"), q = $("q"), sort = $("sort");
if (!grid) return;
const cards = Array.from(grid.children);
const pick = { type: $("f-type"), base: $("f-base"), status: $("f-status") };
const BROKEN = ["missing", "size_mismatch", "hash_mismatch"];
const lang = document.documentElement.lang;
function matches(d, words) {
  if (pick.type.value && d.type !== pick.type.value) return false;
  if (pick.base.value && d.base !== pick.base.value) return false;
  const st = d.status.split(" "), want = pick.status.value;
  if (want === "broken" ? !st.some((s) => BROKEN.includes(s)) : want && !st.includes(want)) return false;
  return words.every((w) => d.text.includes(w));
}
function apply() {
  const words = q.value.toLocaleLowerCase().split(/\\s+/).filter(Boolean);
  let n = 0;
  for (const c of cards) {
    const ok = matches(c.dataset, words);
    if (c.hidden === ok) c.hidden = !ok;
    if (ok) n++;
  }
  shown.textContent = shown.dataset.template.replace("{shown}", String(n)).replace("{total}", String(cards.length));
  none.hidden = n > 0;
}
const collator = new Intl.Collator(lang);
const byName = (a, b) => collator.compare(a.dataset.sort, b.dataset.sort);
const ORDER = {
  attention: (a, b) => Number(a.dataset.rank) - Number(b.dataset.rank) || byName(a, b),
  name: byName,
  size: (a, b) => Number(b.dataset.size) - Number(a.dataset.size),
  date: (a, b) => b.dataset.date.localeCompare(a.dataset.date),
};
function order() {
  grid.append(...cards.slice().sort(ORDER[sort.value] || ORDER.attention));
}
q.addEventListener("input", apply);
for (const s of Object.values(pick)) s.addEventListener("change", apply);
sort.addEventListener("change", order);
for (const el of document.querySelectorAll("[data-filter]")) {
  el.addEventListener("click", () => {
    const [key, value] = JSON.parse(el.dataset.filter);
    pick[key].value = value;
    apply();
    grid.scrollIntoView({ block: "start" });
  });
}
const dropBroken = (img) => img.remove();
for (const img of grid.querySelectorAll("img")) {
  if (img.complete && img.naturalWidth === 0 && img.getAttribute("loading") !== "lazy") dropBroken(img);
  else img.addEventListener("error", () => dropBroken(img));
}
// the cards come in the default order (what needs attention first); a form the browser restored is applied
if (sort.value !== "attention") order();
if (q.value || pick.type.value || pick.base.value || pick.status.value) apply();
})();
`;
