/** GET /api/v1/me/overview: the caller's profile, recent orders and notifications, composed in parallel; a failing part degrades only itself. */
package dev.bulkhead.gateway.overview;
