import { type Command, InvalidArgumentError, Option } from "commander";
import { MODEL_SORTS, oneOfLoosely, PERIODS } from "../../core/list-options.js";
import type { Messages } from "../../i18n/index.js";
import type { Ctx } from "../context.js";
import { addDownload, addSourceOptions } from "../options.js";
import type { GetOpts } from "./get-sources.js";

// `search`: name, options and help here; what it does is in search-run.ts, loaded when it runs.
export interface SearchOpts extends GetOpts {
	tag?: string;
	sort?: string;
	period?: string;
	nsfw?: boolean;
	get?: boolean;
}

function loosely(flag: string, choices: readonly string[], m: Messages) {
	return (v: string): string => {
		const c = oneOfLoosely(v, choices);
		if (!c) throw new InvalidArgumentError(m.cliBadChoice({ flag, value: v, choices: choices.join(", ") }));
		return c;
	};
}

export function registerSearch(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	const cmd = addDownload(program.command("search").description(m.helpSearch()).argument("<words...>", m.helpArgWords()), m);
	addSourceOptions(cmd, m, m.helpOptSearchLimit())
		.option("--tag <tag>", m.helpOptTag())
		.addOption(new Option("--sort <order>", m.helpOptSort()).argParser(loosely("--sort", MODEL_SORTS, m)))
		.addOption(new Option("--period <period>", m.helpOptPeriod()).argParser(loosely("--period", PERIODS, m)))
		.option("--nsfw", m.helpOptNsfw())
		.option("--get", m.helpOptGet())
		.option("-y, --yes", m.helpOptGetYes())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExSearch()}`)
		.action(async (words: string[], opts: SearchOpts) => (await import("./search-run.js")).runSearch(ctx, words, opts));
}
