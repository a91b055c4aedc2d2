import { IMAGE_MAX_BYTES, IMAGE_TYPES, ImageType, PAGE_LANGUAGES, PageLanguage } from '@banat/contracts';

/** A rule an exhibitor's input broke: its name, the field it is about, and why. */
export interface ExhibitorRuleViolation {
  rule: 'ProductNeedsAName' | 'NotAnImage' | 'ImageTooLarge' | 'ImageOfAnotherBooth' | 'TooManyImages' | 'TooManyProductPages';
  field: string;
  reason: string;
}

/** Who asks, as the signed identity says. */
export interface Caller {
  role?: string;
  org?: string;
}

/** Exhibitors edit their own booth only; the secretariat any. Undefined when allowed, else why not. */
export function editRefusal(caller: Caller, organisationId: string): string | undefined {
  if (caller.role === 'secretariat') return undefined;
  if (caller.role === 'member' && caller.org === organisationId) return undefined;
  if (caller.role === 'member') return `a member edits only its own organisation's booth and products (yours is ${caller.org}, this booth is ${organisationId})`;
  return `the role '${caller.role ?? 'public'}' may not edit a booth (members edit their own, the secretariat any)`;
}

/** Buyers' contact requests to a booth are read by the booth's own organisation and the secretariat. Undefined when allowed, else why not. */
export function contactRequestsReadRefusal(caller: Caller, organisationId: string): string | undefined {
  if (caller.role === 'secretariat') return undefined;
  if (caller.role === 'member' && caller.org && caller.org === organisationId) return undefined;
  if (caller.role === 'member') return `a member reads only the contact requests sent to its own organisation's booth (yours is ${caller.org ?? 'none'}, this booth is ${organisationId})`;
  return `the role '${caller.role ?? 'public'}' may not read contact requests (members read their own booth's, the secretariat any)`;
}

/** The text in the programme's languages, blank ones dropped. */
export function cleanText(text: Partial<Record<PageLanguage, string>> | Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lang of PAGE_LANGUAGES) {
    const value = (text as Record<string, string | undefined> | undefined)?.[lang]?.trim();
    if (value) out[lang] = value;
  }
  return out;
}

/** A product is named in one language at least. */
export function productNameViolation(name: Parameters<typeof cleanText>[0]): ExhibitorRuleViolation | undefined {
  if (Object.keys(cleanText(name)).length > 0) return undefined;
  return { rule: 'ProductNeedsAName', field: 'name', reason: `a product needs a name in at least one language (${PAGE_LANGUAGES.join(', ')})` };
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/** The image type by its first bytes (the magic numbers of PNG, JPEG and WebP), or undefined for anything else. */
export function imageTypeOf(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

/** An upload is an image of an accepted type and no larger than the limit. */
export function imageViolation(bytes: Uint8Array, maxBytes = IMAGE_MAX_BYTES): ExhibitorRuleViolation | { type: ImageType } {
  if (bytes.length > maxBytes) return { rule: 'ImageTooLarge', field: 'data', reason: `the image has ${bytes.length} bytes; at most ${maxBytes} are accepted` };
  const type = imageTypeOf(bytes);
  if (!type) return { rule: 'NotAnImage', field: 'data', reason: `not an image of an accepted type (${IMAGE_TYPES.join(', ')}), judged by its first bytes` };
  return { type };
}
