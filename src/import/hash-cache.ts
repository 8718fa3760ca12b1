import { readFile } from "node:fs/promises";
import type { CachedHash } from "../core/import-plan.js";
import { writeFileAtomic } from "../platform/atomic-write.js";

/**
 * The hashes `import` computed, kept beside the history (`<history>.hashcache.json`) so that the next
 * import re-hashes only files whose size or mtime changed. Keyed by absolute path. A missing or
 * damaged cache is an empty one (it is only a cache); it is written atomically.
 */
export class HashCache {
	private constructor(
		readonly file: string,
		private readonly entries: Map<string, CachedHash>,
	) {}

	static async load(file: string): Promise<{ cache: HashCache; damaged: boolean }> {
		const entries = new Map<string, CachedHash>();
		let text: string;
		try {
			text = await readFile(file, "utf8");
		} catch {
			return { cache: new HashCache(file, entries), damaged: false };
		}
		try {
			const j = JSON.parse(text) as { files?: Record<string, Partial<CachedHash>> };
			for (const [path, e] of Object.entries(j.files ?? {})) {
				if (typeof e?.size === "number" && typeof e.mtimeMs === "number" && typeof e.sha256 === "string") {
					entries.set(path, { size: e.size, mtimeMs: e.mtimeMs, sha256: e.sha256 });
				}
			}
			return { cache: new HashCache(file, entries), damaged: false };
		} catch {
			return { cache: new HashCache(file, entries), damaged: true };
		}
	}

	get(path: string): CachedHash | undefined {
		return this.entries.get(path);
	}

	set(path: string, entry: CachedHash): void {
		this.entries.set(path, entry);
	}

	async save(): Promise<void> {
		const files = Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
		await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, files }, null, 1)}\n`);
	}
}
