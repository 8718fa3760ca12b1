import { TargetError, type TargetProblem } from "../errors.js";

/** What a user asked for, before any network request. */
export type Target = (
	| { kind: "model"; modelId: number; versionId?: number; fileId?: number }
	| { kind: "version"; versionId: number; fileId?: number; selector?: FileSelector }
	/** A bare number: could be a model or a version id. */
	| { kind: "number"; id: number }
) & {
	/** "red": the URL named civitai.red (or the configured red host): resolve it there first. */
	site?: "red";
};

/** `type=&format=&size=&fp=` of a Civitai download URL. */
export interface FileSelector {
	type?: string;
	format?: string;
	size?: string;
	fp?: string;
}

/** Hosts that serve the same Civitai app. */
export const CIVITAI_HOSTS = ["civitai.com", "civitai.red", "civitai.green", "civitai.blue"];

/** Hosts of the mature site: a target there resolves on the red origin. */
const RED_HOSTS = ["civitai.red", "www.civitai.red"];

/** Whether a URL is on civitai.red or on one of `redHosts` (host:port, the configured red origin's). */
// Stryker disable next-line ArrayDeclaration: a default of ["Stryker was here"] is no URL's host (a host has no spaces)
export function isRedUrl(url: URL, redHosts: readonly string[] = []): boolean {
	return RED_HOSTS.includes(url.hostname.toLowerCase()) || redHosts.some((x) => x.toLowerCase() === url.host.toLowerCase());
}

function positiveInt(text: string | null | undefined): number | undefined {
	// mutation testing: `text == null` → false is an equivalent mutant (the pattern does not match "null" or "undefined")
	if (text == null || !/^\d{1,10}$/.test(text)) return undefined;
	const n = Number(text);
	return n >= 1 && n <= 2147483647 ? n : undefined;
}

function refuse(input: string, problem: TargetProblem): never {
	throw new TargetError(input, problem);
}

/** Whether a host (or host:port) is Civitai's, `www.` or not, or one of `extraHosts`. */
export function hostAllowed(host: string, extraHosts: readonly string[]): boolean {
	const h = host.toLowerCase();
	const bare = h.startsWith("www.") ? h.slice(4) : h;
	return CIVITAI_HOSTS.includes(bare) || extraHosts.map((x) => x.toLowerCase()).includes(h);
}

// AIR (civitai-client-javascript Air.ts) plus the newer +fileId suffix.
const AIR =
	/^(?:urn:)?(?:air:)?(?:(?<ecosystem>[a-zA-Z0-9_\-/]+):)?(?:(?<type>[a-zA-Z0-9_\-/]+):)?(?<source>[a-zA-Z0-9_\-/]+):(?<id>[a-zA-Z0-9_\-/.]+?)(?:@(?<version>[a-zA-Z0-9_\-/]+))?(?:\+(?<file>\d+))?(?:\.(?<format>[a-zA-Z0-9_-]+))?$/;

/**
 * Parse one target. Pure: no network. `extraHosts` are further hosts (host:port) to accept as
 * Civitai, normally the configured base URL's host. A URL on civitai.red or on one of `redHosts`
 * (host:port: the configured red origin's, also accepted) is marked `site: "red"`.
 * Throws TargetError (a UsageError) naming the problem; the CLI words it.
 */
// Stryker disable next-line ArrayDeclaration: defaults of ["Stryker was here"] are no URL's host (a host has no spaces)
export function parseTarget(raw: string, extraHosts: readonly string[] = [], redHosts: readonly string[] = []): Target {
	const input = raw.trim();
	if (input === "") refuse(raw, { why: "empty" });

	if (/^\d+$/.test(input)) {
		const id = positiveInt(input);
		if (id === undefined) refuse(input, { why: "range" });
		return { kind: "number", id };
	}

	const prefixed = /^(model|version)s?:(\d+)$/i.exec(input);
	if (prefixed) {
		const id = positiveInt(prefixed[2]);
		if (id === undefined) refuse(input, { why: "range" });
		return prefixed[1]!.toLowerCase() === "model" ? { kind: "model", modelId: id } : { kind: "version", versionId: id };
	}

	const hosts = [...extraHosts, ...redHosts];
	if (/^https?:\/\//i.test(input)) return onSite(parseUrl(input, hosts), input, redHosts);
	if (/^[\w.-]+\.[a-z]{2,}\//i.test(input) && hostAllowed(input.split("/")[0]!, hosts)) {
		return onSite(parseUrl(`https://${input}`, hosts), `https://${input}`, redHosts);
	}

	const air = AIR.exec(input);
	if (air?.groups && (input.includes("@") || input.toLowerCase().includes("civitai:"))) {
		const g = air.groups;
		// mutation testing, equivalent mutants: the pattern always has a source, so `g.source ?? ""` → "Stryker was here!";
		// and `g.version === undefined` → false or `g.file === undefined` → false below (positiveInt(undefined) is undefined)
		// Stryker disable next-line OptionalChaining: the pattern always has a source
		if (g.source?.toLowerCase() !== "civitai") refuse(input, { why: "air_source", source: g.source ?? "" });
		const modelId = positiveInt(g.id);
		if (modelId === undefined) refuse(input, { why: "air_model" });
		const versionId = g.version === undefined ? undefined : positiveInt(g.version);
		if (g.version !== undefined && versionId === undefined) refuse(input, { why: "air_version" });
		const fileId = g.file === undefined ? undefined : positiveInt(g.file);
		return {
			kind: "model",
			modelId,
			...(versionId !== undefined ? { versionId } : {}),
			...(fileId !== undefined ? { fileId } : {}),
		};
	}
	refuse(input, { why: "unknown_form" });
}

/** The parsed URL target, marked `site: "red"` when its host is a red one. */
function onSite(t: Target, url: string, redHosts: readonly string[]): Target {
	return isRedUrl(new URL(url), redHosts) ? { ...t, site: "red" } : t;
}

function parseUrl(input: string, extraHosts: readonly string[]): Target {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		refuse(input, { why: "bad_url" });
	}
	if (!hostAllowed(url.host, extraHosts) && !hostAllowed(url.hostname, extraHosts)) {
		refuse(input, { why: "host", host: url.host });
	}
	const parts = url.pathname.split("/").filter(Boolean);
	const q = url.searchParams;
	// mutation testing: `q.get(...) === null` → false here and for modelVersionId below is an equivalent mutant
	// (positiveInt(null) is undefined)
	const fileId = q.get("fileId") === null ? undefined : positiveInt(q.get("fileId"));
	if (q.get("fileId") !== null && fileId === undefined) refuse(input, { why: "file_id" });

	if (parts[0] === "models" && parts.length >= 2) {
		const modelId = positiveInt(parts[1]);
		if (modelId === undefined) refuse(input, { why: "model_id" });
		const v = q.get("modelVersionId");
		const versionId = v === null ? undefined : positiveInt(v);
		if (v !== null && versionId === undefined) refuse(input, { why: "model_version_id" });
		return { kind: "model", modelId, ...(versionId !== undefined ? { versionId } : {}), ...(fileId !== undefined ? { fileId } : {}) };
	}
	if (parts[0] === "model-versions" && parts.length === 2) {
		const versionId = positiveInt(parts[1]);
		if (versionId === undefined) refuse(input, { why: "version_id" });
		return { kind: "version", versionId };
	}
	if (parts[0] === "api" && parts[1] === "download" && parts[2] === "models" && parts.length === 4) {
		const versionId = positiveInt(parts[3]);
		if (versionId === undefined) refuse(input, { why: "version_id" });
		const selector: FileSelector = {};
		for (const k of ["type", "format", "size", "fp"] as const) {
			const v = q.get(k);
			if (v !== null && v !== "") selector[k] = v;
		}
		return {
			kind: "version",
			versionId,
			...(fileId !== undefined ? { fileId } : {}),
			...(Object.keys(selector).length > 0 && fileId === undefined ? { selector } : {}),
		};
	}
	refuse(input, { why: "path", path: url.pathname });
}

/** A stable, secret-free URL for a resolved item: what the history's `url` column holds. */
export function canonicalDownloadUrl(baseUrl: string, versionId: number, fileId?: number): string {
	const u = new URL(`/api/download/models/${versionId}`, baseUrl);
	if (fileId !== undefined) u.searchParams.set("fileId", String(fileId));
	return u.toString();
}
