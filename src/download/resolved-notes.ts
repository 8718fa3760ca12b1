import type { ResolvedItem } from "../civitai/resolve.js";
import type { Placed } from "./placement.js";
import type { RunContext } from "./run-context.js";

/**
 * An item that resolved to the file an earlier item of this run already takes (`get version:4002
 * model:400`): said once (`skip`, or in a dry run a `plan` skip, with `sameAs`) and left out, so the
 * file is planned and downloaded once. True when it is such a duplicate.
 */
export function sameFileAsEarlier(ctx: RunContext, index: number, spot: Placed): boolean {
	const { resolved, name, path, category } = spot;
	const key = resolved.downloadUrl;
	const first = ctx.sameFiles.get(key);
	if (first === undefined) {
		ctx.sameFiles.set(key, index);
		return false;
	}
	if (first === index) return false;
	if (ctx.opts.dryRun) {
		ctx.emit({ type: "plan", index, name, category, action: "skip", path, sizeBytes: resolved.sizeBytes ?? null, sameAs: first });
	} else ctx.emit({ type: "skip", index, name, path, reason: "duplicate", sameAs: first });
	return true;
}

/** `model:ID` passed over newer versions in early or paid access: say which it took, and why. */
export function noteVersionPick(ctx: RunContext, index: number, resolved: ResolvedItem): void {
	if (!resolved.passedOver) return;
	ctx.emit({
		type: "version_pick",
		index,
		name: resolved.modelName || `model ${resolved.modelId}`,
		versionId: resolved.versionId,
		version: resolved.versionName,
		passedOver: resolved.passedOver.map((v) => ({ id: v.id, name: v.name, permanent: v.access.permanent, until: v.access.until })),
	});
}
