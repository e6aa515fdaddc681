package io.spotlink.spot.model;

/** A postal address as Spot's Address schema defines it. */
public record Address(String street1, String street2, String city, String state, String country, String zip) {
}
