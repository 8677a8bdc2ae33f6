package io.wattline.store.lambda;

import io.wattline.http.SnapshotPriming;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaPrimingTest {
    @Test
    void aJobTriggerAndATaskAreSentSignedAsAsynchronousInvocationsAndAnsweredInMemory() {
        var http = LambdaPriming.answering();
        LambdaPriming.calls(LambdaPriming.invoker(http));
        assertEquals(2, http.seen().size());
        for (var r : http.seen()) {
            assertEquals("POST", r.method().name());
            assertTrue(r.encodedPath().startsWith("/2015-03-31/functions/wattline-"), r.encodedPath());
            assertEquals("Event", r.firstMatchingHeader("X-Amz-Invocation-Type").orElse(""));
            assertTrue(r.firstMatchingHeader("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256 Credential=priming/"));
        }
    }

    @Test
    void theSnapStartHookFindsItBesideTheSdkWarmUp() {
        var found = ServiceLoader.load(SnapshotPriming.class).stream().map(p -> p.type().getSimpleName()).sorted().toList();
        assertEquals(List.of("LambdaPriming", "SdkClientPriming"), found);
        new LambdaPriming().prime(); // no Lambda anywhere: it must not need one
    }
}
