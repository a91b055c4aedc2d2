import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getStorageToken, ThrottlerStorage } from '@nestjs/throttler';
import { isEmail } from 'class-validator';
import { Eta } from 'eta';
import express, { NextFunction, Request, Response, Router } from 'express';
import helmet from 'helmet';
import {
  BoothView,
  BoothWithPagesView,
  CERTIFICATE_NUMBER,
  CERTIFICATE_STATUSES,
  CertificationSubjects,
  ContactRequestReceipt,
  COUNTRIES,
  ExhibitionSubjects,
  ListPage,
  Page,
  PAGE_LANGUAGES,
  PageLanguage,
  PublicProductView,
  RegisterEntryView,
  RpcErrorBody,
  RpcErrorCodes,
  ThemedExhibitionView,
} from '@banat/contracts';
import { currentContext, PlatformConfig } from '@banat/messaging';
import { RpcClient, RpcHttpException } from '../rpc/rpc-client.service';
import { format, isPageLanguage, Messages, MESSAGES } from './messages';
import { localPath, negotiate, pick } from './localised';
import { checkLabel, checkReason } from './credential-checks';
import { ParamErrors, ParamSpec, readQuery, refusedFields } from './query';
import { secretariatPages } from './secretariat';
import { TokenVerifier } from '../auth/token-verifier';
import { clientKey, clientTracker, DEFAULT_THROTTLER } from '../auth/throttler.guard';
import { SlidingWindowThrottlerStorage } from '../auth/throttler-storage';
import { brokenEscape, brokenPath } from '../http/http-exception.filter';

/** Templates and the stylesheet live beside the sources; the compiled code (dist/…) finds them there. */
const HERE = __dirname.replace(/([\\/])dist([\\/])/, '$1');
const LANG_COOKIE = 'lang';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const CONTACT_FORM_THROTTLER = 'contact-form';
const SIGN_IN_THROTTLER = 'sign-in';
/** How long browsers and shared caches may keep an image without asking again: at most this long after moderation hides it. */
const IMAGE_CACHE_CONTROL = 'public, max-age=300';

/** What every template gets: the reader's language, its messages, and helpers that keep the text's own language. */
function viewModel(req: Request, lang: PageLanguage) {
  const t: Messages = MESSAGES[lang];
  return {
    lang,
    t,
    languages: PAGE_LANGUAGES.map((code) => ({ code, name: MESSAGES[code].languageName })),
    here: req.originalUrl,
    pick: (text: Record<string, string> | undefined) => pick(text, lang),
    format,
    statusName: (status: string) => ({ active: t.statusActive, suspended: t.statusSuspended, withdrawn: t.statusWithdrawn, expired: t.statusExpired })[status] ?? status,
    checkLabel: (check: string) => checkLabel(check, t),
    checkReason: (check: { code?: string; value?: string }) => checkReason(check, t),
  };
}

/** Query values as the services take them: blanks dropped, only the names asked for. */
function pickQuery(query: Request['query'], names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = query[name];
    if (typeof value === 'string' && value.trim() !== '') out[name] = value.trim();
  }
  return out;
}

/** A cookie's value percent-decoded, or as it came when it is no percent-encoding. */
const decodedOrRaw = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const rpcError = (error: unknown): RpcErrorBody | undefined => (error instanceof RpcHttpException ? error.body : undefined);

const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
/** The exhibition's filters as its form sends them (the theme is checked against the themed exhibitions open now). */
const EXHIBITION_QUERY = {
  q: { kind: 'search', max: 100 },
  niceClass: { kind: 'integer', min: 1, max: 45 },
  country: { kind: 'oneOf', values: COUNTRIES },
  region: { kind: 'pattern', pattern: REGION, example: 'RO-TM' },
  theme: { kind: 'pattern', pattern: /^[\x21-\x7e]{1,64}$/, example: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' },
  // The form's checkbox sends true; false is the box left empty (every exhibitor).
  brandHolder: { kind: 'boolean' },
  page: { kind: 'integer', min: 1, max: 10000 },
} as const satisfies ParamSpec;
const REGISTER_QUERY = {
  status: { kind: 'oneOf', values: CERTIFICATE_STATUSES },
  holderCountry: { kind: 'oneOf', values: COUNTRIES },
  certificateNumber: { kind: 'pattern', pattern: /^[A-Z0-9-]{1,40}$/, example: 'MIB-2026', upperCase: true },
  page: { kind: 'integer', min: 1, max: 10000 },
} as const satisfies ParamSpec;
const CHECK_QUERY = { number: { kind: 'pattern', pattern: CERTIFICATE_NUMBER, example: 'MIB-2026-000123', upperCase: true } } as const satisfies ParamSpec;

/**
 * The public web pages: rendered on the server (Eta, auto-escaping on), no client script at all,
 * one small stylesheet; the language is remembered in a cookie. Each page reads the services'
 * read models over the bus, so the brand mark shown follows certification events as the exhibition
 * projection applies them.
 */
export function webPages(app: INestApplication, config: PlatformConfig): Router {
  const rpc = app.get(RpcClient);
  const throttle = app.get<ThrottlerStorage>(getStorageToken(), { strict: false });
  const eta = new Eta({ views: join(HERE, 'views'), autoEscape: true, cache: true, defaultExtension: '.eta' });
  const router = Router();

  router.use(
    helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  );
  router.use((req: Request, res: Response, next: NextFunction) => {
    const ctx = currentContext();
    if (ctx) ctx.role = 'public';
    const cookie = /(?:^|;\s*)lang=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    // A value that is no percent-encoding (`lang=%E0`) names no language: the browser's then (decoding it threw: a 500 on every page).
    res.locals.lang = negotiate(cookie ? decodedOrRaw(cookie) : undefined, req.headers['accept-language'], PAGE_LANGUAGES);
    res.setHeader('Vary', 'Cookie, Accept-Language');
    next();
  });

  const render = (req: Request, res: Response, template: string, data: Record<string, unknown>, status = 200) => {
    const lang = res.locals.lang as PageLanguage;
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(eta.render(template, { ...viewModel(req, lang), ...data }));
  };

  // The pages count against the API's limit per client address (THROTTLE_LIMIT per THROTTLE_TTL_MS, one count for both: the
  // same storage and key as the API's throttler guard), with its headers; past it, a page saying how long to wait (429).
  if (!(throttle instanceof SlidingWindowThrottlerStorage)) throw new Error("the web pages' rate limit needs the gateway's throttler storage");
  router.use((req: Request, res: Response, next: NextFunction) => {
    const ttl = config.THROTTLE_TTL_MS;
    const limit = config.THROTTLE_LIMIT;
    const counted = throttle.hit(clientKey(clientTracker(req.ip ?? '')), ttl, limit, ttl, DEFAULT_THROTTLER);
    if (counted.isBlocked) {
      const seconds = Math.max(1, counted.timeToBlockExpire);
      const t = MESSAGES[res.locals.lang as PageLanguage];
      res.setHeader('Retry-After', String(seconds));
      return render(req, res, 'message', { title: t.tooManyRequestsTitle, text: format(t.tooManyRequestsText, { seconds }) }, 429);
    }
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - counted.totalHits)));
    res.setHeader('X-RateLimit-Reset', String(counted.timeToExpire));
    next();
  });
  /** Refused sign-ins to the secretariat's pages: at most COMPLAINT_THROTTLE_LIMIT per client address per COMPLAINT_THROTTLE_TTL_MS. */
  const refusedSignIns = {
    wait: (req: Request) => throttle.waitFor(`${SIGN_IN_THROTTLER}:${clientTracker(req.ip ?? '')}`, config.COMPLAINT_THROTTLE_LIMIT, SIGN_IN_THROTTLER),
    count: (req: Request) => void throttle.hit(`${SIGN_IN_THROTTLER}:${clientTracker(req.ip ?? '')}`, config.COMPLAINT_THROTTLE_TTL_MS, config.COMPLAINT_THROTTLE_LIMIT, 0, SIGN_IN_THROTTLER),
  };
  /** The 400 page: what cannot be used, each naming its parameter, in the reader's language. */
  const badRequest = (req: Request, res: Response, errors: ParamErrors) => {
    const t = MESSAGES[res.locals.lang as PageLanguage];
    render(req, res, 'message', { title: t.badRequestTitle, text: t.badRequestText, items: Object.values(errors) }, 400);
  };
  const failure = (req: Request, res: Response, error: unknown) => {
    const body = rpcError(error);
    const t = MESSAGES[res.locals.lang as PageLanguage];
    if (body?.code === RpcErrorCodes.NOT_FOUND) return render(req, res, 'message', { title: t.notFoundTitle, text: t.notFoundText }, 404);
    // The services word their refusals in English: the page names the parameters in the reader's language.
    if (body?.code === RpcErrorCodes.VALIDATION_FAILED) return badRequest(req, res, refusedFields(body.fields, t));
    return render(req, res, 'message', { title: t.unavailableTitle, text: t.unavailableText }, 503);
  };
  const notFound = (req: Request, res: Response) => failure(req, res, new RpcHttpException({ code: RpcErrorCodes.NOT_FOUND, message: 'not found' }));

  // A path with a percent-escape that is no UTF-8 (`/%E0%A4%A`: fastify's router cannot read it, app.ts hands it here): a reader's
  // GET or HEAD gets the 400 page in the reader's language; anyone else the API's JSON 400 naming the escape (as for an unknown path).
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!brokenEscape(req.path)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next(brokenPath(req.originalUrl));
    res.vary('Accept');
    if (req.accepts(['html', 'json']) === 'json') return next(brokenPath(req.originalUrl));
    badRequest(req, res, {});
  });

  secretariatPages(router, { rpc, tokens: app.get(TokenVerifier), render, failure, badRequest, refusedSignIns });

  router.get('/static/site.css', (_req, res) => res.sendFile(join(HERE, 'static', 'site.css'), { maxAge: '1h' }));

  router.get('/lang/:lang', (req, res) => {
    const lang = req.params.lang;
    if (!isPageLanguage(lang)) return notFound(req, res);
    res.cookie(LANG_COOKIE, lang, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true, path: '/' });
    res.redirect(303, localPath(req.query.back));
  });

  router.get('/', async (req, res) => {
    try {
      const [booths, themes] = await Promise.all([
        rpc.send<Page<BoothView>>(ExhibitionSubjects.searchBooths, { brandHolder: true, pageSize: 6 }),
        rpc.send<ThemedExhibitionView[]>(ExhibitionSubjects.listThemedExhibitions, { current: 'true' }),
      ]);
      render(req, res, 'home', { booths: booths.items, themes });
    } catch (error) {
      failure(req, res, error);
    }
  });

  router.get('/exhibition', async (req, res) => {
    const t = MESSAGES[res.locals.lang as PageLanguage];
    // The form shows what was sent; the services get what was read, and nothing while a filter is refused.
    const filters = pickQuery(req.query, Object.keys(EXHIBITION_QUERY));
    const { values, errors } = readQuery(req.query, EXHIBITION_QUERY, t);
    const common = { ...(values.q ? { q: values.q } : {}), ...(values.niceClass ? { niceClass: values.niceClass } : {}), ...(values.country ? { country: values.country } : {}), ...(values.region ? { region: values.region } : {}) };
    const page = values.page ? Number(values.page) : 1;
    const refused = (shown: ParamErrors, themes: ThemedExhibitionView[]) =>
      render(req, res, 'exhibition', { filters, brandHolder: values.brandHolder === 'true', themes, products: undefined, booths: undefined, page, errors: shown }, 400);
    let themes: ThemedExhibitionView[] = [];
    try {
      themes = await rpc.send<ThemedExhibitionView[]>(ExhibitionSubjects.listThemedExhibitions, { current: 'true' });
      if (values.theme && !themes.some((th) => th.id === values.theme)) errors.theme = format(t.paramTheme, { name: 'theme' });
      if (Object.keys(errors).length) return refused(errors, themes);
      const [products, booths] = await Promise.all([
        rpc.send<Page<PublicProductView>>(ExhibitionSubjects.searchProducts, { ...common, ...(values.theme ? { themedExhibitionId: values.theme } : {}), page, pageSize: 12 }),
        values.theme ? undefined : rpc.send<Page<BoothView>>(ExhibitionSubjects.searchBooths, { ...common, ...(values.brandHolder === 'true' ? { brandHolder: 'true' } : {}), pageSize: 12 }),
      ]);
      render(req, res, 'exhibition', { filters, brandHolder: values.brandHolder === 'true', themes, products, booths, page, errors: {} });
    } catch (error) {
      const body = rpcError(error);
      if (body?.code !== RpcErrorCodes.VALIDATION_FAILED && body?.code !== RpcErrorCodes.NOT_FOUND) return failure(req, res, error);
      // A filter the services refuse is shown beside its field, the rest of the form kept.
      refused(body.code === RpcErrorCodes.NOT_FOUND ? { theme: format(t.paramTheme, { name: 'theme' }) } : refusedFields(body.fields, t, { themedExhibitionId: 'theme' }), themes);
    }
  });

  router.get('/exhibition/booths/:id', async (req, res) => {
    if (!UUID.test(req.params.id)) return notFound(req, res);
    try {
      const booth = await rpc.send<BoothWithPagesView>(ExhibitionSubjects.getBooth, { organisationId: req.params.id });
      render(req, res, 'booth', { booth });
    } catch (error) {
      failure(req, res, error);
    }
  });

  router.get('/exhibition/products/:id', async (req, res) => {
    if (!UUID.test(req.params.id)) return notFound(req, res);
    try {
      const product = await rpc.send<PublicProductView>(ExhibitionSubjects.getProduct, { productId: req.params.id });
      render(req, res, 'product', { product });
    } catch (error) {
      failure(req, res, error);
    }
  });

  const contactForm = async (req: Request, res: Response, form: Record<string, string>, errors: Record<string, string>, status: number, receipt?: ContactRequestReceipt) => {
    const booth = await rpc.send<BoothWithPagesView>(ExhibitionSubjects.getBooth, { organisationId: req.params.id });
    render(req, res, 'contact', { booth, form, errors, receipt }, status);
  };

  router.get('/exhibition/booths/:id/contact', async (req, res) => {
    if (!UUID.test(req.params.id as string)) return notFound(req, res);
    try {
      await contactForm(req, res, {}, {}, 200);
    } catch (error) {
      failure(req, res, error);
    }
  });

  router.post('/exhibition/booths/:id/contact', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    if (!UUID.test(req.params.id as string)) return notFound(req, res);
    const t = MESSAGES[res.locals.lang as PageLanguage];
    const form = pickQuery(req.body ?? {}, ['name', 'email', 'company', 'message']);
    const errors: Record<string, string> = {};
    if (!form.name) errors.name = t.errRequired;
    else if (form.name.length > 200) errors.name = t.errTooLong;
    if (!form.email) errors.email = t.errRequired;
    else if (form.email.length > 254 || !isEmail(form.email)) errors.email = t.errEmail;
    if (!form.message) errors.message = t.errRequired;
    else if (form.message.length > 2000) errors.message = t.errTooLong;
    if ((form.company ?? '').length > 200) errors.company = t.errTooLong;
    try {
      if (Object.keys(errors).length) return await contactForm(req, res, form, errors, 400);
      // Public submissions are rate limited per client address (COMPLAINT_THROTTLE_LIMIT per COMPLAINT_THROTTLE_TTL_MS), an IPv6
      // one by its /64 as every other limit (by the bare address, each of a /64's 2^64 addresses had a limit of its own).
      const limit = await throttle.increment(`${CONTACT_FORM_THROTTLER}:${clientTracker(req.ip ?? '')}`, config.COMPLAINT_THROTTLE_TTL_MS, config.COMPLAINT_THROTTLE_LIMIT, config.COMPLAINT_THROTTLE_TTL_MS, CONTACT_FORM_THROTTLER);
      if (limit.isBlocked) {
        const seconds = Math.max(1, Math.ceil(limit.timeToBlockExpire));
        res.setHeader('Retry-After', String(seconds));
        return await contactForm(req, res, form, { form: format(t.errRateLimited, { seconds }) }, 429);
      }
      const receipt = await rpc.send<ContactRequestReceipt>(ExhibitionSubjects.requestContact, { organisationId: req.params.id, ...form });
      await contactForm(req, res, {}, {}, 201, receipt);
    } catch (error) {
      const body = rpcError(error);
      if (body?.code === RpcErrorCodes.VALIDATION_FAILED && body.fields?.length) return contactForm(req, res, form, Object.fromEntries(body.fields.map((f) => [f.field, t.errNotAccepted])), 400).catch((e) => failure(req, res, e));
      failure(req, res, error);
    }
  });

  router.get('/register', async (req, res) => {
    const t = MESSAGES[res.locals.lang as PageLanguage];
    const filters = pickQuery(req.query, Object.keys(REGISTER_QUERY));
    const { values, errors } = readQuery(req.query, REGISTER_QUERY, t);
    const page = values.page ? Number(values.page) : 1;
    if (Object.keys(errors).length) return render(req, res, 'register', { filters, register: undefined, page, errors }, 400);
    try {
      const register = await rpc.send<ListPage<RegisterEntryView>>(CertificationSubjects.searchRegister, { ...values, page, pageSize: 20 });
      render(req, res, 'register', { filters: { ...filters, ...values }, register, page, errors: {} });
    } catch (error) {
      const body = rpcError(error);
      if (body?.code !== RpcErrorCodes.VALIDATION_FAILED) return failure(req, res, error);
      render(req, res, 'register', { filters, register: undefined, page, errors: refusedFields(body.fields, t) }, 400);
    }
  });

  router.get('/certificates/check', async (req, res) => {
    const t = MESSAGES[res.locals.lang as PageLanguage];
    const { values, errors } = readQuery(req.query, CHECK_QUERY, t);
    if (errors.number) return render(req, res, 'check', { number: pickQuery(req.query, ['number']).number ?? '', certificate: undefined, verification: undefined, errors }, 400);
    const number = values.number;
    if (!number) return render(req, res, 'check', { number: '', certificate: undefined, verification: undefined, errors: {} });
    try {
      const certificate = await rpc.send<RegisterEntryView>(CertificationSubjects.getCertificate, { certificateNumber: number });
      render(req, res, 'check', { number, certificate, verification: undefined, errors: {} });
    } catch (error) {
      const body = rpcError(error);
      if (body?.code === RpcErrorCodes.NOT_FOUND) return render(req, res, 'check', { number, certificate: undefined, verification: undefined, errors: { number: t.certificateNotFound } }, 404);
      if (body?.code === RpcErrorCodes.VALIDATION_FAILED) return render(req, res, 'check', { number, certificate: undefined, verification: undefined, errors: { number: format(t.paramNotAccepted, { name: 'number' }) } }, 400);
      failure(req, res, error);
    }
  });

  router.post('/certificates/check', express.urlencoded({ extended: false, limit: '128kb' }), async (req, res) => {
    const credential = pickQuery(req.body ?? {}, ['credential']).credential ?? '';
    const t = MESSAGES[res.locals.lang as PageLanguage];
    if (!credential) return render(req, res, 'check', { number: '', credential, certificate: undefined, verification: undefined, errors: { credential: t.errRequired } }, 400);
    try {
      const verification = await rpc.send<{ verified: boolean; checks: { check: string; ok: boolean; code?: string; value?: string }[] }>(CertificationSubjects.verifyCredential, { credential });
      render(req, res, 'check', { number: '', credential, certificate: undefined, verification, errors: {} });
    } catch (error) {
      const body = rpcError(error);
      if (body?.code === RpcErrorCodes.VALIDATION_FAILED) return render(req, res, 'check', { number: '', credential, certificate: undefined, verification: undefined, errors: { credential: t.errNotAccepted } }, 400);
      failure(req, res, error);
    }
  });

  router.get('/images/:id', async (req, res) => {
    if (!UUID.test(req.params.id)) return notFound(req, res);
    try {
      const image = await rpc.send<{ contentType: string; etag: string; data: string }>(ExhibitionSubjects.getImage, { imageId: req.params.id });
      const etag = `"${image.etag}"`;
      // An image never changes under its id, but the secretariat may hide the page showing it (then 404): cached for
      // minutes only, so a hidden image leaves caches soon; revalidated by its hash.
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', IMAGE_CACHE_CONTROL);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (req.headers['if-none-match'] === etag) return res.status(304).end();
      res.type(image.contentType).send(Buffer.from(image.data, 'base64'));
    } catch (error) {
      const body = rpcError(error);
      // (Not kept: a page shown again shows its images again.)
      res.setHeader('Cache-Control', 'no-store');
      res.status(body?.code === RpcErrorCodes.NOT_FOUND ? 404 : 503).end();
    }
  });

  // A path no page has (the gateway hands the web pages every request outside /api/ no route serves: app.ts), read with a GET
  // or HEAD: the "not found" page, in the reader's language, with the pages' headers and a link home (a mistyped `/registers`
  // was the API's JSON). A client that prefers JSON to HTML (`Accept: application/json`: a script, an API client that left
  // out /api/v1) still gets the API's JSON 404, which it can read; a browser (`text/html, …, */*`), a client sending `*/*` or
  // no Accept at all gets the page. Any other method (a POST to an unknown path) is the API's JSON 404 too: there is no page
  // to show for it (both written by pages-on-fastify.ts, in the API's error shape, never a stack).
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.vary('Accept');
    if (req.accepts(['html', 'json']) === 'json') return next();
    notFound(req, res);
  });

  // A form its body parser refused (longer than the form's limit, a broken or unknown encoding): the reader gets the
  // page in their language with the parser's status (413, 400, 415), not the API's JSON (pages-on-fastify.ts).
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    const refusal = formRefusal(error);
    if (!refusal || res.headersSent) return next(error);
    const t = MESSAGES[res.locals.lang as PageLanguage];
    if (refusal.tooLarge) return render(req, res, 'message', { title: t.formTooLargeTitle, text: t.formTooLargeText }, refusal.status);
    render(req, res, 'message', { title: t.formRefusedTitle, text: t.formRefusedText }, refusal.status);
  });

  return router;
}

/** What body-parser refuses a form for (its `type`), and its 4xx status; undefined for anything else. */
export function formRefusal(error: unknown): { status: number; tooLarge: boolean } | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (!['entity.too.large', 'parameters.too.many', 'entity.parse.failed', 'charset.unsupported', 'encoding.unsupported', 'request.size.invalid'].includes(type)) return undefined;
  return { status, tooLarge: type === 'entity.too.large' || type === 'parameters.too.many' };
}
