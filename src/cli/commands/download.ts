import type { Command } from "commander";
import type { Ctx } from "../context.js";
import { addDownload, addSourceOptions, type DownloadOpts } from "../options.js";
import type { GetOpts } from "./get-sources.js";

// `get` and `redownload`: names, options and help here; what they do is in download-run.ts, loaded when one runs.
export function registerDownload(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	const get = addDownload(program.command("get").description(m.helpGet()).argument("<target...>", m.helpArgTargetSources()), m);
	addSourceOptions(get, m)
		.option("-y, --yes", m.helpOptGetYes())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExGet()}`)
		.action(async (targets: string[], opts: GetOpts) => (await import("./download-run.js")).runGet(ctx, targets, opts));

	addDownload(
		program
			.command("redownload")
			.description(m.helpRedownload())
			.argument("[target]", m.helpArgRedownload())
			.option("--from <csv>", m.helpOptFrom())
			.option("-y, --yes", m.helpOptYes()),
		m,
	)
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExRedownload()}`)
		.action(async (target: string | undefined, opts: DownloadOpts) => (await import("./download-run.js")).runRedownload(ctx, target, opts));
}
