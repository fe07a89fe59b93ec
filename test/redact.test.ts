// Credentials written into a command line are masked before the command is shown or stored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactCommand } from '../src/core/redact';

const SECRET = 'hunter2SECRETvalue';

describe('redactCommand', () => {
  const cases = [
    `psql postgres://app:${SECRET}@db.prod.acme.com/app -c 'DROP TABLE users'`,
    `curl -H "Authorization: Bearer ${SECRET}" https://api.example.com`,
    `curl -H 'X-Api-Key: ${SECRET}' https://api.example.com`,
    `PGPASSWORD=${SECRET} psql -h db -c 'TRUNCATE t'`,
    `RAILWAY_TOKEN=${SECRET} railway volume delete --volume v`,
    `curl "https://api.example.com/items?access_token=${SECRET}&x=1"`,
    `mysql -uroot -p${SECRET} -h prod-db -e 'DROP DATABASE app'`,
    `kubectl --token=${SECRET} delete ns prod`,
    `railway up --password ${SECRET}`,
    `echo ghp_${SECRET}abcdefghij`,
  ];
  for (const command of cases) {
    test(command.slice(0, 60), () => {
      const shown = redactCommand(command);
      assert.ok(!shown.includes(SECRET), shown);
      assert.ok(shown.includes('…'), shown);
    });
  }

  test('ordinary commands are left as written', () => {
    for (const command of ['git push -f origin main', 'rm -rf src', 'NODE_ENV=production npm run build', 'psql -h localhost -p 5432 -c "SELECT 1"']) {
      assert.equal(redactCommand(command), command);
    }
  });
});
