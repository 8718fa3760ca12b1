import { skipByRow } from "./item-decision.js";

/** How many items a question names before "and N more" (issue 27, point 4). */
export const NAMED_IN_PROMPT = 3;

/** The first few names of a list, and how many are left unnamed. */
export function namesOf(all: readonly string[], max = NAMED_IN_PROMPT): { names: string[]; more: number } {
	const names = all.slice(0, max);
	return { names, more: all.length - names.length };
}

/** What `redownload all` will download, as its question says it. */
export interface RedownloadPlan {
	/** Items to download. */
	count: number;
	/** Items in the history (de-duplicated). */
	of: number;
	/** Items whose file is there with the size the history records: skipped. */
	present: number;
	/** The known sizes of the items to download, added up. */
	bytes: number;
	/** Items to download whose size the history does not know. */
	unknown: number;
	names: string[];
	more: number;
}

type Row = { filename: string; path: string; url: string; size_bytes: string };

/**
 * What `redownload all` will download: every row but those whose file is there with the recorded size
 * (`sizesOnDisk[i]` is the size of the file at row i's path, undefined when none), as the run itself
 * skips them without a request. `relocated` (--output, --type): the recorded paths say nothing. Pure.
 */
export function redownloadPlan(rows: readonly Row[], sizesOnDisk: readonly (number | undefined)[], relocated: boolean): RedownloadPlan {
	const take: Row[] = [];
	let present = 0;
	let bytes = 0;
	let unknown = 0;
	rows.forEach((r, i) => {
		const recordedSize = /^\d+$/.test(r.size_bytes.trim()) ? Number(r.size_bytes.trim()) : undefined;
		const there = skipByRow({
			force: false,
			relocated,
			rowPath: r.path || undefined,
			recordedSize,
			sizeOnDisk: sizesOnDisk[i],
			rowOwnsPath: true, // the history's own rows, de-duplicated: each is its path's latest row
		});
		if (there) {
			present++;
			return;
		}
		take.push(r);
		if (recordedSize !== undefined && recordedSize > 0) bytes += recordedSize;
		else unknown++;
	});
	const label = (r: Row) => r.filename || r.path.split(/[\\/]/).pop() || r.url;
	return { count: take.length, of: rows.length, present, bytes, unknown, ...namesOf(take.map(label)) };
}
