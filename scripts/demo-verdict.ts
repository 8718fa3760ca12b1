/**
 * What the demo's run means, decided from plain data: the CLI's exit code, the run report it writes when
 * it finishes a command (CIVITAI_DL_RUN_REPORT), and the failed list's rows. Only the designed outcome (one
 * item failing because it needs a login) is "expected"; a crash, a missing summary or any other failure is
 * reported as what it is, with a non-zero exit.
 */
export interface DemoRun {
	/** The CLI's exit code (null when a signal killed it). */
	code: number | null;
	/** The run report, or null when the CLI never finished a command (it crashed or printed no summary). */
	report: { exitCode: number; failedListPath: string | null; stoppedBy: string | null } | null;
	/** error_kind of each row of the failed list, when there is one. */
	failedKinds: string[];
}

export interface DemoVerdict {
	exit: number;
	message: string;
}

export function demoVerdict(run: DemoRun): DemoVerdict {
	const code = run.code ?? "a signal";
	if (run.report === null) {
		return {
			exit: run.code === null || run.code === 0 ? 1 : run.code,
			message: `The demo FAILED: civitai-dl stopped (exit ${code}) without finishing the run, so there is no summary. This is a bug; the output above says where.`,
		};
	}
	if (run.report.stoppedBy !== null) {
		return { exit: 1, message: `The demo FAILED: the run was stopped early (${run.report.stoppedBy}), exit ${code}.` };
	}
	if (run.code === 0) return { exit: 0, message: "The run exited with 0: every item downloaded or skipped." };
	const kinds = run.failedKinds;
	if (run.code === 1 && kinds.length === 1 && kinds[0] === "auth") {
		return {
			exit: 0,
			message: "The run exited with 1, as designed: one model needs a login (an API key), so that one item failed; everything else worked.",
		};
	}
	return {
		exit: run.code === null || run.code === 0 ? 1 : run.code,
		message: `The demo FAILED: the run exited with ${code} and ${kinds.length} item(s) failed (${kinds.join(", ") || "no failed list"}); the design is exactly one login-required failure.`,
	};
}
