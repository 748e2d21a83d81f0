import { isAdminRequest } from './context';

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
});
