import { createHash } from "node:crypto";
import filenamify from "filenamify";

const MAX_BYTES = 255;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function utf8Length(s: string): number {
	// Stryker disable next-line StringLiteral: Buffer.byteLength(s, "") counts UTF-8 bytes all the same
	return Buffer.byteLength(s, "utf8");
}

/** Cut `s` to at most `max` UTF-8 bytes without splitting a character. */
function truncateBytes(s: string, max: number): string {
	let out = "";
	let used = 0;
	for (const ch of s) {
		const n = utf8Length(ch);
		if (used + n > max) break;
		out += ch;
		used += n;
	}
	return out;
}

/**
 * The names of our own working files beside a download: its partial file (`<name>.part`, see
 * `partFileName`) and the segment plan beside that (`<name>.part.segments`).
 */
const WORKING_NAME = /\.(part(?:\.segments)?)$/i;

/**
 * Reduce any server-given name to one safe base name: no directories, no `..`, no control
 * characters, no Windows-reserved names, at most 255 UTF-8 bytes (the extension kept), and never
 * the name of one of our working files (`x.part` becomes `x_part`: a model named like another's
 * partial file was taken for it, resumed into and deleted). Returns `fallback` when nothing usable is left.
 */
export function safeFileName(name: string, fallback = "download.bin"): string {
	// keep only the last path component, whatever the separator
	// Stryker disable next-line StringLiteral: split() gives at least one piece, so pop() is never undefined
	const base = name.split(/[/\\]/).pop() ?? "";
	// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
	let s = filenamify(base.replace(/[\u0000-\u001f\u007f-\u009f]/g, ""), { replacement: "_", maxLength: 10_000 });
	// mutation testing, equivalent mutants while filenamify (7) trims dots and white space at the end and answers "_"
	// for a name of nothing else: the second replace's pattern and string, and `s === ""` → false or → "Stryker was here!"
	s = s.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
	if (s === "" || /^_+$/.test(s)) s = fallback;
	if (WINDOWS_RESERVED.test(s)) s = `_${s}`;
	// mutation testing, equivalent mutants: `> MAX_BYTES` → true or `>=` (cutting a name within 255 bytes changes
	// nothing: it has no dots or spaces at its end, unless it is a caller's fallback that has), `dot > 0` → `>= 0` (no
	// leading dot is left), `s.length - ext.length` → `+` (the cut lands inside the stem either way), and
	// `if (s === "")` → false (the cut keeps at least the first character)
	if (utf8Length(s) > MAX_BYTES) {
		const dot = s.lastIndexOf(".");
		const ext = dot > 0 && utf8Length(s.slice(dot)) <= 16 ? s.slice(dot) : "";
		// Stryker disable next-line MethodExpression: without slice() the cut lands inside the stem all the same
		s = truncateBytes(s.slice(0, s.length - ext.length), MAX_BYTES - utf8Length(ext)) + ext;
		// the cut may leave trailing spaces or dots, which Windows silently drops from names
		s = s.replace(/[.\s]+$/, "");
		// Stryker disable next-line StringLiteral: s is never "" here (see above), nor "Stryker was here!"
		if (s === "") s = fallback;
	}
	return s.replace(WORKING_NAME, "_$1");
}

/**
 * Room a partial name leaves within 255 bytes for what is put after it: the segment state file's
 * `.segments` and the `.<number>` of the temporary file it is written through.
 */
const PART_ROOM = ".segments".length + ".4294967295".length;

/**
 * The partial file's name for a final name: `<name>.part`. A name too long for that (and for the
 * state file beside it) is cut and tagged with a short hash of the whole name, so two names that
 * differ only after the cut never share one partial file.
 */
export function partFileName(finalName: string): string {
	const suffix = ".part";
	const max = MAX_BYTES - PART_ROOM;
	if (utf8Length(finalName) + suffix.length <= max) return finalName + suffix;
	const tag = `~${createHash("sha256").update(finalName).digest("hex").slice(0, 12)}`;
	return truncateBytes(finalName, max - tag.length - suffix.length) + tag + suffix;
}
