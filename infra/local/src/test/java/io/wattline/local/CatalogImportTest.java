package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogImportTest {
    @Test
    void theExampleFileIsTheDemoPlant() throws Exception {
        CatalogImport.Plant parsed = CatalogImport.parse(Files.readString(Path.of("../../docs/plant.example.json")));
        assertEquals(CatalogImport.demo(), parsed);
    }

    @Test
    void everyProblemIsListedBeforeAnythingIsWritten() {
        var e = assertThrows(IllegalArgumentException.class, () -> CatalogImport.parse("""
                {"factories":[{"id":"nope","name":"X","timezone":"Mars/Olympus","currency":"EUR","carbon_region":"DE"}],
                 "machines":[{"id":"c0000000-0000-0000-0000-000000000009","factory_id":"11111111-1111-1111-1111-111111111111",
                              "name":"M","type":"pump","rated_power_kw":0}]}"""));
        assertTrue(e.getMessage().contains("unknown time zone Mars/Olympus"), e.getMessage());
        assertTrue(e.getMessage().contains("X: id must be a UUID"), e.getMessage());
        assertTrue(e.getMessage().contains("rated_power_kw must be positive"), e.getMessage());
        assertTrue(e.getMessage().contains("is not in the file"), e.getMessage());
    }

    @Test
    void aCatalogueGoesToTheRunningLocalCloudWithLocal() {
        assertEquals(new CatalogImport.Args("plant.json", null), CatalogImport.args(new String[] {"plant.json"}));
        assertEquals(new CatalogImport.Args("plant.json", java.nio.file.Path.of(".local-cloud")),
                CatalogImport.args(new String[] {"plant.json", "--local"}));
        assertEquals(new CatalogImport.Args("--demo", java.nio.file.Path.of("/tmp/cloud")),
                CatalogImport.args(new String[] {"--local", "/tmp/cloud", "--demo"}));
        assertEquals(null, CatalogImport.args(new String[] {"--local"}));
        assertEquals(null, CatalogImport.args(new String[] {"a.json", "b.json"}));
        assertEquals(null, CatalogImport.args(new String[] {"plant.json", "--locale"}));
    }
}
