import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { readBytes } from "./bytes.js";
import {
	CatalogueIndex,
	type FakeCatalogue,
	type FakeFile,
	type FakeModel,
	type FakeVersion,
	fileSeed,
	type Located,
	modelJson,
	versionJson,
} from "./catalogue.js";
import { type Fault, pickFault } from "./faults.js";
import { imageListing } from "./image-api.js";
import { gradientPng, imageBytes } from "./images.js";
import { type ListingAnswer, type ListingAttack, modelListing } from "./model-list.js";

export interface FakeCivitaiOptions {
	catalogue: FakeCatalogue;
	/** Scripted faults; the array stays live, so a test may push to `server.faults` later. */
	faults?: Fault[];
	/** API keys that authenticate. Any other key is treated as anonymous, as Civitai does. */
	apiKeys?: string[];
	/** Allow downloads without a key for versions without `requireAuth` (Civitai's UNAUTHENTICATED_DOWNLOAD). Default false. */
	anonymousDownloads?: boolean;
	/** Successful download redirects allowed before the daily-quota 429. Default unlimited. */
	downloadQuota?: number;
	/** Answer every /api/* request with the 451 region block. */
	regionBlocked?: boolean;
	/**
	 * Civitai is down: every /api/* request (metadata and /api/download) is answered with this
	 * status and its edge's HTML page (503: nginx's page; 520-530: Cloudflare's). Settable later with `outage()`.
	 */
	outage?: number | null;
	/** Lifetime of signed storage URLs. Default 86400 (R2). */
	signedUrlTtlSeconds?: number;
	host?: string;
	port?: number;
	storagePort?: number;
	/**
	 * Answers for the next `GET /api/v1/models` list requests, one per request in order (then normal
	 * answers): a 429 (with Retry-After when given) or an nginx 503. The array stays live.
	 */
	listFaults?: ({ kind: "rate_limit"; retryAfter?: number } | { kind: "unavailable" })[];
	/** Searches (`GET /api/v1/models?query=`) answered first with the 503 "temporarily overloaded" (Retry-After: 2). */
	searchOverloads?: number;
	/** `GET /api/v1/images` requests answered first with the 503 "Server busy" (Retry-After: 2). */
	imagesBusy?: number;
	/** Listings (not `ids=`) misbehave: pages that never end, or cursors that loop. */
	listingAttack?: ListingAttack;
	/**
	 * Also serve a second Civitai origin, the civitai.red of this server (its own port, the same
	 * catalogue): it serves every model, while the first origin answers 404 for `mature` ones.
	 */
	redOrigin?: boolean;
}

export interface RequestLogEntry {
	/** ms since the epoch when the request arrived */
	time: number;
	/** api: the first (civitai.com) origin; red: the second (civitai.red) one. */
	origin: "api" | "red" | "storage";
	method: string;
	path: string;
	/** query parameters, with any `token` value replaced by "<redacted>" */
	query: Record<string, string>;
	/** an Authorization header was present */
	authorization: boolean;
	/** a `token` query parameter was present */
	token: boolean;
	userAgent: string;
	range: string | undefined;
	status?: number;
}

export interface FakeCivitai {
	/** Origin of the Civitai site and API, e.g. http://127.0.0.1:41234 (what `--base-url` takes). */
	readonly baseUrl: string;
	/** Origin of the storage server that signed URLs point to (a different port). */
	readonly storageOrigin: string;
	/** Origin of the civitai.red stand-in (with `redOrigin`), else undefined. */
	readonly redBaseUrl: string | undefined;
	readonly requests: RequestLogEntry[];
	readonly faults: Fault[];
	/** Download requests seen per version (API origin). */
	downloadsStarted(version: number): number;
	/** The number of hashes in each `POST /api/v1/model-versions/by-hash` request, in order (refused ones too). */
	readonly byHashBatches: number[];
	/** Start (a status, e.g. 503 or 522) or end (null) an outage of the API origin. */
	outage(status: number | null): void;
	close(): Promise<void>;
}

const QUOTA_MESSAGE = "We've noticed an unusual amount of downloading from your account. Contact support@civitai.com or come back later.";
const BROWSER_UA = /mozilla|chrome|safari|firefox|opera|edge/i;
const HTML_503 =
	"<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>";
/** Cloudflare's error page for 520-530: the origin behind it is down or unreachable. */
const cloudflarePage = (status: number) =>
	`<!DOCTYPE html><html><head><title>civitai.com | ${status}: Origin is unreachable</title></head><body><h1>Error ${status}</h1><p>Cloudflare could not reach the origin web server.</p></body></html>`;
const CHALLENGE_PAGE =
	"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser before accessing the site.</body></html>";
const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><title>Sign in | Civitai</title></head><body><div id="__next">Sign in to continue</div></body></html>';

/**
 * Wait until the response can take more or the client has gone, leaving no listener behind. (A race of
 * two `once`s left the loser's listeners on the response at every full buffer.)
 */
export function drainOrClose(res: http.ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			res.off("drain", done);
			res.off("close", done);
			resolve();
		};
		res.on("drain", done);
		res.on("close", done);
	});
}

function s3Error(code: string, message: string): string {
	return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function amzDate(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, "")
		.replace(/\.\d{3}/, "");
}

function parseAmzDate(s: string): number {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
	if (!m) return Number.NaN;
	return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function contentDisposition(f: FakeFile): string {
	// a header cannot carry control characters: such names go out percent-encoded in filename*
	if (f.filenameStar || /[^\x20-\x7e]/.test(f.name)) {
		const ascii = f.name.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "");
		return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`;
	}
	return `attachment; filename="${f.name.replace(/"/g, '\\"')}"`;
}

export async function startFakeCivitai(opts: FakeCivitaiOptions): Promise<FakeCivitai> {
	const host = opts.host ?? "127.0.0.1";
	const idx = new CatalogueIndex(opts.catalogue);
	const faults = opts.faults ?? [];
	const apiKeys = new Set(opts.apiKeys ?? []);
	const ttl = opts.signedUrlTtlSeconds ?? 86400;
	const secret = randomBytes(16);
	const requests: RequestLogEntry[] = [];
	const apiAttempts = new Map<number, number>();
	const storageAttempts = new Map<number, number>();
	const metaAttempts = new Map<number, number>();
	const quotaUsed = new Map<string, number>();
	const byHashBatches: number[] = [];
	const sockets = new Set<Socket>();
	let baseUrl = "";
	let redBaseUrl: string | undefined;
	let storageOrigin = "";
	let outage = opts.outage ?? null;

	const sign = (path: string, date: string, expires: number) =>
		createHmac("sha256", secret).update(`${path}\n${date}\n${expires}`).digest("hex");

	function log(origin: RequestLogEntry["origin"], req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
		const query: Record<string, string> = {};
		for (const [k, v] of url.searchParams) query[k] = k === "token" ? "<redacted>" : v;
		const entry: RequestLogEntry = {
			time: Date.now(),
			origin,
			method: req.method ?? "GET",
			path: url.pathname,
			query,
			authorization: req.headers.authorization !== undefined,
			token: url.searchParams.has("token"),
			userAgent: req.headers["user-agent"] ?? "",
			range: req.headers.range,
		};
		requests.push(entry);
		res.on("finish", () => {
			entry.status = res.statusCode;
		});
		res.on("close", () => {
			entry.status ??= res.statusCode;
		});
	}

	function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			"content-type": "application/json; charset=utf-8",
			"content-length": Buffer.byteLength(text),
			"access-control-allow-origin": "*",
			...headers,
		});
		res.end(text);
	}

	/** The caller's key if it is a valid one: header first (even if malformed), then ?token=. */
	function identity(req: http.IncomingMessage, url: URL): string | undefined {
		const header = req.headers.authorization;
		const key = header !== undefined ? header.split(" ")[1] : (url.searchParams.get("token") ?? undefined);
		return key !== undefined && apiKeys.has(key) ? key : undefined;
	}

	function pickFile(v: FakeVersion, q: URLSearchParams): FakeFile | undefined | "bad" {
		const fileId = q.get("fileId");
		if (fileId !== null) {
			if (!/^\d+$/.test(fileId)) return "bad";
			return v.files.find((f) => f.id === Number(fileId));
		}
		const type = q.get("type");
		const wanted = { format: q.get("format"), size: q.get("size"), fp: q.get("fp") };
		const prefs = { format: wanted.format ?? "SafeTensor", size: wanted.size ?? "pruned", fp: wanted.fp ?? "fp16" };
		const candidates = v.files.filter((f) => type === null || (f.type ?? "Model") === type);
		let best: FakeFile | undefined;
		let bestScore = Number.NEGATIVE_INFINITY;
		for (const f of candidates) {
			let score = 1000;
			if (f.format) score += f.format === prefs.format ? 100 : -100;
			if (f.size) score += f.size === prefs.size ? 10 : -10;
			if (f.fp) score += f.fp === prefs.fp ? 1 : -1;
			if (["Model", "Pruned Model", "Diffusion Model", "UNet"].includes(f.type ?? "Model")) score += 1000;
			if (score > bestScore) {
				best = f;
				bestScore = score;
			}
		}
		// misalignment: an explicit selector that the chosen file contradicts is a 404
		if (best) {
			for (const k of ["format", "size", "fp"] as const) {
				const w = wanted[k];
				if (w !== null && best[k] !== undefined && best[k] !== w) return undefined;
			}
		}
		return best;
	}

	function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, vidText: string, red: boolean) {
		const browser = BROWSER_UA.test(req.headers["user-agent"] ?? "");
		const fail = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
			if (browser) {
				const text = String(body.message ?? body.error);
				res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
				res.end(text);
			} else json(res, status, body, { "cache-control": "no-store, max-age=0", ...headers });
		};
		if (!/^\d+$/.test(vidText)) return fail(400, { error: "Invalid input: expected number, received NaN" });
		const vid = Number(vidText);
		if (vid === 0) return fail(400, { error: "Missing modelVersionId" });
		const attempt = (apiAttempts.get(vid) ?? 0) + 1;
		apiAttempts.set(vid, attempt);
		const fault = pickFault(faults, "api", vid, attempt);
		// edge faults come before the application sees the request
		if (fault?.kind === "rate_limit") {
			const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
			return fail(429, { error: "Too Many Requests" }, headers);
		}
		if (fault?.kind === "unavailable") {
			res.writeHead(503, { "content-type": "text/html" });
			return res.end(HTML_503);
		}
		if (fault?.kind === "server_error") return fail(500, { error: "Error getting file" });
		if (fault?.kind === "redirect_loop") {
			res.writeHead(307, { location: url.pathname + url.search });
			return res.end();
		}
		if (fault?.kind === "huge_header") {
			res.writeHead(200, { "content-type": "application/octet-stream", "x-padding": "a".repeat(1024 * 1024) });
			return res.end();
		}
		if (fault?.kind === "error_page") {
			res.writeHead(fault.status, { "content-type": fault.contentType });
			return res.end(fault.body);
		}
		if (fault?.kind === "redirect") {
			const key = req.headers.authorization?.split(" ")[1] ?? url.searchParams.get("token") ?? "";
			const location = fault.location.replaceAll("{key}", encodeURIComponent(key)).replaceAll("{storage}", storageOrigin);
			res.writeHead(307, { location });
			return res.end();
		}
		const who = identity(req, url);
		const bucket = who ?? `ip:${req.socket.remoteAddress}`;
		if (fault?.kind === "quota" || (opts.downloadQuota !== undefined && (quotaUsed.get(bucket) ?? 0) >= opts.downloadQuota)) {
			return json(res, 429, { error: QUOTA_MESSAGE });
		}
		for (const k of ["size"] as const) {
			const v = url.searchParams.get(k);
			if (v !== null && v !== "full" && v !== "pruned") return fail(400, { error: `Invalid option: expected one of "full"|"pruned"` });
		}
		const loc = idx.versions.get(vid);
		if (!loc || !idx.isPublished(loc.version) || hidden(loc.model, red)) return fail(404, { error: "File not found" });
		const picked = pickFile(loc.version, url.searchParams);
		if (picked === "bad") return fail(400, { error: "Invalid input: expected number, received NaN" });
		if (!picked) return fail(404, { error: "File not found" });
		if (loc.model.mode) return fail(410, { error: "Model archived, not available for download" });
		const paid = loc.version.paidAccess;
		const deadline = loc.version.earlyAccessDeadline ?? paid?.endsAt ?? undefined;
		if ((deadline && Date.parse(deadline) > Date.now()) || paid?.permanent) {
			if (browser) {
				res.writeHead(307, { location: `/model-versions/${vid}` });
				return res.end();
			}
			return json(res, 403, {
				error: "Early Access",
				...(deadline ? { deadline } : {}),
				message: "This asset is in Early Access. You can use Buzz access it now!",
			});
		}
		const requireAuth = loc.version.requireAuth || !opts.anonymousDownloads;
		if (requireAuth && !who) {
			if (browser) {
				const back = encodeURIComponent(`/model-versions/${vid}`);
				res.writeHead(307, { location: `/login?returnUrl=${back}&reason=download-auth` });
				return res.end();
			}
			return json(res, 401, {
				error: "Unauthorized",
				message: "The creator of this asset requires you to be logged in to download it",
			});
		}
		if ((loc.version.usageControl ?? "Download") !== "Download") {
			return json(res, 401, { error: "Unauthorized", message: "The creator of this asset has disabled downloads on this file" });
		}
		if (fault?.kind === "login_page") {
			res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
			return res.end(LOGIN_PAGE);
		}
		quotaUsed.set(bucket, (quotaUsed.get(bucket) ?? 0) + 1);
		const issued = fault?.kind === "expired_url" ? Date.now() - (ttl + 60) * 1000 : Date.now();
		const date = amzDate(issued);
		const path = `/model/${vid}/${picked.id}/stored-${picked.id}.${randomBytes(2).toString("hex")}.bin`;
		const q = new URLSearchParams({
			"X-Amz-Algorithm": "AWS4-HMAC-SHA256",
			"X-Amz-Date": date,
			"X-Amz-Expires": String(ttl),
			"X-Amz-SignedHeaders": "host",
			"response-content-disposition": contentDisposition(picked),
		});
		q.set("X-Amz-Signature", sign(path, date, ttl));
		res.writeHead(307, { location: `${storageOrigin}${path}?${q}`, "cache-control": "no-store, max-age=0" });
		res.end();
	}

	/**
	 * `GET /api/v1/models?ids=a,b&nsfw=true`: the listed models (versions newest first), at most 100
	 * ids and a limit of at most 100 (400 beyond); mature models only with `nsfw=true` (and, with `redOrigin`,
	 * `mature` ones only on the red origin).
	 */
	const searchOverloads = { left: opts.searchOverloads ?? 0 };
	const imagesBusy = { left: opts.imagesBusy ?? 0 };

	function answer(res: http.ServerResponse, a: ListingAnswer) {
		json(res, a.status, a.body, a.headers);
	}

	/** A listing (a creator, the favorites, a search): see model-list.ts. */
	function listing(url: URL, self: string, red: boolean, req: http.IncomingMessage): ListingAnswer {
		const hide = (m: FakeModel) => hidden(m, red);
		const ctx = { idx, models: opts.catalogue.models, self, storageOrigin, hidden: hide, searchOverloads, attack: opts.listingAttack };
		return modelListing(url, { ...ctx, authed: identity(req, url) !== undefined });
	}

	function handleModelList(res: http.ServerResponse, url: URL, self: string, red: boolean, req: http.IncomingMessage) {
		const fault = opts.listFaults?.shift();
		if (fault?.kind === "rate_limit") {
			const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
			return json(res, 429, { error: "Too Many Requests" }, headers);
		}
		if (fault?.kind === "unavailable") {
			res.writeHead(503, { "content-type": "text/html" });
			return res.end(HTML_503);
		}
		const param = url.searchParams.has("ids") ? "ids" : url.searchParams.has("modelVersionIds") ? "modelVersionIds" : undefined;
		if (param === undefined) return answer(res, listing(url, self, red, req));
		const idsText = url.searchParams.get(param) ?? "";
		const ids = idsText === "" ? [] : idsText.split(",").map((x) => x.trim());
		if (ids.some((x) => !/^\d+$/.test(x))) return json(res, 400, { error: { [param]: "Expected number, received nan" } });
		const limit = Number(url.searchParams.get("limit") ?? "100");
		if (ids.length > 100 || !Number.isInteger(limit) || limit < 0 || limit > 100) {
			return json(res, 400, { error: { message: "Number must be less than or equal to 100" } });
		}
		const nsfw = url.searchParams.get("nsfw") === "true";
		// by version ids: the models holding them (each once), with all their versions as `ids=` gives them
		const models =
			param === "ids" ? ids.map((x) => idx.models.get(Number(x))) : [...new Set(ids.map((x) => idx.versions.get(Number(x))?.model))];
		const items = models
			.filter((m): m is FakeModel => m !== undefined && (nsfw || !m.nsfw) && !hidden(m, red))
			.map((m) => modelJson(self, idx, m))
			.filter((b) => (b.modelVersions?.length ?? 0) > 0)
			.slice(0, limit);
		return json(res, 200, { items, metadata: {} }, { "cache-control": "public, s-maxage=300, stale-while-revalidate=150" });
	}

	/**
	 * `POST /api/v1/model-versions/by-hash`: a JSON array of at most 100 SHA-256 hashes (anything else
	 * is a 400, as on Civitai); the versions holding them, unknown hashes left out silently.
	 */
	async function handleByHashBatch(req: http.IncomingMessage, res: http.ServerResponse, self: string, red: boolean) {
		let raw = "";
		for await (const chunk of req) raw += chunk;
		let hashes: unknown;
		try {
			hashes = JSON.parse(raw);
		} catch {
			hashes = undefined;
		}
		byHashBatches.push(Array.isArray(hashes) ? hashes.length : 0);
		const valid = Array.isArray(hashes) && hashes.length <= 100 && hashes.every((h) => typeof h === "string" && /^[0-9a-f]{64}$/i.test(h));
		if (!valid) return json(res, 400, { error: "Invalid input: expected an array of at most 100 SHA256 hashes" });
		const versions = new Map<number, Located>();
		for (const h of hashes as string[]) {
			const loc = idx.byHash(h);
			if (loc && !hidden(loc.model, red)) versions.set(loc.version.id, loc);
		}
		return json(
			res,
			200,
			[...versions.values()].map((loc) => versionJson(self, loc)),
		);
	}

	/** A mature model is served only by the red origin: the first one answers 404 for it. */
	function hidden(model: FakeModel, red: boolean): boolean {
		return model.mature === true && !red;
	}

	function handleApi(req: http.IncomingMessage, res: http.ServerResponse, red: boolean) {
		const self = red ? redBaseUrl! : baseUrl;
		const url = new URL(req.url ?? "/", self);
		log(red ? "red" : "api", req, res, url);
		const p = url.pathname;
		if (outage !== null && p.startsWith("/api/")) {
			res.writeHead(outage, { "content-type": "text/html; charset=UTF-8" });
			return res.end(outage >= 520 && outage <= 530 ? cloudflarePage(outage) : HTML_503);
		}
		if (opts.regionBlocked && p.startsWith("/api/")) {
			return json(res, 451, {
				error: "Access to this service is not available in your region due to legal restrictions.",
				code: "REGION_BLOCKED",
			});
		}
		let m: RegExpExecArray | null;
		if ((m = /^\/api\/download\/models\/([^/]+)$/.exec(p))) return handleDownload(req, res, url, m[1]!, red);
		if (p === "/api/v1/model-versions/by-hash" && req.method === "POST") {
			handleByHashBatch(req, res, self, red).catch((err) => json(res, 500, { error: String(err) }));
			return;
		}
		if (p.startsWith("/api/v1/") && req.method !== "GET") return json(res, 405, { error: "Method not allowed" });
		if (p === "/api/v1/models") return handleModelList(res, url, self, red, req);
		if (p === "/api/v1/images") {
			const images = opts.catalogue.images ?? [];
			return answer(res, imageListing(url, { images, self, hidden: (i) => i.mature === true && !red, busy: imagesBusy }));
		}
		// who the key belongs to (civitai src/pages/api/v1/me.ts): the key's user, or 401 without a valid key
		if (p === "/api/v1/me") {
			const key = identity(req, url);
			if (key === undefined) return json(res, 401, { error: "Unauthorized" });
			return json(res, 200, { id: 1, username: "local-tester", tier: "free", status: "active" });
		}
		if ((m = /^\/api\/v1\/models\/([^/]+)$/.exec(p))) {
			const id = Number(m[1]);
			if (!/^\d+$/.test(m[1]!) || id < 1 || id > 2147483647) {
				return json(res, 400, { error: "Invalid input: expected int, received NaN" });
			}
			const model = idx.models.get(id);
			const body = model && !hidden(model, red) ? modelJson(self, idx, model) : undefined;
			if (!body?.modelVersions?.length) return json(res, 404, { error: `No model with id ${id}` });
			return json(res, 200, body, { "cache-control": "public, s-maxage=300, stale-while-revalidate=150" });
		}
		if ((m = /^\/api\/v1\/model-versions\/by-hash\/([^/]+)$/.exec(p))) {
			const loc = idx.byHash(decodeURIComponent(m[1]!));
			if (!loc || hidden(loc.model, red)) return json(res, 404, { error: "Model not found" });
			return json(res, 200, versionJson(self, loc), { "cache-control": "public, s-maxage=3600" });
		}
		if ((m = /^\/api\/v1\/model-versions\/([^/]+)$/.exec(p))) {
			if (!/^\d+$/.test(m[1]!)) return json(res, 400, { error: "Invalid input: expected number, received NaN" });
			const vid = Number(m[1]);
			if (vid === 0) return json(res, 400, { error: "Missing modelVersionId" });
			const loc = idx.versions.get(vid);
			if (!loc || !idx.isPublished(loc.version) || hidden(loc.model, red)) return json(res, 404, { error: "Model not found" });
			if (!loc.model.mode && !idx.primaryFile(loc.version)) return json(res, 404, { error: "Missing model file" });
			const attempt = (metaAttempts.get(vid) ?? 0) + 1;
			metaAttempts.set(vid, attempt);
			const fault = pickFault(faults, "meta", vid, attempt);
			const body = versionJson(self, loc) as unknown as Record<string, unknown>;
			if (fault?.kind === "json_huge") body.description = "x".repeat(fault.bytes);
			if (fault?.kind === "json_wrong_types") {
				const files = body.files as Record<string, unknown>[];
				if (files[0]) Object.assign(files[0], { id: "first", sizeKB: "big" });
			}
			return json(res, 200, body);
		}
		// images: the API's origin serves them here (a configured origin: civitai-dl fetches previews only
		// from there and from Civitai's image host); the storage origin serves them too
		if ((m = /^\/images\/(\d+)\/(\d+)\.\w+$/.exec(p))) {
			return serveImage(res, Number(m[1]), Number(m[2]), () => json(res, 404, { error: "Not found" }), true);
		}
		if ((m = /^\/model-versions\/(\d+)$/.exec(p))) {
			const loc = idx.versions.get(Number(m[1]));
			if (!loc) return json(res, 404, { error: "Not found" });
			res.writeHead(308, { location: `/models/${loc.model.id}?modelVersionId=${loc.version.id}` });
			return res.end();
		}
		if (p === "/login" || p.startsWith("/models/")) {
			res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
			return res.end(LOGIN_PAGE);
		}
		return json(res, 404, { error: "Not found" });
	}

	async function handleStorage(req: http.IncomingMessage, res: http.ServerResponse) {
		const url = new URL(req.url ?? "/", storageOrigin);
		log("storage", req, res, url);
		const xml = (status: number, code: string, message: string) => {
			res.writeHead(status, { "content-type": "application/xml" });
			res.end(s3Error(code, message));
		};
		if (req.headers.authorization !== undefined) {
			return xml(400, "InvalidRequest", "Missing x-amz-content-sha256");
		}
		const image = /^\/images\/(\d+)\/(\d+)\.\w+$/.exec(url.pathname);
		if (image) return serveImage(res, Number(image[1]), Number(image[2]), () => xml(404, "NoSuchKey", "The specified key does not exist."));
		const m = /^\/model\/(\d+)\/(\d+)\/[^/]+$/.exec(url.pathname);
		const date = url.searchParams.get("X-Amz-Date") ?? "";
		const expires = Number(url.searchParams.get("X-Amz-Expires"));
		const signature = url.searchParams.get("X-Amz-Signature");
		if (!m || signature !== sign(url.pathname, date, expires)) {
			return xml(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
		}
		if (Date.now() > parseAmzDate(date) + expires * 1000) return xml(403, "AccessDenied", "Request has expired");
		const vid = Number(m[1]);
		const file = idx.versions.get(vid)?.version.files.find((f) => f.id === Number(m[2]));
		if (!file) return xml(404, "NoSuchKey", "The specified key does not exist.");
		if (req.method !== "GET" && req.method !== "HEAD") return xml(405, "MethodNotAllowed", "Method not allowed");
		const attempt = (storageAttempts.get(vid) ?? 0) + (req.method === "GET" ? 1 : 0);
		storageAttempts.set(vid, attempt);
		const fault = req.method === "GET" ? pickFault(faults, "storage", vid, attempt) : undefined;
		if (fault?.kind === "storage_page") {
			res.writeHead(fault.status, { "content-type": fault.contentType });
			return res.end(fault.body);
		}
		if (fault?.kind === "html_body") {
			res.writeHead(200, { "content-type": "text/html" });
			return res.end(CHALLENGE_PAGE);
		}
		if (fault?.kind === "endless_body") {
			res.writeHead(200, { "content-type": "application/octet-stream" });
			const chunk = Buffer.alloc(256 * 1024, 0x5a);
			while (!res.destroyed) {
				if (!res.write(chunk)) await drainOrClose(res);
			}
			return;
		}
		const size = file.sizeBytes;
		let start = 0;
		let end = size; // exclusive
		let status = 200;
		const range = req.headers.range;
		if (range && fault?.kind !== "ignore_range") {
			const r = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
			if (r && (r[1] !== "" || r[2] !== "")) {
				if (r[1] === "") {
					start = Math.max(0, size - Number(r[2]));
				} else {
					start = Number(r[1]);
					if (r[2] !== "") end = Math.min(size, Number(r[2]) + 1);
				}
				if (start >= size || start >= end) {
					res.writeHead(416, { "content-range": `bytes */${size}`, "content-type": "application/xml" });
					return res.end(s3Error("InvalidRange", "The requested range is not satisfiable"));
				}
				status = 206;
			}
		}
		const headers: Record<string, string | number> = {
			"content-type": "application/octet-stream",
			"accept-ranges": "bytes",
			"content-length": end - start,
			etag: `"${fileSeed(file).length}-${size}"`,
			"last-modified": "Thu, 01 Jan 2026 00:00:00 GMT",
		};
		const cd = url.searchParams.get("response-content-disposition");
		if (cd) headers["content-disposition"] = cd;
		if (status === 206) headers["content-range"] = `bytes ${start}-${end - 1}/${size}`;
		if (fault?.kind === "oversize_length") headers["content-length"] = (end - start) * fault.factor;
		res.writeHead(status, headers);
		if (req.method === "HEAD") return res.end();
		await sendBody(res, file, start, end, fault);
	}

	/** An image of `images[]` (it needs no signature; the storage origin refuses a key above). */
	function serveImage(res: http.ServerResponse, vid: number, n: number, notFound: () => void, onApi = false) {
		const img = idx.versions.get(vid)?.version.images?.[n];
		if (!img || img.missing) return notFound();
		if (img.redirectTo !== undefined && onApi) {
			res.writeHead(302, { location: img.redirectTo.replaceAll("{storage}", storageOrigin) });
			return res.end();
		}
		const bytes = img.format === "png" && img.colors ? gradientPng(img.colors) : imageBytes(img.format);
		res.writeHead(200, { "content-type": `image/${img.format}`, "content-length": bytes.length });
		res.end(bytes);
	}

	async function sendBody(res: http.ServerResponse, file: FakeFile, start: number, end: number, fault: Fault | undefined) {
		const seed = fileSeed(file);
		// a drop or stall happens at byte `afterBytes` of the file, in a response that covers that byte
		const cut = (fault?.kind === "drop" || fault?.kind === "stall") && fault.afterBytes > start && fault.afterBytes < end;
		if (!cut && (fault?.kind === "drop" || fault?.kind === "stall")) fault = undefined;
		const limit =
			fault?.kind === "drop" || fault?.kind === "stall"
				? fault.afterBytes
				: fault?.kind === "short_body"
					? Math.max(start, end - fault.missingBytes)
					: end;
		// throttle, or a drop/stall that also trickles
		const bps = fault?.kind === "throttle" || fault?.kind === "drop" || fault?.kind === "stall" ? fault.bytesPerSecond : undefined;
		const chunkSize = bps ? Math.max(1, Math.floor(bps / 10)) : 256 * 1024;
		const wrongAt = fault?.kind === "wrong_bytes" ? (fault.atByte ?? Math.floor(file.sizeBytes / 2)) : -1;
		for (let pos = start; pos < limit; pos += chunkSize) {
			if (res.destroyed) return;
			const chunk = readBytes(seed, pos, Math.min(limit, pos + chunkSize));
			if (wrongAt >= pos && wrongAt < pos + chunk.length) chunk[wrongAt - pos] = (chunk[wrongAt - pos] ?? 0) ^ 0xff;
			if (!res.write(chunk)) await drainOrClose(res);
			if (bps) await sleep(100);
		}
		if (res.destroyed) return;
		if (fault?.kind === "drop") {
			// let the bytes written so far reach the client, then cut the connection mid-body
			await new Promise<void>((resolve) => res.write(Buffer.alloc(0), () => resolve()));
			// give the client time to read them: a reset right away can discard bytes still in flight
			await sleep(100);
			res.socket?.destroy();
			return;
		}
		if (fault?.kind === "stall") return; // hold the connection open; the client must notice
		if (fault?.kind === "short_body") {
			// the sender is done and closes the connection: kept alive, it would look like a stall to the client
			await new Promise<void>((resolve) => res.write(Buffer.alloc(0), () => resolve()));
			res.socket?.end();
			return;
		}
		res.end();
	}

	const apiServer = (red: boolean) =>
		http.createServer((req, res) => {
			try {
				handleApi(req, res, red);
			} catch (err) {
				json(res, 500, { error: String(err) });
			}
		});
	const api = apiServer(false);
	const redApi = opts.redOrigin ? apiServer(true) : undefined;
	const storage = http.createServer((req, res) => {
		handleStorage(req, res).catch(() => res.destroy());
	});
	const servers = redApi ? [api, storage, redApi] : [api, storage];
	for (const s of servers) {
		s.on("connection", (sock) => {
			sockets.add(sock);
			sock.on("close", () => sockets.delete(sock));
		});
	}
	api.listen(opts.port ?? 0, host);
	storage.listen(opts.storagePort ?? 0, host);
	redApi?.listen(0, host);
	await Promise.all(servers.map((s) => once(s, "listening")));
	baseUrl = `http://${host}:${(api.address() as AddressInfo).port}`;
	storageOrigin = `http://${host}:${(storage.address() as AddressInfo).port}`;
	if (redApi) redBaseUrl = `http://${host}:${(redApi.address() as AddressInfo).port}`;

	return {
		baseUrl,
		storageOrigin,
		redBaseUrl,
		requests,
		faults,
		downloadsStarted: (v) => apiAttempts.get(v) ?? 0,
		byHashBatches,
		outage: (status) => {
			outage = status;
		},
		async close() {
			for (const s of sockets) s.destroy();
			await Promise.all(servers.map((srv) => new Promise<void>((r) => srv.close(() => r()))));
		},
	};
}
