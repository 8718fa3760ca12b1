import { type Command, Option } from "commander";
import type { Ctx } from "../context.js";
import { addCommon, addDisplay, addLookupPause, addSites, type DownloadOpts, LAYOUT_NAMES, oneOf, secondsAsMs } from "../options.js";

// `import`: name, options and help here; what it does is in import-run.ts, loaded when it runs.
export type ImportOpts = DownloadOpts;

export function registerImport(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	addLookupPause(addDisplay(addSites(addCommon(program.command("import").argument("[dir...]").description(m.helpImport()), m), m), m), m)
		.option("--dry-run", m.helpOptImportDryRun())
		.option("--lock-timeout <seconds>", m.helpOptLockTimeout(), secondsAsMs("--lock-timeout", m))
		.addOption(new Option("--layout <ui>", m.helpOptLayout()).argParser(oneOf("--layout", LAYOUT_NAMES, m)))
		.option("--root <dir>", m.helpOptRoot())
		.option("--sidecars", m.helpOptSidecars())
		.option("--no-sidecars", m.helpOptNoSidecars())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExImport()}`)
		.action(async (dirs: string[], opts: ImportOpts) => (await import("./import-run.js")).runImport(ctx, dirs, opts));
}
