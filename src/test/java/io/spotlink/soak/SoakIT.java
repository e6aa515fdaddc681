package io.spotlink.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI-size soak (run by {@code mvn verify}, so by .ci/run): 200 orders over the four channels into the bundle
 * running as a child process with an H2 ledger, Spot's faults on, two SIGKILLs and an EHR outage. Fails on any
 * loss, duplicate, out-of-order delivery or anything stuck.
 */
class SoakIT {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void ciSizeSoakLosesNothingAndDuplicatesNothing() throws Exception {
        Path work = Path.of("target", "soak-ci");
        SoakResult result = Soak.run(SoakPlan.ci().withWorkDir(work).withReport(work.resolve("reliability.md"))
                .withCommand("mvn verify (SoakIT)"));
        System.out.println(result.summary());

        assertThat(result.killCount()).as("SIGKILLs of the bundle").isEqualTo(2);
        assertThat(result.ehrOutageAt()).as("the EHR outage happened").isGreaterThanOrEqualTo(0);
        assertThat(result.reconciliation().lost()).as("source orders with no Spot order").isEmpty();
        assertThat(result.reconciliation().duplicated()).as("source orders with several Spot orders").isEmpty();
        assertThat(result.reconciliation().mllpMissing()).as("report versions that never reached the EHR").isEmpty();
        assertThat(result.reconciliation().mllpDuplicates()).as("report versions the EHR accepted twice").isEmpty();
        assertThat(result.reconciliation().fileMissing()).as("report versions missing from the outbox").isEmpty();
        assertThat(result.reconciliation().fileDuplicates()).as("report versions written twice").isEmpty();
        assertThat(result.reconciliation().outOfOrder()).as("a patient's results out of order").isEmpty();
        assertThat(result.stuck()).as("orders or deliveries stuck in the ledger, files left in the inbox").isZero();
        assertThat(result.reconciliation().expectedVersions()).as("results were produced at all").isPositive();
        assertThat(result.passed()).isTrue();
    }
}
