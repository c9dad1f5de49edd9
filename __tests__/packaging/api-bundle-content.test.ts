/**
 * The API bundle carries the API's contracts (lib/contracts/) and not the
 * IaC config schema: the API reads its environment with the same field
 * schemas as the config, but the whole config schema (regions, identity,
 * edge, imports, ...) has no business in a function package.
 */
import { bundle } from '../../packaging/bundle';

// Each marker is a text of config/schema.ts that the API bundle held while lambdas/api/settings.ts imported it.
describe('the API bundle', () => {
  const text = Buffer.from(bundle({ entry: 'lambdas/api/handler.ts' }).code).toString('utf8');

  it.each([
    ['the function-URL region check', 'Lambda function URLs are offered'],
    ['the identity section', 'hosted UI domain'],
    ['the edge geo restriction', 'an ISO 3166-1 alpha-2 country code'],
    ['the tags', 'a tag key of 1-128 letters'],
  ])('does not contain the config schema (%s)', (_what, marker) => {
    expect(text).not.toContain(marker);
  });

  it('contains the contracts it reads its environment with (route map, CORS)', () => {
    expect(text).toContain('HEAD is authorized as GET: write a GET rule');
    expect(text).toContain('explicit origins when allowCredentials is true');
    expect(text).toContain('SFU_API_ROUTES');
  });
});
