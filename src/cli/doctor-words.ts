import type { Finding, Reason } from "../core/doctor.js";
import { formatBytes } from "../core/format.js";
import type { Messages } from "../i18n/index.js";

/** One `doctor` finding in the user's language: the status tag, then the sentence. */
export function findingLine(m: Messages, locale: string, x: Finding): string {
	return `${m.doctorStatus({ status: x.status })}  ${reasonWords(m, locale, x.reason)}`;
}

export function reasonWords(m: Messages, locale: string, x: Reason): string {
	const size = (n: number | null) => (n === null ? "?" : formatBytes(n, locale));
	switch (x.r) {
		case "config_ok":
			return m.doctorConfigOk(x);
		case "config_missing":
			return m.doctorConfigMissing(x);
		case "config_error":
			return m.doctorConfigError(x);
		case "key_ok":
			return m.doctorKeyOk(x);
		case "key_none":
			return m.doctorKeyNone();
		case "key_rejected":
			return m.doctorKeyRejected(x);
		case "key_unchecked":
			return m.doctorKeyUnchecked();
		case "key_elsewhere_ok":
			return m.doctorKeyElsewhereOk(x);
		case "key_elsewhere_rejected":
			return m.doctorKeyElsewhereRejected(x);
		case "key_elsewhere_unchecked":
			return m.doctorKeyElsewhereUnchecked(x);
		case "api_ok":
			return m.doctorApiOk(x);
		case "api_unreachable":
			return m.doctorApiUnreachable(x);
		case "api_status":
			return m.doctorApiStatus(x);
		case "api_bad_answer":
			return m.doctorApiBadAnswer(x);
		case "root_ok":
			return m.doctorRootOk(x);
		case "root_missing":
			return m.doctorRootMissing(x);
		case "root_not_dir":
			return m.doctorRootNotDir(x);
		case "folder_ok":
			return m.doctorFolderOk({ ...x, free: size(x.free) });
		case "folder_will_create":
			return m.doctorFolderWillCreate({ ...x, free: size(x.free) });
		case "folder_low_space":
			return m.doctorFolderLowSpace({ ...x, free: size(x.free) });
		case "folder_not_writable":
			return m.doctorFolderNotWritable(x);
		case "folder_blocked":
			return m.doctorFolderBlocked(x);
		case "history_ok":
			return m.doctorHistoryOk(x);
		case "history_new":
			return m.doctorHistoryNew(x);
		case "history_unreadable":
			return m.doctorHistoryUnreadable(x);
		case "history_not_writable":
			return m.doctorHistoryNotWritable(x);
		case "history_encoding":
			return m.doctorHistoryEncoding(x);
		case "history_skipped":
			return m.doctorHistorySkipped(x);
		case "lock_free":
			return m.doctorLockFree(x);
		case "lock_held":
			return m.doctorLockHeld(x);
		case "lock_gone":
			return m.doctorLockGone(x);
		case "hooks_none":
			return m.doctorHooksNone();
		case "hook_ready":
			return m.doctorHookReady(x);
		case "hook_sent":
			return m.doctorHookSent(x);
		case "hook_failed":
			return m.doctorHookFailed(x);
	}
}
