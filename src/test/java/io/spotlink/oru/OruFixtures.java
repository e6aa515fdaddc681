package io.spotlink.oru;

import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Shared test material: the real config/ tables, the golden settings, fixture cases, a fake PdfSource. */
final class OruFixtures {

    static final Path CONFIG_DIR = Path.of("config");
    static final Instant MESSAGE_TIME = Instant.parse("2023-11-10T12:00:00Z");

    /** Deterministic "PDF" bytes, so ED golden files are stable. */
    static final PdfSource FAKE_PDF = url -> ("%PDF-1.4\n% fake report for " + url.substring(url.lastIndexOf('/') + 1)
            + "\n%%EOF\n").getBytes(StandardCharsets.UTF_8);

    private OruFixtures() {
    }

    /** One golden case: a verbatim Spot order plus which kit/report to send and the hospital context. */
    record GoldenCase(String description, String kitId, String reportId, String controlId,
                      HospitalOrderContext hospital, Map<String, String> settings, Order order) {

        Kit kit() {
            return order.kits().stream().filter(k -> k.kitId().equals(kitId)).findFirst().orElseThrow();
        }

        /** The named report, else the sample's last one. */
        Report report() {
            List<Report> reports = kit().sample().reports();
            return reportId == null ? reports.get(reports.size() - 1)
                    : reports.stream().filter(r -> reportId.equals(r.reportId())).findFirst().orElseThrow();
        }

        OruInput input() {
            return new OruInput(order, kit(), report(), hospital);
        }

        OruSettings oruSettings() {
            Properties p = goldenProperties();
            if (settings != null) {
                p.putAll(settings);
            }
            return OruSettings.fromProperties(p);
        }
    }

    static CodeMappings mappings() {
        return CodeMappings.load(CONFIG_DIR);
    }

    static OruBuilder builder() {
        return new OruBuilder(mappings(), FAKE_PDF);
    }

    static GoldenCase goldenCase(String name) {
        try (InputStream in = resource("oru/cases/" + name + ".json")) {
            return SpotJson.mapper().readValue(in, GoldenCase.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties goldenProperties() {
        Properties p = new Properties();
        try (InputStream in = resource("oru/oru-test.properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String buildEncoded(String caseName) {
        GoldenCase c = goldenCase(caseName);
        OruBuilder builder = builder();
        return builder.encode(builder.build(c.input(), c.oruSettings(), c.controlId(), MESSAGE_TIME));
    }

    private static InputStream resource(String path) {
        InputStream in = OruFixtures.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }
}
