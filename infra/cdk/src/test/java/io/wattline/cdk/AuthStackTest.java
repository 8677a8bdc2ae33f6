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
    void everyFunctionMayReadKeysButWriteOnlyQuotaCountersAndReadsAreClosedByDefault(@TempDir Path dir) throws Exception {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        WattlineStack stack = Synth.stack(StackInputs.fromCatalogues(jars, false));
        Template t = Template.fromStack(stack);
        for (FunctionCatalog.FunctionSpec f : FunctionCatalog.all()) {
            t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", f.lambdaName(WattlineStack.PREFIX),
                    "Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
                            "AUTH_OPEN_READS", "false", "TABLE_KEYS", Match.anyValue(), "TABLE_STATE", Match.anyValue(),
                            "KEY_REQUESTS_PER_MINUTE", "4800"))))));
        }
        String keysTable = logicalId(t, "wattline-keys");
        var read = Match.objectLike(Map.of("Action", List.of("dynamodb:GetItem", "dynamodb:DescribeTable"),
                "Resource", Map.of("Fn::GetAtt", List.of(keysTable, "Arn"))));
        var quota = Match.objectLike(Map.of("Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem"),
                "Resource", Map.of("Fn::GetAtt", List.of(keysTable, "Arn")),
                "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("KEYRATE#*")))));
        var former = Match.objectLike(Map.of("Action", "dynamodb:GetItem",
                "Resource", Map.of("Fn::GetAtt", List.of(logicalId(t, "wattline-state"), "Arn")),
                "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("APIKEYID#*", "APIKEY#*")))));
        for (var statement : List.of(read, quota, former)) {
            assertEquals(FunctionCatalog.all().size(), t.findResources("AWS::IAM::Policy", Map.of("Properties", Map.of("PolicyDocument",
                    Map.of("Statement", Match.arrayWith(List.of(statement)))))).size(), "one such statement per function's role");
        }
        // and no other statement names the keys table: no role may write a key
        String json = new ObjectMapper().writeValueAsString(t.findResources("AWS::IAM::Policy"));
        assertEquals(2 * FunctionCatalog.all().size(), json.split("\\[\"" + keysTable + "\",\"Arn\"]", -1).length - 1, json);
    }

    /**
     * The detection function (the API a migrating client's applications call) has its callers' partitions of the state
     * table only: every statement naming the table is held to the catalogue's partition keys, but DescribeTable; no Scan.
     */
    @Test
    void detectionTouchesOnlyItsOwnPartitionsOfTheStateTable(@TempDir Path dir) {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false)));
        FunctionCatalog.FunctionSpec detection = FunctionCatalog.find("detection").orElseThrow();
        assertEquals(List.of("BASELINE#*", "USAGE#*"), detection.stateKeys());
        String state = logicalId(t, "wattline-state");
        List<String> actions = new java.util.ArrayList<>();
        for (Map<String, Object> st : Synth.statements(t, detection.lambdaName(WattlineStack.PREFIX))) {
            if (!String.valueOf(st.get("Resource")).contains(state)) continue;
            List<Object> acts = st.get("Action") instanceof List<?> l ? List.copyOf(l) : List.of(st.get("Action"));
            acts.forEach(a -> actions.add(a.toString()));
            if (acts.equals(List.of("dynamodb:DescribeTable"))) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> like = (Map<String, Object>) ((Map<String, Object>) st.get("Condition")).get("ForAllValues:StringLike");
            assertEquals(true, like.containsKey("dynamodb:LeadingKeys"), st.toString());
        }
        assertEquals(false, actions.contains("dynamodb:Scan"), actions.toString());
        assertEquals(true, actions.containsAll(List.of("dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:GetItem")), actions.toString());
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Resource", Map.of("Fn::GetAtt", List.of(state, "Arn")),
                        "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                                List.of("BASELINE#*", "USAGE#*"))))))))));
    }

    /**
     * Each function that keeps models writes and deletes only its own objects of the artefact bucket (a purge deletes
     * every version under a prefix: the twin's must not reach the baselines): every statement that may put or delete
     * names the catalogue's key patterns and no other object.
     */
    @Test
    void modelsAreWrittenAndDeletedOnlyUnderTheFunctionsOwnKeys(@TempDir Path dir) throws Exception {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false)));
        Map<String, List<String>> expected = Map.of("anomaly", List.of("/models/baseline/*"),
                "forecasting", List.of("/models/forecast_*"), "calibration", List.of("/twin/*"));
        ObjectMapper json = new ObjectMapper();
        for (FunctionCatalog.FunctionSpec f : FunctionCatalog.all()) {
            List<String> objects = new java.util.ArrayList<>();
            for (Map<String, Object> st : Synth.statements(t, f.lambdaName(WattlineStack.PREFIX))) {
                String actions = String.valueOf(st.get("Action"));
                if (!actions.contains("s3:DeleteObject") && !actions.contains("s3:PutObject")) continue;
                for (Object r : st.get("Resource") instanceof List<?> l ? l : List.of(st.get("Resource"))) {
                    String text = json.writeValueAsString(r);
                    if (!text.contains("Fn::Join")) continue; // the bucket itself: no object is deleted through it
                    objects.add(json.readTree(text).at("/Fn::Join/1/1").asText());
                }
            }
            assertEquals(expected.getOrDefault(f.name(), List.of()), objects, f.name());
        }
        FunctionCatalog.FunctionSpec twin = FunctionCatalog.find("calibration").orElseThrow();
        assertEquals(true, twin.mayTouchArtifact("twin/motor-1/cal/models.bin"));
        assertEquals(false, twin.mayTouchArtifact("models/baseline/m1/x"));
    }

    /** The logical id of the DynamoDB table with this name. */
    private static String logicalId(Template t, String tableName) {
        var found = t.findResources("AWS::DynamoDB::Table", Map.of("Properties", Map.of("TableName", tableName)));
        assertEquals(1, found.size(), tableName);
        return found.keySet().iterator().next();
    }

    @Test
    void openReadsIsAnExplicitChoice(@TempDir Path dir) {
        Path jars = Synth.placeholderJars(dir, FunctionCatalog.all());
        Template t = Template.fromStack(Synth.stack(StackInputs.fromCatalogues(jars, false, new StackInputs.ApiOptions(true, List.of(), 0, 600))));
        t.allResourcesProperties("AWS::Lambda::Function", Map.of("Environment", Match.objectLike(Map.of(
                "Variables", Match.objectLike(Map.of("AUTH_OPEN_READS", "true", "KEY_REQUESTS_PER_MINUTE", "600"))))));
    }
}
