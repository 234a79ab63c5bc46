/** Reacts to auth-service's UserRegistered by creating the profile, once per event. */
package dev.bulkhead.user.registration;
