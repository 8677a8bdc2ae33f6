package io.wattline.functions;

/**
 * The dashboards' Content-Security-Policy, one definition for CloudFront (infra/cdk) and the local gateway: scripts,
 * styles, data and connections from the pages' own origin only (the API key sits in the browser's localStorage, so
 * a script injected from elsewhere could read it), inline style attributes allowed (the pages and ECharts set them),
 * no plugins, no other site framing the pages (their buttons act with the key).
 */
public final class PagePolicy {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'self'";

    private PagePolicy() {}
}
