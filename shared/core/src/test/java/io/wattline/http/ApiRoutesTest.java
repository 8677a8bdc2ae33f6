package io.wattline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {
    static final Map<String, List<String>> FUNCTIONS = new LinkedHashMap<>();
    static {
        FUNCTIONS.put("data", List.of("GET /", "GET /api/v1/machines/{machine_id}", "POST /api/v1/readings"));
        FUNCTIONS.put("kpi", List.of("GET /api/v1/kpi/all"));
        FUNCTIONS.put("detection", List.of("DELETE /v1/machines/{machine_id}"));
    }
    static final Map<String, String> TABLE = ApiRoutes.table(FUNCTIONS);

    @Test
    void everyPathGetsAnAnyRouteToItsOwnerAndTheRootFunctionTakesTheRest() {
        assertEquals("kpi", TABLE.get("ANY /api/v1/kpi/all"));
        assertEquals("data", TABLE.get("ANY /api/v1/readings"));
        assertEquals("detection", TABLE.get("ANY /v1/machines/{machine_id}"));
        assertEquals("data", TABLE.get("$default"));
        assertEquals(5 + 5 + 1, TABLE.size());
    }

    @Test
    void matchesAsApiGatewayDoes() {
        assertEquals(new ApiRoutes.Match("kpi", "GET /api/v1/kpi/all"),
                ApiRoutes.match(TABLE, "GET", "/api/v1/kpi/all").orElseThrow());
        // a known path with another method reaches its owner (whose router answers 405)
        assertEquals(new ApiRoutes.Match("kpi", "ANY /api/v1/kpi/all"),
                ApiRoutes.match(TABLE, "POST", "/api/v1/kpi/all").orElseThrow());
        assertEquals(new ApiRoutes.Match("detection", "ANY /v1/machines/{machine_id}"),
                ApiRoutes.match(TABLE, "GET", "/v1/machines/abc").orElseThrow());
        // anything else goes to $default (whose router answers 404)
        assertEquals(new ApiRoutes.Match("data", "$default"),
                ApiRoutes.match(TABLE, "GET", "/api/v1/nothing-here").orElseThrow());
    }

    @Test
    void noDefaultWithoutARootRoute() {
        Map<String, String> table = ApiRoutes.table(Map.of("kpi", List.of("GET /api/v1/kpi/all")));
        assertTrue(ApiRoutes.match(table, "GET", "/x").isEmpty());
    }
}
