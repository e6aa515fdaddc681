package io.spotlink.sim;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** What each kit type measures, and how the simulator invents plausible results for it. */
final class ResultCatalogue {

    /** One biomarker template; {@code generate} draws its value. */
    record Analyte(String type, String name, String unit, Double min, Double max, Generator generate) {
    }

    @FunctionalInterface
    interface Generator {
        Object value(Random random);
    }

    /** One result as Spot reports it; value is a Double (a JSON number) or a String. */
    record SimResult(String type, String name, Object value, String unit, Double min, Double max, String comments) {
    }

    record KitProfile(String sampleType, List<String> panels, List<Analyte> analytes) {
    }

    private static final String SPECIAL_COMMENT =
            "Fasting | non-fasting unknown ^ see lab note ~ retest \\ in 3 months & hydrate; résultat vérifié";

    private static final Map<String, KitProfile> PROFILES = Map.of(
            "health_kit_1", new KitProfile("adx100", List.of("LIPID-PANEL", "HBA1C"), List.of(
                    new Analyte("quantity", "HDL Cholesterol", "mg/dL", 20.0, 200.0, r -> (double) (25 + r.nextInt(160))),
                    new Analyte("quantity", "Total Cholesterol", "mg/dL", 100.0, 199.0, r -> (double) (120 + r.nextInt(140))),
                    new Analyte("quantity", "Vitamin B12", "pg/mL", 20.0, 200.0, r -> r.nextBoolean() ? "<10" : ">200"),
                    new Analyte("quantity", "hs-CRP", "mg/L", 0.0, 3.0, r -> r.nextBoolean() ? "<=0.3" : ">=10"),
                    new Analyte("quantity", "HbA1c", "%", 4.0, 5.6, r -> Math.round((4.2 + r.nextDouble() * 3) * 10) / 10.0),
                    new Analyte("quantity", "Homocysteine", "µmol/L", 5.0, 15.0, r -> (double) (4 + r.nextInt(14))),
                    new Analyte("quantity", "Lipemia index", null, null, null, r -> "not detected"),
                    new Analyte("genotype", "rs1801133", null, null, null,
                            r -> List.of("CC", "CT", "TT").get(r.nextInt(3))))),
            "sti_kit", new KitProfile("dry_transport_swab", List.of("STI-PANEL"), List.of(
                    new Analyte("reactivity", "Chlamydia", null, null, null, r -> r.nextInt(4) == 0 ? "positive" : "negative"),
                    new Analyte("reactivity", "Gonorrhea", null, null, null, r -> "negative"),
                    new Analyte("reactivity", "Trichomoniasis", null, null, null, r -> "negative"))),
            "vitamin_d_kit", new KitProfile("hemaspot_hf", List.of("VITD"), List.of(
                    new Analyte("quantity", "Vitamin D 25-OH", "ng/mL", 30.0, 100.0,
                            r -> r.nextInt(5) == 0 ? ">150" : (double) (12 + r.nextInt(70))))));

    private static final KitProfile GENERIC = new KitProfile("saliva_3", List.of("GENERAL"), List.of(
            new Analyte("quantity", "Cortisol", "ug/dL", 3.0, 23.0, r -> (double) (2 + r.nextInt(25))),
            new Analyte("genotype", "rs1234567", null, null, null, r -> "AG")));

    private ResultCatalogue() {
    }

    static KitProfile profile(String kitType) {
        return PROFILES.getOrDefault(kitType, GENERIC);
    }

    static List<SimResult> draw(KitProfile profile, Random random) {
        return profile.analytes().stream().map(a -> {
            Object value = a.generate().value(random);
            String comment = comment(a, value, random);
            return new SimResult(a.type(), a.name(), value, a.unit(), a.min(), a.max(), comment);
        }).toList();
    }

    private static String comment(Analyte analyte, Object value, Random random) {
        if ("positive".equals(value)) {
            return "Positive result: treatment & partner notification recommended";
        }
        if (analyte.name().equals("Homocysteine")) {
            return SPECIAL_COMMENT;
        }
        return random.nextInt(4) == 0 ? "Sample quality acceptable" : null;
    }

    /** The corrected result an amendment carries: a different value, and a comment saying so. */
    static SimResult amend(SimResult original) {
        Object corrected = original.value() instanceof Double d ? d + 7 : "positive".equals(original.value())
                ? "negative" : original.value();
        return new SimResult(original.type(), original.name(), corrected, original.unit(), original.min(),
                original.max(), "Corrected result: replaces the value reported earlier");
    }
}
