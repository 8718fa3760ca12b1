import type { Command } from "commander";
import type { Ctx } from "../context.js";
import { addCommon, addDisplay, addLookupPause, addRunOptions, addSites, type CommonOpts, type DownloadOpts } from "../options.js";

// `outdated` and `update`: names, options and help here; what they do is in updates-run.ts, loaded when one runs.
export interface OutdatedOpts extends CommonOpts {
	notify?: boolean;
}

export interface UpdateOpts extends DownloadOpts {
	allBaseModels?: boolean;
}

export function registerUpdates(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	addLookupPause(addSites(addCommon(program.command("outdated").description(m.helpOutdated()), m), m), m)
		.option("--notify", m.helpOptNotifyRun())
		.option("--no-notify", m.helpOptNoNotify())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExOutdated()}`)
		.action(async (opts: OutdatedOpts) => (await import("./updates-run.js")).runOutdated(ctx, opts));
	const update = addDisplay(addSites(addCommon(program.command("update").description(m.helpUpdate()), m), m), m)
		.option("--all-base-models", m.helpOptAllBaseModels())
		.option("--dry-run", m.helpOptUpdateDryRun())
		.option("-y, --yes", m.helpOptYes());
	// the run options of get and redownload; not --type/--output/--layout/--root/--file-id/--force: each new
	// version goes to its old version's folder
	addRunOptions(update, m)
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExUpdate()}`)
		.action(async (opts: UpdateOpts) => (await import("./updates-run.js")).runUpdate(ctx, opts));
}
