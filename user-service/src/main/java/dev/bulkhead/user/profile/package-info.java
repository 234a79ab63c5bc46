/** A user's profile: reading it and changing the fields its owner may change. */
package dev.bulkhead.user.profile;
