import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { getMetadataStorage, ValidatorOptions, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { FieldError } from '@banat/contracts';
import { validationFailed } from './rpc-errors';

const childPath = (parent: string, property: string) => (/^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property);

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', reason }`: one entry per field, its reasons joined. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    const reasons = Object.values(error.constraints ?? {});
    if (reasons.length) out.push({ field: path, reason: reasons.join('; ') });
    if (error.children?.length) out.push(...fieldErrors(error.children, path));
  }
  return out;
}

/**
 * class-validator looks a class's rules up on every validation (and for each nested object) by scanning
 * the rules of every validated class for inherited ones: 4% of the gateway's CPU on a search, as much
 * as the rest of the validation. The rules are fixed once the classes are loaded, so each look-up is
 * remembered, and all are forgotten when a rule is added (a class defined later). Callers only read
 * the list.
 */
function rememberRuleLookups(): void {
  const storage = getMetadataStorage();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let remembered = new Map<Function | string, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    remembered = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target: Function, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => {
    const variant = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byVariant = remembered.get(target);
    if (!byVariant) remembered.set(target, (byVariant = new Map()));
    let rules = byVariant.get(variant);
    if (!rules) byVariant.set(variant, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
}
rememberRuleLookups();

/** Each validated property of a class with its validation types: fixed once the class is loaded, so looked up once (the lookup showed in the command path's profile). */
const propertiesByClass = new WeakMap<Function, Map<string, string[]>>();
function validatedProperties(target: Function): Map<string, string[]> {
  let byProperty = propertiesByClass.get(target);
  if (!byProperty) {
    byProperty = new Map<string, string[]>();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m.type]);
    propertiesByClass.set(target, byProperty);
  }
  return byProperty;
}

/**
 * Required properties (validated, not @IsOptional) that the object lacks, nested objects included:
 * class-validator says nothing of a missing nested object and something odd of a missing value.
 */
export function missingFields(object: unknown, parent = ''): string[] {
  if (object === null || typeof object !== 'object') return [];
  if (Array.isArray(object)) return object.flatMap((item, i) => missingFields(item, `${parent}[${i}]`));
  const missing: string[] = [];
  for (const [property, types] of validatedProperties(object.constructor)) {
    const value = (object as Record<string, unknown>)[property];
    const path = childPath(parent, property);
    if (value === undefined || value === null) {
      if (!types.includes(ValidationTypes.CONDITIONAL_VALIDATION)) missing.push(path);
    } else if (types.includes(ValidationTypes.NESTED_VALIDATION)) {
      missing.push(...missingFields(value, path));
    }
  }
  return missing;
}

/** The errors with every missing field reported once, as missing, instead of what its validators made of `undefined`. */
function withMissing(errors: ValidationError[], missing: Set<string>, parent = ''): ValidationError[] {
  return errors
    .filter((e) => !missing.has(childPath(parent, e.property)))
    .map((e) => ({ ...e, children: withMissing(e.children ?? [], missing, childPath(parent, e.property)) }));
}

/** A ValidationPipe that names every missing required field at once (`legalId is required`), each field once. */
export class FieldValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const missing = missingFields(object);
    if (missing.length === 0) return errors;
    const required = missing.map((field): ValidationError => ({ property: field, children: [], constraints: { isDefined: `${field} is required` } }));
    return [...required, ...withMissing(errors, new Set(missing))];
  }
}

export const validationOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** ValidationPipe whose failures reach the RPC client as a coded error, not "Internal server error". */
export const rpcValidationPipe = () =>
  new FieldValidationPipe({ ...validationOptions, exceptionFactory: (errors) => validationFailed(fieldErrors(errors)) });
