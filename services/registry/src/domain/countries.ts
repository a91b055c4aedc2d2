/** The programme's countries (ISO 3166-1 alpha-2) with their names in its languages. */
import type { MultilingualText } from './multilingual';

export const COUNTRIES = ['RO', 'RS', 'HU'] as const;
export type Country = (typeof COUNTRIES)[number];

export const COUNTRY_NAMES: Record<Country, Required<MultilingualText>> = {
  RO: { ro: 'România', 'sr-Latn': 'Rumunija', 'sr-Cyrl': 'Румунија', hu: 'Románia', en: 'Romania' },
  RS: { ro: 'Serbia', 'sr-Latn': 'Srbija', 'sr-Cyrl': 'Србија', hu: 'Szerbia', en: 'Serbia' },
  HU: { ro: 'Ungaria', 'sr-Latn': 'Mađarska', 'sr-Cyrl': 'Мађарска', hu: 'Magyarország', en: 'Hungary' },
};

export function isCountry(value: unknown): value is Country {
  return typeof value === 'string' && (COUNTRIES as readonly string[]).includes(value);
}
