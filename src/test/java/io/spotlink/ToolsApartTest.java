package io.spotlink;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator, the demo, the soak and the benchmarks live apart from the production code: no compiled production
 * class refers to them (the launcher starts them by class name). Reads each class file's constant pool, where every
 * class, field and method a class refers to is named.
 */
class ToolsApartTest {

    private static final Pattern TOOL = Pattern.compile("io/spotlink/(sim|demo|bench|soak)/");

    @Test
    void noProductionClassRefersToTheSimulatorDemoSoakOrBenchmarks() throws Exception {
        Path classes = Path.of(SpotlinkCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int production = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (TOOL.matcher(name).lookingAt()) {
                    continue;
                }
                production++;
                for (String constant : utf8Constants(file)) {
                    if (TOOL.matcher(constant).find()) {
                        offenders.add(name + " -> " + constant);
                    }
                }
            }
        }
        assertThat(production).as("production classes scanned").isGreaterThan(100);
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScanSeesAReferenceWhereThereIsOne() throws Exception {
        // a tool class refers to the simulator: the same scan must report it, or the test above proves nothing
        Path demo = Path.of(io.spotlink.demo.Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/spotlink/demo/Demo.class");
        assertThat(utf8Constants(demo)).anyMatch(c -> c.contains("io/spotlink/sim/"));
    }

    /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4): class names, descriptors, string literals. */
    private static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> utf8 = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.add(in.readUTF());
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // longs and doubles take two entries
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return utf8;
    }
}
