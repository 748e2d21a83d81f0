/**
 * Who counts as admin: only a request whose Authorization header carries the configured token as a Bearer
 * credential, and nobody at all on a server with no token.
 */
import { loadConfig } from '../config';
import type { GraphStore } from '../graph/port';
import { createContext } from './context';
import { isAdminRequest } from './context';

// isAdmin is decided from the header alone; the store is never asked.
const store = {} as GraphStore;
const withToken = loadConfig({ KG_ADMIN_TOKEN: 's3cret' });
const withoutToken = loadConfig({});

describe('isAdmin', () => {
  test.each([
    'Bearer s3cret',
    'bearer s3cret',
    'BEARER s3cret',
    'Bearer   s3cret',
    'Bearer s3cret  ',
    'Bearer\ts3cret',
  ])('%j is the admin when the token is s3cret', (authorization) => {
    expect(createContext(store, withToken, authorization).isAdmin).toBe(true);
  });

  test.each([
    undefined,
    '',
    's3cret',
    'Bearer',
    'Bearer ',
    'Bearer s3cre',
    'Bearer s3cret2',
    'Bearer S3CRET',
    'Bearer s3cret extra',
    'Bearers3cret',
    'xBearer s3cret',
    'Basic s3cret',
    'Token Bearer s3cret',
    'Bearer s3cret\nmore',
  ])('%j is not the admin when the token is s3cret', (authorization) => {
    expect(createContext(store, withToken, authorization).isAdmin).toBe(false);
  });

  test.each([undefined, '', 'Bearer', 'Bearer ', 'Bearer undefined', 'Bearer null', 'Bearer s3cret'])(
    '%j is not the admin on a server with no token',
    (authorization) => {
      expect(withoutToken.adminToken).toBeUndefined();
      expect(createContext(store, withoutToken, authorization).isAdmin).toBe(false);
    },
  );
});

describe('isAdminRequest', () => {
  it('is never true on a server without a token, whatever is sent', () => {
    for (const sent of [undefined, '', 'Bearer ', 'Bearer undefined', 'Bearer null', 'Bearer  ']) expect(isAdminRequest(undefined, sent)).toBe(false);
    expect(isAdminRequest('', 'Bearer ')).toBe(false);
  });

  it('is true only for the exact token after Bearer', () => {
    expect(isAdminRequest('s3cret', 'Bearer s3cret')).toBe(true);
    expect(isAdminRequest('s3cret', 'bearer   s3cret ')).toBe(true);
    for (const sent of ['Bearer s3cre', 'Bearer s3cret2', 's3cret', 'Basic s3cret', 'Bearer S3CRET', undefined]) expect(isAdminRequest('s3cret', sent)).toBe(false);
  });

  it('accepts either of the admin token and the local credential, and nothing when both are unset', () => {
    const tokens = ['admin-token', 'local-credential'];
    expect(isAdminRequest(tokens, 'Bearer admin-token')).toBe(true);
    expect(isAdminRequest(tokens, 'Bearer local-credential')).toBe(true);
    for (const sent of ['Bearer admin-token local-credential', 'Bearer local-credentia', 'Bearer ', undefined]) expect(isAdminRequest(tokens, sent)).toBe(false);
    expect(isAdminRequest([undefined, 'local-credential'], 'Bearer local-credential')).toBe(true);
    expect(isAdminRequest([undefined, ''], 'Bearer ')).toBe(false);
    expect(isAdminRequest([], 'Bearer x')).toBe(false);
  });
});
