package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests a client should never send, sent raw to the local gateway: each gets a clean 4xx, never a Java name. */
class GatewayHardeningTest {

    /** Sends raw bytes and reads the whole answer (the connection is closed by the request's {@code Connection: close}). */
    static String raw(String request) throws IOException {
        URI url = TestCloud.get().url();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    static void assertClean400(String what, String response) {
        assertTrue(response.startsWith("HTTP/1.1 4"), what + ": " + response);
        for (String internal : new String[]{"Exception", "java.", "jetty", "Jetty", "sun."}) {
            assertFalse(response.contains(internal), what + " names " + internal + ": " + response);
        }
    }

    @Test
    void aMalformedEscapeInTheQueryIsA400OrTheRoutesOwnAnswer() throws IOException {
        String r = raw("GET /api/v1/machines?x=%zz HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestCloud.DEV + "\r\nConnection: close\r\n\r\n");
        // a stray '%' stays as typed (as API Gateway passes it on); the route ignores the unknown parameter
        assertEquals(200, status(r), r);
        assertFalse(r.contains("Exception") || r.contains("java."), r);
    }

    @Test
    void aMalformedEscapeInThePathIsA400() throws IOException {
        String r = raw("GET /api/v1/machines/%zz%G1 HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestCloud.DEV + "\r\nConnection: close\r\n\r\n");
        assertClean400("path escape", r);
    }

    @Test
    void aContentLengthThatIsNoNumberIsA400() throws IOException {
        String r = raw("POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n{}");
        assertEquals(400, status(r), r);
        assertClean400("content-length", r);
        assertTrue(r.endsWith("{\"message\":\"Bad Request\"}"), r);
    }

    /** The headers of an Invoke request as the functions' own invoker sends it: this machine's name, signed. */
    static String signedFromHere() {
        URI url = TestCloud.get().url();
        return "Host: " + url.getHost() + ":" + url.getPort() + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=local/20261206/"
                + "us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0\r\n";
    }

    @Test
    void theInvokeApiRunsNothingForAWebPage() throws IOException {
        // it runs jobs and background tasks without an API key: a page (an Origin, no signature) or a DNS-rebound name
        // must not reach it; the purge task of an asset nobody has would otherwise answer 200
        String body = "{\"wattline_task\":\"twin_purge\",\"asset_id\":\"nobody\",\"before\":\"2000-01-01T00:00:00Z\"}";
        URI url = TestCloud.get().url();
        String here = "Host: " + url.getHost() + ":" + url.getPort() + "\r\n";
        for (String headers : new String[]{
                here + "Content-Type: text/plain\r\nOrigin: https://evil.example\r\n",
                here,
                signedFromHere() + "Origin: https://evil.example\r\n",
                signedFromHere().replace(here, "Host: rebound.evil.example:" + url.getPort() + "\r\n")}) {
            String r = raw("POST /2015-03-31/functions/calibration/invocations HTTP/1.1\r\n" + headers + "Content-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertEquals(403, status(r), headers + " -> " + r);
            assertTrue(r.toLowerCase().contains("x-amzn-errortype: missingauthenticationtokenexception"), r);
        }
        String signed = raw("POST /2015-03-31/functions/calibration/invocations HTTP/1.1\r\n" + signedFromHere() + "Content-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertEquals(200, status(signed), signed);
    }

    @Test
    void aMalformedInvokePayloadIsA400NotADroppedConnection() throws IOException {
        String body = "{not json";
        String r = raw("POST /2015-03-31/functions/data/invocations HTTP/1.1\r\n" + signedFromHere() + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertEquals(400, status(r), r);
        assertTrue(r.toLowerCase().contains("x-amzn-errortype: invalidrequestcontentexception"), r);
        assertTrue(r.contains("Could not parse request body into json"), r);
    }

    @Test
    void anInvokePayloadTheFunctionCannotTakeIsAFunctionErrorNotADroppedConnection() throws IOException {
        String body = "[1,2,3]";
        String r = raw("POST /2015-03-31/functions/data/invocations HTTP/1.1\r\n" + signedFromHere() + "Content-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertEquals(200, status(r), r);
        assertTrue(r.toLowerCase().contains("x-amz-function-error: unhandled"), r);
        assertFalse(r.contains("Exception") || r.contains("java."), r);
    }
}
