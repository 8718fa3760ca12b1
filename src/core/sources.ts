import { TargetError, type TargetProblem } from "../errors.js";
import { hostAllowed, isRedUrl, parseTarget, type Target } from "./targets.js";

/**
 * What `get` may be given besides one model or version (issue 28): a creator's models, the
 * user's favorites, the models an image was made with (a file, or an image page on Civitai).
 * Pure: no network, no disk; a file is only recognised by its name here.
 */
export type Source =
	| { kind: "target"; target: Target }
	| { kind: "creator"; username: string; site?: "red" }
	| { kind: "favorites" }
	| { kind: "image_page"; imageId: number; site?: "red" }
	| { kind: "image_file"; path: string };

/** A Civitai user name as the site's URLs carry it: letters, digits, `_`, `.` and `-`, at most 64. */
const USERNAME = /^[\w.-]{1,64}$/;

/** The image files `get` reads generation data from (a ComfyUI workflow is a `.json`). */
const IMAGE_FILE = /\.(png|jpe?g|webp|json)$/i;

function refuse(input: string, problem: TargetProblem): never {
	throw new TargetError(input, problem);
}

function positiveInt(text: string | undefined): number | undefined {
	if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined;
	const n = Number(text);
	return n >= 1 && n <= 2147483647 ? n : undefined;
}

function username(input: string, raw: string): string {
	let name: string;
	try {
		name = decodeURIComponent(raw);
	} catch {
		refuse(input, { why: "username", name: raw });
	}
	if (!USERNAME.test(name)) refuse(input, { why: "username", name });
	return name;
}

/** A Civitai page URL (with or without `https://`) on an accepted host, else undefined. */
function civitaiUrl(input: string, hosts: readonly string[]): URL | undefined {
	const text = /^https?:\/\//i.test(input) ? input : /^[\w.-]+\.[a-z]{2,}(:\d+)?\//i.test(input) ? `https://${input}` : undefined;
	if (text === undefined) return undefined;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined; // parseTarget words it
	}
	return hostAllowed(url.host, hosts) || hostAllowed(url.hostname, hosts) ? url : undefined;
}

/** The pages of a source on the site: /user/NAME[/models], /images/ID, /collections/ID. */
function fromPage(input: string, url: URL, redHosts: readonly string[]): Source | undefined {
	const parts = url.pathname.split("/").filter(Boolean);
	const site = isRedUrl(url, redHosts) ? { site: "red" as const } : {};
	if (parts[0] === "user") {
		if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && parts[2] !== "models")) {
			refuse(input, { why: "user_path", path: url.pathname });
		}
		return { kind: "creator", username: username(input, parts[1]!), ...site };
	}
	if (parts[0] === "images") {
		const imageId = parts.length === 2 ? positiveInt(parts[1]) : undefined;
		if (imageId === undefined) refuse(input, { why: "image_id" });
		return { kind: "image_page", imageId, ...site };
	}
	if (parts[0] === "collections") refuse(input, { why: "collections" });
	return undefined;
}

/**
 * Parse one argument of `get`. `user:NAME`, `favorites:`, a creator's or an image's page on Civitai,
 * and a `.png`/`.jpg`/`.jpeg`/`.webp`/`.json` path are sources; anything else is a target, parsed as
 * `parseTarget` does (which refuses what it cannot read). `extraHosts`/`redHosts` as for parseTarget.
 */
export function parseSource(raw: string, extraHosts: readonly string[] = [], redHosts: readonly string[] = []): Source {
	const input = raw.trim();
	const prefixed = /^(user|favorites):(.*)$/is.exec(input);
	if (prefixed) {
		if (prefixed[1]!.toLowerCase() === "favorites") {
			if (prefixed[2] !== "") refuse(input, { why: "favorites" });
			return { kind: "favorites" };
		}
		return { kind: "creator", username: username(input, prefixed[2]!) };
	}
	const url = civitaiUrl(input, [...extraHosts, ...redHosts]);
	const page = url && fromPage(input, url, redHosts);
	if (page) return page;
	if (!url && !/^[a-z][a-z0-9+.-]*:\/\//i.test(input) && IMAGE_FILE.test(input)) return { kind: "image_file", path: input };
	return { kind: "target", target: parseTarget(raw, extraHosts, redHosts) };
}

/**
 * The targets `get -` reads from standard input: one a line (blank lines and `#` comments left
 * out), or a line of `search --json` (a JSON object with `versionId` or `modelId`; its other events
 * are passed over). Pure; a JSON line that is neither is refused with its number.
 */
export function stdinTargets(text: string): { targets: string[] } | { badLine: number; text: string } {
	const targets: string[] = [];
	for (const [i, raw] of text.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (line === "" || line.startsWith("#")) continue;
		if (!line.startsWith("{")) {
			targets.push(line);
			continue;
		}
		let o: { versionId?: unknown; modelId?: unknown; type?: unknown } = {};
		try {
			o = line.length <= 65536 ? (JSON.parse(line) as typeof o) : {};
		} catch {
			// refused below
		}
		const id = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
		const versionId = id(o?.versionId);
		const modelId = id(o?.modelId);
		if (versionId !== undefined) targets.push(`version:${versionId}`);
		else if (modelId !== undefined) targets.push(`model:${modelId}`);
		// the other events of `--json` (a summary, a warning) name nothing to download
		else if (typeof o?.type !== "string") return { badLine: i + 1, text: line.slice(0, 200) };
	}
	return { targets };
}
