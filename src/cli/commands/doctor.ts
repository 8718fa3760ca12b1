import type { Command } from "commander";
import type { Ctx } from "../context.js";
import { addCommon, addSites, type CommonOpts } from "../options.js";

// `doctor`: name, options and help here; what it does is in doctor-run.ts, loaded when it runs.
export interface DoctorOpts extends CommonOpts {
	notify?: boolean;
}

export function registerDoctor(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	addSites(addCommon(program.command("doctor").description(m.helpDoctor()), m), m)
		.option("--notify", m.helpOptNotify())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExDoctor()}`)
		.action(async (opts: DoctorOpts) => (await import("./doctor-run.js")).runDoctor(ctx, opts));
}
