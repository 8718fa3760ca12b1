import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { safeFileName } from "./file-name.js";

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

/**
 * The path of a file named by someone else (a server's file name) in `dir`: the name made one safe base
 * name (see `safeFileName`), and the result checked to lie straight in `dir`. Every path built from a
 * server's name goes through here; the check failing would be a bug of ours, so it throws.
 */
export function fileInFolder(dir: string, name: string, fallback?: string): string {
	const path = join(dir, safeFileName(name, fallback));
	if (resolve(dirname(path)) !== resolve(dir)) throw new Error(`a file name led out of ${dir}: ${printable(name)}`);
	return path;
}
