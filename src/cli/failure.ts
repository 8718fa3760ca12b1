import { formatDuration } from "../core/format.js";
import { type ErrorCode, isCivdlError, LockTimeoutError, wordsOf } from "../errors.js";
import { intlLocale, type Lang, messages } from "../i18n/index.js";

/** How the CLI ends on a typed error: the exit code (SPEC) and its one line, or null to say nothing more. */
interface Ending {
	exit: number;
	words: (e: unknown, lang: Lang) => string | null;
}

const said = (e: unknown, lang: Lang) => wordsOf(e, messages(lang));

/** Every error code, its exit code and its words: the one place that decides how a typed error ends a run. */
export const ENDINGS: Readonly<Record<ErrorCode, Ending>> = {
	usage: { exit: 2, words: said },
	config: { exit: 2, words: said },
	csv_read: { exit: 2, words: said },
	lock_timeout: { exit: 2, words: lockWords },
	download: { exit: 1, words: said },
	// a file not written whole (a full disk outside a run, a link at its name): nothing was replaced
	write: { exit: 1, words: said },
	// Ctrl-C: bin.ts has already said that we stop
	interrupted: { exit: 130, words: () => null },
};

function lockWords(e: unknown, lang: Lang): string {
	if (!(e instanceof LockTimeoutError)) return said(e, lang);
	const timeout = formatDuration(e.timeoutMs, intlLocale(lang));
	return messages(lang).lockTimeout({ path: e.path, pid: String(e.owner?.pid ?? "?"), timeout });
}

/** A thrown error → exit code and the line for stderr. Anything untyped is a bug: it says so, with the stack when verbose. */
export function endingFor(e: unknown, lang: Lang, verbose: boolean): { exit: number; lines: string[] } {
	if (isCivdlError(e)) {
		const ending = ENDINGS[e.code];
		const words = ending.words(e, lang);
		return { exit: ending.exit, lines: words === null ? [] : [`civitai-dl: ${words}`] };
	}
	const m = messages(lang);
	const lines = [`civitai-dl: ${m.cliUnexpected({ message: (e as Error)?.message ?? String(e), verbose })}`];
	if (verbose && e instanceof Error && e.stack) lines.push(e.stack);
	return { exit: 1, lines };
}
