/**
 * The second process of `npm run bench`: drives concurrent entity lookups at the GraphQL API with autocannon
 * and prints its result as one JSON line. Each request asks for another entity, taken in turn from a list.
 * Usage: tsx bench/entity-load-client.ts <url> <ids.json> <connections> <seconds>
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

const [url, idsFile, connections, seconds] = process.argv.slice(2);
const ids = JSON.parse(fs.readFileSync(idsFile!, 'utf8')) as string[];
const query = 'query ($id: ID!) { entity(id: $id) { id kind name aliases description properties } }';
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
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ query, variables: { id: ids[next++ % ids.length] } }) }),
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
        errors: result.errors,
        non2xx: result.non2xx,
        latencyP50: result.latency.p50,
        latencyP99: result.latency.p99,
        connections: result.connections,
        seconds: result.duration,
      })}\n`,
    );
  },
);
process.on('SIGTERM', () => instance.stop());
