package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wattline.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event the gateway hands a function is the one its map describes, whatever the body holds. */
class GatewayEventTest {

    @Test
    void theEventsJsonIsTheMapsJsonWithTheBodyCharacterForCharacter() throws Exception {
        String body = "{\"t\":\"a \\\" b\"} \" \\ \t \n \u0000 \u001f Kälte ⚡ 😀 </script> \u2028";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-quote", "a\"b");
        Map<String, Object> event = Gateway.event("POST", "/v1/detect", "a=%22x%22&b", headers, "HTTP/1.1", "127.0.0.1",
                "POST /v1/detect", body.getBytes(StandardCharsets.UTF_8));

        byte[] json = Gateway.eventJson(event);

        assertEquals(Json.PLAIN.valueToTree(event), Json.PLAIN.readTree(json));
        assertEquals(body, Json.PLAIN.readTree(json).get("body").asText());
    }

    @Test
    void aFunctionsResponseIsReadAsTheTreeReadIt() throws Exception {
        String body = "{\"t\":\"a \\\" b\"} \" \\ \t \n \u0000 Kälte ⚡ 😀 </script> \u2028" + "x".repeat(70_000);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("isBase64Encoded", false);
        answer.put("statusCode", 201);
        answer.put("headers", Map.of("content-type", "application/json", "x-n", 3, "x-null", "null"));
        answer.put("extra", Map.of("nested", java.util.List.of(1, 2)));
        answer.put("body", body);
        Gateway.FunctionResponse r = Gateway.FunctionResponse.read(Json.PLAIN.writeValueAsBytes(answer));
        assertEquals(201, r.status());
        assertEquals(Map.of("content-type", "application/json", "x-n", "3", "x-null", "null"), r.headers());
        assertEquals(body, StandardCharsets.UTF_8.decode(r.body()).toString());
        // no body, a body of null, no status: empty, empty, 502
        assertEquals(0, Gateway.FunctionResponse.read("{\"statusCode\":204}".getBytes(StandardCharsets.UTF_8)).body().remaining());
        Gateway.FunctionResponse none = Gateway.FunctionResponse.read("{\"body\":null,\"headers\":{}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(502, none.status());
        assertEquals(0, none.body().remaining());
        assertEquals(502, Gateway.FunctionResponse.read("{\"statusCode\":{\"a\":1},\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8)).status());
    }
}
