package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.domain.Machine;
import io.wattline.domain.Reading;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The live demo plant: each round posts the new minutes through the ingestion API, and a missed round is caught up. */
class DemoFeedTest {
    static final String COMPRESSOR = "c0000000-0000-0000-0000-000000000001";

    static DemoFeed feed(LocalCloud cloud, URI api, Instant fedUntil) {
        return new DemoFeed(new DemoPlant(LocalCloud.Options.defaults().seed(), cloud.seeding().anchor()),
                new IngestClient(api), cloud.stores().telemetry(), fedUntil, cloud.settings().maxBatchRows());
    }

    @Test
    void aRoundBringsLatestToTheCurrentMinuteWithThePlantsOwnValues() {
        LocalCloud cloud = TestCloud.get();
        DemoFeed feed = feed(cloud, cloud.url(), cloud.seeding().end());
        Instant now = Instant.now();
        feed.tick(now);
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        assertEquals(minute.plusSeconds(60), feed.fedUntil());

        var latest = TestCloud.get("/api/v1/timeseries/latest/" + COMPRESSOR);
        assertEquals(200, latest.status(), latest.text());
        Instant at = Instant.parse(latest.json().get("timestamp").asText());
        assertEquals(minute, at);
        assertTrue(Duration.between(at, Instant.now()).compareTo(Duration.ofMinutes(2)) < 0);
        Machine compressor = DemoPlant.MACHINES.get(0);
        Reading expected = new DemoPlant(42, cloud.seeding().anchor()).reading(compressor, minute);
        assertEquals(expected.powerKw(), latest.json().get("power_kw").asDouble(), 1e-9);
    }

    @Test
    void missedMinutesAreCaughtUpAndAFailedRoundIsRetried() throws Exception {
        LocalCloud cloud = TestCloud.get();
        Instant now = Instant.now();
        Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        // nothing listens there: the round fails and the feed stays where it was
        DemoFeed offline = feed(cloud, URI.create("http://127.0.0.1:" + LocalStorage.freePort()), from);
        assertEquals(0, offline.tick(now));
        assertEquals(from, offline.fedUntil());
        // the same minutes through the real gateway: 11 minutes (ten missed and the current one) of 8 machines
        DemoFeed feed = feed(cloud, cloud.url(), from);
        assertEquals(11 * DemoPlant.MACHINES.size(), feed.tick(now));
        assertEquals(0, feed.tick(now), "a second round in the same minute has nothing new");
    }
}
