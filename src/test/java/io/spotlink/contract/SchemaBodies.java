package io.spotlink.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generates JSON bodies by walking a schema of the seed OpenAPI (no field list of its own): every property, type,
 * enum, format, nullable and oneOf comes from the document. Besides what the schema allows (missing optionals, null
 * where nullable, empty arrays, extra fields, long and unicode strings) it applies, now and then, the deviations a
 * real Spot sends and Spotlink tolerates; each body says which ones it carries.
 */
final class SchemaBodies {

    /** Deviations from the seed that Spotlink reads anyway (README, "Spot compatibility"). */
    enum Deviation {
        /** a number where the schema says string (e.g. range_minimum: 20) */
        NUMBER_FOR_STRING,
        /** a string where the schema says number (e.g. range_maximum: "200" or "n/a") */
        STRING_FOR_NUMBER,
        /** null for a property that is not nullable */
        NULL_NOT_NULLABLE,
        /** a null entry in an array whose items are not nullable */
        NULL_ITEM,
        /** an enum value the seed does not list (a status, result_type, carrier, sample type, sex) */
        UNKNOWN_ENUM
    }

    /** A generated body and the deviations it carries (none: the schema allows it). */
    record Body(JsonNode json, Set<Deviation> deviations) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> UNKNOWN_WORDS = List.of("on_hold", "archived", "lost_in_transit", "microbiome",
            "dhl", "X", "U", "new_tube", "PENDING", "Resulted", "");
    private static final List<String> TEXTS = List.of("HDL Cholesterol", "Vitamin B12", "mg/dL", "see comment",
            "QNS", "<10", ">=5.0", "123", "0.05", "Zoë Ñúñez", "测试 血液", "مرحبا بالعالم", "🧪🩸 ok", "a|b^c~d\\e&f",
            "line one\nline two\r\nline three", " ", "", "\t", "Straße", "\u202Eevil", "x".repeat(300));

    private final SeedOpenApi seed;
    private final Random random;
    private final Set<Deviation> deviations = EnumSet.noneOf(Deviation.class);
    private final double deviationRate;

    SchemaBodies(SeedOpenApi seed, Random random, double deviationRate) {
        this.seed = seed;
        this.random = random;
        this.deviationRate = deviationRate;
    }

    Body generate(String schemaName) {
        deviations.clear();
        JsonNode json = node(seed.schema(schemaName), 0);
        return new Body(json, EnumSet.copyOf(deviations.isEmpty() ? EnumSet.noneOf(Deviation.class) : deviations));
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private boolean deviate(Deviation d) {
        if (chance(deviationRate)) {
            deviations.add(d);
            return true;
        }
        return false;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private JsonNode node(Schema raw, int depth) {
        Schema s = seed.resolve(raw);
        if (s.getOneOf() != null && !s.getOneOf().isEmpty()) {
            List<Schema> options = s.getOneOf();
            return node(options.get(random.nextInt(options.size())), depth);
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()) {
            return enumValue(s);
        }
        String type = s.getType() != null ? s.getType() : s.getProperties() != null ? "object" : "string";
        return switch (type) {
            case "object" -> object(s, depth);
            case "array" -> array(s, depth);
            case "number", "integer" -> deviate(Deviation.STRING_FOR_NUMBER) ? NODES.textNode(numberText()) : number();
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            default -> deviate(Deviation.NUMBER_FOR_STRING) ? number() : NODES.textNode(string(s));
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private ObjectNode object(Schema s, int depth) {
        ObjectNode o = NODES.objectNode();
        Map<String, Schema> properties = s.getProperties() == null ? Map.of() : s.getProperties();
        List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
        for (Map.Entry<String, Schema> p : properties.entrySet()) {
            Schema ps = seed.resolve(p.getValue());
            boolean discriminator = ps.getEnum() != null && ps.getEnum().size() == 1; // result_type of a oneOf
            if (!required.contains(p.getKey()) && !discriminator && chance(0.15)) {
                continue; // a missing optional
            }
            if (!required.contains(p.getKey()) && !discriminator && chance(0.08)) {
                if (Boolean.TRUE.equals(ps.getNullable()) || deviate(Deviation.NULL_NOT_NULLABLE)) {
                    o.putNull(p.getKey());
                    continue;
                }
            }
            if (Boolean.TRUE.equals(ps.getNullable()) && chance(0.1)) {
                o.putNull(p.getKey());
                continue;
            }
            o.set(p.getKey(), node(p.getValue(), depth + 1));
        }
        if (chance(0.2)) { // fields Spot adds later; the seed does not forbid them
            o.put("added_later_" + random.nextInt(100), string(null));
            if (chance(0.5)) {
                o.putObject("added_object").put("n", random.nextInt()).putArray("list").add(1).addNull();
            }
        }
        return o;
    }

    @SuppressWarnings("rawtypes")
    private ArrayNode array(Schema s, int depth) {
        ArrayNode a = NODES.arrayNode();
        int size = chance(0.25) ? 0 : 1 + random.nextInt(depth > 2 ? 2 : 3);
        Schema items = seed.resolve(s.getItems());
        for (int i = 0; i < size; i++) {
            boolean nullable = Boolean.TRUE.equals(items.getNullable());
            if (chance(0.1) && (nullable || deviate(Deviation.NULL_ITEM))) {
                a.addNull();
            } else {
                a.add(node(s.getItems(), depth + 1));
            }
        }
        return a;
    }

    @SuppressWarnings("rawtypes")
    private JsonNode enumValue(Schema s) {
        List<?> values = s.getEnum();
        if (s.getType() != null && !"string".equals(s.getType())) {
            return NODES.numberNode(new BigDecimal(values.get(random.nextInt(values.size())).toString()));
        }
        if (deviate(Deviation.UNKNOWN_ENUM)) {
            return NODES.textNode(chance(0.7) ? UNKNOWN_WORDS.get(random.nextInt(UNKNOWN_WORDS.size()))
                    : TEXTS.get(random.nextInt(TEXTS.size())) + "x".repeat(random.nextInt(60)));
        }
        return NODES.textNode(String.valueOf(values.get(random.nextInt(values.size()))));
    }

    @SuppressWarnings("rawtypes")
    private String string(Schema s) {
        String format = s == null ? null : s.getFormat();
        if ("date-time".equals(format)) {
            Instant t = Instant.ofEpochSecond(-2_000_000_000L + (long) (random.nextDouble() * 6_000_000_000L),
                    random.nextInt(1000) * 1_000_000L);
            var offset = chance(0.7) ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds((random.nextInt(49) - 24) * 1800);
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(offset));
        }
        if ("date".equals(format)) {
            return LocalDate.ofEpochDay(-20_000 + random.nextInt(40_000)).toString();
        }
        if ("uuid".equals(format)) {
            return UUID.randomUUID().toString();
        }
        if ("url".equals(format) || "uri".equals(format)) {
            return "https://app.spotkits.com/results/" + UUID.randomUUID() + (random.nextBoolean() ? ".pdf" : ".txt");
        }
        return switch (random.nextInt(6)) {
            case 0 -> "SPOT" + (100_000 + random.nextInt(900_000));
            case 1 -> numberText();
            case 2 -> longText();
            default -> TEXTS.get(random.nextInt(TEXTS.size()));
        };
    }

    private String longText() {
        StringBuilder b = new StringBuilder();
        int n = 200 + random.nextInt(1200);
        while (b.length() < n) {
            b.append(TEXTS.get(random.nextInt(TEXTS.size()))).append(' ');
        }
        return b.toString();
    }

    private JsonNode number() {
        return switch (random.nextInt(4)) {
            case 0 -> NODES.numberNode(random.nextInt(1000));
            case 1 -> NODES.numberNode(BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(4)));
            case 2 -> NODES.numberNode(random.nextDouble() * 1e6);
            default -> NODES.numberNode(new BigDecimal(random.nextInt(10) + "E" + (random.nextInt(12) - 6)));
        };
    }

    private String numberText() {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(1000));
            case 1 -> BigDecimal.valueOf(random.nextInt(100_000), 2).toPlainString();
            case 2 -> "n/a";
            case 3 -> " 20 ";
            default -> "1e3";
        };
    }
}
