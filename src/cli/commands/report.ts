import type { Command } from "commander";
import type { Ctx } from "../context.js";
import { addCommon, type CommonOpts } from "../options.js";

// `report`: name, options and help here; what it does is in report-run.ts, loaded when it runs.
export interface ReportOpts extends CommonOpts {
	out?: string;
	open?: boolean;
	check?: boolean;
}

export function registerReport(program: Command, ctx: Ctx): void {
	const { m } = ctx;
	addCommon(program.command("report").description(m.helpReport()), m)
		.option("--out <file>", m.helpOptReportOut())
		.option("--open", m.helpOptReportOpen())
		.option("--check", m.helpOptReportCheck())
		.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExReport()}`)
		.action(async (opts: ReportOpts) => (await import("./report-run.js")).runReport(ctx, opts));
}
