/**
 * Switching edge.signingMode changes only what the mode should change: a
 * structural diff of the two synthesized edge stacks (and the other stacks,
 * which must not change at all).
 */
import { synthApp, testConfig, type SynthedApp } from './synth-helpers';

/** Flattens JSON to `path -> scalar`, skipping cdktf's "//" metadata. */
function flatten(value: unknown, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(value)
          .filter(([k]) => k !== '//')
          .map(([k, v]) => [`.${k}`, v] as const);
    if (entries.length === 0) out.set(at, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) flatten(v, `${at}${k}`, out);
  } else {
    out.set(at, value);
  }
  return out;
}

/** The paths that differ, each cut to the element (resource) when the whole element is only on one side. */
function differences(a: unknown, b: unknown): string[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const elements = (f: Map<string, unknown>) => new Set([...f.keys()].map((k) => k.split('.').slice(0, 4).join('.')));
  const ea = elements(fa);
  const eb = elements(fb);
  const diffs = new Set<string>();
  for (const key of new Set([...fa.keys(), ...fb.keys()])) {
    if (fa.get(key) === fb.get(key) && fa.has(key) === fb.has(key)) continue;
    const element = key.split('.').slice(0, 4).join('.');
    diffs.add(ea.has(element) && eb.has(element) ? key : `${element} (${ea.has(element) ? 'edge-sigv4' : 'oac'} only)`);
  }
  return [...diffs].sort();
}

describe('signing modes', () => {
  let sigv4: SynthedApp;
  let oac: SynthedApp;
  beforeAll(() => {
    sigv4 = synthApp(testConfig('dev'));
    oac = synthApp(testConfig('dev', (c) => (c.edge.signingMode = 'oac')));
  });

  it('change nothing in the state and identity stacks, and only how the API recognises the edge in the backend', () => {
    expect(differences(sigv4.state, oac.state)).toEqual([]);
    expect(differences(sigv4.identity, oac.identity)).toEqual([]);
    expect(differences(sigv4.backend, oac.backend)).toEqual(
      [
        // edge-sigv4: the edge role's ARN is built in this account and partition.
        '.data.aws_caller_identity.account (edge-sigv4 only)',
        '.data.aws_partition.partition (edge-sigv4 only)',
        // oac: the API may read the claims MAC key's secret...
        '.data.aws_iam_policy_document.api_role_policy.statement[5].actions[0]',
        '.data.aws_iam_policy_document.api_role_policy.statement[5].effect',
        '.data.aws_iam_policy_document.api_role_policy.statement[5].resources[0]',
        '.data.aws_iam_policy_document.api_role_policy.statement[5].sid',
        // ...made here and handed to the edge stack as a sensitive output.
        '.output.claims_mac_key.description (oac only)',
        '.output.claims_mac_key.sensitive (oac only)',
        '.output.claims_mac_key.value (oac only)',
        '.resource.aws_secretsmanager_secret.claims_key_secret (oac only)',
        '.resource.aws_secretsmanager_secret_version.claims_key_current (oac only)',
        '.resource.terraform_data.claims_key_key (oac only)',
        // The API's trust variables: the edge role (edge-sigv4) or the key's secret (oac).
        '.resource.aws_lambda_function.api_function.environment.variables.SFU_CLAIMS_KEY_SECRET_ARN',
        '.resource.aws_lambda_function.api_function.environment.variables.SFU_EDGE_ROLE_ARN',
        '.resource.aws_lambda_function.api_function.environment.variables.SFU_SIGNING_MODE',
      ].sort(),
    );
  });

  it('change only the mode-specific resources and attributes of the edge stack', () => {
    expect(differences(sigv4.edge, oac.edge)).toEqual(
      [
        // edge-sigv4: the edge role may invoke the function URL (both permissions).
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].actions[0]',
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].condition[0].test',
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].condition[0].values[0]',
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].condition[0].variable',
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].effect',
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].resources[0]',
        '.data.aws_iam_policy_document.edge_role_policy.statement[1].sid',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].actions[0]',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].condition[0].test',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].condition[0].values[0]',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].condition[0].variable',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].effect',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].resources[0]',
        '.data.aws_iam_policy_document.edge_role_policy.statement[2].sid',
        // The baked config says which mode the edge function runs in, and holds the claims MAC key in oac mode.
        '.locals.edge_package_config.claimsKey',
        '.locals.edge_package_config.mode',
        // oac: CloudFront signs through an origin access control on the function URL origin...
        '.resource.aws_cloudfront_distribution.distribution.origin[0].origin_access_control_id',
        '.resource.aws_cloudfront_origin_access_control.function_url_oac (oac only)',
        // ...and the function's resource policy lets this distribution invoke it.
        '.resource.aws_lambda_permission.function_url_permissions_invoke_function (oac only)',
        '.resource.aws_lambda_permission.function_url_permissions_invoke_function_url (oac only)',
      ].sort(),
    );
  });
});
