import { Dispatcher } from "undici";
import { readBytes } from "../../fake-civitai/bytes.js";
import { CatalogueIndex, type FakeCatalogue, fileSeed, modelJson, versionJson } from "../../fake-civitai/catalogue.js";
import type { Clock } from "../../src/platform/clock.js";
import { rng } from "./library.js";

/**
 * A simulated Civitai, in-process, on a virtual clock: an undici Dispatcher that answers the engine's
 * requests from an in-memory catalogue without any socket. Headers come at once; a body comes in
 * chunks, one every `tickMs` of the clock, sized by a throughput model, so a transfer takes its
 * simulated time while its bytes (scaled down) are still written and hashed for real.
 *
 * Routes (on `apiOrigin`): `/api/v1/model-versions/:id`, `/api/v1/models/:id`, and
 * `/api/download/models/:v?fileId=` answering 307 to `storageOrigin/f/:fileId`, which serves the file
 * with Range. Behaviour (all in `SimRules`, all times in simulated ms, all rates already scaled):
 * - a per-account token bucket on `/api/download` (`bucketPerMinute`, `bucketBurst`): when empty,
 *   429 `{"error":"Too Many Requests"}`; every other such 429 carries a Retry-After (seconds until the
 *   next token), the rest none (Civitai's docs: "no Retry-After for most failures");
 * - a per-connection throttle: a storage connection open longer than `throttleAfterMs` drops to
 *   `throttledBps` (the seed's "checkpoint stuck for 30+ minutes");
 * - the line: each connection gets at most `connectionBps`, all together at most `lineBps`;
 * - a daily byte quota (`quotaBytes` per day; days counted from the clock's start, so each night of
 *   a multi-night scenario starts a fresh day): past it `/api/download` answers the quota 429
 *   ("unusual amount of downloading", no Retry-After) until the day is over;
 * - an outage window from `outageAtMs` (after the clock's start): `outage503Ms` of 503 HTML pages,
 *   then `outageRefusedMs` of refused connections, on the API origin (storage stays up);
 * - rare drops: each chunk breaks the connection with probability `dropPerByte` × its bytes.
 * Undici's legacy handler API (onConnect/onHeaders/onData/onComplete/onError) is used: a handler
 * wrapped by `compose()` offers it too.
 */
export interface SimRules {
	tickMs: number;
	connectionBps: number;
	lineBps: number;
	throttleAfterMs: number;
	throttledBps: number;
	bucketPerMinute: number;
	bucketBurst: number;
	quotaBytes: number;
	outageAtMs: number | null;
	outage503Ms: number;
	outageRefusedMs: number;
	dropPerByte: number;
	seed: number;
}

export interface SimStats {
	/** Requests to the Civitai origin (API and download). */
	civitaiRequests: number;
	downloadRequests: number;
	rateLimited: number;
	quotaLimited: number;
	outageAnswers: number;
	drops: number;
	/** Bytes served per file id. */
	served: Map<number, number>;
}

type Legacy = {
	onConnect?: (abort: (reason?: Error) => void, ctx?: unknown) => void;
	onHeaders?: (status: number, raw: Buffer[], resume: () => void, text: string) => boolean | undefined;
	onData?: (chunk: Buffer) => boolean | undefined;
	onComplete?: (trailers: Buffer[]) => void;
	onError?: (e: Error) => void;
};

function codeError(message: string, code: string): Error {
	return Object.assign(new Error(message), { code });
}

export class SimCivitai extends Dispatcher {
	readonly stats: SimStats = {
		civitaiRequests: 0,
		downloadRequests: 0,
		rateLimited: 0,
		quotaLimited: 0,
		outageAnswers: 0,
		drops: 0,
		served: new Map(),
	};
	private readonly index: CatalogueIndex;
	private readonly start: number;
	private tokens: number;
	private tokensAt: number;
	private quotaDay = 0;
	private quotaUsed = 0;
	private active = 0;
	private readonly rand: () => number;

	constructor(
		private readonly clock: Clock,
		catalogue: FakeCatalogue,
		private readonly rules: SimRules,
		readonly apiOrigin = "https://civitai.sim",
		readonly storageOrigin = "https://storage.sim",
	) {
		super();
		this.index = new CatalogueIndex(catalogue);
		this.start = clock.now();
		this.tokens = rules.bucketBurst;
		this.tokensAt = this.start;
		this.rand = rng(rules.seed ^ 0x5eed);
	}

	override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
		void this.serve(opts, handler as unknown as Legacy).catch((e: Error) => handler.onError?.(e));
		return true;
	}

	override close(): Promise<void>;
	override close(cb: () => void): void;
	override close(cb?: () => void): Promise<void> | void {
		if (cb) return void cb();
		return Promise.resolve();
	}

	override destroy(): Promise<void>;
	override destroy(err: Error | null): Promise<void>;
	override destroy(cb: () => void): void;
	override destroy(err: Error | null, cb: () => void): void;
	override destroy(a?: unknown, b?: unknown): Promise<void> | void {
		const cb = typeof a === "function" ? a : typeof b === "function" ? b : undefined;
		if (cb) return void (cb as () => void)();
		return Promise.resolve();
	}

	private outagePhase(): "503" | "refused" | null {
		const { outageAtMs, outage503Ms, outageRefusedMs } = this.rules;
		if (outageAtMs === null) return null;
		const t = this.clock.now() - this.start - outageAtMs;
		if (t < 0) return null;
		if (t < outage503Ms) return "503";
		if (t < outage503Ms + outageRefusedMs) return "refused";
		return null;
	}

	private takeToken(): { ok: true } | { ok: false; waitMs: number } {
		const now = this.clock.now();
		const perMs = this.rules.bucketPerMinute / 60_000;
		this.tokens = Math.min(this.rules.bucketBurst, this.tokens + (now - this.tokensAt) * perMs);
		this.tokensAt = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return { ok: true };
		}
		return { ok: false, waitMs: Math.ceil((1 - this.tokens) / perMs) };
	}

	private quotaOver(): boolean {
		const day = Math.floor((this.clock.now() - this.start) / 86_400_000);
		if (day !== this.quotaDay) {
			this.quotaDay = day;
			this.quotaUsed = 0;
		}
		return this.quotaUsed >= this.rules.quotaBytes;
	}

	private async serve(opts: Dispatcher.DispatchOptions, h: Legacy): Promise<void> {
		let aborted: Error | undefined;
		h.onConnect?.((reason) => {
			aborted = reason ?? new Error("aborted");
		});
		await Promise.resolve();
		const url = new URL(opts.path, String(opts.origin));
		if (url.origin === this.storageOrigin) return this.storage(url, opts, h, () => aborted);
		this.stats.civitaiRequests++;
		const phase = this.outagePhase();
		if (phase === "refused") return h.onError?.(codeError(`connect ECONNREFUSED ${url.host}`, "ECONNREFUSED"));
		if (phase === "503") {
			this.stats.outageAnswers++;
			return respond(h, 503, { "content-type": "text/html" }, "<html><body>Civitai is down for maintenance</body></html>");
		}
		const p = url.pathname;
		let m = /^\/api\/v1\/model-versions\/(\d+)$/.exec(p);
		if (m) {
			const loc = this.index.versions.get(Number(m[1]));
			if (!loc) return json(h, 404, { error: "Model not found" });
			return json(h, 200, versionJson(this.apiOrigin, loc, this.storageOrigin));
		}
		m = /^\/api\/v1\/models\/(\d+)$/.exec(p);
		if (m) {
			const model = this.index.models.get(Number(m[1]));
			if (!model) return json(h, 404, { error: "Model not found" });
			return json(h, 200, modelJson(this.apiOrigin, this.index, model));
		}
		m = /^\/api\/download\/models\/(\d+)$/.exec(p);
		if (m) return this.download(Number(m[1]), url, h);
		return json(h, 404, { error: "Not found" });
	}

	private download(versionId: number, url: URL, h: Legacy): void {
		this.stats.downloadRequests++;
		const loc = this.index.versions.get(versionId);
		if (!loc) {
			json(h, 404, { error: "Model not found" });
			return;
		}
		if (this.quotaOver()) {
			this.stats.quotaLimited++;
			json(h, 429, {
				error: "We've noticed an unusual amount of downloading from your account. Contact support@civitai.com or come back later.",
			});
			return;
		}
		const token = this.takeToken();
		if (!token.ok) {
			this.stats.rateLimited++;
			const header = this.stats.rateLimited % 2 === 1 ? { "retry-after": String(Math.ceil(token.waitMs / 1000)) } : {};
			json(h, 429, { error: "Too Many Requests" }, header);
			return;
		}
		const fileId = Number(url.searchParams.get("fileId")) || loc.version.files[0]!.id;
		const file = loc.version.files.find((f) => f.id === fileId);
		if (!file) {
			json(h, 404, { error: "File not found" });
			return;
		}
		respond(h, 307, { location: `${this.storageOrigin}/f/${file.id}?sig=${this.clock.now()}` }, "");
	}

	private async storage(url: URL, opts: Dispatcher.DispatchOptions, h: Legacy, aborted: () => Error | undefined): Promise<void> {
		const fileId = Number(/^\/f\/(\d+)$/.exec(url.pathname)?.[1]);
		const file = [...this.index.versions.values()].flatMap((l) => l.version.files).find((f) => f.id === fileId);
		if (!file) return respond(h, 404, { "content-type": "text/plain" }, "no such key");
		const size = file.sizeBytes;
		const range = /bytes=(\d+)-/.exec(headerOf(opts, "range") ?? "");
		const from = range ? Number(range[1]) : 0;
		if (from >= size) return respond(h, 416, { "content-range": `bytes */${size}` }, "");
		const headers: Record<string, string> = {
			"content-type": "application/octet-stream",
			"content-length": String(size - from),
			"content-disposition": `attachment; filename="${file.name}"`,
			"accept-ranges": "bytes",
			...(range ? { "content-range": `bytes ${from}-${size - 1}/${size}` } : {}),
		};
		let resume: (() => void) | undefined;
		const paused = { on: false };
		h.onHeaders?.(
			range ? 206 : 200,
			rawHeaders(headers),
			() => {
				paused.on = false;
				resume?.();
			},
			range ? "Partial Content" : "OK",
		);
		this.active++;
		try {
			await this.pump(file.id, fileSeed(file), from, size, h, aborted, paused, (r) => {
				resume = r;
			});
		} finally {
			this.active--;
		}
	}

	private async pump(
		fileId: number,
		seed: string,
		from: number,
		size: number,
		h: Legacy,
		aborted: () => Error | undefined,
		paused: { on: boolean },
		onResume: (r: () => void) => void,
	): Promise<void> {
		const r = this.rules;
		const opened = this.clock.now();
		let pos = from;
		while (pos < size) {
			await this.clock.sleep(r.tickMs);
			const stop = aborted();
			if (stop) return h.onError?.(stop);
			const throttled = this.clock.now() - opened > r.throttleAfterMs;
			const bps = throttled ? r.throttledBps : Math.min(r.connectionBps, r.lineBps / Math.max(1, this.active));
			const n = Math.min(size - pos, Math.max(1, Math.round((bps * r.tickMs) / 1000)));
			if (this.rand() < n * r.dropPerByte) {
				this.stats.drops++;
				return h.onError?.(codeError("other side closed", "UND_ERR_SOCKET"));
			}
			this.quotaUsed += n;
			this.stats.served.set(fileId, (this.stats.served.get(fileId) ?? 0) + n);
			const more = h.onData?.(readBytes(seed, pos, pos + n));
			pos += n;
			if (more === false) {
				paused.on = true;
				await new Promise<void>((res) => onResume(res));
			}
		}
		h.onComplete?.([]);
	}
}

function headerOf(opts: Dispatcher.DispatchOptions, name: string): string | undefined {
	const hs = opts.headers;
	if (!hs) return undefined;
	if (Array.isArray(hs)) {
		for (let i = 0; i < hs.length; i += 2) if (String(hs[i]).toLowerCase() === name) return String(hs[i + 1]);
		return undefined;
	}
	for (const [k, v] of Object.entries(hs as Record<string, unknown>)) if (k.toLowerCase() === name) return String(v);
	return undefined;
}

function rawHeaders(headers: Record<string, string>): Buffer[] {
	return Object.entries(headers).flatMap(([k, v]) => [Buffer.from(k), Buffer.from(v)]);
}

function respond(h: Legacy, status: number, headers: Record<string, string>, body: string): void {
	const buf = Buffer.from(body);
	h.onHeaders?.(status, rawHeaders({ ...headers, "content-length": String(buf.length) }), () => {}, String(status));
	if (buf.length > 0) h.onData?.(buf);
	h.onComplete?.([]);
}

function json(h: Legacy, status: number, body: unknown, extra: Record<string, string> = {}): void {
	respond(h, status, { "content-type": "application/json", ...extra }, JSON.stringify(body));
}
