import { Controller, Get, Inject } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatusDoc } from '../docs/schemas';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { CertificationSubjects, pingSubject, ProjectionStatusView, SERVICES, ServiceName } from '@banat/contracts';
import { PingReply } from '@banat/messaging';
import { BUS, RpcClient } from '../rpc/rpc-client.service';

const PING_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller()
export class HealthController {
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
    summary: 'Readiness: NATS reachable, every service answers a ping with its database state, no certification projection halted on a poison event (503 otherwise, naming who is not)',
  })
  ready() {
    return this.health.check([() => this.natsCheck(), ...SERVICES.map((service) => () => this.serviceCheck(service)), () => this.projectionsCheck()]);
  }

  private async natsCheck() {
    const check = this.indicators.check('nats');
    try {
      await this.bus.connect();
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  /** A projection halted on a poison event stays behind until someone acts: named with its position and error. */
  private async projectionsCheck() {
    const check = this.indicators.check('certification-projections');
    let statuses: ProjectionStatusView[];
    try {
      // Without the lag: counting it reads the history's tail, too slow for a probe while a read model rebuilds.
      statuses = await this.rpc.send<ProjectionStatusView[]>(CertificationSubjects.projections, { lag: false }, { timeoutMs: PING_TIMEOUT_MS });
    } catch (error) {
      return check.down({ message: `no projection status: ${(error as Error).message}` });
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
