import { printDeliveries } from './analytics/delivery-printer.js';
import { startSampleApp, type AdapterName } from './bootstrap.js';

// `npm start`: the sample shop on PORT (default 3000), on Express, or Fastify with SAMPLE_ADAPTER=fastify.
const adapter: AdapterName = process.env.SAMPLE_ADAPTER === 'fastify' ? 'fastify' : 'express';

startSampleApp({ adapter, port: Number(process.env.PORT ?? 3000) }).then(
  (sample) => {
    printDeliveries(sample.app, sample.collector, (line) => console.log(line));
    // Ctrl+C / SIGTERM: close the app (its shutdown hook flushes every Segment client), then the
    // embedded collector. An app without one would call app.enableShutdownHooks() instead.
    const stop = (signal: NodeJS.Signals) => {
      console.log(`${signal}: closing the app and flushing Segment.`);
      void sample.close();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    console.log(`Sample shop listening on ${sample.url} (${adapter}). Try:`);
    console.log(`  curl -s -X POST ${sample.url}/signup -H 'content-type: application/json' -d '{"email":"ada@example.com","newsletter":true}'`);
    console.log(`  GET ${sample.url}/ lists every endpoint. Ctrl+C stops the app (and flushes Segment).`);
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
