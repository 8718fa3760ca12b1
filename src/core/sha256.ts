/**
 * A SHA-256 as civitai-dl holds it: hex digits in upper case, the form Civitai's `hashes.SHA256` and
 * the history's `sha256` column use. Made only by `asSha256` where a hash enters (an API answer, our
 * own hasher, a history cell, the hash cache); compared as it is everywhere else.
 */
declare const sha256Brand: unique symbol;
export type Sha256 = string & { readonly [sha256Brand]: true };

/** A hash as it enters: trimmed and upper-cased; undefined for an empty or missing one. Pure. */
export function asSha256(text: string | null | undefined): Sha256 | undefined {
	const t = (text ?? "").trim();
	return t === "" ? undefined : (t.toUpperCase() as Sha256);
}

/** Whether `text` is a whole SHA-256 (64 hex digits, either case). */
export function isSha256Hex(text: string): boolean {
	return /^[0-9a-fA-F]{64}$/.test(text);
}
