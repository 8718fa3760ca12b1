import type { Command } from "commander";
import { LANGS } from "../../i18n/index.js";
import type { Ctx } from "../context.js";
import { addCommon, type CommonOpts, oneOf, positiveInt } from "../options.js";

// `notify test` and `schedule`: names, options and help here; what they do is in unattended-run.ts, loaded when one runs.
export function registerUnattended(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	const notify = program.command("notify").description(m.helpNotify()).addHelpText("after", `\n${m.helpExamples()}\n${m.helpExNotify()}`);
	addCommon(notify.command("test").description(m.helpNotifyTest()), m)
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExNotify()}`)
		.action(async (opts: CommonOpts) => (await import("./unattended-run.js")).runNotifyTest(ctx, opts));

	program
		.command("schedule")
		.description(m.helpSchedule())
		.argument("<cron>", m.helpArgCron())
		.argument("[args...]", m.helpArgScheduleArgs())
		.option("--tz <zone>", m.helpOptTz())
		.option("--max-runs <n>", m.helpOptMaxRuns(), positiveInt("--max-runs", m))
		.option("--lang <lang>", m.helpOptLang(), oneOf("--lang", LANGS, m))
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExSchedule()}`)
		.action(async (cron: string, args: string[], opts: { tz?: string; maxRuns?: number }) =>
			(await import("./unattended-run.js")).runScheduleCommand(ctx, program, cron, args, opts),
		);
}
