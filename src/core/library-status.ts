/**
 * What the report says of one file of the library (issue 29), from what is known without hashing:
 * the history's size, the file on disk, and what the last `verify` found while the file was as it is now.
 */

/** The state of the file itself. */
export type FileState = "verified" | "not_checked" | "missing" | "size_mismatch" | "hash_mismatch";

/** Every status a card can show and a filter can pick: the file's state, and two flags beside it. */
export type LibraryStatus = FileState | "newer" | "failed_last";

export const LIBRARY_STATUSES: readonly LibraryStatus[] = [
	"verified",
	"not_checked",
	"missing",
	"size_mismatch",
	"hash_mismatch",
	"newer",
	"failed_last",
];

/** What `verify` kept of a file: its verdict, and the file's size and change time when it was hashed. */
export interface KeptCheck {
	status: "ok" | "missing" | "size_mismatch" | "hash_mismatch" | "no_hash";
	size: number | null;
	mtimeMs: number | null;
}

/** The file as it is now (null: not there, or not a regular file). */
export interface OnDisk {
	size: number;
	mtimeMs: number;
}

/**
 * The file's state. Missing and a wrong size are seen at once; a hash verdict holds only while the
 * file has the size and change time it had when `verify` hashed it (else: not checked).
 */
export function fileState(expectedSize: number | null, disk: OnDisk | null, kept: KeptCheck | undefined): FileState {
	if (disk === null) return "missing";
	if (expectedSize !== null && expectedSize !== disk.size) return "size_mismatch";
	if (!kept || kept.size !== disk.size || kept.mtimeMs !== disk.mtimeMs) return "not_checked";
	if (kept.status === "ok") return "verified";
	if (kept.status === "hash_mismatch") return "hash_mismatch";
	return "not_checked";
}

/** A file state that needs the file downloaded again. */
export function isBrokenState(s: FileState): boolean {
	return s === "missing" || s === "size_mismatch" || s === "hash_mismatch";
}

/** Every status of an entry: its file's state first, then the flags that hold. */
export function statusesOf(state: FileState, flags: { newer: boolean; failedLast: boolean }): LibraryStatus[] {
	return [state, ...(flags.newer ? (["newer"] as const) : []), ...(flags.failedLast ? (["failed_last"] as const) : [])];
}

/** Which needs the user first, most urgent first: a file to download again, a failure, a newer version, an unchecked file. */
const ATTENTION: readonly LibraryStatus[] = [
	"missing",
	"hash_mismatch",
	"size_mismatch",
	"failed_last",
	"newer",
	"not_checked",
	"verified",
];

/** An entry's place in the "needs attention first" order (0 first): its most urgent status's. */
export function attentionRank(statuses: readonly LibraryStatus[]): number {
	return Math.min(...statuses.map((s) => ATTENTION.indexOf(s)));
}
