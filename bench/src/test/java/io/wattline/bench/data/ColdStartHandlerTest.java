package io.wattline.bench.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cold-start bench measures jars of earlier builds too: it must find their handler under its former name. */
class ColdStartHandlerTest {
    static Path jar(Path dir, String... classes) throws Exception {
        Path jar = dir.resolve(classes[0].replace('/', '-') + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String c : classes) {
                out.putNextEntry(new JarEntry(c));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarOfTheTwinBuiltBeforeTheRenameIsMeasuredWithItsOldHandler(@TempDir Path dir) throws Exception {
        String current = "io.wattline.twin.TwinFunction";
        assertEquals(current, ColdStart.handlerIn(jar(dir, "io/wattline/twin/TwinFunction.class",
                "io/wattline/http/LambdaFunction.class"), current));
        // the old jar also holds another *Function class in a package that sorts first: the former name wins
        assertEquals("io.wattline.calibration.CalibrationFunction", ColdStart.handlerIn(jar(dir,
                "io/wattline/analytics/SomeFunction.class", "io/wattline/calibration/CalibrationFunction.class",
                "io/wattline/http/LambdaFunction.class"), current));
    }
}
