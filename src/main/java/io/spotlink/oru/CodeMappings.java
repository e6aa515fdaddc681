package io.spotlink.oru;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The terminology tables of {@code config/}: Spot panels and result names to LOINC, reactivity to SNOMED CT,
 * vendor units to UCUM, and (optionally) sample types to specimen codes. Anything unmapped goes out as a local
 * code, never dropped, so a new Spot biomarker still reaches the EHR.
 */
public final class CodeMappings {

    public static final String PANELS_FILE = "loinc-panels.properties";
    public static final String RESULTS_FILE = "loinc-results.properties";
    public static final String REACTIVITY_FILE = "snomed-reactivity.properties";
    public static final String UNITS_FILE = "ucum-units.properties";
    /** Optional: without it, specimen types go out as local codes. */
    public static final String SPECIMEN_TYPES_FILE = "specimen-types.properties";

    private final MappingFile<Coded> panels;
    private final MappingFile<Coded> results;
    private final MappingFile<Coded> reactivity;
    private final MappingFile<Coded> specimenTypes;
    private final UcumUnits units;

    private CodeMappings(MappingFile<Coded> panels, MappingFile<Coded> results, MappingFile<Coded> reactivity,
                         MappingFile<Coded> specimenTypes, UcumUnits units) {
        this.panels = panels;
        this.results = results;
        this.reactivity = reactivity;
        this.specimenTypes = specimenTypes;
        this.units = units;
    }

    /** Loads the tables from a config directory; a missing required file fails at start-up, not per message. */
    public static CodeMappings load(Path configDir) {
        Path specimen = configDir.resolve(SPECIMEN_TYPES_FILE);
        return new CodeMappings(
                MappingFile.load(configDir.resolve(PANELS_FILE), Coded::parse),
                MappingFile.load(configDir.resolve(RESULTS_FILE), Coded::parse),
                MappingFile.load(configDir.resolve(REACTIVITY_FILE), Coded::parse),
                Files.exists(specimen) ? MappingFile.load(specimen, Coded::parse) : MappingFile.empty(),
                new UcumUnits(MappingFile.load(configDir.resolve(UNITS_FILE), String::trim)));
    }

    /** OBR-4 for a Spot panel code: LOINC when mapped, else the panel code as a local code. */
    public Coded panel(String panelCode) {
        return panels.find(panelCode).orElseGet(() -> Coded.local(panelCode.trim()));
    }

    /** OBX-3 for a Spot result name: LOINC when mapped, else the name as a local code. */
    public Coded observation(String resultName) {
        return results.find(resultName).orElseGet(() -> Coded.local(resultName.trim()));
    }

    /** The SNOMED CT code of a reactivity value ({@code positive}, {@code negative}), when configured. */
    public Optional<Coded> reactivity(String value) {
        return reactivity.find(value);
    }

    /** SPM-4 for a Spot sample type. */
    public Coded specimenType(String sampleType) {
        return specimenTypes.find(sampleType).orElseGet(() -> Coded.local(sampleType.trim()));
    }

    public UcumUnits units() {
        return units;
    }
}
