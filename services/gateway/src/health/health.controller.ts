import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatusDoc } from '../docs/schemas';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { CertificationSubjects, pingSubject, ProjectionStatusView, SERVICES, ServiceName } from '@banat/contracts';
import { PingReply } from '@banat/messaging';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { BUS, RpcClient } from '../rpc/rpc-client.service';
import { NotReady, OPERATORS, ReadinessLog, shownReadiness } from './readiness-view';

const PING_TIMEOUT_MS = 1500;
/**
 * Who the probe asks the projections' status as, whoever asked /ready: the certification service answers it to the
 * secretariat and auditors only, and the probe must see a halted projection for anyone (shown to them by name only).
 */
const READINESS_PROBE = { actor: 'gateway:readiness', role: 'auditor' } as const;

@ApiTags('health')
@Controller()
export class HealthController {
  /** Not ready while starting: a debug line; readiness lost after: a warning (ReadinessLog). */
  private readonly log = new ReadinessLog(new Logger('readiness'));

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly rpc: RpcClient,
    @Inject(BUS) private readonly bus: ClientProxy,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the gateway process answers' })
  @ApiOkResponse({ type: StatusDoc })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: NATS reachable, every service answers a ping with its database state, no certification projection halted on a poison event (503 otherwise, naming who is not). ' +
      'Anyone sees each component by name with its state; the secretariat and auditors (with their token) also see process ids, raw errors and a halted projection\'s position, stream, event and error',
  })
  async ready(@CurrentUser() caller?: Principal): Promise<HealthCheckResult> {
    const operator = caller !== undefined && OPERATORS.includes(caller.role);
    let report: HealthCheckResult;
    try {
      report = await this.health.check([() => this.natsCheck(), ...SERVICES.map((service) => () => this.serviceCheck(service)), () => this.projectionsCheck()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // The log names the whole report, whoever asked.
      const full = error.getResponse() as HealthCheckResult;
      this.log.notReady(full);
      throw new NotReady(operator ? full : shownReadiness(full));
    }
    this.log.ready();
    return operator ? report : shownReadiness(report);
  }

  /** `message` is always this gateway's own words (shown to anyone); `error` the client's raw text (operators only). */
  private async natsCheck() {
    const check = this.indicators.check('nats');
    try {
      await this.bus.connect();
      return check.up();
    } catch (error) {
      return check.down({ message: 'not reachable', error: (error as Error).message });
    }
  }

  /** A projection halted on a poison event stays behind until someone acts: named with its position and error (operators only). */
  private async projectionsCheck() {
    const check = this.indicators.check('certification-projections');
    let statuses: ProjectionStatusView[];
    try {
      // Without the lag: counting it reads the history's tail, too slow for a probe while a read model rebuilds.
      statuses = await this.rpc.send<ProjectionStatusView[]>(CertificationSubjects.projections, { lag: false }, { timeoutMs: PING_TIMEOUT_MS, as: READINESS_PROBE });
    } catch (error) {
      return check.down({ message: 'no projection status', error: (error as Error).message });
    }
    const failed = statuses.filter((s) => s.state === 'failed');
    if (failed.length === 0) return check.up({ projections: statuses.length });
    return check.down({
      failed: failed.map(({ projection, checkpoint, failure }) => ({ projection, checkpoint, ...failure })),
    });
  }

  private async serviceCheck(service: ServiceName) {
    const check = this.indicators.check(service);
    try {
      const reply = await this.rpc.send<PingReply>(pingSubject(service), {}, { timeoutMs: PING_TIMEOUT_MS });
      return reply.status === 'ok' ? check.up({ database: reply.database, pid: reply.pid }) : check.down({ database: reply.database, pid: reply.pid });
    } catch {
      return check.down({ message: `no answer within ${PING_TIMEOUT_MS} ms` });
    }
  }
}
