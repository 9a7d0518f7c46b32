// Uses the client openapi-generator's typescript-fetch makes from /openapi.json, as an integrator would:
// creates three clients and filters them through the generated where/select models. Run by
// clients/check-openapi-generators.sh against a live server (CLEARMARGIN_BASE_URL, CLEARMARGIN_API_KEY).
import { ClientsApi, Configuration } from './src/index';

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  console.log(`ok: ${what}`);
}

async function main(): Promise<void> {
  const clients = new ClientsApi(new Configuration({
    basePath: process.env.CLEARMARGIN_BASE_URL,
    accessToken: process.env.CLEARMARGIN_API_KEY,
  }));
  const run = `gen-ts-${Date.now()}`;
  for (const [name, status, city] of [['Alpha', 'active', 'Zurich'], ['Beta', 'inactive', 'Berlin'], ['Gamma', 'active', 'Berlin']]) {
    await clients.createClient({ clientCreate: { name: `${run} ${name}`, status: status as 'active', address: { city } } });
  }
  const berlinActive = await clients.listClients({
    where: { name: { like: run }, status: { notEquals: 'inactive' }, address: { city: { equals: 'Berlin' } } },
    sort: 'name',
  });
  expectEqual(berlinActive.docs.map(c => c.name), [`${run} Gamma`], 'where with like, notEquals and a nested object');
  expectEqual((await clients.countClients({ where: { name: { like: run } } })).totalDocs, 3, 'count with where');
  const named = await clients.listClients({ where: { name: { like: run } }, select: { name: true }, sort: '-name', count: 'none' });
  expectEqual(named.docs.map(c => c.name), [`${run} Gamma`, `${run} Beta`, `${run} Alpha`], 'select and sort');
  expectEqual(named.docs.map(c => c.status), [undefined, undefined, undefined], 'select leaves other fields out');
  expectEqual(named.totalDocs, null, 'count=none leaves totalDocs null');
}

main().catch(e => { console.error(e); process.exit(1); });
