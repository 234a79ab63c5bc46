/** user-service: owns user profiles, created from auth-service's UserRegistered events. */
package dev.bulkhead.user;
