package dev.bulkhead.gateway.overview;

/** The composed answer: 200 whenever the caller is authenticated, whatever its parts say. */
record Overview(Part user, Part recentOrders, Part notifications) {}
