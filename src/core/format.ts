/**
 * Pure formatting of sizes, speeds, durations and percentages for people (binary units, as file managers
 * on Linux show them). `locale` is a BCP 47 tag; English by default.
 *
 * The tool's own two locales, en-US and ja-JP, write numbers alike (1,234.5) and are formatted here
 * without Intl, exactly as Intl.NumberFormat does (test/core/format.test.ts compares the two over
 * random numbers): the first Intl.NumberFormat of a process maps about 7 MB of ICU's data and code,
 * which was a tenth of a download's peak memory (issue 31). Other locales still go to Intl.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Locales whose numbers are 1,234.5: grouping by three with a comma, a point before the fraction. */
const PLAIN_LOCALES = new Set(["en", "en-US", "ja", "ja-JP"]);

/**
 * `n` with exactly `digits` fraction digits, as Intl.NumberFormat writes it for en-US: rounded half away
 * from zero on the shortest decimal that reads back as `n` (so 1.005 → 1.01, as ICU does, where
 * `toFixed` gives 1.00), grouped by three, "-0" kept, ∞ for infinities.
 */
export function formatPlainNumber(n: number, digits: number): string {
	if (Number.isNaN(n)) return "NaN";
	const sign = n < 0 || Object.is(n, -0) ? "-" : "";
	if (!Number.isFinite(n)) return `${sign}∞`;
	// the shortest round-trip digits and their exponent: 1.005 → "1005", exponent 0
	const [mantissa, exp] = Math.abs(n).toExponential().split("e") as [string, string];
	const all = mantissa.replace(".", "");
	// the digits as an integer part and a fraction, the point placed by the exponent
	const point = Number(exp) + 1;
	const int = point > 0 ? all.slice(0, point).padEnd(point, "0") : "0";
	const frac = point > 0 ? all.slice(point) : "0".repeat(-point) + all;
	let kept = (int + frac.padEnd(digits, "0").slice(0, digits)).replace(/^0+(?=\d)/, "");
	if ((frac[digits] ?? "0") >= "5") kept = addOne(kept);
	const whole = kept.length > digits ? kept.slice(0, kept.length - digits) : "0";
	const fraction = digits > 0 ? kept.padStart(digits, "0").slice(-digits) : "";
	return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction ? `.${fraction}` : ""}`;
}

/** "1299" → "1300", "99" → "100": one more, on a string of decimal digits. */
function addOne(digits: string): string {
	const d = digits.split("");
	for (let i = d.length - 1; i >= 0; i--) {
		if (d[i] !== "9") {
			d[i] = String(Number(d[i]) + 1);
			return d.join("");
		}
		d[i] = "0";
	}
	return `1${d.join("")}`;
}

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
	return PLAIN_LOCALES.has(locale) ? formatPlainNumber(n, digits) : nf(locale, digits).format(n);
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
