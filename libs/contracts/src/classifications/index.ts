/** Code lists shared by services that classify what organisations do and sell: NACE Rev.2 sectors and Nice classes. */
export { NACE_SECTIONS } from './nace-rev2';
export type { NaceSection } from './nace-rev2';
export { naceCodeMatches, naceDivisionName, naceSectionName, validateNaceCode } from './nace';
export { NACE_REV2_CLASSES, NACE_REV2_GROUPS } from './nace-rev2-classes';
export { IsNaceCode } from './is-nace-code';
export type { NaceCheck } from './nace';
export { isNiceClass, NICE_CLASSES, niceClassKind } from './nice';
