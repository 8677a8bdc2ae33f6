package io.wattline.local;

import io.wattline.analytics.detect.Baseline;
import io.wattline.detection.store.BaselineStore;
import io.wattline.store.KeyStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyAdminTest {
    /** A key made without --scope only reads: one that leaks from a detection client cannot purge or ingest. */
    @Test
    void aNewKeyReadsUnlessWriteIsAskedFor() {
        assertEquals(KeyStore.Scope.READ, KeyAdmin.parse(new String[]{"create", "--name", "voice", "--local"}).scope());
        assertEquals(KeyStore.Scope.WRITE, KeyAdmin.parse(new String[]{"create", "--scope", "write", "--name", "meters"}).scope());
        assertEquals(Path.of(".local-cloud"), KeyAdmin.parse(new String[]{"create", "--local"}).local());
    }

    /** A new secret keeps what the detection API learnt under the old key; the old key works until revoked. */
    @Test
    void rotatingAKeyGivesANewSecretThatKeepsItsBaselines() {
        Stores stores = TestCloud.get().stores();
        KeyStore keys = stores.keys();
        BaselineStore baselines = KeyAdmin.baselines(stores);
        Instant now = Instant.parse("2026-12-07T08:00:00Z");
        KeyStore.Created old = keys.create("line 3 detector", KeyStore.Scope.READ, 600, now);
        KeyStore.Created other = keys.create("someone else", KeyStore.Scope.WRITE, now);
        Baseline pump = new Baseline(2016, 288, 1.5, 0.25, 40.0, 3.0, 35.0, 46.0, 2.5, 0.0, 0.1);
        Baseline fan = new Baseline(1000, 0, 0.5, 0.1, 12.0, 1.0, 10.5, 13.5, 0.8, 0.01, 0.02);
        baselines.put(new BaselineStore.Stored(old.key().keyId(), "pump-1", pump, now.minusSeconds(3600)));
        baselines.put(new BaselineStore.Stored(old.key().keyId(), "fan-2", fan, now.minusSeconds(60)));
        baselines.put(new BaselineStore.Stored(other.key().keyId(), "pump-1", fan, now));

        java.util.List<KeyStore.Created> shown = new java.util.ArrayList<>();
        KeyAdmin.Rotated r = KeyAdmin.rotate(keys, baselines, old.key().keyId(), now, shown::add);
        assertEquals(java.util.List.of(r.successor()), shown, "the secret is handed out before the copying");

        assertEquals(2, r.baselinesCopied());
        KeyStore.ApiKey successor = keys.find(r.successor().secret()).orElseThrow();
        assertNotEquals(old.key().keyId(), successor.keyId());
        assertEquals("line 3 detector", successor.name());
        assertEquals(KeyStore.Scope.READ, successor.scope());
        assertEquals(600, successor.requestsPerMinute());
        assertEquals(pump, baselines.get(successor.keyId(), "pump-1").orElseThrow().baseline());
        assertEquals(now.minusSeconds(3600), baselines.get(successor.keyId(), "pump-1").orElseThrow().learnedAt());
        assertEquals(fan, baselines.get(successor.keyId(), "fan-2").orElseThrow().baseline());
        assertEquals(2, baselines.list(successor.keyId()).size(), "another key's baselines stay its own");
        assertTrue(keys.find(old.secret()).isPresent(), "the old key works until it is revoked");
        assertEquals(2, baselines.list(old.key().keyId()).size());

        keys.revoke(old.key().keyId(), now);
        assertEquals("no key key_000000000000", assertThrows(IllegalArgumentException.class,
                () -> KeyAdmin.rotate(keys, baselines, "key_000000000000", now, c -> {})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyAdmin.rotate(keys, baselines, old.key().keyId(), now, c -> {}))
                .getMessage().contains("is revoked"));
    }

    /** An IAM Identity Center profile is read (it said "the 'sso' service module must be on the class path"). */
    @Test
    void anSsoProfileIsUnderstood() throws Exception {
        Path config = Files.createTempFile("aws-config", "");
        Files.writeString(config, """
                [profile corp]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                region = eu-central-1
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-central-1
                """);
        try (var provider = ProfileCredentialsProvider.builder().profileName("corp")
                .profileFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build()).build()) {
            // no cached SSO token here: it fails for that, not for a missing module
            String why = assertThrows(RuntimeException.class, provider::resolveCredentials).getMessage();
            assertFalse(why.contains("must be on the class path"), why);
        } finally {
            Files.delete(config);
        }
    }

    @Test
    void theProfilesReasonIsPickedOutOfTheSdksList() {
        String sdk = "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), ProfileCredentialsProvider(profileName=corp, "
                + "profileFile=ProfileFile(sections=[profiles])), ContainerCredentialsProvider()]) : ["
                + "SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. Access key must be "
                + "specified either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId)., "
                + "ProfileCredentialsProvider(profileName=corp, profileFile=ProfileFile(sections=[profiles])): The SSO session "
                + "associated with this profile has expired or is otherwise invalid, ContainerCredentialsProvider(): Cannot fetch "
                + "credentials from container]";
        assertEquals("The SSO session associated with this profile has expired or is otherwise invalid", KeyAdmin.profileFailure(sdk));
        assertNull(KeyAdmin.profileFailure("Unable to load credentials: nothing else"));
    }
}
