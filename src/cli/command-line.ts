// Command lines as words (no heavy imports: main.ts reads this on a usage error).

/** A command's words as a shell line would give them (a word with spaces or quotes in quotes). */
export function shownCommand(args: readonly string[]): string {
	return args.map((a) => (a === "" || /[\s"'\\$`]/.test(a) ? JSON.stringify(a) : a)).join(" ");
}

/** schedule's own options that take a value (the others it has, --help, take none). */
const SCHEDULE_VALUE_FLAGS = new Set(["--tz", "--max-runs", "--lang"]);

/**
 * `civitai-dl schedule <cron> <command with options>` written without `--` (commander then takes the
 * command's options for schedule's): the same line with the command after `--`, schedule's own
 * options kept before it. `argv` starts with "schedule".
 */
export function withDashes(argv: readonly string[]): string {
	const own: string[] = [];
	const rest: string[] = [];
	let cron: string | undefined;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
		// commander read schedule's own options wherever they stood: they stay schedule's
		if (SCHEDULE_VALUE_FLAGS.has(name)) {
			own.push(a, ...(a.includes("=") || argv[i + 1] === undefined ? [] : [argv[++i]!]));
		} else if (cron === undefined && !a.startsWith("-")) cron = a;
		else rest.push(a);
	}
	return shownCommand(["schedule", ...own, cron ?? "<cron>", "--", ...rest]);
}
