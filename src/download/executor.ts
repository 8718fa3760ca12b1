import { parseCategory } from "../core/categories.js";
import { failItem, parkedWhy } from "./item-failure.js";
import { processItem, skippedInsteadOfParked } from "./process-item.js";
import type { RunContext, RunItem } from "./run-context.js";

/**
 * Run the plan: items in order, checkpoints alone (first, as planned), everything else up to the
 * gate's limit at a time. Stops starting items when the run is stopped (quota, full disk, outage,
 * interrupt) and parks every item not started, except those whose file is there (skipped, as they would
 * have been). A bug of ours (an unexpected error) is thrown once every running item has ended.
 */
export async function executeItems(ctx: RunContext, items: readonly RunItem[]): Promise<void> {
	const { gate, signal, summary } = ctx;
	const started = new Set<number>();
	const running = new Set<Promise<void>>();
	let unexpected: unknown;
	const stopping = () => signal.aborted || summary.stoppedBy !== null || unexpected !== undefined;
	for (let i = 0; i < items.length && !stopping(); i++) {
		const item = items[i]!;
		// a row's recorded type, or (an item a source resolved from its listing) the resolved one
		const known = ctx.opts.category ?? parseCategory(item.row?.model_type ?? "") ?? item.resolved?.category;
		const lane = { large: known === "checkpoint" };
		await gate.enter(lane.large);
		if (stopping()) {
			gate.leave(lane.large);
			break;
		}
		started.add(i);
		const run: Promise<void> = processItem(ctx, i, item, lane)
			.catch((e) => {
				unexpected ??= e;
			})
			.finally(() => {
				gate.leave(lane.large);
				running.delete(run);
			});
		running.add(run);
	}
	while (running.size > 0) await Promise.all([...running]);
	if (unexpected !== undefined) throw unexpected;
	if (summary.stoppedBy === null && !signal.aborted) return;
	if (summary.stoppedBy === null) ctx.stop("interrupt");
	const [kind, message] = parkedWhy(summary.stoppedBy, ctx.m);
	for (const [i, item] of items.entries()) {
		if (started.has(i) || (await skippedInsteadOfParked(ctx, i, item))) continue;
		failItem(ctx, i + 1, item, undefined, { kind, message, parked: true });
	}
}
