import { posix, win32 } from "node:path";

/**
 * A history moves with its owner: written on Windows (`D:\sd\models\Lora\x.safetensors`, `\\?\D:\...`
 * long paths, `\\server\share\...`) and read on Linux or macOS, or the reverse. Such a path means
 * nothing here (on Linux `D:\sd\...` is one odd file name in the current folder; on Windows
 * `/home/me/...` is a folder on the current drive): the row's file is looked for in the configured
 * category folder under the row's own file name. Pure: the platform is a parameter.
 */

/** The two path families: Windows', and Linux's and macOS's. */
export type PathFamily = "win32" | "posix";

/** This machine's family. */
export const HERE: PathFamily = process.platform === "win32" ? "win32" : "posix";

/** Which system an absolute path was written on; undefined for a relative path (or an empty one). */
export function writtenOn(path: string): PathFamily | undefined {
	if (/^[\\/]{2}[?.][\\/]/.test(path) || /^\\\\[^\\/]/.test(path) || /^[A-Za-z]:[\\/]/.test(path)) return "win32";
	if (/^\/(?!\/)/.test(path)) return "posix";
	return undefined;
}

/** A Windows path without its `\\?\` (or `\\.\`) long-path prefix: `\\?\UNC\server\share\x` → `\\server\share\x`. */
function withoutLongPrefix(path: string): string {
	const p = path.replace(/\//g, "\\");
	if (/^\\\\[?.]\\UNC\\/i.test(p)) return `\\\\${p.slice(8)}`;
	if (/^\\\\[?.]\\/.test(p)) return p.slice(4);
	return p;
}

/**
 * The file name of a path written on the other family than `here`; undefined when the path is this
 * system's own (or relative, or names no file).
 */
export function foreignFileName(path: string, here: PathFamily = HERE): string | undefined {
	const p = path.trim();
	const family = writtenOn(p);
	if (family === undefined || family === here) return undefined;
	const name = family === "win32" ? win32.basename(withoutLongPrefix(p)) : posix.basename(p);
	return name === "" ? undefined : name;
}
