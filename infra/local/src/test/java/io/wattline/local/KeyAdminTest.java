package io.wattline.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyAdminTest {
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
