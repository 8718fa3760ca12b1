import { priorityOf } from "./categories.js";

/** The history cells that tell two rows apart (any row type with these string cells will do). */
type Keyed = { version_id: string; file_id: string; url: string };

function idKey(row: Keyed): string | undefined {
	const v = row.version_id.trim();
	return v === "" ? undefined : `${v}:${row.file_id.trim()}`;
}

/**
 * Which rows survive de-duplication: two rows are the same item when they name the same version and
 * file, or share a URL while at least one of them has no ids (a seed-era row). The last row wins.
 */
function survivors<T extends Keyed>(rows: readonly T[]): boolean[] {
	// Stryker disable next-line ArrayDeclaration,BooleanLiteral: every slot is set in the loop below
	const keep = new Array<boolean>(rows.length).fill(false);
	const seenIds = new Set<string>();
	const seenUrlAny = new Set<string>();
	const seenUrlWithoutIds = new Set<string>();
	for (let i = rows.length - 1; i >= 0; i--) {
		const r = rows[i]!;
		const id = idKey(r);
		const url = r.url.trim();
		// mutation testing, equivalent mutants: any one of the four `url !== ""` guards here and below → true (the others
		// keep "" out of the sets, or out of the look-ups), or → `url !== "Stryker was here!"`
		// Stryker disable StringLiteral: `url !== "Stryker was here!"` is `url !== ""` → true, equivalent as above
		const dup = id !== undefined ? seenIds.has(id) || (url !== "" && seenUrlWithoutIds.has(url)) : url !== "" && seenUrlAny.has(url);
		keep[i] = !dup;
		if (id !== undefined) seenIds.add(id);
		else if (url !== "") seenUrlWithoutIds.add(url);
		if (url !== "") seenUrlAny.add(url);
	}
	// Stryker restore StringLiteral
	return keep;
}

/**
 * De-duplicate (the last row for an item wins, in its own position) and order by priority:
 * checkpoint, lora, embedding, everything else; stable within a category. Pure.
 */
export function planRedownload<T extends Keyed & { model_type: string }>(rows: readonly T[]): T[] {
	return (
		dedupeHistory(rows)
			.map((row, i) => ({ row, i, p: priorityOf(row.model_type) }))
			// mutation testing: `a.i - b.i` → `a.i + b.i` is an equivalent mutant (sort is stable: ties keep file order anyway)
			.sort((a, b) => a.p - b.p || a.i - b.i)
			.map((x) => x.row)
	);
}

/** De-duplicated rows in file order (`civitai-dl history`). */
export function dedupeHistory<T extends Keyed>(rows: readonly T[]): T[] {
	const keep = survivors(rows);
	return rows.filter((_, i) => keep[i]);
}

/**
 * `error_kind`s that say nothing against the item itself: what a park writes (the run stopped before
 * the item was tried: `outage`, `quota`, `disk`, and `other` for an interrupt) and none at all.
 */
const NOT_THE_ITEMS: ReadonlySet<string> = new Set(["", "outage", "quota", "disk", "other"]);

/** What names an item in a history or failed list: its version and file, its URL, its path (whichever it has). */
export function itemKeys(row: Keyed & { path?: string }): string[] {
	const keys: string[] = [];
	const id = idKey(row);
	if (id !== undefined) keys.push(`id:${id}`);
	if (row.url.trim() !== "") keys.push(`url:${row.url.trim()}`);
	if (row.path?.trim()) keys.push(`path:${row.path.trim()}`);
	return keys;
}

/** The items failed lists say failed (a park is not a failure of the item): their keys. */
export function failedKeys(rows: readonly (Keyed & { path?: string; error_kind?: string | undefined })[]): Set<string> {
	const out = new Set<string>();
	for (const r of rows) if (!NOT_THE_ITEMS.has((r.error_kind ?? "").trim())) for (const k of itemKeys(r)) out.add(k);
	return out;
}

/** Whether a row names an item of `failed` (see `failedKeys`). */
export function failedBefore(row: Keyed & { path?: string }, failed: ReadonlySet<string>): boolean {
	return itemKeys(row).some((k) => failed.has(k));
}

/**
 * The rows that failed in recent runs go to the back, each group in its own order (issue 25, finding
 * 4): a few broken files must not come first night after night and stop the run before the others
 * are tried. Pure.
 */
export function failuresLast<T extends Keyed & { path?: string }>(rows: readonly T[], failed: ReadonlySet<string>): T[] {
	const before = rows.map((r) => failedBefore(r, failed));
	return [...rows.filter((_, i) => !before[i]), ...rows.filter((_, i) => before[i])];
}
