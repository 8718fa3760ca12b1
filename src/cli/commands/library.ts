import type { Command } from "commander";
import type { Ctx } from "../context.js";
import { addCommon, addDisplay, type CommonOpts, secondsAsMs } from "../options.js";

// `history` and `verify`: names, options and help here; what they do is in library-run.ts, loaded when one runs.
export interface VerifyOpts extends CommonOpts {
	failedOut?: string;
	lockTimeout?: number;
}

export function registerLibrary(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	addCommon(program.command("history").description(m.helpHistory()), m, m.helpOptHistoryJson())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExHistory()}`)
		.action(async (opts: CommonOpts) => (await import("./library-run.js")).runHistory(ctx, opts));
	addDisplay(addCommon(program.command("verify").description(m.helpVerify()), m), m)
		.option("--failed-out <csv>", m.helpOptVerifyFailedOut())
		.option("--lock-timeout <seconds>", m.helpOptLockTimeout(), secondsAsMs("--lock-timeout", m))
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExVerify()}`)
		.action(async (opts: VerifyOpts) => (await import("./library-run.js")).runVerify(ctx, opts));
}
