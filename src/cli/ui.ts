import type { Messages } from "../i18n/index.js";

/** How the CLI speaks: the catalogue, the Intl locale for numbers, and whether to colour. */
export interface Ui {
	m: Messages;
	locale: string;
	color: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

/** Colour a string when colours are on (a terminal, no NO_COLOR, no --no-color). */
export function paint(ui: Pick<Ui, "color">, colour: keyof typeof CODES, text: string): string {
	return ui.color ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text;
}

/** Colours: only on a terminal, never with NO_COLOR (any value) or --no-color. */
export function useColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
	return isTTY === true && flag !== false && (env.NO_COLOR === undefined || env.NO_COLOR === "") && env.TERM !== "dumb";
}
