/**
 * The synth baseline of `npm run bench`: a one-stack CDKTF app written the
 * common way, importing `@cdktf/provider-aws` from its package root, with one
 * provider and one bucket. Run as `node dist/bench/baseline-app.js`; the
 * output directory comes from `CDKTF_OUTDIR`, as for the real app.
 */
import { provider, s3Bucket } from '@cdktf/provider-aws';
import { App, TerraformStack } from 'cdktf';

const app = new App();
const stack = new TerraformStack(app, 'bench-baseline');
new provider.AwsProvider(stack, 'aws', { region: 'eu-west-1' });
new s3Bucket.S3Bucket(stack, 'bucket', { bucket: 'sfu-bench-baseline-bucket' });
app.synth();
