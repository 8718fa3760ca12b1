import { asSha256, type Sha256 } from "./sha256.js";

/**
 * Files of different models often share one name (`pytorch_lora_weights.safetensors`). A path the
 * history records for another version or file is never overwritten: the newcomer gets a distinct
 * name. Pure: the engine looks up who owns each candidate path and asks.
 */

/** The latest history row for a path: whose file it is. Empty strings are unknown. */
export interface PathOwner {
	versionId: string;
	fileId: string;
	sha256: string;
	sizeBytes: string;
}

/** The file an item is about. */
export interface FileKey {
	versionId: string;
	fileId: string;
}

/**
 * this: the path holds this file. other: another version's or file's. none: nobody's, as far as
 * anyone knows (no row, or a row without a version id: an old seed row that cannot be told apart).
 */
export type Ownership = "this" | "other" | "none";

export function ownership(owner: PathOwner | undefined, me: FileKey): Ownership {
	if (owner === undefined || owner.versionId === "" || me.versionId === "") return "none";
	if (owner.versionId !== me.versionId) return "other";
	// a row without a file id names the version's file under this name
	return owner.fileId === "" || me.fileId === "" || owner.fileId === me.fileId ? "this" : "other";
}

/**
 * Whether the history vouches for the file at a path: its latest row is this file and, when the
 * API gives a SHA-256, the row's hash is that one (the row's cell read as a hash enters).
 */
export function vouchedFor(owner: PathOwner | undefined, me: FileKey, apiSha256: Sha256 | undefined): boolean {
	if (ownership(owner, me) !== "this") return false;
	return apiSha256 === undefined || asSha256(owner!.sha256) === apiSha256;
}

const MAX_BYTES = 255;

function cutToBytes(s: string, max: number): string {
	let out = "";
	for (const ch of s) {
		// Stryker disable next-line StringLiteral: Buffer.byteLength(s, "") counts UTF-8 bytes all the same
		if (Buffer.byteLength(out + ch, "utf8") > max) break;
		out += ch;
	}
	return out;
}

/** `name` with `tag` before its extension, the stem cut so that the whole stays within 255 bytes. */
export function tagged(name: string, tag: string): string {
	const dot = name.lastIndexOf(".");
	// mutation testing: "utf8" → "" here is an equivalent mutant (Buffer.byteLength counts UTF-8 bytes all the same)
	const ext = dot > 0 && Buffer.byteLength(name.slice(dot), "utf8") <= 16 ? name.slice(dot) : "";
	const stem = name.slice(0, name.length - ext.length);
	// Stryker disable next-line StringLiteral: Buffer.byteLength(s, "") counts UTF-8 bytes all the same
	const room = MAX_BYTES - Buffer.byteLength(tag + ext, "utf8");
	return cutToBytes(stem, room) + tag + ext;
}

/** The names to try, in order: the file's own, `<stem>_<versionId>.<ext>`, `<stem>_<versionId>_<fileId>.<ext>`. */
export function candidateNames(name: string, me: FileKey): string[] {
	return [name, tagged(name, `_${me.versionId}`), tagged(name, `_${me.versionId}_${me.fileId}`)];
}

/**
 * Which candidate to use, given each one's ownership in order: one that already holds this file
 * (an earlier run gave it a distinct name), else the first that is nobody's; undefined when every
 * one is another file's.
 */
export function pickCandidate(owned: readonly Ownership[]): number | undefined {
	const mine = owned.indexOf("this");
	if (mine >= 0) return mine;
	const free = owned.indexOf("none");
	return free >= 0 ? free : undefined;
}
