/** Code lists shared by services that classify what organisations do and sell: NACE Rev.2 sectors and Nice classes. */
export { NACE_SECTIONS, NaceSection } from './nace-rev2';
export { NaceCheck, naceCodeMatches, naceDivisionName, naceSectionName, validateNaceCode } from './nace';
export { isNiceClass, NICE_CLASSES, niceClassKind } from './nice';
