import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerConfig } from "./commands/config.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerDownload } from "./commands/download.js";
import { registerImport } from "./commands/import.js";
import { registerLibrary } from "./commands/library.js";
import { registerSearch } from "./commands/search.js";
import { registerUnattended } from "./commands/unattended.js";
import { registerUpdates } from "./commands/updates.js";
import type { Ctx } from "./context.js";
import { localizeHelp, translateCommanderError } from "./help.js";

/** The command line: every command, its options and its help (what a command does is loaded when it runs). */
export function buildProgram(ctx: Ctx): Command {
	const { m, io } = ctx;
	const program = new Command("civitai-dl")
		.description(m.helpProgram())
		.version(VERSION, "-V, --version", m.helpVersion())
		.showSuggestionAfterError(true)
		.exitOverride()
		.configureOutput({
			writeOut: (s) => io.stdout.write(s),
			writeErr: (s) => io.stderr.write(s),
			outputError: (s, write) => write(`civitai-dl: ${translateCommanderError(s, m)}\n`),
		});
	localizeHelp(program, m);
	program.addHelpText("after", `\n${m.helpExamples()}\n${m.helpExProgram()}`);
	registerDownload(program, ctx);
	registerSearch(program, ctx);
	registerLibrary(program, ctx);
	registerImport(program, ctx);
	registerConfig(program, ctx);
	registerUnattended(program, ctx);
	registerUpdates(program, ctx);
	registerDoctor(program, ctx);
	return program;
}
