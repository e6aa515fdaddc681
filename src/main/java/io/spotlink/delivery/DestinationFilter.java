package io.spotlink.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which reports a destination takes. Each list left empty lets every report through; a report must pass every list
 * that is set (kit type AND test code AND source system), matching any one entry of it. Kit types and test codes
 * are compared case-insensitively (as test-codes.properties does); source systems exactly.
 *
 * @param kitTypes      Spot kit types of the report's kit (e.g. sti_kit)
 * @param testCodes     test codes the hospital ordered (e.g. STI, CT-NG)
 * @param sourceSystems the ordering system (the order's source_system)
 */
public record DestinationFilter(Set<String> kitTypes, Set<String> testCodes, Set<String> sourceSystems) {

    public static final DestinationFilter ALL = new DestinationFilter(Set.of(), Set.of(), Set.of());

    public DestinationFilter {
        kitTypes = lower(kitTypes);
        testCodes = lower(testCodes);
        sourceSystems = Set.copyOf(sourceSystems);
    }

    public boolean accepts(ReportContext report) {
        return (kitTypes.isEmpty() || kitTypes.contains(lower(report.kit().type())))
                && (testCodes.isEmpty() || orderedCodes(report).stream().anyMatch(testCodes::contains))
                && (sourceSystems.isEmpty() || sourceSystems.contains(report.sourceSystem()));
    }

    private static List<String> orderedCodes(ReportContext report) {
        return report.hospitalOrder() == null ? List.of()
                : report.hospitalOrder().testCodes().stream().map(DestinationFilter::lower).toList();
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(DestinationFilter::lower).collect(Collectors.toUnmodifiableSet());
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
