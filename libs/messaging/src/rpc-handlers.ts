import type { INestMicroservice, PipeTransform } from '@nestjs/common';
import type { ContextId } from '@nestjs/core';
import { STATIC_CONTEXT } from '@nestjs/core/injector/constants';
import { ParamsTokenFactory } from '@nestjs/core/pipes/params-token-factory';
import { RpcContextCreator } from '@nestjs/microservices/context/rpc-context-creator';
import { DEFAULT_CALLBACK_METADATA } from '@nestjs/microservices/context/rpc-metadata-constants';
import type { RpcProxy } from '@nestjs/microservices/context/rpc-proxy';
import type { RpcExceptionsHandler } from '@nestjs/microservices/exceptions/rpc-exceptions-handler';
import { isObservable, type Observable } from 'rxjs';
import { catchError } from 'rxjs/operators';

type Controller = Parameters<RpcContextCreator['create']>[0];
type Callback = Parameters<RpcContextCreator['create']>[1];

/** RpcContextCreator's private parts this one builds on (the same objects Nest made for it). */
interface Parts {
  rpcProxy: RpcProxy;
  exceptionFiltersContext: { create(instance: Controller, callback: Callback, module: string, contextId?: ContextId, inquirerId?: string): RpcExceptionsHandler };
  pipesContextCreator: { create(instance: Controller, callback: Callback, module: string, contextId?: ContextId, inquirerId?: string): PipeTransform[] };
  guardsContextCreator: { create(instance: Controller, callback: Callback, module: string, contextId?: ContextId, inquirerId?: string): unknown[] };
  interceptorsContextCreator: { create(instance: Controller, callback: Callback, module: string, contextId?: ContextId, inquirerId?: string): unknown[] };
  contextUtils: { mergeParamsMetatypes<T extends { index: number }>(params: T[], paramtypes: unknown[] | undefined): (T & { metatype?: unknown })[] };
}

/** One parameter of a handler: where its value comes from, the pipes it goes through, and what they are told of it. */
interface Param {
  index: number;
  extractValue: (...args: unknown[]) => unknown;
  pipes: PipeTransform[];
  metadata: { metatype: unknown; type: string; data: unknown };
}

const tokens = new ParamsTokenFactory();
const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Nest's RpcContextCreator for handlers without guards or interceptors (every handler of the services: a global
 * validation pipe and exception filter only), with the same steps in the same order — the pipes of each parameter in
 * turn, the handler, its answer or its failure through the exception filters — without a promise per step: Nest's makes
 * ~20 per request (an async function for the proxy, the guards, the interceptors, the handler, the pipes, each
 * parameter, each pipe and its reduce), and each one costs under the request context's async hooks. A pipe answering
 * at once (the validation pipe's fast path) is not waited for; one answering with a promise is. Handlers with guards
 * or interceptors are left to Nest's.
 */
export class LeanRpcContextCreator extends RpcContextCreator {
  override create(
    instance: Controller,
    callback: Callback,
    moduleKey: string,
    methodName: string,
    contextId: ContextId = STATIC_CONTEXT,
    inquirerId?: string,
    defaultCallMetadata: Record<string, unknown> = DEFAULT_CALLBACK_METADATA,
  ): (...args: unknown[]) => Promise<Observable<unknown>> {
    const parts = this as unknown as Parts;
    const guards = parts.guardsContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
    const interceptors = parts.interceptorsContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
    if (guards.length > 0 || interceptors.length > 0) return super.create(instance, callback, moduleKey, methodName, contextId, inquirerId, defaultCallMetadata);

    const { argsLength, paramtypes, getParamsMetadata } = this.getMetadata(instance, methodName, defaultCallMetadata, 'rpc');
    const exceptionHandler = parts.exceptionFiltersContext.create(instance, callback, moduleKey, contextId, inquirerId);
    const pipes = parts.pipesContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
    const paramsMetadata = getParamsMetadata(moduleKey) as unknown as { index: number; extractValue: Param['extractValue']; type: unknown; data: unknown; pipes: PipeTransform[] }[] | undefined;
    const params: Param[] = (paramsMetadata ? parts.contextUtils.mergeParamsMetatypes(paramsMetadata, paramtypes) : []).map((param) => ({
      index: param.index,
      extractValue: param.extractValue,
      pipes: pipes.concat(param.pipes),
      metadata: { metatype: param.metatype, type: tokens.exchangeEnumForString(param.type as never), data: param.data },
    }));
    const proxy = parts.rpcProxy;
    const failed = (args: unknown[], error: unknown) => proxy.handleError(exceptionHandler, args, error);

    return async (...args: unknown[]) => {
      try {
        let answer: unknown;
        if (params.length > 0) {
          const callArgs = new Array<unknown>(argsLength).fill(undefined);
          const piping = applyPipes(params, callArgs, args);
          if (piping) await piping;
          answer = callback.apply(instance, callArgs);
        } else {
          answer = callback.apply(instance, args);
        }
        if (isThenable(answer)) answer = await answer;
        return isObservable(answer) ? answer.pipe(catchError((error: unknown) => failed(args, error))) : (answer as Observable<unknown>);
      } catch (error) {
        return failed(args, error);
      }
    };
  }
}

/** Each parameter's value through its pipes, into `callArgs`; a promise only once a pipe answers with one. */
function applyPipes(params: readonly Param[], callArgs: unknown[], args: unknown[]): Promise<void> | undefined {
  for (let p = 0; p < params.length; p++) {
    const param = params[p]!;
    let value = param.extractValue(...args);
    for (let i = 0; i < param.pipes.length; i++) {
      value = param.pipes[i]!.transform(value, param.metadata as never);
      if (isThenable(value)) return applyPipesFrom(params, callArgs, args, p, i + 1, value);
    }
    callArgs[param.index] = value;
  }
  return undefined;
}

/** The rest of `applyPipes` once a pipe (parameter `p`, before pipe `next`) answered `pending`. */
async function applyPipesFrom(params: readonly Param[], callArgs: unknown[], args: unknown[], p: number, next: number, pending: PromiseLike<unknown>): Promise<void> {
  let value = await pending;
  for (; p < params.length; p++, next = 0) {
    const param = params[p]!;
    if (next === 0) value = param.extractValue(...args);
    for (let i = next; i < param.pipes.length; i++) value = await param.pipes[i]!.transform(value, param.metadata as never);
    callArgs[param.index] = value;
  }
}

/**
 * Makes a microservice build its message handlers with LeanRpcContextCreator: before `listen()` (or `init()`), which
 * builds them. Nest offers no option for it: its MicroservicesModule makes the context creator it hands its listeners.
 */
export function useLeanRpcHandlers(app: INestMicroservice): void {
  const listeners = (app as unknown as { microservicesModule?: { listenersController?: { contextCreator?: RpcContextCreator } } }).microservicesModule?.listenersController;
  const nests = listeners?.contextCreator;
  if (!listeners || !(nests instanceof RpcContextCreator)) throw new Error('@nestjs/microservices changed: its RPC context creator is not where useLeanRpcHandlers looks for it');
  const parts = nests as unknown as Parts & { pipesConsumer: unknown; guardsConsumer: unknown; interceptorsConsumer: unknown };
  listeners.contextCreator = new LeanRpcContextCreator(
    parts.rpcProxy,
    parts.exceptionFiltersContext as never,
    parts.pipesContextCreator as never,
    parts.pipesConsumer as never,
    parts.guardsContextCreator as never,
    parts.guardsConsumer as never,
    parts.interceptorsContextCreator as never,
    parts.interceptorsConsumer as never,
  );
}
