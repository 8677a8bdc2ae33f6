package io.wattline.cdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattline.functions.FunctionCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Authentication in the real stack: every function can check keys, and only keys; read routes are closed unless asked. */
class AuthStackTest {
    @Test
    void everyFunctionMayReadKeyItemsOnlyAndReadsAreClosedByDefault(@TempDir Path dir) throws Exception {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false)));
        for (FunctionCatalog.FunctionSpec f : FunctionCatalog.all()) {
            t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", f.lambdaName(WattlineStack.PREFIX),
                    "Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                            "AUTH_OPEN_READS", "false", "TABLE_STATE", Match.anyValue(), "KEY_REQUESTS_PER_MINUTE", "4800"))))));
        }
        var keyStatement = Match.objectLike(Map.of(
                "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
                "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("APIKEYID#*", "APIKEY#*")))));
        var policies = t.findResources("AWS::IAM::Policy", Map.of("Properties", Map.of("PolicyDocument",
                Map.of("Statement", Match.arrayWith(List.of(keyStatement))))));
        assertEquals(FunctionCatalog.all().size(), policies.size(), "one scoped key statement per function's role");
        var quotaStatement = Match.objectLike(Map.of(
                "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("KEYRATE#*")))));
        assertEquals(FunctionCatalog.all().size(), t.findResources("AWS::IAM::Policy", Map.of("Properties", Map.of("PolicyDocument",
                Map.of("Statement", Match.arrayWith(List.of(quotaStatement)))))).size(), "one scoped quota statement per function's role");
        // detection has no catalogue or telemetry access, and no state access beyond its own
        String json = new ObjectMapper().writeValueAsString(t.toJSON());
        assertEquals(FunctionCatalog.all().size(), json.split("APIKEYID#\\*", -1).length - 1);
    }

    @Test
    void openReadsIsAnExplicitChoice(@TempDir Path dir) {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false, new StackInputs.ApiOptions(true, List.of(), 0, 600))));
        t.allResourcesProperties("AWS::Lambda::Function", Map.of("Environment", Match.objectLike(Map.of(
                "Variables", Match.objectLike(Map.of("AUTH_OPEN_READS", "true", "KEY_REQUESTS_PER_MINUTE", "600"))))));
    }
}
