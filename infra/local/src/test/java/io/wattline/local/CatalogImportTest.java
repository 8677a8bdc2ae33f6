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
    void aFactorysTariffsAreItsHistoryAndReplaceWhatWasStored() {
        String factory = "11111111-1111-1111-1111-111111111111";
        CatalogImport.Plant plant = CatalogImport.parse("""
                {"tariffs":[{"factory_id":"%1$s","currency":"USD","base_rate":0.10},
                            {"factory_id":"%1$s","currency":"USD","base_rate":0.12,"effective_from":"2026-01-01"}]}""".formatted(factory));
        assertEquals(java.util.Arrays.asList(null, java.time.LocalDate.of(2026, 1, 1)),
                plant.tariffs().stream().map(io.wattline.domain.Tariff::effectiveFrom).toList());
        var catalog = new io.wattline.testing.MemoryCatalogStore();
        java.util.UUID id = java.util.UUID.fromString(factory);
        catalog.put(new io.wattline.domain.Tariff(id, "USD", 0.09, java.util.List.of(), 0, java.time.LocalDate.of(2025, 6, 1)));
        plant.writeTo(catalog);
        assertEquals(java.util.List.of(0.10, 0.12), catalog.tariffs(id).stream().map(io.wattline.domain.Tariff::baseRate).toList(),
                "a version the file no longer lists is gone");

        var e = assertThrows(IllegalArgumentException.class, () -> CatalogImport.parse("""
                {"tariffs":[{"factory_id":"%1$s","currency":"USD","base_rate":0.10,"effective_from":"2026-13-01"},
                            {"factory_id":"%1$s","currency":"USD","base_rate":0.11},
                            {"factory_id":"%1$s","currency":"EUR","base_rate":0.12}]}""".formatted(factory)));
        assertTrue(e.getMessage().contains("effective_from must be a date (YYYY-MM-DD)"), e.getMessage());
        assertTrue(e.getMessage().contains("two tariffs with the same effective_from"), e.getMessage());
        assertTrue(e.getMessage().contains("different currencies"), e.getMessage());

        // public holidays, billed as Sundays
        CatalogImport.Plant withHolidays = CatalogImport.parse("""
                {"tariffs":[{"factory_id":"%1$s","currency":"USD","base_rate":0.10,"holidays":["2026-12-25","2026-11-26"]}]}"""
                .formatted(factory));
        assertEquals(java.util.Set.of(java.time.LocalDate.of(2026, 12, 25), java.time.LocalDate.of(2026, 11, 26)),
                withHolidays.tariffs().getFirst().holidays());
        var bad = assertThrows(IllegalArgumentException.class, () -> CatalogImport.parse("""
                {"tariffs":[{"factory_id":"%1$s","currency":"USD","base_rate":0.10,"holidays":["25/12/2026"]}]}""".formatted(factory)));
        assertTrue(bad.getMessage().contains("a holiday must be a date (YYYY-MM-DD), got \"25/12/2026\""), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CatalogImport.parse("""
                {"tariffs":[{"factory_id":"%1$s","currency":"USD","base_rate":0.10,"holidays":"2026-12-25"}]}""".formatted(factory)));
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
