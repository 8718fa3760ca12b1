import type { Command } from "commander";
import type { Layout } from "../../config/layouts.js";
import type { Ctx } from "../context.js";
import { addCommon, addSites, type CommonOpts, LAYOUT_NAMES, oneOf } from "../options.js";

// `config init|show|path`: names, options and help here; what they do is in config-run.ts, loaded when one runs.
export interface InitOpts extends CommonOpts {
	force?: boolean;
	layout?: Layout;
	root?: string;
}

export function registerConfig(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	const config = program.command("config").description(m.helpConfig()).addHelpText("after", `\n${m.helpExamples()}\n${m.helpExConfig()}`);

	addSites(addCommon(config.command("init").description(m.helpConfigInit()), m, m.helpOptConfigJson()), m)
		.option("--force", m.helpOptInitForce())
		.option("--layout <ui>", m.helpOptLayout(), oneOf("--layout", LAYOUT_NAMES, m))
		.option("--root <dir>", m.helpOptRoot())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExConfig()}`)
		.action(async (opts: InitOpts) => (await import("./config-run.js")).runConfigInit(ctx, opts));

	addSites(addCommon(config.command("show").description(m.helpConfigShow()), m, m.helpOptConfigJson()), m)
		.option("--layout <ui>", m.helpOptLayout(), oneOf("--layout", LAYOUT_NAMES, m))
		.option("--root <dir>", m.helpOptRoot())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExConfigShow()}`)
		.action(async (opts: InitOpts) => (await import("./config-run.js")).runConfigShow(ctx, opts));

	addCommon(config.command("path").description(m.helpConfigPath()), m, m.helpOptConfigJson())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExConfigPath()}`)
		.action(async (opts: CommonOpts) => (await import("./config-run.js")).runConfigPath(ctx, opts));
}
