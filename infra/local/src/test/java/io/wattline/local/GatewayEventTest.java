package io.wattline.local;

import io.wattline.http.JsonTrees;

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

        assertEquals(JsonTrees.MAPPER.valueToTree(event), JsonTrees.readTree(json));
        assertEquals(body, JsonTrees.readTree(json).get("body").asText());
    }
}
