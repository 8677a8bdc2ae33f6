package io.wattline.cdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattline.functions.FunctionCatalog;
import io.wattline.jobs.JobCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The twin's function in the real stack: its routes, its tick rule, and the right to invoke itself. */
class TwinStackTest {
    @Test
    void calibrationFunctionRoutesTickAndSelfInvocation(@TempDir Path dir) throws Exception {
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(
                Synth.placeholderJars(dir, FunctionCatalog.all()), false)));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "wattline-calibration",
                "Handler", "io.wattline.twin.TwinFunction::handleRequest",
                "Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                        "FUNCTION_CALIBRATION", "wattline-calibration:live"))))));
        for (String route : new String[] {"GET /system/state", "POST /system/calibrate", "POST /system/inject-fault",
                "POST /system/reset", "POST /system/stop", "POST /system/purge"}) {
            t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
        }
        t.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", JobCatalog.find("twin_tick").orElseThrow().ruleName(WattlineStack.PREFIX),
                "ScheduleExpression", "cron(* * * * ? *)"));
        String json = new ObjectMapper().writeValueAsString(t.toJSON());
        assertTrue(json.contains(":function:wattline-calibration:live\""),
                "the calibration function may invoke its own alias (asynchronous calibration)");
    }
}
