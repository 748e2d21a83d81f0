/**
 * The second process of `npm run bench`: drives concurrent GraphQL requests at the API with autocannon and prints
 * its result as one JSON line. Each request sends the next body of a list, in turn (one kind of request or a mix).
 * Usage: tsx bench/entity-load-client.ts <url> <bodies.json> <connections> <seconds>
 * where bodies.json is a list of { query, variables } objects.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

const [url, bodiesFile, connections, seconds] = process.argv.slice(2);
const bodies = (JSON.parse(fs.readFileSync(bodiesFile!, 'utf8')) as unknown[]).map((b) => JSON.stringify(b));
let next = 0;

const instance = autocannon(
  {
    url: url!,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(
      `${JSON.stringify({
        requestsPerSecond: result.requests.average,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        latencyP50: result.latency.p50,
        latencyP90: result.latency.p90,
        latencyP975: result.latency.p97_5,
        latencyP99: result.latency.p99,
        connections: result.connections,
        seconds: result.duration,
      })}\n`,
    );
  },
);
process.on('SIGTERM', () => instance.stop());
