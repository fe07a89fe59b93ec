// Masks credentials written into a command line before it is shown or stored: URL passwords, authorization
// headers, password and token options, and secret-looking variable assignments. Values keep at most their
// first and last 4 characters, so a person can still tell which credential it was.

const SECRET_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|access[-_]?key|auth|credential|private[-_]?key)/i;

/** `abcd…wxyz` for long values, `…` for short ones. */
export function maskValue(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 4)}…${value.slice(-4)}` : '…';
}

const RULES: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):([^\s@/'"]+)@/gi, (_m, prefix, secret) => `${prefix}:${maskValue(secret)}@`],
  // Authorization: Bearer xyz / token xyz / Basic xyz
  [
    /\b(authorization|proxy-authorization|x-api-key|api-key|x-auth-token)(\s*[:=]\s*)(bearer\s+|token\s+|basic\s+)?([^\s'"]+)/gi,
    (_m, name, sep, scheme = '', secret) => `${name}${sep}${scheme}${maskValue(secret)}`,
  ],
  // NAME=value where the name says secret (PGPASSWORD=…, API_TOKEN=…, ?access_token=…)
  [/\b([A-Za-z_][A-Za-z0-9_]*)=([^\s&'";]+)/g, (m, name, secret) => (SECRET_NAME.test(name) ? `${name}=${maskValue(secret)}` : m)],
  // --password x, --token=x, -p<password> (mysql)
  [
    /(--?(?:[a-z-]*(?:password|passwd|token|secret|api-key|apikey)))([ =])([^\s'"]+)/gi,
    (_m, flag, sep, secret) => `${flag}${sep}${maskValue(secret)}`,
  ],
  [/(\s-p)([^\s'"]{4,})/g, (_m, flag, secret) => `${flag}${maskValue(secret)}`],
  // Well-known token shapes wherever they stand.
  [/\b(sk_live_|rk_live_|ghp_|gho_|ghs_|github_pat_|xox[abprs]-|glpat-|AKIA|ASIA)[A-Za-z0-9_-]{8,}/g, (m) => maskValue(m)],
];

export function redactCommand(text: string): string {
  return RULES.reduce((result, [pattern, replace]) => result.replace(pattern, replace as (substring: string, ...args: string[]) => string), text);
}
