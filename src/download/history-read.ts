import { readdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { PathOwner } from "../core/collision.js";
import { foldName } from "../core/path-case.js";

/** How the history writer reads the file it keeps its path index from (history-writer.ts). */

/** The file's first line when it is a header we know (rows appended after it can be read with it). */
export function knownHeader(text: string): string | undefined {
	const first = text
		.replace(/^\uFEFF/, "")
		.split("\n", 1)[0]!
		.replace(/\r$/, "");
	return first.includes("url") && first.includes("model_type") ? first : undefined;
}

/**
 * One path of a case-insensitive folder that the history names in several spellings (a library moved
 * from ext4, where `Detail.safetensors` and `detail.safetensors` were two files, to exFAT, where only
 * one of them can be): it holds the file of the row whose name the folder shows, not the latest row's.
 */
export async function settleContests(index: Map<string, PathOwner>, spellings: Map<string, Map<string, PathOwner>>): Promise<void> {
	for (const [key, seen] of spellings) {
		if (seen.size < 2) continue;
		const first = [...seen.keys()][0]!;
		const names = await readdir(dirname(first)).catch(() => [] as string[]);
		const shown = names.find((n) => foldName(n) === foldName(basename(first)));
		const owner = [...seen].reverse().find(([path]) => basename(path) === shown)?.[1];
		if (owner) index.set(key, owner);
	}
}
