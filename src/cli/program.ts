import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerConfig } from "./commands/config.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerDownload } from "./commands/download.js";
import { registerImport } from "./commands/import.js";
import { registerLibrary } from "./commands/library.js";
import { registerReport } from "./commands/report.js";
import { registerSearch } from "./commands/search.js";
import { registerUnattended } from "./commands/unattended.js";
import { registerUpdates } from "./commands/updates.js";
import type { Ctx } from "./context.js";
import { layoutExamples, localizeHelp, translateCommanderError } from "./help.js";

/** The command line: every command, its options and its help (what a command does is loaded when it runs). */
export function buildProgram(ctx: Ctx): Command {
	const { m, io } = ctx;
	// the terminal's width, or 80 when not on one (a pipe, a file)
	const helpWidth = io.stdout.isTTY === true && io.stdout.columns ? io.stdout.columns : 80;
	const examples = `\n${m.helpExamples()}\n`;
	const program = new Command("civitai-dl")
		.description(m.helpProgram())
		.version(VERSION, "-V, --version", m.helpVersion())
		.showSuggestionAfterError(true)
		.exitOverride()
		.configureOutput({
			// help is the one thing commander writes: its examples are laid out for the width too
			writeOut: (s) => io.stdout.write(s.startsWith(examples) ? layoutExamples(s, helpWidth) : s),
			writeErr: (s) => io.stderr.write(s),
			getOutHelpWidth: () => helpWidth,
			getErrHelpWidth: () => helpWidth,
			outputError: (s, write) => write(`civitai-dl: ${translateCommanderError(s, m)}\n`),
		});
	localizeHelp(program, m);
	program.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExProgram()}`);
	registerDownload(program, ctx);
	registerSearch(program, ctx);
	registerLibrary(program, ctx);
	registerReport(program, ctx);
	registerImport(program, ctx);
	registerConfig(program, ctx);
	registerUnattended(program, ctx);
	registerUpdates(program, ctx);
	registerDoctor(program, ctx);
	return program;
}
