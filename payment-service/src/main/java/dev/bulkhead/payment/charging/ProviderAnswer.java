package dev.bulkhead.payment.charging;

/** What the provider said to one call. */
public sealed interface ProviderAnswer {

    /** Done: charged or refunded, with the provider's id of it ({@code ch_...}, {@code re_...}). */
    record Done(String reference) implements ProviderAnswer {}

    /** The card was declined (402): final, retrying cannot help. */
    record Declined(String code) implements ProviderAnswer {}

    /** The provider refused the request itself (another 4xx): final, and a bug on one side or the other. */
    record Refused(int status, String detail) implements ProviderAnswer {}

    /** 5xx, a timeout or no connection: the outcome is unknown, so the same call (same key) may be repeated. */
    record Unavailable(String detail) implements ProviderAnswer {}
}
