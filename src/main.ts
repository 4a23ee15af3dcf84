import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`notice-relay: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  if (config.mode === 'worker') {
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      bufferLogs: true,
    });
    ctx.useLogger(ctx.get(Logger));
    ctx.enableShutdownHooks();
    ctx.get(Logger).log('worker started');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(config.http.port, config.http.host);
  app.get(Logger).log(`listening on ${config.http.host}:${config.http.port} (mode ${config.mode})`);
}

void bootstrap();
