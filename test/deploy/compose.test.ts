// The Neo4j production path: docker-compose.yml, Dockerfile, README.md and .env.example must agree
// on ports, variables and the Neo4j version, and the compose file must parse with a real Compose
// implementation (Debian's `docker-compose` package needs no Docker engine for `config`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

const API_PORT = 4000;
const NEO4J_IMAGE_PATTERN = /^neo4j:(5\.\d+\.\d+)-community$/;

// Walk up to the folder holding package.json, so the test works from test/ and from dist/test/.
function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

const root = findRepoRoot(__dirname);
const composePath = path.join(root, 'docker-compose.yml');

function readRepoFile(name: string): string {
  const file = path.join(root, name);
  if (!existsSync(file)) throw new Error(`${name} is missing at the repository root`);
  return readFileSync(file, 'utf8');
}

type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number>;
  volumes?: string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: Record<string, { condition?: string }> | string[];
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const composeText = readRepoFile('docker-compose.yml');
const compose = YAML.parse(composeText) as Compose;
const neo4j = compose.services.neo4j;
const api = compose.services.api;

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

// Names interpolated as ${NAME...} or $NAME; `$$` is Compose's escape for a literal dollar.
function interpolatedVariables(text: string): string[] {
  const names = new Set<string>();
  const pattern = /\$(\$)|\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[2] ?? match[3];
    if (name) names.add(name);
  }
  return [...names].sort();
}

function healthcheckCommand(service: Service): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : test ?? '';
}

// Markdown sections whose heading mentions Neo4j, each up to the next heading of the same or higher level.
function neo4jSections(markdown: string): string {
  const lines = markdown.split('\n');
  const sections: string[] = [];
  lines.forEach((line, start) => {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (!heading || !/neo4j/i.test(heading[2])) return;
    const level = heading[1].length;
    let end = start + 1;
    while (end < lines.length) {
      const next = /^(#{1,6})\s/.exec(lines[end]);
      if (next && next[1].length <= level) break;
      end++;
    }
    sections.push(lines.slice(start, end).join('\n'));
  });
  return sections.join('\n');
}

function which(command: string): string | undefined {
  const found = spawnSync('which', [command], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

// Prefer Debian's docker-compose (what CI installs); accept the `docker compose` v2 plugin too.
function composeCommand(): string[] | undefined {
  if (which('docker-compose')) return ['docker-compose'];
  if (which('docker') && spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  return undefined;
}

describe('docker-compose.yml', () => {
  it('runs Neo4j Community 5 at a pinned tag, without APOC', () => {
    expect(neo4j).toBeDefined();
    expect(neo4j.image).toMatch(NEO4J_IMAGE_PATTERN);
    const env = environmentOf(neo4j);
    expect(`${env.NEO4J_PLUGINS ?? ''} ${env.NEO4JLABS_PLUGINS ?? ''}`).not.toMatch(/apoc/i);
  });

  it('gives Neo4j a healthcheck and a named volume for /data', () => {
    expect(healthcheckCommand(neo4j)).toMatch(/7474|cypher-shell/);
    const dataVolume = (neo4j.volumes ?? []).find((v) => v.split(':')[1] === '/data');
    expect(dataVolume).toBeDefined();
    const volumeName = dataVolume!.split(':')[0];
    expect(volumeName).not.toMatch(/^[./~]/); // a named volume, not a bind mount
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);
  });

  it('publishes Neo4j bolt and HTTP on localhost for `npm test` from the host', () => {
    const ports = (neo4j.ports ?? []).map(String);
    expect(ports).toContain('127.0.0.1:7687:7687');
    expect(ports).toContain('127.0.0.1:7474:7474');
  });

  it('builds the api from the Dockerfile, waits for a healthy Neo4j and serves on port 4000', () => {
    expect(api).toBeDefined();
    expect(api.build).toBeDefined();
    const dependsOn = api.depends_on as Record<string, { condition?: string }>;
    expect(dependsOn?.neo4j?.condition).toBe('service_healthy');
    expect((api.ports ?? []).map(String)).toContain(`${API_PORT}:${API_PORT}`);
    const env = environmentOf(api);
    expect(env.KG_HOST).toBe('0.0.0.0');
    expect(env.KG_PORT).toBe(String(API_PORT));
    expect(env.NEO4J_URI).toBe('bolt://neo4j:7687');
    const probe = healthcheckCommand(api);
    expect(probe).toMatch(/^CMD node /);
    expect(probe).toContain(`:${API_PORT}/healthz`);
  });

  it('takes every credential from the environment, never from a literal', () => {
    const required = /^\$\{NEO4J_PASSWORD:\?[^}]+\}$/;
    expect(environmentOf(neo4j).NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:\?[^}]+\}$/);
    expect(environmentOf(api).NEO4J_PASSWORD).toMatch(required);
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (/PASSWORD|SECRET|TOKEN/i.test(key)) {
          expect({ service: name, key, value }).toEqual({ service: name, key, value: expect.stringMatching(/^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/) });
          expect({ service: name, key, default: /:?-([^}]+)\}$/.exec(value)?.[1] }).toEqual({ service: name, key, default: undefined });
        }
      }
    }
  });

  it('gives .env.example a Neo4j password that compose and Neo4j 5 accept', () => {
    const envExample = readRepoFile('.env.example');
    const password = /^NEO4J_PASSWORD=(.*)$/m.exec(envExample)?.[1]?.trim() ?? '';
    expect(password.length).toBeGreaterThanOrEqual(8);
  });

  it('uses only variables that .env.example documents', () => {
    const envExample = readRepoFile('.env.example');
    // `NAME=value`, or `# NAME=value` for an optional setting shown commented out.
    const documented = new Set(
      [...envExample.matchAll(/^\s*#?\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]),
    );
    const used = interpolatedVariables(composeText);
    expect(used).toContain('NEO4J_PASSWORD');
    expect(used.filter((name) => !documented.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readRepoFile('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ') // join continuation lines
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const froms = instructions.filter((line) => /^FROM\s/i.test(line));
  const lastFrom = instructions.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  const runtime = instructions.slice(lastFrom);

  it('is a multi-stage build on a glibc Node 20 image', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms[0]).toMatch(/\sAS\s+\S+/i);
    expect(runtime.some((line) => /^COPY\s+--from=/i.test(line))).toBe(true);
    const baseImages = instructions.filter((line) => /^(FROM|ARG)\s/i.test(line)).join('\n');
    expect(baseImages).toMatch(/node:20-(bookworm|bullseye)/);
    expect(baseImages).not.toMatch(/alpine/i);
    expect(instructions.some((line) => /^RUN\s.*npm install(\s|$)(?!.*--omit)/.test(line))).toBe(true);
    expect(instructions.some((line) => /^RUN\s.*npm run build/.test(line))).toBe(true);
  });

  it('installs production dependencies only and runs as a non-root user', () => {
    expect(runtime.some((line) => /^RUN\s.*npm install\s+--omit=dev/.test(line))).toBe(true);
    const users = runtime.filter((line) => /^USER\s/i.test(line));
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^USER\s+(root|0)(:|\s|$)/i);
    for (const folder of ['dist', 'seed', 'cypher', 'graphql']) {
      expect(runtime.some((line) => new RegExp(`^COPY\\s.*\\b${folder}\\b`).test(line))).toBe(true);
    }
    expect(runtime.some((line) => /^CMD\s.*dist\/src\/cli\/main\.js.*serve/.test(line))).toBe(true);
  });

  it('exposes the same port as the compose file', () => {
    const exposed = runtime.filter((line) => /^EXPOSE\s/i.test(line)).flatMap((line) => line.split(/\s+/).slice(1));
    expect(exposed.map((p) => Number(p.split('/')[0]))).toEqual([API_PORT]);
    const published = (api.ports ?? []).map((p) => Number(String(p).split(':').pop()));
    expect(published).toEqual([API_PORT]);
  });
});

describe('README.md', () => {
  it('points the Neo4j path at the api port and the compose commands', () => {
    const readme = readRepoFile('README.md');
    const section = neo4jSections(readme);
    expect(section).not.toBe(''); // a heading mentioning Neo4j
    expect(section).toContain('docker compose up');
    expect(section).toContain(`http://localhost:${API_PORT}/graphql`);
    const graphqlPorts = [...readme.matchAll(/http:\/\/localhost:(\d+)\/graphql/g)].map((m) => Number(m[1]));
    expect(new Set(graphqlPorts)).toEqual(new Set([API_PORT]));
    expect(readme).toContain('docker compose up neo4j');
    expect(readme).toContain('NEO4J_URI=bolt://localhost:7687 npm test');
  });

  it('names every port the compose file publishes for Neo4j, as the URL a user opens', () => {
    const section = neo4jSections(readRepoFile('README.md'));
    const published = (neo4j.ports ?? []).map((p) => Number(String(p).split(':').pop()));
    expect(published.sort()).toEqual([7474, 7687]);
    expect(section).toContain('http://localhost:7474');
    expect(section).toContain('bolt://localhost:7687');
  });

  it('names the same Neo4j version as the compose file', () => {
    const readme = readRepoFile('README.md');
    const version = NEO4J_IMAGE_PATTERN.exec(neo4j.image ?? '')?.[1];
    expect(version).toBeDefined();
    expect(readme).toContain(version!);
  });
});

describe('compose file validation', () => {
  const command = composeCommand();

  // An explicit, empty env file keeps a developer's own .env out of the result.
  function config(env: NodeJS.ProcessEnv) {
    const dir = mkdtempSync(path.join(tmpdir(), 'kg-compose-'));
    const envFile = path.join(dir, 'empty.env');
    writeFileSync(envFile, '');
    try {
      const [bin, ...pre] = command!;
      return spawnSync(bin, [...pre, '--env-file', envFile, '-f', composePath, 'config', '-q'], {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  function environmentWithout(...names: string[]): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const name of names) delete env[name];
    return env;
  }

  it('parses with docker-compose when NEO4J_PASSWORD is set', () => {
    if (!command) {
      throw new Error(
        'docker-compose is not installed: install it to validate docker-compose.yml ' +
          '(Debian/Ubuntu: `sudo apt-get install -y docker-compose`; CI installs it).',
      );
    }
    const result = config({ ...environmentWithout('KG_SEED_ON_START', 'KG_ADMIN_TOKEN'), NEO4J_PASSWORD: 'compose-check-password' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  }, 60_000);

  it('refuses to start without NEO4J_PASSWORD and says what to set', () => {
    if (!command) {
      throw new Error('docker-compose is not installed: `sudo apt-get install -y docker-compose` (CI installs it).');
    }
    const result = config(environmentWithout('NEO4J_PASSWORD'));
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('set NEO4J_PASSWORD in .env');
  }, 60_000);
});
