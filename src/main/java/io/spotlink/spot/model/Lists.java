package io.spotlink.spot.model;

import java.util.List;
import java.util.Objects;

/** Spot's arrays as Spotlink reads them: absent or null is empty, and null entries (the schema allows them) are dropped. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> present(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
