/**
 * Values of Terraform set attributes (CORS lists, callback URLs, aliases,
 * OAuth scopes). The provider compares sets regardless of order, so order
 * never shows in a plan; but the synthesized JSON would follow the order of
 * the config's list. Sorted (and de-duplicated, as a set is), reordering a
 * config list leaves `cdk.tf.json` byte-identical: no change for Atlantis
 * to autoplan, no diff for a reviewer to read.
 */
export function setValues(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
