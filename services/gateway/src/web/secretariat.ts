import express, { NextFunction, Request, Response, Router } from 'express';
import { decodeJwt } from 'jose';
import { PageLanguage, RenderedReport, REPORTING_DIMENSIONS, ReportingSubjects, RpcErrorCodes } from '@banat/contracts';
import { bindToRequestContext } from '../auth/auth.guard';
import { InvalidCredentials, Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import type { TokenVerifier } from '../auth/token-verifier';
import { printableReportPolicy } from '../http/secure-headers';
import { RpcClient, RpcHttpException } from '../rpc/rpc-client.service';
import { format, Messages, MESSAGES } from './messages';
import { localPath } from './localised';
import { codes, ParamErrors, ParamSpec, readQuery, refusedFields } from './query';
import { SECRETARIAT_MESSAGES, SecretariatMessages } from './secretariat-messages';

/** The cookie holding the verified token; sent only to the secretariat's pages. */
export const SESSION_COOKIE = 'banat_secretariat';
const SESSION_PATH = '/secretariat';
/** The longest a sign-in lasts (shorter when the token expires sooner). */
const SESSION_MAX_MS = 30 * 60 * 1000;
const ALLOWED: readonly Role[] = ['secretariat', 'auditor'];
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const INDICATOR_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PERIOD = { from: { kind: 'date' }, to: { kind: 'date' }, asOf: { kind: 'date' } } as const satisfies ParamSpec;
const RECORDS_PAGE = { page: { kind: 'integer', min: 1, max: 100000 } } as const satisfies ParamSpec;

/** The limit on refused sign-ins per client address: the seconds to wait before another is tried (0: none), and counting one. */
export interface RefusedSignIns {
  wait(req: Request): number;
  count(req: Request): void;
}

type Render = (req: Request, res: Response, template: string, data: Record<string, unknown>, status?: number) => void;
type Failure = (req: Request, res: Response, error: unknown) => void;
type BadRequest = (req: Request, res: Response, errors: ParamErrors) => void;
type Figure = { indicator: { id: string; name: string; unit: string }; value: number | null; target?: number; records: number; breakdown: string[]; groups: { key: Record<string, string>; value: number | null; target?: number; records: number }[] };
type IndicatorConfig = { programme: string; indicators: { id: string; name: string; definition: string; unit: string; breakdowns: string[] }[] };

const s = (res: Response): SecretariatMessages => SECRETARIAT_MESSAGES[res.locals.lang as PageLanguage];
const t = (res: Response): Messages => MESSAGES[res.locals.lang as PageLanguage];
const cookieOf = (req: Request) => {
  const raw = /(?:^|;\s*)banat_secretariat=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  try {
    return raw === undefined ? undefined : decodeURIComponent(raw);
  } catch {
    return raw; // not percent-encoded as this site sets it: verification refuses it
  }
};
const cookieOptions = (req: Request) => ({ httpOnly: true, secure: req.secure, sameSite: 'strict' as const, path: SESSION_PATH });
/** What the reporting service refused, by field, in the reader's language (its own words are English). */
const fieldErrors = (error: unknown, res: Response) => (error instanceof RpcHttpException && error.body.code === RpcErrorCodes.VALIDATION_FAILED ? refusedFields(error.body.fields, t(res)) : undefined);

/** Why a token was refused, in the reader's language. */
function refusal(error: unknown, m: SecretariatMessages): string {
  if (!(error instanceof InvalidCredentials)) return m.refusedInvalid;
  switch (error.code) {
    case 'expired':
      return m.refusedExpired;
    case 'claim':
      return format(m.refusedClaim, { claim: error.detail ?? '' });
    case 'algorithm':
      return format(m.refusedAlgorithm, { alg: error.detail ?? '' });
    case 'no-keys':
      return m.refusedNoKeys;
    case 'claims':
      return m.refusedClaims;
    default:
      return m.refusedInvalid;
  }
}

/** The programme's calendar year now (Europe/Bucharest): targets are set per year. */
const programmeYear = () => new Intl.DateTimeFormat('en', { timeZone: 'Europe/Bucharest', year: 'numeric' }).format(new Date());

/**
 * The period of a query, each day read strictly; without from and to, this calendar year (so its targets show), as of
 * today. `shown` is what the form shows again (what was sent, when refused), `errors` what is refused.
 */
function periodOf(req: Request, res: Response): { period: Record<string, string>; shown: Record<string, string>; errors: ParamErrors } {
  const { values, errors } = readQuery(req.query, PERIOD, t(res));
  const period: Record<string, string> = { ...values };
  if (period.from === undefined && period.to === undefined && !errors.from && !errors.to) Object.assign(period, { from: `${programmeYear()}-01-01`, to: `${programmeYear()}-12-31` });
  if (period.from && period.to && period.to < period.from) errors.to = format(s(res).periodOrder, { from: period.from, to: period.to });
  const shown = { ...period };
  for (const name of Object.keys(PERIOD)) {
    const sent = req.query[name];
    if (errors[name] && typeof sent === 'string') shown[name] = sent.trim().slice(0, 40);
  }
  return { period, shown, errors };
}
const queryString = (values: Record<string, string | undefined>) => new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();

/**
 * A POST is taken only from this site's own pages: its Origin must say so, or, where the browser sends
 * none or "null" (it does under the site's Referrer-Policy: no-referrer), its Sec-Fetch-Site. With the
 * session cookie's SameSite=Strict, another site can neither send the cookie nor sign anyone in or out.
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin === `${req.protocol}://${req.headers.host}`;
  return req.headers['sec-fetch-site'] === 'same-origin';
}

/**
 * The secretariat's pages: sign in with the API token (verified as the API verifies it, kept in an
 * HttpOnly, SameSite=Strict cookie, Secure over https, for at most 30 minutes), the indicators
 * dashboard, one indicator by period and breakdown, its drill-down to records and events, the printable
 * report and the CSV. Only the secretariat and auditors get in; the services check the role again.
 */
export function secretariatPages(router: Router, deps: { rpc: RpcClient; tokens: TokenVerifier; render: Render; failure: Failure; badRequest: BadRequest; refusedSignIns: RefusedSignIns }): void {
  const { rpc, tokens, render, failure, badRequest, refusedSignIns } = deps;
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const signInPage = (req: Request, res: Response, status: number, error?: string, notice?: string) =>
    render(req, res, 'secretariat-sign-in', { s: s(res), back: localPath(req.query.back ?? req.body?.back), error, notice }, status);

  /** Verifies a token and its role; the refusal's reason is the one shown on the page. */
  const admit = async (token: string, res: Response): Promise<{ principal: Principal } | { status: number; reason: string }> => {
    try {
      const principal = await tokens.verify(token);
      if (!ALLOWED.includes(principal.role)) return { status: 403, reason: format(s(res).roleRefused, { role: principal.role }) };
      return { principal };
    } catch (error) {
      return { status: 401, reason: format(s(res).tokenRefused, { reason: refusal(error, s(res)) }) };
    }
  };

  router.get('/secretariat/sign-in', (req, res) => signInPage(req, res, 200));

  router.post('/secretariat/sign-in', form, async (req, res) => {
    // Past the limit of refused sign-ins nothing is tried from the address until the wait is over, a good token neither.
    const seconds = refusedSignIns.wait(req);
    if (seconds > 0) {
      res.setHeader('Retry-After', String(seconds));
      return signInPage(req, res, 429, format(s(res).tooManySignIns, { seconds }));
    }
    // (A post from another site is not counted: another site could otherwise lock a secretariat's address out.)
    if (!sameOrigin(req)) return signInPage(req, res, 403, s(res).notSameOrigin);
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    if (!token) return signInPage(req, res, 400, MESSAGES[res.locals.lang as PageLanguage].errRequired);
    const admitted = JWT.test(token) ? await admit(token, res) : { status: 401, reason: format(s(res).tokenRefused, { reason: s(res).refusedNotJwt }) };
    if ('reason' in admitted) {
      refusedSignIns.count(req);
      return signInPage(req, res, admitted.status, admitted.reason);
    }
    const exp = decodeJwt(token).exp;
    const maxAge = Math.min(SESSION_MAX_MS, exp ? exp * 1000 - Date.now() : SESSION_MAX_MS);
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: Math.max(1000, maxAge) });
    res.redirect(303, localPath(req.body?.back).startsWith(SESSION_PATH) ? localPath(req.body?.back) : SESSION_PATH);
  });

  router.post('/secretariat/sign-out', form, (req, res) => {
    if (!sameOrigin(req)) return signInPage(req, res, 403, s(res).notSameOrigin);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    signInPage(req, res, 200, undefined, s(res).signedOut);
  });

  /** Every other secretariat page: no cookie → the sign-in page; a cookie no longer good → refused, naming why. */
  const signedIn = async (req: Request, res: Response, next: NextFunction) => {
    const token = cookieOf(req);
    if (!token) return res.redirect(303, `${SESSION_PATH}/sign-in?back=${encodeURIComponent(req.originalUrl)}`);
    const admitted = await admit(token, res);
    if ('reason' in admitted) {
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      return signInPage(req, res, admitted.status, admitted.reason);
    }
    bindToRequestContext(admitted.principal);
    res.locals.principal = admitted.principal;
    next();
  };
  const page = (req: Request, res: Response, template: string, data: Record<string, unknown>, status = 200) =>
    render(req, res, template, { s: s(res), principal: res.locals.principal, qs: queryString, ...data }, status);

  router.get('/secretariat', signedIn, async (req, res) => {
    const { period, shown, errors: refused } = periodOf(req, res);
    if (Object.keys(refused).length) return page(req, res, 'secretariat-dashboard', { period: shown, config: undefined, figures: [], errors: refused }, 400);
    try {
      const config = await rpc.send<IndicatorConfig>(ReportingSubjects.indicators, {});
      const figures = await Promise.all(config.indicators.map((i) => rpc.send<Figure>(ReportingSubjects.figure, { ...period, indicator: i.id })));
      page(req, res, 'secretariat-dashboard', { period, config, figures, errors: {} });
    } catch (error) {
      const errors = fieldErrors(error, res);
      if (!errors) return failure(req, res, error);
      page(req, res, 'secretariat-dashboard', { period, config: undefined, figures: [], errors }, 400);
    }
  });

  router.get('/secretariat/indicators/:id', signedIn, async (req, res) => {
    const id = req.params.id as string;
    if (!INDICATOR_ID.test(id)) return failure(req, res, new RpcHttpException({ code: RpcErrorCodes.NOT_FOUND, message: 'no such indicator' }));
    const { period, shown, errors: refused } = periodOf(req, res);
    try {
      const config = await rpc.send<IndicatorConfig>(ReportingSubjects.indicators, {});
      const definition = config.indicators.find((i) => i.id === id);
      if (!definition) return failure(req, res, new RpcHttpException({ code: RpcErrorCodes.NOT_FOUND, message: 'no such indicator' }));
      // Only the breakdowns this indicator allows, as its checkboxes send them.
      const breakdown = readQuery(req.query, { breakdown: { kind: 'several', values: definition.breakdowns } }, t(res));
      const chosen = breakdown.values.breakdown ?? [];
      Object.assign(refused, breakdown.errors);
      if (Object.keys(refused).length) return page(req, res, 'secretariat-indicator', { period: shown, definition, chosen, figure: undefined, errors: refused }, 400);
      try {
        const figure = await rpc.send<Figure>(ReportingSubjects.figure, { ...period, indicator: id, ...(chosen.length ? { breakdown: chosen.join(',') } : {}) });
        page(req, res, 'secretariat-indicator', { period, definition, chosen, figure, errors: {} });
      } catch (error) {
        const errors = fieldErrors(error, res);
        if (!errors) throw error;
        page(req, res, 'secretariat-indicator', { period, definition, chosen, figure: undefined, errors }, 400);
      }
    } catch (error) {
      failure(req, res, error);
    }
  });

  router.get('/secretariat/indicators/:id/records', signedIn, async (req, res) => {
    const id = req.params.id as string;
    if (!INDICATOR_ID.test(id)) return failure(req, res, new RpcHttpException({ code: RpcErrorCodes.NOT_FOUND, message: 'no such indicator' }));
    const { period, errors } = periodOf(req, res);
    const paging = readQuery(req.query, RECORDS_PAGE, t(res));
    Object.assign(errors, paging.errors);
    const pageNumber = paging.values.page ? Number(paging.values.page) : 1;
    try {
      const config = await rpc.send<IndicatorConfig>(ReportingSubjects.indicators, {});
      const definition = config.indicators.find((i) => i.id === id);
      if (!definition) return failure(req, res, new RpcHttpException({ code: RpcErrorCodes.NOT_FOUND, message: 'no such indicator' }));
      // A drill-down keeps the values of the indicator's own breakdowns, each given once (the links send them so).
      const where: Record<string, string> = {};
      for (const d of REPORTING_DIMENSIONS) {
        const sent = req.query[d];
        if (sent === undefined || sent === '') continue;
        if (!definition.breakdowns.includes(d)) errors[d] = format(s(res).dimensionNotAllowed, { name: d, values: codes(definition.breakdowns, t(res)) });
        else if (typeof sent !== 'string') errors[d] = format(t(res).paramRepeated, { name: d });
        else if (sent.length > 64) errors[d] = format(t(res).paramTooLong, { name: d, max: 64 });
        else where[d] = sent;
      }
      if (Object.keys(errors).length) return badRequest(req, res, errors);
      const records = await rpc.send<{ indicator: string; from: string; to: string; asOf: string; total: number; page: number; pageSize: number; items: Record<string, unknown>[] }>(ReportingSubjects.records, { ...period, ...where, indicator: id, page: pageNumber, pageSize: 50 });
      page(req, res, 'secretariat-records', { period, where, records, indicatorId: id });
    } catch (error) {
      failure(req, res, error);
    }
  });

  const report = async (req: Request, res: Response, format: 'html' | 'csv') => {
    try {
      const { period, shown, errors: refused } = periodOf(req, res);
      if (Object.keys(refused).length) return page(req, res, 'secretariat-dashboard', { period: shown, config: undefined, figures: [], errors: refused }, 400);
      const rendered = await rpc.send<RenderedReport>(ReportingSubjects.report, { ...period, format });
      res.setHeader('Cache-Control', 'no-store');
      res.type(rendered.contentType);
      if (format === 'csv') return res.attachment('indicators.csv').send(rendered.body);
      // The printable report carries its own print stylesheet: allowed by its hash, and still no script.
      res.setHeader('Content-Security-Policy', printableReportPolicy(rendered.body));
      res.send(rendered.body);
    } catch (error) {
      const errors = fieldErrors(error, res);
      if (!errors) return failure(req, res, error);
      page(req, res, 'secretariat-dashboard', { period: periodOf(req, res).period, config: undefined, figures: [], errors }, 400);
    }
  };
  router.get('/secretariat/report', signedIn, (req, res) => report(req, res, 'html'));
  router.get('/secretariat/report.csv', signedIn, (req, res) => report(req, res, 'csv'));
}

