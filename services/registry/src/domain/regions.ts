/**
 * Regions of the programme's countries by ISO 3166-2 code: Romanian counties (județe) and
 * Bucharest, Serbian districts (okruzi) and the City of Belgrade, Hungarian counties (megyék)
 * and Budapest. Provinces (RS-VO, RS-KM) and Hungarian cities of county right are left out:
 * an organisation is placed in the county or district it sits in.
 */
import type { Country } from './countries';
import type { MultilingualText } from './multilingual';
import { normalizeSearchText } from './search-key';

export type RegionType = 'county' | 'district' | 'capital';

export interface Region {
  code: string;
  country: Country;
  type: RegionType;
  name: MultilingualText & { en: string };
}

const county = (country: Country, suffix: string, name: Region['name']): Region => ({
  code: `${country}-${suffix}`, country, type: 'county', name,
});
const district = (suffix: string, latn: string, cyrl: string, en: string, more: MultilingualText = {}): Region => ({
  code: `RS-${suffix}`, country: 'RS', type: 'district', name: { 'sr-Latn': latn, 'sr-Cyrl': cyrl, en, ...more },
});
const roCounty = (suffix: string, ro: string, more: MultilingualText = {}): Region => county('RO', suffix, { ro, en: ro, ...more });
const huCounty = (suffix: string, hu: string, more: MultilingualText = {}): Region => county('HU', suffix, { hu, en: hu, ...more });

export const REGIONS: readonly Region[] = [
  roCounty('AB', 'Alba'),
  roCounty('AR', 'Arad', { hu: 'Arad', 'sr-Latn': 'Arad', 'sr-Cyrl': 'Арад' }),
  roCounty('AG', 'Argeș'),
  roCounty('BC', 'Bacău'),
  roCounty('BH', 'Bihor', { hu: 'Bihar' }),
  roCounty('BN', 'Bistrița-Năsăud'),
  roCounty('BT', 'Botoșani'),
  roCounty('BV', 'Brașov'),
  roCounty('BR', 'Brăila'),
  { code: 'RO-B', country: 'RO', type: 'capital', name: { ro: 'București', en: 'Bucharest', hu: 'Bukarest', 'sr-Latn': 'Bukurešt', 'sr-Cyrl': 'Букурешт' } },
  roCounty('BZ', 'Buzău'),
  roCounty('CS', 'Caraș-Severin', { hu: 'Krassó-Szörény', 'sr-Latn': 'Karaš-Severin', 'sr-Cyrl': 'Караш-Северин' }),
  roCounty('CL', 'Călărași'),
  roCounty('CJ', 'Cluj', { hu: 'Kolozs' }),
  roCounty('CT', 'Constanța'),
  roCounty('CV', 'Covasna', { hu: 'Kovászna' }),
  roCounty('DB', 'Dâmbovița'),
  roCounty('DJ', 'Dolj'),
  roCounty('GL', 'Galați'),
  roCounty('GR', 'Giurgiu'),
  roCounty('GJ', 'Gorj'),
  roCounty('HR', 'Harghita', { hu: 'Hargita' }),
  roCounty('HD', 'Hunedoara', { hu: 'Hunyad', 'sr-Latn': 'Hunedoara', 'sr-Cyrl': 'Хунедоара' }),
  roCounty('IL', 'Ialomița'),
  roCounty('IS', 'Iași'),
  roCounty('IF', 'Ilfov'),
  roCounty('MM', 'Maramureș', { hu: 'Máramaros' }),
  roCounty('MH', 'Mehedinți'),
  roCounty('MS', 'Mureș', { hu: 'Maros' }),
  roCounty('NT', 'Neamț'),
  roCounty('OT', 'Olt'),
  roCounty('PH', 'Prahova'),
  roCounty('SM', 'Satu Mare', { hu: 'Szatmár' }),
  roCounty('SJ', 'Sălaj', { hu: 'Szilágy' }),
  roCounty('SB', 'Sibiu', { hu: 'Szeben' }),
  roCounty('SV', 'Suceava'),
  roCounty('TR', 'Teleorman'),
  roCounty('TM', 'Timiș', { hu: 'Temes', 'sr-Latn': 'Timiš', 'sr-Cyrl': 'Тимиш' }),
  roCounty('TL', 'Tulcea'),
  roCounty('VS', 'Vaslui'),
  roCounty('VL', 'Vâlcea'),
  roCounty('VN', 'Vrancea'),

  { code: 'RS-00', country: 'RS', type: 'capital', name: { 'sr-Latn': 'Grad Beograd', 'sr-Cyrl': 'Град Београд', en: 'City of Belgrade', ro: 'Belgrad', hu: 'Belgrád' } },
  district('01', 'Severnobački okrug', 'Севернобачки округ', 'North Bačka District', { hu: 'Észak-bácskai körzet' }),
  district('02', 'Srednjebanatski okrug', 'Средњебанатски округ', 'Central Banat District', { ro: 'Districtul Banatul Central', hu: 'Közép-bánsági körzet' }),
  district('03', 'Severnobanatski okrug', 'Севернобанатски округ', 'North Banat District', { ro: 'Districtul Banatul de Nord', hu: 'Észak-bánsági körzet' }),
  district('04', 'Južnobanatski okrug', 'Јужнобанатски округ', 'South Banat District', { ro: 'Districtul Banatul de Sud', hu: 'Dél-bánsági körzet' }),
  district('05', 'Zapadnobački okrug', 'Западнобачки округ', 'West Bačka District', { hu: 'Nyugat-bácskai körzet' }),
  district('06', 'Južnobački okrug', 'Јужнобачки округ', 'South Bačka District', { hu: 'Dél-bácskai körzet' }),
  district('07', 'Sremski okrug', 'Сремски округ', 'Srem District', { hu: 'Szerémségi körzet' }),
  district('08', 'Mačvanski okrug', 'Мачвански округ', 'Mačva District'),
  district('09', 'Kolubarski okrug', 'Колубарски округ', 'Kolubara District'),
  district('10', 'Podunavski okrug', 'Подунавски округ', 'Podunavlje District'),
  district('11', 'Braničevski okrug', 'Браничевски округ', 'Braničevo District'),
  district('12', 'Šumadijski okrug', 'Шумадијски округ', 'Šumadija District'),
  district('13', 'Pomoravski okrug', 'Поморавски округ', 'Pomoravlje District'),
  district('14', 'Borski okrug', 'Борски округ', 'Bor District'),
  district('15', 'Zaječarski okrug', 'Зајечарски округ', 'Zaječar District'),
  district('16', 'Zlatiborski okrug', 'Златиборски округ', 'Zlatibor District'),
  district('17', 'Moravički okrug', 'Моравички округ', 'Moravica District'),
  district('18', 'Raški okrug', 'Рашки округ', 'Raška District'),
  district('19', 'Rasinski okrug', 'Расински округ', 'Rasina District'),
  district('20', 'Nišavski okrug', 'Нишавски округ', 'Nišava District'),
  district('21', 'Toplički okrug', 'Топлички округ', 'Toplica District'),
  district('22', 'Pirotski okrug', 'Пиротски округ', 'Pirot District'),
  district('23', 'Jablanički okrug', 'Јабланички округ', 'Jablanica District'),
  district('24', 'Pčinjski okrug', 'Пчињски округ', 'Pčinja District'),
  district('25', 'Kosovski okrug', 'Косовски округ', 'Kosovo District'),
  district('26', 'Pećki okrug', 'Пећки округ', 'Peć District'),
  district('27', 'Prizrenski okrug', 'Призренски округ', 'Prizren District'),
  district('28', 'Kosovsko-mitrovački okrug', 'Косовско-митровачки округ', 'Kosovska Mitrovica District'),
  district('29', 'Kosovsko-pomoravski okrug', 'Косовско-поморавски округ', 'Kosovo-Pomoravlje District'),

  huCounty('BA', 'Baranya'),
  huCounty('BK', 'Bács-Kiskun', { 'sr-Latn': 'Bačko-kiškunska županija', 'sr-Cyrl': 'Бачко-кишкунска жупанија' }),
  huCounty('BE', 'Békés', { ro: 'Bichiș', 'sr-Latn': 'Bekeška županija', 'sr-Cyrl': 'Бекешка жупанија' }),
  huCounty('BZ', 'Borsod-Abaúj-Zemplén'),
  huCounty('CS', 'Csongrád-Csanád', { 'sr-Latn': 'Čongradsko-čanadska županija', 'sr-Cyrl': 'Чонградско-чанадска жупанија' }),
  huCounty('FE', 'Fejér'),
  huCounty('GS', 'Győr-Moson-Sopron'),
  huCounty('HB', 'Hajdú-Bihar'),
  huCounty('HE', 'Heves'),
  huCounty('JN', 'Jász-Nagykun-Szolnok'),
  huCounty('KE', 'Komárom-Esztergom'),
  huCounty('NO', 'Nógrád'),
  huCounty('PE', 'Pest'),
  huCounty('SO', 'Somogy'),
  huCounty('SZ', 'Szabolcs-Szatmár-Bereg'),
  huCounty('TO', 'Tolna'),
  huCounty('VA', 'Vas'),
  huCounty('VE', 'Veszprém'),
  huCounty('ZA', 'Zala'),
  { code: 'HU-BU', country: 'HU', type: 'capital', name: { hu: 'Budapest', en: 'Budapest', ro: 'Budapesta', 'sr-Latn': 'Budimpešta', 'sr-Cyrl': 'Будимпешта' } },
];

const BY_CODE = new Map(REGIONS.map((region) => [region.code, region]));

/** The region with this ISO 3166-2 code (any case), if the programme knows it. */
export function findRegion(code: string): Region | undefined {
  return BY_CODE.get(code.trim().toUpperCase());
}

export function regionsOf(country: Country): Region[] {
  return REGIONS.filter((region) => region.country === country);
}

export type RegionCheck = { valid: true; region: Region } | { valid: false; reason: string };

/** Checks that a region code names a region of the given country. */
export function validateRegion(country: string, regionCode: string): RegionCheck {
  const code = (regionCode ?? '').trim().toUpperCase();
  if (code === '') return { valid: false, reason: 'missing' };
  if (!/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(code)) return { valid: false, reason: `${regionCode} is not an ISO 3166-2 code (like RO-TM)` };
  const region = BY_CODE.get(code);
  if (!region || region.country !== country) return { valid: false, reason: `${code} is not a region of ${country}` };
  return { valid: true, region };
}

// Words that say what kind of region a name is, left out when names are compared.
const GENERIC_WORDS = new Set(['okrug', 'district', 'districtul', 'judetul', 'judet', 'county', 'megye', 'zupanija', 'korzet', 'grad', 'city', 'of', 'de']);

const nameKey = (name: string): string =>
  normalizeSearchText(name).split(' ').filter((word) => !GENERIC_WORDS.has(word)).join(' ');

/** The region of a country whose name (in any language or script) is this one, as member lists write it. */
export function findRegionByName(country: string, name: string): Region | undefined {
  const key = nameKey(name);
  if (key === '') return undefined;
  return REGIONS.find((region) => region.country === country && Object.values(region.name).some((n) => nameKey(n as string) === key));
}
