package io.wattline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image choice alone: no Docker needed. */
class LocalStackImageTest {
    @Test
    void withoutATokenThePinnedCommunityTagAndNoToken() {
        for (String none : new String[]{null, "", "  "}) {
            assertEquals("localstack/localstack:4.14.0", LocalStackImage.image(none));
            assertEquals(Map.of(), LocalStackImage.environment(none));
        }
    }

    @Test
    void withATokenTheTokenImageAndTheTokenPassedOn() {
        assertEquals(LocalStackImage.WITH_TOKEN, LocalStackImage.image("ls-abc"));
        assertEquals(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-abc"), LocalStackImage.environment("ls-abc"));
    }

    @Test
    void theTwoImagesArePinnedAndDistinct() {
        for (String image : new String[]{LocalStackImage.COMMUNITY, LocalStackImage.WITH_TOKEN}) {
            assertTrue(image.startsWith("localstack/localstack:"), image);
            String tag = image.substring(image.indexOf(':') + 1);
            assertTrue(tag.matches("\\d+\\.\\d+\\.\\d+"), "a full release tag, not latest or a moving major: " + tag);
        }
        assertTrue(!LocalStackImage.COMMUNITY.equals(LocalStackImage.WITH_TOKEN));
    }

    @Test
    void blankTokenCountsAsNone() {
        assertNull(LocalStackImage.token(""));
        assertNull(LocalStackImage.token(null));
        assertEquals("t", LocalStackImage.token("t"));
    }
}
