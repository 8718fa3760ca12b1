import type { CivitaiClient } from "../civitai/client.js";
import type { WireVersion } from "../civitai/wire-types.js";
import { distinctHashes, hashBatches, type Identification, identify, matchBatch } from "../core/import-plan.js";
import { isSha256Hex } from "../core/sha256.js";
import type { Site } from "../core/sites.js";
import { DownloadError, type ErrorKind, wordsOf } from "../errors.js";
import type { Messages } from "../i18n/en.js";
import type { Requests } from "../requests/requests.js";
import type { RetryNotice } from "../requests/retry.js";
import type { ImportEvent } from "./events.js";

/** A hash Civitai knows: which file it is, on which origin, and the version answer. */
export interface Found {
	id: Identification;
	origin: string;
	version: WireVersion;
}

export interface LookupDeps {
	/** The way out: its sites are asked base first (then .red), each request in a lookup slot, retried on the ladders. */
	requests: Requests;
	/** The sites to ask, in order (the first takes the batches); default: the gateway's, base first. */
	sites?: readonly Site[];
	batchSize: number;
	emit: (e: ImportEvent) => void;
	m: Messages;
}

export interface LookupResult {
	found: Map<string, Found>;
	/** Hashes whose lookup failed, with why (a hash never asked after a failure carries that failure too). */
	failed: Map<string, { kind: ErrorKind; reason: string }>;
}

/**
 * Identify hashes (SHA-256; an image's shorter AutoV2/AutoV3 ones go straight to the one-by-one
 * lookup): batches of `batchSize` to `POST /api/v1/model-versions/by-hash` on the
 * base origin, then each hash it did not return once with `GET .../by-hash/:hash` on every origin in
 * turn (also when the batch request is refused). Requests are paced and retried on the clock. A failure that survives its retries (network,
 * rate limit) stops the lookups: the hashes not yet answered are reported as failed, not unknown.
 */
export async function lookUp(hashes: readonly string[], deps: LookupDeps): Promise<LookupResult> {
	const found = new Map<string, Found>();
	const failed = new Map<string, { kind: ErrorKind; reason: string }>();
	const ask = pacedAsker(deps);
	const { requests } = deps;
	const base = requests.client(deps.sites?.[0] ?? requests.sites.base);
	// the batch endpoint takes full SHA-256s only; a shorter hash (an image's AutoV2) is asked by itself below
	const batches = hashBatches(
		hashes.filter((h) => isSha256Hex(h)),
		deps.batchSize,
	);
	for (const [i, batch] of batches.entries()) {
		const answer = await ask(base, "POST", batch.length, () => base.getByHashes(batch, requests.signal));
		if (answer instanceof DownloadError) {
			if (!isOutage(answer)) continue; // refused (an old or partial API): its hashes are asked one by one below
			for (const h of batches.slice(i).flat()) failed.set(h, failure(answer, deps.m));
			return { found, failed };
		}
		for (const [h, id] of matchBatch(answer, batch))
			found.set(h, { id, origin: base.origin, version: answer.find((v) => v.id === id.versionId)! });
	}
	const rest = distinctHashes(hashes).filter((h) => !found.has(h));
	for (const [i, h] of rest.entries()) {
		const one = await askEachOrigin(h, ask, deps);
		if (one instanceof DownloadError) {
			if (isOutage(one)) {
				for (const r of rest.slice(i)) failed.set(r, failure(one, deps.m));
				return { found, failed };
			}
			failed.set(h, failure(one, deps.m));
		} else if (one) found.set(h, one);
	}
	return { found, failed };
}

type Asker = <T>(client: CivitaiClient, method: "POST" | "GET", count: number, fn: () => Promise<T>) => Promise<T | DownloadError>;

/** The hash on each origin in turn: the first that knows it; undefined when none does (404 everywhere). */
async function askEachOrigin(h: string, ask: Asker, deps: LookupDeps): Promise<Found | DownloadError | undefined> {
	for (const site of deps.sites ?? deps.requests.sites.all) {
		const client = deps.requests.client(site);
		const answer = await ask(client, "GET", 1, () => client.getByHash(h, deps.requests.signal));
		if (answer instanceof DownloadError) {
			if (answer.kind === "not_found") continue;
			return answer;
		}
		const id = identify(answer, h);
		if (id) return { id, origin: client.origin, version: answer };
	}
	return undefined;
}

/** Still failing after its retries for a reason that will hit the next request too. */
function isOutage(e: DownloadError): boolean {
	return e.kind === "network" || e.kind === "rate_limited" || e.kind === "quota" || e.kind === "region";
}

function failure(e: DownloadError, m: Messages): { kind: ErrorKind; reason: string } {
	return { kind: e.kind, reason: wordsOf(e, m) };
}

/**
 * Requests one at a time in the gateway's lookup slots, each retried on the ladders; a typed failure
 * comes back as the value (the caller decides), anything else (a bug, an abort) is thrown.
 */
function pacedAsker(deps: LookupDeps): Asker {
	return async (client, method, count, fn) => {
		const attempt = () => {
			deps.emit({ type: "lookup", origin: client.origin, method, hashes: count });
			return fn();
		};
		const beforeWait = (r: RetryNotice) =>
			deps.emit({
				type: "lookup_retry",
				origin: client.origin,
				retry: r.retry,
				maxRetries: r.max,
				delayMs: r.delayMs,
				kind: r.error.kind,
				reason: wordsOf(r.error, deps.m),
			});
		try {
			return await deps.requests.lookup(attempt, { beforeWait });
		} catch (e) {
			if (e instanceof DownloadError) return e;
			throw e;
		}
	};
}
