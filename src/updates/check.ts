import type { WireListedVersion, WireModelList } from "../civitai/wire-types.js";
import type { Ladder } from "../core/retry-policy.js";
import {
	batchIds,
	type CheckResult,
	findOutdated,
	type ListedModel,
	type ListedVersion,
	type OwnedRow,
	planCheck,
} from "../core/updates.js";
import { DownloadError, InterruptedError } from "../errors.js";
import type { Requests } from "../requests/requests.js";

export interface CheckOptions {
	/**
	 * The way out to Civitai: its sites are asked (base, then red), each list request in a lookup slot
	 * (`Pacer`: 1 s apart by default), a 429 or 503 retried on `retry_delays`, a network failure (no
	 * answer, 502, 504, 520-530) on `network_retry_delays`.
	 */
	requests: Requests;
	ignoreModels?: readonly number[];
	ignoreVersions?: readonly number[];
	/** Told before each wait for a retry: its number and the most there can be, on the failure's ladder. */
	onRetry?: (e: { origin: string; retry: number; max: number; ladder: Ladder; delayMs: number; error: DownloadError }) => void;
}

export interface CheckReport<R extends OwnedRow> extends CheckResult<R> {
	checked: number;
	withoutModelId: number;
	ignored: number;
	requests: number;
	/** Why the lookups on an origin failed (after retries); empty when all answered. */
	failures: { origin: string; error: DownloadError }[];
}

/** Until when a version is gated (early or paid access): "" when for good or with no end given. */
function gatedUntil(v: WireListedVersion): string | undefined {
	if (v.paidAccess) return v.paidAccess.permanent ? "" : (v.paidAccess.endsAt ?? "");
	return v.earlyAccessDeadline ?? v.earlyAccessEndsAt;
}

/** The list answer's models as the pure decisions read them (the primary file's name and size). */
export function listedModels(list: WireModelList): ListedModel[] {
	return list.items.map((m) => ({
		id: m.id,
		name: m.name,
		versions: (m.modelVersions ?? []).map((v): ListedVersion => {
			const file = v.files?.find((f) => f.primary) ?? v.files?.[0];
			return {
				id: v.id,
				name: v.name,
				baseModel: v.baseModel,
				publishedAt: v.publishedAt,
				gatedUntil: gatedUntil(v),
				fileName: file?.name,
				sizeBytes: file?.sizeKB === undefined ? undefined : Math.round(file.sizeKB * 1024),
			};
		}),
	}));
}

/**
 * For every model the history holds: is there a newer published version? One paced request per
 * batch of 100 models per origin; a 429 or 503 retried on `retry_delays`, a network failure on
 * `network_retry_delays` (on the clock).
 * An origin whose lookups fail is reported in `failures`; the others still count.
 */
export async function checkForUpdates<R extends OwnedRow>(rows: readonly R[], opts: CheckOptions): Promise<CheckReport<R>> {
	const { requests } = opts;
	const plan = planCheck(
		rows,
		requests.sites.all.map((s) => s.origin),
		opts.ignoreModels,
	);
	const report: CheckReport<R> = {
		outdated: [],
		notFound: 0,
		notListed: [],
		upToDate: 0,
		checked: 0,
		withoutModelId: plan.withoutModelId,
		ignored: plan.ignored,
		requests: 0,
		failures: [],
	};
	for (const [origin, owned] of plan.byOrigin) {
		const client = requests.client(requests.sites.all.find((s) => s.origin === origin));
		try {
			for (const ids of batchIds(owned.map((o) => o.modelId))) {
				const ask = () => {
					report.requests++;
					return client.getModelsByIds(ids, requests.signal);
				};
				const list = await requests.lookup(ask, { beforeWait: (r) => opts.onRetry?.({ origin, ...r }) });
				const found = findOutdated(
					origin,
					owned.filter((o) => ids.includes(o.modelId)),
					listedModels(list),
					opts.ignoreVersions,
					requests.clock.now(),
				);
				report.outdated.push(...found.outdated);
				report.notFound += found.notFound;
				report.notListed.push(...found.notListed);
				report.upToDate += found.upToDate;
				report.checked += ids.length;
			}
		} catch (e) {
			if (requests.signal.aborted) throw new InterruptedError();
			if (!(e instanceof DownloadError)) throw e;
			report.failures.push({ origin, error: e });
		}
	}
	return report;
}
