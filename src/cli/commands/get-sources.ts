// The arguments of `get` read as sources (issue 28), light enough for every `get` to load: which are
// sources, and `-` (targets on standard input). What the sources do is in sources-run.ts, loaded when
// a `get` has one.
import type { LoadedSettings } from "../../config/load.js";
import { acceptedHosts, redHosts, sitesOf } from "../../core/sites.js";
import { parseSource, stdinTargets } from "../../core/sources.js";
import { UsageError } from "../../errors.js";
import { msg } from "../../i18n/msg.js";
import type { GivenSource } from "../../sources/expand.js";
import type { Ctx } from "../context.js";
import type { DownloadOpts, SourceOpts } from "../options.js";

export interface GetOpts extends DownloadOpts, SourceOpts {}

/** The sources of the arguments, with the run's hosts (the base URL's accepted, civitai.red's marked red). */
export function sourcesOf(raw: readonly string[], settings: LoadedSettings["settings"]): GivenSource[] {
	const sites = sitesOf(settings);
	return raw.map((r) => ({ raw: r, source: parseSource(r, acceptedHosts(sites), redHosts(sites)) }));
}

/** The most standard input `get -` reads. */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

/** The arguments with each `-` replaced by the targets on standard input (`search --json | get -`). */
export async function withStdin(ctx: Ctx, args: readonly string[]): Promise<string[]> {
	if (!args.includes("-")) return [...args];
	let text = "";
	for await (const chunk of ctx.io.stdin) {
		text += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
		if (text.length > MAX_STDIN_BYTES) throw new UsageError(msg("errStdinTooBig", { limitMiB: MAX_STDIN_BYTES / 2 ** 20 }));
	}
	const read = stdinTargets(text);
	if ("badLine" in read) throw new UsageError(msg("errStdinLine", { line: read.badLine, text: read.text }));
	return args.flatMap((a) => (a === "-" ? read.targets : [a]));
}

/** Whether `get` needs the sources' path: a source among its arguments, `-`, or a listing option. */
export function usesSources(given: readonly GivenSource[], opts: GetOpts): boolean {
	const listingFlags = opts.allVersions || opts.types || opts.baseModels || opts.limit !== undefined || opts.maxSize !== undefined;
	return listingFlags === true || given.some((g) => g.source.kind !== "target");
}
