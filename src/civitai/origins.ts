/**
 * The Civitai origins to ask, in order: `baseUrl`'s first, then `redBaseUrl`'s (the civitai.red API,
 * which alone serves some models since April 2026) when configured and different.
 */
export function civitaiOrigins(settings: { baseUrl: string; redBaseUrl?: string | null }): string[] {
	const base = new URL(settings.baseUrl).origin;
	const red = settings.redBaseUrl ? new URL(settings.redBaseUrl).origin : undefined;
	return red !== undefined && red !== base ? [base, red] : [base];
}
