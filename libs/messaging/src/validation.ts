import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { ClassTransformOptions, TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';
import type { TransformMetadata } from 'class-transformer/types/interfaces';
import { getMetadataStorage, IS_ARRAY, IS_BOOLEAN, IS_DATE, IS_INT, IS_NUMBER, IS_OBJECT, IS_STRING, ValidationArguments, ValidatorOptions, ValidationTypes } from 'class-validator';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { FieldError } from '@banat/contracts';
import { validationFailed } from './rpc-errors';

const childPath = (parent: string, property: string) => (/^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property);

/**
 * The validators that judge a value's type. When one of them refuses a field, the field's other validators judged a
 * value of the wrong type (`MaxLength` says an object is too long, `Min` that a string is too small): only the type is
 * reported for it.
 */
export const TYPE_CONSTRAINTS: ReadonlySet<string> = new Set<string>([ValidationTypes.NESTED_VALIDATION, IS_STRING, IS_NUMBER, IS_INT, IS_BOOLEAN, IS_ARRAY, IS_OBJECT, IS_DATE]);

/** A field's reasons: only the type's when its type is wrong, else all of them. */
function reasonsOf(constraints: Record<string, string> | undefined): string[] {
  if (!constraints) return [];
  const names = Object.keys(constraints);
  const typed = names.filter((name) => TYPE_CONSTRAINTS.has(name));
  return (typed.length > 0 ? typed : names).map((name) => constraints[name]!);
}

/**
 * Flattens class-validator's nested errors into `{ field: 'a.b[0].c', reason }`: one entry per field, its reasons
 * joined; a value of the wrong type gets its type's reason only.
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    const reasons = reasonsOf(error.constraints);
    if (reasons.length) out.push({ field: path, reason: reasons.join('; ') });
    if (error.children?.length) out.push(...fieldErrors(error.children, path));
  }
  return out;
}

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
const memoized = new WeakSet<MetadataStorage>();

/**
 * class-validator looks up a class's validation metadata on every validation, scanning every
 * decorated class of the process for its ancestors and grouping the result by property (4-5% of the
 * command path's profile). That metadata only changes when a decorator registers more, so it is
 * kept per class and options, and dropped whenever anything is registered. Validation with groups
 * is not memoized. Same metadata, same order, same errors.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  let byTarget = new WeakMap<Function, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const forget = () => {
    byTarget = new WeakMap();
    grouped = new WeakMap();
  };
  for (const register of ['addValidationSchema', 'addValidationMetadata', 'addConstraintMetadata'] as const) {
    const original = storage[register] as (this: MetadataStorage, arg: never) => void;
    storage[register] = function (this: MetadataStorage, arg: never) {
      forget();
      return original.call(this, arg);
    } as never;
  }
  const lookUp = storage.getTargetValidationMetadatas;
  const group = storage.groupByPropertyName;
  storage.getTargetValidationMetadatas = function (this: MetadataStorage, target, schema, always, strictGroups, groups) {
    if ((groups && groups.length) || typeof target !== 'function') return lookUp.call(this, target, schema, always, strictGroups, groups);
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let metadatas = forTarget.get(key);
    if (!metadatas) {
      forTarget.set(key, (metadatas = lookUp.call(this, target, schema, always, strictGroups, groups)));
      grouped.set(metadatas, group.call(this, metadatas));
    }
    return metadatas;
  };
  storage.groupByPropertyName = function (this: MetadataStorage, metadatas) {
    return grouped.get(metadatas) ?? group.call(this, metadatas);
  };
}

/**
 * Text no field may hold, whatever its validators: the C0 control characters other than tab, line feed and carriage
 * return (none belongs in a name, a reference or a message, and PostgreSQL under FerretDB refuses U+0000 in a
 * document: an event holding one stopped its projection for good), and lone surrogates (not Unicode text; refused
 * there too).
 */
export const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** How deep an input may nest objects and arrays: no command comes near it, and ValidationPipe walks input recursively (3,000 levels overflowed its stack: a 500). */
export const MAX_INPUT_DEPTH = 32;

/** Why a text is refused (UNSAFE_TEXT): the first offending code unit named. */
function unsafeTextReason(what: string, text: string): string {
  const found = UNSAFE_TEXT.exec(text)!;
  const code = found[0].charCodeAt(0);
  const unit = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 ? `${what} must not contain control characters (${unit} at position ${found.index})` : `${what} must be well-formed Unicode text (a lone surrogate, ${unit}, at position ${found.index})`;
}

/**
 * What no validator looks for in an input (a body, a query, a message's payload): text with control characters or lone
 * surrogates (values and keys), keys naming Object.prototype's members (`constructor`, `toString`...: class-transformer
 * leaves them out of the instance, so a whitelist never saw them and `{"constructor": ...}` passed silently, e.g. as an
 * organisation update changing nothing) and nesting deeper than MAX_INPUT_DEPTH. At most `limit` findings, each with its field's
 * path as `fieldErrors` writes it. Walked without recursion, so no input can overflow the stack here.
 */
export function unsafeInput(value: unknown, root = '', limit = 10): FieldError[] {
  const found: FieldError[] = [];
  const pending: [unknown, string, number][] = [[value, root, 0]];
  while (pending.length > 0 && found.length < limit) {
    const [item, path, depth] = pending.pop()!;
    if (typeof item === 'string') {
      if (UNSAFE_TEXT.test(item)) found.push({ field: path, reason: unsafeTextReason(path || 'the value', item) });
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      found.push({ field: path, reason: `${path || 'the value'} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], `${path}[${i}]`, depth + 1]);
      continue;
    }
    const keys = Object.keys(item);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (UNSAFE_TEXT.test(key)) {
        found.push({ field: path, reason: unsafeTextReason(`a key of ${path || 'the value'}`, key) });
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(Object.prototype, key)) {
        const field = childPath(path, key);
        found.push({ field, reason: `property ${field} should not exist` });
        continue;
      }
      pending.push([(item as Record<string, unknown>)[key], childPath(path, key), depth + 1]);
    }
  }
  return found.slice(0, limit);
}

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

/** class-transformer's decorators' metadata (its package exports no path to it). */
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata };
/** The options class-transformer hands a @Transform function when given none (plainToInstance spreads them under its own). */
const { defaultOptions: TRANSFORM_OPTIONS } = require('class-transformer/cjs/constants/default-options.constant') as { defaultOptions: ClassTransformOptions };

/** One validated property of a flat class: its conditions (@IsOptional, @ValidateIf) and its validators, as class-validator runs them. */
interface FlatProperty {
  name: string;
  conditions: ValidationMetadata[];
  /** IS_DEFINED first, then the custom validators: class-validator's order. */
  checks: { metadata: ValidationMetadata; constraints: ConstraintMetadata[] }[];
  /** The primitive class-transformer converts a value to (its @Type(() => Number/String/Boolean)): `typeof` of the result. */
  primitive?: string;
  /** Its @Transform functions (from plain), run as class-transformer runs them: after the @Type conversion, in order. */
  transforms: TransformMetadata[];
}

const PRIMITIVE_TYPES = new Map<unknown, string>([
  [Number, 'number'],
  [String, 'string'],
  [Boolean, 'boolean'],
]);
const FLAT_TYPES = new Set<string>([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.IS_DEFINED, ValidationTypes.WHITELIST]);

/**
 * The rules of a class the fast path replays exactly, or null: only classes whose properties are
 * validated by synchronous validators on the property itself (no nested class, no `each`, no
 * promise), and that class-transformer copies property for property (no @Expose or @Exclude; @Type only to a
 * primitive; @Transform without groups or versions, which it runs with its default options).
 */
function flatRules(target: Function): Map<string, FlatProperty> | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  if (defaultMetadataStorage.getStrategy(target) !== 'none' || defaultMetadataStorage.getExposedMetadatas(target).length || defaultMetadataStorage.getExcludedMetadatas(target).length) return null;
  const rules = new Map<string, FlatProperty>();
  for (const [name, forProperty] of Object.entries(storage.groupByPropertyName(metadatas))) {
    if (forProperty.some((m) => !FLAT_TYPES.has(m.type) || m.each)) return null;
    const transforms = defaultMetadataStorage.findTransformMetadatas(target, name, TransformationType.PLAIN_TO_CLASS);
    if (transforms.some(({ options }) => options?.groups?.length || options?.since !== undefined || options?.until !== undefined)) return null;
    const typed = defaultMetadataStorage.findTypeMetadata(target, name);
    const primitive = typed ? PRIMITIVE_TYPES.get(typed.typeFunction()) : undefined;
    if (typed && !primitive) return null;
    const checks = [...forProperty.filter((m) => m.type === ValidationTypes.IS_DEFINED), ...forProperty.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION)].map((metadata) => ({
      metadata,
      constraints: storage.getTargetValidatorConstraints(metadata.constraintCls),
    }));
    if (checks.some((c) => c.constraints.some((k) => k.async))) return null;
    rules.set(name, { name, conditions: forProperty.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION), checks, primitive, transforms });
  }
  return rules;
}

const flatRulesByClass = new WeakMap<Function, Map<string, FlatProperty> | null>();
const rulesOf = (target: Function): Map<string, FlatProperty> | null => {
  let rules = flatRulesByClass.get(target);
  if (rules === undefined) flatRulesByClass.set(target, (rules = flatRules(target)));
  return rules;
};

/**
 * The instance class-transformer would make of a plain object, when every validator of its class
 * passes on it as class-validator runs them; undefined for anything else, which then takes the
 * whole way (and gets its errors from it). Every property must be a known one holding a string,
 * number, boolean or null, every required one present.
 */
function validFlatInstance(metatype: new () => object, value: unknown): object | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  // A plain object, or a dictionary without Object's prototype (an HTTP query string as Fastify parses it: its prototype
  // an empty object without one): class-transformer copies them alike.
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null && (Object.getPrototypeOf(prototype) !== null || Reflect.ownKeys(prototype).length !== 0)) return undefined;
  const rules = rulesOf(metatype);
  if (!rules) return undefined;
  const entity = new metatype() as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const rule = rules.get(key);
    let item = (value as Record<string, unknown>)[key];
    // Only primitives (an object or array class-transformer would copy), and not null where @Type names a primitive.
    const type = typeof item;
    if (!rule || (item !== null && type !== 'string' && type !== 'number' && type !== 'boolean') || (rule.primitive !== undefined && item === null)) return undefined;
    if (type === 'string' && UNSAFE_TEXT.test(item as string)) return undefined; // refused the whole way, with its reason
    // class-transformer's conversions, in its order: @Type's primitive (a query string's '2' to 2), then each @Transform.
    if (rule.primitive !== undefined && type !== rule.primitive) item = rule.primitive === 'number' ? Number(item) : rule.primitive === 'string' ? String(item) : Boolean(item);
    if (rule.transforms.length > 0) {
      for (const { transformFn } of rule.transforms) item = transformFn({ value: item, key, obj: value as Record<string, unknown>, type: TransformationType.PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
      const made = typeof item;
      if (item !== null && made !== 'string' && made !== 'number' && made !== 'boolean' && made !== 'undefined') return undefined;
    }
    entity[key] = item;
  }
  for (const key of Object.keys(entity)) if (!rules.has(key)) return undefined;
  for (const rule of rules.values()) {
    const item = entity[rule.name];
    let applies = true;
    for (const condition of rule.conditions) applies = (condition.constraints[0] as (o: object, v: unknown) => boolean)(entity, item) && applies;
    if (!applies) continue;
    if (item === undefined || item === null) return undefined; // reported as missing by the whole way
    for (const { metadata, constraints } of rule.checks) {
      if (metadata.validateIf && !metadata.validateIf(entity, item)) continue;
      const args: ValidationArguments = { targetName: metatype.name, property: rule.name, object: entity, value: item, constraints: metadata.constraints };
      for (const constraint of constraints) {
        const valid: unknown = constraint.instance.validate(item, args);
        if (!valid || valid instanceof Promise) return undefined;
      }
    }
  }
  return entity;
}

/** A ValidationPipe that names every missing required field at once (`legalId is required`), each field once. */
export class FieldValidationPipe extends ValidationPipe {
  /**
   * Valid input of a flat class (most commands: strings, numbers, enums, patterns) is checked by
   * the same validators class-validator would run, in its order, and given as the same instance,
   * without class-transformer's walk, class-validator's error objects and the missing-field pass:
   * they made a command's validation the largest allocation of its path (~20 KB). Only with the
   * options it replays (whitelist, forbidding unknown properties, transform, no groups, no skip);
   * anything it does not accept at once takes the whole way, which gives its errors. The fast path answers at once,
   * not with a promise (one per command under the request context's async hooks); the whole way answers with one.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the instance, or ValidationPipe's promise of it
  override transform(value: unknown, metadata: ArgumentMetadata): any {
    const metatype = (this.expectedType ?? metadata.metatype) as (new () => object) | undefined;
    const validated = metatype !== undefined && this.toValidate({ ...metadata, metatype });
    // A value ValidationPipe leaves as it is (a handler's @Ctx() context, a custom parameter), given back at once: its answer is a promise.
    if (!validated && (!this.isTransformEnabled || !metadata.data || (metadata.type !== 'param' && metadata.type !== 'query'))) return value;
    if (validated && this.fastPath) {
      const entity = validFlatInstance(metatype, value);
      if (entity) return entity;
    }
    // Input no validator would refuse but nothing may store or walk (control characters, lone surrogates, deep nesting).
    const unsafe = validated || typeof value === 'string' ? unsafeInput(value, validated ? '' : (metadata.data ?? '')) : [];
    // Refused as the whole way refuses: with a promise of the factory's error.
    if (unsafe.length > 0) return Promise.reject(this.exceptionFactory(unsafe.map(({ field, reason }): ValidationError => ({ property: field, children: [], constraints: { unsafeInput: reason } }))));
    return super.transform(value, metadata);
  }

  /** Whether the options are those the fast path replays. */
  private get fastPath(): boolean {
    const o = this.validatorOptions;
    return (this.fastPathOk ??=
      this.isTransformEnabled &&
      this.transformOptions === undefined &&
      o.whitelist === true &&
      o.forbidNonWhitelisted === true &&
      o.forbidUnknownValues !== false &&
      !o.groups?.length &&
      !o.always &&
      !o.strictGroups &&
      !o.skipMissingProperties &&
      !o.skipNullProperties &&
      !o.skipUndefinedProperties);
  }
  private fastPathOk?: boolean;

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
export const rpcValidationPipe = () => {
  memoizeValidationMetadata();
  return new FieldValidationPipe({ ...validationOptions, exceptionFactory: (errors) => validationFailed(fieldErrors(errors)) });
};
