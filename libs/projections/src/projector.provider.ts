import type { FactoryProvider, InjectionToken, OptionalFactoryDependency } from '@nestjs/common';
import { ProjectorRunner, type ProjectorRunnerOptions } from './projector-runner';

export interface ProjectorProviderOptions {
  provide: InjectionToken;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory(...deps: any[]): ProjectorRunnerOptions | Promise<ProjectorRunnerOptions>;
  /** Start on module init (default true); the runner stops itself on module destroy. */
  autoStart?: boolean;
}

/** Nest wiring for a runner; the runner itself is plain TypeScript and needs none of this. */
export function projectorProvider(options: ProjectorProviderOptions): FactoryProvider<ProjectorRunner> {
  return {
    provide: options.provide,
    inject: options.inject ?? [],
    useFactory: async (...deps: unknown[]) => {
      const runner = new ProjectorRunner(await options.useFactory(...deps));
      if (options.autoStart ?? true) await runner.start();
      return runner;
    },
  };
}
