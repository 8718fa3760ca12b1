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

/**
 * `civitai-dl --dry-run get model:1`: a command's own option before its name, which commander refuses
 * as the program's. The line with the options that stood before the command moved after its name, for
 * the hint; undefined when no known command follows them.
 */
export function optionsAfterCommand(argv: readonly string[], commands: readonly string[]): string | undefined {
	const i = argv.findIndex((a) => commands.includes(a));
	if (i <= 0 || !argv[0]!.startsWith("-") || argv.slice(0, i).includes("--")) return undefined;
	return shownCommand([argv[i]!, ...argv.slice(0, i), ...argv.slice(i + 1)]);
}

/** Options every command takes that a user may put before the command's name, with whether they take a value. */
const BEFORE_COMMAND = new Map<string, boolean>([
	["--lang", true],
	["--config", true],
	["--base-url", true],
	["--no-color", false],
	["--no-progress", false],
	["--json", false],
	["-q", false],
	["--quiet", false],
	["-v", false],
	["--verbose", false],
]);

/**
 * `civitai-dl --lang ja schedule …`: commander reads options before a command's name as the
 * program's, which has none of these. The same line with them moved just after the command's name;
 * a line whose first words are anything else (a command, `--help`, `--version`, an option of one
 * command) is given back as it is.
 */
export function commandFirst(argv: readonly string[]): readonly string[] {
	const moved: string[] = [];
	let i = 0;
	while (i < argv.length) {
		const a = argv[i]!;
		const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
		const takesValue = BEFORE_COMMAND.get(name);
		if (takesValue === undefined) break;
		const n = takesValue && !a.includes("=") ? 2 : 1;
		if (i + n > argv.length) return argv;
		moved.push(...argv.slice(i, i + n));
		i += n;
	}
	const command = argv[i];
	if (moved.length === 0 || command === undefined || command.startsWith("-")) return argv;
	return [command, ...moved, ...argv.slice(i + 1)];
}
