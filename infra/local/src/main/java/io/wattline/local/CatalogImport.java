package io.wattline.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.wattline.config.Settings;
import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Department;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.Tariff;
import io.wattline.store.CatalogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code ./wattline import plant.json}: loads a plant's catalogue (factories, departments, machines,
 * tariffs, carbon factors) into the catalogue table named by the environment, on AWS (the default
 * credentials) or anywhere an endpoint override points. {@code --demo} loads the demo plant's
 * catalogue instead. Validates the whole file before writing anything. Format: docs/CATALOG.md.
 */
public final class CatalogImport {
    private CatalogImport() {}

    /** A factory's tariffs in one file: they and the stored ones they replace go in one transaction (100 items at most). */
    static final int MAX_TARIFFS = 50;

    /** A parsed catalogue file. */
    public record Plant(List<Factory> factories, List<Department> departments, List<Machine> machines,
                        List<Tariff> tariffs, List<CarbonFactor> carbonFactors) {
        public void writeTo(CatalogStore catalog) {
            factories.forEach(catalog::put);
            departments.forEach(catalog::put);
            machines.forEach(catalog::put);
            // a factory's tariffs in the file are its whole tariff history: versions no longer listed go
            tariffs.stream().collect(Collectors.groupingBy(Tariff::factoryId, LinkedHashMap::new,
                    Collectors.toList())).forEach(catalog::replaceTariffs);
            carbonFactors.forEach(catalog::put);
        }
    }

    public static Plant demo() {
        return new Plant(DemoPlant.FACTORIES, DemoPlant.DEPARTMENTS, DemoPlant.MACHINES, DemoPlant.TARIFFS, DemoPlant.CARBON);
    }

    public static Plant parse(String json) {
        JsonNode root = LocalJson.parse(json);
        List<String> errors = new ArrayList<>();
        List<Factory> factories = new ArrayList<>();
        for (JsonNode f : root.path("factories")) {
            String zone = text(f, "timezone", errors);
            try {
                ZoneId.of(zone == null ? "" : zone);
            } catch (RuntimeException e) {
                errors.add("factory " + f.path("name").asText() + ": unknown time zone " + zone);
            }
            factories.add(new Factory(id(f, "id", errors), text(f, "name", errors), f.path("location").asText(""), zone,
                    text(f, "currency", errors), text(f, "carbon_region", errors)));
        }
        List<Department> departments = new ArrayList<>();
        for (JsonNode d : root.path("departments")) {
            departments.add(new Department(id(d, "id", errors), id(d, "factory_id", errors), text(d, "name", errors)));
        }
        List<Machine> machines = new ArrayList<>();
        for (JsonNode m : root.path("machines")) {
            double kw = m.path("rated_power_kw").asDouble(-1);
            if (!(kw > 0)) errors.add("machine " + m.path("name").asText() + ": rated_power_kw must be positive");
            machines.add(new Machine(id(m, "id", errors), id(m, "factory_id", errors),
                    m.hasNonNull("department_id") ? id(m, "department_id", errors) : null, text(m, "name", errors),
                    text(m, "type", errors), kw, m.path("voltage_v").asDouble(400), m.path("frequency_hz").asDouble(50),
                    m.path("is_active").asBoolean(true)));
        }
        List<Tariff> tariffs = new ArrayList<>();
        for (JsonNode t : root.path("tariffs")) {
            List<Tariff.Window> windows = new ArrayList<>();
            for (JsonNode w : t.path("windows")) {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                try {
                    w.path("days").forEach(d -> days.add(DayOfWeek.valueOf(d.asText().toUpperCase(Locale.ROOT))));
                    windows.add(new Tariff.Window(w.path("name").asText("window"), days,
                            LocalTime.parse(w.path("start").asText()), LocalTime.parse(w.path("end").asText()),
                            w.path("rate").asDouble()));
                } catch (RuntimeException e) {
                    errors.add("tariff window " + w + ": " + e.getMessage());
                }
            }
            LocalDate from = null;
            if (t.hasNonNull("effective_from")) {
                try {
                    from = LocalDate.parse(t.path("effective_from").asText());
                } catch (RuntimeException e) {
                    errors.add("tariff of factory " + t.path("factory_id").asText() + ": effective_from must be a date (YYYY-MM-DD), got "
                            + t.path("effective_from"));
                }
            }
            java.util.Set<LocalDate> holidays = new java.util.TreeSet<>();
            if (t.has("holidays") && !t.get("holidays").isArray()) {
                errors.add("tariff of factory " + t.path("factory_id").asText() + ": holidays must be a list of dates (YYYY-MM-DD)");
            }
            for (JsonNode h : t.path("holidays")) {
                try {
                    holidays.add(LocalDate.parse(h.asText()));
                } catch (RuntimeException e) {
                    errors.add("tariff of factory " + t.path("factory_id").asText() + ": a holiday must be a date (YYYY-MM-DD), got " + h);
                }
            }
            tariffs.add(new Tariff(id(t, "factory_id", errors), text(t, "currency", errors), t.path("base_rate").asDouble(),
                    windows, t.path("demand_charge_per_kw").asDouble(0), from, holidays));
        }
        tariffs.stream().filter(t -> t.factoryId() != null)
                .collect(Collectors.groupingBy(Tariff::factoryId)).forEach((factory, versions) -> {
                    if (versions.stream().map(Tariff::effectiveFrom).distinct().count() < versions.size()) {
                        errors.add("factory " + factory + ": two tariffs with the same effective_from (one may have none: in force from the beginning)");
                    }
                    if (versions.size() > MAX_TARIFFS) { // written in one transaction with the ones they replace
                        errors.add("factory " + factory + ": " + versions.size() + " tariffs, at most " + MAX_TARIFFS);
                    }
                    if (versions.stream().map(Tariff::currency).distinct().count() > 1) {
                        errors.add("factory " + factory + ": its tariffs name different currencies " + versions.stream().map(Tariff::currency).distinct().toList());
                    }
                });
        List<CarbonFactor> carbon = new ArrayList<>();
        for (JsonNode c : root.path("carbon_factors")) {
            double kg = c.path("kg_co2_per_kwh").asDouble(-1);
            if (!c.path("kg_co2_per_kwh").isNumber() || kg < 0) {
                errors.add("carbon factor " + c.path("region").asText() + ": kg_co2_per_kwh must be a number >= 0");
            }
            carbon.add(new CarbonFactor(text(c, "region", errors), kg));
        }
        var factoryIds = factories.stream().map(Factory::id).toList();
        machines.forEach(m -> {
            if (m.factoryId() != null && !factoryIds.contains(m.factoryId())) {
                errors.add("machine " + m.name() + ": factory " + m.factoryId() + " is not in the file");
            }
        });
        if (!errors.isEmpty()) throw new IllegalArgumentException("catalogue file has errors:\n  " + String.join("\n  ", errors));
        return new Plant(factories, departments, machines, tariffs, carbon);
    }

    private static String text(JsonNode node, String field, List<String> errors) {
        String v = node.path(field).asText(null);
        if (v == null || v.isBlank()) errors.add(node + ": " + field + " is required");
        return v;
    }

    private static UUID id(JsonNode node, String field, List<String> errors) {
        try {
            return UUID.fromString(node.path(field).asText());
        } catch (RuntimeException e) {
            errors.add(node.path("name").asText("entry") + ": " + field + " must be a UUID");
            return null;
        }
    }

    /** The command line: a file or {@code --demo}, and the local cloud's data folder with {@code --local} (else null). */
    record Args(String source, Path local) {}

    /** The command line's meaning, or null when it is not one. */
    static Args args(String[] args) {
        String source = null;
        Path local = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--local")) {
                // the running local cloud's tables, as ./wattline keys --local finds them
                local = i + 1 < args.length && !args[i + 1].startsWith("--") ? Path.of(args[++i]) : Path.of(".local-cloud");
            } else if (source == null && (args[i].equals("--demo") || !args[i].startsWith("--"))) {
                source = args[i];
            } else {
                return null;
            }
        }
        return source == null ? null : new Args(source, local);
    }

    public static void main(String[] commandLine) throws IOException {
        Args args = args(commandLine);
        if (args == null) {
            System.err.println("usage: ./wattline import <plant.json> | --demo  [--local [DIR]]   (the tables the environment names:"
                    + " TABLE_CATALOG etc. and AWS credentials; --local: the running local cloud's, data folder DIR, default .local-cloud)");
            System.exit(2);
        }
        Plant plant;
        try {
            plant = args.source().equals("--demo") ? demo() : parse(Files.readString(Path.of(args.source())));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e instanceof IOException ? "cannot read " + args.source() + ": " + e : e.getMessage());
            System.exit(1);
            return;
        }
        Map<String, String> env = args.local() == null ? KeyAdmin.awsEnvironment() : new HashMap<>(System.getenv());
        if (args.local() != null) env.putAll(KeyAdmin.readEnv(args.local().resolve("endpoints.env")));
        Settings settings = Settings.from(env);
        try {
            plant.writeTo(new Stores(settings).catalog());
        } catch (RuntimeException e) {
            // unreachable endpoint, missing credentials or table: say so plainly
            System.err.println("import failed, nothing or part of the file written (importing again is safe): " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("imported %d factories, %d departments, %d machines, %d tariffs, %d carbon factors into %s%s%n",
                plant.factories().size(), plant.departments().size(), plant.machines().size(), plant.tariffs().size(),
                plant.carbonFactors().size(), settings.tables().catalog(),
                args.local() == null ? " in " + settings.region() : " (the local cloud of " + args.local() + ")");
    }
}
