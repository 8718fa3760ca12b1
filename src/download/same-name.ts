import { join } from "node:path";
import type { ResolvedItem } from "../civitai/resolve.js";
import { candidateNames, type FileKey, type Ownership, ownership, pickCandidate } from "../core/collision.js";
import { partFileName } from "../core/file-name.js";
import { DownloadError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import type { RunContext } from "./run-context.js";

export function fileKeyOf(resolved: ResolvedItem): FileKey {
	return { versionId: String(resolved.versionId), fileId: String(resolved.fileId) };
}

/**
 * The name for an item's file in `dir`: `name`, unless the history records that path for another
 * version or file (on a case-insensitive folder, `Detail.safetensors` is `detail.safetensors`), or another item of this run has claimed it, or it is in `taken` (a file that is
 * not ours stands there), or its partial file's name is a path the history records for another
 * file (a history written before such names were made safe); then a distinct name (see
 * core/collision.ts). The path chosen is claimed for the run. Nothing of another file's is ever chosen, `--force` or not; when every candidate is
 * taken the item fails.
 */
export async function claimFreeName(
	ctx: RunContext,
	dir: string,
	name: string,
	resolved: ResolvedItem,
	taken: ReadonlySet<string> = new Set(),
): Promise<{ name: string; path: string }> {
	const index = await ctx.history.index();
	await ctx.cases.of(dir); // how the folder compares names: asked before the claims below
	const me = fileKeyOf(resolved);
	const key = `${me.versionId}:${me.fileId}`;
	const names = candidateNames(name, me);
	// no await from here on: the check and the claim are one step for the run's other lanes
	const owned = names.map((n): Ownership => {
		if (taken.has(n)) return "other";
		const path = join(dir, n);
		const claim = ctx.claims.ownerOf(path);
		if (claim !== undefined) return claim === key ? "this" : "other";
		const part = join(dir, partFileName(n));
		if ([part, `${part}.segments`].some((p) => ownership(index.ownerOf(p), me) === "other")) return "other";
		return ownership(index.ownerOf(path), me);
	});
	const i = pickCandidate(owned);
	if (i === undefined) throw new DownloadError("other", msg("errSamePath", { path: join(dir, name) }));
	const path = join(dir, names[i]!);
	ctx.claims.claim(path, key);
	return { name: names[i]!, path };
}
