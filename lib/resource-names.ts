/**
 * Physical names of the resources, in one place: the stacks create them with
 * these names, the API trusts the edge role by its name, and the local chain
 * and the bench reproduce them. A name is part of the contract between stacks
 * that must not depend on each other (the backend trusts the edge role, which
 * the edge stack creates later): both derive it from the environment here.
 */

/** CloudFront, its WAF web ACL and Lambda@Edge live only in us-east-1. */
export const EDGE_REGION = 'us-east-1';

export interface ResourceNames {
  readonly userPool: string;
  readonly spaClient: string;
  readonly machineClient: string;
  /** The web app's client, made by the edge stack after the distribution (`edge.webApp`). */
  readonly webClient: string;
  /** The web app's deep-link CloudFront Function (unique per account). */
  readonly spaFallbackFunction: string;
  readonly booksTable: string;
  readonly messagesTopic: string;
  readonly messagesDeadLetterQueue: string;
  readonly workerDeadLetterQueue: string;
  readonly apiFunction: string;
  readonly workerFunction: string;
  /** Secrets Manager name of the API's runtime secret. */
  readonly apiSecret: string;
  /** Secrets Manager name of the claims MAC key (oac mode). */
  readonly claimsKeySecret: string;
  /** The Lambda@Edge function. */
  readonly edgeFunction: string;
  /** The Lambda@Edge function's role (the signer in edge-sigv4 mode). */
  readonly edgeRole: string;
  /** Prefix of the WAF web ACL, its IP sets and its log group. */
  readonly wafNamePrefix: string;
  readonly apiLogGroup: string;
  readonly workerLogGroup: string;
  /** The edge function's log group in us-east-1 (replicas log to the same name in their region). */
  readonly edgeLogGroup: string;
  /** WAF requires log group names that start with `aws-waf-logs-`. */
  readonly wafLogGroup: string;
}

export function resourceNames(environment: string): ResourceNames {
  const edgeFunction = `${environment}-edge-auth`;
  return {
    userPool: `${environment}-users`,
    spaClient: `${environment}-spa`,
    machineClient: `${environment}-machine`,
    webClient: `${environment}-web`,
    spaFallbackFunction: `${environment}-spa-fallback`,
    booksTable: `${environment}-books`,
    messagesTopic: `${environment}-messages`,
    messagesDeadLetterQueue: `${environment}-messages-dlq`,
    workerDeadLetterQueue: `${environment}-worker-dlq`,
    apiFunction: `${environment}-api`,
    workerFunction: `${environment}-worker`,
    apiSecret: `${environment}/secure-function-url/api`,
    claimsKeySecret: `${environment}/secure-function-url/claims-key`,
    edgeFunction,
    // The role is named after its function (constructs/edge-function.ts).
    edgeRole: edgeFunction,
    wafNamePrefix: `${environment}-edge`,
    apiLogGroup: `/aws/lambda/${environment}-api`,
    workerLogGroup: `/aws/lambda/${environment}-worker`,
    edgeLogGroup: `/aws/lambda/${EDGE_REGION}.${edgeFunction}`,
    wafLogGroup: `aws-waf-logs-${environment}-edge`,
  };
}
