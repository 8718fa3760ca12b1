/**
 * Bounds on JSON from outside (a server's answer, the text chunks of an image), far above any real
 * one (a model has tens of versions, a version a handful of files, nesting under 10 levels; a
 * ComfyUI workflow a few hundred nodes): hostile JSON is refused before it costs hundreds of MB.
 */
export const MAX_JSON_DEPTH = 64;
export const MAX_ENTRIES = 1000;

/** Whether JSON text nests arrays/objects more than `max` deep (a scan of the text, before any parse). */
export function nestedDeeperThan(text: string, max: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > max) return true;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return false;
}
