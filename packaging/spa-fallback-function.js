// The web app's deep-link fallback: a CloudFront Function (cloudfront-js-2.0,
// viewer request) for the distribution's DEFAULT behaviour only, i.e. the
// static site; the API's behaviour (<basePath>/*) never runs it, so the API's
// own 403/404 answers reach the viewer unchanged (which a distribution-wide
// custom_error_response would not allow).
//
// A path whose last segment has no "." is an app route (/, /callback,
// /books/<id>): the viewer gets /index.html, and the app's router reads the
// path from the address bar. Paths with an extension are files (assets,
// config.json): a missing one stays an error (S3 through OAC answers 403).
//
// Plain ES5 script, no imports: it is uploaded as is (packaging/spa-fallback.ts
// reads it), and the local CloudFront stand-in runs this same file.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- CloudFront calls handler(event) by name
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
