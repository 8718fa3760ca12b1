import type { Command } from "commander";
import type { Messages } from "../i18n/index.js";

/** Commander's own words (titles, help and version options) in the chosen language. */
export function localizeHelp(program: Command, m: Messages): void {
	program.configureHelp({ styleTitle: (title: string) => m.helpTitle({ title }) });
	program.helpOption("-h, --help", m.helpHelp());
	program.helpCommand("help [command]", m.helpHelp());
}

/**
 * Commander's error lines ("error: unknown option '--x'") as one sentence in the chosen language.
 * Our own argument parsers already speak it: their text is kept as is.
 */
export function translateCommanderError(text: string, m: Messages): string {
	const t = text.replace(/^error: /, "").trim();
	const suggestion = /\(Did you mean (.+)\?\)/.exec(t)?.[1] ?? null;
	let r: RegExpExecArray | null;
	if ((r = /^unknown option '([^']+)'/.exec(t))) return m.cliUnknownOption({ option: r[1]!, suggestion });
	if ((r = /^unknown command '([^']+)'/.exec(t))) return m.cliUnknownCommand({ command: r[1]!, suggestion });
	if ((r = /^missing required argument '([^']+)'/.exec(t))) return m.cliMissingArgument({ argument: `<${r[1]}>` });
	if ((r = /^option '([^']+)' argument missing/.exec(t))) return m.cliOptionNeedsValue({ option: r[1]! });
	if ((r = /^too many arguments(?: for '([^']+)')?/.exec(t))) return m.cliTooManyArguments({ command: r[1] ?? "civitai-dl" });
	if ((r = /^(?:option|command-argument value) .*? is invalid\. ([\s\S]+)$/.exec(t))) return r[1]!.trim();
	return t;
}
