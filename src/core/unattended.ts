import { parseSource } from "./sources.js";

/**
 * Whether a command `schedule` will run would stop at a question nobody can answer (a scheduled run
 * has no terminal: its standard input is closed), decided from the command as the parser read it.
 * Pure: the same rules the commands apply when they run (`redownload all`, `update`, a list `get`
 * or `search --get` ask y/N unless `--yes` or `--dry-run`; `get -` reads its targets from standard input).
 */
/** asks: always (without --yes); asks_long: when the list is long (over 20 models or 20 GiB); stdin: reads its targets there. */
export type NoAnswer = "asks" | "asks_long" | "stdin";

export interface ParsedCommand {
	/** The command's name (`get`, `redownload`, ...). */
	name: string;
	/** Its operands as parsed (a variadic one flattened). */
	operands: readonly string[];
	opts: { yes?: boolean; dryRun?: boolean; force?: boolean; get?: boolean; allVersions?: boolean };
}

/** A `get` operand that lists many models (a creator's, the favorites): a long list is confirmed. */
function listsModels(operand: string): boolean {
	try {
		const kind = parseSource(operand).kind;
		return kind === "creator" || kind === "favorites";
	} catch {
		return false; // not readable: the run says so, with its own words
	}
}

export function unanswered(c: ParsedCommand): NoAnswer | undefined {
	const { yes, dryRun, force } = c.opts;
	switch (c.name) {
		case "redownload":
			return c.operands[0] === "all" && !yes && !force && !dryRun ? "asks" : undefined;
		case "update":
			return !yes && !dryRun ? "asks" : undefined;
		case "get":
			if (c.operands.includes("-")) return "stdin";
			return !yes && !dryRun && (c.opts.allVersions === true || c.operands.some(listsModels)) ? "asks_long" : undefined;
		case "search":
			return c.opts.get === true && !yes && !dryRun ? "asks_long" : undefined;
		default:
			return undefined;
	}
}
