/**
 * The policy statement of a role that uses a customer-managed KMS key
 * (`existing.kmsKeyArn`) through given services only (kms:ViaService):
 * encrypt (GenerateDataKey) and decrypt, on that key.
 */
import type { PolicyStatement } from './policy-document';

export function customerKeyStatement(sid: string, keyArn: string, services: readonly string[], region: string): PolicyStatement {
  return {
    sid,
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [keyArn],
    conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: services.map((s) => `${s}.${region}.amazonaws.com`) }],
  };
}
