import { type ResolvedItem, resolveTarget } from "../civitai/resolve.js";
import { afterRepairLookupFailure } from "../core/repair-lookup.js";
import { DownloadError, wordsOf } from "../errors.js";
import { msg } from "../i18n/msg.js";
import type { RunContext, RunItem } from "./run-context.js";

/**
 * The API lookups of sidecar repairs (a skipped file whose version is not known). Each is asked
 * once, never on a retry ladder: a failure is a warning and the file stays skipped. The history
 * rows' batched model lists (`ctx.lookups`) answer them first, so a library costs one request per
 * 100 models; what they do not answer is asked one by one, in the gateway's lookup slots. A failure that
 * would repeat for every other lookup (see core/repair-lookup.ts) pauses the repairs that need the
 * API for the rest of the run, with one warning; a rate limit also backs the run off.
 */

/** A lookup not sent: the repairs were paused while it waited for its slot. */
class NotAsked extends DownloadError {
	constructor() {
		super("other", msg("sidecarRepairsPaused", { name: "", reason: "" }));
	}
}

/** Whether a failure that would repeat has paused the run's repair lookups. */
export interface RepairLookups {
	paused: boolean;
}

/** This run's next lookup slot (the gateway's: the lookup pause and the run's back-off), unless the repairs were paused meanwhile. */
async function lookupSlot(ctx: RunContext, s: RepairLookups): Promise<void> {
	await ctx.requests.pacer.lookupSlot();
	if (s.paused) throw new NotAsked();
}

/**
 * A failed lookup: back off on a rate limit, pause on a failure that would repeat (one warning for
 * the run), else warn about this file, unless it was a batch (its items are then asked one by one).
 */
function noteFailure(ctx: RunContext, s: RepairLookups, name: string, e: unknown, batch: boolean): void {
	if (ctx.signal.aborted || e instanceof NotAsked || s.paused) return;
	const reason = wordsOf(e, ctx.m);
	if (e instanceof DownloadError) {
		const verdict = afterRepairLookupFailure(e, ctx.opts.settings.retryDelaysMs);
		if (verdict.backOffMs > 0) ctx.requests.pacer.backOff(verdict.backOffMs);
		if (verdict.pause) {
			s.paused = true;
			ctx.emit({ type: "warning", message: ctx.m.sidecarRepairsPaused({ name, reason }) });
			return;
		}
	}
	if (!batch) ctx.emit({ type: "warning", message: ctx.m.sidecarRepairFailed({ name, reason }) });
}

/** One request, once, in its slot; its failure noted and thrown on. */
async function once<T>(ctx: RunContext, s: RepairLookups, name: string, batch: boolean, ask: () => Promise<T>): Promise<T> {
	try {
		await lookupSlot(ctx, s);
		return await ask();
	} catch (e) {
		noteFailure(ctx, s, name, e, batch);
		throw e;
	}
}

/** The item's version for a repair: from its batch's list, else from its own lookup; undefined when neither answers. */
export async function resolveForRepair(ctx: RunContext, index: number, item: RunItem, name: string): Promise<ResolvedItem | undefined> {
	const target = item.target;
	const s = ctx.repairs;
	if (!target || s.paused) return undefined;
	try {
		const batched = await ctx.lookups?.resolvedFor(index - 1, item, (fetch) => once(ctx, s, name, true, fetch), ctx.signal, true);
		if (batched || s.paused) return batched;
		return await once(ctx, s, name, false, () =>
			resolveTarget(target, ctx.requests.client(), { fileId: item.fileId, signal: ctx.signal, baseUrl: ctx.requests.sites.base.baseUrl }),
		);
	} catch {
		return undefined; // noted where it failed
	}
}
