import type { Command } from "commander";
import type { Messages } from "../i18n/index.js";
import { stripAnsi, widthOf, wrapText } from "./text-width.js";

/**
 * Commander's own words (titles, help and version options) in the chosen language, and its layout
 * by display width (issue 27, point 7): a wide character is two columns, Japanese breaks between
 * characters, so no line runs past the terminal (80 columns when not on one) nor wraps back to column 0.
 */
export function localizeHelp(program: Command, m: Messages): void {
	program.configureHelp({
		styleTitle: (title: string) => m.helpTitle({ title }),
		displayWidth: (s: string) => widthOf(stripAnsi(s)),
		boxWrap: (s: string, width: number) => wrapText(s, width).join("\n"),
		// a narrow terminal still wraps the descriptions (commander's default gives up under 40 columns)
		minWidthToWrap: 20,
	});
	program.helpOption("-h, --help", m.helpHelp());
	program.helpCommand("help [command]", m.helpHelp());
}

/** Where a shell command may be split with " \": a space outside quotes, the last one that leaves the first part within `width`. */
function splitCommand(cmd: string, width: number): [string, string] | undefined {
	let quote: string | undefined;
	let at: number | undefined;
	for (let i = 0; i < cmd.length; i++) {
		const c = cmd[i]!;
		if (quote) {
			if (c === quote) quote = undefined;
		} else if (c === '"' || c === "'") quote = c;
		else if (c === " " && widthOf(cmd.slice(0, i)) + 2 <= width) at = i;
	}
	return at === undefined ? undefined : [`${cmd.slice(0, at)} \\`, cmd.slice(at + 1)];
}

/**
 * The examples after a command's help, laid out for `width` columns: `  command   what it does` when
 * it fits; otherwise the command on its own line (split where the shell allows, with " \\") and what
 * it does under it, indented and wrapped.
 */
export function layoutExamples(text: string, width: number): string {
	return text
		.split("\n")
		.flatMap((line) => {
			if (widthOf(line) <= width) return [line];
			const parts = /^( +)(\S.*?)(?: {2,}(\S.*))?$/.exec(line);
			if (!parts) return wrapText(line, width);
			const [, indent, cmd, said] = parts as unknown as [string, string, string, string | undefined];
			const out: string[] = [];
			let rest = cmd;
			let pad = indent;
			for (
				let cut = splitCommand(rest, width - pad.length);
				widthOf(pad + rest) > width && cut;
				cut = splitCommand(rest, width - pad.length)
			) {
				out.push(pad + cut[0]);
				rest = cut[1];
				pad = `${indent}  `;
			}
			out.push(pad + rest);
			if (said) out.push(...wrapText(said, width - indent.length - 4).map((l) => `${indent}    ${l}`));
			return out;
		})
		.join("\n");
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
