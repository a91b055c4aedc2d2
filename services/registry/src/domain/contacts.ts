/** Contact details of an organisation: people's e-mail and phone, and the website. */

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

// Deliberately simple: one @, a dot in the domain, no spaces; mailbox existence is not ours to check.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

export function emailProblem(email: string): string | undefined {
  return EMAIL.test(email) ? undefined : `${email} is not an e-mail address`;
}

export function phoneProblem(phone: string): string | undefined {
  return PHONE.test(phone) ? undefined : `${phone} is not a phone number (digits, spaces, +, (, ) or -)`;
}

export type WebsiteCheck = { valid: true; normalized: string } | { valid: false; reason: string };

/** Accepts http(s) addresses; a bare `www.firma.ro` (as member lists have it) gets https://. */
export function normalizeWebsite(website: string): WebsiteCheck {
  const raw = website.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { valid: false, reason: `${raw} is not a web address` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { valid: false, reason: `${raw} is not an http or https address` };
  if (!/^[^.]+(\.[^.]+)+$/.test(url.hostname)) return { valid: false, reason: `${raw} has no domain name` };
  return { valid: true, normalized: url.href };
}
