import { isAbsolute, relative, resolve, sep } from "node:path";

/**
 * Whether `path` is one of `folders` or lies inside one. Both sides should already be absolute and
 * resolved through symlinks (see download/real-path.ts); they are normalised here again, so `..`
 * cannot climb out, and `/models/lora-evil` is not inside `/models/lora`.
 */
export function insideAny(path: string, folders: readonly string[]): boolean {
	const p = resolve(path);
	return folders.some((f) => {
		const rel = relative(resolve(f), p);
		return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
	});
}

/** A path (or any text) from a file someone else wrote, safe to print: control characters shown as `?`. */
export function printable(text: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
	return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "?");
}
