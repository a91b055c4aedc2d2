import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { exitWithSupervisor, loadConfig } from '@banat/messaging';
import { createGateway } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`gateway: ${(error as Error).message}\n`);
    process.exit(78);
  }
  const app = await createGateway(config);
  exitWithSupervisor(app);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`gateway listening on http://${config.HOST}:${config.PORT} (API /api/v1, docs /api/v1/docs)`);
}
void main();
