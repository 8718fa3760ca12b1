/**
 * Pure formatting of sizes, speeds, durations and percentages for people, with Intl for the numbers
 * (binary units, as file managers on Linux show them). `locale` is a BCP 47 tag; English by default.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

function nf(locale: string, digits: number): Intl.NumberFormat {
	const key = `${locale}/${digits}`;
	let f = numberFormats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
		numberFormats.set(key, f);
	}
	return f;
}

export function formatNumber(n: number, locale = "en-US", digits = 0): string {
	return nf(locale, digits).format(n);
}

export function formatBytes(n: number, locale = "en-US"): string {
	if (!Number.isFinite(n)) return "?";
	const units = ["B", "KiB", "MiB", "GiB", "TiB"];
	let v = n;
	let u = 0;
	while (Math.abs(v) >= 1024 && u < units.length - 1) {
		v /= 1024;
		u++;
	}
	return u === 0 ? `${formatNumber(v, locale)} B` : `${formatNumber(v, locale, v >= 100 ? 0 : 1)} ${units[u]}`;
}

export function formatSpeed(bytesPerSecond: number, locale = "en-US"): string {
	return `${formatBytes(Math.round(bytesPerSecond), locale)}/s`;
}

/** 5 s, 2:54, 1:02:03; in Japanese 5秒, 2分54秒, 1時間2分3秒 (no space before a unit, minutes and hours in words). */
export function formatDuration(ms: number, locale = "en-US"): string {
	const total = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const ja = locale.startsWith("ja");
	if (ja && total >= 60) return `${h > 0 ? `${h}時間` : ""}${m > 0 ? `${m}分` : ""}${s > 0 ? `${s}秒` : ""}`;
	if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
	if (m > 0) return `${m}:${String(s).padStart(2, "0")}`;
	const unit = ja ? "秒" : " s";
	return ms < 10_000 && ms % 1000 !== 0 ? `${formatNumber(ms / 1000, locale, 1)}${unit}` : `${formatNumber(s, locale)}${unit}`;
}

/** A countdown that always shows minutes: 0:05, 2:54, 1:02:03. */
export function formatCountdown(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}

export function formatPercent(part: number, whole: number | null | undefined, locale = "en-US"): string {
	if (!whole) return "?%";
	return `${formatNumber((part / whole) * 100, locale, 1)}%`;
}
