/** The version of the privacy notice (/privacy) a participant agrees to; raise it when the text changes. */
export const PRIVACY_VERSION = '2026-11'
