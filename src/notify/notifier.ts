import { hostname } from "node:os";
import type { RunSummary } from "../core/summary.js";
import type { Messages } from "../i18n/index.js";
import { type OutdatedNote, outdatedPayload } from "./outdated-payload.js";
import { type Occasion, payloadFor, type Webhook, wants } from "./payloads.js";
import { type Delivery, type DeliveryOptions, deliver } from "./send.js";

/**
 * Sends the run's webhooks. Per-item messages go out while the run goes on; `finish` waits for
 * them and sends the end-of-run message. Deliveries never throw and never change the run's result.
 */
export class Notifier {
	private readonly pending: Promise<Delivery>[] = [];
	private readonly host: string;

	constructor(
		private readonly hooks: readonly Webhook[],
		private readonly m: Messages,
		private readonly opts: DeliveryOptions,
		host?: string,
	) {
		this.host = host ?? hostname();
	}

	get configured(): boolean {
		return this.hooks.length > 0;
	}

	private send(o: Occasion): Promise<Delivery>[] {
		return this.hooks.flatMap((h, i) => (wants(h, o) ? [deliver(h, i, payloadFor(h.kind, o, this.m, this.host), this.m, this.opts)] : []));
	}

	/** An item failed (not parked): webhooks with `item_failed` get it now, in the background. */
	itemFailed(name: string, kind: string, message: string): void {
		this.pending.push(...this.send({ type: "item_failed", name, kind, message }));
	}

	/** The run ended: send its outcome (and where the report page is, when there is one) and wait for every delivery of this run. */
	async finish(summary: RunSummary, reportPath?: string): Promise<Delivery[]> {
		const all = [...this.pending, ...this.send({ type: "run", summary, ...(reportPath ? { reportPath } : {}) })];
		this.pending.length = 0;
		return Promise.all(all);
	}

	/** `outdated` found new versions: webhooks with `outdated` get the list (sent and waited for now). */
	outdated(models: readonly OutdatedNote[]): Promise<Delivery[]> {
		return Promise.all(
			this.hooks.flatMap((h, i) =>
				h.on.includes("outdated") ? [deliver(h, i, outdatedPayload(h.kind, models, this.m, this.host), this.m, this.opts)] : [],
			),
		);
	}

	/** `notify test`: one test message to every webhook. */
	test(): Promise<Delivery[]> {
		return Promise.all(this.send({ type: "test" }));
	}
}
