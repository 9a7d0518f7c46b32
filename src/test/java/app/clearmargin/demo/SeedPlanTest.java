package app.clearmargin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedPlanTest {

    private static SeedPlan plan(Map<String, Integer> options) {
        return SeedPlan.from((option, fallback) -> options.getOrDefault(option, fallback));
    }

    @Test
    void withoutOptionsItIsThePeersShape() {
        assertThat(plan(Map.of())).isEqualTo(new SeedPlan(50, 200, 500, 10, 2_000, 20_000, 0, 0, 42));
    }

    @Test
    void moreClientsScaleTheRestInTheSameProportions() {
        SeedPlan p = plan(Map.of("clients", 1_000, "time-entries", 1_000_000));
        assertThat(p).isEqualTo(new SeedPlan(1_000, 4_000, 10_000, 10, 40_000, 1_000_000, 0, 0, 42));
    }

    @Test
    void explicitCountsWin() {
        assertThat(plan(Map.of(
                        "clients",
                        5,
                        "contacts",
                        1,
                        "projects",
                        5,
                        "invoices",
                        0,
                        "time-entries",
                        7,
                        "members",
                        2,
                        "proposals",
                        3,
                        "transactions",
                        4,
                        "seed",
                        9)))
                .isEqualTo(new SeedPlan(5, 1, 5, 2, 0, 7, 3, 4, 9));
    }

    @Test
    void impossiblePlansAreRefused() {
        assertThatThrownBy(() -> plan(Map.of("clients", 10, "projects", 9))).hasMessageContaining("default project");
        assertThatThrownBy(() -> plan(Map.of("clients", 0, "contacts", 5))).hasMessageContaining("--clients");
        assertThatThrownBy(() -> plan(Map.of("members", 0))).hasMessageContaining("--members");
        assertThatThrownBy(() -> plan(Map.of("clients", 999_999_999))).hasMessageContaining("too many");
        assertThat(plan(Map.of("clients", 0))).as("only members").isEqualTo(new SeedPlan(0, 0, 0, 10, 0, 0, 0, 0, 42));
    }
}
