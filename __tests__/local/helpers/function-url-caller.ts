/** A function URL host and one known direct caller, for tests of the function URL stand-in. */
export const REGION = 'eu-west-1';
export const URL_ID = 'abcdefghijklmnopqrstuvwxyz012345';
export const HOST = `${URL_ID}.lambda-url.${REGION}.on.aws`;
export const CALLER = { accessKeyId: 'AKIATESTCALLER000001', secretAccessKey: 'caller-secret-0123456789' };
/** The caller's `requestContext.authorizer.iam`. */
export const IDENTITY = {
  accessKey: CALLER.accessKeyId,
  accountId: '111122223333',
  callerId: 'AIDACALLER',
  userArn: 'arn:aws:iam::111122223333:user/caller',
  userId: 'AIDACALLER',
};
