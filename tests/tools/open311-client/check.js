// Drives Code for America's Open311 client (npm "open311", the node-open311 library) against a Mekong server, as a
// third-party application would: discovery → service list → a service definition → a request posted with an API key
// and its attributes → the token or id → the request by id, by a list of ids and by filters. The client speaks JSON
// here; its XML parsers (a git-only package and a native module, neither installable offline) are left out by
// package.json's overrides, and the XML format is checked by Mekong's own tests (tests/Mekong.IntegrationTests).
// Usage: node check.js DISCOVERY_URL API_KEY JURISDICTION LAT LONG. Prints one JSON document of what the client got.
'use strict';
const Open311 = require('open311');

const [discovery, apiKey, jurisdiction, lat, long] = process.argv.slice(2);
if (!discovery || !apiKey || !jurisdiction || !lat || !long) {
  console.error('usage: node check.js DISCOVERY_URL API_KEY JURISDICTION LAT LONG');
  process.exit(2);
}

const call = (fn, ...args) => new Promise((resolve, reject) => {
  fn(...args, (err, data) => (err ? reject(new Error(typeof data === 'string' ? data : JSON.stringify(data || err))) : resolve(data)));
});

// A value the definition's datatype accepts (the client sends what it is given; choosing is the application's part).
function valueFor(attribute) {
  switch (attribute.datatype) {
    case 'number': return '3';
    case 'datetime': return new Date().toISOString();
    case 'singlevaluelist': return attribute.values[0].key;
    case 'multivaluelist': return attribute.values[0].key;
    case 'text': return 'Gặp từ sáng nay.';
    default: return 'Có';
  }
}

(async () => {
  const client = new Open311({ discovery, jurisdiction });
  const found = await call(client.serviceDiscovery.bind(client), { cache: true });
  const services = await call(client.serviceList.bind(client));
  const withDefinition = services.filter((s) => s.metadata === true || s.metadata === 'true');
  let definition = null;
  for (const service of withDefinition) {
    const d = await call(client.serviceDefinition.bind(client), service.service_code);
    if (d.attributes.some((a) => a.variable && a.required)) { definition = d; break; }
  }
  if (!definition) throw new Error('no service with a required attribute');

  const attributes = {};
  for (const a of definition.attributes.filter((x) => x.variable)) attributes[a.code] = valueFor(a);
  client.apiKey = apiKey;
  const description = 'Báo cáo từ ứng dụng bên thứ ba (node-open311 ' + Date.now() + ')';
  const posted = await call(client.submitRequest.bind(client), {
    service_code: definition.service_code, lat, long, description, attributes,
  });

  let id = posted[0].service_request_id || null;
  let token = null;
  if (!id) {
    token = posted[0].token;
    const answered = await call(client.token.bind(client), token);
    id = answered[0].service_request_id || null;
  }

  const byId = await call(client.serviceRequest.bind(client), id);
  const byIds = await call(client.serviceRequests.bind(client), [id], {});
  const byFilter = await call(client.serviceRequests.bind(client), { service_code: definition.service_code, status: 'open' });

  // Mistakes a client makes: the server's answer reaches the application through the client's error callback.
  const refused = async (data) => {
    try { await call(client.submitRequest.bind(client), data); return null; } catch (e) { return e.message; }
  };
  const missingAttribute = await refused({ service_code: definition.service_code, lat, long, description });
  client.apiKey = 'mk_not_a_key_of_this_server';
  const wrongKey = await refused({ service_code: definition.service_code, lat, long, description, attributes });

  process.stdout.write(JSON.stringify({
    endpoint: client.endpoint,
    format: client.format,
    discovery: found,
    services: services.map((s) => s.service_code),
    definition: definition.service_code,
    attributes,
    description,
    posted,
    token,
    id,
    byId,
    byIds: byIds.map((r) => r.service_request_id),
    byFilter: byFilter.map((r) => r.service_request_id),
    missingAttribute,
    wrongKey,
  }));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
