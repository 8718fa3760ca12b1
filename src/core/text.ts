/**
 * Text from outside (a server's error message, a model name, a cell of a shared CSV) made safe to
 * print on a terminal or write to a file: no escape sequence can retitle the window, clear the
 * screen, add a hyperlink or reorder what follows.
 *
 * Removed: escape sequences whole (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/SOS/PM/APC
 * `ESC P|X|^|_ … ST`, and two-character `ESC x`), every other C0 control, DEL, the C1 controls
 * U+0080–U+009F, and the bidi embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069.
 * A tab becomes a space. Line breaks become one space, unless `keepNewlines` (then `\n` stays and
 * a `\r` goes).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(s: string, opts: { keepNewlines?: boolean } = {}): string {
	let out = s.replace(ESCAPE_SEQUENCE, "").replace(/\t/g, " ");
	out = opts.keepNewlines ? out.replace(/\r\n/g, "\n") : out.replace(/\r\n|[\r\n]/g, " ");
	return out.replace(CONTROLS, "");
}

/** `cleanText` on every string inside a plain value (objects and arrays are copied, not changed). */
export function cleanDeep<T>(v: T, opts: { keepNewlines?: boolean } = {}): T {
	if (typeof v === "string") return cleanText(v, opts) as T;
	if (Array.isArray(v)) return v.map((x) => cleanDeep(x, opts)) as T;
	if (v !== null && typeof v === "object") {
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) out[k] = cleanDeep(x, opts);
		return out as T;
	}
	return v;
}
