import { isOpen, joinViolation, themeViolation, ThemedExhibition } from './themed-exhibition';

const honey: ThemedExhibition = { kind: 'category', niceClass: 30, startsOn: '2026-12-01', endsOn: '2027-01-06', participants: [] };
const holder = { brandMarkShown: true, niceClasses: [30, 29] };

describe('themed exhibitions', () => {
  it('are open from their first to their last day', () => {
    expect([isOpen(honey, '2026-11-30'), isOpen(honey, '2026-12-01'), isOpen(honey, '2027-01-06'), isOpen(honey, '2027-01-07')]).toEqual([false, true, true, false]);
  });
  it('run forwards and a category names its class', () => {
    expect(themeViolation({ ...honey, endsOn: '2026-11-01' })).toMatchObject({ rule: 'ThemeEndsBeforeItStarts' });
    expect(themeViolation({ kind: 'category', startsOn: '2026-12-01', endsOn: '2026-12-02' })).toMatchObject({ rule: 'CategoryThemeNeedsNiceClass' });
    expect(themeViolation({ kind: 'season', startsOn: '2026-12-01', endsOn: '2026-12-02' })).toBeUndefined();
  });
  it('take brand holders with a product in the category until they end', () => {
    expect(joinViolation(honey, holder, '2026-11-15')).toBeUndefined();
    expect(joinViolation(honey, holder, '2027-01-07')).toMatchObject({ rule: 'ThemedExhibitionEnded' });
    expect(joinViolation(honey, { ...holder, brandMarkShown: false }, '2026-12-05')).toMatchObject({ rule: 'NotABrandHolder' });
    expect(joinViolation(honey, { ...holder, niceClasses: [33] }, '2026-12-05')).toMatchObject({ rule: 'NoProductInTheCategory' });
    expect(joinViolation({ ...honey, kind: 'season', niceClass: undefined }, { ...holder, niceClasses: [33] }, '2026-12-05')).toBeUndefined();
  });
});
