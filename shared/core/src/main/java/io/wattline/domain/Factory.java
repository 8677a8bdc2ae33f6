package io.wattline.domain;

import java.util.UUID;

/** A plant: its local time zone drives tariffs and local-day KPIs; its region the carbon factor. */
public record Factory(UUID id, String name, String location, String timezone, String currency, String carbonRegion) {}
