package io.wattline.cdk;

import io.wattline.cdk.fixtures.ThingsFunction;
import io.wattline.config.Tables;
import io.wattline.functions.FunctionCatalog.FunctionSpec;
import io.wattline.jobs.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.wattline.functions.FunctionCatalog.Access.NONE;
import static io.wattline.functions.FunctionCatalog.Access.READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack's inputs: route tables read from handlers, and clear failures for what cannot be deployed. */
class InputsTest {
    static final FunctionSpec THINGS = new FunctionSpec("things", ThingsFunction.class.getName(),
            READ, NONE, NONE, NONE, List.of(), 512, 10);

    @Test
    void routeKeysComeFromTheHandlersOwnRouter() {
        assertEquals(List.of("GET /api/v1/things/{thing_id}", "POST /api/v1/things"), HandlerRoutes.routeKeys(THINGS));
    }

    @Test
    void aMissingHandlerClassNamesTheModuleToBuild() {
        FunctionSpec ghost = new FunctionSpec("ghost", "io.wattline.ghost.GhostFunction", READ, NONE, NONE, NONE,
                List.of(), 512, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HandlerRoutes.routeKeys(ghost));
        assertTrue(e.getMessage().contains("io.wattline.ghost.GhostFunction"), e.getMessage());
        assertTrue(e.getMessage().contains("functions/ghost"), e.getMessage());
        assertTrue(e.getMessage().contains("io.wattline:function-ghost"), e.getMessage());
    }

    @Test
    void aHandlerThatIsNotALambdaFunctionIsRefused() {
        FunctionSpec wrong = new FunctionSpec("wrong", String.class.getName(), READ, NONE, NONE, NONE, List.of(), 512, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HandlerRoutes.routeKeys(wrong));
        assertTrue(e.getMessage().contains("does not extend"), e.getMessage());
    }

    @Test
    void inconsistentCataloguesAreRefused(@TempDir Path dir) {
        FunctionSpec caller = new FunctionSpec("caller", "x.Caller", NONE, NONE, NONE, NONE, List.of("nobody"), 512, 10);
        assertMessage("invokes unknown function 'nobody'",
                () -> new StackInputs(List.of(caller), Map.of(), List.of(), Tables.DEFAULT, dir, false));
        assertMessage("job 'orphan' runs on unknown function 'nobody'",
                () -> new StackInputs(List.of(THINGS), Map.of(), List.of(new Job("orphan", "Orphan", "0 * * * *", "nobody")),
                        Tables.DEFAULT, dir, false));
        FunctionSpec other = new FunctionSpec("other", "x.Other", NONE, NONE, NONE, NONE, List.of(), 512, 10);
        assertMessage("is claimed by both",
                () -> new StackInputs(List.of(THINGS, other),
                        Map.of("things", List.of("GET /x"), "other", List.of("GET /x")), List.of(), Tables.DEFAULT, dir, false));
    }

    @Test
    void aMissingJarSaysHowToBuildIt(@TempDir Path empty) {
        StackInputs inputs = new StackInputs(List.of(THINGS), Map.of(), List.of(), Tables.DEFAULT, empty, false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Synth.stack(inputs));
        assertTrue(e.getMessage().contains(empty.resolve("things/target/function.jar").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
    }

    @Test
    void badRouteKeysAreRefused() {
        assertMessage("route key must be 'METHOD /path'", () -> HttpRoutes.parse("GET"));
        assertThrows(IllegalArgumentException.class, () -> HttpRoutes.parse("FETCH /x"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
