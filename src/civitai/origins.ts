/** The Civitai origins of a run: the base URL's, then the red one's when configured and different. */
export function civitaiOrigins(settings: { baseUrl: string; redBaseUrl?: string | null | undefined }): string[] {
	const base = new URL(settings.baseUrl).origin;
	if (!settings.redBaseUrl) return [base];
	const red = new URL(settings.redBaseUrl).origin;
	return red === base ? [base] : [base, red];
}

/** The red base URL when it is a second origin (configured and not the base URL's), else undefined. */
export function redBaseOf(settings: { baseUrl: string; redBaseUrl?: string | null | undefined }): string | undefined {
	const origins = civitaiOrigins(settings);
	return origins.length > 1 ? settings.redBaseUrl!.replace(/\/+$/, "") : undefined;
}

/**
 * The red base URL's default: civitai.red beside civitai.com. A custom base URL (a mirror, a test
 * server) gets no red origin unless one is configured, so that nothing is sent to a host the user did
 * not name.
 */
export function defaultRedBaseUrl(baseUrl: string): string | null {
	return new URL(baseUrl).origin === "https://civitai.com" ? "https://civitai.red" : null;
}

/**
 * The origins besides the base URL's that a run sends the key to: the red one when configured (`doctor`
 * checks the key there too, and nowhere else: never on a host the settings do not name).
 */
export function otherOrigins(settings: { baseUrl: string; redBaseUrl?: string | null | undefined }): string[] {
	return civitaiOrigins(settings).slice(1);
}
