import { formatBytes, formatDuration } from "../core/format.js";
import { type RunLogLine, shellLine } from "../core/run-log.js";
import { localTimestamp } from "../history/columns.js";
import type { Messages } from "../i18n/en.js";
import { esc } from "./html.js";

/** How many runs the timeline shows at once; the older ones (the log keeps 500) are folded under them. */
const SHOWN = 10;

function when(iso: string): string {
	return localTimestamp(new Date(iso)).slice(0, 16);
}

function num(n: number | null): string {
	return n === null ? "" : String(n);
}

/** The run's result: its exit code, and what stopped it. */
function result(r: RunLogLine, m: Messages): string {
	return r.stoppedBy ? m.reportExitStopped({ code: r.exitCode, reason: r.stoppedBy }) : m.reportExit({ code: r.exitCode });
}

/** The timeline: newest run first, one row each. */
function timeline(runs: readonly RunLogLine[], m: Messages, locale: string): string {
	const head = [
		m.reportColDate(),
		m.reportColCommand(),
		m.reportColDownloaded(),
		m.reportColBytes(),
		m.reportColSkipped(),
		m.reportColFailed(),
		m.reportColRateLimited(),
		m.reportColParked(),
		m.reportColChecked(),
		m.reportColDuration(),
		m.reportColResult(),
	];
	const rows = [...runs].reverse().map((r) => {
		const cells = [
			when(r.startedAt),
			r.command,
			String(r.downloaded),
			formatBytes(r.bytes, locale),
			String(r.skipped),
			String(r.failed),
			String(r.rateLimited),
			String(r.parked),
			r.checked === null ? "" : m.reportChecked({ checked: num(r.checked), found: num(r.found) }),
			formatDuration(r.elapsedMs, locale),
			result(r, m),
		];
		return `<tr${r.failed + r.parked > 0 ? ' class="bad"' : ""}>${cells.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`;
	});
	return `<div class="table"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** The last run's failures with their reasons, and the commands that run them again. */
function lastFailures(last: RunLogLine, m: Messages): string {
	const title = m.reportLastRun({ command: last.command, date: when(last.startedAt) });
	if (last.failures.length === 0)
		return `<div class="failures" id="last-run"><h2>${esc(title)}</h2><p>${esc(m.reportNoFailures())}</p></div>`;
	const items = last.failures.map((f) => `<li><b>${esc(f.name)}</b> (${esc(f.kind)}): ${esc(f.message)}</li>`);
	if (last.moreFailures > 0) items.push(`<li>${esc(m.reportMoreFailures({ count: last.moreFailures }))}</li>`);
	const rerun =
		last.rerun.length > 0
			? `<p>${esc(m.reportRerun())}</p><code class="rerun" id="rerun">${esc(last.rerun.map(shellLine).join(" && "))}</code>`
			: "";
	return `<div class="failures" id="last-run"><h2>${esc(title)}</h2><ul>${items.join("")}</ul>${rerun}</div>`;
}

/** The nights: the last run's failures, the timeline (older runs folded), or a sentence saying no run is recorded yet. */
export function nights(runs: readonly RunLogLine[], m: Messages, locale: string): string {
	const last = runs.at(-1);
	const older = runs.slice(0, -SHOWN);
	const folded =
		older.length > 0
			? `<details><summary>${esc(m.reportOlderRuns({ count: older.length }))}</summary>${timeline(older, m, locale)}</details>`
			: "";
	const body = last
		? `${lastFailures(last, m)}${timeline(runs.slice(-SHOWN), m, locale)}${folded}`
		: `<p class="dim">${esc(m.reportNoRuns())}</p>`;
	return `<section id="nights"><h2>${esc(m.reportNights())}</h2>${body}</section>`;
}
