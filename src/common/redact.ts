// Every sink (terminal, --json, reports, journal, cache metadata) passes text through here so a key never leaks.
const keyPattern = /\bsk-[A-Za-z0-9_-]{16,}/g;
const userinfoPattern = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi;

export interface Redactor {
  (text: string): string;
}

/** Build a redactor for the given secrets (the exact values), plus generic key and URL-userinfo patterns. */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const exact = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return (text: string) => {
    let out = text;
    for (const secret of exact) out = out.split(secret).join('[redacted]');
    return out.replace(keyPattern, 'sk-[redacted]').replace(userinfoPattern, '$1[redacted]@');
  };
}

/** Strip ANSI escapes and C0/C1 control characters (but keep newlines and tabs) from untrusted text. */
export function stripControl(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
