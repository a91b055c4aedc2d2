/** A themed, time-limited exhibition as the rules see it. */
export interface ThemedExhibition {
  kind: 'category' | 'season';
  niceClass?: number;
  startsOn: string;
  endsOn: string;
  participants: string[];
}

export interface ThemeRuleViolation {
  rule: 'ThemeNeedsATitle' | 'ThemeEndsBeforeItStarts' | 'CategoryThemeNeedsNiceClass' | 'ThemedExhibitionEnded' | 'NotABrandHolder' | 'NoProductInTheCategory';
  field: string;
  reason: string;
}

/** Open on `today` (YYYY-MM-DD), first and last day included. */
export const isOpen = (theme: Pick<ThemedExhibition, 'startsOn' | 'endsOn'>, today: string): boolean => theme.startsOn <= today && today <= theme.endsOn;

/** A theme runs forwards in time; a category theme names its Nice class. */
export function themeViolation(theme: Omit<ThemedExhibition, 'participants'>): ThemeRuleViolation | undefined {
  if (theme.endsOn < theme.startsOn) return { rule: 'ThemeEndsBeforeItStarts', field: 'endsOn', reason: `endsOn ${theme.endsOn} is before startsOn ${theme.startsOn}` };
  if (theme.kind === 'category' && theme.niceClass === undefined) return { rule: 'CategoryThemeNeedsNiceClass', field: 'niceClass', reason: 'a category theme names the Nice class (1–45) it shows' };
  return undefined;
}

/** What a holder must be to opt in: the theme not over, showing the brand mark, and for a category a product page in it. */
export function joinViolation(theme: ThemedExhibition, holder: { brandMarkShown: boolean; niceClasses: number[] }, today: string): ThemeRuleViolation | undefined {
  if (theme.endsOn < today) return { rule: 'ThemedExhibitionEnded', field: 'themedExhibitionId', reason: `the themed exhibition ended on ${theme.endsOn}` };
  if (!holder.brandMarkShown) return { rule: 'NotABrandHolder', field: 'organisationId', reason: 'only holders of a valid Made in Banat certificate take part in themed exhibitions' };
  if (theme.kind === 'category' && !holder.niceClasses.includes(theme.niceClass!)) {
    return { rule: 'NoProductInTheCategory', field: 'organisationId', reason: `the booth shows no product in Nice class ${theme.niceClass}` };
  }
  return undefined;
}
