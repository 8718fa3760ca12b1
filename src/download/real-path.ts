import { realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Where a path really is: made absolute and normalised, then its deepest existing ancestor
 * resolved through symlinks, and the part that does not exist yet appended. Undefined when that
 * cannot be told (a symlink loop, a folder that cannot be read): the caller must not trust it.
 */
export async function realPathOf(path: string): Promise<string | undefined> {
	let existing = resolve(path);
	const rest: string[] = [];
	for (;;) {
		try {
			return join(await realpath(existing), ...rest.reverse());
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			const up = dirname(existing);
			// not there (or a file where a folder should be): try its parent
			if ((code !== "ENOENT" && code !== "ENOTDIR") || up === existing) return undefined;
			rest.push(basename(existing));
			existing = up;
		}
	}
}
