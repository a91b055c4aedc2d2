/** Nice classification (12th edition): classes 1–34 goods, 35–45 services, with short headings. */

export const NICE_CLASSES: Readonly<Record<number, string>> = {
  1: 'Chemicals for industry, science and agriculture',
  2: 'Paints, varnishes, colorants',
  3: 'Cosmetics and cleaning preparations',
  4: 'Industrial oils, fuels, lubricants and candles',
  5: 'Pharmaceuticals and medical preparations',
  6: 'Common metals and metal goods',
  7: 'Machines and machine tools',
  8: 'Hand tools and cutlery',
  9: 'Scientific, electrical and computer apparatus; software',
  10: 'Medical and veterinary apparatus',
  11: 'Lighting, heating, cooking and sanitary installations',
  12: 'Vehicles',
  13: 'Firearms and fireworks',
  14: 'Jewellery and watches',
  15: 'Musical instruments',
  16: 'Paper, printed matter and stationery',
  17: 'Rubber, plastics and insulating materials',
  18: 'Leather goods, luggage and saddlery',
  19: 'Non-metallic building materials',
  20: 'Furniture and goods of wood or plastics',
  21: 'Household utensils, glassware and porcelain',
  22: 'Ropes, nets, tents, sacks and raw fibres',
  23: 'Yarns and threads',
  24: 'Textiles and household linen',
  25: 'Clothing, footwear and headwear',
  26: 'Lace, ribbons, buttons and haberdashery',
  27: 'Carpets, rugs and floor coverings',
  28: 'Games, toys and sporting goods',
  29: 'Meat, fish, dairy, preserved and processed foods',
  30: 'Coffee, tea, flour, bread, pastry and confectionery',
  31: 'Agricultural, horticultural and forestry products; live animals',
  32: 'Beers, non-alcoholic beverages and juices',
  33: 'Alcoholic beverages except beers',
  34: "Tobacco and smokers' articles",
  35: 'Advertising, business management and retail services',
  36: 'Financial, insurance and real estate services',
  37: 'Construction, repair and installation services',
  38: 'Telecommunications',
  39: 'Transport, storage and travel arrangement',
  40: 'Treatment of materials; custom manufacturing',
  41: 'Education, training, entertainment, sporting and cultural activities',
  42: 'Scientific, technological and IT services',
  43: 'Food and drink services; temporary accommodation',
  44: 'Medical, veterinary, beauty, agricultural and horticultural services',
  45: 'Legal, security, personal and social services',
};

export function isNiceClass(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 45;
}

export function niceClassKind(niceClass: number): 'goods' | 'services' {
  return niceClass <= 34 ? 'goods' : 'services';
}
