import { en, type Messages } from "./en.js";
import { ja } from "./ja.js";

export type Lang = "en" | "ja";
export type { Messages };

export const LANGS: readonly Lang[] = ["en", "ja"];
const CATALOGUES: Record<Lang, Messages> = { en, ja };

/** `--lang` wins; else the first set of LC_ALL, LC_MESSAGES, LANG (POSIX order) starting with `ja`; else English. */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
	if (flag === "en" || flag === "ja") return flag;
	const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
	return /^ja/i.test(locale) ? "ja" : "en";
}

export function messages(lang: Lang): Messages {
	return CATALOGUES[lang];
}

/** Numbers, sizes and dates formatted for the language with Intl. */
export function intlLocale(lang: Lang): string {
	return lang === "ja" ? "ja-JP" : "en-US";
}
