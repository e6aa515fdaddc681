package io.spotlink.status;

import io.spotlink.delivery.DeliveryDestinations;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which status milestones each ORU destination takes: {@code spotlink.destination.<name>.milestones} = {@code none}
 * (the default: exceptions only), {@code all}, or a comma-separated list of shipped, delivered, registered, received
 * ({@code true}/{@code false} mean all/none). Bad news goes to every destination whatever this says.
 */
public final class Milestones {

    private final Function<String, Optional<String>> find;

    public Milestones(Function<String, Optional<String>> find) {
        this.find = find;
    }

    /** The key of a destination's milestones. */
    public static String key(String destination) {
        return DeliveryDestinations.PREFIX + destination + ".milestones";
    }

    /** The milestones destination {@code name} takes; an unknown word is refused (at start, so it is seen). */
    public Set<KitNews.Milestone> of(String destination) {
        return parse(key(destination), find.apply(key(destination)).orElse("none"));
    }

    static Set<KitNews.Milestone> parse(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("none") || v.equals("false")) {
            return EnumSet.noneOf(KitNews.Milestone.class);
        }
        if (v.equals("all") || v.equals("true")) {
            return EnumSet.allOf(KitNews.Milestone.class);
        }
        Set<KitNews.Milestone> set = EnumSet.noneOf(KitNews.Milestone.class);
        for (String word : v.split(",")) {
            String w = word.strip();
            if (w.isEmpty()) {
                continue;
            }
            set.add(Arrays.stream(KitNews.Milestone.values()).filter(m -> m.name().equalsIgnoreCase(w)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(key + " must be none, all, or a list of "
                            + "shipped, delivered, registered, received; '" + w + "' is none of these")));
        }
        return set;
    }
}
